"""Where the package finds the rule base it ships; whether a path stays inside the directories a tool was given."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def builtin_rules_dir() -> Path:
    """The rule base shipped with the library (package data; the repository's ``rules/`` in a checkout)."""
    packaged = resources.files("creances_rules").joinpath("rules")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "rules"


def inside(path: Path | str, roots: "list[Path] | tuple[Path, ...]") -> bool:
    """True when ``path``, once every symbolic link is resolved, is one of ``roots`` or lies under one
    (issue 21: ``check`` and ``test`` followed links and absolute paths out of the directories they
    were given and printed what they read there)."""
    real = os.path.realpath(path)
    for root in roots:
        base = os.path.realpath(root)
        if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
            return True
    return False


OUTSIDE = "sort du répertoire donné (lien symbolique ou chemin absolu vers l'extérieur) : non lu"
