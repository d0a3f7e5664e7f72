"""Prescription de l'action en paiement : faits et calculateurs qui relient le dossier au calcul.

Le fichier ``rules/prescription.yaml`` qualifie : il choisit le régime (fait ``prescription_regime``,
phase de qualification), l'ancienne durée pour la transition de 2008 et, pour un régime sans durée
fixée par le calculateur, la durée. Ce module ne qualifie rien : pour chaque facture non soldée dont
la prescription a commencé à courir (ou pour le titre exécutoire), il appelle
``creances_rules.prescription.calculer_prescription`` et expose le résultat en faits (date limite,
acquisition, instance ou suspension en cours) que les règles lisent.

Choix de calcul, chacun dit dans le résultat :

* Point de départ (art. 2224, 2233) : échéance stipulée sur la facture ou délai convenu au contrat —
  créance à terme, la prescription ne court qu'à l'échéance (art. 2233 3°) ; sans terme convenu,
  achèvement de la prestation ou livraison (``date_execution``/``date_livraison``, la plus ancienne),
  qui rend la créance exigible (Cass. com., 26 févr. 2020, n° 18-25.036 ; Cass. 3e civ., 1er mars 2023,
  n° 21-23.176) ; à défaut, la date d'émission de la facture, supposée et signalée (l'achèvement peut
  être antérieur). Le délai supplétif de 30 jours de C. com. L441-10 n'est pas traité comme un terme :
  lecture prudente (date plus proche), signalée par la règle.
* Facture déterminante : la plus proche date limite parmi les factures non soldées non prescrites ;
  si toutes sont prescrites, la dernière acquise. Une facture dont le point de départ est postérieur à
  la date d'évaluation n'est pas calculée (la prescription ne court pas encore).
* Événements du dossier → événements du calcul : table ``EVENEMENTS``. Un événement qui désigne des
  factures (``factures``) ne vaut que pour elles ; sinon pour toutes. La signification de l'ordonnance
  d'injonction de payer interrompt, non la requête (Cass., 10 juill. 1990, n° 89-13.345, cité par
  thelys-avocats.fr) ; la déclaration de créance interrompt jusqu'à la clôture de la procédure
  collective (C. com. L622-25-1), d'où une instance sans fin connue. Relances, ordonnance rendue,
  opposition, ouverture et publication de la procédure collective : sans effet propre.
* Échéancier écrit (``echeancier``, ``ecrit``) : reconnaissance (art. 2240) à la date de l'accord, pour les
  factures qu'il vise (toutes à défaut) ; un accord non écrit n'est pas compté (preuve ; date plus proche).
* Paiements : un paiement vaut reconnaissance (paiement partiel, art. 2240 par la jurisprudence) pour
  les seules factures sur lesquelles il s'impute — celle qu'il désigne, sinon les plus anciennes
  (C. civ. 1342-10) — et seulement s'il est postérieur au point de départ. Lecture prudente : un
  paiement n'interrompt pas la prescription des autres factures.
* Titre exécutoire (CPCE L111-4) : dix ans à compter de la date de l'événement ``titre_executoire``,
  supposée être celle de sa signification (Cass. 2e civ., 5 oct. 2023, n° 20-23.523) ; le plus ancien
  titre est retenu ; seuls les événements postérieurs comptent.

Références : C. civ., art. 2224, 2228 à 2244 ; C. com., art. L110-4, L622-25-1 ; C. conso., art.
L218-2, R312-35 ; CPCE, art. L111-4 ; loi n° 89-462 du 6 juillet 1989, art. 7-1 ; loi n° 2008-561,
art. 26. Sources lues : voir ``rules/prescription.yaml`` (citations) et ``docs/prescription.md``.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from decimal import Decimal
from typing import Any, Iterable


from .calculators import Computed, Context, calculator
from . import decompte as dc
from . import montants_dus as md
from .derive import Derivation, InvoiceState, declare_fact, provider
from ..models.dossier import Dossier, TypeEvenement
from ..law.prescription import (
    _AV_AUTRE,
    _AV_MISE_EN_DEMEURE,
    REFORME_2008,
    EvenementPrescription,
    PrescriptionInvalide,
    Regime,
    ResultatPrescription,
    calculer_prescription,
    regime_legal,
)
from ..law.prescription import TypeEvenement as T
from .decompte import factures_non_reclamables
from .vocabulary import FactType
from .titres import dates_depart_l111_4

__all__ = [
    "EVENEMENTS",
    "REGIMES",
    "AnalysePrescription",
    "LignePrescription",
    "analyser_prescription",
    "regime_du_code",
]

# Valeurs du fait de qualification ``prescription_regime`` : les codes du calculateur, plus le bail
# d'habitation (loi n° 89-462, art. 7-1), calculé comme régime « autre » de la durée qualifiée.
REGIMES: tuple[str, ...] = (
    "c_civ_2224", "c_com_l110_4", "c_conso_l218_2", "c_conso_r312_35", "contractuel_2254",
    "loi_1989_art_7_1", "cpce_l111_4",
)
_TEXTES = {
    "c_civ_2224": ("C. civ., art. 2224", "c_civ_2224"),
    "c_com_l110_4": ("C. com., art. L110-4", "c_com_l110_4"),
    "c_conso_l218_2": ("C. conso., art. L218-2", "c_conso_l218_2"),
    "c_conso_r312_35": ("C. conso., art. R312-35 (forclusion)", "c_conso_r312_35"),
    "contractuel_2254": ("clause du contrat (C. civ., art. 2254)", "c_civ_2254"),
    "loi_1989_art_7_1": ("loi n° 89-462 du 6 juillet 1989, art. 7-1", "loi_1989_462_art_7_1"),
    "cpce_l111_4": ("CPCE, art. L111-4", "cpce_l111_4"),
}

# type du dossier -> (type du calcul, libellé) ; les types absents n'agissent pas sur la prescription.
EVENEMENTS: dict[TypeEvenement, tuple[T, str | None]] = {
    TypeEvenement.reconnaissance_de_dette: (T.reconnaissance, None),
    TypeEvenement.demande_en_justice: (T.demande_en_justice, None),
    TypeEvenement.refere: (T.refere, None),
    TypeEvenement.injonction_de_payer_signifiee: (
        T.demande_en_justice, "signification de l'ordonnance d'injonction de payer"),
    TypeEvenement.declaration_creance: (
        T.demande_en_justice, "déclaration de créance, qui interrompt jusqu'à la clôture de la procédure "
        "collective, C. com. L622-25-1"),
    TypeEvenement.desistement: (T.desistement, None),
    TypeEvenement.rejet_definitif: (T.rejet_definitif, None),
    TypeEvenement.mesure_conservatoire: (T.mesure_conservatoire, None),
    TypeEvenement.acte_execution: (T.acte_execution, None),
    TypeEvenement.saisie_attribution: (T.acte_execution, "saisie-attribution"),
    TypeEvenement.saisie_vente: (T.acte_execution, "saisie-vente"),
    TypeEvenement.saisie_remunerations: (T.acte_execution, "procès-verbal de saisie des rémunérations"),
    # A commandement engages the measure; R221-5 keeps its interruptive effect (read as an act of 2244).
    TypeEvenement.commandement_saisie_vente: (T.acte_execution, "commandement aux fins de saisie-vente"),
    TypeEvenement.commandement_saisie_remunerations: (
        T.acte_execution, "commandement aux fins de saisie des rémunérations"),
    TypeEvenement.mediation_debut: (T.mediation_debut, None),
    TypeEvenement.mediation_fin: (T.mediation_fin, None),
    TypeEvenement.expertise_ordonnee: (T.mesure_instruction_ordonnee, "expertise"),
    TypeEvenement.expertise_executee: (T.mesure_instruction_executee, "expertise"),
    TypeEvenement.mise_en_demeure: (T.mise_en_demeure, None),
    TypeEvenement.sommation: (T.mise_en_demeure, "sommation de payer"),
}

# Déjà dits par les règles (une seule fois) : ne pas les répéter en avertissements du calcul.
_AVERTISSEMENTS_DES_REGLES = frozenset({_AV_MISE_EN_DEMEURE, _AV_AUTRE})
_QUALIFIED = ("prescription_regime", "terme_suppletif_jours")

# ----------------------------------------------------------------------------- faits

declare_fact("contrat.duree_prescription_ans", FactType.int,
             "durée de prescription stipulée au contrat (années)", origin="dossier")
declare_fact("prescription.nature_creance", FactType.enum,
             "nature des factures (commune à toutes, « mixte » si elles diffèrent ; absente si aucune n'est "
             "indiquée)", choices=("biens", "services", "pret", "loyer", "autre", "mixte"))
declare_fact("prescription_regime", FactType.enum, "régime de prescription de l'action (ou de l'exécution du titre)",
             choices=REGIMES, origin="qualification")
declare_fact("prescription_ancienne_duree_ans", FactType.int,
             "durée de la prescription avant le 19 juin 2008 (loi n° 2008-561, art. 26)", origin="qualification")
declare_fact("prescription_duree_ans", FactType.int,
             "durée du régime quand le calculateur ne la fixe pas (bail d'habitation)", origin="qualification")
declare_fact("prescription.date_limite", FactType.date,
             "dernier jour utile pour interrompre (facture déterminante) ; si tout est prescrit, le dernier expiré",
             depends_on=_QUALIFIED)
declare_fact("prescription.date_depart", FactType.date, "point de départ du délai de la facture déterminante",
             depends_on=_QUALIFIED)
declare_fact("prescription.acquise", FactType.bool,
             "la prescription est acquise pour toute la créance restant due (ou pour le titre)", depends_on=_QUALIFIED)
declare_fact("prescription.acquise_le", FactType.date, "date à laquelle la dernière prescription a été acquise",
             depends_on=_QUALIFIED)
declare_fact("prescription.mois_restants", FactType.int,
             "mois entiers entre la date d'évaluation et la date limite", depends_on=_QUALIFIED)
declare_fact("prescription.factures_prescrites", FactType.int, "factures non soldées dont la prescription est acquise",
             depends_on=_QUALIFIED)
declare_fact("prescription.factures_non_prescrites", FactType.int,
             "factures non soldées dont la prescription court ou est arrêtée", depends_on=_QUALIFIED)
declare_fact("prescription.instance_en_cours", FactType.bool,
             "une demande en justice non éteinte arrête la prescription d'au moins une facture non prescrite",
             depends_on=_QUALIFIED)
declare_fact("prescription.suspension_en_cours", FactType.bool,
             "une suspension (médiation, expertise) est ouverte pour au moins une facture non prescrite",
             depends_on=_QUALIFIED)
declare_fact("prescription.acquisition_incertaine", FactType.bool,
             "au moins une facture est prescrite selon la lecture prudente du dernier jour (jour du départ compté) "
             "mais pas selon l'autre lecture de l'art. 2228 (un jour de plus) : le point est incertain",
             depends_on=_QUALIFIED)
declare_fact("prescription.date_limite_prudente", FactType.date,
             "dernier jour selon la lecture prudente, déjà passé, d'une facture dont l'acquisition est incertaine",
             depends_on=_QUALIFIED)
declare_fact("prescription.factures_depart_achevement", FactType.int,
             "factures sans terme dont le délai part de l'achèvement ou de la livraison", depends_on=_QUALIFIED)
declare_fact("prescription.factures_depart_emission", FactType.int,
             "factures sans terme ni date d'achèvement : départ supposé à l'émission", depends_on=_QUALIFIED)


@provider("base")
def _faits_du_dossier(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    facts["contrat.duree_prescription_ans"] = dossier.contrat.duree_prescription_ans
    natures = {f.nature.value if f.nature else None for f in dossier.factures}
    if natures == {None}:
        facts["prescription.nature_creance"] = None
    elif len(natures) == 1:
        facts["prescription.nature_creance"] = natures.pop()
    else:
        facts["prescription.nature_creance"] = "mixte"


@provider("qualified")
def _faits_calcules(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    analyse = _analyse(dossier, as_of, derivation)
    if analyse is None:
        return
    facts = derivation.facts
    facts.update(analyse.faits())


# ----------------------------------------------------------------------------- analyse


@dataclass(frozen=True)
class LignePrescription:
    """Le calcul pour une facture (ou pour le titre) : son point de départ, pourquoi, et le résultat."""

    objet: str
    facture: str | None
    reste_du: Decimal
    depart: date
    nature_depart: str  # terme | achevement | emission | titre
    fondement_depart: str
    resultat: ResultatPrescription
    # Le même calcul selon la lecture tardive de l'art. 2228 (jour du départ non compté), fait seulement
    # quand la lecture prudente dit la prescription acquise : elle seule peut encore laisser du temps.
    tardive: ResultatPrescription | None = None

    @property
    def incertaine(self) -> bool:
        """Acquise selon la lecture prudente du dernier jour, pas selon la lecture tardive (C. civ. 2228)."""
        return self.resultat.acquise and self.tardive is not None and not self.tardive.acquise

    @property
    def effectif(self) -> ResultatPrescription:
        """Le résultat qui décide : la lecture tardive quand elle seule laisse encore du temps."""
        return self.tardive if self.incertaine else self.resultat  # type: ignore[return-value]


@dataclass(frozen=True)
class AnalysePrescription:
    """Toutes les lignes calculées, la ligne déterminante et ce qu'il faut en retenir."""

    regime_code: str
    regime: Regime
    as_of: date
    lignes: tuple[LignePrescription, ...]
    pas_encore: tuple[str, ...] = ()
    avertissements: tuple[str, ...] = ()
    hypotheses: tuple[str, ...] = ()

    @property
    def vivantes(self) -> list[LignePrescription]:
        """Lignes dont la prescription n'est pas acquise selon toutes les lectures du dernier jour."""
        return [ligne for ligne in self.lignes if not ligne.effectif.acquise]

    @property
    def incertaines(self) -> list[LignePrescription]:
        return [ligne for ligne in self.lignes if ligne.incertaine]

    @property
    def determinante(self) -> LignePrescription | None:
        datees = [ligne for ligne in self.vivantes if ligne.effectif.date_limite is not None]
        if datees:
            return min(datees, key=lambda ligne: (ligne.effectif.date_limite, ligne.objet))
        if self.lignes and not self.vivantes:
            return max(self.lignes, key=lambda ligne: (ligne.resultat.date_limite, ligne.objet))
        return None

    @property
    def acquise(self) -> bool:
        return bool(self.lignes) and not self.vivantes

    def faits(self) -> dict[str, Any]:
        d = self.determinante
        date_limite = d.effectif.date_limite if d else None
        vivantes, incertaines = self.vivantes, self.incertaines  # each read once below (same lines)
        acquise = bool(self.lignes) and not vivantes  # self.acquise
        mois = None
        if date_limite is not None and not acquise:
            mois = _mois_entiers(date_limite, self.as_of)
        par_facture = self.regime_code != "cpce_l111_4"
        departs = [ligne.nature_depart for ligne in self.lignes]
        # Acquise avec certitude le lendemain du dernier jour selon la lecture tardive (C. civ. 2228-2229).
        acquise_le = max(ligne.tardive.acquise_le if ligne.tardive else ligne.resultat.acquise_le
                         for ligne in self.lignes) if acquise else None
        return {
            "prescription.date_limite": date_limite,
            "prescription.date_depart": d.depart if d else None,
            "prescription.acquise": acquise,
            "prescription.acquise_le": acquise_le,
            "prescription.mois_restants": mois,
            "prescription.factures_prescrites": (len(self.lignes) - len(vivantes)) if par_facture else None,
            "prescription.factures_non_prescrites": len(vivantes) if par_facture else None,
            "prescription.instance_en_cours": any(ligne.effectif.instance_en_cours for ligne in vivantes),
            "prescription.suspension_en_cours": any(ligne.effectif.suspension_en_cours for ligne in vivantes),
            "prescription.acquisition_incertaine": bool(incertaines),
            "prescription.date_limite_prudente": (
                min(ligne.resultat.date_limite for ligne in incertaines) if incertaines else None),
            "prescription.factures_depart_achevement": departs.count("achevement"),
            "prescription.factures_depart_emission": departs.count("emission"),
        }


