"""Load a dossier from a dict, a YAML or a JSON file, with one French message per problem."""

from __future__ import annotations

import difflib
import functools
import json
import re
from pathlib import Path
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError

from .._base import libyaml as _libyaml
from .._base.errors import DossierInvalide, Probleme, apercu
from .dossier import Dossier, WrittenNumber

_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "bool_type": "vrai/faux attendu (true/false)",
    "bool_parsing": "vrai/faux attendu (true/false)",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "string_type": "texte attendu",
    "too_short": "au moins un élément attendu",
    "list_type": "liste attendue",
    "tuple_type": "liste attendue",
    "model_type": "objet (clés : valeurs) attendu",
    "dict_type": "objet (clés : valeurs) attendu",
    "model_attributes_type": "objet (clés : valeurs) attendu",
}


MAX_FILE_BYTES = 20 * 1024 * 1024  # a dossier is a few kilobytes; 20 MB is already absurd
MAX_NODES = 200_000  # values in one dossier once YAML aliases are expanded (an alias bomb is refused)
MAX_DEPTH = 40  # nesting of a dossier is at most ~6 levels; deeper is malformed or hostile


def _json_float(text: str) -> float:
    return WrittenNumber.of(float(text), text)


def _load_yaml(text: str, where: str = "", error_cls: type[DossierInvalide] | Any = DossierInvalide) -> Any:
    """The dossier in ``text``: through libyaml's C parser when the text is in its plain subset (the same
    data as `_yaml`, dates kept as text, decimals as `WrittenNumber`; cold start, issue 23), else ruamel —
    imported only then — whose errors become ``error_cls`` in French."""
    try:
        return _libyaml.load(text, dates_as_text=True, written_float=WrittenNumber.of)
    except _libyaml.Fallback:
        pass
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import YAMLError

    try:
        return _yaml().load(text)
    except DuplicateKeyError as exc:
        mark = getattr(exc, "problem_mark", None)
        key = re.search(r'duplicate key "([^"]*)"', str(exc.problem or ""))
        raise error_cls([Probleme(f"{where}:{mark.line + 1}" if mark else where,
                                  f"clé « {apercu(key.group(1) if key else '?')} » en double dans un même objet")]) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"{where}:{mark.line + 1}" if mark else where
        raise error_cls([Probleme(place, f"YAML invalide : {apercu(getattr(exc, 'problem', None) or exc, 200)}")]) from None


def _yaml() -> Any:
    """ruamel's safe reader with the dossier's constructor (`_dossier_constructor`)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _dossier_constructor()
    yaml.allow_duplicate_keys = False
    return yaml


@functools.cache
def _dossier_constructor() -> type:
    """YAML's safe constructor, except that an unquoted date stays text (the dossier model then checks it
    and names the field: ``2025-02-30`` is not a date of the calendar), and that a number keeps the text it
    was written as (``montant_ttc: 1.000`` is refused, not read as 1,00 €). Built on first use: ruamel is
    not imported at every start (issue 23)."""
    from ruamel.yaml.constructor import SafeConstructor

    class DossierConstructor(SafeConstructor):
        pass

    def written_float(constructor: SafeConstructor, node: Any) -> Any:
        value = SafeConstructor.construct_yaml_float(constructor, node)
        return WrittenNumber.of(value, str(node.value)) if isinstance(value, float) else value

    DossierConstructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
    DossierConstructor.add_constructor("tag:yaml.org,2002:float", written_float)
    return DossierConstructor


def load_dossier(source: Dossier | dict[str, Any] | str | Path, *, paths: bool = True) -> Dossier:
    """Return a validated `Dossier` from a model, a dict, or (if ``paths``) the path of a YAML/JSON file.

    ``paths=False`` (portfolios): a string is never opened as a file — a record must be a mapping.
    """
    if isinstance(source, Dossier):
        return source
    if isinstance(source, Path) or (isinstance(source, str) and paths):
        path = Path(source)
        data = read_structured_file(path, DossierInvalide)
        return dossier_from_dict(data, source=str(path))
    if isinstance(source, dict):
        return dossier_from_dict(source)
    raise DossierInvalide([Probleme("", f"dossier attendu (objet clés : valeurs{', fichier YAML/JSON' if paths else ''}), "
                                        f"reçu {type(source).__name__} « {apercu(source)} »")])


def read_structured_file(path: Path, error_cls: type[DossierInvalide] | Any) -> Any:
    """Parse YAML or JSON (by extension; YAML otherwise), turning parse errors into clear messages."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise error_cls([Probleme(str(path), f"fichier trop volumineux ({size} octets ; au plus {MAX_FILE_BYTES})")])
        raw = path.read_bytes()
    except OSError as exc:
        raise error_cls([Probleme(str(path), f"fichier illisible : {exc.strerror or exc}")]) from None
    return parse_text(raw, str(path), error_cls, json_format=path.suffix.lower() in (".json", ".jsonl"))


def decode_utf8(raw: bytes, where: str, error_cls: type[DossierInvalide] | Any = DossierInvalide) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error_cls([Probleme(f"{where}:{line}", f"texte non encodé en UTF-8 (octet 0x{raw[exc.start]:02x} "
                                                      "invalide) ; réenregistrez le fichier en UTF-8")]) from None


# The json module's messages (CPython's scanner and decoder), as a French reader reads them.
_JSON_FR = {
    "Expecting value": "valeur attendue",
    "Expecting property name enclosed in double quotes": "nom de champ entre guillemets droits attendu",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus",
    "Extra data": "texte en trop après le document",
    "Unterminated string starting at": "texte entre guillemets non terminé",
    "Invalid control character at": "caractère de contrôle interdit",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Invalid \\uXXXX escape": "séquence \\uXXXX invalide",
    "Illegal trailing comma before end of object": "virgule en trop avant la fin de l'objet",
    "Illegal trailing comma before end of array": "virgule en trop avant la fin de la liste",
}


