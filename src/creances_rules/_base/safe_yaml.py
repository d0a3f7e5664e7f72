"""YAML for files written by others (rule files, expert test files): data only, bounded, never code.

A rule file is read on a firm's CI from a pull request: it must not be able to run code, read other
files, or exhaust memory. So, beyond ruamel's safe constructors:

- anchors and aliases are refused (a 700-byte "billion laughs" file expands to gigabytes once its
  aliases are followed; rule files never need them — repeat the value, or name a fact);
- explicit tags other than YAML's core ones are refused (``!!python/object…``, ``!include``…): the
  loader never builds an object from a tag, it says which tag it refused, and where;
- nesting depth is bounded (a structure nested thousands deep would exhaust the recursion limit);
- the text must be UTF-8 (the error says so instead of a ``UnicodeDecodeError`` traceback).

Speed (cold start, issue 14): ``typ="safe"`` and ``typ="located"`` first try libyaml's C parser on the
plain subset of YAML 1.2 (`_libyaml`), and read the text with ruamel as before whenever it declines —
which it does for every construct refused above and for every error, so the rules and the messages
here stay ruamel's. ``typ="located"`` gives dicts and lists that carry the line of each key and item
(`LocatedMap`, `LocatedSeq`), for messages that name file:line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

from . import libyaml as _libyaml
from .libyaml import LocatedMap, LocatedSeq

MAX_DEPTH = 100
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class RefusedYAML(YAMLError):
    """A construct refused in a data file: carries the line (1-based) and a French message."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _StrictComposer(Composer):
    # Our own count of the nodes being composed above this one (ruamel's `depth` exists only from 0.19.1).
    _nesting = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, AliasEvent):
            raise RefusedYAML(line, f"alias YAML « *{event.anchor} » refusé : répéter la valeur (les alias "
                                    "et ancres sont interdits dans les fichiers de règles et de tests)")
        if getattr(event, "anchor", None) is not None:
            raise RefusedYAML(line, f"ancre YAML « &{event.anchor} » refusée : répéter la valeur (les alias "
                                    "et ancres sont interdits dans les fichiers de règles et de tests)")
        tag = getattr(event, "tag", None)
        if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and tag is not None:
            tag_text = str(getattr(tag, "value", tag))
            if tag_text not in _CORE_TAGS and tag_text not in ("!", "?"):
                shown = tag_text.replace("tag:yaml.org,2002:", "!!")
                raise RefusedYAML(line, f"balise YAML « {shown} » refusée : un fichier de règles ne contient "
                                        "que des données (aucun objet, aucun fichier inclus)")
        if self._nesting >= MAX_DEPTH:
            raise RefusedYAML(line, f"structure imbriquée sur plus de {MAX_DEPTH} niveaux")
        self._nesting += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._nesting -= 1


def strict_yaml(typ: str = "rt") -> YAML:
    yaml = YAML(typ=typ, pure=True)
    yaml.Composer = _StrictComposer
    return yaml


def read_text(path: Path) -> str:
    """The file's text, UTF-8 (a BOM is tolerated); `UnicodeDecodeError` becomes a `ValueError` in French."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"{line}:fichier non UTF-8 (octet {data[exc.start]:#04x} illisible) : "
                         "l'enregistrer en UTF-8") from None


def load_text(text: str, typ: str = "rt") -> Any:
    """Parse YAML text strictly; raises `YAMLError` (with ``problem_mark``) or `RefusedYAML` (with ``line``).

    ``typ``: ``"rt"`` (ruamel's commented maps), ``"safe"`` (plain dicts and lists) or ``"located"``
    (`LocatedMap` / `LocatedSeq`: plain data plus the line of each key and item)."""
    if typ in ("safe", "located"):
        try:
            return _libyaml.load(text, located=typ == "located")
        except _libyaml.Fallback:
            pass
    try:
        if typ == "located":
            return _located(strict_yaml("rt").load(text))
        return strict_yaml(typ).load(text)
    except RecursionError:
        raise RefusedYAML(1, "structure trop profondément imbriquée") from None
    except ComposerError:
        raise


def plain(node: Any) -> Any:
    """A parsed document as built-in dicts and lists with string keys, for model validation (the
    line-carrying containers stay with the caller, to name file:line in its errors)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


def _located(node: Any) -> Any:
    """ruamel's round-trip document as `LocatedMap` / `LocatedSeq` of plain scalars (lines from ``lc``)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        mapping = LocatedMap()
        for key, value in node.items():
            plain_key = _plain_scalar(key)
            mapping[plain_key] = _located(value)
            # keys brought in by a merge ``<<`` have no line of their own: the mapping's line
            mapping.lines[plain_key] = node.lc.data[key][0] if key in node.lc.data else node.lc.line
        return mapping
    if isinstance(node, CommentedSeq):
        seq = LocatedSeq()
        for i, value in enumerate(node):
            seq.append(_located(value))
            seq.lines.append(node.lc.item(i)[0])
        return seq
    return _plain_scalar(node)


def _plain_scalar(value: Any) -> Any:
    """ruamel's scalar subclasses (ScalarFloat, LiteralScalarString…) as the built-in type they extend."""
    from ruamel.yaml.scalarbool import ScalarBoolean

    if isinstance(value, ScalarBoolean):  # an int subclass that stands for a bool
        return bool(value)
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value) if type(value) is not kind else value
    return value


def error_line(exc: YAMLError) -> int | None:
    if isinstance(exc, RefusedYAML):
        return exc.line
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def error_message(exc: YAMLError) -> str:
    if isinstance(exc, RefusedYAML):
        return exc.message
    return f"YAML invalide : {getattr(exc, 'problem', None) or exc}"


class UnreadableYAMLFile(Exception):
    """A YAML file that cannot be read or parsed: ``where`` (``file`` or ``file:line``) and a French message."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where} : {message}")
        self.where, self.message = where, message


def load_file(path: Path, typ: str = "rt") -> Any:
    """Read and parse one YAML file strictly; any problem is an `UnreadableYAMLFile` naming file:line."""
    try:
        return load_text(read_text(path), typ)
    except OSError as exc:
        raise UnreadableYAMLFile(str(path), f"fichier illisible : {exc.strerror or exc}") from None
    except YAMLError as exc:
        line = error_line(exc)
        raise UnreadableYAMLFile(f"{path}:{line}" if line else str(path), error_message(exc)) from None
    except ValueError as exc:  # not UTF-8 ("line:message"), or a scalar ruamel cannot build (2025-02-30)
        line, _, message = str(exc).partition(":") if str(exc)[:1].isdigit() else ("", "", str(exc))
        detail = message if line else f"YAML invalide : valeur illisible ({message})"
        raise UnreadableYAMLFile(f"{path}:{line}" if line else str(path), detail) from None