def _mois_entiers(fin: date, debut: date) -> int:
    """Whole months from ``debut`` to ``fin``: ``relativedelta(fin, debut)``'s years * 12 + months, without it.

    Same steps as relativedelta: the difference of the calendar months, then one month less while ``debut``
    plus that many months (its day clipped to the month's last, 31 janv. + 1 mois = 28 ou 29 févr.) passes
    ``fin`` (one more while it falls short, when ``fin`` is earlier).
    """
    mois = (fin.year - debut.year) * 12 + fin.month - debut.month
    if fin >= debut:
        while fin < _plus_mois(debut, mois):
            mois -= 1
    else:
        while fin > _plus_mois(debut, mois):
            mois += 1
    return mois


def _plus_mois(jour: date, mois: int) -> date:
    annee, m = divmod(jour.year * 12 + jour.month - 1 + mois, 12)
    return date(annee, m + 1, min(jour.day, monthrange(annee, m + 1)[1]))


@lru_cache(maxsize=256, typed=True)
def _regime_memorise(code: str, duree_ans: int | None, duree_contractuelle_ans: int | None) -> Regime:
    """`regime_du_code`'s answer, a frozen model, kept by all it depends on (its three arguments, typed: a
    bool is not taken for an int). Its errors are raised each time, never kept."""
    return _regime_du_code(code, duree_ans=duree_ans, duree_contractuelle_ans=duree_contractuelle_ans)


