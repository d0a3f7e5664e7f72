"""The pure-Python evaluator of rule files: the reference, the fallback, and the source of "why not".

Three-valued logic: a comparison on an unknown fact is *undetermined*; ``all`` is false as soon as
one part is false, ``any`` true as soon as one part is true; ``not`` keeps undetermined. A rule fires
only when its condition is true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from ..book import Rulebook
from ..schema import AllOf, AnyOf, Comparison, Condition, Established, FactRef, Not
from .base import ESTABLISHED

_OPS = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}
_SYMBOLS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


@dataclass
class Outcome:
    value: bool | None  # None = undetermined
    failed: str | None = None  # first condition that failed, in words
    read: dict[str, Any] = field(default_factory=dict)  # facts read, with their values
    missing: list[str] = field(default_factory=list)


class PythonEngine:
    name = "python"

    def fire(self, book: Rulebook, phase: str, index: int, rule_ids: list[str], facts: dict[str, Any]) -> set[str]:
        tests = compiled(book)
        return {rid for rid in rule_ids if tests[rid](facts) is True}


def compiled(book: Rulebook) -> dict[str, Any]:
    """Each rule's condition compiled once per rule base into a closure with `_value`'s exact
    three-valued semantics (the interpreter walked the condition models at every call)."""
    tests = book.__dict__.get("_compiled_conditions")
    if tests is None:
        tests = {rid: compile_condition(loaded.rule.when) for rid, loaded in book.rules.items()}
        book.__dict__["_compiled_conditions"] = tests
    return tests


def compile_condition(cond: Condition) -> Any:
    """``facts -> True | False | None``, equal to ``_value(cond, facts)`` for every ``facts``."""
    if isinstance(cond, Comparison):
        return _compile_comparison(cond)
    if isinstance(cond, AllOf):
        parts = tuple(compile_condition(c) for c in cond.all)

        def all_of(facts: dict[str, Any]) -> bool | None:
            unknown = False
            for part in parts:
                v = part(facts)
                if v is False:
                    return False
                if v is None:
                    unknown = True
            return None if unknown else True
        return all_of
    if isinstance(cond, AnyOf):
        parts = tuple(compile_condition(c) for c in cond.any)

        def any_of(facts: dict[str, Any]) -> bool | None:
            unknown = False
            for part in parts:
                v = part(facts)
                if v is True:
                    return True
                if v is None:
                    unknown = True
            return None if unknown else False
        return any_of
    if isinstance(cond, Not):
        inner = compile_condition(cond.not_)

        def not_(facts: dict[str, Any]) -> bool | None:
            v = inner(facts)
            return None if v is None else not v
        return not_
    if isinstance(cond, Established):
        key = ESTABLISHED + cond.established
        return lambda facts: facts.get(key) is True
    raise TypeError(f"condition inconnue : {cond!r}")


def _compile_comparison(cond: Comparison) -> Any:
    fact, op = cond.fact, cond.op
    if op == "present":
        want = cond.present
        return lambda facts: (facts.get(fact) is not None) is want
    operand = cond.operand
    if op == "in":
        values = tuple(operand)
        texts = frozenset(v for v in values if isinstance(v, str))

        def is_in(facts: dict[str, Any]) -> bool | None:
            left = facts.get(fact)
            if left is None:
                return None
            if type(left) is str:  # coerce leaves a literal as is for a text fact
                return left in texts
            return any(left == coerce(v, left) for v in values)
        return is_in
    compare = _OPS[op]
    if isinstance(operand, FactRef):
        other = operand.fact

        def with_fact(facts: dict[str, Any]) -> bool | None:
            left = facts.get(fact)
            if left is None:
                return None
            right = facts.get(other)
            if right is None:
                return None
            return compare(left, right)
        return with_fact
    as_decimal = as_date = _UNSET
    try:
        as_decimal = coerce(operand, Decimal(0))
    except Exception:  # not a number: coerce raises at evaluation, as the interpreter did
        pass
    try:
        as_date = coerce(operand, date.min)
    except Exception:
        pass

    def with_literal(facts: dict[str, Any]) -> bool | None:
        left = facts.get(fact)
        if left is None:
            return None
        if isinstance(left, Decimal) and as_decimal is not _UNSET:
            return compare(left, as_decimal)
        if isinstance(left, date) and as_date is not _UNSET:
            return compare(left, as_date)
        return compare(left, coerce(operand, left))
    return with_literal


_UNSET = object()


def why_reads(book: Rulebook, rule_id: str) -> tuple[tuple[str, bool], ...]:
    """The facts `explain` reads for a rule, in its order: ``(key, is_established_flag)``. An action's
    ``why`` lists them with their values, without re-running the explanation for each action."""
    cache = book.__dict__.setdefault("_why_reads", {})
    if rule_id not in cache:
        out: dict[str, bool] = {}
        _reads(book.rule(rule_id).when, out)
        cache[rule_id] = tuple(out.items())
    return cache[rule_id]


def _reads(cond: Condition, out: dict[str, bool]) -> None:
    if isinstance(cond, Comparison):
        out.setdefault(cond.fact, False)
        if isinstance(cond.operand, FactRef):
            out.setdefault(cond.operand.fact, False)
    elif isinstance(cond, Established):
        out.setdefault(ESTABLISHED + cond.established, True)
    elif isinstance(cond, Not):
        _reads(cond.not_, out)
    else:
        for c in (cond.all if isinstance(cond, AllOf) else cond.any):
            _reads(c, out)


def read_values(book: Rulebook, rule_id: str, facts: dict[str, Any]) -> dict[str, Any]:
    """``explain(rule.when, facts).read``, computed from `why_reads`."""
    return {key: (facts.get(key) is True) if flag else facts.get(key) for key, flag in why_reads(book, rule_id)}


def holds(cond: Condition, facts: dict[str, Any]) -> bool:
    """Fast path: is the condition true? (No explanation gathered.)"""
    return _value(cond, facts) is True


def _value(cond: Condition, facts: dict[str, Any]) -> bool | None:
    if isinstance(cond, Comparison):
        return _compare(cond, facts)
    if isinstance(cond, AllOf):
        unknown = False
        for c in cond.all:
            v = _value(c, facts)
            if v is False:
                return False
            unknown |= v is None
        return None if unknown else True
    if isinstance(cond, AnyOf):
        unknown = False
        for c in cond.any:
            v = _value(c, facts)
            if v is True:
                return True
            unknown |= v is None
        return None if unknown else False
    if isinstance(cond, Not):
        v = _value(cond.not_, facts)
        return None if v is None else not v
    if isinstance(cond, Established):
        return facts.get(ESTABLISHED + cond.established) is True
    raise TypeError(f"condition inconnue : {cond!r}")


def _compare(cond: Comparison, facts: dict[str, Any]) -> bool | None:
    left = facts.get(cond.fact)
    op = cond.op
    if op == "present":
        return (left is not None) is cond.present
    if left is None:
        return None
    operand = cond.operand
    if op == "in":
        return any(left == coerce(v, left) for v in operand)
    if isinstance(operand, FactRef):
        right = facts.get(operand.fact)
        if right is None:
            return None
    else:
        right = coerce(operand, left)
    return _OPS[op](left, right)


def coerce(literal: Any, like: Any) -> Any:
    """Read a rule literal as the fact's type (YAML gives int/float/str; facts hold Decimal/date)."""
    if isinstance(like, Decimal) and isinstance(literal, (int, float, str)) and not isinstance(literal, bool):
        return Decimal(str(literal))
    if isinstance(like, date) and isinstance(literal, str):
        return date.fromisoformat(literal)
    return literal


