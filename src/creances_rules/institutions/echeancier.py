"""Échéancier convenu : échéances payées ou impayées, arriérés, prochaine échéance, déchéance du terme.

Le fichier ``rules/echeancier.yaml`` dit le droit ; ce module compte et date. Les paiements reçus à
compter de la date de l'accord s'imputent sur les échéances dans l'ordre de leurs dates (la plus ancienne
d'abord, comme C. civ. 1342-10 al. 2 entre dettes échues) ; une échéance est impayée si, à la date
d'évaluation, les paiements depuis l'accord ne couvrent pas le cumul des échéances jusqu'à elle incluse.
La reconnaissance de dette que vaut l'accord écrit (C. civ. 2240) est versée au calcul de prescription par
``institutions/prescription.py`` (un événement de reconnaissance à la date de l'accord) : ce module ne
recalcule aucune prescription.

Références : C. civ., art. 1342-10, 2240, 1343-5 ; Cass. 1re civ., 22 juin 2017, n° 16-18.418 ; Cass. 1re
civ., 22 mars 2023, n° 21-16.044.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..law import montants as m
from .._base.formatting import euros, fmt
from .calculators import Computed, Context, calculator
from .derive import Derivation, declare_fact, provider
from ..models.assessment import LigneDecompte
from ..models.dossier import Dossier, Echeancier, TypeEvenement
from .vocabulary import FactType
from . import decompte as dc
from . import montants_dus as md

__all__ = ["etat_echeancier"]

ZERO = Decimal("0.00")
_ACTES = (TypeEvenement.mise_en_demeure, TypeEvenement.sommation)

declare_fact("echeancier.present", FactType.bool, "un échéancier a été convenu (au plus tard à la date d'évaluation)")
declare_fact("echeancier.ecrit", FactType.bool, "l'échéancier est écrit (preuve de la reconnaissance de dette)")
declare_fact("echeancier.date_accord", FactType.date, "date de l'accord sur l'échéancier")
declare_fact("echeancier.clause_decheance_du_terme", FactType.bool, "l'échéancier stipule la déchéance du terme")
declare_fact("echeancier.dispense_mise_en_demeure", FactType.bool,
             "la clause dispense expressément et sans équivoque de mise en demeure préalable")
declare_fact("echeancier.preavis_decheance_jours", FactType.int,
             "délai laissé par la mise en demeure avant la déchéance du terme (jours)")
declare_fact("echeancier.arrieres", FactType.money, "échéances échues et impayées à la date d'évaluation")
declare_fact("echeancier.premiere_echeance_impayee", FactType.date, "date de la plus ancienne échéance impayée")
declare_fact("echeancier.nombre_echeances_impayees", FactType.int, "échéances échues non couvertes par les paiements")
declare_fact("echeancier.prochaine_echeance", FactType.date, "prochaine échéance (à la date d'évaluation ou après)")
declare_fact("echeancier.montant_prochaine_echeance", FactType.money, "montant restant à payer de la prochaine échéance")
declare_fact("echeancier.solde_restant", FactType.money, "total des échéances moins les paiements reçus depuis l'accord")
declare_fact("echeancier.date_mise_en_demeure_apres_impaye", FactType.date,
             "première mise en demeure ou sommation postérieure à la plus ancienne échéance impayée")
declare_fact("echeancier.fin_preavis_decheance", FactType.date,
             "lendemain du dernier jour du préavis ouvert par cette mise en demeure (mise en demeure + préavis + 1 jour)")
declare_fact("echeancier.terme_dechu", FactType.bool,
             "la déchéance du terme est acquise (clause, et mise en demeure restée sans effet au terme du préavis ou "
             "dispense) : le solde est exigible ; sinon seules les échéances échues le sont", origin="qualification")
declare_fact("echeancier.lendemain_premiere_echeance_impayee", FactType.date,
             "lendemain de la plus ancienne échéance impayée")


def etat_echeancier(dossier: Dossier, as_of: date) -> dict[str, Any] | None:
    """L'état de l'échéancier à la date d'évaluation : chaque échéance, ce qui la couvre, les arriérés.

    Références : C. civ., art. 1342-10 (imputation sur la dette échue la plus ancienne).
    """
    plan: Echeancier | None = dossier.echeancier
    if plan is None or plan.date_accord > as_of:
        return None
    echeances = sorted(plan.echeances, key=lambda e: e.date)
    paye = sum((p.montant for p in dossier.paiements if plan.date_accord <= p.date <= as_of), ZERO)
    libre = paye
    lignes = []
    for e in echeances:
        part = min(libre, e.montant)
        libre -= part
        lignes.append({"date": e.date, "montant": e.montant, "paye": part, "reste": e.montant - part,
                       "echue": e.date < as_of})
    impayees = [x for x in lignes if x["echue"] and x["reste"] > 0]
    futures = [x for x in lignes if not x["echue"] and x["reste"] > 0]
    premiere = impayees[0]["date"] if impayees else None
    acte = None
    if premiere is not None:
        acte = min((ev.date for ev in dossier.evenements
                    if ev.type in _ACTES and premiere < ev.date <= as_of), default=None)
    return {
        "lignes": lignes,
        "paye_depuis_accord": paye,
        "arrieres": sum((x["reste"] for x in impayees), ZERO),
        "premiere_impayee": premiere,
        "nombre_impayees": len(impayees),
        "prochaine": futures[0] if futures else None,
        "solde": sum((x["reste"] for x in lignes), ZERO),
        "mise_en_demeure": acte,
    }


@provider("base")
def _faits_echeancier(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    etat = etat_echeancier(dossier, as_of)
    facts["echeancier.present"] = etat is not None
    if etat is None:
        return
    plan = dossier.echeancier
    prochaine = etat["prochaine"]
    facts.update({
        "echeancier.ecrit": plan.ecrit,
        "echeancier.date_accord": plan.date_accord,
        "echeancier.clause_decheance_du_terme": plan.clause_decheance_du_terme,
        "echeancier.dispense_mise_en_demeure": plan.dispense_mise_en_demeure,
        "echeancier.preavis_decheance_jours": plan.preavis_decheance_jours,
        "echeancier.arrieres": etat["arrieres"],
        "echeancier.premiere_echeance_impayee": etat["premiere_impayee"],
        "echeancier.nombre_echeances_impayees": etat["nombre_impayees"],
        "echeancier.prochaine_echeance": prochaine["date"] if prochaine else None,
        "echeancier.montant_prochaine_echeance": prochaine["reste"] if prochaine else None,
        "echeancier.solde_restant": etat["solde"],
        "echeancier.date_mise_en_demeure_apres_impaye": etat["mise_en_demeure"],
        "echeancier.fin_preavis_decheance": (
            etat["mise_en_demeure"] + timedelta(days=plan.preavis_decheance_jours + 1)
            if etat["mise_en_demeure"] is not None and plan.preavis_decheance_jours is not None else None),
        "echeancier.lendemain_premiere_echeance_impayee": (
            etat["premiere_impayee"] + timedelta(days=1) if etat["premiere_impayee"] is not None else None),
    })


@calculator("detail_echeancier")
def detail_echeancier(ctx: Context) -> Computed | None:
    """Chaque échéance du plan : montant, payé (imputation sur la plus ancienne), reste, échue ou non."""
    etat = etat_echeancier(ctx.dossier, ctx.as_of)
    if etat is None:
        return None
    impayees = [x for x in etat["lignes"] if x["echue"] and x["reste"] > 0]
    basis = (f"{len(etat['lignes'])} échéance(s) ; {euros(etat['paye_depuis_accord'])} payés depuis l'accord du "
             f"{fmt(ctx.dossier.echeancier.date_accord)}, imputés sur les échéances les plus anciennes.")
    if impayees:
        basis += (f" Impayé(es) : " + ", ".join(f"{fmt(x['date'])} ({euros(x['reste'])})" for x in impayees)
                  + f", soit {euros(etat['arrieres'])} d'arriérés.")
    return Computed(etat["arrieres"] if impayees else None, basis=basis, details=etat["lignes"])


@calculator("rappel_echeance")
def rappel_echeance(ctx: Context, jours_avant: int = 7) -> Computed | None:
    """Date conseillée pour rappeler la prochaine échéance : ``jours_avant`` jours avant elle (pratique, non la loi)."""
    from .calculators import date_conseillee

    etat = etat_echeancier(ctx.dossier, ctx.as_of)
    if etat is None or etat["prochaine"] is None:
        return None
    prochaine = etat["prochaine"]
    conseil = date_conseillee(ctx, prochaine["date"], jours=-jours_avant)
    basis = (f"Prochaine échéance le {fmt(prochaine['date'])}, {euros(prochaine['reste'])} restant à payer ; rappel "
             f"conseillé {jours_avant} jours avant (pratique, non imposée par la loi), au plus tôt à la date d'évaluation, "
             "un jour ouvrable.")
    return Computed(conseil.value, basis=basis)


@calculator("date_decheance_du_terme")
def date_decheance_du_terme(ctx: Context, date_acquise: date | None, mise_en_demeure: date | None = None,
                            preavis_jours: int | None = None) -> Computed | None:
    """La date à laquelle la déchéance du terme est acquise, expliquée (mise en demeure et préavis, ou clause).

    Le préavis est un délai contractuel compté en jours à partir du lendemain de la mise en demeure ; son dernier
    jour n'est pas reporté (CPC 642 ne vise que les délais de procédure) : la déchéance est acquise le lendemain.
    Références : Cass. 1re civ., 22 juin 2017, n° 16-18.418 ; Cass. 1re civ., 10 nov. 2021, n° 19-24.386.
    """
    if date_acquise is None:
        return None
    if mise_en_demeure is not None:
        basis = (f"Mise en demeure du {fmt(mise_en_demeure)} restée sans effet pendant le préavis de {preavis_jours or 0} "
                 f"jour(s) : déchéance du terme acquise le {fmt(date_acquise)} ; le solde de l'échéancier devient exigible.")
    else:
        basis = (f"Clause de déchéance du terme supposée jouer de plein droit dès l'échéance impayée : déchéance acquise "
                 f"le {fmt(date_acquise)} ; le solde de l'échéancier devient exigible.")
    return Computed(date_acquise, basis=basis, citations=["cass_civ1_2017_06_22_16_18418"])


# --------------------------------------------------------------------------------------- le décompte de la créance
#
# Tant que le terme n'est pas déchu, le plan accorde ses dates : seules les échéances échues et impayées sont
# exigibles, avec leurs accessoires — pénalités L441-10 entre professionnels (du lendemain de l'échéance), sinon
# intérêts au taux légal de la mise en demeure postérieure à l'échéance (C. civ. 1231-6, 1344-1). Les factures que
# le plan reconnaît quittent le décompte, qui porte ses échéances échues ; après la déchéance, le solde revient
# (décompte des factures). Références : C. civ. 1305-4 a contrario (terme), 1342-10 ; Cass. 1re civ., 3 juin 2015,
# n° 14-15.655 ; 22 juin 2017, n° 16-18.418.


def plan_en_cours(dossier: Dossier, as_of: date, derivation: Derivation) -> Echeancier | None:
    """Le plan accepté dont le terme n'est pas déchu à ``as_of`` (None s'il n'y en a pas, ou s'il est déchu)."""
    plan = dossier.echeancier
    if plan is None or plan.date_accord > as_of or derivation.facts.get("echeancier.terme_dechu"):
        return None
    return plan


def _factures_du_plan(dossier: Dossier, plan: Echeancier) -> tuple[str, ...]:
    return plan.factures or tuple(f.numero for f in dossier.factures)


@dc.factures_remplacees
def _factures_sous_plan(dossier: Dossier, as_of: date, derivation: Derivation) -> set[str]:
    plan = plan_en_cours(dossier, as_of, derivation)
    return set(_factures_du_plan(dossier, plan)) if plan is not None else set()


@md.arret_des_accessoires_par_facture
def _arret_sous_plan(dossier: Dossier, as_of: date, derivation: Derivation) -> dict[str, date]:
    # Dans les constats aussi : les accessoires des factures sous plan ne courent pas tant que le terme tient.
    plan = plan_en_cours(dossier, as_of, derivation)
    if plan is None:
        return {}
    echeances = {s.facture.numero: s.date_exigibilite for s in derivation.invoices}
    return {n: echeances[n] for n in _factures_du_plan(dossier, plan) if n in echeances}


def _premier_acte_apres(dossier: Dossier, jour: date, as_of: date) -> date | None:
    actes = (TypeEvenement.mise_en_demeure, TypeEvenement.sommation, TypeEvenement.demande_en_justice,
             TypeEvenement.refere, TypeEvenement.injonction_de_payer_signifiee)
    return min((e.date for e in dossier.evenements if e.type in actes and jour <= e.date <= as_of), default=None)


@dc.lignes_supplementaires
def _lignes_du_plan(dossier: Dossier, as_of: date, derivation: Derivation, arret: date | None) -> list[LigneDecompte]:
    """Les échéances échues et impayées du plan en cours, et leurs accessoires, en lignes du décompte."""
    plan = plan_en_cours(dossier, as_of, derivation)
    etat = etat_echeancier(dossier, as_of) if plan is not None else None
    if etat is None:
        return []
    facts = derivation.facts
    couvertes = _factures_du_plan(dossier, plan)
    fin = min(as_of, arret) if arret is not None else as_of
    regime = facts.get("decompte.regime_accessoires")
    fournis = md.taux_fournis(dossier)
    lignes: list[LigneDecompte] = []
    for x in etat["lignes"]:
        if not x["echue"] or x["reste"] <= 0:
            continue
        qui = f"Échéance du {fmt(x['date'])} du plan du {fmt(plan.date_accord)}"
        lignes.append(LigneDecompte(nature=dc.PRINCIPAL, montant=x["reste"], du=x["date"], citations=["c_civ_1342_10"],
                                    libelle=f"{qui}, impayée : {euros(x['reste'])} sur {euros(x['montant'])}"))
        if regime == "penalites_l441_10":
            calc = m.penalites_retard(x["reste"], x["date"], fin, taux_contractuel=dossier.contrat.taux_penalites,
                                      taux_bce_fournis=fournis.bce, taux_legal_fournis=fournis.legal_de("autres_cas"))
            nature, cite, quoi = dc.PENALITES, ["c_com_l441_10"], "Pénalités de retard (C. com. L441-10 II)"
        elif regime == "interets_legaux" and facts.get("montants.categorie_taux_legal"):
            depart = _premier_acte_apres(dossier, x["date"], fin)
            if depart is None:
                continue
            categorie = facts["montants.categorie_taux_legal"]
            calc = m.interets_moratoires(x["reste"], depart, fin, categorie_creancier=categorie,
                                         taux_fournis=fournis.legal_de(categorie))
            nature, cite, quoi = dc.INTERETS, ["c_civ_1231_6", "c_civ_1344_1"], "Intérêts au taux légal (C. civ. 1231-6, 1344-1)"
        else:
            continue
        for ln in calc.lignes:
            if ln.montant == 0:
                continue
            lignes.append(LigneDecompte(
                nature=nature, du=ln.du, au=ln.au, jours=ln.jours, taux=ln.taux, base=ln.base, montant=ln.montant,
                citations=cite, libelle=f"{quoi}, {qui.lower()}, du {fmt(ln.du)} au {fmt(ln.au)} : {ln.jours} j × "
                                        f"{md.fmt_taux(ln.taux)} sur {euros(ln.base)}"))
    return [ligne.model_copy(update={"factures_couvertes": couvertes}) for ligne in lignes]
