"""The answer for one dossier as of a date (SPEC §2): findings, actions, amounts, timeline, trace.

JSON-serialisable (``to_json``), readable by a lawyer (``to_text``), and shown as HTML in a notebook
(``_repr_html_``). This module knows nothing of its renderings and explanations: those modules
(``render``, ``explications``) read an assessment and register themselves here (`register`), so that
data flows one way — the assessment never imports what presents it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape
from typing import Annotated, Any, Callable, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .._base.formatting import date_courte

# What presents or explains an assessment, registered by the modules that do it:
# (class name, "html" | "text") -> function(obj) -> str ; ("Assessment", "explain" | "why_not") -> function.
_HOOKS: dict[tuple[str, str], Callable[..., Any]] = {}


def register(kind: str, what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn`` as the ``what`` ("html", "text", "explain"…) of objects of class ``kind``."""
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        _HOOKS[(kind, what)] = fn
        return fn
    return deco


def _hook(obj: Any, what: str) -> Callable[..., Any] | None:
    return _HOOKS.get((type(obj).__name__, what))


def _html(obj: Any) -> str:
    fn = _hook(obj, "html")
    return fn(obj) if fn is not None else f"<pre>{escape(repr(obj))}</pre>"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    def _repr_html_(self) -> str:
        return _html(self)


class _Shown(list):
    """A list of results that a notebook shows as a French table (its items stay plain models); in a
    plain Python session it prints as a short French listing, not as the models' full repr."""

    _titre = "éléments"
    _max = 12

    def _repr_html_(self) -> str:
        return _html(self)

    def _ligne(self, item: Any) -> str:
        return str(getattr(item, "label", None) or getattr(item, "message", None) or item)

    def __repr__(self) -> str:
        lines = [f"<{len(self)} {self._titre}>"]
        lines += [f"  {self._ligne(x)}" for x in list(self)[: self._max]]
        if len(self) > self._max:
            lines.append(f"  … et {len(self) - self._max} autres (list(…) pour tout voir)")
        return "\n".join(lines)

    __str__ = __repr__


class FindingList(_Shown):
    _titre = "constats"

    def _ligne(self, f: Any) -> str:
        value = "" if f.value is True else f" : {_court(f.value)}"
        return f"{f.code} — {f.label}{value}"


class ActionList(_Shown):
    _titre = "actions"

    def _ligne(self, x: Any) -> str:
        deadline = f" (au plus tard le {_court(x.deadline)})" if x.deadline else ""
        return f"{x.code} — {x.label}{deadline}"


class Timeline(_Shown):
    _titre = "dates"

    def _ligne(self, e: Any) -> str:
        return f"{_court(e.date)} {e.label}"


class Trace(_Shown):
    _titre = "règles examinées"

    def _ligne(self, r: Any) -> str:
        status = {"fired": "appliquée", "not_applicable": "non applicable", "undetermined": "indéterminée",
                  "overridden": "écartée"}.get(r.status, r.status)
        return f"[{status}] {r.rule}"


class WarningList(_Shown):
    _titre = "avertissements"

    def _ligne(self, w: Any) -> str:
        return f"{w.code} — {w.message[:100]}{'…' if len(w.message) > 100 else ''}"


