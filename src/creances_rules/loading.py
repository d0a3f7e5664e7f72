"""Load a dossier from a dict, a YAML or a JSON file, with one French message per problem."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .errors import DossierInvalide, Probleme
from .facts import Dossier

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


def load_dossier(source: Dossier | dict[str, Any] | str | Path) -> Dossier:
    """Return a validated `Dossier` from a model, a dict, or the path of a YAML/JSON file."""
    if isinstance(source, Dossier):
        return source
    if isinstance(source, (str, Path)):
        path = Path(source)
        data = read_structured_file(path, DossierInvalide)
        return dossier_from_dict(data, source=str(path))
    if isinstance(source, dict):
        return dossier_from_dict(source)
    raise DossierInvalide([Probleme("", f"dossier attendu (dict, fichier YAML/JSON), reçu {type(source).__name__}")])


def read_structured_file(path: Path, error_cls: type[DossierInvalide] | Any) -> Any:
    """Parse YAML or JSON (by extension; YAML otherwise), turning parse errors into clear messages."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error_cls([Probleme(str(path), f"fichier illisible : {exc.strerror or exc}")]) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return YAML(typ="safe", pure=True).load(text)
    except json.JSONDecodeError as exc:
        raise error_cls([Probleme(f"{path}:{exc.lineno}", f"JSON invalide : {exc.msg}")]) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise error_cls([Probleme(where, f"YAML invalide : {getattr(exc, 'problem', exc)}")]) from None


def dossier_from_dict(data: Any, source: str | None = None) -> Dossier:
    if not isinstance(data, dict):
        raise DossierInvalide([Probleme("", "le dossier doit être un objet (clés : valeurs)")], source)
    try:
        return Dossier.model_validate(data)
    except ValidationError as exc:
        raise DossierInvalide(translate_errors(exc, Dossier), source) from None


def translate_errors(exc: ValidationError, model: type[BaseModel]) -> list[Probleme]:
    """Turn pydantic errors into French messages naming the path (`factures[0].date_echeance`)."""
    problems = []
    errors = exc.errors(include_url=False)
    for err in errors:
        loc = [part for part in err["loc"] if not _is_union_tag(part)]
        if counted_elsewhere(err, errors):
            continue
        path = format_path(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1])
            hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            message = "champ inconnu" + (f" (vouliez-vous dire « {hint[0]} » ?)" if hint else "")
            if allowed:
                message += f" ; champs permis : {', '.join(sorted(allowed))}"
        elif kind in ("enum", "literal_error"):
            expected = err.get("ctx", {}).get("expected", "")
            choices = re.findall(r"'([^']*)'", expected)
            hint = difflib.get_close_matches(str(err.get("input")), choices, n=1)
            message = f"valeur « {err.get('input')} » invalide"
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
            message = f"valeur {err.get('input')} hors limites (doit être {word} {bound})"
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
            out += ("." if out else "") + str(part)
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
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None
