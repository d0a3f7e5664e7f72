"""What the evaluation remembers per rule base (parsed expressions, where a rule sits, which cited texts have an
unread next version) gives the answer it would compute afresh, and never another rule base's."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date
from pathlib import Path

from creances_rules import evaluate
from creances_rules.evaluation.evaluate import _expression, _why, default_rulebook
from creances_rules.rulebook.book import _as_expr
from creances_rules.rulebook.engines.python_engine import explain
from creances_rules.rulebook.schema import CalculatorCall, FactRef

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_portfolio import synthetic  # noqa: E402

B2B = {"creancier": {"qualite": "professionnel", "commercant": True},
       "debiteur": {"qualite": "professionnel", "commercant": True},
       "factures": [{"numero": "F1", "montant_ttc": 9000, "date_emission": "2026-03-02",
                     "date_echeance": "2026-04-01"}],
       "evenements": [{"type": "mise_en_demeure", "date": "2026-04-15", "forme": "lrar"}]}


def test_a_parsed_expression_is_the_parse_of_the_dict_given_not_of_another():
    book = default_rulebook()
    a, b = {"fact": "as_of"}, {"fact": "montant_total"}
    assert _expression(book, a) == _as_expr(a) == FactRef(fact="as_of")
    assert _expression(book, b) == FactRef(fact="montant_total")
    assert _expression(book, a) is _expression(book, a)  # parsed once
    call = {"calculator": "date_conseillee", "args": {"depart": {"fact": "as_of"}, "jours": 8}}
    parsed = _expression(book, call)
    assert isinstance(parsed, CalculatorCall) and parsed.calculator == "date_conseillee"
    assert _expression(book, parsed.args["depart"]) == FactRef(fact="as_of")
    assert _expression(book, 5) == 5 and _expression(book, [1]) == [1]


def test_an_action_reads_the_facts_of_its_own_stratum():
    # `why` of each action = what `explain` reads on the view of the rule's stratum (looked up once per rule base)
    a = evaluate(B2B, "2026-06-01", engine="python", trace=False)
    context = a._context
    for action in a.actions:
        rule = context.book.rules[action.rule].rule
        phase = "consequence" if any(action.rule in s for s in context.book.strata["consequence"]) else "qualification"
        views = [context.results[phase].views[i] for i, s in enumerate(context.book.strata[phase]) if action.rule in s]
        read = explain(rule.when, views[0]).read
        assert action.why == [_why(k, v) for k, v in read.items()]
    assert any(action.why for action in a.actions)


def test_unread_versions_are_those_of_the_rule_base_evaluated():
    book = default_rulebook()
    assert any(w.code == "version_non_lue" for w in evaluate(B2B, "2027-01-04", engine="python").warnings)
    # the same catalogue where L441-10's next version is read: no warning for it, though the default rule base
    # (evaluated first, its unread versions remembered) has one
    citations = {k: dict(r) for k, r in book.citations.items()}
    for key in ("c_com_l441_10", "c_com_l441_9"):
        citations[key]["version_suivante"] = {**citations[key]["version_suivante"], "lue": True}
    lue = dataclasses.replace(book, citations=citations)
    a = evaluate(B2B, "2027-01-04", rules=lue, engine="python")
    assert not any(w.code == "version_non_lue" and w.citations[0].key in ("c_com_l441_10", "c_com_l441_9")
                   for w in a.warnings)
    assert a.valable_jusqu_au is None or a.valable_jusqu_au >= date(2027, 1, 4)
    again = evaluate(B2B, "2027-01-04", engine="python")
    assert any(w.code == "version_non_lue" and w.citations[0].key == "c_com_l441_10" for w in again.warnings)
    # before 1 Jan 2027, the next unread version bounds the validity (one day before it)
    assert evaluate(B2B, "2026-12-01", engine="python").valable_jusqu_au <= date(2026, 12, 31)
    assert evaluate(B2B, "2026-12-01", rules=lue, engine="python").valable_jusqu_au is not None


def test_the_prepared_why_is_the_facts_read_in_words_on_every_view():
    # `_pourquoi` (wording prepared per rule) = `_why` over `read_values`, for every rule on every view evaluated
    from creances_rules.evaluation.evaluate import _pourquoi
    from creances_rules.rulebook.engines.python_engine import read_values

    checked, kinds = 0, set()
    for dossier in [B2B, *synthetic(12, seed=21)]:
        a = evaluate(dossier, "2026-06-01", engine="python", trace=False)
        context = a._context
        for phase, result in context.results.items():
            for index, stratum in enumerate(context.book.strata[phase]):
                view = result.views[index]
                for rid in stratum:
                    expected = [_why(k, v) for k, v in read_values(context.book, rid, view).items()]
                    assert _pourquoi(context.book, rid, view) == expected, rid
                    checked += bool(expected)
                    kinds |= {line.split(" ")[0] for line in expected}
    assert checked > 100
    assert {"établi", "non"} <= kinds and len(kinds) > 10  # both a flag's sentences, and facts by name


def test_the_trace_is_each_rule_explained_afresh_on_its_stratum_view():
    # `_trace` (facts read and formatted once per stratum, explanations memoised, items validated as one list) =
    # the plain `explain` of every rule on its view, for a cold and a warm cache, with both engines
    from creances_rules.evaluation.evaluate import _fmt

    statuses = set()
    for dossier in [B2B, *synthetic(10, seed=5), B2B]:
        for engine in ("python", "durable"):
            a = evaluate(dossier, "2026-06-01", engine=engine, trace=True)
            context, rows = a._context, iter(a.trace)
            for phase, result in context.results.items():
                for index, stratum in enumerate(context.book.strata[phase]):
                    for rid in stratum:
                        t, outcome = next(rows), explain(context.book.rules[rid].rule.when, result.views[index])
                        shown = rid not in result.fired and rid not in result.overridden
                        status = ("fired" if rid in result.fired else "overridden" if rid in result.overridden
                                  else "undetermined" if outcome.value is None else "not_applicable")
                        assert (t.rule, t.phase, t.status) == (rid, phase, status)
                        assert t.title == context.book.rules[rid].rule.title
                        assert t.failed_condition == (outcome.failed if shown else None)
                        assert t.values_read == {k: _fmt(v) for k, v in outcome.read.items()}
                        assert t.missing_facts == (outcome.missing if status == "undetermined" else [])
                        assert t.overridden_by == result.overridden.get(rid, [])
                        statuses.add(status)
            assert next(rows, None) is None
    assert {"fired", "not_applicable", "undetermined"} <= statuses
