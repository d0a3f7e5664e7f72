"""Compensation (set-off) and the creditor's own obligations: facts and calculators.

The rule files ``rules/compensation.yaml`` and ``rules/exception_d_inexecution.yaml`` state the law;
this module reads the dossier's ``dettes_du_creancier`` and computes, as facts, what can be set off
and when. The set-off itself is a chronological sweep: a debt and an invoice extinguish each other,
to the lower amount, on the day the later of the two becomes due (C. civ. 1347 al. 2 : « à la date où
ses conditions se trouvent réunies »); several compensable debts are imputed oldest first
(C. civ. 1347-4, which transposes the imputation rule of 1342-10 al. 2). In a collective proceeding,
a rule passes the opening date as the cut-off after which only connected debts may still be set off
(C. com. L622-7 I).

Références : C. civ., art. 1347, 1347-1, 1347-2, 1347-4, 1348, 1348-1 (ord. n° 2016-131) ; anciens
art. 1289 à 1293 ; C. com., art. L622-7 ; C. civ., art. 1219.
Textes lus : https://www.help-voisinage.fr/Code%20Civil/files/basic-html/page432.html (Légifrance 2018),
https://iej.univ-paris1.fr/openaccess/?p=682 (1348 à 1348-2),
https://www.circulaires.gouv.fr/codes/id/LEGIARTI000006437548/1804-02-17 (anciens 1290 à 1294).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from .._base.formatting import euros, fmt
from .calculators import Computed, Context, calculator
from .derive import Derivation, declare_fact, provider
from .._base.errors import CreancesError
from ..models.dossier import DetteDuCreancier, Dossier, TypeEvenement
from .vocabulary import FactType

ZERO = Decimal("0.00")
_QUALIFIED = ("terme_suppletif_jours",)


class CompensationInvalide(CreancesError, ValueError):
    """An argument of the set-off calculator is not what it should be (the message names it)."""


# ----------------------------------------------------------------------------- facts

declare_fact("compensation.date_jugement_ouverture", FactType.date,
             "date du jugement d'ouverture de la procédure collective du débiteur (la plus ancienne connue)")
declare_fact("compensation.nombre_dettes_creancier", FactType.int, "dettes du créancier envers le débiteur")
declare_fact("compensation.nombre_dettes_non_certaines", FactType.int,
             "dettes de somme du créancier dont l'existence n'est pas certaine (contestées)")
declare_fact("compensation.montant_dettes_insaisissables", FactType.money,
             "total des dettes de somme du créancier qui correspondent à des créances insaisissables du débiteur")
declare_fact("compensation.montant_legale", FactType.money,
             "montant compensable entre les factures exigibles et les dettes fongibles, certaines, liquides, "
             "exigibles et saisissables du créancier", depends_on=_QUALIFIED)
declare_fact("compensation.montant_legale_procedure_collective", FactType.money,
             "même montant, en ne retenant les dettes non connexes que si les conditions étaient réunies "
             "avant le jugement d'ouverture", depends_on=_QUALIFIED)
declare_fact("compensation.montant_judiciaire", FactType.money,
             "montant que le juge pourrait compenser en plus : dettes certaines mais non liquides ou non "
             "exigibles, dans la limite de la créance exigible restante", depends_on=_QUALIFIED)
declare_fact("compensation.montant_judiciaire_connexe", FactType.money,
             "même montant, limité aux dettes connexes (procédure collective)", depends_on=_QUALIFIED)
declare_fact("compensation.nombre_dettes_non_connexes_exclues", FactType.int,
             "procédure collective : dettes non connexes non compensées faute de conditions réunies avant "
             "le jugement d'ouverture", depends_on=_QUALIFIED)
declare_fact("inexecution.nombre_obligations_connexes_en_nature", FactType.int,
             "obligations du créancier envers le débiteur, certaines, non fongibles (livrer, faire) et "
             "connexes à la créance")


# ----------------------------------------------------------------------------- the set-off, on its own


@dataclass(frozen=True)
class CreanceACompenser:
    """An exigible, unpaid invoice of the creditor (what remains due on it)."""

    reference: str
    date_exigibilite: date
    montant: Decimal


@dataclass(frozen=True)
class DetteACompenser:
    """A debt of the creditor to the debtor that meets C. civ. 1347-1 (fungible, certain, liquid, due)."""

    reference: str
    date_exigibilite: date
    montant: Decimal
    connexe: bool = False


@dataclass(frozen=True)
class Imputation:
    """One set-off: this much of this invoice against this debt, effective on this day."""

    facture: str
    dette: str
    date_effet: date
    montant: Decimal


def compenser(creances: Iterable[CreanceACompenser], dettes: Iterable[DetteACompenser], *,
              date_limite_non_connexes: date | None = None) -> list[Imputation]:
    """Set off the creditor's invoices against its debts, day by day, to the lower amount.

    Each pair takes effect on the day the later of the two falls due; among several, the oldest are
    set off first. With ``date_limite_non_connexes`` (the opening judgment of a collective
    proceeding), a debt that is not connected is set off only on a day strictly before that date:
    the judgment takes effect from the first hour of the day it is given.

    Références : C. civ., art. 1347 al. 2, 1347-4 et 1342-10 al. 2 ; C. com., art. L622-7 I ;
    Cass. com., 23 oct. 2024, n° 23-17.704 (conditions réunies avant le jugement d'ouverture).
    """
    claims = _checked(creances, CreanceACompenser, "creances")
    debts = _checked(dettes, DetteACompenser, "dettes")
    if date_limite_non_connexes is not None and not isinstance(date_limite_non_connexes, date):
        raise CompensationInvalide(
            f"date_limite_non_connexes : date attendue, reçu « {date_limite_non_connexes!r} »")
    # Stable order: by due date, then by position (the dossier's order breaks ties).
    claim_q = [[c, c.montant] for c in sorted(claims, key=lambda c: c.date_exigibilite)]
    debt_q = [[d, d.montant] for d in sorted(debts, key=lambda d: d.date_exigibilite)]
    days = sorted({c.date_exigibilite for c in claims} | {d.date_exigibilite for d in debts})
    out: list[Imputation] = []
    for day in days:
        open_claims = [q for q in claim_q if q[0].date_exigibilite <= day and q[1] > 0]
        open_debts = [q for q in debt_q if q[0].date_exigibilite <= day and q[1] > 0
                      and (q[0].connexe or date_limite_non_connexes is None or day < date_limite_non_connexes)]
        ci = di = 0
        while ci < len(open_claims) and di < len(open_debts):
            cq, dq = open_claims[ci], open_debts[di]
            amount = min(cq[1], dq[1])
            out.append(Imputation(cq[0].reference, dq[0].reference, day, amount))
            cq[1] -= amount
            dq[1] -= amount
            ci += cq[1] == 0
            di += dq[1] == 0
    return out


def _checked(items: Iterable[Any], kind: type, name: str) -> list[Any]:
    out = list(items)
    for i, item in enumerate(out):
        if not isinstance(item, kind):
            raise CompensationInvalide(f"{name}[{i}] : {kind.__name__} attendu, reçu « {item!r} »")
        if not isinstance(item.date_exigibilite, date):
            raise CompensationInvalide(f"{name}[{i}].date_exigibilite : date attendue")
        if not isinstance(item.montant, Decimal) or not item.montant.is_finite() or item.montant < 0:
            raise CompensationInvalide(f"{name}[{i}].montant : montant positif en Decimal attendu, reçu {item.montant!r}")
    return out


# ----------------------------------------------------------------------------- reading the dossier


@dataclass
class _Debt:
    """One debt of the creditor as of the assessment date, with the 1347-1 conditions it meets."""

    index: int
    dette: DetteDuCreancier
    exigible: bool

    @property
    def reference(self) -> str:
        label = f" ({self.dette.description})" if self.dette.description else ""
        return f"dettes_du_creancier[{self.index}]{label}"

    @property
    def legale(self) -> bool:
        """Meets 1347-1 and is not excluded by 1347-2."""
        d = self.dette
        return d.fongible and d.certaine and d.liquide and self.exigible and not d.insaisissable

    @property
    def judiciaire(self) -> bool:
        """Certain but not liquid or not yet due (1348), and not excluded by 1347-2."""
        d = self.dette
        return d.fongible and d.certaine and not d.insaisissable and not (d.liquide and self.exigible)


@dataclass
class _Setoff:
    """Everything the rules and the details need, for one cut-off choice."""

    claims: list[CreanceACompenser]
    debts: list[_Debt]
    imputations: list[Imputation]
    cutoff: date | None
    legal_amount: Decimal = ZERO
    judicial_amount: Decimal = ZERO
    judicial_debts: list[_Debt] = field(default_factory=list)

    @property
    def claim_total(self) -> Decimal:
        return sum((c.montant for c in self.claims), ZERO)


def _debts(dossier: Dossier, as_of: date) -> list[_Debt]:
    return [_Debt(i, d, d.date_exigibilite is not None and d.date_exigibilite <= as_of)
            for i, d in enumerate(dossier.dettes_du_creancier)]


def _claims(derivation: Derivation, as_of: date) -> list[CreanceACompenser]:
    return [CreanceACompenser(f"facture {s.facture.numero}", s.date_exigibilite, s.reste_du)
            for s in derivation.invoices if s.reste_du > 0 and s.date_exigibilite <= as_of]


def date_jugement_ouverture(dossier: Dossier, as_of: date) -> date | None:
    """The opening judgment of the debtor's collective proceeding known at ``as_of`` (earliest)."""
    dates = [e.date for e in dossier.evenements
             if e.type is TypeEvenement.procedure_collective_ouverte and e.date <= as_of]
    pc = dossier.procedure_collective
    if pc is not None and pc.date_jugement <= as_of:
        dates.append(pc.date_jugement)
    return min(dates) if dates else None


def _setoff(dossier: Dossier, as_of: date, derivation: Derivation, cutoff: date | None,
            connexes_seulement: bool = False) -> _Setoff:
    debts = _debts(dossier, as_of)
    claims = _claims(derivation, as_of)
    legal = [DetteACompenser(d.reference, d.dette.date_exigibilite, d.dette.montant, d.dette.connexe)
             for d in debts if d.legale]
    result = _Setoff(claims, debts, compenser(claims, legal, date_limite_non_connexes=cutoff), cutoff)
    result.legal_amount = sum((i.montant for i in result.imputations), ZERO)
    result.judicial_debts = [d for d in debts if d.judiciaire and (d.dette.connexe or not connexes_seulement)]
    room = result.claim_total - result.legal_amount
    result.judicial_amount = min(room, sum((d.dette.montant for d in result.judicial_debts), ZERO))
    return result


@provider("base")
def _faits_de_base(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    dettes = dossier.dettes_du_creancier
    facts["compensation.date_jugement_ouverture"] = date_jugement_ouverture(dossier, as_of)
    facts["compensation.nombre_dettes_creancier"] = len(dettes)
    facts["compensation.nombre_dettes_non_certaines"] = sum(1 for d in dettes if d.fongible and not d.certaine)
    facts["compensation.montant_dettes_insaisissables"] = sum(
        (d.montant for d in dettes if d.fongible and d.insaisissable), ZERO)
    facts["inexecution.nombre_obligations_connexes_en_nature"] = sum(
        1 for d in dettes if not d.fongible and d.connexe and d.certaine)


@provider("qualified")
def _faits_qualifies(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    free = _setoff(dossier, as_of, derivation, None)
    facts["compensation.montant_legale"] = free.legal_amount
    facts["compensation.montant_judiciaire"] = free.judicial_amount
    opening = facts.get("compensation.date_jugement_ouverture")
    if opening is None:
        for name in ("compensation.montant_legale_procedure_collective", "compensation.montant_judiciaire_connexe",
                     "compensation.nombre_dettes_non_connexes_exclues"):
            facts[name] = None
        return
    pc = _setoff(dossier, as_of, derivation, opening, connexes_seulement=True)
    facts["compensation.montant_legale_procedure_collective"] = pc.legal_amount
    facts["compensation.montant_judiciaire_connexe"] = pc.judicial_amount
    facts["compensation.nombre_dettes_non_connexes_exclues"] = len(_excluded_by_opening(pc))


def compensations_a_invoquer(dossier: Dossier, as_of: date, derivation: Derivation) -> list[tuple[str, Imputation]]:
    """The legal set-off the library recommends invoking, as (invoice number, imputation) pairs.

    The same set-off the rules ``compensation.legale_*`` conclude on (their amount facts): without a
    collective proceeding, ``compensation.montant_legale``; once one is open, the amount limited to
    connected debts and to conditions met before the opening judgment (C. com. L622-7 I). Nothing
    when that amount is nil. Used by the décompte, which imputes each pair at its effect date
    (C. civ. 1347 al. 2, 1347-4).
    """
    facts = derivation.facts
    if not derivation.invoices:
        return []
    if facts.get("procedure_collective_ouverte"):
        if not facts.get("compensation.montant_legale_procedure_collective"):
            return []
        s = _setoff(dossier, as_of, derivation, facts.get("compensation.date_jugement_ouverture"))
    else:
        if not facts.get("compensation.montant_legale"):
            return []
        s = _setoff(dossier, as_of, derivation, None)
    numero = {f"facture {st.facture.numero}": st.facture.numero for st in derivation.invoices}
    return [(numero[i.facture], i) for i in s.imputations]


def _excluded_by_opening(s: _Setoff) -> list[_Debt]:
    """Non-connected debts, otherwise compensable, left (in part) unset-off by the opening judgment."""
    used = _used_by_debt(s.imputations)
    return [d for d in s.debts
            if not d.dette.connexe and (d.legale or d.judiciaire) and used.get(d.reference, ZERO) < d.dette.montant]


def _used_by_debt(imputations: list[Imputation]) -> dict[str, Decimal]:
    used: dict[str, Decimal] = {}
    for i in imputations:
        used[i.dette] = used.get(i.dette, ZERO) + i.montant
    return used


# ----------------------------------------------------------------------------- calculators


@calculator("compensation_legale")
def compensation_legale(ctx: Context, date_limite_non_connexes: date | None = None,
                        ancien_droit: bool = False) -> Computed:
    """Amount set off by law, per invoice and per debt, with the balance left after set-off.

    Références : C. civ., art. 1347, 1347-1, 1347-2, 1347-4 (anciens art. 1289 à 1293) ;
    C. com., art. L622-7 I.
    """
    s = _setoff(ctx.dossier, ctx.as_of, ctx.derivation, date_limite_non_connexes)
    if s.legal_amount <= 0:
        return Computed(None)
    principal = ctx.facts["montant_restant_du"]
    used = _used_by_debt(s.imputations)
    by_debt: dict[str, list[Imputation]] = {}
    for i in s.imputations:
        by_debt.setdefault(i.dette, []).append(i)
    claims = {c.reference: c for c in s.claims}
    imputations = []
    for i in s.imputations:
        claim = claims[i.facture]
        debt_due = next(d.dette.date_exigibilite for d in s.debts if d.reference == i.dette)
        imputations.append({
            "facture": i.facture, "dette": i.dette, "montant": i.montant, "date_effet": i.date_effet,
            "explication": (
                f"{i.facture} exigible le {fmt(claim.date_exigibilite)}, {i.dette} exigible le {fmt(debt_due)} : "
                f"conditions réunies le {fmt(i.date_effet)} (la plus tardive des deux exigibilités), "
                f"compensation à due concurrence de {euros(i.montant)}."
            ),
        })
    debts = [_debt_detail(d, used, by_debt, s.cutoff) for d in s.debts]
    first = min(i.date_effet for i in s.imputations)
    after = principal - s.legal_amount
    regime = ("anciens art. 1289 à 1291 : de plein droit, même à l'insu des débiteurs, au jour où les deux "
              "dettes coexistent" if ancien_droit else
              "art. 1347 : sous réserve d'être invoquée, à la date où ses conditions se trouvent réunies")
    details = {
        "regime": regime,
        "creance_exigible_avant_compensation": s.claim_total,
        "montant_compense": s.legal_amount,
        "principal_restant_du_avant_compensation": principal,
        "principal_restant_du_apres_compensation": after,
        "dettes_du_creancier_restant_dues": sum(
            (d.dette.montant - used.get(d.reference, ZERO) for d in s.debts if d.legale), ZERO),
        "date_jugement_ouverture": s.cutoff,
        "imputations": imputations,
        "dettes": debts,
    }
    basis = (
        f"Compensation de {euros(s.legal_amount)} entre les factures exigibles ({euros(s.claim_total)} restant dus) "
        f"et les dettes du créancier réunissant les conditions de l'art. 1347-1 ; première date d'effet le "
        f"{fmt(first)}. Principal restant dû après compensation : {euros(after)} "
        f"(avant : {euros(principal)})."
    )
    assumptions = [
        "Plusieurs dettes compensables : imputation sur les plus anciennes échues d'abord (C. civ. 1347-4, "
        "qui transpose l'art. 1342-10 al. 2), faute d'indication des parties.",
        "Montants restant dus à la date d'évaluation, après imputation des paiements reçus.",
    ]
    return Computed(s.legal_amount, basis=basis, details=details, assumptions=assumptions)


@calculator("compensation_legale_date_effet")
def compensation_legale_date_effet(ctx: Context, date_limite_non_connexes: date | None = None) -> date | None:
    """First day on which a legal set-off took effect (the later due date of the first pair)."""
    s = _setoff(ctx.dossier, ctx.as_of, ctx.derivation, date_limite_non_connexes)
    return min((i.date_effet for i in s.imputations), default=None)


@calculator("compensation_judiciaire")
def compensation_judiciaire(ctx: Context, connexes_seulement: bool = False,
                            date_limite_non_connexes: date | None = None) -> Computed:
    """What a judge could still set off: certain debts not yet liquid or due, within the claim left.

    Références : C. civ., art. 1348 (effet à la date de la décision), 1348-1 (dettes connexes : effet
    au jour de l'exigibilité de la première) ; C. com., art. L622-7 I.
    """
    s = _setoff(ctx.dossier, ctx.as_of, ctx.derivation, date_limite_non_connexes, connexes_seulement)
    if s.judicial_amount <= 0:
        return Computed(None)
    # 1348-1: the first of the two obligations to fall due, among invoices not already set off by law.
    used_claims: dict[str, Decimal] = {}
    for i in s.imputations:
        used_claims[i.facture] = used_claims.get(i.facture, ZERO) + i.montant
    first_claim = min((c.date_exigibilite for c in s.claims if c.montant > used_claims.get(c.reference, ZERO)),
                      default=None)
    debts = []
    for d in s.judicial_debts:
        missing = [w for w, ok in (("liquide", d.dette.liquide), ("exigible", d.exigible)) if not ok]
        if d.dette.connexe:
            known = [x for x in (first_claim, d.dette.date_exigibilite) if x is not None]
            effect = min(known) if known else None
            effect_text = (f"dette connexe : le juge ne peut refuser la compensation (art. 1348-1), réputée "
                           f"produite le {fmt(effect)} (exigibilité de la première des deux obligations)"
                           if effect else "dette connexe : effet au jour de l'exigibilité de la première obligation")
        else:
            effect = None
            effect_text = "effet à la date de la décision, sauf si le juge en décide autrement (art. 1348)"
        debts.append({
            "dette": d.reference, "montant": d.dette.montant, "date_exigibilite": d.dette.date_exigibilite,
            "connexe": d.dette.connexe, "conditions_manquantes": missing, "date_effet": effect,
            "explication": f"dette certaine mais non {' ni '.join(missing)} : {effect_text}.",
        })
    principal = ctx.facts["montant_restant_du"]
    after = principal - s.legal_amount - s.judicial_amount
    details = {
        "montant_compensable_par_le_juge": s.judicial_amount,
        "creance_exigible_restante_apres_compensation_legale": s.claim_total - s.legal_amount,
        "principal_restant_du_si_compensation_prononcee": after,
        "dettes": debts,
    }
    basis = (f"Jusqu'à {euros(s.judicial_amount)} : min(créance exigible restante "
             f"{euros(s.claim_total - s.legal_amount)}, dettes certaines non liquides ou non exigibles "
             f"{euros(sum((d.dette.montant for d in s.judicial_debts), ZERO))}). "
             f"Principal restant dû si le juge la prononce : {euros(after)}.")
    assumptions = ["Montant d'une dette non liquide : celui porté au dossier, à titre d'estimation ; le juge le fixera."]
    return Computed(s.judicial_amount, basis=basis, details=details, assumptions=assumptions)


def _debt_detail(d: _Debt, used: dict[str, Decimal], by_debt: dict[str, list[Imputation]],
                 cutoff: date | None) -> dict[str, Any]:
    x = d.dette
    conditions = {"fongible": x.fongible, "certaine": x.certaine, "liquide": x.liquide, "exigible": d.exigible}
    set_off = used.get(d.reference, ZERO)
    dates = sorted({i.date_effet for i in by_debt.get(d.reference, [])})
    if not x.fongible:
        statut = "non fongible (obligation de livrer ou de faire) : pas de compensation (art. 1347-1)"
    elif not x.certaine:
        statut = "non certaine : ni compensation légale (art. 1347-1) ni judiciaire (art. 1348) tant qu'elle n'est pas établie"
    elif x.insaisissable:
        statut = "créance insaisissable du débiteur : compensable seulement s'il y consent (art. 1347-2)"
    elif not (x.liquide and d.exigible):
        statut = "certaine mais non liquide ou non exigible : compensation judiciaire seulement (art. 1348, 1348-1)"
    elif set_off == x.montant:
        statut = "compensée en totalité"
    elif set_off > 0:
        statut = "compensée en partie (la créance exigible est épuisée ou la procédure collective arrête le reste)"
    elif cutoff is not None and not x.connexe:
        statut = (f"non connexe, conditions non réunies avant le jugement d'ouverture du {fmt(cutoff)} : "
                  "compensation interdite (C. com. L622-7 I)")
    else:
        statut = "non compensée : plus de créance exigible à lui opposer"
    return {
        "dette": d.reference, "montant": x.montant, "date_exigibilite": x.date_exigibilite, "connexe": x.connexe,
        "conditions_1347_1": conditions, "insaisissable": x.insaisissable, "montant_compense": set_off,
        "dates_effet": dates, "date_effet": dates[-1] if dates else None,
        "reste_du_par_le_creancier": x.montant - set_off, "statut": statut,
    }
