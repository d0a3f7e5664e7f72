"""Montants dus pour un retard, facture par facture : pénalités L441-10, intérêts moratoires, indemnité de 40 €.

Ce module relie le dossier aux calculateurs de `creances_rules.montants` ; il ne qualifie rien. Les
règles (rules/penalites_l441_10.yaml, interets_moratoires.yaml, clause_penale.yaml, capitalisation.yaml)
disent quand un montant est dû et à quel taux ; ce module compte.

- Les paiements sont imputés entre les factures selon C. civ. 1342-10 (`montants.imputer_paiements`) ; la
  part de chaque paiement imputée sur une facture réduit sa base à la date du paiement.
- Choix signalé : les paiements partiels réduisent le principal, pas d'abord les pénalités ou intérêts
  échus (C. civ. 1343-1 le permettrait au créancier). Le principal restant dû reste ainsi celui du reste
  de la bibliothèque et le montant réclamé est, au plus, légèrement inférieur à ce que 1343-1 autoriserait.
- Taux hors table : le calcul s'arrête au dernier jour dont le taux est publié, jamais au-delà ; la période
  manquante est dite dans les avertissements et le détail. Les fonctions de calcul acceptent des taux
  fournis (``taux_bce_fournis``, ``taux_legal_fournis``) ; dans une évaluation, ils viennent de
  :func:`taux_fournis`, qui n'en trouve aucun tant que le dossier n'a pas de champ pour les porter.

Références : C. com., art. L441-10 II, D441-5, L441-16 ; C. civ., art. 1231-5, 1231-6, 1344-1 (ancien
1153), 1342-10, 1343-1, 1343-2 ; C. mon. fin., art. L313-2, L313-3 ; Cass. com., 24 avr. 2024,
n° 22-24.275 (pénalités et intérêts légaux ne se cumulent pas).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict

from .. import montants as m
from .. import taux as t
from .._format import euros, fmt
from ..calculators import coded_warning, Computed, Context, calculator
from ..derive import Derivation, declare_fact, provider
from ..facts import Dossier, TypeEvenement
from ..vocabulary import FactType

_UN_JOUR = timedelta(days=1)
ZERO = Decimal("0.00")
_CATEGORIES = {"creancier_particulier": "« créancier particulier »", "autres_cas": "« autres cas »"}

# Actes qui interpellent le débiteur : les mêmes que ceux dont derive.py tire la date de la première
# mise en demeure, sommation ou demande en justice (et que lit rules/demeure.yaml).
_ACTES_DE_DEMEURE = (
    TypeEvenement.mise_en_demeure,
    TypeEvenement.sommation,
    TypeEvenement.demande_en_justice,
    TypeEvenement.refere,
    TypeEvenement.injonction_de_payer_signifiee,
)

# --------------------------------------------------------------------------------------- facts

declare_fact("montants.taux_penalites_connu_jusqu_au", FactType.date,
             "dernier jour pour lequel le taux des pénalités L441-10 est connu (tables de taux)")
declare_fact("montants.taux_legal_connu_jusqu_au", FactType.date,
             "dernier jour pour lequel le taux de l'intérêt légal est connu (table de taux)")
declare_fact("montants.factures_en_retard", FactType.int,
             "factures payées après leur échéance, ou impayées et échues avant la date d'évaluation",
             depends_on=("terme_suppletif_jours",))
declare_fact("montants.debut_penalites", FactType.date,
             "premier jour de retard : lendemain de la plus ancienne échéance d'une facture en retard",
             depends_on=("terme_suppletif_jours",))
declare_fact("montants.fin_des_retards", FactType.date,
             "dernier jour de retard : date d'évaluation si une facture échue reste due, sinon dernier paiement tardif",
             depends_on=("terme_suppletif_jours",))
declare_fact("montants.taux_contractuel_sous_plancher", FactType.bool,
             "le taux de pénalités convenu est inférieur à trois fois le taux légal sur une période de retard "
             "ou à la date d'évaluation", depends_on=("terme_suppletif_jours",))
declare_fact("montants.categorie_taux_legal", FactType.enum,
             "catégorie du taux de l'intérêt légal applicable (selon la qualité du créancier)",
             choices=("creancier_particulier", "autres_cas"), origin="qualification")
declare_fact("montants.majoration_l313_3", FactType.bool,
             "le taux légal est majoré de cinq points deux mois après le titre exécutoire", origin="qualification")


# --------------------------------------------------------------------------------------- état des factures


@dataclass(frozen=True)
class EtatFacture:
    """Une facture, ce qui en a été payé et quand (après imputation), à la date d'évaluation."""

    ref: str
    montant: Decimal
    date_exigibilite: date
    debut_delai: date  # jour où le délai de paiement a commencé à courir (D441-5, transition 2013)
    allocations: tuple[tuple[date, Decimal], ...]  # parts de paiements imputées sur le principal
    date_solde: date | None  # jour où la facture a été entièrement payée
    reste_du: Decimal

    def en_retard(self, as_of: date) -> bool:
        if self.date_solde is not None:
            return self.date_solde > self.date_exigibilite
        return as_of > self.date_exigibilite

    def fin_retard(self, as_of: date) -> date:
        return self.date_solde if self.date_solde is not None else as_of


