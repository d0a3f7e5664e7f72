"""Named calculators that rule files call in their conclusions (dates, amounts, details).

A rule names a calculator and its arguments (``{calculator: fin_de_delai, args: {depart: {fact: as_of},
jours: 8}}``); the computation itself lives in the calculator modules (`delais`, `montants`,
`prescription`). Each calculator receives the evaluation context first, then the rule's arguments,
already resolved to values. It returns a plain value or a `Computed` carrying its explanation.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable

from .derive import Derivation
from ..models.dossier import Dossier, Mention
from .vocabulary import CalculatorSpec

CALCULATORS: dict[str, CalculatorSpec] = {}


@dataclass
class Computed:
    """A calculator's value with what a lawyer needs to check it."""

    value: Any
    basis: str | None = None  # how it was computed, in French
    details: Any = None
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)  # citation-catalogue keys


class CodedWarning(str):
    """A calculator warning that carries its stable code (plain strings get ``droit_incertain``)."""

    code: str


def coded_warning(code: str, message: str) -> CodedWarning:
    warning = CodedWarning(message)
    warning.code = code
    return warning


@dataclass
class Context:
    dossier: Dossier
    as_of: date
    derivation: Derivation
    findings: dict[str, Any]  # code -> materialised Finding, for {finding: code}

    @property
    def facts(self) -> dict[str, Any]:
        return self.derivation.facts

    @property
    def departement(self) -> str | None:
        return self.dossier.debiteur.departement


@lru_cache(maxsize=1)
def _descriptions_fr() -> dict[str, str]:
    from importlib import resources

    from .._base.libyaml import load_data

    text = resources.files("creances_rules").joinpath("data/calculateurs.yaml").read_text(encoding="utf-8")
    return dict(load_data(text) or {})


def description(spec: CalculatorSpec) -> str:
    """What a calculator computes, in French (data/calculateurs.yaml, else its docstring's first line)."""
    return _descriptions_fr().get(spec.name, spec.description)


