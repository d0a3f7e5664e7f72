"""The one module that talks to durable-rules: compile our validated rules to its JSON, drive its C core.

Every trap measured in ``shared/engine/durable-rules-probe.md`` is answered here, and tested:

- ``engine.Host`` starts timer threads that race and segfault: we never create one; we drive
  ``durable_rules_engine`` directly (create_ruleset / assert_fact / start_action_for_state).
- sessions are identified by 32-bit hashes and limited to 1,024: one fixed session id, ``"w0"``, per
  ruleset, used under a lock. The session lives as long as its ruleset: after each round the dossier's
  fact is retracted, which leaves it as it was before the round (creating and deleting a session per
  round cost two thirds of a round, measured). A round interrupted half way drops its ruleset (no
  poisoned worker after an error).
- a pattern the session's state fact can satisfy loops forever: every pattern is guarded by
  ``kind == "dossier"``.
- ``$not`` on derived facts misfires and ``when_any`` double-fires: neither is ever emitted;
  conclusions of earlier strata arrive as plain boolean fields, negation is pushed down to the
  leaves (De Morgan) and ``any`` becomes ``$or`` inside the one pattern.
- exceptions inside actions are swallowed: we register no action; fired rules are read from the
  action queue, by name only (the C core writes each action as ``{"<rule name>": <matched facts>}``:
  the name is read off the text, the facts, our own message, are never parsed back).
- deleting a session in which no action ever ran frees uninitialised pointers (``createStateNode``
  never sets ``context.messages``/``stateFact``, ``deleteStateNode`` frees them; found in the 2.0.28 C
  source): a session is deleted (with its ruleset) only once an action loop has run to its end in it.
- the C core keeps pointers into the strings it is given (ruleset name and JSON, fact JSON): each
  string lives as long as what points into it.
- strings and numbers compare as text, dates and ``Decimal`` are refused, exponent floats break the
  parser and big integers are clamped: dates become epoch days, money integer cents, rates integer
  ten-thousandths of a percent, strings NFC; the checker guarantees each literal has its fact's type.
- property names are compared by 32-bit FNV-1 hash: names are checked pairwise distinct at compile.
- it does not import on Python 3.13+: `available()` says so and the caller falls back.
"""

from __future__ import annotations

import functools
import itertools
import json
import threading
import unicodedata
import warnings
import weakref
from datetime import date
from decimal import Decimal
from typing import Any

from ..._base.errors import EngineError
from .. import limits
from ..book import Rulebook, walk_conditions
from ..schema import AllOf, AnyOf, Comparison, Condition, Established, FactRef, Not
from .base import ESTABLISHED
from .python_engine import PythonEngine

try:  # pragma: no cover - depends on the interpreter
    import durable_rules_engine as _dre

    IMPORT_ERROR: str | None = None
except Exception as exc:  # ImportError, or undefined symbol on Python 3.13+
    _dre = None
    IMPORT_ERROR = f"{type(exc).__name__}: {exc}"

_EPOCH = date(1970, 1, 1)
_SID = "w0"
_NEGATE = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}
_DURABLE_OP = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte", "ne": "$neq"}
_INT64 = 2**63 - 1
_names = itertools.count()


def available() -> bool:
    return _dre is not None


def field_name(fact: str) -> str:
    """durable reads dots as nested properties: flatten our dotted names."""
    return "f_" + fact.replace(".", "__").replace(":", "___")


def encode(value: Any) -> Any:
    """A fact value as durable can compare it exactly (int, bool or NFC string). Values repeat across
    strata and dossiers (dates, amounts, codes): each is encoded once."""
    try:
        return _encode_cached(value)
    except TypeError:  # unhashable: refused by _encode with its own message
        return _encode(value)


@functools.lru_cache(maxsize=1 << 16, typed=True)  # typed: True, 1 and Decimal(1) encode differently
def _encode_cached(value: Any) -> Any:
    return _encode(value)