def etats_factures(
    factures: Sequence[tuple[str, Decimal, date, date]],
    paiements: Sequence[m.Paiement],
) -> tuple[list[EtatFacture], m.Imputation | None]:
    """Chaque facture ``(ref, montant, date_exigibilite, debut_delai)`` après imputation des ``paiements``.

    Références : C. civ., art. 1342-10 (imputation entre plusieurs dettes).
    """
    dettes = [m.Dette(ref=ref, montant=montant, date_exigibilite=exig) for ref, montant, exig, _ in factures]
    imputation = m.imputer_paiements(dettes, list(paiements)) if paiements else None
    par_ref = {d.ref: d for d in imputation.dettes} if imputation else {}
    out = []
    for ref, montant, exig, debut in factures:
        imputee = par_ref.get(ref)
        allocations = tuple(sorted((a.date, a.au_principal) for a in (imputee.allocations if imputee else [])
                                   if a.au_principal > 0))
        reste = imputee.principal_restant if imputee else montant
        solde: date | None = None
        if montant <= 0:
            solde = min(debut, exig)
        elif reste <= 0:
            solde = allocations[-1][0]
        out.append(EtatFacture(ref, montant, exig, debut, allocations, solde, reste))
    return out, imputation


def _etats(dossier: Dossier, derivation: Derivation, as_of: date) -> tuple[list[EtatFacture], m.Imputation | None]:
    factures = []
    for s in derivation.invoices:
        f = s.facture
        known = [d for d in (f.date_livraison, f.date_execution, f.date_emission) if d is not None]
        factures.append((f.numero, f.montant_ttc, s.date_exigibilite, min(known)))
    paiements = [m.Paiement(date=p.date, montant=p.montant, facture=p.facture)
                 for p in dossier.paiements if p.date <= as_of and p.montant > 0]
    return etats_factures(factures, paiements)


def _segments(etat: EtatFacture, depart: date, as_of: date) -> list[tuple[date, date, Decimal]]:
    """Les périodes ``(veille du premier jour, dernier jour, base)`` où ``base`` est restée due après ``depart``."""
    base = etat.montant - sum((a for d, a in etat.allocations if d <= depart), ZERO)
    courant, out = depart, []
    for d, a in etat.allocations:
        if d <= depart or d > as_of:
            continue
        if base > 0 and d > courant:
            out.append((courant, d, base))
        base -= a
        courant = d
    if base > 0 and as_of > courant:
        out.append((courant, as_of, base))
    return out


# --------------------------------------------------------------------------------------- limites des tables


def limite_taux_legal(taux_fournis: Mapping[date, Decimal] | None = None) -> date:
    """Dernier jour dont le taux de l'intérêt légal est connu : la table, prolongée par les taux fournis."""
    fin = t.table_interet_legal().connu_jusqu_au
    fournis = taux_fournis or {}
    while fin + _UN_JOUR in fournis:
        fin = t.periode_taux_legal(fin + _UN_JOUR)[1]
    return fin


def limite_taux_penalites(taux_contractuel: Decimal | None,
                          taux_bce_fournis: Mapping[date, Decimal] | None = None,
                          taux_legal_fournis: Mapping[date, Decimal] | None = None) -> date:
    """Dernier jour dont le taux des pénalités est connu.

    Sans taux convenu : fin du semestre dont le taux BCE au 1er janvier / 1er juillet est dans la table (ou
    fourni). Avec un taux convenu : dernier jour du taux légal connu, qui fixe le plancher (L441-10 II).
    """
    if taux_contractuel is not None:
        return limite_taux_legal(taux_legal_fournis)
    fin = t.fin_semestre(t.table_bce().connu_jusqu_au)
    fournis = taux_bce_fournis or {}
    while fin + _UN_JOUR in fournis:
        fin = t.fin_semestre(fin + _UN_JOUR)
    return fin


# --------------------------------------------------------------------------------------- décompte


class DetailMontant(BaseModel):
    """Le détail d'un montant dû : lignes de calcul, hypothèses, état par facture, imputation, périodes manquantes.

    ``lignes`` : une période à taux constant pour une facture (clés du, au, jours, taux, base, montant,
    source) ; l'évaluation en tire le bloc ``amounts``.
    """

    model_config = ConfigDict(frozen=True)

    lignes: list[dict[str, Any]] = []
    hypotheses: list[str] = []
    factures: list[dict[str, Any]] = []
    imputation: list[dict[str, Any]] = []
    periodes_non_calculees: list[dict[str, Any]] = []


@dataclass
class Decompte:
    """Le résultat d'un décompte sur plusieurs factures, avant sa mise en forme (`Computed`)."""

    total: Decimal
    detail: DetailMontant
    avertissements: list[str]
    citations: list[str]
    debut: date | None


def _ajouter(liste: list[str], messages: Sequence[str]) -> None:
    for message in messages:
        if message not in liste:
            liste.append(message)


def _imputation_lignes(imputation: m.Imputation | None) -> list[dict[str, Any]]:
    if imputation is None:
        return []
    return [{"date": a.date, "facture": a.dette, "montant": a.montant, "au_principal": a.au_principal,
             "regle": a.regle} for a in imputation.allocations]