def regime_du_code(code: str, *, duree_ans: int | None = None, duree_contractuelle_ans: int | None = None) -> Regime:
    """Le `Regime` du calculateur pour une valeur de ``prescription_regime`` (voir `_regime_du_code`)."""
    try:
        return _regime_memorise(code, duree_ans, duree_contractuelle_ans)
    except TypeError:  # an unhashable argument: computed without the memory (and refused there if it must be)
        return _regime_du_code(code, duree_ans=duree_ans, duree_contractuelle_ans=duree_contractuelle_ans)


def _regime_du_code(code: str, *, duree_ans: int | None = None, duree_contractuelle_ans: int | None = None) -> Regime:
    """Le `Regime` du calculateur pour une valeur de ``prescription_regime``.

    Références : C. civ., art. 2224, 2254 ; C. com., art. L110-4 ; C. conso., art. L218-2, R312-35 ;
    CPCE, art. L111-4 ; loi n° 89-462, art. 7-1.
    """
    if code not in REGIMES:
        raise PrescriptionInvalide(f"prescription_regime : valeur inconnue « {code} » ({', '.join(REGIMES)}).",
                                   "prescription_regime")
    if code == "contractuel_2254":
        if duree_contractuelle_ans is None:
            raise PrescriptionInvalide("contrat.duree_prescription_ans : absente pour un régime contractuel.",
                                       "contrat.duree_prescription_ans")
        return regime_legal("contractuel_2254", ans=duree_contractuelle_ans)
    if code == "loi_1989_art_7_1":
        if duree_ans is None:
            raise PrescriptionInvalide(
                "prescription_duree_ans : la règle qui choisit ce régime doit en fixer la durée.", "prescription_duree_ans")
        return regime_legal("autre", ans=duree_ans)
    return regime_legal(code)