# ------------------------------------------------------------------------------ explanation


def explain(cond: Condition, facts: dict[str, Any]) -> Outcome:
    """Evaluate with the first failing condition, the values read and the missing facts."""
    if isinstance(cond, Comparison):
        value = _compare(cond, facts)
        read = {cond.fact: facts.get(cond.fact)}
        if isinstance(cond.operand, FactRef):
            read[cond.operand.fact] = facts.get(cond.operand.fact)
        missing = [k for k, v in read.items() if v is None] if cond.op != "present" else []
        return Outcome(value, None if value else describe(cond), read, missing)
    if isinstance(cond, Established):
        value = _value(cond, facts)
        return Outcome(value, None if value else describe(cond), {ESTABLISHED + cond.established: value})
    if isinstance(cond, Not):
        inner = explain(cond.not_, facts)
        value = None if inner.value is None else not inner.value
        return Outcome(value, None if value else describe(cond), inner.read, inner.missing)
    parts = [explain(c, facts) for c in (cond.all if isinstance(cond, AllOf) else cond.any)]
    read: dict[str, Any] = {}
    missing: list[str] = []
    for p in parts:
        read.update(p.read)
        missing += [m for m in p.missing if m not in missing]
    if isinstance(cond, AllOf):
        value = _value(cond, facts)
        failed = next((p.failed for p in parts if p.value is False), None)
        if value is None:
            failed = next((p.failed for p in parts if p.value is None), None)
        return Outcome(value, failed, read, missing if value is None else [])
    value = _value(cond, facts)
    failed = None if value else "aucune des conditions : " + " ; ".join(p.failed or "?" for p in parts)
    return Outcome(value, failed, read, missing if value is None else [])


def describe(cond: Condition) -> str:
    """A condition in words (French), for traces."""
    if isinstance(cond, Comparison):
        if cond.op == "present":
            return f"{cond.fact} {'connu' if cond.present else 'inconnu'}"
        operand = cond.operand
        if cond.op == "in":
            return f"{cond.fact} ∈ {{{', '.join(map(_fmt, operand))}}}"
        right = operand.fact if isinstance(operand, FactRef) else _fmt(operand)
        return f"{cond.fact} {_SYMBOLS[cond.op]} {right}"
    if isinstance(cond, Established):
        return f"établi : {cond.established}"
    if isinstance(cond, Not):
        return f"non ({describe(cond.not_)})"
    if isinstance(cond, AllOf):
        return " et ".join(describe(c) for c in cond.all) or "toujours"
    return " ou ".join(describe(c) for c in cond.any)


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_LeanOutcome = tuple[Any, Any, tuple[str, ...]]  # (value, failed, missing) of an `Outcome`
_Lean = Callable[[dict[str, Any]], _LeanOutcome]