def parse_text(raw: bytes | str, where: str, error_cls: type[DossierInvalide] | Any = DossierInvalide,
               *, json_format: bool = True) -> Any:
    """Parse one JSON (or YAML) document: UTF-8, no duplicate key, no alias bomb, bounded nesting."""
    text = decode_utf8(raw, where, error_cls) if isinstance(raw, bytes) else raw
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_json_float) if json_format \
            else _load_yaml(text, where, error_cls)
    except json.JSONDecodeError as exc:
        raise error_cls([Probleme(f"{where}:{exc.lineno}",
                                  f"JSON invalide : {_JSON_FR.get(exc.msg, exc.msg)} (colonne {exc.colno})")]) from None
    except _DuplicateKey as exc:
        raise error_cls([Probleme(where, f"clé « {apercu(exc.args[0])} » en double dans un même objet")]) from None
    except RecursionError:
        raise error_cls([Probleme(where, f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)")]) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a scalar the YAML resolver cannot build
        raise error_cls([Probleme(where, f"YAML invalide : {apercu(str(exc), 200)}")]) from None
    check_shape(data, where, error_cls)
    return data


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def check_shape(data: Any, where: str = "", error_cls: type[DossierInvalide] | Any = DossierInvalide) -> None:
    """Refuse a structure too deep, cyclic, or too large once its shared parts (YAML aliases) are
    counted as many times as they appear — what validation and messages would otherwise expand."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any, depth: int) -> int:
        if not isinstance(node, (dict, list, tuple)):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise error_cls([Probleme(where, "structure cyclique (un alias YAML se contient lui-même)")])
        if depth > MAX_DEPTH:
            raise error_cls([Probleme(where, f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)")])
        active.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_NODES:
                raise error_cls([Probleme(where, f"dossier trop volumineux une fois les alias YAML développés "
                                                 f"(plus de {MAX_NODES} valeurs)")])
        active.discard(key)
        sizes[key] = total
        return total

    size(data, 0)


def dossier_from_dict(data: Any, source: str | None = None) -> Dossier:
    if not isinstance(data, dict):
        raise DossierInvalide([Probleme("", "le dossier doit être un objet (clés : valeurs)")], source)
    check_shape(data, source or "")
    try:
        return Dossier.model_validate(data)
    except ValidationError as exc:
        raise DossierInvalide(translate_errors(exc, Dossier), source) from None
    except RecursionError:
        raise DossierInvalide([Probleme("", f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)")], source) from None


def translate_errors(exc: ValidationError, model: type[BaseModel]) -> list[Probleme]:
    """Turn pydantic errors into French messages naming the path (`factures[0].date_echeance`)."""
    problems = []
    errors = exc.errors(include_url=False)
    for err in errors:
        loc = [part for part in err["loc"] if not _is_union_tag(part)]
        if err["type"] == "extra_forbidden" and err["loc"]:
            # the last part is the user's unknown key, even when it reads like a pydantic tag ("none")
            loc = [part for part in err["loc"][:-1] if not _is_union_tag(part)] + [err["loc"][-1]]
        if counted_elsewhere(err, errors):
            continue
        path = format_path(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1])
            hint = difflib.get_close_matches(str(loc[-1])[:60], allowed, n=1)
            message = "champ inconnu" + (f" (vouliez-vous dire « {hint[0]} » ?)" if hint else "")
            if allowed:
                message += f" ; champs permis : {', '.join(sorted(allowed))}"
        elif kind in ("enum", "literal_error"):
            expected = err.get("ctx", {}).get("expected", "")
            choices = re.findall(r"'([^']*)'", expected)
            hint = difflib.get_close_matches(apercu(err.get("input")), choices, n=1)
            message = f"valeur « {apercu(err.get('input'))} » invalide"
            message += f" (vouliez-vous dire « {hint[0]} » ?)" if hint else ""
            message += f" ; valeurs permises : {', '.join(choices)}"
        elif kind == "value_error":
            message = str(err.get("ctx", {}).get("error", err["msg"]))
            if path == "" and " : " in message:
                path, message = message.split(" : ", 1)
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            ctx = err.get("ctx", {})
            bound = next(iter(ctx.values()), "")
            word = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[kind]
            message = f"valeur {apercu(err.get('input'))} hors limites (doit être {word} {bound})"
        elif kind == "string_too_short":
            message = "texte non vide attendu"
        else:
            message = _MESSAGES.get(kind, err["msg"])
        problems.append(Probleme(path, message))
    return problems


def counted_elsewhere(err: dict[str, Any], errors: list[dict[str, Any]]) -> bool:
    """pydantic reports a list as too short when its items failed: the real problem is inside."""
    loc = err["loc"]
    return err["type"] == "too_short" and any(len(o["loc"]) > len(loc) and o["loc"][: len(loc)] == loc for o in errors)


def format_path(loc: list[Any] | tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + apercu(str(part))
    return out


def _is_union_tag(part: Any) -> bool:
    # pydantic inserts the validator name of Optional/Annotated members into the location.
    return isinstance(part, str) and (part.startswith("function-") or part in ("none", "lax-or-strict"))


def _fields_at(model: type[BaseModel], loc: list[Any]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(getattr(current, "model_fields", {}).keys())


def _model_in(annotation: Any) -> Any:
    # get_origin first: on Python 3.10 `tuple[Facture, ...]` passes isinstance(_, type), then issubclass fails.
    if get_origin(annotation) is None and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None