def analyser_prescription(
    dossier: Dossier,
    as_of: date,
    invoices: Iterable[InvoiceState],
    *,
    regime_code: str,
    duree_ans: int | None = None,
    ancienne_duree_ans: int | None = None,
    significations_tardives: frozenset[date] = frozenset(),
    accessoires_seuls: Iterable[str] = (),
) -> AnalysePrescription | None:
    """Le calcul de prescription de chaque facture non soldée (ou du titre exécutoire), sous ce régime.

    ``accessoires_seuls`` : les factures au principal payé dont des accessoires restent réclamables (pénalités,
    indemnité d'une facture payée en retard, selon le décompte) : leur créance d'accessoires se prescrit aussi.

    ``invoices`` : l'état des factures à la date d'évaluation (échéance, reste dû), tel que
    `derive.qualified_facts` le calcule. Rend None s'il n'y a rien à calculer (tout est payé, ou aucun
    délai n'a commencé à courir).

    ``significations_tardives`` : dates de signification d'une ordonnance d'injonction de payer faites
    après le délai de CPC 1411 (six mois, trois pour une ordonnance rendue depuis le 1er septembre 2026 :
    ordonnance non avenue) ; leur effet interruptif est incertain, elles
    sont écartées (lecture prudente : date limite plus proche).

    Références : C. civ., art. 2224, 2228 à 2244 ; CPCE, art. L111-4 ; loi n° 2008-561, art. 26 ;
    Cass. com., 26 févr. 2020, n° 18-25.036 ; Cass. 3e civ., 1er mars 2023, n° 21-23.176 ; CPC, art. 1411.
    """
    regime = regime_du_code(regime_code, duree_ans=duree_ans,
                            duree_contractuelle_ans=dossier.contrat.duree_prescription_ans)
    evenements = _evenements(dossier, as_of, significations_tardives)
    lignes: list[LignePrescription] = []
    pas_encore: list[str] = []
    hypotheses: list[str] = []
    hypotheses_paiement: list[str] = []
    invoices = list(invoices)
    accessoires_seuls = set(accessoires_seuls)
    states = [s for s in invoices if s.reste_du > 0 or s.facture.numero in accessoires_seuls]
    if not states:
        return None
    if regime_code == "cpce_l111_4":
        evenements_titre = sorted(e.date for e in dossier.evenements
                                  if e.type is TypeEvenement.titre_executoire and e.date <= as_of)
        # titres[] : le jour où chaque décision est devenue exécutoire et a été notifiée (module titres).
        titres = sorted(evenements_titre + dates_depart_l111_4(dossier, as_of, actes_notaries=True))
        if not titres:
            return None
        depart = titres[0]
        if len(titres) > 1:
            hypotheses.append(
                f"Plusieurs titres exécutoires : le délai de dix ans est compté du plus ancien ({_fr(depart)}), "
                "lecture prudente.")
        if depart in evenements_titre:
            hypotheses.append(
                f"Titre exécutoire du {_fr(depart)} : date supposée être celle de sa signification, point de départ "
                "du délai d'exécution (Cass. 2e civ., 5 oct. 2023, n° 20-23.523).")
        else:
            hypotheses.append(
                f"Titre devenu exécutoire et notifié le {_fr(depart)} (titres[]) : point de départ du délai "
                "d'exécution (Cass. 2e civ., 5 oct. 2023, n° 20-23.523).")
        apres = [e for e, _ in evenements if e.date > depart]
        apres += [EvenementPrescription(type=T.paiement_partiel, date=p.date) for p in dossier.paiements
                  if depart < p.date <= as_of]
        kwargs = dict(as_of=as_of, ancienne_duree_ans=ancienne_duree_ans if depart < REFORME_2008 else None)
        resultat, tardive = _deux_lectures(regime, depart, apres, kwargs)
        reste = sum((s.reste_du for s in states), Decimal("0"))
        lignes.append(LignePrescription(f"titre exécutoire du {_fr(depart)}", None, reste, depart, "titre",
                                        "signification du titre exécutoire (CPCE L111-4)", resultat, tardive))
    else:
        paiements = _paiements_par_facture(dossier, as_of, invoices)
        for s in states:
            numero = s.facture.numero
            depart, nature, fondement, report = _depart(s)
            autre = _depart_l218_2(s, depart, nature, fondement, report) if regime_code == "c_conso_l218_2" else None
            if autre is not None and autre[0] < depart:  # l'exécution précède l'échéance : elle est le départ prudent
                (depart, nature, fondement, report), autre = autre, (depart, nature, fondement, report)
            elif regime_code == "c_conso_l218_2" and autre is None and nature != "achevement":
                hypotheses.append(
                    f"Facture {numero} : le délai de L218-2 court de l'exécution de la prestation ou de la livraison "
                    "(Cass. 1re civ., 19 mai 2021, n° 20-12.520 ; Cass. 3e civ., 1er mars 2023, n° 21-23.176), inconnue "
                    f"ici ; départ retenu : {fondement.split(' :')[0]} ({_fr(depart)}). Si la prestation a été exécutée "
                    "plus tôt, le délai a commencé plus tôt : indiquer, pour la facture, la date d'exécution ou de livraison.")
            if depart > as_of:
                pas_encore.append(numero)
                continue
            if nature == "emission":
                hypotheses.append(
                    f"Facture {numero} : ni échéance convenue ni date d'achèvement ou de livraison ; la prescription "
                    f"est supposée courir de l'émission ({_fr(depart)}). Si la prestation a été achevée plus tôt, "
                    "elle a commencé plus tôt.")
            propres = [e for e, refs in evenements if not refs or numero in refs]
            paiements_retenus = [d for d in paiements.get(numero, []) if d >= depart]
            if s.reste_du <= 0:
                # Principal payé, accessoires seuls réclamables : le paiement du principal n'est pas lu comme une
                # reconnaissance des pénalités (art. 2240) — lecture prudente, la date la plus proche.
                paiements_retenus = []
                hypotheses.append(
                    f"Facture {numero} : principal payé, pénalités et indemnité restant réclamables ; leur prescription "
                    f"est comptée de l'échéance ({_fr(depart)}), sans tenir le paiement du principal pour une "
                    "reconnaissance de ces accessoires (lecture prudente).")
            propres += [EvenementPrescription(type=T.paiement_partiel, date=d) for d in paiements_retenus]
            if paiements_retenus and len(states) > 1 and not hypotheses_paiement:
                hypotheses_paiement.append(
                    "Plusieurs factures : un paiement n'est retenu comme reconnaissance (art. 2240) que pour la "
                    "facture sur laquelle il s'impute. La jurisprudence selon laquelle une reconnaissance partielle "
                    "interrompt pour toute la créance vise une même créance ; l'étendre aux autres factures serait "
                    "possible mais n'est pas retenu (lecture prudente : dates plus proches).")
            kwargs = dict(as_of=as_of, report_2233=report,
                          ancienne_duree_ans=ancienne_duree_ans if depart < REFORME_2008 else None)
            resultat, tardive = _deux_lectures(regime, depart, propres, kwargs)
            if autre is not None and autre[0] != depart and resultat.date_limite is not None:
                # L218-2 : les deux points de départ possibles. Le plus proche est retenu pour agir ; la prescription
                # n'est dite acquise qu'à la lecture la plus tardive (départ le plus lointain, jour du départ non
                # compté, C. civ. 2228) ; l'autre dernier jour est montré.
                kw_autre = dict(kwargs, report_2233=autre[3],
                                ancienne_duree_ans=ancienne_duree_ans if autre[0] < REFORME_2008 else None)
                autre_resultat = calculer_prescription(regime, autre[0], propres, **kw_autre)
                hypotheses.append(
                    f"Facture {numero} : délai de deux ans (C. conso. L218-2) compté à partir de : {fondement.split(' (')[0]} "
                    f"({_fr(depart)}), point de départ le plus proche, dernier jour le {_fr(resultat.date_limite)} "
                    "(Cass. 1re civ., 19 mai 2021, n° 20-12.520 ; Cass. 3e civ., 1er mars 2023, n° 21-23.176 : "
                    "l'exécution de la prestation rend la créance exigible, « hormis les cas où le contrat ou la loi en "
                    f"disposent autrement »). Autre lecture, {autre[2].split(' (')[0].split(' :')[0]} ({_fr(autre[0])}) : "
                    f"dernier jour le {_fr(autre_resultat.date_limite) if autre_resultat.date_limite else 'non fixé'}. "
                    "Agir avant le premier ; la prescription n'est "
                    "tenue pour acquise qu'après le second.")
                if resultat.acquise and autre[0] > depart:
                    tardive = calculer_prescription(regime, autre[0], propres, lecture="tardive", **kw_autre)
            lignes.append(LignePrescription(f"facture {numero}", numero, s.reste_du, depart, nature, fondement,
                                            resultat, tardive))
    if not lignes:
        return None
    hypotheses += hypotheses_paiement
    avertissements = list(dict.fromkeys(
        a for ligne in lignes for a in ligne.resultat.avertissements if a not in _AVERTISSEMENTS_DES_REGLES))
    return AnalysePrescription(regime_code, regime, as_of, tuple(lignes), tuple(pas_encore),
                               tuple(avertissements), tuple(hypotheses))