def _compile_lean(cond: Condition) -> _Lean:
    """``facts -> (value, failed, missing)``, equal to those of ``explain(cond, facts)`` for every ``facts``,
    without gathering the values read (`read_values` gives them, in the same order): the condition's words
    (`describe`) and shape are read once, not at every rule of every dossier's trace."""
    if isinstance(cond, Comparison):
        test, text = _compile_comparison(cond), describe(cond)
        other = cond.operand.fact if isinstance(cond.operand, FactRef) else None
        keys: tuple[str, ...] = () if cond.op == "present" else (
            (cond.fact,) if other is None or other == cond.fact else (cond.fact, other))

        def comparison(facts: dict[str, Any]) -> tuple[Any, Any, tuple[str, ...]]:
            value = test(facts)
            if value:
                return value, None, ()
            return value, text, tuple(k for k in keys if facts.get(k) is None)
        return comparison
    if isinstance(cond, Established):
        key, text = ESTABLISHED + cond.established, describe(cond)

        def established(facts: dict[str, Any]) -> tuple[Any, Any, tuple[str, ...]]:
            return (True, None, ()) if facts.get(key) is True else (False, text, ())
        return established
    if isinstance(cond, Not):
        inner, text = _compile_lean(cond.not_), describe(cond)

        def negation(facts: dict[str, Any]) -> tuple[Any, Any, tuple[str, ...]]:
            v, _, missing = inner(facts)
            value = None if v is None else not v
            return value, None if value else text, missing
        return negation
    conjunction = isinstance(cond, AllOf)
    parts = tuple(_compile_lean(c) for c in (cond.all if conjunction else cond.any))

    def combination(facts: dict[str, Any]) -> tuple[Any, Any, tuple[str, ...]]:
        outcomes = [p(facts) for p in parts]
        if conjunction:  # as _value: false if one part is, else undetermined if one part is, else true
            failed = next((f for v, f, _ in outcomes if v is False), None)
            if failed is not None or any(v is False for v, _, _ in outcomes):
                return False, failed, ()
            if not any(v is None for v, _, _ in outcomes):
                return True, None, ()
            failed = next((f for v, f, _ in outcomes if v is None), None)
        else:
            if any(v is True for v, _, _ in outcomes):
                return True, None, ()
            failed = "aucune des conditions : " + " ; ".join(f or "?" for _, f, _ in outcomes)
            if not any(v is None for v, _, _ in outcomes):
                return False, failed, ()
        missing: list[str] = []
        for _, _, m in outcomes:
            missing += [k for k in m if k not in missing]
        return None, failed, tuple(missing)
    return combination


def explainers(book: Rulebook) -> dict[str, _Lean]:
    """Each rule's explanation, lean (value, failed, missing), compiled once per rule base."""
    found = book.__dict__.get("_explainers")
    if found is None:
        found = {rid: _compile_lean(loaded.rule.when) for rid, loaded in book.rules.items()}
        book.__dict__["_explainers"] = found
    return found


_EXPLAIN_CACHE_MAX = 50_000


def explain_cached(book: Rulebook, rule_id: str, facts: dict[str, Any]) -> Outcome:
    """``explain(rule.when, facts)``, memoised on the values the rule reads (its outcome depends on
    nothing else): across a portfolio most rules meet the same few combinations. ``read`` is always this
    dossier's own values, never a cached one."""
    read = read_values(book, rule_id, facts)
    value, failed, missing = explain_memo(book, rule_id, facts, tuple(read.values()))
    return Outcome(value, failed, read, list(missing))


def explain_memo(book: Rulebook, rule_id: str, facts: dict[str, Any], values: tuple[Any, ...]) -> _LeanOutcome:
    """``(value, failed, missing)`` of ``explain(rule.when, facts)``, given ``values`` = those of
    ``read_values(book, rule_id, facts)`` in their order (the caller has them already: a trace formats them).

    Memoised on those values (the outcome depends on nothing else). The cache is bounded (cleared when full)
    and keyed by the values with their types: equal values of one type (``Decimal("1.0")`` and ``Decimal("1")``)
    compare alike, so they share the outcome — its truth value, the failed condition (the rule's own words) and
    the missing facts (those that are None) — while ``True``, ``1`` and ``Decimal(1)`` never do."""
    cache = book.__dict__.setdefault("_explain_cache", {})
    key = (rule_id, values, tuple(map(type, values)))
    try:
        hit = cache.get(key)
    except TypeError:  # an unhashable value (a list): explained afresh
        outcome = explain(book.rule(rule_id).when, facts)
        return outcome.value, outcome.failed, tuple(outcome.missing)
    if hit is None:
        if len(cache) >= _EXPLAIN_CACHE_MAX:
            cache.clear()
        hit = cache[key] = explainers(book)[rule_id](facts)
    return hit
