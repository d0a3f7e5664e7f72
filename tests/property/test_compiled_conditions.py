"""The compiled conditions of the Python evaluator and the precompiled ``why`` of actions give exactly
what the interpreter (`_value`) and the explanation (`explain`) give, on every view of every rule."""

from __future__ import annotations

from hypothesis import given, settings

from creances_rules.rulebook.engines.python_engine import (
    PythonEngine,
    _value,
    compiled,
    explain,
    explain_cached,
    _compile_lean,
    _reads,
    read_values,
)
from creances_rules.evaluation.evaluate import _Evaluation, default_rulebook
from creances_rules.models.loading import load_dossier

from .strategies import dossiers


@settings(max_examples=30)
@given(dossiers())
def test_compiled_conditions_and_reads_equal_the_interpreter(case):
    dossier, as_of = case
    book = default_rulebook()
    evaluation = _Evaluation(book, PythonEngine(), load_dossier(dossier), as_of)
    evaluation.run(False)
    tests = compiled(book)
    for phase, result in evaluation.results.items():
        for index, stratum in enumerate(book.strata[phase]):
            view = result.views[index]
            for rid in stratum:
                when = book.rule(rid).when
                assert tests[rid](view) == _value(when, view), rid
                expected = explain(when, view)
                assert read_values(book, rid, view) == expected.read, rid
                # the compiled explanation (what explain_cached runs on a miss)
                assert _compile_lean(when)(view) == (expected.value, expected.failed, tuple(expected.missing)), rid
                assert explain_cached(book, rid, view) == expected, rid


# Random conditions on random facts, beyond the shipped rules: every shape (all, any, not, established,
# each operator, a fact compared with another fact), every value unknown or known.
from datetime import date  # noqa: E402
from decimal import Decimal  # noqa: E402

from hypothesis import strategies as st  # noqa: E402

from creances_rules.rulebook.schema import parse_condition  # noqa: E402

_MONEY = st.sampled_from([Decimal("0"), Decimal("10.50"), Decimal("99")])
_DAYS = st.sampled_from([date(2024, 1, 1), date(2024, 6, 30)])
_FACTS = {"m1": _MONEY, "m2": _MONEY, "d1": _DAYS, "d2": _DAYS, "t": st.sampled_from(["a", "b"]),
          "b": st.booleans()}
_LITERALS = {"m1": st.sampled_from([0, 10.5, "99"]), "m2": st.sampled_from([0, 10.5]),
             "d1": st.sampled_from(["2024-01-01", "2024-06-30"]), "d2": st.sampled_from(["2024-06-30"]),
             "t": st.sampled_from(["a", "b"]), "b": st.booleans()}


def _leaf() -> st.SearchStrategy:
    def comparison(fact: str) -> st.SearchStrategy:
        ops = ["eq", "ne"] if fact in ("t", "b") else ["eq", "ne", "lt", "le", "gt", "ge"]
        literal = st.builds(lambda op, v: {"fact": fact, op: v}, st.sampled_from(ops), _LITERALS[fact])
        same_type = {"m1": "m2", "m2": "m1", "d1": "d2", "d2": "d1"}.get(fact)
        other = st.builds(lambda op: {"fact": fact, op: {"fact": same_type}}, st.sampled_from(ops)) \
            if same_type else st.nothing()
        within = st.builds(lambda vs: {"fact": fact, "in": vs}, st.lists(_LITERALS[fact], min_size=1, max_size=3))
        present = st.builds(lambda p: {"fact": fact, "present": p}, st.booleans())
        return literal | other | within | present

    established = st.builds(lambda c: {"established": c}, st.sampled_from(["x", "y"]))
    return st.sampled_from(sorted(_FACTS)).flatmap(comparison) | established


_CONDITIONS = st.recursive(
    _leaf(),
    lambda inner: st.builds(lambda cs: {"all": cs}, st.lists(inner, max_size=3))
    | st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3))
    | st.builds(lambda c: {"not": c}, inner),
    max_leaves=8,
)


@st.composite
def _views(draw) -> dict:
    view = {name: draw(st.none() | strategy) for name, strategy in _FACTS.items()}
    for code in ("x", "y"):
        if draw(st.booleans()):
            view["established:" + code] = True
    return view


@given(_CONDITIONS, _views())
def test_the_compiled_explanation_equals_the_explanation(raw, view):
    cond = parse_condition(raw)
    expected = explain(cond, view)
    assert _compile_lean(cond)(view) == (expected.value, expected.failed, tuple(expected.missing))
    reads: dict[str, bool] = {}
    _reads(cond, reads)  # what read_values reads, in its order
    assert {key: (view.get(key) is True) if flag else view.get(key) for key, flag in reads.items()} == expected.read


@settings(max_examples=30)
@given(dossiers())
def test_skipping_strata_that_cannot_hold_changes_no_conclusion(case):
    """`run_phase` does not send the engine a stratum whose rules all need a conclusion not established.
    Sending every stratum (no rule needs anything) must give the same fired rules, exceptions and
    conclusions, phase by phase — on both engines, since the skip is shared."""
    from creances_rules.rulebook.engines import base

    dossier, as_of = case
    book = default_rulebook()
    loaded = load_dossier(dossier)
    skipping = _Evaluation(book, PythonEngine(), loaded, as_of)
    skipping.run(False)
    everything = {rid: frozenset() for rid in book.rules}
    original = base.required_conclusions
    base.required_conclusions = lambda _book: everything
    try:
        sending_all = _Evaluation(book, PythonEngine(), loaded, as_of)
        sending_all.run(False)
    finally:
        base.required_conclusions = original
    for phase in skipping.results:
        a, b = skipping.results[phase], sending_all.results[phase]
        assert (a.fired, a.overridden, a.established) == (b.fired, b.overridden, b.established), phase


def test_the_explanation_cache_never_answers_with_another_dossier_s_values_or_types():
    # Keyed by the values and their types: Decimal("6000") and Decimal("6000.0000") share an outcome, but the
    # values `read` shows are always the view's own; True / 1 / Decimal(1) never share one.
    from creances_rules import evaluate

    book = default_rulebook()
    dossier = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
               "factures": [{"numero": "F1", "montant_ttc": 6000, "date_emission": "2025-01-01",
                             "date_echeance": "2025-01-31"}]}
    context = evaluate(dossier, "2025-03-03", rules=book, engine="python", trace=False)._context
    checked = 0
    for phase, result in context.results.items():
        for index, stratum in enumerate(book.strata[phase]):
            view = result.views[index]
            for rid in stratum:
                for key, value in view.items():
                    if not isinstance(value, Decimal) or key not in read_values(book, rid, view):
                        continue
                    for variant in (value.quantize(Decimal("0.0001")), value + 1, True, int(value)):
                        other = dict(view, **{key: variant})
                        got = explain_cached(book, rid, other)
                        assert got == explain(book.rule(rid).when, other), (rid, key, variant)
                        assert repr(got.read[key]) == repr(variant)
                        checked += 1
    assert checked > 20
