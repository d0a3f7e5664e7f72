"""Run the worked examples that rule files carry (facts → expected conclusions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .._base.errors import CreancesError, Probleme
from ..evaluation.evaluate import evaluate
from ..rulebook.book import Rulebook
from ..rulebook.schema import Example


def run_examples(book: Rulebook, engine: str = "auto") -> list[Probleme]:
    """One problem per unmet expectation, naming the file and the example."""
    problems: list[Probleme] = []
    for path, model in book.files:
        for example in model.examples:
            where = f"{path} [exemple : {example.name}]"
            try:
                problems += [Probleme(where, m) for m in check_example(book, example, engine)]
            except CreancesError as exc:
                problems.append(Probleme(where, f"évaluation impossible : {exc}"))
            except Exception as exc:  # noqa: BLE001 - a rule the checker let through: a message, never a traceback
                problems.append(Probleme(where, f"évaluation impossible (erreur interne {type(exc).__name__} : "
                                                f"{str(exc)[:200]}) ; à signaler"))
    return problems


def check_example(book: Rulebook, example: Example, engine: str = "auto") -> list[str]:
    a = evaluate(example.dossier, example.as_of, rules=book, engine=engine)
    fired = {t.rule for t in a.trace if t.status == "fired"}
    expect = example.expect
    out = [f"la règle {r} aurait dû s'appliquer" for r in expect.fired if r not in fired]
    out += [f"la règle {r} n'aurait pas dû s'appliquer" for r in expect.not_fired if r in fired]
    for code, expected in expect.findings.items():
        found = a.finding(code)
        if found is None:
            out.append(f"constat attendu absent : {code}")
            continue
        if isinstance(expected, dict):
            for key in ("value", "since"):
                if key in expected and not _same(getattr(found, key), expected[key]):
                    out.append(f"{code}.{key} : attendu {expected[key]}, obtenu {getattr(found, key)}")
    out += [f"constat inattendu : {c}" for c in expect.absent_findings if a.finding(c)]
    codes = {act.code for act in a.actions}
    out += [f"action attendue absente : {c}" for c in expect.actions if c not in codes]
    out += [f"action inattendue : {c}" for c in expect.absent_actions if c in codes]
    warnings = {w.code for w in a.warnings}
    out += [f"avertissement attendu absent : {c}" for c in expect.warnings if c not in warnings]
    return out


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(actual, Decimal):
        return actual == Decimal(str(expected))
    if isinstance(actual, date) and isinstance(expected, str):
        return actual.isoformat() == expected
    return actual == expected
