"""The compact portfolio record states the same conclusions as the full assessment (differential test
against the assessment's JSON form, SPEC §2)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from creances_rules import evaluate
from creances_rules.portfolio.compact import compact
from creances_rules.portfolio.workers import evaluate_many

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_portfolio import AS_OF, synthetic  # noqa: E402


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
