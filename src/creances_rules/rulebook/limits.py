"""Limits of the rule language, the same for every engine: what is accepted never depends on the engine.

durable-rules' C core has fixed-size tables (2.0.28 source, ``rete.h``/``rete.c``/``state.h``):

- a rule's pattern holds at most 31 expression slots (``MAX_SEQUENCE_EXPRESSIONS`` 32): each
  ``$and``/``$or`` group takes two (open, close), a comparison of two facts one more. Past it,
  ``create_ruleset`` fails with error 113 — which used to surface as an error on a built-in worked
  example rather than on the user's rule;
- one node of the network may feed at most 512 others (``MAX_MESSAGE_INDEX_LENGTH`` and kin): a stratum
  of ≥ 512 rules, or an ``in:`` list of ≥ 512 values, makes ``assert_fact`` loop for ever.

The checker measures each rule with the cost model below (an upper bound of what the durable adapter
emits: every comparison is guarded by a presence test, negation is pushed down to the leaves) and
refuses, naming the rule, whatever one engine could not run; the Python evaluator obeys the same
limits, so a rule base accepted here runs identically on both. A stratum, whatever its size, is split
by the durable adapter into networks narrow enough (`split_stratum`): its rules do not read each
other, so asserting the facts into each network in turn gives the same conclusions. A third table, the
64-slot stack of ``handleAlpha`` (error 303 when more alternatives match at once under one node), cannot
be bounded statically without refusing ordinary rule bases: the adapter answers such a stratum with
the reference evaluator instead (`engines.durable_engine`).
"""

from __future__ import annotations

from typing import Any

from .schema import AllOf, AnyOf, Comparison, Condition, Established, FactRef, Not

MAX_EXPRESSIONS = 31  # expression slots of one rule's pattern (durable: MAX_SEQUENCE_EXPRESSIONS - 1)
MAX_IN_VALUES = 200  # values of one ``in:`` list
MAX_STRATUM_WIDTH = 480  # alternatives under one node of one network (durable hangs at 513)
MAX_RULE_WIDTH = MAX_STRATUM_WIDTH - 1  # one rule and the sink must fit in one network


def expressions(cond: Condition) -> int:
    """Expression slots the condition takes in durable's pattern (negation does not change the count)."""
    if isinstance(cond, Not):
        return expressions(cond.not_)
    if isinstance(cond, (AllOf, AnyOf)):
        children = cond.all if isinstance(cond, AllOf) else cond.any
        return 2 + sum(expressions(c) for c in children)
    if isinstance(cond, Comparison):
        if cond.op == "present":
            return 0
        if cond.op == "in":
            return 2
        return 2 + (1 if isinstance(cond.operand, FactRef) else 0)
    return 0  # established: one plain test


def rule_expressions(when: Condition) -> int:
    """The whole pattern: the rule's condition inside ``$and: [kind == dossier, …]``."""
    return 2 + expressions(when)


def width(cond: Condition) -> int:
    """Alternatives the condition may hang under one node: one per leaf, one per ``in:`` value."""
    if isinstance(cond, Not):
        return width(cond.not_)
    if isinstance(cond, (AllOf, AnyOf)):
        children = cond.all if isinstance(cond, AllOf) else cond.any
        return max(1, sum(width(c) for c in children))
    if isinstance(cond, Comparison) and cond.op == "in":
        return max(1, len(cond.operand))
    return 1


def rule_width(when: Condition) -> int:
    return 1 + width(when)


def split_stratum(book: Any, rule_ids: list[str]) -> list[list[str]]:
    """Consecutive groups of a stratum's rules, each narrow enough for one durable network."""
    chunks: list[list[str]] = [[]]
    used = 1  # the sink
    for rid in rule_ids:
        w = rule_width(book.rule(rid).when)
        if chunks[-1] and used + w > MAX_STRATUM_WIDTH:
            chunks.append([])
            used = 1
        chunks[-1].append(rid)
        used += w
    return chunks


def in_lists(cond: Condition) -> list[Any]:
    """The ``in:`` lists of a condition (to measure each)."""
    if isinstance(cond, Not):
        return in_lists(cond.not_)
    if isinstance(cond, (AllOf, AnyOf)):
        return [x for c in (cond.all if isinstance(cond, AllOf) else cond.any) for x in in_lists(c)]
    if isinstance(cond, Comparison) and cond.op == "in":
        return [cond.operand]
    return []


__all__ = [
    "MAX_EXPRESSIONS",
    "MAX_IN_VALUES",
    "MAX_RULE_WIDTH",
    "MAX_STRATUM_WIDTH",
    "Established",
    "expressions",
    "in_lists",
    "rule_expressions",
    "rule_width",
    "split_stratum",
    "width",
]
