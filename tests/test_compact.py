"""The compact portfolio record states the same conclusions as the full assessment (differential test
against the assessment's JSON form, SPEC §2)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from creances_rules import evaluate
from creances_rules.evaluation.evaluate import conclusions
from creances_rules.portfolio.compact import compact, compact_record
from creances_rules.portfolio.sortie_typee import ligne
from creances_rules.portfolio.workers import evaluate_many

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_portfolio import AS_OF, synthetic  # noqa: E402
from tests.property.strategies import dossiers  # noqa: E402


def _plain(value):
    return json.loads(json.dumps(value, default=str))


def _present(record):
    return {k: v for k, v in record.items() if v is not None}


def test_compact_record_has_the_conclusions_of_the_full_assessment():
    for dossier in synthetic(30, seed=5):
        full = evaluate(dossier, AS_OF, trace=False).to_dict()
        record = json.loads(json.dumps(compact(evaluate(dossier, AS_OF, trace=False))))
        assert record["reference"] == full["reference"] and record["as_of"] == full["as_of"]
        assert record["rulebook"] == full["rulebook"]
        # an absent date or amount is left out of the compact record (null in the full one)
        assert record["findings"] == {
            f["code"]: _present({"value": _plain(f["value"]), "since": f["since"], "rule": f["rule"]})
            for f in full["findings"]}
        assert record["actions"] == [
            _present({"code": a["code"], "deadline": a["deadline"], "amount": a["amount"], "priority": a["priority"],
                      "rule": a["rule"]}) for a in full["actions"]]
        assert record["valable_jusqu_au"] == full["valable_jusqu_au"]
        assert record["amounts"].get("interets_journaliers", "0.00") == full["amounts"]["interets_journaliers"]
        amounts = full["amounts"]
        assert record["amounts"]["principal_restant_du"] == amounts["principal_restant_du"]
        assert record["amounts"]["total"] == amounts["total"]
        assert record["amounts"]["items"] == {i["code"]: i["montant"] for i in amounts["items"]}
        assert record["amounts"].get("compensation") == amounts["compensation"]
        assert record["warnings"] == [w["code"] for w in full["warnings"]]


def test_evaluate_many_compact_output_is_the_compact_record():
    dossiers = synthetic(6, seed=9)
    out = [r.output for r in evaluate_many(dossiers, AS_OF, output="compact")]
    assert out == [compact(evaluate(d, AS_OF, trace=False)) for d in dossiers]


def _record_or_error(make):
    try:
        return json.dumps(make(), sort_keys=True, default=str)
    except Exception as exc:  # the same error (type and French message) on both paths
        return f"{type(exc).__name__}: {exc}"


def test_the_record_straight_from_the_dossier_is_the_one_of_the_full_assessment():
    # `compact_record` skips what only the full assessment presents; it must read the same figures (one evaluation)
    for seed in (1, 5, 11):
        for dossier in synthetic(40, seed=seed):
            for as_of in (AS_OF, date(2027, 1, 4)):
                direct = compact_record(dossier, as_of)
                assert direct == compact(evaluate(dossier, as_of, trace=False))
                assert direct["findings"] and "amounts" in direct


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(dossiers())
def test_the_record_straight_from_the_dossier_is_the_one_of_the_full_assessment_on_drawn_dossiers(case):
    dossier, as_of = case
    for engine in ("auto", "python"):
        assert _record_or_error(lambda: compact_record(dossier, as_of, engine=engine)) == _record_or_error(
            lambda: compact(evaluate(dossier, as_of, engine=engine, trace=False)))
        assert _record_or_error(lambda: ligne(conclusions(dossier, as_of, engine=engine))) == _record_or_error(
            lambda: ligne(evaluate(dossier, as_of, engine=engine, trace=False)))


def test_conclusions_are_the_assessments_own():
    dossier = synthetic(3, seed=2)[2]
    full, short = evaluate(dossier, AS_OF, trace=False), conclusions(dossier, AS_OF)
    assert [f.model_dump() for f in short.findings] == [f.model_dump() for f in full.findings]
    assert [(x.code, x.deadline, x.amount, x.priority) for x in short.actions] == [
        (x.code, x.deadline, x.amount, x.priority) for x in full.actions]
    assert all(x.why == [] and x.conditions is None for x in short.actions)  # presentation left out
    assert any(x.why for x in full.actions)
    assert [(i.code, i.montant) for i in short.amounts.items] == [(i.code, i.montant) for i in full.amounts.items]
    assert short.amounts.total == full.amounts.total and short.valable_jusqu_au == full.valable_jusqu_au
    assert [w.model_dump() for w in short.warnings] == [w.model_dump() for w in full.warnings]


def test_the_typed_row_from_the_conclusions_is_the_one_of_the_full_assessment():
    for dossier in synthetic(60, seed=13):
        for as_of in (AS_OF, date(2027, 1, 4)):
            row = ligne(conclusions(dossier, as_of))
            assert row == ligne(evaluate(dossier, as_of, trace=False))
            assert row["etat"] is not None and row["montant_reclame"] is not None


def test_evaluate_many_typed_rows_are_those_of_the_full_assessment():
    dossiers = synthetic(6, seed=17)
    out = [r.output for r in evaluate_many(dossiers, AS_OF, output="ligne")]
    assert out == [ligne(evaluate(d, AS_OF, trace=False)) for d in dossiers]
