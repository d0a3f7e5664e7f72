"""Voies de recours du créancier : faits et calculs de délais (injonction de payer, mesures conservatoires,
titre exécutoire). La procédure collective du débiteur est dans `institutions.procedure_collective`.

Ce module ne qualifie rien : il lit le dossier (dates des événements, procédure collective) et calcule
des dates de fin de délai avec `creances_rules.delais.fin_de_delai`. Les durées (deux mois, six mois…)
ne sont pas écrites ici : les règles de qualification de ``rules/procedure_collective.yaml`` et
``rules/voies_de_recouvrement.yaml`` les fixent (faits ``delai_*_mois``), avec leurs citations ; les
dates limites en découlent.

Un choix de calcul, expliqué dans chaque résultat :

* Délai d'opposition à l'injonction de payer (CPC 1416) : augmentation pour distance (CPC 643, 644) selon
  la résidence du débiteur. L'ordonnance est rendue par le juge du lieu où demeure le débiteur (CPC
  1406) : un débiteur demeurant outre-mer dans la collectivité indiquée par ``debiteur.departement``
  relève en principe d'une juridiction de cette collectivité et ne bénéficie d'aucune augmentation ;
  faute de le savoir, l'augmentation est appliquée (pour le créancier, date la plus tardive avant
  d'exécuter) et signalée.

* Injonction de payer, deux régimes datés par l'ordonnance (décret n° 2026-96 du 16 février 2026, art. 9 : ses
  dispositions sur l'injonction de payer valent pour les ordonnances rendues à compter du 1er septembre 2026) :
  rendue avant, six mois pour signifier (CPC 1411, version du 1er mars 2022) et exécutoire au lendemain du mois
  d'opposition (CPC 1416 al. 1, 1422 version du 1er mars 2022) ; rendue depuis, trois mois pour signifier (CPC 1411)
  et exécutoire seulement après ce mois ET deux mois suivant la signification (CPC 1422 al. 2). Les durées sont
  fixées par les règles de ``rules/voies_de_recouvrement.yaml`` ; :func:`regime_injonction` les redit pour les
  titres de ``titres[]`` (un test vérifie que les deux disent la même chose). Date de l'ordonnance inconnue et
  signification depuis le 1er septembre 2026 : le régime nouveau, dont l'exécution est la plus tardive.

Références : C. com., art. L622-21, L622-24, R622-24, L622-26 ; CPC, art. 640 à 644, 1406, 1411, 1416, 1418,
1422 ; CPCE, art. R511-7 ; décret n° 2026-96 du 16 février 2026, art. 1er et 9. Sources lues : voir ``rules/procedure_collective.yaml`` et
``rules/voies_de_recouvrement.yaml`` (champ ``sources`` des citations) et ``/work/shared/legal/reference.md``
§ 9 et § 10.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from ..law import delais
from ..law._calendrier import territoire
from .calculators import Computed, Context, calculator
from .derive import Derivation, declare_fact, evenements_du_type as _events, premiere_date as _first, provider
from ..models.dossier import Dossier, Evenement, NatureTitre, TypeEvenement
from .saisies import MESURES_INDISPONIBILITE, actes_d_execution
from .vocabulary import FactType

__all__ = [
    "BASCULE_INJONCTION_2026",
    "RegimeInjonction",
    "distance_opposition",
    "fin_de_delai_opposition",
    "lendemain",
    "regime_injonction",
]

# Décret n° 2026-96 du 16 février 2026, art. 9 (en vigueur le 1er avril 2026) : « Les dispositions prévues aux 3° à
# 6° de l'article 1er du présent décret sont applicables aux ordonnances rendues à compter du 1er septembre 2026. »
BASCULE_INJONCTION_2026 = date(2026, 9, 1)


@dataclass(frozen=True)
class RegimeInjonction:
    """Ce que le droit de la date de l'ordonnance d'injonction de payer fixe : délais et textes à citer."""

    nom: str
    mois_signification: int  # CPC 1411 : non avenue faute de signification dans ce délai
    mois_attente_execution: int | None  # CPC 1422 al. 2 (2026) : délai suivant la signification avant d'exécuter
    cpc_1411: str  # clé de la version citée
    cpc_1422: str


_REGIME_2022 = RegimeInjonction("2022", 6, None, "cpc_1411_2022", "cpc_1422_2022")
_REGIME_2026 = RegimeInjonction("2026", 3, 2, "cpc_1411", "cpc_1422")


def regime_injonction(rendue: date | None, signifiee: date | None = None) -> RegimeInjonction:
    """Le régime d'une ordonnance d'injonction de payer selon sa date (décret n° 2026-96, art. 9).

    Rendue avant le 1er septembre 2026 : six mois pour signifier (CPC 1411, version du 1er mars 2022), exécutoire à
    l'expiration du délai d'opposition (CPC 1422, même version). Rendue à compter de cette date : trois mois (CPC
    1411) et, en plus, deux mois suivant la signification (CPC 1422 al. 2). Date de l'ordonnance inconnue : une
    signification antérieure au 1er septembre 2026 suppose une ordonnance antérieure ; sinon le régime de 2026, qui
    retarde le plus l'exécution (prudence).
    Références : CPC, art. 1411, 1422 ; décret n° 2026-96 du 16 février 2026, art. 9.
    """
    if rendue is not None:
        return _REGIME_2026 if rendue >= BASCULE_INJONCTION_2026 else _REGIME_2022
    if signifiee is not None and signifiee < BASCULE_INJONCTION_2026:
        return _REGIME_2022
    return _REGIME_2026

# ----------------------------------------------------------------------------- faits : voies d'exécution

declare_fact("date_injonction_de_payer_rendue", FactType.date, "date de la dernière ordonnance d'injonction de payer")
declare_fact("date_injonction_de_payer_signifiee", FactType.date,
             "date de signification de cette ordonnance (dernière signification, postérieure à l'ordonnance)")
declare_fact("date_opposition_injonction", FactType.date, "date de l'opposition formée contre l'ordonnance")
declare_fact("date_titre_executoire", FactType.date,
             "date du premier titre exécutoire : événement « titre exécutoire », ou titre décrit au dossier, au jour où le titre "
             "peut être exécuté contre le débiteur (complété par le module titres)")
declare_fact("date_premiere_mesure_conservatoire", FactType.date, "date de la première mesure conservatoire exécutée")
declare_fact("date_premier_acte_execution", FactType.date, "date du premier acte d'exécution forcée")
declare_fact("date_premiere_mediation", FactType.date,
             "date de la première tentative de médiation ou de conciliation (événement « début de médiation ou de conciliation »)")
declare_fact("delai_signification_injonction_mois", FactType.int,
             "délai pour signifier l'ordonnance d'injonction de payer, en mois depuis sa date", origin="qualification")
declare_fact("delai_opposition_injonction_mois", FactType.int,
             "délai d'opposition à l'injonction de payer, en mois depuis la signification", origin="qualification")
declare_fact("delai_attente_execution_injonction_mois", FactType.int,
             "ordonnance rendue depuis le 1er septembre 2026 : délai suivant la signification avant de pouvoir "
             "l'exécuter sans avis d'opposition (CPC 1422 al. 2), en mois", origin="qualification")
declare_fact("delai_titre_apres_mesure_conservatoire_mois", FactType.int,
             "délai pour engager la procédure d'obtention d'un titre après une mesure conservatoire, en mois",
             origin="qualification")
declare_fact("date_limite_signification_injonction", FactType.date,
             "dernier jour pour signifier l'ordonnance d'injonction de payer",
             depends_on=("delai_signification_injonction_mois",))
declare_fact("date_limite_opposition_injonction", FactType.date,
             "dernier jour pour former opposition, augmentation pour distance comprise",
             depends_on=("delai_opposition_injonction_mois",))
declare_fact("date_fin_attente_execution_injonction", FactType.date,
             "ordonnance rendue depuis le 1er septembre 2026 : dernier jour des deux mois suivant la signification "
             "(CPC 1422 al. 2), prorogé au premier jour ouvrable (CPC 642)",
             depends_on=("delai_attente_execution_injonction_mois",))
declare_fact("date_fin_suspension_injonction", FactType.date,
             "dernier jour avant que l'ordonnance signifiée puisse être exécutée faute d'opposition : fin du délai "
             "d'opposition (CPC 1416 al. 1) ou, si elle est plus tardive, des deux mois de CPC 1422 al. 2",
             depends_on=("delai_opposition_injonction_mois", "delai_attente_execution_injonction_mois"))
declare_fact("date_limite_titre_apres_mesure_conservatoire", FactType.date,
             "dernier jour pour engager la procédure d'obtention d'un titre après la mesure conservatoire",
             depends_on=("delai_titre_apres_mesure_conservatoire_mois",))


declare_fact("injonction_signifiee_a_personne", FactType.bool,
             "l'ordonnance a été signifiée à la personne du débiteur (titres[].signifie_a_personne ; inconnu "
             "pour un événement)")
declare_fact("date_depart_opposition_1416_al2", FactType.date,
             "signification non faite à personne : première mesure d'exécution (acte_execution) postérieure, "
             "qui fait courir le délai d'opposition de CPC 1416 al. 2")
declare_fact("date_limite_opposition_1416_al2", FactType.date,
             "signification non faite à personne : dernier jour pour former opposition, un mois après la "
             "première mesure d'exécution (CPC 1416 al. 2), augmentation pour distance comprise",
             depends_on=("delai_opposition_injonction_mois",))
declare_fact("date_premiere_assignation", FactType.date,
             "première demande en justice autre que l'injonction de payer (assignation au fond ou en référé)")


def _mesures_indisponibilite(dossier: Dossier, as_of: date) -> list[Evenement]:
    """Enforcement acts that make the debtor's property unavailable (CPC 1416 al. 2): the generic
    ``acte_execution`` and the seizures (not the commandements)."""
    kinds = MESURES_INDISPONIBILITE | {TypeEvenement.acte_execution}
    return sorted((e for e in dossier.evenements if e.type in kinds and e.date <= as_of), key=lambda e: e.date)


@provider("base")
def _faits_voies_d_execution(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    """Dates of the court and enforcement steps already taken, as of the assessment date."""
    facts = derivation.facts
    # An order appears as events (injonction_de_payer_rendue / _signifiee) or as a title of nature
    # ordonnance_injonction_de_payer (date, date_signification, signifie_a_personne): both are read.
    ordonnances = [t for t in dossier.titres
                   if t.nature is NatureTitre.ordonnance_injonction_de_payer and t.date <= as_of]
    rendues = sorted([e.date for e in _events(dossier, as_of, TypeEvenement.injonction_de_payer_rendue)]
                     + [t.date for t in ordonnances])
    rendue = rendues[-1] if rendues else None
    # Only a service of the latest order counts: an earlier service belongs to an earlier order.
    services: list[tuple[date, bool | None]] = [
        (e.date, None) for e in _events(dossier, as_of, TypeEvenement.injonction_de_payer_signifiee)]
    services += [(t.date_signification, t.signifie_a_personne) for t in ordonnances
                 if t.date_signification is not None and t.date_signification <= as_of]
    services = sorted(x for x in services if rendue is None or x[0] >= rendue)
    signifiee = services[-1][0] if services else None
    a_personne = None
    if signifiee is not None:
        connus = [p for d, p in services if d == signifiee and p is not None]
        a_personne = any(connus) if connus else None
    facts["date_injonction_de_payer_rendue"] = rendue
    facts["date_injonction_de_payer_signifiee"] = signifiee
    facts["injonction_signifiee_a_personne"] = a_personne
    # CPC 1416 al. 2: served otherwise than to the person, the month runs from the first act served to the
    # person or, failing that, the first enforcement measure making the debtor's property unavailable. The
    # dossier does not say which acts were served to the person: only the first enforcement act is read.
    facts["date_depart_opposition_1416_al2"] = (
        _first(_mesures_indisponibilite(dossier, as_of), signifiee)
        if signifiee is not None and a_personne is False else None)
    assignations = sorted(_events(dossier, as_of, TypeEvenement.demande_en_justice)
                          + _events(dossier, as_of, TypeEvenement.refere), key=lambda e: e.date)
    facts["date_premiere_assignation"] = assignations[0].date if assignations else None
    facts["date_opposition_injonction"] = _first(_events(dossier, as_of, TypeEvenement.opposition),
                                                 signifiee or rendue)
    facts["date_titre_executoire"] = _first(_events(dossier, as_of, TypeEvenement.titre_executoire))
    facts["date_premiere_mesure_conservatoire"] = _first(_events(dossier, as_of, TypeEvenement.mesure_conservatoire))
    facts["date_premier_acte_execution"] = _first(actes_d_execution(dossier, as_of))
    facts["date_premiere_mediation"] = _first(_events(dossier, as_of, TypeEvenement.mediation_debut))


@provider("qualified")
def _dates_limites(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    """Deadlines for the durations the qualification rules set (None when the start or the duration is unknown).

    Those of the collective proceeding are in `institutions.procedure_collective`.
    """
    facts = derivation.facts
    dep = dossier.debiteur.departement
    facts["date_limite_signification_injonction"] = _fin(
        facts.get("date_injonction_de_payer_rendue"), facts.get("delai_signification_injonction_mois"), dep)
    signifiee, months = facts.get("date_injonction_de_payer_signifiee"), facts.get("delai_opposition_injonction_mois")
    facts["date_limite_opposition_injonction"] = (
        _opposition(signifiee, months, dossier.debiteur.residence.value, dep)[0].date
        if signifiee is not None and months else None
    )
    # CPC 1422 al. 2 (ordonnances rendues depuis le 1er septembre 2026) : deux mois suivant la signification, sans
    # augmentation pour distance (CPC 643 ne vise pas ce délai) ; CPC 642 proroge, ce qui retarde l'exécution.
    attente = facts.get("delai_attente_execution_injonction_mois")
    fin_attente = _fin(signifiee, attente, dep)
    facts["date_fin_attente_execution_injonction"] = fin_attente
    fins = [d for d in (facts["date_limite_opposition_injonction"], fin_attente) if d is not None]
    facts["date_fin_suspension_injonction"] = max(fins) if fins and facts["date_limite_opposition_injonction"] else None
    al2 = facts.get("date_depart_opposition_1416_al2")
    facts["date_limite_opposition_1416_al2"] = (
        _opposition(al2, months, dossier.debiteur.residence.value, dep)[0].date
        if al2 is not None and months else None
    )
    facts["date_limite_titre_apres_mesure_conservatoire"] = _fin(
        facts.get("date_premiere_mesure_conservatoire"), facts.get("delai_titre_apres_mesure_conservatoire_mois"), dep)


def _fin(depart: date | None, months: int | None, departement: str | None) -> date | None:
    if depart is None or not months:
        return None
    return delais.fin_de_delai(depart, mois=months, departement=departement).date


# ----------------------------------------------------------------------------- calculs


def distance_opposition(residence: str, departement: str | None = None) -> tuple[str | None, str]:
    """Distance extension (CPC 643/644) for the debtor's opposition, and why.

    The order is made by the judge of the place where the debtor lives (CPC 1406): a debtor living in
    the overseas territory of ``departement`` is before a court of that territory and gets no extension.
    Références : CPC, art. 643, 644, 1406.
    """
    if residence not in ("metropole", "outre_mer", "etranger"):
        raise delais.DelaiInvalide(
            f"residence : valeur inconnue {residence!r} ; attendu « metropole », « outre_mer » ou « etranger ».",
            "residence",
        )
    if residence == "etranger":
        return "etranger", "Débiteur demeurant à l'étranger : augmentation de deux mois (CPC, art. 643 ou 644)."
    if residence == "outre_mer":
        if departement is not None and territoire(departement).regime.startswith("outre_mer"):
            return None, ("Débiteur demeurant outre-mer, dans la collectivité où siège la juridiction (juge du "
                          "lieu où il demeure, CPC, art. 1406) : pas d'augmentation pour distance (CPC, art. 644).")
        return "outre_mer", ("Débiteur demeurant outre-mer, juridiction supposée siéger en métropole : "
                             "augmentation d'un mois (CPC, art. 643). Si la juridiction siège dans la collectivité "
                             "où il demeure, il n'y a pas d'augmentation et le délai expire un mois plus tôt.")
    return None, "Débiteur demeurant en France métropolitaine : pas d'augmentation pour distance."


def _opposition(depart: date, months: int, residence: str, departement: str | None) -> tuple[delais.Delai, str]:
    distance, why = distance_opposition(residence, departement)
    return delais.fin_de_delai(depart, mois=months, departement=departement, distance=distance), why


@calculator("fin_de_delai_opposition")
def fin_de_delai_opposition(ctx: Context, depart: date | None, mois: int | None,
                            residence: str = "metropole", a_personne: bool | None = None) -> Computed | None:
    """Last day for the debtor's opposition to an injunction to pay, distance extension included.

    ``a_personne`` : True, signification à personne (CPC 1416 al. 1, délai depuis la signification) ;
    False, ``depart`` est la première mesure d'exécution (1416 al. 2) ; None, inconnu (supposé à personne).
    Références : CPC, art. 640 à 644, 1406, 1416.
    """
    if depart is None or not mois:
        return None
    result, why = _opposition(depart, mois, residence, ctx.departement)
    basis = " ".join([why, *result.explication])
    if a_personne is True:
        assumptions = []
    elif a_personne is False:
        assumptions = [
            "Signification non faite à la personne du débiteur : le délai d'un mois court du premier acte "
            "signifié à personne ou, à défaut, de la première mesure d'exécution ayant pour effet de rendre "
            "indisponibles tout ou partie de ses biens (CPC, art. 1416 al. 2). La date retenue est celle du "
            "premier acte d'exécution porté au dossier, supposé rendre des biens indisponibles ; un acte "
            "antérieur signifié à personne ferait courir le délai plus tôt."
        ]
    else:
        assumptions = [
            "Signification supposée faite à la personne du débiteur. Sinon, l'opposition reste recevable "
            "jusqu'à l'expiration du délai d'un mois suivant le premier acte signifié à personne ou, à défaut, "
            "suivant la première mesure d'exécution ayant pour effet de rendre indisponibles tout ou partie de "
            "ses biens (CPC, art. 1416 al. 2)."
        ]
    used = {c["article"] for c in result.citations}
    citations = ["cpc_1416", "cpc_640", "cpc_641", "cpc_642"] + [f"cpc_{a}" for a in ("643", "644") if a in used]
    return Computed(result.date, basis=basis, details=None, assumptions=assumptions,
                    warnings=list(result.avertissements), citations=citations)


@calculator("lendemain")
def lendemain(ctx: Context, jour: date | None) -> date | None:
    """The day after ``jour`` (e.g. the first day after a délai has run out)."""
    return jour + timedelta(days=1) if jour is not None else None
