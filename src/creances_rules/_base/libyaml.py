"""libyaml's C parser (through PyYAML) for the plain common case of a data file — a speed path, never the judge.

Parsing the rule base with ruamel's pure-Python parser is most of a cold start without cache (issue 14).
libyaml parses the same text ~20 times faster, but PyYAML resolves scalars by YAML 1.1 (``yes`` and
``on`` would become booleans, ``010`` an octal number, ``1:30`` a sexagesimal one) while our files
are read as YAML 1.2 by ruamel. So only libyaml's *events* are used here, and scalars are resolved
by ruamel's own 1.2 core-schema patterns (copied below) — and only in their simplest forms: ``true``,
``false``, ``null``, ``~``, decimal integers, ``1.5``-like decimals, ``2025-07-01`` dates, strings.

Anything else raises `Fallback`, and the caller reads the file with ruamel as before, which then
decides (and words the error): an anchor, an alias, any explicit tag, a ``%YAML`` directive, several
documents, a duplicate or non-scalar key, a merge key ``<<``, deep nesting, an octal or hexadecimal
number, a float with an exponent, a timestamp with a time, a tab, NEL/LS/PS line breaks, a syntax error,
libyaml missing. So every strictness rule of `_safe_yaml` and every error message stays ruamel's,
and ``tests/test_libyaml.py`` checks that both give the same data (and lines) on every shipped file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable

_DEPTH_LIMIT = 50  # deeper (the strict reader refuses past 100) is left to ruamel


class Fallback(Exception):
    """This text is not in the plain subset: read it with ruamel instead."""


class LocatedMap(dict):
    """A mapping read from a file, with the 0-based line of each key (``lines[key]``)."""

    __slots__ = ("lines",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}


class LocatedSeq(list):
    """A sequence read from a file, with the 0-based line where each item starts (``lines[i]``)."""

    __slots__ = ("lines",)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []


# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py), in its order of trial.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_FLOAT = re.compile(r"""^(?:
     [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0o?[0-7_]+
    |[-+]?[0-9_]+
    |[-+]?0x[0-9a-fA-F_]+)$""", re.X)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TIMESTAMP = re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?
    :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X)
# The simple forms built here; every other match of the patterns above goes to ruamel.
_SIMPLE_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_SIMPLE_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]+")
_SIMPLE_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NUMERIC_START = frozenset("-+0123456789.")
_SPECIAL_START = frozenset("-+0123456789.tTfFnN~<=")
# NEL/LS/PS are line breaks in YAML 1.1, not in 1.2; libyaml accepts tabs where ruamel does not.
_LEFT_TO_RUAMEL = ("\x85", "\u2028", "\u2029", "\t")


def _resolve(value: str) -> Any:
    """A plain (unquoted) scalar, as ruamel's YAML 1.2 resolver and safe constructor build it."""
    if not value:
        return None
    first = value[0]
    if first not in _SPECIAL_START:
        return value
    if first in "tTfF" and _BOOL.match(value):
        return value[0] in "tT"
    if first in _NUMERIC_START:
        if _FLOAT.match(value):
            if _SIMPLE_FLOAT.fullmatch(value):
                return float(value)
            raise Fallback
        if _INT.match(value):
            if _SIMPLE_INT.fullmatch(value):
                return int(value)
            raise Fallback
    if value in ("<<", "="):  # merge key and YAML 1.1 "value": ruamel's business
        raise Fallback
    if first in "~nN" and _NULL.match(value):
        return None
    if first.isdigit() and _TIMESTAMP.match(value):
        match = _SIMPLE_DATE.fullmatch(value)
        if match is None:
            raise Fallback
        return date(int(match[1]), int(match[2]), int(match[3]))
    return value


_parser_class: Any = None
_events: Any = None


def available() -> bool:
    """Whether libyaml's parser can be used (PyYAML installed with its C extension)."""
    global _parser_class, _events
    if _parser_class is None:
        try:
            from yaml import events
            from yaml._yaml import CParser
        except ImportError:
            _parser_class = False
        else:
            _parser_class, _events = CParser, events
    return bool(_parser_class)


def load(text: str, located: bool = False, *, dates_as_text: bool = False,
         written_float: Callable[[float, str], Any] | None = None) -> Any:
    """The document in ``text`` as dicts, lists and scalars; `LocatedMap`/`LocatedSeq` if ``located``.

    A dossier's reading (`models.loading`, a ruamel constructor of its own) in the plain subset:
    ``dates_as_text`` keeps an unquoted date as its text, ``written_float(value, text)`` builds each
    unquoted decimal from its value and the text it was written as.

    Raises `Fallback` whenever the text is outside the plain subset (see the module docstring)."""
    if not available() or any(ch in text for ch in _LEFT_TO_RUAMEL):
        raise Fallback
    try:
        return _Builder(_parser_class(text), located, _resolver(dates_as_text, written_float)).document()
    except Fallback:
        raise
    except Exception:  # a syntax error, an impossible date, a recursion limit…: ruamel will say it
        raise Fallback from None


def _resolver(dates_as_text: bool, written_float: Callable[[float, str], Any] | None) -> Callable[[str], Any]:
    """`_resolve`, or a dossier's reading of plain scalars (see `load`)."""
    if not dates_as_text and written_float is None:
        return _resolve

    def resolve(value: str) -> Any:
        resolved = _resolve(value)
        if type(resolved) is float and written_float is not None:
            return written_float(resolved, value)
        if type(resolved) is date and dates_as_text:
            return value  # only a plain AAAA-MM-JJ resolves to a date (`_resolve`): that is its text
        return resolved
    return resolve


class _Builder:
    def __init__(self, parser: Any, located: bool, resolve: Callable[[str], Any] = _resolve):
        ev = _events
        self.get = parser.get_event
        self.located, self.resolve = located, resolve
        self.Scalar, self.MapStart, self.MapEnd = ev.ScalarEvent, ev.MappingStartEvent, ev.MappingEndEvent
        self.SeqStart, self.SeqEnd = ev.SequenceStartEvent, ev.SequenceEndEvent

    def document(self) -> Any:
        ev = _events
        get = self.get
        if type(get()) is not ev.StreamStartEvent:
            raise Fallback
        start = get()
        if type(start) is not ev.DocumentStartEvent or start.version is not None or start.tags:
            raise Fallback  # empty stream, or a %YAML / %TAG directive
        root = self.node(get(), 0)
        if type(get()) is not ev.DocumentEndEvent or type(get()) is not ev.StreamEndEvent:
            raise Fallback  # several documents
        return root

    def node(self, event: Any, depth: int) -> Any:
        kind = type(event)
        if event.anchor is not None or kind not in (self.Scalar, self.MapStart, self.SeqStart) \
                or event.tag is not None:
            raise Fallback  # alias, anchor, or explicit tag
        if kind is self.Scalar:
            return self.resolve(event.value) if event.implicit[0] else event.value
        if depth >= _DEPTH_LIMIT:
            raise Fallback
        get, located = self.get, self.located
        if kind is self.SeqStart:
            seq: list[Any] = LocatedSeq() if located else []
            lines = seq.lines if located else None  # type: ignore[attr-defined]
            while True:
                item = get()
                if type(item) is self.SeqEnd:
                    return seq
                if lines is not None:
                    lines.append(item.start_mark.line)
                seq.append(self.node(item, depth + 1))
        mapping: dict[Any, Any] = LocatedMap() if located else {}
        key_lines = mapping.lines if located else None  # type: ignore[attr-defined]
        while True:
            key_event = get()
            kind = type(key_event)
            if kind is self.MapEnd:
                return mapping
            if kind is not self.Scalar or key_event.anchor is not None or key_event.tag is not None:
                raise Fallback  # a non-scalar key, an alias or a tag on a key
            key = self.resolve(key_event.value) if key_event.implicit[0] else key_event.value
            if key in mapping:
                raise Fallback  # duplicate key: ruamel refuses it, with its message
            if key_lines is not None:
                key_lines[key] = key_event.start_mark.line
            mapping[key] = self.node(get(), depth + 1)


def load_data(text: str) -> Any:
    """``ruamel.yaml.YAML(typ="safe", pure=True).load(text)`` — how shipped data files (codes, citations,
    rate tables) are read — through libyaml when the text is in the plain subset."""
    try:
        return load(text)
    except Fallback:
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).load(text)
