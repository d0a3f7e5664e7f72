"""Read rule files (YAML) into the schema, with errors that name file, line and rule id."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

if TYPE_CHECKING:
    from .._base.libyaml import LocatedMap
from .._base.errors import Probleme, RuleFileError
from .._base.paths import OUTSIDE, builtin_rules_dir, inside  # builtin_rules_dir: read here by the rulebook and the tools
from ..models.loading import counted_elsewhere, format_path
from .schema import RuleFile


RULE_SUFFIXES = (".yaml", ".yml")


def rule_files(directory: Path) -> list[Path]:
    """The rule files of a directory (``*.yaml`` and ``*.yml``, first level, ``_*`` excluded).

    A directory without any is an error (a typo in a CI path must not pass as "OK"); what is left
    aside is listed by `skipped_entries` so that ``creances check`` can say so.
    """
    if directory.is_file():
        if directory.suffix.lower() not in RULE_SUFFIXES:
            raise RuleFileError([Probleme(str(directory), "fichier de règles attendu (.yaml ou .yml)")])
        return [directory]
    if not directory.is_dir():
        raise RuleFileError([Probleme(str(directory), "dossier de règles introuvable")])
    candidates = sorted(p for p in directory.iterdir()
                        if p.suffix.lower() in RULE_SUFFIXES and not p.name.startswith("_"))
    outside = [p for p in candidates if not inside(p, [directory])]
    if outside:  # refused before anything is read: nothing of an outside file is ever shown
        raise RuleFileError([Probleme(str(p), OUTSIDE) for p in outside])
    found = [p for p in candidates if p.is_file()]
    if not found:
        raise RuleFileError([Probleme(str(directory), "aucun fichier de règles (.yaml ou .yml) dans ce répertoire"
                                      + _skipped_note(directory))])
    return found


def skipped_entries(directory: Path) -> list[str]:
    """What `rule_files` leaves aside in a directory, in French (sub-directories, other files)."""
    if not directory.is_dir():
        return []
    out = []
    for p in sorted(directory.iterdir()):
        if p.name.startswith("."):
            continue
        if p.is_dir():
            out.append(f"{p} : sous-répertoire non lu (les règles se lisent au premier niveau ; "
                       "le passer en argument s'il contient des règles)")
        elif p.suffix.lower() in RULE_SUFFIXES and p.name.startswith("_"):
            out.append(f"{p} : fichier non lu (nom commençant par « _ »)")
        elif p.suffix.lower() not in RULE_SUFFIXES:
            out.append(f"{p} : fichier non lu (ni .yaml ni .yml)")
    return out


def _skipped_note(directory: Path) -> str:
    skipped = skipped_entries(directory)
    return f" ({len(skipped)} élément(s) non lu(s) : sous-répertoires ou autres fichiers)" if skipped else ""


def load_rule_file(path: Path) -> tuple[RuleFile, LocatedMap]:
    """Parse and validate one file; return the model and the raw document (for line numbers)."""
    # The YAML readers are imported when files are read, not by a start that finds the rule base cached.
    from .._base.libyaml import LocatedMap
    from .._base.safe_yaml import UnreadableYAMLFile, load_file, plain

    try:
        raw = load_file(path, typ="located")
    except UnreadableYAMLFile as exc:
        raise RuleFileError([Probleme(exc.where, exc.message)]) from None
    if not isinstance(raw, LocatedMap):
        raise RuleFileError([Probleme(f"{path}:1", "un fichier de règles est un objet YAML (clés : valeurs)")])
    try:
        return RuleFile.model_validate(plain(raw)), raw
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise RuleFileError([_problem(path, raw, err) for err in errors if not counted_elsewhere(err, errors)]) from None


def locate(path: Path, raw: Any, loc: tuple[Any, ...] | list[Any]) -> str:
    """``file:line [rule id]`` for a location inside the raw document."""
    from .._base.libyaml import LocatedMap, LocatedSeq

    line, node, rule_id = 1, raw, None
    for i, part in enumerate(loc):
        try:
            if isinstance(node, LocatedMap) and part in node:
                line = node.lines[part] + 1
                node = node[part]
            elif isinstance(node, LocatedSeq) and isinstance(part, int) and part < len(node):
                line = node.lines[part] + 1
                node = node[part]
                if i == 1 and loc[0] == "rules" and isinstance(node, LocatedMap):
                    rule_id = node.get("id")
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    return f"{path}:{line}" + (f" [{rule_id}]" if rule_id else "")


def _problem(path: Path, raw: LocatedMap, err: dict[str, Any]) -> Probleme:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    where = locate(path, raw, loc)
    field = format_path(loc)
    if err["type"] == "extra_forbidden":
        known = _known_keys(loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        message = f"clé inconnue « {loc[-1]} »" + (f" (vouliez-vous dire « {hint[0]} » ?)" if hint else "")
    elif err["type"] == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
    elif err["type"] == "missing":
        message = f"clé obligatoire « {loc[-1]} » manquante"
    elif err["type"] == "string_pattern_mismatch":
        message = f"valeur « {err.get('input')} » mal formée (attendu : {err.get('ctx', {}).get('pattern')})"
    else:
        message = err["msg"]
    return Probleme(where, f"{field} : {message}" if field else message)


_KEYS = {
    "file": ("institution", "title", "summary", "references", "not_modelled", "codes", "citations", "rules", "examples"),
    "codes": ("findings", "actions", "warnings"),
    "rule": ("id", "title", "citations", "period", "exception_to", "when", "then", "notes"),
    "then": ("findings", "actions", "warnings", "set", "assumptions"),
    "finding": ("code", "value", "since", "details", "assumptions"),
    "action": ("code", "purpose", "priority", "deadline", "amount", "label"),
    "warning": ("code", "message", "citations"),
    "period": ("from", "until", "by", "note"),
    "example": ("name", "as_of", "dossier", "expect", "reasoning"),
    "expect": ("fired", "not_fired", "findings", "absent_findings", "actions", "absent_actions", "warnings"),
}


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return list(_KEYS["file"])
    last = names[-1]
    return list(
        {
            "rules": _KEYS["rule"],
            "codes": _KEYS["codes"],
            "then": _KEYS["then"],
            "findings": _KEYS["finding"],
            "actions": _KEYS["action"],
            "warnings": _KEYS["warning"],
            "period": _KEYS["period"],
            "examples": _KEYS["example"],
            "expect": _KEYS["expect"],
        }.get(last, ())
    )
