"""The durable-rules adapter: one test per trap measured in shared/engine/durable-rules-probe.md."""

from __future__ import annotations

import gc
import json
import threading
import warnings
from datetime import date
from decimal import Decimal

import pytest

from creances_rules import load_rulebook

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine as de
from creances_rules.rulebook.engines.base import run_phase
from creances_rules.rulebook.engines.python_engine import PythonEngine
from creances_rules._base.errors import EngineError
from creances_rules.rulebook.schema import parse_condition

pytestmark = pytest.mark.skipif(not de.available(), reason=f"durable-rules indisponible : {de.IMPORT_ERROR}")

B2B = {
    "creancier": {"qualite": "professionnel"},
    "debiteur": {"qualite": "professionnel"},
    "factures": [{"numero": "F1", "montant_ttc": 6000, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"}],
}
PAID = {**B2B, "paiements": [{"date": "2025-01-20", "montant": 6000}]}


def _fired(a):
    return sorted(t.rule for t in a.trace if t.status == "fired")


def test_an_evaluation_where_no_rule_fires_does_not_crash():
    # durable 2.0.28 frees uninitialised pointers when deleting a session in which no action ever ran;
    # the adapter deletes a session only once an action loop has run in it. A fully paid invoice,
    # evaluated many times, fires no consequence rule; then its rulesets are freed.
    book = load_rulebook()
    engine = de.DurableEngine()
    book.__dict__.setdefault("_engines", {})["durable"] = engine
    for _ in range(300):
        a = evaluate(PAID, "2025-03-03", rules=book, engine="durable")
    assert a.findings == [] and a.actions == []
    assert any(not n.actions_ran for nets in engine._compiled.values() for n in nets)
    engine.close()


def test_no_state_leaks_between_dossiers():
    # One fixed session per worker, deleted after each evaluation: B alone == B after A.
    alone = evaluate(PAID, "2025-03-03", engine="durable").to_dict()
    evaluate(B2B, "2025-03-03", engine="durable")
    after = evaluate(PAID, "2025-03-03", engine="durable").to_dict()
    assert alone == after


def test_many_evaluations_stay_within_the_session_limit():
    # The 1,025th live session of a ruleset segfaults: sessions must never accumulate.
    for i in range(1100):
        evaluate(B2B if i % 2 else PAID, "2025-03-03", engine="durable")


def test_both_engines_agree_on_a_worked_case():
    py = evaluate(B2B, "2025-03-03", engine="python").to_dict()
    du = evaluate(B2B, "2025-03-03", engine="durable").to_dict()
    py.pop("engine"), du.pop("engine")
    assert py == du


def test_threads_share_one_engine_safely():
    expected = {name: _fired(evaluate(d, "2025-03-03", engine="python")) for name, d in (("a", B2B), ("b", PAID))}
    errors, results = [], []

    def work(name, dossier):
        try:
            for _ in range(40):
                results.append((name, _fired(evaluate(dossier, "2025-03-03", engine="durable"))))
        except Exception as exc:  # pragma: no cover - would be the bug
            errors.append(exc)

    threads = [threading.Thread(target=work, args=p) for p in (("a", B2B), ("b", PAID)) * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(fired == expected[name] for name, fired in results)


def test_reloading_the_rulebook_many_times_never_fails():
    # A notebook reloads rules: every load gets fresh C rulesets, freed when the book goes away.
    for _ in range(30):
        book = load_rulebook()
        assert _fired(evaluate(B2B, "2025-03-03", rules=book, engine="durable"))
        del book
        gc.collect()


def test_every_pattern_is_guarded_and_never_uses_when_any_or_not():
    book = load_rulebook()
    engine = de.DurableEngine()
    for phase, strata in book.strata.items():
        for rid in (r for s in strata for r in s):
            pattern = {"$and": [{"kind": "dossier"}, de.compile_condition(book.rule(rid).when)]}
            text = json.dumps(pattern)
            assert '"$not"' not in text and "any" not in json.loads(text)  # no when_any, no $not
            assert pattern["$and"][0] == {"kind": "dossier"}  # guard against the state fact loop
    engine.close()


def test_negation_is_pushed_to_the_leaves():
    cond = parse_condition({"not": {"all": [{"fact": "montant_restant_du", "gt": 100}, {"fact": "procedure_collective_ouverte", "present": True}]}})
    compiled = de.compile_condition(cond)
    # ¬(a > 100 ∧ present b) = (a known ∧ a ≤ 100) ∨ b unknown — with the presence guard on the comparison
    assert compiled == {"$or": [
        {"$and": [{"$ex": {"f_montant_restant_du": 1}}, {"$lte": {"f_montant_restant_du": 1000000}}]},
        {"$nex": {"f_procedure_collective_ouverte": 1}},
    ]}


@pytest.mark.parametrize(
    "value, encoded",
    [
        (date(1970, 1, 2), 1),  # epoch days
        (date(2016, 10, 1), 17075),
        (Decimal("1234.56"), 12345600),  # ten-thousandths: cents are exact
        (30, 300000),
        (True, True),
        ("e\u0301chu", "échu"),  # NFD is normalised to NFC
    ],
)
def test_values_are_encoded_exactly(value, encoded):
    assert de.encode(value) == encoded


@pytest.mark.parametrize("value", [Decimal("0.00001"), 2**62, 3.5, None])
def test_values_durable_cannot_compare_exactly_are_refused(value):
    with pytest.raises(EngineError):
        de.encode(value)


def test_field_name_hash_collisions_are_detected():
    # claim-139599 and claim-322382 collide under FNV-1 32 (probe §8.1).
    assert de.fnv1_32("claim-139599") == de.fnv1_32("claim-322382")
    with pytest.raises(EngineError, match="collision"):
        de.check_distinct_hashes({"claim-139599", "claim-322382"})
    # The names the adapter actually sends for the shipped vocabulary are pairwise distinct.
    from creances_rules.institutions.derive import FACTS

    book = load_rulebook()
    codes = {c for p in book.strata.values() for s in p for r in s for c in book.rule(r).then.set} | {
        f.code for r in book.rules.values() for f in r.rule.then.findings}
    de.check_distinct_hashes({de.field_name(n) for n in FACTS} | {de.field_name("established:" + c) for c in codes})


def test_string_and_number_never_compare_as_text():
    # durable compares "999" > 1000 as text; the checker refuses such a literal (see test_rulebook)
    # and facts are typed, so both engines see numbers: 999 € is not more than 1 000 €.
    book = load_rulebook()
    facts = {"montant_restant_du": Decimal("999")}
    cond = parse_condition({"fact": "montant_restant_du", "gt": 1000})
    assert de.compile_condition(cond)["$and"][1] == {"$gt": {"f_montant_restant_du": 10000000}}
    assert de.encode(facts["montant_restant_du"]) == 9990000 < 10000000
    del book


def test_fallback_to_the_python_engine_when_durable_cannot_load(monkeypatch):
    import importlib

    ev = importlib.import_module("creances_rules.evaluation.evaluate")

    monkeypatch.setattr(de, "available", lambda: False)
    monkeypatch.setattr(ev, "_fallback_warned", False)
    book = load_rulebook()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = evaluate(B2B, "2025-03-03", rules=book, engine="auto")
    assert a.engine == "python"
    assert any("moteur Python" in str(w.message) for w in caught)
    with pytest.raises(EngineError):
        evaluate(B2B, "2025-03-03", rules=load_rulebook(), engine="durable")


def test_strata_see_earlier_conclusions_and_exceptions_apply_in_both_engines():
    book = load_rulebook()
    from creances_rules.institutions.derive import base_facts
    from creances_rules.models.loading import load_dossier

    dossier = load_dossier({**B2B, "contrat": {"date_conclusion": "2015-03-01"}})
    facts = base_facts(dossier, date(2025, 3, 3)).facts
    for engine in (PythonEngine(), de.DurableEngine()):
        result = run_phase(engine, book, "qualification", facts)
        # the 2015 contract: the old L441-6 rule derogates from L441-10
        assert "exigibilite.terme_suppletif_entre_professionnels_l441_6_ancien" in result.fired
        assert result.overridden == {
            "exigibilite.terme_suppletif_entre_professionnels": ["exigibilite.terme_suppletif_entre_professionnels_l441_6_ancien"]
        }


def test_equal_values_of_different_types_keep_their_own_encoding_in_the_message_cache():
    # True == 1 == Decimal(1) with one hash; durable must see true, 10000 and 10000 — never a stale member.
    field = de.field_name("x")
    assert de._member(field, True) == '"f_x":true'
    assert de._member(field, 1) == '"f_x":10000'
    assert de._member(field, Decimal("1.0")) == '"f_x":10000'
    assert de._member(field, True) == '"f_x":true'
    assert de._member(field, "é") == '"f_x":"é"'
    with pytest.raises(EngineError):
        de._member(field, [1])  # unhashable: refused as encode refuses it


def test_the_message_cache_stays_bounded_and_right_when_it_is_cleared(monkeypatch):
    monkeypatch.setattr(de, "_MEMBERS", {})
    monkeypatch.setattr(de, "_MEMBERS_MAX", 8)
    for i in range(50):
        assert de._member("f_n", Decimal(i)) == f'"f_n":{i * 10000}'
        assert len(de._MEMBERS) <= 8


def test_one_session_per_ruleset_serves_every_round_and_keeps_nothing_of_the_last_dossier():
    book = load_rulebook()
    engine = de.DurableEngine()
    from creances_rules.evaluation.evaluate import evaluate as ev

    paid = ev(PAID, "2025-03-03", rules=book, engine="python").to_dict()
    unpaid = ev(B2B, "2025-03-03", rules=book, engine="python").to_dict()
    book.__dict__.setdefault("_engines", {})["durable"] = engine
    handles = None
    for _ in range(20):  # alternating: a fact left behind by one would make rules fire for the other
        for dossier, expected in ((B2B, unpaid), (PAID, paid)):
            got = ev(dossier, "2025-03-03", rules=book, engine="durable").to_dict()
            got["engine"] = expected["engine"]
            assert got == expected
        now = {key: [n.handle for n in nets] for key, nets in engine._compiled.items()}
        assert handles is None or now == handles  # the same rulesets and sessions, round after round
        handles = now
    assert all(n.settled for nets in engine._compiled.values() for n in nets)
    engine.close()
    assert engine._compiled == {}


def test_a_round_interrupted_half_way_drops_its_rulesets_and_the_next_dossier_is_right(monkeypatch):
    book = load_rulebook()
    engine = de.DurableEngine()
    book.__dict__.setdefault("_engines", {})["durable"] = engine
    expected = _fired(evaluate(B2B, "2025-03-03", rules=book, engine="python"))
    assert _fired(evaluate(B2B, "2025-03-03", rules=book, engine="durable")) == expected
    real = de._dre.complete_and_start_action

    def interrupted(handle, offset):
        raise KeyboardInterrupt  # an action under way, the dossier's fact still in the session

    monkeypatch.setattr(de._dre, "complete_and_start_action", interrupted)
    before = set(engine._compiled)
    with pytest.raises(KeyboardInterrupt):
        evaluate(B2B, "2025-03-03", rules=book, engine="durable")
    assert set(engine._compiled) < before  # the interrupted stratum's rulesets are gone
    monkeypatch.setattr(de._dre, "complete_and_start_action", real)
    for dossier in (PAID, B2B):
        assert _fired(evaluate(dossier, "2025-03-03", rules=book, engine="durable")) == _fired(
            evaluate(dossier, "2025-03-03", rules=book, engine="python"))
    engine.close()


def test_each_stratum_s_view_shows_exactly_the_conclusions_of_the_strata_before_it():
    # run_phase shares one view between consecutive strata while no conclusion is added: a view must
    # never show a conclusion established at or after its own stratum.
    from creances_rules.rulebook.book import conclusion_codes

    book = load_rulebook()
    for engine in ("python", "durable"):
        context = evaluate(B2B, "2025-03-03", rules=book, engine=engine, trace=False)._context
        shown: set[str] = set()
        for phase in ("qualification", "consequence"):
            result = context.results[phase]
            for index, stratum in enumerate(book.strata[phase]):
                view = result.views[index]
                assert {k.removeprefix("established:") for k in view if k.startswith("established:")} == shown
                for rid in stratum:
                    if rid in result.fired:
                        shown |= conclusion_codes(book.rule(rid))
            assert result.fired  # conclusions do accumulate in this dossier, in both phases


def test_a_member_is_json_whatever_the_name_or_the_text():
    assert de._member('f_a"b', 'x"\\y') == '"f_a\\"b":"x\\"\\\\y"'
    assert json.loads("{" + de._member('f_a"b', 'x"\\y') + "}") == {'f_a"b': 'x"\\y'}