def _decompte(
    etats: Sequence[EtatFacture],
    departs: Mapping[str, date | None],
    as_of: date,
    calcul: Callable[[Decimal, date, date], m.CalculInterets],
    *,
    borne_inf: date,
    motif_borne_inf: str,
    limite: date,
    motif_limite: str,
    hypotheses: list[str],
    imputation: m.Imputation | None,
) -> Decompte:
    """Applique ``calcul(base, veille, dernier_jour)`` à chaque période où une facture reste due après son départ.

    Les jours comptés vont du lendemain du départ au dernier jour inclus ; rien n'est compté avant
    ``borne_inf`` (règle non modélisée) ni après ``limite`` (taux inconnu) : ces périodes sont listées.
    """
    lignes: list[dict[str, Any]] = []
    factures: list[dict[str, Any]] = []
    manquantes: list[dict[str, Any]] = []
    avertissements: list[str] = []
    citations: list[str] = []
    total = ZERO
    debut: date | None = None

    def manque(ref: str, du: date, au: date, motif: str) -> None:
        if du <= au:
            manquantes.append({"facture": ref, "du": du, "au": au, "motif": motif})

    for etat in etats:
        depart = departs.get(etat.ref)
        if depart is None:
            continue
        sous_total, jours = ZERO, 0
        for veille, dernier, base in _segments(etat, depart, as_of):
            lo = max(veille, borne_inf - _UN_JOUR)
            hi = min(dernier, limite)
            manque(etat.ref, veille + _UN_JOUR, min(dernier, lo), motif_borne_inf)
            manque(etat.ref, max(veille, hi) + _UN_JOUR, dernier, motif_limite)
            if lo >= hi:
                continue
            try:
                r = calcul(base, lo, hi)
            except (t.TauxInconnu, t.RegleNonModelisee) as exc:
                manque(etat.ref, lo + _UN_JOUR, hi, str(exc))
                continue
            _ajouter(avertissements, r.avertissements)
            _ajouter(citations, [c["cle"] for c in r.citations])
            for ligne in r.lignes:
                lignes.append({"du": ligne.du, "au": ligne.au, "jours": ligne.jours, "taux": ligne.taux,
                               "base": ligne.base, "montant": ligne.montant,
                               "source": f"Facture {etat.ref} : {ligne.texte}"})
                debut = ligne.du if debut is None else min(debut, ligne.du)
            sous_total += r.montant
            jours += sum(ligne.jours for ligne in r.lignes)
        factures.append({"facture": etat.ref, "montant_ttc": etat.montant, "date_exigibilite": etat.date_exigibilite,
                         "depart": depart, "fin": etat.fin_retard(as_of), "jours": jours, "montant": sous_total,
                         "reste_du": etat.reste_du})
        total += sous_total
    if imputation is not None and imputation.allocations:
        _ajouter(citations, ["c_civ_1342_10"])
        _ajouter(avertissements, imputation.avertissements)
    detail = DetailMontant(lignes=lignes, hypotheses=hypotheses, factures=factures,
                           imputation=_imputation_lignes(imputation), periodes_non_calculees=manquantes)
    return Decompte(total, detail, avertissements, citations, debut)


HYPOTHESE_IMPUTATION = (
    "Paiements partiels : imputés entre les factures selon C. civ. art. 1342-10 (facture désignée par le débiteur, "
    "sinon la plus ancienne échue), puis déduits de la base au jour du paiement. Ils sont imputés sur le principal et "
    "non d'abord sur les pénalités ou intérêts échus, que C. civ. art. 1343-1 permettrait au créancier de se faire "
    "payer en premier : le montant calculé en est, au plus, un peu inférieur."
)


def _manques_message(detail: DetailMontant, calcules: str, non_calcules: str, limite: date,
                     motif_limite: str) -> list[str]:
    """Un avertissement par nature de période non calculée, avec ses dates."""
    out = []
    au_dela = [p for p in detail.periodes_non_calculees if p["motif"] == motif_limite]
    if au_dela:
        du, au = min(p["du"] for p in au_dela), max(p["au"] for p in au_dela)
        out.append(coded_warning(
            "taux_inconnu",
            f"{calcules} jusqu'au {fmt(limite)} seulement : {motif_limite} La période du {fmt(du)} au {fmt(au)} "
            "n'est pas calculée (le dernier taux connu n'est jamais reconduit) ; le montant sera à compléter quand "
            "le taux sera publié, ou en fournissant le taux dans le dossier (champ taux_fournis).",
        ))
    for p in detail.periodes_non_calculees:
        if p["motif"] != motif_limite:
            out.append(f"{non_calcules} pour la facture {p['facture']} du {fmt(p['du'])} au {fmt(p['au'])} : "
                       f"{p['motif']}")
    return out


# --------------------------------------------------------------------------------------- pénalités L441-10


def _motif_limite_penalites(limite: date, taux_contractuel: Decimal | None) -> str:
    if taux_contractuel is not None:
        return (f"le taux de l'intérêt légal, qui fixe le plancher de trois fois ce taux (L441-10 II), n'est connu "
                f"que jusqu'au {fmt(limite)} (arrêté du semestre suivant non publié dans la table).")
    return (f"le taux BCE au {fmt(limite + _UN_JOUR)}, qui fixe le taux des pénalités du semestre commençant ce "
            f"jour-là (taux BCE + 10 points, L441-10 II), n'est pas dans la table (connue jusqu'au "
            f"{fmt(t.table_bce().connu_jusqu_au)}).")


