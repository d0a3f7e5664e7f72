"""The rule-file schema: what a rule file may say, validated by pydantic (data only, never code).

A rule file holds one legal institution: a summary, its references, what it does not model, and
rules. Each rule has a stable ``id``, a French ``title``, its ``citations`` (keys of the citation
catalogue), the ``period`` of law it belongs to, a declarative ``when`` condition and ``then``
conclusions (findings, actions, warnings, or qualification facts it ``set``s). A derogation is a
labelled ``exception_to`` another rule (default logic), never a priority number.

Conditions (``when``)::

    {all: [c, ...]}  {any: [c, ...]}  {not: c}
    {fact: NAME, eq|ne|lt|le|gt|ge: LITERAL or {fact: OTHER}}
    {fact: NAME, in: [LITERAL, ...]}      {fact: NAME, present: true|false}
    {established: CODE}                   # a finding (or qualification fact) concluded by another rule

Values in conclusions: a literal, ``{fact: NAME}``, ``{finding: CODE}`` (the value of an
established finding) or ``{calculator: NAME, args: {...}}``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RULE_ID_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"
COMPARATORS = ("eq", "ne", "lt", "le", "gt", "ge")
# str before Decimal: a quoted "57" stays text on every supported pydantic (2.6 takes the first member
# that accepts it strictly, and its strict Decimal accepts a numeric string; later ones prefer the exact type).
Literal_ = Union[bool, int, str, Decimal, date]


class _Strict(BaseModel):
    # defer_build: a validator is built on the first validation of each model, not at import. With the
    # rule cache warm nothing is validated (the cached book is unpickled), so a cold start skips them all.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, str_strip_whitespace=True,
                              defer_build=True)


# ----------------------------------------------------------------------------- conditions


class FactRef(_Strict):
    fact: str


_OPERATORS = tuple((op.rstrip("_"), op) for op in (*COMPARATORS, "in_", "present"))


class Comparison(_Strict):
    """A test on one fact; exactly one operator."""

    fact: str
    eq: Union[FactRef, Literal_, None] = None
    ne: Union[FactRef, Literal_, None] = None
    lt: Union[FactRef, Literal_, None] = None
    le: Union[FactRef, Literal_, None] = None
    gt: Union[FactRef, Literal_, None] = None
    ge: Union[FactRef, Literal_, None] = None
    in_: tuple[Literal_, ...] | None = Field(None, alias="in")
    present: bool | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Comparison:
        ops = [op for op, name in _OPERATORS if getattr(self, name) is not None]
        if len(ops) != 1:
            names = ", ".join(ops) or "aucun"
            raise ValueError(
                f"une comparaison porte exactement un opérateur parmi {', '.join(COMPARATORS)}, in, "
                f"present (ici : {names})"
            )
        return self

    def _operator(self) -> tuple[str, str]:
        """(operator, field name) of the one operator set; field values read directly (evaluation asks often)."""
        fields = self.__dict__
        for op, name in _OPERATORS:
            if fields[name] is not None:
                return op, name
        raise AssertionError("unreachable")

    @property
    def op(self) -> str:
        return self._operator()[0]

    @property
    def operand(self) -> Any:
        return self.__dict__[self._operator()[1]]


class AllOf(_Strict):
    all: tuple[Condition, ...]

    @field_validator("all", mode="before")
    @classmethod
    def _items(cls, value: Any) -> Any:
        return [_condition_field(v) for v in value] if isinstance(value, list) else value


class AnyOf(_Strict):
    any: tuple[Condition, ...] = Field(min_length=1)

    @field_validator("any", mode="before")
    @classmethod
    def _items(cls, value: Any) -> Any:
        return [_condition_field(v) for v in value] if isinstance(value, list) else value


class Not(_Strict):
    not_: Condition = Field(alias="not")

    @field_validator("not_", mode="before")
    @classmethod
    def _item(cls, value: Any) -> Any:
        return _condition_field(value)


class Established(_Strict):
    established: str


Condition = Union[AllOf, AnyOf, Not, Established, Comparison]  # AllOf, AnyOf and Not resolve it when first built


def parse_condition(raw: Any) -> Condition:
    """Dispatch on the keys so that errors speak of the form the author meant."""
    if isinstance(raw, dict):
        if "all" in raw:
            return AllOf.model_validate(raw)
        if "any" in raw:
            return AnyOf.model_validate(raw)
        if "not" in raw:
            return Not.model_validate(raw)
        if "established" in raw:
            return Established.model_validate(raw)
        if "fact" in raw:
            return Comparison.model_validate(raw)
    raise ValueError(
        "condition attendue : {all: [...]}, {any: [...]}, {not: ...}, {established: CODE} "
        "ou {fact: NOM, eq|ne|lt|le|gt|ge|in|present: ...}"
    )


def _condition_field(value: Any) -> Any:
    if isinstance(value, (AllOf, AnyOf, Not, Established, Comparison)):
        return value
    return parse_condition(value)


# ----------------------------------------------------------------------------- values


class CalculatorCall(_Strict):
    calculator: str
    args: dict[str, Any] = {}


class FindingRef(_Strict):
    finding: str


ValueExpr = Union[FactRef, FindingRef, CalculatorCall, Literal_]


# ----------------------------------------------------------------------------- conclusions


class FindingConclusion(_Strict):
    code: str
    value: ValueExpr = True
    since: ValueExpr | None = None
    details: ValueExpr | None = None
    assumptions: tuple[str, ...] = ()


class ActionConclusion(_Strict):
    code: str
    purpose: str = Field(min_length=1, description="ce que l'action doit obtenir, en français")
    priority: int = Field(ge=0, le=1000)
    deadline: ValueExpr | None = None
    amount: ValueExpr | None = None
    label: str | None = None
    conditions: ValueExpr | None = Field(
        None, description="voie judiciaire ou mesure : ce qu'elle exige et coûte (calculateur conditions_voie)")


class WarningConclusion(_Strict):
    code: str
    message: str = Field(min_length=1)
    citations: tuple[str, ...] = ()


class Conclusions(_Strict):
    findings: tuple[FindingConclusion, ...] = ()
    actions: tuple[ActionConclusion, ...] = ()
    warnings: tuple[WarningConclusion, ...] = ()
    set: dict[str, Literal_] = {}
    assumptions: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _not_empty(self) -> Conclusions:
        if not (self.findings or self.actions or self.warnings or self.set):
            raise ValueError("une règle conclut au moins un constat, une action, un avertissement ou un fait (set)")
        if self.set and (self.findings or self.actions):
            raise ValueError(
                "une règle de qualification (set) ne conclut ni constat ni action : "
                "séparer la qualification de ses conséquences"
            )
        return self


class Period(_Strict):
    """The period of law the rule belongs to, judged on the date of the fact named by ``by``."""

    from_: date | None = Field(None, alias="from")
    until: date | None = None
    by: str = Field(description="le fait dont la date choisit la loi applicable")
    note: str | None = None


class Rule(_Strict):
    id: str = Field(pattern=RULE_ID_PATTERN)
    title: str = Field(min_length=1)
    citations: tuple[str, ...] = Field(min_length=1)
    period: Period | None = None
    exception_to: tuple[str, ...] = ()
    when: Any
    then: Conclusions
    notes: str | None = None

    @field_validator("when", mode="before")
    @classmethod
    def _parse_when(cls, value: Any) -> Any:
        return _condition_field(value)

    @field_validator("exception_to", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @property
    def is_qualification(self) -> bool:
        return bool(self.then.set)


class Expectation(_Strict):
    fired: tuple[str, ...] = ()
    not_fired: tuple[str, ...] = ()
    findings: dict[str, Any] = {}
    absent_findings: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    absent_actions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


class Example(_Strict):
    """A worked example (facts → expected conclusions) that `creances check` runs."""

    name: str
    as_of: date
    dossier: dict[str, Any]
    expect: Expectation
    reasoning: str | None = None


class VersionSuivante(_Strict):
    """The version that follows the one a citation records, when known to exist (its text read or not)."""

    en_vigueur_du: date = Field(description="premier jour de la version suivante")
    texte_source: str = Field(min_length=1, description="texte qui la crée (ordonnance, décret…)")
    lue: bool = Field(False, description="la bibliothèque a lu cette version (sinon : avertissement version_non_lue)")
    citation: str | None = Field(None, description="clé de la citation de cette version, si elle est au catalogue")


class CitationRecord(_Strict):
    code: str
    article: str
    intitule: str | None = None
    legifrance_id: str | None = None
    url: str | None = None
    en_vigueur_du: date | None = None
    en_vigueur_au: date | None = None
    texte_source: str | None = None
    verified_on: date | None = None
    confiance: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    version_suivante: VersionSuivante | None = None


USER_CODE_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"


class CodeDeclaration(_Strict):
    """A code of the user's own (namespaced, e.g. ``cabinet.relance_avocat``): its French label."""

    label: str = Field(min_length=1, description="libellé français affiché")
    description: str | None = None
    since_label: str | None = None


class CodeDeclarations(_Strict):
    """Finding, action and warning codes a user rule directory adds to the stable catalogue."""

    findings: dict[str, CodeDeclaration] = {}
    actions: dict[str, CodeDeclaration] = {}
    warnings: dict[str, CodeDeclaration] = {}


class RuleFile(_Strict):
    institution: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    summary: str
    references: tuple[str, ...] = ()
    not_modelled: tuple[str, ...] = ()
    codes: CodeDeclarations = CodeDeclarations()
    citations: dict[str, CitationRecord] = {}
    rules: tuple[Rule, ...] = Field(min_length=1)
    examples: tuple[Example, ...] = ()