def _deux_lectures(regime: Regime, depart: date, evenements: list[EvenementPrescription],
                   kwargs: dict[str, Any]) -> tuple[ResultatPrescription, ResultatPrescription | None]:
    """Le calcul selon la lecture prudente et, s'il la dit acquise, selon la lecture tardive (2228).

    La lecture tardive donne chaque terme un jour plus tard : tant qu'elle laisse du temps, la
    prescription n'est pas tenue pour acquise (un droit n'est dit perdu qu'après la dernière fin
    possible) ; l'action reste à faire avant la fin la plus proche (lecture prudente).
    Références : C. civ., art. 2228, 2229.
    """
    resultat = calculer_prescription(regime, depart, evenements, **kwargs)
    if not resultat.acquise:
        return resultat, None
    return resultat, calculer_prescription(regime, depart, evenements, lecture="tardive", **kwargs)


def _depart(s: InvoiceState) -> tuple[date, str, str, bool]:
    """Point de départ d'une facture : (date, nature, fondement en français, report par un terme)."""
    if not s.supposee:
        return (s.date_exigibilite, "terme",
                f"{s.base_exigibilite} : créance à terme, la prescription court de l'échéance (C. civ. 2233 3°)",
                True)
    f = s.facture
    achevement = [d for d in (f.date_execution, f.date_livraison) if d is not None]
    if achevement:
        return (min(achevement), "achevement",
                "achèvement de la prestation ou livraison, qui rend la créance exigible (Cass. com., 26 févr. 2020, "
                "n° 18-25.036 ; Cass. 3e civ., 1er mars 2023, n° 21-23.176)", False)
    return f.date_emission, "emission", "émission de la facture (date d'achèvement inconnue : supposition)", False