def _encode(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, date):
        return (value - _EPOCH).days
    if isinstance(value, Decimal):
        scaled = value * 10000
        if scaled != scaled.to_integral_value():
            raise EngineError(f"valeur {value} non représentable exactement (au plus 4 décimales)")
        return _checked_int(int(scaled))
    if isinstance(value, int):
        return _checked_int(value * 10000)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    raise EngineError(f"type de valeur non pris en charge par durable-rules : {type(value).__name__}")


def _checked_int(value: int) -> int:
    if abs(value) > _INT64:
        raise EngineError(f"entier hors de la plage int64 de durable-rules : {value}")
    return value


def fnv1_32(text: str) -> int:
    """The hash durable-rules identifies sids, ids and property names by (``fnv1Hash32`` in state.c:
    xor then multiply — FNV-1a in fact — over C ``char``, which is signed on x86: bytes ≥ 0x80 are
    sign-extended before the xor)."""
    h = 2166136261
    for byte in text.encode("utf-8"):
        h ^= (byte - 256) & 0xFFFFFFFF if byte >= 0x80 else byte
        h = (h * 16777619) & 0xFFFFFFFF
    return h


class DurableEngine:
    """Evaluates strata with durable-rules; one compiled ruleset per (rulebook, phase, stratum)."""

    name = "durable"

    def __init__(self) -> None:
        if _dre is None:
            raise EngineError(f"durable-rules indisponible : {IMPORT_ERROR}")
        self._lock = threading.RLock()
        self._compiled: dict[tuple[str, int, str, int], list[_Network]] = {}
        self._finalizer = weakref.finalize(self, _free, self._compiled)

    def close(self) -> None:
        """Free the C rulesets (a notebook reloading rules calls this, or lets GC do it)."""
        self._finalizer()

    def fire(self, book: Rulebook, phase: str, index: int, rule_ids: list[str], facts: dict[str, Any]) -> set[str]:
        key = (book.fingerprint, id(book), phase, index)
        with self._lock:
            networks = self._compiled.get(key)
            if networks is None:
                # A stratum too wide for one network (the C core loops for ever past 512 alternatives under
                # a node) is split into rulesets asserted in turn: its rules do not read each other.
                networks = [_compile(book, chunk) for chunk in limits.split_stratum(book, rule_ids)]
                self._compiled[key] = networks
            if not networks:  # the C core failed on this stratum before: the reference evaluator
                return _REFERENCE.fire(book, phase, index, rule_ids, facts)
            fired: set[str] = set()
            try:
                for network in networks:
                    fired |= network.fire(facts)
            except _CoreFailure as failure:
                # e.g. error 303: more than 64 alternatives matched at once under one node (its DFS stack).
                # The stratum is answered by the reference evaluator of the same rules (same answers,
                # by construction and by the differential tests), now and from now on: what is accepted
                # never depends on the engine, and a C fault never reaches the user.
                _free({key: networks})
                self._compiled[key] = []
                warnings.warn(f"durable-rules : {failure} ; strate {phase} {index + 1} évaluée par le moteur "
                              "Python de référence", RuntimeWarning, stacklevel=2)
                return _REFERENCE.fire(book, phase, index, rule_ids, facts)
            except BaseException:
                # Interrupted between two calls into the C core (KeyboardInterrupt, an unexpected code): a
                # session may still hold this dossier's fact or an action under way. Its rulesets are
                # dropped and compiled afresh at the next round, so nothing of this dossier reaches another.
                _free({key: networks})
                del self._compiled[key]
                raise
            return fired


