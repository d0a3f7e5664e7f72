"""Cautionnement : ce que le créancier doit à la caution (les informations) et ce qu'il peut lui demander.

Le fichier ``rules/cautionnement.yaml`` dit le droit ; ce module compte et date :

* **Information du premier incident** (C. civ. 2303 depuis le 1er janvier 2022 ; avant, C. conso. L333-1
  et L343-5 du 1er juillet 2016 au 31 décembre 2021, L341-1 du 31 juillet 1998 au 30 juin 2016) : le
  créancier professionnel informe la caution personne physique « dès le premier incident de paiement non
  régularisé dans le mois de l'exigibilité de ce paiement ». Incident : la plus ancienne échéance d'une
  facture garantie restée impayée à sa date et non soldée dans le mois. Échéance de l'action : l'exigibilité
  plus un mois (mois de date à date, CPC 641 ; délai de fond, sans report au jour ouvrable : lecture
  prudente). La date d'information ne précède donc jamais l'incident. Sanction : les intérêts et pénalités
  échus entre l'incident et l'information ne sont pas dus par la caution.
* **Information annuelle** (C. civ. 2302 depuis le 1er janvier 2022 ; avant, C. conso. L333-2/L343-6,
  ex-L341-6, pour la caution personne physique d'un créancier professionnel, et CMF L313-22 pour
  l'établissement de crédit) : « avant le 31 mars de chaque année », sur les sommes dues au 31 décembre
  précédent. L'action est datée du 30 mars (avant le 31) ; une information du 31 mars est tardive selon la
  lettre des textes (« avant le 31 mars ») : la déchéance est comptée, et un avertissement dit que c'est une
  lecture. Une année est due si une facture
  garantie, émise au plus tard le 31 décembre précédent, n'était pas soldée à cette date. Sanction : intérêts
  et pénalités échus depuis la précédente information jusqu'à la nouvelle ; sans information antérieure,
  depuis la date du cautionnement (lecture prudente, signalée).
* Depuis le 1er janvier 2022, les articles 2302 à 2304 s'appliquent même aux cautionnements antérieurs
  (ord. n° 2021-1192, art. 37 III) : le texte d'une information se choisit à la date où elle est due, non à
  celle du cautionnement ; le reste (formation, bénéfices, mentions) suit la loi du jour du cautionnement
  (art. 37 II).
* **Ce que la caution doit** : le montant réclamable pour les factures garanties — le décompte de la créance
  (``institutions.decompte.calculer_decompte``, restreint aux factures garanties), lu et non refait —, moins les accessoires perdus faute d'information (part de chaque ligne d'intérêts ou de
  pénalités proportionnelle aux jours compris dans une période sans information), dans la limite du
  ``montant_maximum`` (C. civ. 2296 : jamais plus que la dette).
* **Procédure collective** : pendant la période d'observation d'une sauvegarde ou d'un redressement, toute
  action contre la caution personne physique est suspendue (C. com. L622-28 al. 2, L631-14) ; pas en
  liquidation (L641-3 ne renvoie qu'à la première phrase de L622-28). La clôture pour insuffisance d'actif
  laisse intacte l'action contre la caution (L643-11). Après la période d'observation d'une sauvegarde (plan
  supposé arrêté), la caution personne physique peut se prévaloir des dispositions du plan (L626-11) : l'appel
  ne porte que sur ce que le plan rend exigible, que le dossier ne décrit pas.

Pour la lettre d'information de la caution (``creances lettre --type caution``) :
:func:`donnees_information_caution` rend, par cautionnement, le garant, les sommes garanties et les dates.

Références : C. civ., art. 2288, 2296, 2298, 2302, 2303, 2305, 2305-1 ; ord. n° 2021-1192, art. 37 ;
C. conso., art. L333-1, L333-2, L343-5, L343-6 (ex-L341-1, L341-6) ; CMF, art. L313-22 ; C. com.,
art. L622-28, L631-14, L641-3, L643-11. Sources lues : ``data/citations.yaml`` (bloc garanties).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Iterable

from ..law import delais
from .._base.formatting import euros, fmt
from .calculators import Computed, Context, calculator
from .derive import Derivation, InvoiceState, declare_fact, provider
from ..models.dossier import Dossier, Garantie, MotifCloture, QualiteCreancier, TypeGarantie, TypeProcedureCollective
from .vocabulary import FactType
from . import montants_dus
from .decompte import calculer_decompte

__all__ = [
    "AnalyseCaution",
    "Fenetre",
    "analyser_cautionnements",
    "donnees_information_caution",
    "montant_du_par_caution",
    "texte_information_annuelle",
    "texte_information_incident",
]

REFORME_2022 = date(2022, 1, 1)  # ord. n° 2021-1192, art. 37 I et III
RECODIFICATION_2016 = date(2016, 7, 1)  # ord. n° 2016-301 (C. conso.)
LOI_1998 = date(1998, 7, 31)  # loi n° 98-657, art. 102 (C. conso. L341-1)
LOI_2003 = date(2004, 2, 5)  # loi n° 2003-721, art. 11 (C. conso. L341-6)
CMF_2001 = date(2001, 1, 1)  # CMF L313-22 (ex-loi n° 84-148, art. 48)
ZERO = Decimal("0.00")
_UN_JOUR = timedelta(days=1)

# ----------------------------------------------------------------------------- faits

declare_fact("cautionnement.nombre", FactType.int, "cautionnements consentis au plus tard à la date d'évaluation")
declare_fact("cautionnement.nombre_personnes_physiques", FactType.int, "cautionnements consentis par une personne physique")
declare_fact("cautionnement.nombre_simples", FactType.int,
             "cautionnements non solidaires (la caution garde le bénéfice de discussion)")
declare_fact("cautionnement.nombre_anterieurs_2022", FactType.int,
             "cautionnements conclus avant le 1er janvier 2022 (loi ancienne, ord. n° 2021-1192 art. 37 II)")
declare_fact("cautionnement.nombre_indefinis_anciens", FactType.int,
             "cautionnements sans montant maximum consentis par une personne physique avant 2022 (art. 2293 ancien)")
declare_fact("garanties.nombre_non_modelisees", FactType.int,
             "garanties autres qu'un cautionnement (garantie autonome, hypothèque, nantissement, autre)")
declare_fact("cautionnement.date_premier_incident", FactType.date,
             "premier incident de paiement d'une facture garantie (échéance impayée et non régularisée dans le mois)",
             depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.information_incident_due", FactType.bool,
             "une caution doit être informée du premier incident et ne l'a pas été", depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.echeance_information_incident", FactType.date,
             "dernier jour pour informer la caution du premier incident (exigibilité + 1 mois)",
             depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.information_annuelle_due", FactType.bool,
             "une caution doit recevoir l'information annuelle (avant le 31 mars)", depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.prochaine_information_annuelle", FactType.date,
             "échéance de la prochaine information annuelle due (30 mars), ou la date d'évaluation si une est manquée",
             depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.information_en_retard", FactType.bool,
             "une information due à une caution est manquée et n'a pas encore été donnée (la perte court)",
             depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.dette_garantie_exigible_impayee", FactType.bool,
             "une facture garantie par un cautionnement est exigible et impayée", depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.nombre_appelables", FactType.int,
             "cautionnements que le créancier peut appeler (dette garantie exigible, poursuites non suspendues)",
             depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.nombre_suspendus", FactType.int,
             "cautionnements de personnes physiques dont les poursuites sont suspendues (C. com. L622-28 al. 2)",
             depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.nombre_plan_sauvegarde", FactType.int,
             "cautionnements de personnes physiques appelables après la période d'observation d'une sauvegarde : la "
             "caution peut se prévaloir du plan (C. com. L626-11)", depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.information_annuelle_le_31_mars", FactType.bool,
             "une information annuelle a été donnée le 31 mars : tardive selon la lettre de « avant le 31 mars »",
             depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.nombre_disproportionnes_inopposables", FactType.int,
             "cautionnements conclus avant 2022, manifestement disproportionnés : le créancier ne peut s'en prévaloir "
             "(C. conso. L332-1 / L343-4 anciens), faute de patrimoine suffisant établi lors de l'appel",
             depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.nombre_reduits_2300", FactType.int,
             "cautionnements conclus depuis 2022, manifestement disproportionnés : réduits (C. civ. 2300)",
             depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.reduction_2300_inconnue", FactType.bool,
             "un cautionnement réduit par C. civ. 2300 n'indique pas le montant à hauteur duquel la caution pouvait "
             "s'engager", depends_on=("terme_suppletif_jours",))
declare_fact("cautionnement.apres_cloture_insuffisance_actif", FactType.bool,
             "la liquidation du débiteur est clôturée pour insuffisance d'actif (C. com. L643-11)")


# ----------------------------------------------------------------------------- textes par date


def texte_information_incident(incident: date) -> tuple[str, tuple[str, ...]] | None:
    """Le texte qui impose l'information du premier incident à cette date, et ses clés de citation.

    Références : C. civ., art. 2303 (depuis le 1er janvier 2022, même pour un cautionnement antérieur : ord.
    n° 2021-1192, art. 37 III) ; C. conso., art. L333-1 et L343-5 (1er juillet 2016 – 31 décembre 2021) ;
    art. L341-1 (31 juillet 1998 – 30 juin 2016). Avant : aucun texte général (None).
    """
    if incident >= REFORME_2022:
        return "C. civ., art. 2303", ("c_civ_2303", "ord_2021_1192_art_37")
    if incident >= RECODIFICATION_2016:
        return "C. conso., art. L333-1 et L343-5", ("c_conso_l333_1", "c_conso_l343_5")
    if incident >= LOI_1998:
        return "C. conso., art. L341-1 (ancien)", ("c_conso_l341_1",)
    return None


def texte_information_annuelle(echeance: date, g: Garantie,
                               creancier_professionnel: bool) -> tuple[str, tuple[str, ...]] | None:
    """Le texte qui impose l'information annuelle due à cette échéance (30 mars), ou None.

    Références : C. civ., art. 2302 (caution personne physique d'un créancier professionnel ; personne morale
    envers un établissement de crédit pour un concours à une entreprise) ; avant 2022 : C. conso., art.
    L333-2/L343-6 (ex-L341-6, depuis le 5 février 2004) et CMF, art. L313-22.
    """
    physique = g.garant.personne_physique
    if echeance >= REFORME_2022:
        if (physique and creancier_professionnel) or (not physique and g.etablissement_de_credit):
            return "C. civ., art. 2302", ("c_civ_2302", "ord_2021_1192_art_37")
        return None
    textes: list[str] = []
    cles: list[str] = []
    if physique and creancier_professionnel and echeance >= LOI_2003:
        if echeance >= RECODIFICATION_2016:
            textes.append("C. conso., art. L333-2 et L343-6")
            cles += ["c_conso_l333_2", "c_conso_l343_6"]
        else:
            textes.append("C. conso., art. L341-6 (ancien)")
            cles.append("c_conso_l341_6")
    if g.etablissement_de_credit and echeance >= CMF_2001:
        textes.append("CMF, art. L313-22")
        cles.append("cmf_l313_22")
    return (" ; ".join(textes), tuple(cles)) if textes else None


# ----------------------------------------------------------------------------- analyse


@dataclass(frozen=True)
class Fenetre:
    """Une période (bornes incluses) dont les intérêts et pénalités échus ne sont pas dus par la caution."""

    du: date
    au: date
    motif: str
    citations: tuple[str, ...]


@dataclass
class AnalyseCaution:
    """Un cautionnement à la date d'évaluation : ce qu'il couvre, les informations dues, les pertes."""

    index: int
    garantie: Garantie
    factures: tuple[str, ...]
    incident: date | None = None
    echeance_incident: date | None = None
    texte_incident: tuple[str, tuple[str, ...]] | None = None
    incident_informe: bool = False
    echeances_annuelles: list[dict[str, Any]] = field(default_factory=list)
    prochaine_annuelle: date | None = None
    fenetres: list[Fenetre] = field(default_factory=list)
    en_retard: bool = False
    annuelle_en_retard: bool = False
    exigible_impaye: bool = False
    suspendu: bool = False
    plan_sauvegarde: bool = False
    inopposable: bool = False  # before 2022, manifestly disproportionate: the creditor cannot rely on it (L332-1 old)
    reduit_2300: bool = False  # since 2022, manifestly disproportionate: reduced (C. civ. 2300)
    annuelle_le_31_mars: bool = False
    hypotheses: list[str] = field(default_factory=list)

    @property
    def nom(self) -> str:
        return self.garantie.garant.nom or f"caution n° {self.index + 1}"


def _fin_du_mois_suivant(exigibilite: date, departement: str | None) -> date:
    # « dans le mois de l'exigibilité » : de date à date (CPC 641) ; délai de fond, la date nominale sans
    # prorogation au jour ouvrable (CPC 642) — la plus proche, lecture prudente.
    return delais.fin_de_delai(exigibilite, mois=1, departement=departement).date_nominale


def _soldes(dossier: Dossier, invoices: list[InvoiceState], as_of: date) -> dict[str, date | None]:
    """Jour où chaque facture a été soldée (None : pas à la date d'évaluation), imputation C. civ. 1342-10."""
    factures = []
    for s in invoices:
        f = s.facture
        known = [d for d in (f.date_livraison, f.date_execution, f.date_emission) if d is not None]
        factures.append((f.numero, f.montant_ttc, s.date_exigibilite, min(known)))
    paiements = montants_dus._paiements(dossier, as_of)
    etats, _ = montants_dus.etats_factures(factures, paiements)
    return {e.ref: e.date_solde for e in etats}


def _suspendu(dossier: Dossier, g: Garantie, as_of: date) -> bool:
    pc = dossier.procedure_collective
    if pc is None or not g.garant.personne_physique or pc.date_jugement > as_of:
        return False
    if pc.type is TypeProcedureCollective.liquidation:
        return False  # L641-3 : seule la première phrase de L622-28 s'applique en liquidation
    if pc.date_cloture is not None and pc.date_cloture <= as_of:
        return False
    return pc.fin_periode_observation is None or pc.fin_periode_observation > as_of


def _plan_sauvegarde(dossier: Dossier, g: Garantie, as_of: date) -> bool:
    """Sauvegarde, période d'observation finie (plan supposé arrêté) : la caution personne physique peut se prévaloir
    des dispositions du plan (C. com. L626-11 ; pas en redressement, L631-20, ni en liquidation)."""
    pc = dossier.procedure_collective
    if pc is None or not g.garant.personne_physique or pc.type is not TypeProcedureCollective.sauvegarde:
        return False
    if pc.date_cloture is not None and pc.date_cloture <= as_of:
        return False
    return pc.fin_periode_observation is not None and pc.fin_periode_observation <= as_of


def analyser_cautionnements(dossier: Dossier, as_of: date, invoices: Iterable[InvoiceState]) -> list[AnalyseCaution]:
    """Chaque cautionnement du dossier : incident, informations dues et manquées, périodes de déchéance.

    Références : C. civ., art. 2302, 2303 ; ord. n° 2021-1192, art. 37 ; C. conso., art. L333-1, L333-2,
    L343-5, L343-6 (ex-L341-1, L341-6) ; CMF, art. L313-22 ; C. com., art. L622-28.
    """
    invoices = list(invoices)
    soldes = _soldes(dossier, invoices, as_of)
    par_numero = {s.facture.numero: s for s in invoices}
    pro = dossier.creancier.qualite is QualiteCreancier.professionnel
    departement = dossier.debiteur.departement
    out: list[AnalyseCaution] = []
    for i, g in enumerate(dossier.garanties):
        if g.type is not TypeGarantie.cautionnement or g.date > as_of:
            continue
        numeros = g.factures or tuple(par_numero)
        a = AnalyseCaution(i, g, tuple(numeros))
        couvertes = [par_numero[n] for n in numeros]
        a.exigible_impaye = any(s.reste_du > 0 and s.date_exigibilite < as_of for s in couvertes)
        a.suspendu = _suspendu(dossier, g, as_of)
        a.plan_sauvegarde = _plan_sauvegarde(dossier, g, as_of)
        if g.garant.personne_physique and pro and g.disproportion_manifeste:
            # Manifest disproportion at signature: before 2022 the creditor cannot rely on the guarantee at all,
            # unless the guarantor can pay when called (C. conso. L332-1 / L343-4 old, ord. 2021-1192 art. 37 II);
            # since 2022 it is reduced to what the guarantor could commit to (C. civ. 2300).
            if g.date < REFORME_2022:
                a.inopposable = g.patrimoine_suffisant_a_l_appel is not True
            else:
                a.reduit_2300 = True
        infos = g.informations
        # Premier incident : échéance impayée à sa date, non régularisée dans le mois (2303 ; L333-1).
        if g.garant.personne_physique and pro:
            for s in sorted(couvertes, key=lambda s: (s.date_exigibilite, s.facture.numero)):
                e = s.date_exigibilite
                solde = soldes.get(s.facture.numero)
                if e < g.date or e >= as_of or (solde is not None and solde <= e):
                    continue  # incident antérieur au cautionnement, pas encore survenu, ou payé à l'échéance
                fin = _fin_du_mois_suivant(e, departement)
                if solde is not None and solde <= fin:
                    continue  # régularisé dans le mois
                texte = texte_information_incident(e)
                if texte is None:
                    continue
                a.incident, a.echeance_incident, a.texte_incident = e, fin, texte
                break
        if a.incident is not None:
            donnee = infos.premier_incident
            a.incident_informe = donnee is not None and donnee <= as_of
            if a.incident_informe and donnee > a.echeance_incident:
                a.fenetres.append(Fenetre(a.incident, donnee - _UN_JOUR,
                                          f"information du premier incident du {fmt(a.incident)} donnée le "
                                          f"{fmt(donnee)}, après le {fmt(a.echeance_incident)}", a.texte_incident[1]))
            elif not a.incident_informe and as_of > a.echeance_incident:
                a.en_retard = True
                a.fenetres.append(Fenetre(a.incident, as_of,
                                          f"premier incident du {fmt(a.incident)} : caution non informée (dû au plus "
                                          f"tard le {fmt(a.echeance_incident)})", a.texte_incident[1]))
        _annuelles(dossier, a, couvertes, soldes, pro, as_of)
        out.append(a)
    return out


def _annuelles(dossier: Dossier, a: AnalyseCaution, couvertes: list[InvoiceState],
               soldes: dict[str, date | None], pro: bool, as_of: date) -> None:
    g = a.garantie
    infos = sorted(d for d in g.informations.annuelles if d <= as_of)
    for annee in range(g.date.year + 1, as_of.year + 2):
        echeance = date(annee, 3, 30)  # « avant le 31 mars »
        texte = texte_information_annuelle(echeance, g, pro)
        if texte is None:
            continue
        arrete = date(annee - 1, 12, 31)
        dette = [s for s in couvertes if s.facture.date_emission <= arrete
                 and (soldes.get(s.facture.numero) is None or soldes[s.facture.numero] > arrete)]
        if echeance > as_of:
            # Prochaine échéance : due si une facture garantie reste due aujourd'hui (elle le sera au 31 déc.).
            if dette or (annee - 1 >= as_of.year and any(s.reste_du > 0 for s in couvertes)):
                a.prochaine_annuelle = a.prochaine_annuelle or echeance
                a.echeances_annuelles.append({"annee": annee, "echeance": echeance, "texte": texte[0],
                                              "donnee": None, "manquee": False})
            continue
        if not dette:
            continue
        # « avant le 31 mars » (C. civ. 2302 ; L333-2/L343-6, CMF L313-22 anciens) : au plus tard le 30 mars ; une
        # information du 31 mars est tardive selon la lettre des textes (lecture dite par un avertissement).
        donnee = next((d for d in infos if date(annee, 1, 1) <= d <= date(annee, 3, 30)), None)
        if donnee is None and date(annee, 3, 31) in infos:
            a.annuelle_le_31_mars = True
        manquee = donnee is None
        a.echeances_annuelles.append({"annee": annee, "echeance": echeance, "texte": texte[0], "donnee": donnee,
                                      "manquee": manquee})
        if not manquee:
            continue
        precedente = max((d for d in infos if d < echeance), default=None)
        suivante = min((d for d in infos if d > echeance), default=None)
        debut = precedente if precedente is not None else g.date
        if precedente is None and not any("aucune information antérieure" in h for h in a.hypotheses):
            a.hypotheses.append(
                f"{a.nom} : aucune information annuelle antérieure ; la déchéance est comptée depuis la date du "
                f"cautionnement ({fmt(g.date)}), lecture prudente de « depuis la précédente information ».")
        fin = (suivante - _UN_JOUR) if suivante is not None else as_of
        if suivante is None:
            a.en_retard = a.annuelle_en_retard = True
        a.fenetres.append(Fenetre(debut, fin, f"information annuelle {annee} ({texte[0]}) non donnée avant le 31 mars",
                                  texte[1]))


_CACHE = "_analyse_cautionnements"


def _analyse(dossier: Dossier, as_of: date, derivation: Derivation) -> list[AnalyseCaution]:
    if _CACHE not in vars(derivation):
        vars(derivation)[_CACHE] = analyser_cautionnements(dossier, as_of, derivation.invoices)
    return vars(derivation)[_CACHE]


@provider("base")
def _faits_de_base(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    cautions = [g for g in dossier.garanties if g.type is TypeGarantie.cautionnement and g.date <= as_of]
    facts["cautionnement.nombre"] = len(cautions)
    facts["cautionnement.nombre_personnes_physiques"] = sum(1 for g in cautions if g.garant.personne_physique)
    facts["cautionnement.nombre_simples"] = sum(1 for g in cautions if not g.solidaire)
    facts["cautionnement.nombre_anterieurs_2022"] = sum(1 for g in cautions if g.date < REFORME_2022)
    facts["cautionnement.nombre_indefinis_anciens"] = sum(
        1 for g in cautions if g.date < REFORME_2022 and g.garant.personne_physique and g.montant_maximum is None)
    facts["garanties.nombre_non_modelisees"] = sum(1 for g in dossier.garanties if g.type is not TypeGarantie.cautionnement)
    pc = dossier.procedure_collective
    facts["cautionnement.apres_cloture_insuffisance_actif"] = bool(
        pc is not None and pc.date_cloture is not None and pc.date_cloture <= as_of
        and pc.motif_cloture is MotifCloture.insuffisance_d_actif)


@provider("qualified")
def _faits_calcules(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    if not dossier.garanties:
        return
    analyses = _analyse(dossier, as_of, derivation)
    incidents = [a for a in analyses if a.incident is not None]
    a_informer = [a for a in incidents if not a.incident_informe]
    facts["cautionnement.date_premier_incident"] = min((a.incident for a in incidents), default=None)
    facts["cautionnement.information_incident_due"] = bool(a_informer)
    facts["cautionnement.echeance_information_incident"] = min((a.echeance_incident for a in a_informer), default=None)
    annuelles = [a for a in analyses if a.prochaine_annuelle is not None or _annuelle_manquee_en_cours(a)]
    facts["cautionnement.information_annuelle_due"] = bool(annuelles)
    facts["cautionnement.prochaine_information_annuelle"] = min(
        (as_of if _annuelle_manquee_en_cours(a) else a.prochaine_annuelle for a in annuelles), default=None)
    facts["cautionnement.information_en_retard"] = any(a.en_retard for a in analyses)
    facts["cautionnement.dette_garantie_exigible_impayee"] = any(a.exigible_impaye for a in analyses)
    facts["cautionnement.nombre_appelables"] = sum(
        1 for a in analyses if a.exigible_impaye and not a.suspendu and not a.inopposable)
    facts["cautionnement.nombre_disproportionnes_inopposables"] = sum(1 for a in analyses if a.inopposable)
    facts["cautionnement.nombre_reduits_2300"] = sum(1 for a in analyses if a.reduit_2300)
    facts["cautionnement.reduction_2300_inconnue"] = any(
        a.reduit_2300 and a.garantie.montant_proportionne is None for a in analyses)
    facts["cautionnement.nombre_suspendus"] = sum(1 for a in analyses if a.exigible_impaye and a.suspendu)
    facts["cautionnement.nombre_plan_sauvegarde"] = sum(
        1 for a in analyses if a.exigible_impaye and not a.suspendu and a.plan_sauvegarde)
    facts["cautionnement.information_annuelle_le_31_mars"] = any(a.annuelle_le_31_mars for a in analyses)


def _annuelle_manquee_en_cours(a: AnalyseCaution) -> bool:
    return a.annuelle_en_retard


# ----------------------------------------------------------------------------- montants


@dataclass(frozen=True)
class _Reclamable:
    """Ce que le décompte du dossier donne pour un ensemble de factures : total, lignes d'accessoires."""

    total: Decimal
    principal: Decimal
    accessoires: Decimal
    indemnites: dict[str, Decimal]  # facture -> indemnité forfaitaire due
    exigibilites: dict[str, date]
    lignes: list[dict[str, Any]]  # {facture, du, au, jours, montant}
    source: str


_ACCESSOIRES = ("penalites_l441_10", "interets_moratoires")


def _reclamable(ctx: Context, factures: tuple[str, ...]) -> _Reclamable:
    """Le montant réclamable pour ces factures : le décompte de la créance (``calculer_decompte``), restreint.

    La caution oppose la compensation (exception inhérente à la dette, C. civ. 2298) : le montant retenu est
    celui du décompte après compensation. Références : CPC 1407 (décompte) ; C. civ. 2296, 2298.
    """
    d = calculer_decompte(ctx.dossier, ctx.as_of, factures=factures, derivation=ctx.derivation)
    exigibilites = {s.facture.numero: s.date_exigibilite for s in ctx.derivation.invoices}
    lignes = [{"facture": x.facture, "du": x.du, "au": x.au, "jours": x.jours, "montant": x.montant}
              for x in d.lignes if x.nature in _ACCESSOIRES and x.du is not None and x.au is not None]
    indemnites: dict[str, Decimal] = {}
    for x in d.lignes:
        if x.nature == "indemnite_forfaitaire" and x.facture is not None:
            indemnites[x.facture] = indemnites.get(x.facture, ZERO) + x.montant
    accessoires = d.accessoires - sum(indemnites.values(), ZERO)
    return _Reclamable(d.montant_reclame, d.principal, accessoires, indemnites, exigibilites, lignes,
                       "décompte de la créance (calculer_decompte)")


def _perte(rec: _Reclamable, fenetres: list[Fenetre]) -> tuple[Decimal, list[dict[str, Any]]]:
    """Intérêts et pénalités échus dans les fenêtres (réunies) : part de chaque ligne au prorata des jours."""
    jours_perdus: set[date] = set()
    for w in fenetres:
        d = w.du
        while d <= w.au:
            jours_perdus.add(d)
            d += _UN_JOUR
    total = ZERO
    detail = []
    for ligne in rec.lignes:
        jours = int(ligne["jours"]) or 1
        n = sum(1 for k in range((ligne["au"] - ligne["du"]).days + 1) if ligne["du"] + timedelta(days=k) in jours_perdus)
        if n == 0:
            continue
        part = (ligne["montant"] * n / jours).quantize(Decimal("0.01"))
        total += part
        detail.append({"facture": ligne["facture"], "du": ligne["du"], "au": ligne["au"], "jours_perdus": n,
                       "montant_ligne": ligne["montant"], "perdu": part})
    for numero, montant in rec.indemnites.items():
        echue = rec.exigibilites.get(numero)
        if echue is not None and (echue + _UN_JOUR) in jours_perdus:
            total += montant
            detail.append({"facture": numero, "indemnite_forfaitaire": montant, "perdu": montant})
    return min(total, rec.accessoires + sum(rec.indemnites.values(), ZERO)), detail


def _calcul_caution(ctx: Context, a: AnalyseCaution) -> dict[str, Any]:
    rec = _reclamable(ctx, a.factures)
    perdu, detail_perte = _perte(rec, a.fenetres)
    apres = max(rec.total - perdu, ZERO)
    plafond = a.garantie.montant_maximum
    if a.reduit_2300 and a.garantie.montant_proportionne is not None:  # C. civ. 2300: the reduced commitment
        plafond = a.garantie.montant_proportionne if plafond is None else min(plafond, a.garantie.montant_proportionne)
    montant = min(apres, plafond) if plafond is not None else apres
    return {"garant": a.nom, "garantie": f"garanties[{a.index}]", "factures": list(a.factures),
            "dette_garantie": rec.total, "principal": rec.principal, "accessoires": rec.accessoires,
            "indemnites": sum(rec.indemnites.values(), ZERO), "accessoires_perdus": perdu,
            "detail_perte": detail_perte, "montant_maximum": plafond, "montant": montant,
            "plafonne": plafond is not None and apres > plafond, "solidaire": a.garantie.solidaire,
            "suspendu": a.suspendu, "inopposable": a.inopposable,
            "fenetres": [{"du": w.du, "au": w.au, "motif": w.motif} for w in a.fenetres],
            "citations": sorted({c for w in a.fenetres for c in w.citations})}


def montant_du_par_caution(ctx: Context) -> list[dict[str, Any]]:
    """Par cautionnement : la dette garantie (décompte), les accessoires perdus, le plafond, le montant dû.

    Références : C. civ., art. 2296 (jamais plus que la dette), 2302, 2303 ; C. conso., art. L343-5, L343-6.
    """
    return [_calcul_caution(ctx, a) for a in _analyse(ctx.dossier, ctx.as_of, ctx.derivation)]


# ----------------------------------------------------------------------------- calculateurs


@calculator("echeance_information_caution")
def echeance_information_caution(ctx: Context, nature: str) -> Computed | None:
    """Dernier jour pour informer la caution : du premier incident (exigibilité + 1 mois) ou annuelle (30 mars).

    Références : C. civ., art. 2302, 2303 ; C. conso., art. L333-1, L333-2 ; CMF, art. L313-22.
    """
    analyses = _analyse(ctx.dossier, ctx.as_of, ctx.derivation)
    if nature == "incident":
        dues = [a for a in analyses if a.incident is not None and not a.incident_informe]
        if not dues:
            return None
        a = min(dues, key=lambda a: a.echeance_incident)
        texte, cles = a.texte_incident
        basis = (f"{texte} : premier incident de paiement le {fmt(a.incident)} (échéance impayée), non régularisé "
                 f"dans le mois ; informer {a.nom} au plus tard le {fmt(a.echeance_incident)} (exigibilité + 1 mois, de "
                 "date à date, sans report au jour ouvrable : délai de fond, lecture prudente).")
        if ctx.as_of > a.echeance_incident:
            basis += (" Date dépassée : informer sans délai — les intérêts et pénalités échus depuis l'incident ne "
                      "sont pas dus par la caution jusqu'à l'information.")
            return Computed(ctx.as_of, basis=basis, citations=list(cles))
        return Computed(a.echeance_incident, basis=basis, citations=list(cles))
    dues = [a for a in analyses if a.prochaine_annuelle is not None or _annuelle_manquee_en_cours(a)]
    if not dues:
        return None
    en_retard = [a for a in dues if _annuelle_manquee_en_cours(a)]
    if en_retard:
        a = en_retard[0]
        manquee = [e for e in a.echeances_annuelles if e["manquee"]][-1]
        basis = (f"{manquee['texte']} : information annuelle {manquee['annee']} de {a.nom} non donnée avant le 31 mars "
                 "; la donner sans délai — les intérêts et pénalités échus depuis la précédente information ne sont pas "
                 "dus par la caution jusqu'à la nouvelle.")
        return Computed(ctx.as_of, basis=basis, citations=["c_civ_2302"])
    a = min(dues, key=lambda a: a.prochaine_annuelle)
    e = next(x for x in a.echeances_annuelles if x["echeance"] == a.prochaine_annuelle)
    basis = (f"{e['texte']} : avant le 31 mars {e['annee']}, faire connaître à {a.nom} le principal, les intérêts et "
             f"accessoires restant dus au 31 décembre {e['annee'] - 1} (et le terme de l'engagement) ; dernier jour retenu "
             f"le 30 mars {e['annee']} (« avant le 31 mars »).")
    return Computed(a.prochaine_annuelle, basis=basis, citations=["c_civ_2302"])


@calculator("accessoires_perdus_caution")
def accessoires_perdus_caution(ctx: Context) -> Computed | None:
    """Intérêts et pénalités que les cautions ne doivent pas, faute d'information dans les délais.

    Références : C. civ., art. 2302, 2303 ; C. conso., art. L343-5, L343-6 ; CMF, art. L313-22.
    """
    calculs = [c for c in montant_du_par_caution(ctx) if c["fenetres"]]
    if not calculs:
        return None
    total = max(c["accessoires_perdus"] for c in calculs)
    if total <= 0:
        return None  # une information manquée alors que rien ne courait : aucune perte (constat absent)
    parts = [f"{c['garant']} : {euros(c['accessoires_perdus'])} (" + " ; ".join(
        f"{w['motif']}, du {fmt(w['du'])} au {fmt(w['au'])}" for w in c["fenetres"]) + ")" for c in calculs]
    basis = ("Intérêts et pénalités échus pendant les périodes sans information, au prorata des jours de chaque "
             "ligne du décompte : " + " ; ".join(parts) + ".")
    hypotheses = [h for a in _analyse(ctx.dossier, ctx.as_of, ctx.derivation) for h in a.hypotheses]
    hypotheses.append("Indemnité forfaitaire de 40 € échue pendant une période sans information : comptée parmi les "
                      "« pénalités » perdues (lecture prudente ; la Cour de cassation a rangé une indemnité forfaitaire "
                      "contractuelle parmi les pénalités de l'ancien art. L341-1 C. conso.).")
    citations = sorted({k for c in calculs for k in c["citations"]})
    return Computed(total, basis=basis, details=calculs, assumptions=hypotheses, citations=citations)


@calculator("montant_appel_caution")
def montant_appel_caution(ctx: Context) -> Computed | None:
    """Ce que le créancier peut demander aux cautions appelables : dette garantie moins accessoires perdus, plafonnée.

    Références : C. civ., art. 2288, 2296, 2302, 2303 ; C. com., art. L622-28 al. 2, L643-11.
    """
    calculs = [c for c in montant_du_par_caution(ctx)
               if not c["suspendu"] and not c["inopposable"] and c["dette_garantie"] > 0]
    if not calculs:
        return None
    dette_totale = _reclamable(ctx, tuple(dict.fromkeys(n for c in calculs for n in c["factures"]))).total
    total = min(sum((c["montant"] for c in calculs), ZERO), dette_totale)
    if total <= 0:
        return None
    lignes = []
    for c in calculs:
        ligne = (f"{c['garant']} : dette garantie {euros(c['dette_garantie'])} (factures {', '.join(c['factures'])})")
        if c["accessoires_perdus"] > 0:
            ligne += f" − accessoires perdus faute d'information {euros(c['accessoires_perdus'])}"
        if c["montant_maximum"] is not None:
            ligne += f", plafond {euros(c['montant_maximum'])}" + (" atteint" if c["plafonne"] else "")
        ligne += f" → {euros(c['montant'])}"
        lignes.append(ligne)
    basis = ("Montant demandé aux cautions (part de la créance, C. civ. 2296 : jamais plus que la dette garantie ni "
             "que le plafond signé) : " + " ; ".join(lignes) + ".")
    if len(calculs) > 1:
        basis += f" Ensemble, les cautions ne paient pas plus que la dette ({euros(dette_totale)})."
    return Computed(total, basis=basis, details=calculs, citations=["c_civ_2296"])


# ----------------------------------------------------------------------------- lettre


def donnees_information_caution(assessment: Any, dossier: Dossier) -> list[dict[str, Any]]:
    """Ce qu'une lettre d'information de la caution doit porter, par cautionnement (pour `creances lettre`).

    ``assessment`` : l'évaluation du ``dossier`` (``evaluate(dossier, as_of)``) — les sommes sont les siennes,
    une seule source. Chaque élément : ``garant`` (nom, personne physique), ``garantie`` (index, date,
    solidaire, plafond), ``factures`` garanties, ``sommes`` (dette garantie, principal, accessoires,
    indemnités, accessoires perdus faute d'information, montant dû par la caution), ``informations`` (les
    actions « informer la caution » : échéance et fondement) et ``citations``.

    Références : C. civ., art. 2302 (principal, intérêts et accessoires restant dus au 31 décembre, terme de
    l'engagement), 2303 (défaillance du débiteur principal).
    """
    appel = assessment.finding("montant_du_par_caution")
    calculs = {c["garantie"]: c for c in (appel.details if appel is not None else [])}
    actions = [x for x in assessment.actions if x.code == "informer_caution"]
    out = []
    for i, g in enumerate(dossier.garanties):
        if g.type is not TypeGarantie.cautionnement:
            continue
        c = calculs.get(f"garanties[{i}]", {})
        out.append({
            "garant": {"nom": g.garant.nom, "personne_physique": g.garant.personne_physique},
            "garantie": {"index": i, "date": g.date, "solidaire": g.solidaire, "montant_maximum": g.montant_maximum},
            "factures": list(g.factures) or [f.numero for f in dossier.factures],
            "sommes": {k: c.get(k) for k in ("dette_garantie", "principal", "accessoires", "indemnites",
                                              "accessoires_perdus", "montant")},
            "informations": [{"action": x.label, "echeance": x.deadline, "fondement": x.deadline_basis}
                             for x in actions],
            "citations": list(dict.fromkeys(cit.key for x in actions for cit in x.citations)),
        })
    return out