def _depart_l218_2(s: InvoiceState, depart: date, nature: str, fondement: str,
                   report: bool) -> tuple[date, str, str, bool] | None:
    """L'autre point de départ de L218-2 quand le dossier en donne deux : l'exécution de la prestation ou la livraison
    (Cass. 1re civ., 19 mai 2021, n° 20-12.520 ; Cass. 3e civ., 1er mars 2023, n° 21-23.176) face à l'échéance ou
    à l'émission de la facture. None si le dossier ne donne pas la date d'exécution, ou si c'est déjà le départ."""
    f = s.facture
    execution = [d for d in (f.date_execution, f.date_livraison) if d is not None]
    if not execution or nature == "achevement" or min(execution) == depart:
        return None
    return (min(execution), "achevement",
            "exécution de la prestation ou livraison (C. conso. L218-2 : Cass. 1re civ., 19 mai 2021, n° 20-12.520 ; "
            "Cass. 3e civ., 1er mars 2023, n° 21-23.176)", False)


def _evenements(dossier: Dossier, as_of: date, significations_tardives: frozenset[date] = frozenset(),
                ) -> list[tuple[EvenementPrescription, tuple[str, ...]]]:
    out = []
    for e in dossier.evenements:
        if e.date > as_of or e.type not in EVENEMENTS:
            continue
        if e.type is TypeEvenement.injonction_de_payer_signifiee and e.date in significations_tardives:
            continue
        type_, libelle = EVENEMENTS[e.type]
        out.append((EvenementPrescription(type=type_, date=e.date, libelle=libelle), e.factures))
    plan = dossier.echeancier
    # An agreed payment plan acknowledges the debt (2240) for the invoices it names (all by default); only a
    # written one is counted — an oral one is hard to prove, and leaving it out gives the earlier date.
    if plan is not None and plan.ecrit and plan.date_accord <= as_of:
        out.append((EvenementPrescription(type=T.reconnaissance, date=plan.date_accord,
                                          libelle="échéancier de paiement accepté par le débiteur"), plan.factures))
    return out