def penalites_factures(
    etats: Sequence[EtatFacture],
    as_of: date,
    *,
    taux_contractuel: Decimal | None = None,
    taux_bce_fournis: Mapping[date, Decimal] | None = None,
    taux_legal_fournis: Mapping[date, Decimal] | None = None,
    imputation: m.Imputation | None = None,
) -> Decompte:
    """Pénalités de retard de chaque facture en retard, du lendemain de son échéance au paiement (ou ``as_of``).

    Taux : ``taux_contractuel`` (jamais moins que trois fois le taux légal : le plancher est appliqué), sinon
    taux BCE + 10 points, semestre par semestre.

    Références : C. com., art. L441-10 II (ex-L441-6) ; C. mon. fin., art. L313-2.
    """
    limite = limite_taux_penalites(taux_contractuel, taux_bce_fournis, taux_legal_fournis)
    motif_limite = _motif_limite_penalites(limite, taux_contractuel)
    if taux_contractuel is None:
        borne = t.DEBUT_REGLE_SEMESTRIELLE_PENALITES
        motif_borne = ("retard antérieur au 1er janvier 2013 : la règle du taux BCE au 1er janvier / 1er juillet "
                       "n'est modélisée qu'à partir de cette date.")
    else:
        borne = t.DEBUT_PLANCHER_3X
        motif_borne = ("retard antérieur au 1er janvier 2009 : le plancher de trois fois le taux légal (loi LME) "
                       "n'est modélisé qu'à partir de cette date.")
    departs = {e.ref: e.date_exigibilite for e in etats if e.en_retard(as_of)}

    def calcul(base: Decimal, veille: date, dernier: date) -> m.CalculInterets:
        return m.penalites_retard(base, veille, dernier, taux_contractuel=taux_contractuel,
                                  taux_bce_fournis=taux_bce_fournis, taux_legal_fournis=taux_legal_fournis)

    hypotheses = [
        "Pénalités dues sans rappel du lendemain de l'échéance (C. com. art. L441-10 II : « exigibles le jour suivant "
        "la date de règlement figurant sur la facture ») jusqu'au jour du paiement, ou de l'évaluation, inclus.",
        "Base : le montant TTC resté impayé (CJUE, 20 oct. 2022, C-585/20), réduit au jour de chaque paiement.",
        m.HYPOTHESE_BASE_365,
        m.HYPOTHESE_ARRONDI,
        m.HYPOTHESE_SIMPLES,
        "Taux : " + (f"taux convenu de {fmt_taux(taux_contractuel)}, porté au plancher de trois fois le taux légal "
                     "« autres cas » du semestre s'il lui est inférieur." if taux_contractuel is not None else
                     "aucun taux convenu : taux BCE en vigueur au 1er janvier (1er semestre) ou au 1er juillet "
                     "(2nd semestre), majoré de 10 points."),
        "Pénalités seules, sans intérêts au taux légal de C. civ. art. 1231-6 pour la même période : les deux sont des "
        "intérêts moratoires de même nature et ne se cumulent pas (Cass. com., 24 avr. 2024, n° 22-24.275).",
    ]
    if imputation is not None and imputation.allocations:
        hypotheses.append(HYPOTHESE_IMPUTATION)
    d = _decompte(etats, departs, as_of, calcul, borne_inf=borne, motif_borne_inf=motif_borne, limite=limite,
                  motif_limite=motif_limite, hypotheses=hypotheses, imputation=imputation)
    _ajouter(d.avertissements, _manques_message(d.detail, "Pénalités de retard calculées",
                                                "Pénalités de retard non calculées", limite, motif_limite))
    return d


def fmt_taux(v: Decimal) -> str:
    """12,15 % (pourcentage annuel, virgule décimale)."""
    return f"{v:f}".replace(".", ",") + " %"


def _computed(d: Decompte, basis: str, assumptions: list[str]) -> Computed | None:
    if not d.detail.lignes and not d.detail.periodes_non_calculees:
        return None
    return Computed(d.total, basis=basis, details=d.detail, assumptions=assumptions, warnings=d.avertissements,
                    citations=d.citations)


@dataclass(frozen=True)
class TauxFournis:
    """Taux fournis par l'utilisateur pour des périodes absentes des tables, indexés par le début de la période."""

    bce: Mapping[date, Decimal]
    legal: Mapping[str, Mapping[date, Decimal]]  # par catégorie du taux légal

    def legal_de(self, categorie: str | None) -> Mapping[date, Decimal]:
        return self.legal.get(categorie or "autres_cas", {})


def taux_fournis(dossier: Dossier) -> TauxFournis:
    """Les taux que le dossier fournit (``taux_fournis``) pour les périodes absentes des tables.

    Seul point de lecture : faits de limite et calculateurs passent tous par cette fonction.
    """
    fournis = dossier.taux_fournis
    legal: dict[str, dict[date, Decimal]] = {"autres_cas": {}, "creancier_particulier": {}}
    for debut, taux in fournis.interet_legal.items():
        for categorie in legal:
            valeur = getattr(taux, categorie)
            if valeur is not None:
                legal[categorie][debut] = valeur
    return TauxFournis(bce=dict(fournis.bce), legal=legal)