def _court(value: Any) -> str:
    """A value in a one-line listing (dates dd/mm/yyyy, amounts in euros); the full French formatting is
    the presentation layer's."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, Decimal):
        whole, _, cents = f"{value:,.2f}".partition(".")
        return whole.replace(",", "\u202f") + "," + cents + " €"
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


class Citation(_Out):
    """An exact legal reference: code, article, the version in force, and its Légifrance link."""

    key: str
    code: str
    article: str
    intitule: str | None = None
    version_du: date | None = None
    version_au: date | None = None
    url: str | None = None
    legifrance_id: str | None = None
    verified_on: date | None = None
    confiance: str | None = None

    @property
    def is_article(self) -> bool:
        return re.match(r"^[LRDA]?\d+(-\d+)*( \(ancien\))?$", self.article) is not None

    def __str__(self) -> str:
        # Articles of a code read "C. civ., art. 1344"; case law, treaties and practice notes are
        # cited by their own designation ("Cass. com., 18 mai 2022, n° 20-23.204").
        text = f"{self.code}, art. {self.article}" if self.is_article else f"{self.code}, {self.article}"
        if self.version_au:
            text += f" (version en vigueur jusqu'au {date_courte(self.version_au)})"
        return text


class Finding(_Out):
    code: str
    label: str
    value: Any = True
    since: date | None = None
    citations: list[Citation] = []
    assumptions: list[str] = []
    basis: str | None = None
    details: Any = None
    rule: str


class Frais(_Out):
    """A cost of a route or measure: an amount only where a tariff in force that day was read."""

    code: str
    libelle: str
    montant: Decimal | None = None  # None: named without an amount (no tariff read for the date)
    a_la_charge: str | None = None
    source: str | None = None  # the text the amount comes from
    en_vigueur_du: date | None = None
    en_vigueur_au: date | None = None
    sources: list[str] = []
    confiance: str | None = None
    citation: Citation | None = None
    note: str | None = None


class DelaiIndicatif(_Out):
    """A published average duration (never a guess)."""

    libelle: str
    mois: Decimal
    annee: int
    source: str
    texte: str | None = None
    confiance: str | None = None


class ConditionsVoie(_Out):
    """What a judicial route or an enforcement measure requires and costs (SPEC §2)."""

    avocat_obligatoire: bool | None = None
    avocat_motif: str | None = None
    avocat_citations: list[Citation] = []
    frais: list[Frais] = []
    delai_indicatif: DelaiIndicatif | None = None


class Action(_Out):
    code: str
    label: str
    purpose: str
    priority: int
    deadline: date | None = None
    deadline_basis: str | None = None
    amount: Decimal | None = None
    amount_basis: str | None = None  # which part of the décompte the amount is, and how it is made
    citations: list[Citation] = []
    why: list[str] = []
    rule: str
    conditions: ConditionsVoie | None = None


class AmountLine(_Out):
    facture: str | None = None
    du: date
    au: date
    jours: int
    taux: Decimal
    base: Decimal
    montant: Decimal
    source: str | None = None


class AmountItem(_Out):
    """One accessory still due: ``montant`` = the sum of its ``lignes`` less what partial payments
    already absorbed (``deja_impute``, C. civ. 1343-1: payments go to interest first)."""

    code: str
    label: str
    montant: Decimal
    lignes: list[AmountLine] = []
    deja_impute: Decimal | None = None
    citations: list[Citation] = []
    hypotheses: list[str] = []
    # Periods not computed (rate not published, rule not modelled): named, never counted as 0 (SPEC: taux_inconnu).
    periodes_non_calculees: list[dict[str, Any]] = []


class LigneDecompte(_Out):
    """One line of the décompte (CPC 1407: « le décompte des différents éléments de la créance »).

    ``nature``: principal, penalites_l441_10, interets_moratoires, indemnite_forfaitaire, clause_penale,
    accessoires_payes (accessories already paid by imputation, negative), compensation (set-off to
    invoke, negative), or a nature added by another institution (e.g. a title's sums). ``citations``:
    keys of the citation catalogue."""

    nature: str
    facture: str | None = None
    # For a line not tied to one invoice (a title's sums): the invoices it stands for, so a part of the
    # décompte restricted to some invoices (a guarantor's) keeps the title that replaced them.
    factures_couvertes: tuple[str, ...] = ()
    libelle: str
    du: date | None = None
    au: date | None = None
    jours: int | None = None
    taux: Decimal | None = None
    base: Decimal | None = None
    montant: Decimal
    citations: list[str] = []


class AutreLecture(_Out):
    """The figure under the other reading of the imputation of payments (C. civ. 1343-1), when it differs."""

    imputation: str
    principal: Decimal
    accessoires: Decimal
    total: Decimal
    total_apres_compensation: Decimal
    message: str


class Amounts(_Out):
    """What can be claimed today. ``compensation`` is the legal set-off the creditor can invoke
    (C. civ. 1347: it extinguishes both debts only once invoked): ``total_apres_compensation`` shows
    the balance if it is invoked; ``total`` leaves it out.

    Built from the one décompte (finding ``decompte_creance``): ``montant_reclame`` is what every
    money action carries; ``lignes`` its breakdown (their sum is ``montant_reclame``);
    ``imputation`` the reading of C. civ. 1343-1 applied; ``autre_lecture`` the other reading's
    figure when it differs."""

    principal_restant_du: Decimal = Decimal("0.00")
    items: list[AmountItem] = []
    total: Decimal = Decimal("0.00")
    compensation: Decimal | None = None
    total_apres_compensation: Decimal | None = None
    accessoires: Decimal = Decimal("0.00")
    montant_reclame: Decimal = Decimal("0.00")
    imputation: str | None = None
    lignes: list[LigneDecompte] = []
    autre_lecture: AutreLecture | None = None
    hypotheses: list[str] = []
    # What the running penalties or interest add per day at the evaluation date: the décompte is « arrêté
    # au … sauf à parfaire » of this much a day (until the next rate period or payment).
    interets_journaliers: Decimal = Decimal("0.00")
    # What may be asked of the debtor now: ``montant_reclame`` less the invoices in ``non_reclamables`` (number →
    # the reason, naming the finding: prescription acquired, claim stayed by a collective proceeding).
    reclamable_maintenant: Decimal = Decimal("0.00")
    non_reclamables: dict[str, str] = {}


class TimelineEntry(_Out):
    date: date
    label: str
    kind: Literal["passe", "futur"]
    code: str | None = None


class RuleTrace(_Out):
    rule: str
    title: str
    institution: str
    phase: str
    status: Literal["fired", "not_applicable", "undetermined", "overridden"]
    failed_condition: str | None = None
    values_read: dict[str, Any] = {}
    missing_facts: list[str] = []
    overridden_by: list[str] = []


class Warning(_Out):
    code: str
    message: str
    citations: list[Citation] = []
    rule: str | None = None


@dataclass(frozen=True, slots=True)
class MontantEssentiel:
    """One accessory still due, by code: its amount (`AmountItem.montant`, the same figure)."""

    code: str
    montant: Decimal


@dataclass(frozen=True, slots=True)
class MontantsEssentiels:
    """The figures of `Amounts` a compact record or a typed row keeps, read from the same décompte by the same code."""

    principal_restant_du: Decimal
    total: Decimal
    interets_journaliers: Decimal
    montant_reclame: Decimal
    accessoires: Decimal
    items: list[MontantEssentiel]
    compensation: Decimal | None = None
    total_apres_compensation: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Conclusions:
    """An assessment's conclusions without what presents them (no timeline, amount lines, trace, ``why`` of the
    actions, conditions of the routes): what a portfolio's compact record and typed row read (`portfolio.compact`,
    `portfolio.sortie_typee.ligne`), computed by the same evaluation as the full `Assessment`
    (``evaluation.evaluate.conclusions``). ``_actualisation`` and ``_context``: as on an `Assessment`."""

    as_of: date
    reference: str | None
    rulebook: str
    findings: list[Finding]
    actions: list[Action]
    amounts: MontantsEssentiels
    warnings: list[Warning]
    valable_jusqu_au: date | None
    _actualisation: Any = None
    _context: EvaluationContext | None = None


class EvaluationContext:
    """What explanations need and the JSON form leaves out: the rule base, the facts each stratum of
    rules saw (per phase), the final derived facts and the dossier. Never pickled (a portfolio sends
    assessments between processes): a copy has none, and explanations then say so."""

    __slots__ = ("book", "results", "facts", "dossier")

    def __init__(self, book: Any = None, results: Any = None, facts: Any = None, dossier: Any = None):
        self.book, self.results, self.facts, self.dossier = book, results, facts, dossier

    def __reduce__(self) -> tuple[Any, ...]:
        return (EvaluationContext, ())


class Assessment(_Out):
    as_of: date
    reference: str | None = None
    engine: str
    rulebook: str = Field(description="empreinte des fichiers de règles utilisés")
    findings: Annotated[list[Finding], AfterValidator(FindingList)] = Field(default_factory=FindingList)
    actions: Annotated[list[Action], AfterValidator(ActionList)] = Field(default_factory=ActionList)
    amounts: Amounts = Amounts()
    timeline: Annotated[list[TimelineEntry], AfterValidator(Timeline)] = Field(default_factory=Timeline)
    trace: Annotated[list[RuleTrace], AfterValidator(Trace)] = Field(default_factory=Trace)
    warnings: Annotated[list[Warning], AfterValidator(WarningList)] = Field(default_factory=WarningList)
    assumptions: list[str] = []
    valable_jusqu_au: date | None = Field(
        None, description="dernier jour où constats, actions, délais et taux restent ce qu'ils sont, hors le cours "
                          "journalier des intérêts (amounts.interets_journaliers)")
    _context: EvaluationContext | None = PrivateAttr(default=None)
    # What a portfolio refresh needs to bring this assessment to a later date without the rule engine.
    _actualisation: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _lists_know_the_date(self) -> "Assessment":
        # so that a list shown alone links its citations to the versions in force on that date
        for xs in (self.findings, self.actions, self.timeline, self.trace, self.warnings):
            if isinstance(xs, _Shown):
                xs.as_of = self.as_of
        return self

    def finding(self, code: str) -> Finding | None:
        """The finding ``code`` if the assessment draws it, else None; a code that is no finding of the
        catalogue (a typo) raises, with the nearest codes (as ``explain`` does)."""
        found = next((f for f in self.findings if f.code == code), None)
        if found is None:
            self._known(code, "finding")
        return found

    def action(self, code: str) -> Action | None:
        """The first action ``code`` (the most urgent) if the assessment draws it, else None; an unknown
        code raises, with the nearest codes."""
        found = next((a for a in self.actions if a.code == code), None)
        if found is None:
            self._known(code, "action")
        return found

    def actions_of(self, code: str) -> list[Action]:
        return [a for a in self.actions if a.code == code]

    def _known(self, code: str, kind: str) -> None:
        fn = _HOOKS.get(("Assessment", "code"))
        if fn is not None:
            fn(self, code, kind)

    def __repr__(self) -> str:
        n = len(self.actions)
        ref = f"{self.reference} " if self.reference else ""
        montant = self.amounts.montant_reclame if self.amounts.lignes else self.amounts.total
        return (f"<Évaluation {ref}au {_court(self.as_of)} : {n} action{'s' if n != 1 else ''}, "
                f"{_court(montant)}>")

    def __str__(self) -> str:
        return self.to_text()

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_text(self, **options: Any) -> str:
        """The French report (``width=``, ``resume=True`` for the short form)."""
        fn = _hook(self, "text")
        return fn(self, **options) if fn is not None else repr(self)

    def explain(self, code: str) -> Any:
        """Why the finding, action or warning ``code`` holds — or, if it does not, why not (in French)."""
        return self._ask("explain", code)

    def why_not(self, code: str) -> Any:
        """Why ``code`` does not hold: the first failed condition of each rule that concludes it, traced
        back to the dossier's facts, or the facts missing (in French)."""
        return self._ask("why_not", code)

    def _ask(self, what: str, code: str) -> Any:
        fn = _hook(self, what)
        if fn is None:
            raise RuntimeError("explications indisponibles : module creances_rules.explications non chargé")
        return fn(self, code)
