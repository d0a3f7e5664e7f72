"""Exceptions of creances_rules: every one carries French messages that name the field or the file."""

from __future__ import annotations

import reprlib
from dataclasses import dataclass

_SHORT = reprlib.Repr()  # bounded depth and width: an aliased YAML structure is never expanded
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxdict = 2, 4, 4, 4
_SHORT.maxstring = _SHORT.maxother = 60


def apercu(value: object, limit: int = 60) -> str:
    """A short view of a user's value for an error message (never the whole of a huge input)."""
    try:
        text = value if isinstance(value, str) else _SHORT.repr(value)
    except Exception:  # a value whose repr fails
        text = f"<{type(value).__name__}>"
    if len(text) > limit:
        return f"{text[:limit]}… ({len(text)} caractères)"
    return text


class CreancesError(Exception):
    """Base class of the library's errors."""


@dataclass(frozen=True)
class Probleme:
    """One problem in the user's input: where (a field path or file:line) and what."""

    ou: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """The structured form of a batch error record: ``{"path": …, "message": …}``."""
        return {"path": self.ou, "message": self.message}

    def __str__(self) -> str:
        return f"{self.ou} : {self.message}" if self.ou else self.message


class _ProblemList(CreancesError, ValueError):
    entete = "Problèmes"

    def __init__(self, problemes: list[Probleme], source: str | None = None):
        self.problemes = list(problemes)
        self.source = source
        super().__init__(self._format())

    def errors(self) -> list[dict[str, str]]:
        """The problems as data, ``[{path, message}]`` (a field path, or ``file:line [rule id]``)."""
        return [p.as_dict() for p in self.problemes]

    def _format(self) -> str:
        head = f"{self.entete}" + (f" ({self.source})" if self.source else "") + " :"
        return "\n".join([head, *(f"  - {p}" for p in self.problemes)])


class DossierInvalide(_ProblemList):
    """The dossier (facts) does not validate; one message per problem, naming the field path."""

    entete = "Dossier invalide"


class RuleFileError(_ProblemList):
    """A rule file does not validate; messages name file, line and rule id."""

    entete = "Fichier de règles invalide"


class RuleConflictError(CreancesError):
    """Two rules reached the same conclusion code with no exception between them (default logic)."""


class EngineError(CreancesError):
    """The rule engine failed; never raised for bad user input, which is caught before."""
