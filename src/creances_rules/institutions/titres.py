"""Titres exécutoires : quand un titre devient exécutoire, ce qu'il rend dû à une date, ce qu'il remplace.

Un titre (``titres[]`` du dossier : jugement, ordonnance, acte notarié) porte ses propres sommes : le
principal de la condamnation, les intérêts au taux et du jour qu'il fixe (à défaut, au taux légal du
jour de la décision, C. civ. 1231-7), l'indemnité de l'article 700 CPC et les dépens. Ce module compte
ces sommes à la date d'évaluation ; les règles (``rules/titre_executoire.yaml``,
``rules/sommes_dues_au_titre.yaml``) disent quand elles sont dues et les citent.

Ce qui est calculé ici, et la règle de droit suivie :

* **Force exécutoire** (:func:`force_executoire`). Un jugement ne s'exécute contre le débiteur qu'une
  fois notifié (CPC 503). Instance introduite à compter du 1er janvier 2020 : exécution provisoire de
  droit (CPC 514 issu du décret n° 2019-1333, art. 55 II), sauf si la décision l'écarte — exécutoire dès
  la signification. Instance antérieure : exécutoire au passage en force de chose jugée (CPC 500, 501),
  soit au lendemain du dernier jour du délai d'appel d'un mois (CPC 538) compté de la signification (CPC
  528), augmenté pour distance (CPC 643), sauf exécution provisoire ordonnée ; un appel formé dans le
  délai suspend l'exécution (CPC 539). Ordonnance de référé : exécutoire par provision (CPC 514 ancien
  al. 2, 514-1 nouveau), dès la signification. Ordonnance d'injonction de payer : au lendemain du délai
  d'opposition d'un mois suivant la signification (CPC 1416), faute d'opposition ; rendue depuis le 1er septembre
  2026, au lendemain du plus tardif de ce délai et des deux mois suivant la signification (CPC 1422 al. 2, décret
  n° 2026-96, art. 9 ; :func:`recours.regime_injonction`). Acte notarié revêtu de
  la formule exécutoire : dès sa date (CPCE L111-3 4°).
* **Majoration de cinq points** (CMF L313-3) du taux légal, deux mois après que la décision de justice
  est devenue exécutoire, fût-ce par provision ; jamais pour un acte notarié (pas une décision de
  justice) ni pour un taux conventionnel.
* **Arriérés d'intérêts** : le titre s'exécute pendant dix ans (CPCE L111-4), mais les intérêts échus
  après la décision sont une créance périodique qui se prescrit par cinq ans (C. civ. 2224 ; Cass. ass.
  plén., 10 juin 2005, sous l'ancien art. 2277 ; Cass., avis, 4 juill. 2016 : le délai de L111-4 ne
  s'applique pas aux créances périodiques nées du titre). Les intérêts échus plus de cinq ans avant la
  date d'évaluation (l'acte d'exécution à faire), sans acte interruptif entre-temps, sont écartés ; le
  calcul de prescription est celui de `creances_rules.prescription` (interruptions, suspensions).
* **Ce que le titre remplace** (CPCE L111-3, autorité de la chose jugée) : les factures qu'il couvre
  cessent, à sa date, de produire pénalités L441-10, indemnité forfaitaire et intérêts de 1231-6 ; ses
  propres sommes les remplacent (:func:`arret_des_accessoires`). Les accessoires échus avant le titre sont
  supposés compris dans la condamnation (ou rejetés par elle).
* **Paiements** postérieurs au titre : imputés sur les sommes du titre qu'ils visent (facture couverte,
  ou sans désignation sur le plus ancien titre), dans l'ordre choisi par le créancier
  (``contrat.imputation_paiements`` : intérêts d'abord, C. civ. 1343-1, ou principal d'abord), puis
  l'article 700 et les dépens.

L'événement ``titre_executoire`` (forme simple, sans condamnation détaillée) reste lu comme avant : sa
date est celle où la décision est devenue exécutoire ; aucune somme propre n'est alors calculée.

Références : C. civ., art. 1231-7, 1343-1, 2224 ; CMF, art. L313-2, L313-3 ; CPCE, art. L111-3, L111-4 ;
CPC, art. 500, 501, 503, 514, 528, 538, 539, 643, 1411, 1416, 1422 ; décret n° 2019-1333, art. 55 ; décret
n° 2026-96, art. 9 ; Cass. 2e civ.,
5 oct. 2023, n° 20-23.523 (point de départ de L111-4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from ..law import delais
from ..law import prescription as p
from .._base.formatting import fmt
from .calculators import Computed, Context, calculator
from .derive import Derivation, declare_fact, provider
from ..models.dossier import Dossier, NatureTitre, Titre, TypeEvenement
from .saisies import MESURES_EXECUTION, actes_d_execution
from .vocabulary import FactType
from . import decompte as dc
from . import montants_dus as md
from .recours import distance_opposition, regime_injonction

__all__ = [
    "ForceExecutoire",
    "arret_des_accessoires",
    "dates_depart_l111_4",
    "force_executoire",
]

_UN_JOUR = timedelta(days=1)
ZERO = Decimal("0.00")
# Décret n° 2019-1333, art. 55 II : le nouvel art. 514 vaut pour les instances introduites à compter de cette date.
EXECUTION_PROVISOIRE_DE_DROIT = date(2020, 1, 1)
# Les décisions de justice (CPCE L111-3 1°) : L111-4 et L313-3. « autre » est lu comme une décision.
_DECISIONS = frozenset({NatureTitre.jugement, NatureTitre.ordonnance_injonction_de_payer,
                        NatureTitre.ordonnance_de_refere, NatureTitre.autre})
_DEMANDES = (TypeEvenement.demande_en_justice, TypeEvenement.refere, TypeEvenement.injonction_de_payer_signifiee)
# Actes postérieurs au titre qui interrompent la prescription des intérêts (C. civ. 2240, 2244).
_INTERRUPTIONS = {
    TypeEvenement.acte_execution: p.TypeEvenement.acte_execution,
    TypeEvenement.mesure_conservatoire: p.TypeEvenement.mesure_conservatoire,
    TypeEvenement.reconnaissance_de_dette: p.TypeEvenement.reconnaissance,
    # Third-wave enforcement measures (commandements included, CPCE R221-5): acts of execution (2244).
    **{k: p.TypeEvenement.acte_execution for k in MESURES_EXECUTION},
}

# --------------------------------------------------------------------------------------- faits

declare_fact("titres.nombre", FactType.int, "titres (titres[]) rendus au plus tard à la date d'évaluation")
declare_fact("titres.date_premier", FactType.date, "date du premier titre (titres[] ou événement titre_executoire)")
declare_fact("titres.sommes_connues", FactType.bool, "un titre porte une condamnation chiffrée (titres[].condamnation)")
declare_fact("titres.execution_en_cours", FactType.bool,
             "un acte d'exécution forcée a été accompli dans les six derniers mois, sans mainlevée depuis : l'exécution "
             "est en cours (choix de prudence de la bibliothèque, non un seuil légal)")
declare_fact("titres.non_signifies", FactType.int,
             "décisions de titres[] (hors acte notarié) non signifiées au débiteur à la date d'évaluation")


# --------------------------------------------------------------------------------------- force exécutoire


@dataclass(frozen=True)
class ForceExecutoire:
    """Le premier jour où le titre peut être exécuté contre le débiteur (None : pas encore, ou inconnu), et pourquoi."""

    date: date | None
    regime: str
    explication: list[str]
    citations: list[str]
    avertissements: list[str] = field(default_factory=list)


def _date_instance(titre: Titre, dossier: Dossier) -> tuple[date | None, str]:
    if titre.date_introduction_instance is not None:
        return titre.date_introduction_instance, "date de l'acte introductif d'instance portée au titre"
    demandes = sorted(e.date for e in dossier.evenements if e.type in _DEMANDES and e.date <= titre.date)
    if demandes:
        return demandes[0], "première demande en justice du dossier, supposée introduire l'instance"
    return None, "date d'introduction de l'instance inconnue"


def _distance(dossier: Dossier) -> str | None:
    # Juridiction supposée siéger en métropole : l'augmentation (CPC 643) donne la date la plus tardive.
    residence = dossier.debiteur.residence.value
    return residence if residence in ("outre_mer", "etranger") else None


def force_executoire(titre: Titre, dossier: Dossier, as_of: date) -> ForceExecutoire:
    """Quand le titre devient exécutoire contre le débiteur, selon sa nature et le droit de la date de l'instance.

    Références : CPC, art. 500, 501, 503, 514 (décret n° 2019-1333, art. 55 II), 528, 538, 539, 643, 1411, 1416,
    1422 ; décret n° 2026-96, art. 9 ; CPCE, art. L111-3.
    """
    nature = titre.nature
    dep = dossier.debiteur.departement
    if nature is NatureTitre.acte_notarie:
        return ForceExecutoire(titre.date, "acte_notarie", [
            f"Acte notarié du {fmt(titre.date)} revêtu de la formule exécutoire : titre exécutoire dès sa date "
            "(CPCE L111-3 4°)."], ["cpce_l111_3"])
    signif = titre.date_signification if titre.date_signification and titre.date_signification <= as_of else None
    if signif is None:
        return ForceExecutoire(None, "non_signifie", [
            f"Décision du {fmt(titre.date)} non signifiée au débiteur à la date d'évaluation : elle ne peut être "
            "exécutée contre lui qu'après notification (CPC 503)."], ["cpc_503"],
            ["Titre non signifié : le faire signifier par un commissaire de justice ; la force exécutoire, la "
             "majoration de L313-3 et le délai d'exécution de L111-4 courent de là."])
    if nature is NatureTitre.ordonnance_injonction_de_payer:
        return _force_injonction(titre, dossier, as_of, signif)
    if nature is NatureTitre.ordonnance_de_refere:
        return ForceExecutoire(signif, "refere", [
            f"Ordonnance de référé, exécutoire à titre provisoire (CPC 514 ancien al. 2 ; 514-1 al. 3 depuis 2020), "
            f"signifiée le {fmt(signif)} : exécutoire dès cette date (CPC 503)."], ["cpc_514", "cpc_514_ancien", "cpc_503"])
    instance, source = _date_instance(titre, dossier)
    avertissements: list[str] = []
    de_droit = instance is not None and instance >= EXECUTION_PROVISOIRE_DE_DROIT
    if instance is None and titre.date >= EXECUTION_PROVISOIRE_DE_DROIT:
        avertissements.append(
            f"Date d'introduction de l'instance inconnue (titres[].date_introduction_instance) : si l'instance a été "
            f"introduite à compter du 1er janvier 2020, la décision est exécutoire de droit à titre provisoire dès sa "
            f"signification le {fmt(signif)} (CPC 514, décret n° 2019-1333 art. 55 II) ; la bibliothèque retient la "
            "règle antérieure, qui donne la date la plus tardive.")
    if de_droit and titre.execution_provisoire is not False:
        return ForceExecutoire(signif, "execution_provisoire_de_droit", [
            f"Instance introduite le {fmt(instance)} ({source}), à compter du 1er janvier 2020 : décision de première "
            f"instance exécutoire de droit à titre provisoire (CPC 514, décret n° 2019-1333 art. 55 II), contre le "
            f"débiteur dès sa signification le {fmt(signif)} (CPC 503)."],
            ["cpc_514", "decret_2019_1333_art_55", "cpc_503"], avertissements)
    if titre.execution_provisoire:
        return ForceExecutoire(signif, "execution_provisoire_ordonnee", [
            f"Exécution provisoire ordonnée : exécutoire dès la signification du {fmt(signif)} (CPC 501, 503)."],
            ["cpc_501", "cpc_503"], avertissements)
    regle = ("exécution provisoire de droit écartée par la décision" if de_droit else
             f"instance introduite le {fmt(instance)} ({source}), avant le 1er janvier 2020" if instance else
             "régime antérieur au 1er janvier 2020 retenu")
    if titre.appel is not None and titre.appel <= as_of:
        return ForceExecutoire(None, "appel_suspensif", [
            f"{regle.capitalize()} ; appel formé le {fmt(titre.appel)} : le recours exercé dans le délai suspend "
            "l'exécution (CPC 539) ; la décision ne sera exécutoire qu'à l'issue de l'appel (non modélisé)."],
            ["cpc_539", "cpc_501"], avertissements)
    fin = delais.fin_de_delai(signif, mois=1, departement=dep, distance=_distance(dossier))
    avertissements.append(
        "Décision supposée susceptible d'appel (un jugement rendu en dernier ressort passe en force de chose jugée dès "
        "sa notification) et signification supposée régulière.")
    return ForceExecutoire(fin.date + _UN_JOUR, "force_de_chose_jugee", [
        f"{regle.capitalize()}, sans exécution provisoire : la décision est exécutoire quand elle passe en force de "
        f"chose jugée (CPC 500, 501), à l'expiration du délai d'appel d'un mois (CPC 538) compté de la signification "
        f"du {fmt(signif)} (CPC 528) : dernier jour le {fmt(fin.date)}, exécutoire le lendemain, "
        f"{fmt(fin.date + _UN_JOUR)}.", *fin.explication],
        ["cpc_500", "cpc_501", "cpc_503", "cpc_528", "cpc_538", "cpc_640", "cpc_641", "cpc_642"], avertissements)


def _force_injonction(titre: Titre, dossier: Dossier, as_of: date, signif: date) -> ForceExecutoire:
    """Ordonnance d'injonction de payer signifiée : non avenue, frappée d'opposition, ou exécutoire à une date.

    Le droit est celui de la date de l'ordonnance (décret n° 2026-96, art. 9) : les mêmes délais que les règles de
    voies_de_recouvrement.yaml, pour chaque titre de ``titres[]``.
    Références : CPC, art. 640 à 642, 1411, 1416, 1422.
    """
    dep = dossier.debiteur.departement
    regime = regime_injonction(titre.date)
    mois = regime.mois_signification
    # CPC 1411 : non signifiée dans le délai de sa date, l'ordonnance est non avenue ; une signification tardive ne
    # la fait pas revivre (règles voies_de_recouvrement.injonction_de_payer_signifiee_hors_delai[_2026]).
    limite = delais.fin_de_delai(titre.date, mois=mois, departement=dep).date
    if signif > limite:
        return ForceExecutoire(None, "non_avenue", [
            f"Ordonnance d'injonction de payer du {fmt(titre.date)} signifiée le {fmt(signif)}, après le dernier "
            f"jour des {_MOIS[mois]} mois ({fmt(limite)}) : non avenue (CPC 1411), elle ne peut être exécutée."],
            [regime.cpc_1411, "decret_2026_96_art_9", "cpc_640", "cpc_641", "cpc_642"])
    oppositions = [e.date for e in dossier.evenements
                   if e.type is TypeEvenement.opposition and signif <= e.date <= as_of]
    if oppositions:
        return ForceExecutoire(None, "opposition", [
            f"Opposition formée le {fmt(oppositions[0])} : l'ordonnance n'est pas exécutoire ; le jugement rendu "
            "sur opposition s'y substitue (CPC 1420)."], ["cpc_1416"])
    distance, why = distance_opposition(dossier.debiteur.residence.value, dep)
    fin = delais.fin_de_delai(signif, mois=1, departement=dep, distance=distance)
    if regime.mois_attente_execution is None:
        return ForceExecutoire(fin.date + _UN_JOUR, "injonction_sans_opposition", [
            f"Ordonnance d'injonction de payer signifiée le {fmt(signif)} : délai d'opposition d'un mois (CPC 1416), "
            f"dernier jour le {fmt(fin.date)} ; faute d'opposition, exécutoire le lendemain (CPC 1422). {why}"],
            ["cpc_1416", regime.cpc_1422, "cpc_640", "cpc_641", "cpc_642"])
    attente = delais.fin_de_delai(signif, mois=regime.mois_attente_execution, departement=dep)
    dernier = max(fin.date, attente.date)
    return ForceExecutoire(dernier + _UN_JOUR, "injonction_sans_opposition", [
        f"Ordonnance d'injonction de payer du {fmt(titre.date)}, rendue depuis le 1er septembre 2026 (décret "
        f"n° 2026-96, art. 9), signifiée le {fmt(signif)} : délai d'opposition d'un mois (CPC 1416), dernier jour le "
        f"{fmt(fin.date)} ; délai de deux mois suivant la signification (CPC 1422 al. 2), dernier jour le "
        f"{fmt(attente.date)} ; faute d'opposition, exécutoire le {fmt(dernier + _UN_JOUR)}. {why}"],
        ["cpc_1416", regime.cpc_1422, "decret_2026_96_art_9", "cpc_640", "cpc_641", "cpc_642"],
        ["Ordonnance rendue depuis le 1er septembre 2026 : l'exécution n'est possible que si aucun avis d'opposition "
         "du greffe n'a été reçu dans les deux mois suivant la signification (CPC 1422 al. 3) ; une opposition formée "
         "dans le délai reste suspensive (al. 1). En cas d'opposition, l'acte de signification doit être produit à "
         "l'audience, à peine d'irrecevabilité (CPC 1418)."])


_MOIS = {3: "trois", 6: "six"}


def _titres(dossier: Dossier, as_of: date) -> list[tuple[int, Titre]]:
    return sorted(((i, titre) for i, titre in enumerate(dossier.titres)
                   if titre.date <= as_of and not _injonction_non_avenue(titre, dossier, as_of)),
                  key=lambda it: (it[1].date, it[0]))


def _injonction_non_avenue(titre: Titre, dossier: Dossier, as_of: date) -> bool:
    """Ordonnance d'injonction de payer non signifiée dans le délai de sa date : non avenue (CPC 1411).

    Six mois pour une ordonnance rendue avant le 1er septembre 2026, trois mois depuis (décret n° 2026-96, art. 9).

    Elle n'est pas un titre : ni sommes dues à ce titre, ni arrêt des accessoires, ni délai de L111-4.
    """
    if titre.nature is not NatureTitre.ordonnance_injonction_de_payer:
        return False
    mois = regime_injonction(titre.date).mois_signification
    limite = delais.fin_de_delai(titre.date, mois=mois, departement=dossier.debiteur.departement).date
    signif = titre.date_signification if titre.date_signification and titre.date_signification <= as_of else None
    return signif > limite if signif is not None else as_of > limite


def dates_depart_l111_4(dossier: Dossier, as_of: date, *, actes_notaries: bool = False) -> list[date]:
    """Pour chaque décision de justice (CPCE L111-3 1°) de ``titres[]``, le jour où elle est devenue exécutoire.

    Point de départ des dix ans de L111-4 : le jour où, ayant acquis force exécutoire et notifiée, la
    décision constitue un titre exécutoire (Cass. 2e civ., 5 oct. 2023, n° 20-23.523). Un acte notarié
    (L111-3 4°) n'y est pas soumis (sa créance garde sa propre prescription) ; ``actes_notaries`` l'ajoute
    pourtant, pour le calcul de prescription qui le traite comme une décision (approximation dite dans
    rules/prescription.yaml).
    """
    out = []
    for _, titre in _titres(dossier, as_of):
        if titre.nature in _DECISIONS or (actes_notaries and titre.nature is NatureTitre.acte_notarie):
            d = force_executoire(titre, dossier, as_of).date
            if d is not None and d <= as_of:
                out.append(d)
    return sorted(out)


def _couvertes(titre: Titre, dossier: Dossier) -> tuple[str, ...]:
    return titre.factures or tuple(f.numero for f in dossier.factures)


def arret_des_accessoires(dossier: Dossier, as_of: date) -> dict[str, date]:
    """Pour chaque facture couverte par un titre chiffré (``titres[]`` avec condamnation), la date du premier titre
    qui la couvre : la créance du titre remplace alors celle de la facture (CPCE L111-3).

    Les pénalités L441-10, l'indemnité forfaitaire et les intérêts de 1231-6 de la facture ne courent plus ; ceux
    échus avant le titre sont supposés compris dans la condamnation (ou rejetés par elle) : la facture quitte le
    décompte, qui porte les sommes du titre. Un titre sans condamnation chiffrée ne remplace rien (ses sommes
    sont inconnues : les factures restent au décompte, avertissement titre_sans_condamnation).
    """
    out: dict[str, date] = {}
    for _, titre in _titres(dossier, as_of):
        if titre.condamnation is None:
            continue
        for numero in _couvertes(titre, dossier):
            out.setdefault(numero, titre.date)
    return out


# --------------------------------------------------------------------------------------- le décompte de la créance


@dc.factures_remplacees
def _factures_remplacees(dossier: Dossier, as_of: date, derivation: Derivation) -> set[str]:
    return set(arret_des_accessoires(dossier, as_of))


@md.arret_des_accessoires_par_facture
def _arret_des_accessoires(dossier: Dossier, as_of: date, derivation: Derivation) -> dict[str, date]:
    # Dans les constats aussi, la facture remplacée ne produit plus rien : ses accessoires s'arrêtent avant de
    # courir (à son échéance), comme dans le décompte qui ne la porte plus.
    echeances = {s.facture.numero: s.date_exigibilite for s in derivation.invoices}
    return {n: echeances[n] for n in arret_des_accessoires(dossier, as_of) if n in echeances}


def factures_sous_titre_non_chiffre(dossier: Dossier, as_of: date, echeances: dict[str, date]) -> set[str]:
    """Factures couvertes par un titre dont la condamnation est inconnue, sans titre chiffré qui les remplace.

    Un tel titre (événement ``titre_executoire``, ou entrée de ``titres[]`` sans condamnation) couvre les factures
    qu'il nomme, à défaut toutes celles exigibles à sa date ; celles qu'un titre de ``titres[]`` avec condamnation
    couvre déjà en sont ôtées (ses sommes les remplacent).
    """
    couvertures = [(e.date, tuple(e.factures)) for e in dossier.evenements
                   if e.type is TypeEvenement.titre_executoire and e.date <= as_of]
    couvertures += [(t.date, t.factures) for _, t in _titres(dossier, as_of) if t.condamnation is None]
    if not couvertures:
        return set()
    chiffrees = set(arret_des_accessoires(dossier, as_of))
    out: set[str] = set()
    for jour, factures in couvertures:
        out |= set(factures) if factures else {n for n, d in echeances.items() if d <= jour}
    return out - chiffrees


@md.arret_des_accessoires_par_facture
def _arret_sous_titre_non_chiffre(dossier: Dossier, as_of: date, derivation: Derivation) -> dict[str, date]:
    """Entre professionnels, un jugement décrit par sa seule date (événement titre_executoire) : pas de pénalités
    L441-10 ni d'indemnité forfaitaire des factures qu'il couvre en plus de lui.

    Ce que la condamnation a alloué (pénalités échues, intérêts de 1231-7) est inconnu : le décompte porte le seul
    principal des factures, plancher prudent, et l'avertissement titre_sans_condamnation demande de décrire le titre
    (titres[] avec sa condamnation). Hors relations entre professionnels, les intérêts au taux légal de la mise en
    demeure, majorés de L313-3 (règle interets_moratoires.majoration_l313_3), tiennent lieu de ceux du jugement.
    """
    if not (dossier.creancier.qualite.value == "professionnel" and dossier.debiteur.qualite.value == "professionnel"):
        return {}
    echeances = {s.facture.numero: s.date_exigibilite for s in derivation.invoices}
    return {n: echeances[n] for n in factures_sous_titre_non_chiffre(dossier, as_of, echeances) if n in echeances}


# --------------------------------------------------------------------------------------- providers


@provider("base")
def _faits_des_titres(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    """Faits des titres ; la date du titre exécutoire (module recours) tient compte aussi de ``titres[]``."""
    facts = derivation.facts
    titres = _titres(dossier, as_of)
    facts["titres.nombre"] = len(titres)
    actes = actes_d_execution(dossier, as_of)
    dernier = actes[-1].date if actes else None
    mainlevee = max((e.date for e in dossier.evenements if e.type is TypeEvenement.mainlevee and e.date <= as_of),
                    default=None)
    facts["titres.execution_en_cours"] = bool(
        dernier is not None and dernier > as_of - relativedelta(months=6) and (mainlevee is None or mainlevee < dernier))
    facts["titres.sommes_connues"] = any(titre.condamnation is not None for _, titre in titres)
    facts["titres.non_signifies"] = sum(
        1 for _, titre in titres if titre.nature is not NatureTitre.acte_notarie
        and (titre.date_signification is None or titre.date_signification > as_of))
    evenement = facts.get("date_titre_executoire")
    dates = [titre.date for _, titre in titres] + ([evenement] if evenement else [])
    facts["titres.date_premier"] = min(dates) if dates else None
    # Une décision de titres[] suppose une demande en justice (qui vaut aussi mise en demeure) : à défaut
    # d'événement, sa date est celle de l'instance (ou, inconnue, la date de la décision, la plus tardive).
    demandes = [(titre.date_introduction_instance or _date_instance(titre, dossier)[0] or titre.date)
                for _, titre in titres if titre.nature in _DECISIONS]
    if demandes:
        connue = facts.get("date_premiere_demande_en_justice")
        facts["date_premiere_demande_en_justice"] = min([*demandes, *([connue] if connue else [])])
    # Un titre de titres[] est un titre exécutoire du jour où il peut être exécuté contre le débiteur.
    executoires = [force_executoire(titre, dossier, as_of).date for _, titre in titres]
    executoires = [d for d in executoires if d is not None and d <= as_of]
    if executoires:
        facts["date_titre_executoire"] = min([*executoires, *([evenement] if evenement else [])])


# --------------------------------------------------------------------------------------- calculateurs


@calculator("titre_executoire_obtenu")
def titre_executoire_obtenu(ctx: Context) -> Computed | None:
    """Le premier titre : depuis quand il est exécutoire, et pour chaque titre sa force exécutoire et ses dix ans."""
    titres = _titres(ctx.dossier, ctx.as_of)
    details, citations, warnings = [], [], []
    for i, titre in titres:
        force = force_executoire(titre, ctx.dossier, ctx.as_of)
        citations += force.citations
        warnings += [w for w in force.avertissements if w not in warnings]
        limite_l111_4 = None
        if titre.nature in _DECISIONS and force.date is not None and force.date <= ctx.as_of:
            evts = [p.EvenementPrescription(type=_INTERRUPTIONS[e.type], date=e.date) for e in ctx.dossier.evenements
                    if e.type in _INTERRUPTIONS and force.date < e.date <= ctx.as_of]
            evts += [p.EvenementPrescription(type=p.TypeEvenement.paiement_partiel, date=x.date)
                     for x in ctx.dossier.paiements if force.date < x.date <= ctx.as_of]
            limite_l111_4 = p.calculer_prescription(p.regime_legal("cpce_l111_4"), force.date, evts,
                                                    as_of=ctx.as_of).date_limite
            citations.append("cpce_l111_4")
        details.append({
            "titre": i, "nature": titre.nature.value, "date": titre.date, "juridiction": titre.juridiction,
            "factures_couvertes": list(_couvertes(titre, ctx.dossier)),
            "executoire_le": force.date, "regime": force.regime, "explication": force.explication,
            "execution_possible_jusqu_au": limite_l111_4,
        })
    evenement = [e.date for e in ctx.dossier.evenements
                 if e.type is TypeEvenement.titre_executoire and e.date <= ctx.as_of]
    if evenement:
        details.append({"evenement": "titre_executoire", "date": min(evenement), "executoire_le": min(evenement),
                        "explication": ["Événement « titre exécutoire » : date supposée être celle où la décision est "
                                        "devenue exécutoire ; sommes non détaillées (décrire le titre et sa condamnation dans la rubrique des titres du dossier)."]})
    if not details:
        return None
    dates = [d["executoire_le"] for d in details if d.get("executoire_le") is not None]
    value = min(dates) if dates else True
    basis = " ".join(" ".join(d["explication"]) for d in details)
    return Computed(value, basis=basis, details=details, warnings=warnings,
                    citations=list(dict.fromkeys(citations)))


@calculator("premiere_date_titre")
def premiere_date_titre(ctx: Context) -> date | None:
    """La date du premier titre (titres[] ou événement titre_executoire)."""
    return ctx.facts.get("titres.date_premier")
