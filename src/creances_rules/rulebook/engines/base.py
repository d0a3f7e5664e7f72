"""What every engine answers, and the stratified driver they share.

An engine answers one question: *which rules of this stratum have their condition satisfied by these
facts?* Everything else — ordering strata, exposing earlier conclusions as ``established:CODE`` flags,
setting aside rules overridden by a labelled exception — is done here, once, for every engine. Both
engines therefore answer the same question the same way, which the differential tests check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ..book import Rulebook, conclusion_codes
from ..schema import AllOf, Condition, Established

ESTABLISHED = "established:"


class Engine(Protocol):
    name: str

    def fire(self, book: Rulebook, phase: str, index: int, rule_ids: list[str], facts: dict[str, Any]) -> set[str]:
        """Ids of the rules in ``rule_ids`` whose condition holds on ``facts`` (no exceptions applied)."""


@dataclass
class PhaseResult:
    fired: list[str] = field(default_factory=list)  # effective, in evaluation order
    overridden: dict[str, list[str]] = field(default_factory=dict)  # rule -> exceptions that set it aside
    established: set[str] = field(default_factory=set)
    views: dict[int, dict[str, Any]] = field(default_factory=dict)  # facts each stratum saw


def run_phase(engine: Engine, book: Rulebook, phase: str, facts: dict[str, Any],
              established: set[str] | None = None) -> PhaseResult:
    result = PhaseResult(established=set(established or ()))
    raw_fired: set[str] = set()
    required = required_conclusions(book)
    concludes = _conclusions(book)
    view: dict[str, Any] = {}
    seen = -1  # how many conclusions `view` shows (none yet: the first stratum builds it)
    for index, stratum in enumerate(book.strata.get(phase, [])):
        if len(result.established) != seen:
            # Conclusions only accumulate: while none is added, the next stratum sees the same facts, and shares
            # the view (views are read, never written, by the engines, the trace and the explanations).
            view = dict(facts)
            view.update({ESTABLISHED + code: True for code in result.established})
            seen = len(result.established)
        result.views[index] = view
        if not any(required[rid] <= result.established for rid in stratum):
            continue  # every rule here needs a conclusion not established: none can hold, no engine round
        matched = engine.fire(book, phase, index, stratum, view)
        raw_fired |= matched
        for rid in stratum:
            if rid not in matched:
                continue
            beaten_by = [e for e in book.exceptions_to.get(rid, ()) if e in raw_fired]
            if beaten_by:
                result.overridden[rid] = beaten_by
                continue
            result.fired.append(rid)
            result.established |= concludes[rid]
    return result


def required_conclusions(book: Rulebook) -> dict[str, frozenset[str]]:
    """For each rule, the earlier conclusions its condition cannot hold without (``established: X`` at
    its top level, or inside a top-level ``all``). A stratum none of whose rules has them all is not
    sent to the engine: the answer (no rule fires) is the same, one engine round fewer."""
    cache = book.__dict__.get("_required_conclusions")
    if cache is None:
        cache = {rid: frozenset(_required(loaded.rule.when)) for rid, loaded in book.rules.items()}
        book.__dict__["_required_conclusions"] = cache
    return cache


def _conclusions(book: Rulebook) -> dict[str, frozenset[str]]:
    """`conclusion_codes` of each rule, once per rule base (read at every firing)."""
    cache = book.__dict__.get("_conclusion_codes")
    if cache is None:
        cache = {rid: frozenset(conclusion_codes(loaded.rule)) for rid, loaded in book.rules.items()}
        book.__dict__["_conclusion_codes"] = cache
    return cache


def _required(cond: Condition) -> set[str]:
    if isinstance(cond, Established):
        return {cond.established}
    if isinstance(cond, AllOf):
        return set().union(*(_required(c) for c in cond.all))
    return set()  # any / not / comparison: no conclusion is necessary for sure
