"""A compact portfolio record: the conclusions of an assessment without its prose.

What a collection platform stores per dossier each night — finding codes and values (with the date
they hold since and the rule that concluded), actions (code, deadline, amount, priority, rule),
amounts, warning codes — plain JSON types only (dates ISO, amounts as decimal strings); an absent date or amount is left out. The same
conclusions as the full assessment, by construction and by a differential test
(tests/test_compact.py); labels, citations, explanations and the timeline are left out (they are
read from the rule base by code).

`compact_record` evaluates a dossier straight to its record: the same evaluation (`evaluation.evaluate.conclusions`)
without building what only the full assessment shows (timeline, amount lines, the actions' ``why`` and conditions).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..evaluation.evaluate import conclusions
from ..models.assessment import Assessment, Conclusions


def _plain(value: Any) -> Any:
    if isinstance(value, (date, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "value") and not callable(value.value):  # an Enum
        return value.value
    return str(value)


def _sans_vides(record: dict[str, Any]) -> dict[str, Any]:
    """Absent rather than null (a compact record is read by key: ``.get`` gives None alike)."""
    return {k: v for k, v in record.items() if v is not None}


def compact_record(dossier: Any, as_of: Any = None, **options: Any) -> dict[str, Any]:
    """The compact record of ``dossier`` as of ``as_of`` (options: those of `conclusions`: ``rules``, ``engine``,
    ``taux``); equal to ``compact(evaluate(dossier, as_of, …))``."""
    return compact(conclusions(dossier, as_of, **options))


def compact(a: Assessment | Conclusions) -> dict[str, Any]:
    """The compact record of an assessment, or of its conclusions alone (a dict of plain JSON types)."""
    amounts = a.amounts
    record: dict[str, Any] = {
        "reference": a.reference,
        "as_of": a.as_of.isoformat(),
        "rulebook": a.rulebook,
        "findings": {f.code: _sans_vides({"value": _plain(f.value), "since": _plain(f.since), "rule": f.rule})
                     for f in a.findings},
        "actions": [_sans_vides({"code": x.code, "deadline": _plain(x.deadline), "amount": _plain(x.amount),
                                 "priority": x.priority, "rule": x.rule}) for x in a.actions],
        "amounts": {"principal_restant_du": str(amounts.principal_restant_du), "total": str(amounts.total),
                    "items": {i.code: str(i.montant) for i in amounts.items}},
        "warnings": [w.code for w in a.warnings],
        "valable_jusqu_au": _plain(a.valable_jusqu_au),
    }
    if amounts.interets_journaliers:
        record["amounts"]["interets_journaliers"] = str(amounts.interets_journaliers)
    if amounts.compensation is not None:
        record["amounts"]["compensation"] = str(amounts.compensation)
        record["amounts"]["total_apres_compensation"] = str(amounts.total_apres_compensation)
    return record
