"""YAML for files written by others (rule files, expert test files): data only, bounded, never code.

A rule file is read on a firm's CI from a pull request: it must not be able to run code, read other
files, or exhaust memory. So, beyond ruamel's safe constructors:

- anchors and aliases are refused (a 700-byte "billion laughs" file expands to gigabytes once its
  aliases are followed; rule files never need them — repeat the value, or name a fact);
- explicit tags other than YAML's core ones are refused (``!!python/object…``, ``!include``…): the
  loader never builds an object from a tag, it says which tag it refused, and where;
- nesting depth is bounded (a structure nested thousands deep would exhaust the recursion limit);
- the text must be UTF-8 (the error says so instead of a ``UnicodeDecodeError`` traceback).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

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
        if self.depth >= MAX_DEPTH:
            raise RefusedYAML(line, f"structure imbriquée sur plus de {MAX_DEPTH} niveaux")
        return super().compose_node(parent, index)


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
    """Parse YAML text strictly; raises `YAMLError` (with ``problem_mark``) or `RefusedYAML` (with ``line``)."""
    try:
        return strict_yaml(typ).load(text)
    except RecursionError:
        raise RefusedYAML(1, "structure trop profondément imbriquée") from None
    except ComposerError:
        raise


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