@calculator("penalites_l441_10_factures")
def penalites_l441_10_factures(ctx: Context, taux_contractuel: Decimal | None = None) -> Computed | None:
    """Total des pénalités de retard L441-10 sur les factures en retard, ligne par ligne (facture × semestre)."""
    etats, imputation = _etats(ctx.dossier, ctx.derivation, ctx.as_of)
    fournis = taux_fournis(ctx.dossier)
    d = penalites_factures(etats, ctx.as_of, taux_contractuel=taux_contractuel, taux_bce_fournis=fournis.bce,
                           taux_legal_fournis=fournis.legal_de("autres_cas"), imputation=imputation)
    n = sum(1 for f in d.detail.factures if f["montant"] > 0)
    basis = (f"Pénalités de retard sur {n} facture{'s' if n > 1 else ''} en retard : {euros(d.total)}, arrêtées au "
             f"{fmt(ctx.as_of)} ou au jour du paiement (détail par facture et par semestre).")
    return _computed(d, basis, [])


# --------------------------------------------------------------------------------------- indemnité forfaitaire


@calculator("indemnite_forfaitaire_factures")
def indemnite_forfaitaire_factures(ctx: Context) -> Computed | None:
    """Indemnité forfaitaire de 40 € par facture payée en retard (ou échue et impayée à la date d'évaluation)."""
    etats, _ = _etats(ctx.dossier, ctx.derivation, ctx.as_of)
    entree = [m.FactureIndemnite(ref=e.ref, date_echeance=e.date_exigibilite, date_paiement=e.date_solde,
                                 debut_delai_paiement=e.debut_delai) for e in etats]
    r = m.indemnites_forfaitaires(entree, au=ctx.as_of)
    if r.montant <= 0:
        return None
    dues = [f for f in r.factures if f.due]
    detail = DetailMontant(
        lignes=[],
        hypotheses=[*r.hypotheses,
                    "Début du délai de paiement (transition du 1er janvier 2013) : la plus ancienne des dates de "
                    "livraison, d'exécution et d'émission de la facture."],
        factures=[f.model_dump() for f in r.factures],
    )
    basis = (f"{len(dues)} facture{'s' if len(dues) > 1 else ''} payée{'s' if len(dues) > 1 else ''} en retard × 40 € "
             f"= {euros(r.montant)} (une indemnité par facture). Si les frais de recouvrement exposés dépassent 40 €, "
             "une indemnisation complémentaire peut être demandée sur justification.")
    return Computed(r.montant, basis=basis, details=detail, warnings=list(r.avertissements),
                    citations=[c["cle"] for c in r.citations])


# --------------------------------------------------------------------------------------- plancher du taux convenu


def periodes_sous_plancher(taux_contractuel: Decimal, jours: Sequence[date],
                           taux_legal_fournis: Mapping[date, Decimal] | None = None) -> list[t.TauxApplicable]:
    """Les planchers (3 × taux légal « autres cas ») supérieurs au taux convenu, pour les périodes des ``jours``.

    Références : C. com., art. L441-10 II ; C. mon. fin., art. L313-2.
    """
    out: dict[date, t.TauxApplicable] = {}
    for d in jours:
        try:
            plancher = t.plancher_penalites(d, taux_legal_fournis)
        except (t.TauxInconnu, t.RegleNonModelisee):
            continue
        if taux_contractuel < plancher.valeur:
            out[plancher.du] = plancher
    return [out[k] for k in sorted(out)]


def _jours_a_verifier(debut: date | None, fin: date | None, as_of: date) -> list[date]:
    """Un jour par période du taux légal couvrant le retard, plus la date d'évaluation."""
    jours = [as_of]
    if debut is not None and fin is not None and debut <= fin:
        d = debut
        while d <= fin:
            jours.append(d)
            d = t.periode_taux_legal(d)[1] + _UN_JOUR
    return jours


def _retards(etats: Sequence[EtatFacture], as_of: date) -> tuple[int, date | None, date | None]:
    late = [e for e in etats if e.en_retard(as_of)]
    if not late:
        return 0, None, None
    return (len(late), min(e.date_exigibilite for e in late) + _UN_JOUR, max(e.fin_retard(as_of) for e in late))


@calculator("plancher_penalites_non_respecte")
def plancher_penalites_non_respecte(ctx: Context, taux_contractuel: Decimal | None) -> Computed | None:
    """Le taux convenu est-il inférieur au plancher légal, et sur quelles périodes ?"""
    if taux_contractuel is None:
        return None
    etats, _ = _etats(ctx.dossier, ctx.derivation, ctx.as_of)
    _, debut, fin = _retards(etats, ctx.as_of)
    fournis = taux_fournis(ctx.dossier).legal_de("autres_cas")
    limite = limite_taux_legal(fournis)
    jours = [d for d in _jours_a_verifier(debut, fin, ctx.as_of) if d <= limite]
    periodes = periodes_sous_plancher(taux_contractuel, jours, fournis)
    if not periodes:
        return None
    liste = " ; ".join(f"{fmt_taux(p.valeur)} du {fmt(p.du)} au {fmt(p.au)}" for p in periodes)
    basis = (f"Taux convenu de {fmt_taux(taux_contractuel)} inférieur au minimum légal de trois fois le taux de "
             f"l'intérêt légal « autres cas » : {liste}. Les pénalités sont calculées au plancher (lecture retenue ; "
             "autre lecture possible, non tranchée par les textes lus : la clause serait écartée au profit du taux "
             "BCE + 10 points). Fixer un taux non conforme est passible d'une amende administrative d'au plus "
             "75 000 € (personne physique) ou 2 000 000 € (personne morale) (C. com. art. L441-16 c).")
    details = [{"du": p.du, "au": p.au, "plancher": p.valeur, "taux_contractuel": taux_contractuel, "texte": p.texte}
               for p in periodes]
    return Computed(True, basis=basis, details=details,
                    assumptions=["Plancher apprécié pour chaque période de retard et à la date d'évaluation, dans la "
                                 "limite des taux publiés."])


