"""Example dossiers installed with the package, so that the tour works from any directory.

    >>> from creances_rules import evaluate, examples
    >>> a = evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01")

Each one is hand-checked in ``tests/test_examples.py`` (dates and amounts with their articles).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["chemin", "noms"]

# The example files are package data beside the code: ``creances_rules/examples/`` (the repository's
# ``examples/`` link points there).
_DOSSIER = resources.files("creances_rules").joinpath("examples")


def noms() -> list[str]:
    """The names of the example dossiers."""
    return sorted(p.name.removesuffix(".yaml") for p in _DOSSIER.iterdir()
                  if p.name.endswith(".yaml"))


def chemin(nom: str) -> Path:
    """The file of the example dossier ``nom`` (e.g. ``"facture_b2b_impayee"``)."""
    path = _DOSSIER.joinpath(f"{nom}.yaml")
    if not path.is_file():
        raise ValueError(f"exemple « {nom} » inconnu ; exemples : {', '.join(noms())}")
    return Path(str(path))