def calculator(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        params = list(inspect.signature(fn).parameters.values())[1:]  # first one is the context
        CALCULATORS[name] = CalculatorSpec(
            name=name,
            function=fn,
            params=tuple(p.name for p in params),
            required=tuple(p.name for p in params if p.default is inspect.Parameter.empty),
            description=(fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else name,
        )
        return fn

    return register


# --------------------------------------------------------------------------- generic


@calculator("plus_ancienne_date")
def plus_ancienne_date(ctx: Context, dates: list[date | None]) -> date | None:
    """The earliest of the given dates that are known."""
    known = [d for d in dates if d is not None]
    return min(known) if known else None


# --------------------------------------------------------------------------- délais (CPC 640-642)


@calculator("fin_de_delai")
def fin_de_delai(ctx: Context, depart: date, jours: int = 0, mois: int = 0, ans: int = 0) -> Computed | None:
    """Last day of a procedural délai from ``depart`` (CPC 640–642, holidays of the debtor's territory)."""
    from ..law import delais

    if depart is None:
        return None
    result = delais.fin_de_delai(depart, jours=jours, mois=mois, ans=ans, departement=ctx.departement)
    return Computed(result.date, basis=" ".join(result.explication), details=result,
                    warnings=list(result.avertissements), citations=["cpc_640", "cpc_641", "cpc_642"])


@dataclass(frozen=True)
class GlissementDeadline:
    """How a recommended date moves with the evaluation date: ``cible`` (start + days, None without a
    start) but never before the evaluation date + ``au_plus_tot``; ``glissante``: it is that floor now."""

    cible: date | None
    au_plus_tot: int
    glissante: bool


def date_conseillee_au(cible: date | None, au_plus_tot: int, as_of: date, departement: str | None) -> date:
    """The recommended date as of ``as_of``: ``cible`` (a start plus its days; None: the evaluation date) but never
    before ``as_of`` + ``au_plus_tot``, moved to the next working day of the debtor's territory (CPC 642 calendar).
    `date_conseillee` computes with it; a portfolio refresh recomputes a moving deadline with it."""
    from ..law import delais

    target = cible if cible is not None else as_of
    floor = as_of + timedelta(days=au_plus_tot)
    if target < floor:
        target = floor
    if not delais.est_jour_ouvrable(target, departement):
        target = delais.prochain_jour_ouvrable(target, departement)
    return target


@calculator("date_conseillee")
def date_conseillee(ctx: Context, depart: date | None, jours: int = 0, au_plus_tot: int = 0) -> Computed:
    """A recommended date (practice, not law): ``depart`` + ``jours``, but never before the assessment
    date + ``au_plus_tot`` days (which staggers the steps still to do), on a working day of the debtor's
    territory (CPC 642 calendar)."""
    cible = depart + timedelta(days=jours) if depart is not None else None
    floor = ctx.as_of + timedelta(days=au_plus_tot)
    # Counted from the evaluation date (no start, or a start already passed): the date moves with it.
    glissante = GlissementDeadline(cible, au_plus_tot, cible is None or cible < floor)
    basis = f"{jours} jours après le {depart.strftime('%d/%m/%Y')}" if depart is not None else "dès que possible"
    if cible is not None and cible < floor:
        basis = "date déjà passée : " + (f"{au_plus_tot} jours après la date d'évaluation" if au_plus_tot
                                          else "dès la date d'évaluation")
    target = date_conseillee_au(cible, au_plus_tot, ctx.as_of, ctx.departement)
    if target != max(cible or ctx.as_of, floor):
        basis += ", reportée au premier jour ouvrable"
    return Computed(target, basis=f"Date conseillée (pratique, non imposée par la loi) : {basis}.", details=glissante)


# --------------------------------------------------------------------------- exigibilité


@calculator("exigibilite_factures")
def exigibilite_factures(ctx: Context, depuis: date | None = None) -> Computed:
    """Per invoice: its due date and where it comes from (stipulated, agreed term, default term).

    ``depuis``: the first due date of what is claimed (the décompte's, which counts an invoice paid late
    whose penalties remain due); by default the first due date of an unpaid invoice."""
    details = [
        {
            "facture": s.facture.numero,
            "date_exigibilite": s.date_exigibilite,
            "fondement": s.base_exigibilite,
            "supposee": s.supposee,
            "reste_du": s.reste_du,
        }
        for s in ctx.derivation.invoices
    ]
    assumptions = [
        f"Facture {d['facture']} : exigible le {d['date_exigibilite'].strftime('%d/%m/%Y')} ({d['fondement']})."
        for d in details if d["supposee"]
    ]
    return Computed(depuis or ctx.facts["date_premiere_exigibilite_impayee"], details=details, assumptions=assumptions)


# --------------------------------------------------------------------------- mise en demeure


MENTIONS_MISE_EN_DEMEURE = {
    # The clear demand to pay is what makes the letter an "interpellation suffisante" (C. civ. 1344).
    Mention.demande_de_paiement: "une demande claire de payer (interpellation)",
    Mention.termes_mise_en_demeure: "les mots « mise en demeure »",
    Mention.montant: "le montant réclamé",
    Mention.factures: "les factures concernées",
    Mention.delai_de_paiement: "le délai laissé pour payer",
    Mention.accuse_de_reception: "la preuve de sa réception (accusé de réception)",
}

MENTIONS_R124_4 = {
    Mention.identite_agence: "nom ou dénomination et adresse de l'agence, et l'indication de son activité de recouvrement amiable (R124-4 1°)",
    Mention.identite_creancier: "nom ou dénomination et adresse du créancier (R124-4 2°)",
    Mention.fondement_et_detail_sommes: "fondement et montant de la somme due, détaillés, hors frais restant à la charge du créancier (R124-4 3°)",
    Mention.modalites_de_paiement: "l'indication d'avoir à payer et les modalités de paiement (R124-4 4°)",
    Mention.reproduction_l111_8: "la reproduction des alinéas 2 et 3 de l'article L111-8 (R124-4 5°)",
}


@calculator("mentions_manquantes_mise_en_demeure")
def mentions_manquantes_mise_en_demeure(ctx: Context) -> Computed:
    """The contents a mise en demeure should carry and the last one lacks."""
    missing = [_titre_de_la_creance(ctx.dossier) if m is Mention.factures else label
               for m, label in MENTIONS_MISE_EN_DEMEURE.items()
               if not ctx.facts.get(f"mise_en_demeure_mention.{m.value}")]
    return Computed(bool(missing), details=missing,
                    basis="Mentions absentes : " + "; ".join(missing) if missing else None)


def _titre_de_la_creance(dossier: Any) -> str:
    """What identifies the claim in a notice: the invoices — or, for a loan or a rent (no invoice sold goods or
    services), the contract and the instalments due (issue 20: no « factures » on a loan)."""
    natures = {f.nature.value if f.nature is not None else None for f in dossier.factures}
    if natures and natures <= {"pret", "loyer"}:
        return ("le contrat de prêt et les échéances impayées" if natures == {"pret"} else
                "le bail et les loyers impayés" if natures == {"loyer"} else "le contrat et les échéances impayées")
    return MENTIONS_MISE_EN_DEMEURE[Mention.factures]


@calculator("mentions_manquantes_agence")
def mentions_manquantes_agence(ctx: Context) -> Computed:
    """The CPCE R124-4 mentions an agency's letters lack."""
    missing = [label for m, label in MENTIONS_R124_4.items()
               if not ctx.facts.get(f"courrier_tiers_mention.{m.value}")]
    return Computed(bool(missing), details=missing,
                    basis="Mentions absentes : " + "; ".join(missing) if missing else None)


@calculator("montant_restant_du")
def montant_restant_du(ctx: Context) -> Decimal:
    """Principal outstanding at the assessment date."""
    return ctx.facts["montant_restant_du"]


@calculator("plus_recente_date")
def plus_recente_date(ctx: Context, dates: list[date | None]) -> date | None:
    """The latest of the given dates that are known."""
    known = [d for d in dates if d is not None]
    return max(known) if known else None