def _paiements_par_facture(dossier: Dossier, as_of: date, states: list[InvoiceState]) -> dict[str, list[date]]:
    """Pour chaque facture, les dates des paiements qui s'y imputent, dans l'ordre des paiements.

    Un paiement va d'abord à la facture qu'il désigne, le surplus (ou tout paiement sans désignation)
    aux factures dont l'échéance est la plus ancienne (C. civ. 1342-10 al. 2), comme dans `derive`.
    """
    reste = {s.facture.numero: s.facture.montant_ttc for s in states}
    ordre = [s.facture.numero for s in sorted(states, key=lambda s: (s.date_exigibilite, s.facture.numero))]
    touchees: dict[str, list[date]] = {}
    for p in sorted((p for p in dossier.paiements if p.date <= as_of), key=lambda p: p.date):
        libre = p.montant
        cibles = ([p.facture] if p.facture is not None else []) + ordre
        for numero in cibles:
            if libre <= 0:
                break
            part = min(libre, reste[numero])
            if part > 0:
                reste[numero] -= part
                libre -= part
                touchees.setdefault(numero, []).append(p.date)
    return touchees


_CACHE = md.PRESCRIPTION_ANALYSEE  # the montants_dus memo reads whether it is there


@md.arret_des_accessoires_par_facture
def _arret_des_factures_prescrites(dossier: Dossier, as_of: date, derivation: Derivation) -> dict[str, date]:
    """Une facture prescrite ne produit plus rien : ses pénalités et intérêts s'arrêtent la veille du jour où sa
    prescription a été acquise, à la lecture la plus tardive (C. civ. 2219) ; les constats les énoncent encore, le
    décompte ne les compte pas dans ce qui est réclamable maintenant (factures_non_reclamables)."""
    analyse = vars(derivation).get(_CACHE)
    if analyse is None or analyse.regime_code == "cpce_l111_4":
        return {}
    out: dict[str, date] = {}
    for ligne in analyse.lignes:
        if ligne.facture is None or not ligne.effectif.acquise:
            continue
        jours = [r.acquise_le for r in (ligne.resultat, ligne.tardive) if r is not None and r.acquise_le is not None]
        if jours:
            out[ligne.facture] = max(jours) - timedelta(days=1)
    return out


def _accessoires_seuls(dossier: Dossier, as_of: date, derivation: Derivation) -> set[str]:
    """Invoices whose principal is paid but whose accessories remain claimable, per the décompte."""
    if all(s.reste_du > 0 for s in derivation.invoices):
        return set()
    d = dc.calculer_decompte(dossier, as_of, derivation=derivation)
    avec_principal = {ligne.facture for ligne in d.lignes if ligne.nature == dc.PRINCIPAL}
    return {ligne.facture for ligne in d.lignes
            if ligne.facture and ligne.montant > 0 and ligne.facture not in avec_principal}


def _analyse(dossier: Dossier, as_of: date, derivation: Derivation) -> AnalysePrescription | None:
    # Computed once per evaluation, by the provider, and kept on that evaluation's derivation for the
    # calculators (same dossier, date and facts): no state outlives the evaluation.
    if _CACHE in vars(derivation):
        return vars(derivation)[_CACHE]
    facts = derivation.facts
    code = facts.get("prescription_regime")
    # A service after the délai of CPC 1411, six or three months by the order's date (facts of the recours module,
    # same phase, earlier).
    signifiee, limite = facts.get("date_injonction_de_payer_signifiee"), facts.get("date_limite_signification_injonction")
    tardives = frozenset({signifiee}) if signifiee and limite and signifiee > limite else frozenset()
    analyse = None if code is None else analyser_prescription(
        dossier, as_of, derivation.invoices, regime_code=code,
        duree_ans=facts.get("prescription_duree_ans"),
        ancienne_duree_ans=facts.get("prescription_ancienne_duree_ans"),
        significations_tardives=tardives,
        accessoires_seuls=_accessoires_seuls(dossier, as_of, derivation),
    )
    if derivation.invoices:
        vars(derivation)[_CACHE] = analyse
    return analyse


# ----------------------------------------------------------------------------- calculateurs


@calculator("date_prescription")
def date_prescription(ctx: Context) -> Computed | None:
    """Dernier jour utile pour interrompre la prescription, avec le détail par facture et la trace.

    Références : C. civ., art. 2228 et 2229 ; texte du régime qualifié.
    """
    analyse = _analyse(ctx.dossier, ctx.as_of, ctx.derivation)
    if analyse is None or analyse.determinante is None:
        return None
    d = analyse.determinante
    texte, cle = _TEXTES[analyse.regime_code]
    r = d.effectif
    nature = "forclusion" if analyse.regime.forclusion else "prescription"
    if d.incertaine:
        basis = (
            f"Régime : {texte}, {nature} de {analyse.regime.libelle_duree}. Déterminante : {d.objet}, point de "
            f"départ le {_fr(d.depart)} ({d.fondement_depart}). Selon la lecture prudente (jour du départ "
            f"compté, terme = départ + durée − 1 jour), le dernier jour était le {_fr(d.resultat.date_limite)} ; "
            "selon l'autre lecture de l'art. 2228 C. civ. (jour du départ non compté), il est le "
            f"{_fr(r.date_limite)} à 24 heures. Acquisition incertaine : agir aujourd'hui même."
            if r.date_limite is not None else
            f"Régime : {texte}, {nature} de {analyse.regime.libelle_duree}. Déterminante : {d.objet}. Prescrite "
            f"le {_fr(d.resultat.acquise_le)} selon la lecture prudente ; selon l'autre lecture de l'art. 2228, "
            "un acte accompli ce jour-là l'a interrompue : acquisition incertaine."
        )
    else:
        basis = (
            f"Régime : {texte}, {nature} de {analyse.regime.libelle_duree}. Déterminante : {d.objet}, point de "
            f"départ le {_fr(d.depart)} ({d.fondement_depart}) ; dernier jour utile le {_fr(r.date_limite)} à "
            "24 heures (C. civ. 2228-2229 : le jour du départ compte, terme = départ + durée − 1 jour), sans "
            "report au jour ouvrable suivant."
        )
    if analyse.acquise:
        le = d.tardive.acquise_le if d.tardive else r.acquise_le
        basis += (f" Prescription acquise pour toute la créance restant due, certainement depuis le {_fr(le)} "
                  "(lendemain du dernier jour selon la lecture la plus tardive de l'art. 2228).")
    details = {
        "regime": analyse.regime_code,
        "texte": texte,
        "duree": analyse.regime.libelle_duree,
        "nature": nature,
        "determinante": d.objet,
        "lignes": [_ligne(ligne) for ligne in analyse.lignes],
        "pas_encore_commencee": list(analyse.pas_encore),
    }
    citations = [cle, "c_civ_2228", "c_civ_2229"]
    citations += [c for etape in r.trace for c in etape.citations]
    return Computed(r.date_limite, basis=basis, details=details, assumptions=list(analyse.hypotheses),
                    warnings=list(analyse.avertissements), citations=list(dict.fromkeys(citations)))