@calculator("debut_plancher_non_respecte")
def debut_plancher_non_respecte(ctx: Context, taux_contractuel: Decimal | None) -> date | None:
    """Premier jour de la première période où le taux convenu est sous le plancher légal."""
    found = plancher_penalites_non_respecte(ctx, taux_contractuel)
    return found.details[0]["du"] if found is not None else None


# --------------------------------------------------------------------------------------- délais de paiement


@calculator("delai_paiement_excessif")
def delai_paiement_excessif(ctx: Context, jours: int, fin_de_mois: bool | None = False,
                            ancien_l441_6: bool = False) -> Computed:
    """Le délai convenu dépasse le plafond légal : lequel, de combien, et l'amende encourue."""
    plafond = "45 jours fin de mois" if fin_de_mois else "60 jours à compter de la date d'émission de la facture"
    convenu = f"{jours} jours{' fin de mois' if fin_de_mois else ''}"
    article = "C. com. art. L441-6 ancien, repris à L441-10 I" if ancien_l441_6 else "C. com. art. L441-10 I"
    basis = (f"Délai de paiement convenu de {convenu} : au-delà du plafond de {plafond} ({article} ; 45 jours fin de "
             "mois seulement si c'est expressément stipulé et ne constitue pas un abus manifeste à l'égard du "
             "créancier). Le non-respect des délais de paiement est passible d'une amende administrative d'au plus "
             "75 000 € pour une personne physique et 2 000 000 € pour une personne morale, portée à 150 000 € et "
             "4 000 000 € en cas de réitération dans les deux ans (C. com. art. L441-16, version du 1er novembre "
             "2021).")
    return Computed(True, basis=basis,
                    details={"jours_convenus": jours, "fin_de_mois": bool(fin_de_mois),
                             "plafond_jours": 45 if fin_de_mois else 60},
                    assumptions=["Les échéances retenues restent celles qui résultent du délai convenu ; la "
                                 "bibliothèque ne dit pas si les pénalités courent dès l'expiration du plafond légal.",
                                 "Délais sectoriels (L441-11) et facture périodique (45 jours) non examinés."])


# --------------------------------------------------------------------------------------- intérêts moratoires


def departs_interets(
    etats: Sequence[EtatFacture],
    actes: Sequence[tuple[date, tuple[str, ...]]],
    demeure: date,
    *,
    par_exigibilite: bool = False,
) -> dict[str, date | None]:
    """Pour chaque facture, le jour où son débiteur est en demeure de la payer.

    Avec une clause de demeure par la seule exigibilité : son échéance. Sinon le premier acte (mise en
    demeure, sommation, demande en justice) daté au plus tôt de son exigibilité et au plus tôt de ``demeure``,
    qui la vise (un acte qui liste des factures ne vaut que pour elles) ; ``None`` faute d'acte.

    Références : C. civ., art. 1344 (ancien 1139), 1344-1.
    """
    out: dict[str, date | None] = {}
    for e in etats:
        if par_exigibilite:
            out[e.ref] = e.date_exigibilite
            continue
        dates = [d for d, refs in actes if d >= e.date_exigibilite and d >= demeure and (not refs or e.ref in refs)]
        out[e.ref] = min(dates) if dates else None
    return out


def interets_factures(
    etats: Sequence[EtatFacture],
    departs: Mapping[str, date | None],
    as_of: date,
    *,
    categorie: t.Categorie,
    date_majoration: date | None = None,
    date_contrat: date | None = None,
    taux_legal_fournis: Mapping[date, Decimal] | None = None,
    imputation: m.Imputation | None = None,
) -> Decompte:
    """Intérêts moratoires au taux légal de la catégorie du créancier, de la demeure de chaque facture au paiement.

    Références : C. civ., art. 1231-6 et 1344-1 (ancien 1153) ; C. mon. fin., art. L313-2, L313-3.
    """
    table = t.table_interet_legal()
    limite = limite_taux_legal(taux_legal_fournis)
    libelle = _CATEGORIES.get(categorie, categorie)
    motif_limite = (f"le taux de l'intérêt légal {libelle} n'est connu que jusqu'au {fmt(limite)} (arrêté du "
                    "semestre suivant non publié dans la table).")
    motif_borne = f"période antérieure au {fmt(table.debut)}, début de la table du taux de l'intérêt légal."

    def calcul(base: Decimal, veille: date, dernier: date) -> m.CalculInterets:
        return m.interets_moratoires(base, veille, dernier, categorie_creancier=categorie,
                                     date_majoration=date_majoration, taux_fournis=taux_legal_fournis,
                                     date_contrat=date_contrat)

    hypotheses = [
        "Intérêts comptés du lendemain de la mise en demeure jusqu'au jour du paiement, ou de l'évaluation, inclus ; "
        "aucun texte lu ne fixe ce décompte (certains calculateurs comptent aussi le jour de la mise en demeure).",
        "Une facture n'est en demeure que par un acte postérieur à son exigibilité qui la vise (ou, si le contrat le "
        "prévoit, dès son échéance).",
        m.HYPOTHESE_BASE_365,
        m.HYPOTHESE_ARRONDI,
        m.HYPOTHESE_SIMPLES,
        f"Taux légal de la catégorie {libelle} (C. mon. fin. art. L313-2 : selon que le créancier est ou non "
        "une personne physique n'agissant pas pour des besoins professionnels).",
    ]
    if imputation is not None and imputation.allocations:
        hypotheses.append(HYPOTHESE_IMPUTATION)
    d = _decompte(etats, departs, as_of, calcul, borne_inf=table.debut, motif_borne_inf=motif_borne, limite=limite,
                  motif_limite=motif_limite, hypotheses=hypotheses, imputation=imputation)
    _ajouter(d.avertissements, _manques_message(d.detail, "Intérêts moratoires calculés",
                                                "Intérêts moratoires non calculés", limite, motif_limite))
    return d