class _Network:
    """One compiled ruleset and its one session (sid ``"w0"``), kept from round to round."""

    __slots__ = ("handle", "names", "strings", "needed", "actions_ran", "settled")

    def __init__(self, handle: int, names: dict[str, str], strings: tuple[str, str],
                 needed: tuple[tuple[str, str], ...]) -> None:
        self.handle = handle
        self.names = names  # short rule name -> rule id
        self.strings = strings  # (name, JSON) the C core points into: they live as long as the handle
        self.needed = needed  # (fact, durable field) pairs the rules read
        self.actions_ran = False  # an action loop has run in the session: its C context pointers are set
        self.settled = True  # no round under way: the session holds only its own state fact

    def fire(self, facts: dict[str, Any]) -> set[str]:
        handle, names = self.handle, self.names
        self.settled = False
        # Only the facts this stratum's rules read, as ready-made JSON members (see _member).
        members = [_member(field, value) for name, field in self.needed if (value := facts.get(name)) is not None]
        members.append(_DOSSIER)
        # The C core reads the message in place during the call; the string outlives it (a local).
        message = "{" + ",".join(members) + "}"
        fired: set[str] = set()
        try:
            code, offset = _dre.assert_fact(handle, message)
            if code == 0:
                started = _dre.start_action_for_state(handle, offset)
                action = started[1] if started else None
                while action:
                    # The C core writes one action as `{"<rule name>":{…matched facts…}}` (serializeResult,
                    # state.c); our names are r0, r1, … : no quote or escape in them.
                    fired.add(names[action[2:action.index('"', 2)]])
                    self.actions_ran = True
                    action = _dre.complete_and_start_action(handle, offset)
            elif code != 1:  # 1: no pattern matched, the fact was not stored (no rule fires)
                raise EngineError(f"durable-rules : le fait n'a pas été traité (code {code})")
            # The fact leaves the session: its matches go with it, the session is as before the round
            # (the differential tests run thousands of dossiers through one session).
            _dre.retract_fact(handle, _RETRACT)
        except _dre.error as exc:
            # After a fault inside assert_fact the session is half built: deleting it frees pointers the
            # C core never set (segfault, measured). The caller drops the whole ruleset instead.
            raise _CoreFailure(str(exc)) from None
        self.settled = True
        del message
        return fired


_DOSSIER = f'"kind":"dossier","sid":"{_SID}","id":"dossier"'
_RETRACT = f'{{"sid":"{_SID}","id":"dossier"}}'
_MEMBERS: dict[tuple[str, type, Any], str] = {}
_MEMBERS_MAX = 1 << 14  # ~4 MB at most; a dossier brings ~50 new values, its strata share them


def _member(field: str, value: Any) -> str:
    """``"field":value`` as durable reads it, memoised: a dossier's values recur in every stratum and across
    dossiers (dates, amounts, codes, flags). The key holds the value's type, so ``True``, ``1`` and
    ``Decimal(1)`` (equal, with one hash) keep their own encodings; equal values of one type encode alike."""
    try:
        key = (field, type(value), value)
        member = _MEMBERS.get(key)
    except TypeError:  # unhashable: refused by encode with its own message
        return _json_member(field, value)
    if member is None:
        if len(_MEMBERS) >= _MEMBERS_MAX:
            _MEMBERS.clear()
        member = _MEMBERS[key] = _json_member(field, value)
    return member


def _json_member(field: str, value: Any) -> str:
    # Both sides written by json.dumps, as the whole message was: a name or a text with a quote stays JSON.
    return json.dumps(field, ensure_ascii=False) + ":" + json.dumps(encode(value), ensure_ascii=False)


