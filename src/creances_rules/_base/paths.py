"""Where the package finds the rule base it ships."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def builtin_rules_dir() -> Path:
    """The rule base shipped with the library (package data; the repository's ``rules/`` in a checkout)."""
    packaged = resources.files("creances_rules").joinpath("rules")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "rules"
