"""French labels of the dossier's enumerated values (« acte_execution » → « acte d'exécution »), from
data/libelles.yaml: what explanations, the timeline and the reports write instead of the value."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def libelles() -> dict[str, dict[str, str]]:
    from .._base.cache import cached_yaml  # parsed once per version of the file, not at every start

    text = resources.files("creances_rules").joinpath("data/libelles.yaml").read_text(encoding="utf-8")
    return dict(cached_yaml(text) or {})


def libelle(value: Enum | Any, kind: str | None = None) -> str:
    """The French label of an enum member (or of a value of the enum named ``kind``); a value without one
    loses its underscores."""
    if isinstance(value, Enum):
        kind, value = type(value).__name__, value.value
    text = str(value)
    if kind is not None:
        label = libelles().get(kind, {}).get(text)
        if label:
            return label
    for table in libelles().values():  # a value named without its enum (a fact's value): first table that has it
        if text in table:
            return table[text]
    return text.replace("_", " ")