def _compile(book: Rulebook, rule_ids: list[str]) -> _Network:
    names = {f"r{i}": rid for i, rid in enumerate(rule_ids)}
    ruleset = {
        short: {"all": [{"m": {"$and": [{"kind": "dossier"}, compile_condition(book.rule(rid).when)]}}]}
        for short, rid in names.items()
    }
    read: set[str] = set()
    for rid in rule_ids:
        for cond in walk_conditions(book.rule(rid).when):
            if isinstance(cond, Established):
                read.add(ESTABLISHED + cond.established)
            elif isinstance(cond, Comparison):
                read.add(cond.fact)
                if isinstance(cond.operand, FactRef):
                    read.add(cond.operand.fact)
    needed = tuple((name, field_name(name)) for name in sorted(read))
    check_distinct_hashes({f for _, f in needed} | {"kind", "sid", "id", _SID, "sid-" + _SID} | set(names))
    # The C core keeps pointers into both strings: they live as long as the handle.
    text = json.dumps(ruleset, ensure_ascii=False)
    name = f"creances_{next(_names)}"
    try:
        handle = _dre.create_ruleset(name, text)
    except _dre.error as exc:
        raise EngineError(f"durable-rules refuse le jeu de règles compilé : {exc}") from exc
    return _Network(handle, names, (name, text), needed)


class _CoreFailure(Exception):
    """durable-rules' C core refused a fact (an error code): the ruleset is no longer usable."""


_REFERENCE = PythonEngine()


def check_distinct_hashes(names: set[str]) -> None:
    """durable-rules tells names apart by their 32-bit hash only: two that collide would be confused."""
    seen: dict[int, str] = {}
    for name in sorted(names):
        other = seen.setdefault(fnv1_32(name), name)
        if other != name:
            raise EngineError(f"collision de hachage durable-rules entre « {other} » et « {name} »")


def _free(compiled: dict[Any, list[_Network]]) -> None:
    for networks in compiled.values():
        for network in networks:
            try:
                if network.settled and network.actions_ran:
                    # Only then are the session's C context pointers set (see the module doc); otherwise
                    # its memory is left to the process rather than risk freeing garbage.
                    _dre.delete_state(network.handle, _SID)
            except Exception:  # pragma: no cover - interpreter shutdown, or 309 (no session)
                pass
            try:
                _dre.delete_ruleset(network.handle)
            except Exception:  # pragma: no cover - interpreter shutdown
                pass
    compiled.clear()


def compile_condition(cond: Condition, negated: bool = False) -> dict[str, Any]:
    """Our condition as one durable pattern, negation pushed down to the leaves."""
    if isinstance(cond, Not):
        return compile_condition(cond.not_, not negated)
    if isinstance(cond, (AllOf, AnyOf)):
        parts = [compile_condition(c, negated) for c in (cond.all if isinstance(cond, AllOf) else cond.any)]
        conjunction = isinstance(cond, AllOf) != negated
        if not parts:  # all: [] is true; its negation is false
            return {"kind": "dossier"} if conjunction else {"$and": [{"kind": "never"}]}
        return {"$and" if conjunction else "$or": parts}
    if isinstance(cond, Established):
        name = field_name(ESTABLISHED + cond.established)
        return {"$nex": {name: 1}} if negated else {name: True}
    if isinstance(cond, Comparison):
        return _compile_comparison(cond, negated)
    raise EngineError(f"condition inconnue : {cond!r}")


def _compile_comparison(cond: Comparison, negated: bool) -> dict[str, Any]:
    name = field_name(cond.fact)
    present = {"$ex": {name: 1}}
    if cond.op == "present":
        return {"$ex" if cond.present != negated else "$nex": {name: 1}}
    if cond.op == "in":
        values = [encode(_literal(v)) for v in cond.operand]
        if negated:
            return {"$and": [present, *({"$neq": {name: v}} for v in values)]}
        return {"$or": [{name: v} for v in values]}
    op = _NEGATE[cond.op] if negated else cond.op
    operand = cond.operand
    if isinstance(operand, FactRef):
        other = field_name(operand.fact)
        right: Any = {"$m": other}
        guards = [present, {"$ex": {other: 1}}]
    else:
        right = encode(_literal(operand))
        guards = [present]
    test = {name: right} if op == "eq" else {_DURABLE_OP[op]: {name: right}}
    return {"$and": [*guards, test]}


def _literal(value: Any) -> Any:
    # YAML floats and ints are read as the fact's number type (Decimal); dates may come as strings.
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value