def _actes(dossier: Dossier, as_of: date) -> list[tuple[date, tuple[str, ...]]]:
    return sorted((e.date, tuple(e.factures)) for e in dossier.evenements
                  if e.type in _ACTES_DE_DEMEURE and e.date <= as_of)


@calculator("interets_moratoires_factures")
def interets_moratoires_factures(
    ctx: Context,
    depuis: date | None,
    categorie: str | None,
    date_contrat: date | None = None,
    majoration: bool | None = None,
    date_titre: date | None = None,
    par_exigibilite: bool | None = False,
) -> Computed | None:
    """Total des intérêts moratoires au taux légal, facture par facture, depuis la mise en demeure (``depuis``)."""
    if depuis is None or categorie is None:
        return None
    etats, imputation = _etats(ctx.dossier, ctx.derivation, ctx.as_of)
    departs = departs_interets(etats, _actes(ctx.dossier, ctx.as_of), depuis, par_exigibilite=bool(par_exigibilite))
    date_majoration = m.date_majoration_L313_3(date_titre) if majoration and date_titre is not None else None
    d = interets_factures(etats, departs, ctx.as_of, categorie=categorie,  # type: ignore[arg-type]
                          date_majoration=date_majoration, date_contrat=date_contrat,
                          taux_legal_fournis=taux_fournis(ctx.dossier).legal_de(categorie), imputation=imputation)
    assumptions = []
    sans_acte = [e.ref for e in etats if departs.get(e.ref) is None and e.reste_du > 0]
    if sans_acte:
        assumptions.append(f"Facture(s) {', '.join(sans_acte)} : aucune mise en demeure postérieure à leur exigibilité "
                           "ne les vise ; pas d'intérêts moratoires calculés.")
    if date_majoration is not None:
        assumptions.append(
            f"Titre exécutoire du {fmt(date_titre)} : supposé être une décision de condamnation au paiement, signifiée "
            f"ce jour-là ; le taux légal est majoré de cinq points à compter du {fmt(date_majoration)} (deux mois "
            "plus tard, C. mon. fin. art. L313-3), pour toutes les factures. Les intérêts propres à la condamnation "
            "(C. civ. art. 1231-7) ne sont pas calculés séparément.")
    libelle = _CATEGORIES.get(categorie, categorie)
    basis = (f"Intérêts moratoires au taux légal {libelle} depuis la mise en demeure : {euros(d.total)}, arrêtés au "
             f"{fmt(ctx.as_of)} ou au jour du paiement (détail par facture et par période de taux).")
    return _computed(d, basis, assumptions)


# --------------------------------------------------------------------------------------- capitalisation


@calculator("interets_capitalisables_factures")
def interets_capitalisables_factures(
    ctx: Context,
    depuis: date | None,
    categorie: str | None,
    date_contrat: date | None = None,
    majoration: bool | None = None,
    date_titre: date | None = None,
    par_exigibilite: bool | None = False,
) -> Computed | None:
    """Intérêts moratoires échus et dus pour au moins une année entière : ceux qui produisent eux-mêmes intérêt.

    Pour chaque facture, les intérêts courus jusqu'au dernier anniversaire de sa mise en demeure (s'il est
    passé), la capitalisation étant prévue au contrat.
    """
    if depuis is None or categorie is None:
        return None
    etats, imputation = _etats(ctx.dossier, ctx.derivation, ctx.as_of)
    departs = departs_interets(etats, _actes(ctx.dossier, ctx.as_of), depuis, par_exigibilite=bool(par_exigibilite))
    date_majoration = m.date_majoration_L313_3(date_titre) if majoration and date_titre is not None else None
    total, lignes, citations = ZERO, [], []
    for e in etats:
        depart = departs.get(e.ref)
        if depart is None:
            continue
        annees = relativedelta(min(e.fin_retard(ctx.as_of), ctx.as_of), depart).years
        if annees < 1:
            continue
        anniversaire = depart + relativedelta(years=annees)
        d = interets_factures([e], {e.ref: depart}, anniversaire, categorie=categorie,  # type: ignore[arg-type]
                              date_majoration=date_majoration, date_contrat=date_contrat,
                              taux_legal_fournis=taux_fournis(ctx.dossier).legal_de(categorie), imputation=imputation)
        if d.detail.periodes_non_calculees:
            continue  # rien de capitalisable ne se calcule sur une période dont le taux manque
        cap = m.interets_capitalisables(d.total, depart, anniversaire, fondement="contrat", date_contrat=date_contrat)
        if not cap.capitalisable or cap.montant <= 0:
            continue
        total += cap.montant
        _ajouter(citations, [c["cle"] for c in cap.citations])
        lignes.append({"facture": e.ref, "du": depart, "au": anniversaire, "interets_echus": cap.montant,
                       "motif": cap.motif})
    if total <= 0:
        return None
    basis = (f"Intérêts échus et dus pour au moins une année entière, qui produisent intérêt en vertu de la clause "
             f"de capitalisation : {euros(total)}. Les intérêts de ces intérêts ne sont pas ajoutés au total dû.")
    return Computed(total, basis=basis, details=lignes, citations=citations,
                    assumptions=["Capitalisation à chaque anniversaire de la mise en demeure de chaque facture ; "
                                 "seuls les intérêts dus pour une année entière sont retenus."])