@calculator("echeance_prescription")
def echeance_prescription(ctx: Context, date_limite: date | None) -> Computed | None:
    """La date limite de prescription comme échéance d'une action : le dernier jour, jamais reporté.

    Références : C. civ., art. 2228 et 2229 ; Cass. 1re civ., 12 déc. 2018, n° 17-25.697 (CPC 641 et 642
    inapplicables) ; Cass. 2e civ., 7 avr. 2016, n° 15-12.960 (pas de report d'un samedi).
    """
    if date_limite is None:
        return None
    basis = (
        f"Dernier jour du délai de prescription, le {_fr(date_limite)} à 24 heures (C. civ. 2228-2229). Délai "
        "de prescription, non de procédure : pas de report au premier jour ouvrable si ce jour est un samedi, "
        "un dimanche ou un jour férié — les art. 641 et 642 CPC ne s'appliquent pas (Cass. 1re civ., 12 déc. "
        "2018, n° 17-25.697 ; Cass. 2e civ., 7 avr. 2016, n° 15-12.960). L'acte interruptif doit être accompli "
        "(assignation ou ordonnance signifiée, reconnaissance signée, mesure exécutée) au plus tard ce jour-là : "
        "prévoir les délais du commissaire de justice et du juge."
    )
    return Computed(date_limite, basis=basis,
                    citations=["c_civ_2228", "c_civ_2229", "cass_civ1_2018_12_12_17_25697",
                               "cass_civ2_2016_04_07_15_12960"])


def _ligne(ligne: LignePrescription) -> dict[str, Any]:
    r = ligne.resultat
    return {
        "objet": ligne.objet,
        "facture": ligne.facture,
        "reste_du": ligne.reste_du,
        "depart": ligne.depart,
        "fondement_depart": ligne.fondement_depart,
        "date_limite": ligne.effectif.date_limite,
        "acquise": ligne.effectif.acquise,
        "acquise_le": ligne.effectif.acquise_le if ligne.effectif.acquise else None,
        "acquisition_incertaine": ligne.incertaine,
        "date_limite_prudente": r.date_limite,
        "date_limite_tardive": ligne.tardive.date_limite if ligne.tardive else None,
        "instance_en_cours": r.instance_en_cours,
        "date_limite_sans_instance": r.date_limite_sans_instance,
        "suspension_en_cours": r.suspension_en_cours,
        "date_limite_provisoire": r.date_limite_provisoire,
        "plafond_2232": r.plafond_2232,
        "trace": [{"date": t.date, "nature": t.nature.value, "effet": t.effet, "citations": list(t.citations)}
                  for t in r.trace],
    }


_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre")


def _fr(jour: date) -> str:
    return f"{'1er' if jour.day == 1 else jour.day} {_MOIS[jour.month - 1]} {jour.year}"


@factures_non_reclamables
def _factures_prescrites(dossier: Dossier, as_of: date, derivation: Derivation) -> dict[str, str]:
    """Invoices whose prescription is acquired under every reading of the last day (C. civ. 2219, 2228): their
    payment may no longer be claimed (a voluntary payment stays acquired, 2249). A title's line (no invoice)
    prescribed under CPCE L111-4 bars every invoice it stands for: the whole claim."""
    analyse = _analyse(dossier, as_of, derivation)
    if analyse is None:
        return {}
    out: dict[str, str] = {}
    for ligne in analyse.lignes:
        if not ligne.effectif.acquise:
            continue
        # certainly acquired the day after the last day of the latest reading (C. civ. 2228-2229)
        le = ligne.tardive.acquise_le if ligne.tardive else ligne.resultat.acquise_le
        motif = (f"prescription acquise{f' depuis le {_fr(le)}' if le else ''} (C. civ. 2219 ; constat "
                 + ("« Prescription acquise »)" if analyse.acquise else
                    "« Dernier jour pour interrompre la prescription », détail par facture)"))
        if ligne.facture is not None:
            out[ligne.facture] = motif
        else:
            out.update({s.facture.numero: motif for s in derivation.invoices})
    return out
