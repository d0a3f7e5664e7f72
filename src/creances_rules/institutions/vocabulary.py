"""The words rule files may use: facts (with their types), calculators, and stable codes.

The rulebook validates every rule against a `Vocabulary`; it never imports an engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any, Callable



class FactType(str, Enum):
    date = "date"
    money = "money"
    bool = "bool"
    int = "int"
    rate = "rate"
    enum = "enum"
    text = "text"


_PYTHON_TYPES: dict[FactType, tuple[type, ...]] = {
    FactType.date: (date,),
    FactType.money: (Decimal, int),
    FactType.bool: (bool,),
    FactType.int: (int,),
    FactType.rate: (Decimal, int),
    FactType.enum: (str,),
    FactType.text: (str,),
}


@dataclass(frozen=True)
class FactSpec:
    """One fact rules can read: from the dossier, derived in Python, or set by a qualification rule."""

    name: str
    type: FactType
    description: str
    choices: tuple[str, ...] = ()
    origin: str = "derive"  # "dossier" | "derive" | "qualification"
    depends_on: tuple[str, ...] = ()  # qualification facts a derived fact needs

    def accepts(self, value: Any) -> bool:
        if self.type is FactType.bool:
            return isinstance(value, bool)
        if isinstance(value, bool):
            return False
        if self.type is FactType.enum:
            return isinstance(value, str) and (not self.choices or value in self.choices)
        if self.type is FactType.date and not isinstance(value, date):
            return False
        return isinstance(value, _PYTHON_TYPES[self.type])


@dataclass(frozen=True)
class CalculatorSpec:
    """A named computation a rule's conclusion may call: its parameters and what it returns."""

    name: str
    function: Callable[..., Any]
    params: tuple[str, ...]
    required: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class CodeSpec:
    code: str
    label: str
    kind: str  # finding | action | warning
    deprecated_by: str | None = None
    since_label: str | None = None  # how the timeline names the start of a date-valued finding


@dataclass
class Vocabulary:
    facts: dict[str, FactSpec] = field(default_factory=dict)
    calculators: dict[str, CalculatorSpec] = field(default_factory=dict)
    codes: dict[str, dict[str, CodeSpec]] = field(default_factory=dict)
    citations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def code(self, kind: str, code: str) -> CodeSpec | None:
        return self.codes.get(kind, {}).get(code)


@lru_cache(maxsize=1)
def load_codes() -> dict[str, dict[str, CodeSpec]]:
    """The stable catalogue of finding, action and warning codes (SPEC §3), from package data."""
    raw = _load_data("codes.yaml")
    out: dict[str, dict[str, CodeSpec]] = {}
    for kind in ("finding", "action", "warning"):
        out[kind] = {
            code: CodeSpec(code, spec["label"], kind, spec.get("deprecated_by"), spec.get("since_label"))
            for code, spec in (raw.get(kind + "s") or {}).items()
        }
    return out


@lru_cache(maxsize=1)
def load_citations() -> dict[str, dict[str, Any]]:
    """The verified citation catalogue (article, Légifrance id and URL, version, verified_on)."""
    return dict(_load_data("citations.yaml") or {})


def _load_data(name: str) -> Any:
    text = resources.files("creances_rules").joinpath("data", name).read_text(encoding="utf-8")
    from .._base.libyaml import load_data

    return load_data(text)