# --------------------------------------------------------------------------------------- clause pénale, divers


@calculator("clause_penale_stipulee")
def clause_penale_stipulee(ctx: Context, montant: Decimal | None, demeure: date | None = None,
                           ancien_droit: bool = False) -> Computed | None:
    """La clause pénale stipulée : son montant, si elle est encourue, et ce que le juge peut en faire."""
    if montant is None or montant <= 0:
        return None
    articles = "anciens art. 1152 et 1230" if ancien_droit else "art. 1231-5"
    if demeure is not None:
        etat = f"encourue depuis la mise en demeure du {fmt(demeure)}"
    else:
        etat = "pas encore encourue : sauf inexécution définitive, elle ne l'est qu'une fois le débiteur mis en demeure"
    basis = (f"Clause pénale de {euros(montant)}, {etat} (C. civ., {articles}). Le juge peut, même d'office, la "
             "réduire si elle est manifestement excessive (ou l'augmenter si elle est dérisoire), et la diminuer à "
             "proportion de l'exécution partielle. Elle n'est pas ajoutée au total dû.")
    return Computed(montant, basis=basis,
                    assumptions=["Montant repris du contrat, non ajouté aux sommes réclamées : c'est au juge d'en "
                                 "apprécier le caractère excessif."])


@calculator("chiffre_affaires_compensatoire")
def chiffre_affaires_compensatoire(ctx: Context, montant: Decimal | None, taux_marge: Decimal | None) -> Computed | None:
    """Le chiffre d'affaires à réaliser pour compenser l'impayé : principal restant dû / taux de marge."""
    if montant is None or taux_marge is None or montant <= 0 or taux_marge <= 0:
        return None
    valeur = m.chiffre_affaires_compensatoire(montant, taux_marge / 100)
    basis = (f"{euros(montant)} restant dus / marge de {fmt_taux(taux_marge)} = {euros(valeur)} de chiffre d'affaires "
             "à réaliser pour retrouver la marge perdue. Indicateur de gestion, sans portée juridique.")
    return Computed(valeur, basis=basis,
                    assumptions=["Calculé sur le principal restant dû TTC porté au dossier ; certains praticiens le "
                                 "calculent sur le montant hors taxes."])


@calculator("somme_des_montants")
def somme_des_montants(ctx: Context, montants: list[Decimal | None]) -> Decimal | None:
    """La somme des montants connus (None si aucun)."""
    known = [v for v in montants if isinstance(v, Decimal)]
    return sum(known, ZERO) if known else None


# --------------------------------------------------------------------------------------- providers


@provider("base")
def _faits_de_base(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    # La date du premier titre exécutoire (fait « date_titre_executoire ») vient du module recours.
    fournis = taux_fournis(dossier)
    facts["montants.taux_penalites_connu_jusqu_au"] = limite_taux_penalites(
        dossier.contrat.taux_penalites, fournis.bce, fournis.legal_de("autres_cas"))
    # La catégorie (qualité du créancier) est qualifiée plus tard : la limite la plus prudente des deux.
    facts["montants.taux_legal_connu_jusqu_au"] = min(limite_taux_legal(fournis.legal_de(c)) for c in t.CATEGORIES)


@provider("qualified")
def _faits_de_retard(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    etats, _ = _etats(dossier, derivation, as_of)
    n, debut, fin = _retards(etats, as_of)
    facts["montants.factures_en_retard"] = n
    facts["montants.debut_penalites"] = debut
    facts["montants.fin_des_retards"] = fin
    taux = dossier.contrat.taux_penalites
    if taux is None:
        facts["montants.taux_contractuel_sous_plancher"] = None
        return
    fournis = taux_fournis(dossier).legal_de("autres_cas")
    limite = limite_taux_legal(fournis)
    jours = [d for d in _jours_a_verifier(debut, fin, as_of) if d <= limite]
    evaluable = False
    for d in jours:
        try:
            t.plancher_penalites(d, fournis)
            evaluable = True
            break
        except (t.TauxInconnu, t.RegleNonModelisee):
            continue
    facts["montants.taux_contractuel_sous_plancher"] = (
        bool(periodes_sous_plancher(taux, jours, fournis)) if evaluable else None)
