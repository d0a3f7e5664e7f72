"""Prescription extinctive d'une créance : dernier jour utile pour agir, avec la trace de chaque événement.

Le calcul part d'un régime (durée, prescription ou forclusion), d'un point de départ et d'événements
datés (reconnaissance, demande en justice, médiation, expertise…). Il rend le dernier jour où un acte
interruptif produit encore effet (``date_limite``), et la liste ordonnée des effets appliqués.

Références (textes lus ; dates de vérification : 22 novembre 2026) :
- C. civ., art. 2224 (5 ans), 2220 (forclusion hors du titre XX), 2222 (loi qui réduit un délai),
  2228-2229 (computation), 2230 (suspension), 2231 (interruption), 2232 (délai butoir de 20 ans et
  ses exclusions), 2233 (créance à terme), 2238 (médiation, conciliation, procédure participative,
  petites créances : reprise pour six mois au moins), 2239 (mesure d'instruction : idem), 2240
  (reconnaissance), 2241 (demande en justice, même en référé ; prescription et forclusion), 2242
  (effet jusqu'à l'extinction de l'instance), 2243 (interruption non avenue), 2244 (mesure
  conservatoire, acte d'exécution forcée ; prescription ou forclusion), 2250-2251 (renonciation),
  2254 (aménagement conventionnel) — textes lus sur https://kohenavocats.fr/2024/12/21/article-2232-du-code-civil,
  .../article-2231-du-code-civil, .../article-2230-du-code-civil, .../article-2241-du-code-civil,
  .../article-2243-du-code-civil, .../article-2250-du-code-civil ;
  https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070721/articles/LEGIARTI000006447478 (2239) ;
  https://french-business-law.com/french-legislation-art/article-2238-of-the-french-civil-code/ (2238) ;
  https://www.codes-et-lois.fr/code-civil/article-2233 (2233) ; https://kohenavocats.fr/?p=69198 (2220) ;
  https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070721/articles/LEGIARTI000006447647 (2254) ;
  https://legal.tricoteuses.fr/articles/LEGIARTI000019017366 (2240).
- C. com., art. L110-4 ; C. conso., art. L218-1, L218-2 et R312-35 ; CPCE, art. L111-4 (10 ans, sans
  délai butoir : https://lappelexpert.editions-legislatives.fr/question-juridique/civil/le-delai-d-execution-d-un-jugement).
- Loi n° 2008-561 du 17 juin 2008, art. 26 II (https://larevue.squirepattonboggs.com/titres-executoires-judiciaires-et-prescription-a-vos-agendas.html) ;
  Cass. 1re civ., 12 déc. 2018, n° 17-25.697 (délai ouvert le 19 juin 2008 expiré le 18 juin 2013 à
  24 h : https://www.courdecassation.fr/publications/bulletin-des-arrets-des-chambres-civiles/numero-12-decembre-2018/prescription-civile).
- Cass. com., 18 mai 2022, n° 20-23.204 (la mise en demeure n'interrompt pas : https://vivaldi-chronos.com/?p=32781) ;
  Cass. 2e civ., 31 janv. 2019, n° 18-10.011 (la suspension de l'art. 2239 ne profite qu'à celui qui a
  demandé la mesure : https://karila.fr/fr/publication/decision/pas-de-suspension-erga-omnes) ;
  Cass. com., 28 mars 2018, n° 16-27.268 (l'art. 2239 ne vaut que pour les décisions postérieures au
  19 juin 2008 : https://karila.fr/fr/publication/decision/larticle-2239-ne-sapplique-quaux-decisions-rendues-apres-son-entree-en-vigueur) ;
  Cass. 2e civ., 3 juil. 2014, n° 13-17.449 et Cass. 1re civ., 25 févr. 2016, n° 15-15.994 (paiement
  partiel = reconnaissance, pour toute la créance : http://lappelexpert.editions-legislatives.fr/question-juridique/civil/effet-sur-la-prescription-de-la-reconnaissance-partielle-d-une-dette-d) ;
  Cass. 3e civ., 5 avr. 2011, n° 10-16.748 (payer sans réserve n'est pas renoncer à une prescription
  acquise : https://anil.org/documentation-experte/analyses-juridiques-jurisprudence/jurisprudence/jurisprudence-2011/renonciation-tacite-a-la-prescription-/-sommes-dues-au-bailleur).

Non modélisé (le calcul le dit dans ``avertissements`` quand la situation se présente) : causes de
suspension des art. 2234 à 2237 (impossibilité d'agir, mineurs, époux, héritier) — l'appelant les
traduit en report du point de départ ; renonciation à une prescription acquise (art. 2250-2251) ;
codébiteurs et cautions (art. 2245-2246) ; causes conventionnelles d'interruption (art. 2254 al. 2) ;
réaménagement d'un crédit à la consommation (R312-35) ; instances introduites avant le 19 juin 2008
(loi 2008-561, art. 26 III).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from creances_rules.delais import AVERTISSEMENT_TERME_PRESCRIPTION, terme_prescription

__all__ = [
    "CODES_REGIME",
    "REFORME_2008",
    "EtapePrescription",
    "EvenementPrescription",
    "NatureEtape",
    "PrescriptionInvalide",
    "Regime",
    "ResultatPrescription",
    "TypeEvenement",
    "calculer_prescription",
    "duree_contractuelle_valide",
    "regime_legal",
    "regime_transitoire_2008",
]

# Loi n° 2008-561 du 17 juin 2008, publiée au JO du 18 juin, en vigueur le 19 juin 2008.
REFORME_2008 = dt.date(2008, 6, 19)
_PLAFOND_ANS = 20  # C. civ., art. 2232 al. 1
_PLANCHER_MOIS = 6  # C. civ., art. 2238 al. 2 et 2239 al. 2
_UN_JOUR = dt.timedelta(days=1)


class PrescriptionInvalide(ValueError):
    """Donnée invalide pour un calcul de prescription ; le message (en français) nomme le champ."""

    def __init__(self, message: str, champ: str) -> None:
        super().__init__(message)
        self.champ = champ


# ---------------------------------------------------------------------------------------------
# Régimes
# ---------------------------------------------------------------------------------------------

# code -> (citation, durée en années, forclusion, plafond de l'art. 2232)
_REGIMES_LEGAUX: dict[str, tuple[str | None, int | None, bool, bool]] = {
    "c_civ_2224": ("c_civ_2224", 5, False, True),
    "c_com_l110_4": ("c_com_l110_4", 5, False, True),
    "c_conso_l218_2": ("c_conso_l218_2", 2, False, True),
    # Forclusion : le titre XX (donc l'art. 2232) ne la régit pas, sauf texte contraire (art. 2220).
    "c_conso_r312_35": ("c_conso_r312_35", 2, True, False),
    # CPCE L111-4 al. 2 écarte expressément le délai de l'art. 2232.
    "cpce_l111_4": ("cpce_l111_4", 10, False, False),
    "contractuel_2254": ("c_civ_2254", None, False, True),
    "autre": (None, None, False, True),
}
CODES_REGIME: tuple[str, ...] = tuple(_REGIMES_LEGAUX)


def _libelle_duree(ans: int, mois: int) -> str:
    morceaux = []
    if ans:
        morceaux.append(f"{ans} an" + ("s" if ans > 1 else ""))
    if mois:
        morceaux.append(f"{mois} mois")
    return " et ".join(morceaux)


def _normaliser_code(valeur: str) -> str:
    code = valeur.strip().lower()
    if code not in _REGIMES_LEGAUX:
        raise PrescriptionInvalide(
            f"code : régime inconnu « {valeur} » ; codes admis : {', '.join(CODES_REGIME)}.", "code"
        )
    return code


class Regime(BaseModel):
    """Le délai applicable : sa durée, sa nature (prescription ou forclusion) et le délai butoir.

    ``code`` est insensible à la casse (« c_com_L110_4 » devient « c_com_l110_4 », la forme des clés
    du catalogue de citations). ``plafond_20_ans`` : le délai butoir de l'art. 2232 s'applique (hors
    ses exclusions) ; il est faux pour une forclusion (art. 2220) et pour l'exécution d'un titre
    (CPCE L111-4 al. 2).

    Références : C. civ., art. 2220, 2224, 2232, 2254 ; C. com., art. L110-4 ; C. conso., art. L218-2,
    R312-35 ; CPCE, art. L111-4.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    duree_ans: int = Field(0, ge=0, le=99)
    duree_mois: int = Field(0, ge=0, le=1188)
    forclusion: bool = False
    plafond_20_ans: bool = True

    @field_validator("code", mode="before")
    @classmethod
    def _normaliser(cls, valeur: object) -> object:
        return _normaliser_code(valeur) if isinstance(valeur, str) else valeur

    @model_validator(mode="after")
    def _verifier(self) -> Regime:
        if self.duree_ans == 0 and self.duree_mois == 0:
            raise ValueError("duree_ans, duree_mois : durée nulle ; indiquer une durée strictement positive.")
        if self.forclusion and self.plafond_20_ans:
            raise ValueError(
                "plafond_20_ans : le délai butoir de l'art. 2232 C. civ. ne régit pas un délai de "
                "forclusion (art. 2220) ; mettre plafond_20_ans=False."
            )
        if self.code == "contractuel_2254" and not duree_contractuelle_valide(
            self.duree_ans, mois=self.duree_mois, b2c=False
        ):
            raise ValueError(
                "duree_ans, duree_mois : une durée conventionnelle doit être comprise entre 1 an et "
                f"10 ans (C. civ., art. 2254 al. 1) ; reçu {_libelle_duree(self.duree_ans, self.duree_mois)}."
            )
        return self

    @property
    def libelle_duree(self) -> str:
        """« 5 ans », « 2 ans », « 1 an et 6 mois »."""
        return _libelle_duree(self.duree_ans, self.duree_mois)

    @property
    def citation(self) -> str | None:
        """Clé du catalogue de citations pour le texte qui fixe la durée."""
        return _REGIMES_LEGAUX[self.code][0]


def regime_legal(code: str, *, ans: int | None = None, mois: int = 0) -> Regime:
    """Le régime légal désigné par ``code``, avec sa durée ; ``ans``/``mois`` pour 2254 et « autre ».

    Références : C. civ., art. 2224 et 2254 ; C. com., art. L110-4 ; C. conso., art. L218-2, R312-35 ;
    CPCE, art. L111-4.
    """
    if not isinstance(code, str):
        raise PrescriptionInvalide(f"code : attendu une chaîne, reçu {code!r}.", "code")
    normalise = _normaliser_code(code)
    _, duree, forclusion, plafond = _REGIMES_LEGAUX[normalise]
    if duree is None:
        if ans is None and not mois:
            raise PrescriptionInvalide(
                f"ans : le régime « {normalise} » n'a pas de durée légale ; indiquer ans (et mois).", "ans"
            )
        return Regime(code=normalise, duree_ans=ans or 0, duree_mois=mois, forclusion=forclusion,
                      plafond_20_ans=plafond)
    if ans is not None or mois:
        raise PrescriptionInvalide(
            f"ans, mois : la durée du régime « {normalise} » est fixée par la loi ({duree} ans) ; "
            "ne pas la fournir.",
            "ans",
        )
    return Regime(code=normalise, duree_ans=duree, forclusion=forclusion, plafond_20_ans=plafond)


def duree_contractuelle_valide(
    ans: int, *, b2c: bool, mois: int = 0, paiements_periodiques: bool = False
) -> bool:
    """Vrai si les parties peuvent fixer cette durée de prescription par contrat.

    Entre 1 an et 10 ans (art. 2254 al. 1) ; jamais dans un contrat entre un professionnel et un
    consommateur (C. conso., art. L218-1) ; jamais pour ce qui est payable par années ou à termes
    périodiques plus courts — loyers, charges, intérêts des sommes prêtées… (art. 2254 al. 3).

    Références : C. civ., art. 2254 ; C. conso., art. L218-1.
    """
    for champ, valeur in (("ans", ans), ("mois", mois)):
        if isinstance(valeur, bool) or not isinstance(valeur, int) or valeur < 0:
            raise PrescriptionInvalide(
                f"{champ} : attendu un entier positif ou nul, reçu {valeur!r}.", champ
            )
    if b2c or paiements_periodiques:
        return False
    total_mois = ans * 12 + mois
    return 12 <= total_mois <= 120


def regime_transitoire_2008(depart: dt.date, ancienne_duree_ans: int, nouvelle_duree_ans: int, *,
                            tardive: bool = False) -> dt.date:
    """Dernier jour d'une prescription ouverte avant le 19 juin 2008 dont la loi 2008-561 a changé la durée.

    Durée réduite : le nouveau délai court du 19 juin 2008, sans que la durée totale dépasse
    l'ancienne (loi 2008-561, art. 26 II ; C. civ., art. 2222 al. 2) : dernier jour =
    min(fin de l'ancien délai, 18 juin 2013) pour 5 ans (Cass. 1re civ., 12 déc. 2018, n° 17-25.697).
    Durée allongée : la loi nouvelle s'applique au délai en cours, compte tenu du temps écoulé
    (art. 2222 al. 1). Un délai expiré avant le 19 juin 2008 le reste.

    ``tardive`` : lecture de l'art. 2228 qui ne compte pas le jour du départ (un jour de plus à chaque
    terme), voir `calculer_prescription`.

    Références : loi n° 2008-561 du 17 juin 2008, art. 26 ; C. civ., art. 2222, 2228, 2229.
    """
    if isinstance(depart, dt.datetime) or not isinstance(depart, dt.date):
        raise PrescriptionInvalide(f"depart : attendu une date (datetime.date), reçu {depart!r}.", "depart")
    if depart >= REFORME_2008:
        raise PrescriptionInvalide(
            f"depart : le régime transitoire ne vise que les délais ouverts avant le 19 juin 2008 "
            f"(reçu {depart.isoformat()}).",
            "depart",
        )
    for champ, valeur in (
        ("ancienne_duree_ans", ancienne_duree_ans),
        ("nouvelle_duree_ans", nouvelle_duree_ans),
    ):
        if isinstance(valeur, bool) or not isinstance(valeur, int) or valeur <= 0:
            raise PrescriptionInvalide(
                f"{champ} : attendu un nombre d'années entier > 0, reçu {valeur!r}.", champ
            )
    terme = _terme_tardif if tardive else terme_prescription
    fin_ancienne = terme(depart, ans=ancienne_duree_ans)
    if fin_ancienne < REFORME_2008:
        return fin_ancienne
    if nouvelle_duree_ans < ancienne_duree_ans:
        # Le nouveau délai court du 19 juin 2008 à 0 heure (entrée en vigueur de la loi) : ce jour compte
        # entier, sans incertitude (Cass. 1re civ., 12 déc. 2018, n° 17-25.697 : expiré le 18 juin 2013).
        return min(fin_ancienne, terme_prescription(REFORME_2008, ans=nouvelle_duree_ans))
    return terme(depart, ans=nouvelle_duree_ans)


def _terme_tardif(depart: dt.date, *, ans: int = 0, mois: int = 0, jours: int = 0) -> dt.date:
    """Le terme selon la lecture de l'art. 2228 qui ne compte pas le jour du départ : un jour plus tard.

    ``terme_prescription`` compte le jour du départ (départ + durée − 1 jour, lecture prudente) ; l'autre
    lecture (« dies a quo non computatur ») fait expirer le délai le jour anniversaire à 24 heures.
    Références : C. civ., art. 2228, 2229.
    """
    return terme_prescription(depart, ans=ans, mois=mois, jours=jours) + _UN_JOUR


# ---------------------------------------------------------------------------------------------
# Événements et résultat
# ---------------------------------------------------------------------------------------------


class TypeEvenement(str, Enum):
    """Ce qui peut arriver à une prescription, avec l'article qui en règle l'effet."""

    reconnaissance = "reconnaissance"  # 2240
    paiement_partiel = "paiement_partiel"  # 2240, par la jurisprudence
    demande_en_justice = "demande_en_justice"  # 2241 al. 1
    refere = "refere"  # 2241 al. 1 (« même en référé »)
    fin_instance = "fin_instance"  # 2242
    desistement = "desistement"  # 2243
    peremption = "peremption"  # 2243
    rejet_definitif = "rejet_definitif"  # 2243
    mesure_conservatoire = "mesure_conservatoire"  # 2244
    acte_execution = "acte_execution"  # 2244
    mediation_debut = "mediation_debut"  # 2238
    mediation_fin = "mediation_fin"
    conciliation_debut = "conciliation_debut"  # 2238
    conciliation_fin = "conciliation_fin"
    procedure_participative_debut = "procedure_participative_debut"  # 2238
    procedure_participative_fin = "procedure_participative_fin"
    accord_petites_creances = "accord_petites_creances"  # 2238, CPCE L125-1
    refus_petites_creances = "refus_petites_creances"
    mesure_instruction_ordonnee = "mesure_instruction_ordonnee"  # 2239
    mesure_instruction_executee = "mesure_instruction_executee"
    mise_en_demeure = "mise_en_demeure"  # sans effet (Cass. com., 18 mai 2022)


T = TypeEvenement
_DEMANDES = frozenset({T.demande_en_justice, T.refere})
_FINS_2243 = frozenset({T.desistement, T.peremption, T.rejet_definitif})
_RECONNAISSANCES = frozenset({T.reconnaissance, T.paiement_partiel})
_MESURES_2244 = frozenset({T.mesure_conservatoire, T.acte_execution})
# type -> (famille de suspension, ouvre ?)
_SUSPENSIONS: dict[TypeEvenement, tuple[str, bool]] = {
    T.mediation_debut: ("mediation", True),
    T.mediation_fin: ("mediation", False),
    T.conciliation_debut: ("conciliation", True),
    T.conciliation_fin: ("conciliation", False),
    T.procedure_participative_debut: ("procedure_participative", True),
    T.procedure_participative_fin: ("procedure_participative", False),
    T.accord_petites_creances: ("petites_creances", True),
    T.refus_petites_creances: ("petites_creances", False),
    T.mesure_instruction_ordonnee: ("mesure_instruction", True),
    T.mesure_instruction_executee: ("mesure_instruction", False),
}
_FAMILLES = {
    "mediation": ("la médiation", "c_civ_2238"),
    "conciliation": ("la conciliation", "c_civ_2238"),
    "procedure_participative": ("la convention de procédure participative", "c_civ_2238"),
    "petites_creances": ("la procédure simplifiée de recouvrement des petites créances", "c_civ_2238"),
    "mesure_instruction": ("la mesure d'instruction", "c_civ_2239"),
}
# Ordre, dans une même journée, qui ne dépend pas de l'ordre de saisie : ce qui ouvre (une instance,
# une suspension), puis les actes ponctuels, puis ce qui clôt — une médiation ouverte et close le
# même jour est ainsi une suspension de zéro jour suivie de sa reprise pour six mois.
_RANG_DU_JOUR = {t: (0 if t in _DEMANDES or (t in _SUSPENSIONS and _SUSPENSIONS[t][1]) else
                     2 if t in _FINS_2243 or t is T.fin_instance or t in _SUSPENSIONS else 1)
                 for t in TypeEvenement}


class EvenementPrescription(BaseModel):
    """Un fait daté qui peut agir sur la prescription.

    ``reference`` relie une demande en justice à sa fin (fin_instance, desistement, peremption,
    rejet_definitif) et un début de suspension à sa fin ; sans référence, une fin se rattache à la
    plus ancienne demande (ou suspension de même nature) encore ouverte. ``juridiction_incompetente_
    ou_acte_annule`` : demande portée devant un juge incompétent ou dont l'acte de saisine a été annulé
    (art. 2241 al. 2) ; elle interrompt aussi, mais le délai butoir de l'art. 2232 n'est écarté que
    pour l'al. 1.

    Références : C. civ., art. 2238 à 2244.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: TypeEvenement
    date: dt.date
    reference: str | None = None
    juridiction_incompetente_ou_acte_annule: bool = False
    libelle: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _pas_de_datetime(cls, valeur: object) -> object:
        if isinstance(valeur, dt.datetime):
            raise ValueError("date : attendu une date (jour), reçu un datetime ; utiliser .date().")
        return valeur

    @model_validator(mode="after")
    def _verifier(self) -> EvenementPrescription:
        if self.juridiction_incompetente_ou_acte_annule and self.type not in _DEMANDES:
            raise ValueError(
                "juridiction_incompetente_ou_acte_annule : ne vaut que pour une demande en justice "
                f"(demande_en_justice, refere), pas pour « {self.type.value} »."
            )
        return self


class NatureEtape(str, Enum):
    """Ce qu'une étape de la trace a fait au délai (pour les programmes ; le texte est dans ``effet``)."""

    depart = "depart"
    interruption = "interruption"
    instance_ouverte = "instance_ouverte"
    instance_eteinte = "instance_eteinte"
    non_avenue = "non_avenue"
    suspension_ouverte = "suspension_ouverte"
    suspension_close = "suspension_close"
    plafond = "plafond"
    acquisition = "acquisition"
    sans_effet = "sans_effet"
    ignore = "ignore"


class EtapePrescription(BaseModel):
    """Une étape du calcul : sa date, l'événement (s'il y en a un), son effet en français.

    ``index`` est la position de l'événement dans la liste fournie ; ``date_limite`` le dernier jour
    utile après l'étape (None tant que le délai ne court pas : instance ou suspension en cours).
    """

    model_config = ConfigDict(frozen=True)

    date: dt.date
    nature: NatureEtape
    evenement: TypeEvenement | None = None
    index: int | None = None
    effet: str
    citations: list[str] = Field(default_factory=list)
    date_limite: dt.date | None = None


class ResultatPrescription(BaseModel):
    """Le dernier jour utile pour agir, s'il est connu, avec la trace du calcul et ses réserves.

    ``date_limite`` : dernier jour où un acte interruptif produit encore effet (à 24 heures,
    art. 2229) ; None si une instance ou une suspension est en cours à ``as_of`` (le délai ne court
    pas : ``instance_en_cours`` ou ``suspension_en_cours``). ``acquise`` : ``as_of`` est postérieur à
    ``date_limite`` ; ``acquise_le`` = ``date_limite`` + 1 jour. ``date_limite_provisoire`` (suspension
    en cours) : le dernier jour si la suspension prenait fin à ``as_of`` — un minimum garanti.
    ``date_limite_sans_instance`` (instance en cours) : le dernier jour si l'interruption par les
    demandes en cours devenait non avenue (désistement, péremption, rejet définitif : art. 2243).
    ``plafond_2232`` : le délai butoir de 20 ans quand il s'applique au régime.
    """

    model_config = ConfigDict(frozen=True)

    regime: Regime
    depart: dt.date
    as_of: dt.date
    date_limite: dt.date | None
    acquise: bool
    acquise_le: dt.date | None
    instance_en_cours: bool = False
    suspension_en_cours: bool = False
    date_limite_provisoire: dt.date | None = None
    date_limite_sans_instance: dt.date | None = None
    plafond_2232: dt.date | None = None
    plafond_atteint: bool = False
    trace: list[EtapePrescription] = Field(default_factory=list)
    avertissements: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Textes des avertissements
# ---------------------------------------------------------------------------------------------

_AV_MISE_EN_DEMEURE = (
    "Une mise en demeure, même par lettre recommandée avec avis de réception, n'interrompt pas la "
    "prescription : la liste des causes d'interruption est limitative (Cass. com., 18 mai 2022, "
    "n° 20-23.204 ; Cass. 2e civ., 24 mars 2022, n° 20-20.255). Seule une clause du contrat peut lui "
    "donner cet effet (C. civ., art. 2254 al. 2), jamais dans un contrat avec un consommateur "
    "(C. conso., art. L218-1) ; une telle clause n'est pas prise en compte ici."
)
_AV_PAIEMENT_PARTIEL = (
    "Paiement partiel traité comme une reconnaissance de dette (C. civ., art. 2240) : c'est la "
    "jurisprudence (Cass. 1re civ., 25 févr. 2016, n° 15-15.994), et l'interruption vaut pour toute la "
    "créance (Cass. 2e civ., 3 juil. 2014, n° 13-17.449) ; le créancier doit prouver que le paiement "
    "s'impute sur cette créance et que le débiteur n'a pas fait de réserve."
)
_AV_RENONCIATION = (
    "Une reconnaissance ou un paiement postérieur à l'acquisition de la prescription ne l'interrompt "
    "pas ; il ne vaut renonciation que s'il établit sans équivoque la volonté de ne pas s'en prévaloir "
    "(C. civ., art. 2250 et 2251 ; payer sans réserve ne suffit pas : Cass. 3e civ., 5 avr. 2011, "
    "n° 10-16.748). La renonciation n'est pas modélisée : à apprécier par un juriste."
)
_AV_2239 = (
    "La suspension de l'art. 2239 ne profite qu'à la partie qui a demandé la mesure d'instruction "
    "(Cass. 2e civ., 31 janv. 2019, n° 18-10.011) ; elle ne vaut que pour une mesure ordonnée avant "
    "tout procès. La demande en référé-expertise elle-même interrompt (art. 2241) : la saisir comme "
    "« refere » suivie de « fin_instance » à la date de l'ordonnance."
)
_AV_2238 = (
    "La suspension de l'art. 2238 court de l'accord écrit des parties de recourir à la médiation ou à "
    "la conciliation (à défaut, de la première réunion), de la conclusion de la convention de "
    "procédure participative, ou de l'accord du débiteur constaté par le commissaire de justice "
    "(petites créances). La date retenue doit être prouvée."
)
_AV_FIN_INSTANCE = (
    "Nouveau délai de même durée à compter de l'extinction de l'instance (art. 2242 et 2231). Si la "
    "décision a condamné le débiteur, son exécution relève d'un autre délai : 10 ans à compter du "
    "jour où elle constitue un titre exécutoire, en principe sa signification (CPCE, art. L111-4 ; Cass. "
    "2e civ., 5 oct. 2023, n° 20-23.523) — à calculer avec le régime « cpce_l111_4 »."
)
_AV_INSTANCE_EN_COURS = (
    "Instance en cours : la prescription ne court pas tant qu'elle n'est pas éteinte (art. 2242) ; "
    "pas de date limite pendant l'instance. En cas de désistement, de péremption ou de rejet "
    "définitif, l'interruption sera non avenue (art. 2243) et la prescription jugée comme si la "
    "demande n'avait pas existé."
)
_AV_SUSPENSION_EN_COURS = (
    "Suspension en cours : le délai ne court pas ; il reprendra à la fin de la suspension, pour six "
    "mois au moins (art. 2238 al. 2 ou 2239 al. 2). date_limite_provisoire donne le dernier jour si la "
    "suspension prenait fin à la date d'évaluation."
)
_AV_INTERRUPTION_PENDANT_SUSPENSION = (
    "Interruption survenue pendant une suspension : on retient que le nouveau délai (art. 2231) ne "
    "court qu'à la fin de la suspension, et jamais moins loin que sans l'interruption ; point non "
    "tranché par les textes ni, à notre connaissance, par la jurisprudence."
)
_AV_FORCLUSION = (
    "Délai de forclusion (C. conso., art. R312-35) : le titre XX du livre III du Code civil ne le régit "
    "pas, sauf texte contraire (art. 2220). Seules la demande en justice (art. 2241, qui vise la "
    "forclusion, avec ses suites des art. 2242 et 2243) et la mesure conservatoire ou l'acte "
    "d'exécution forcée (art. 2244) l'interrompent ; la reconnaissance, la médiation et la mesure "
    "d'instruction sont sans effet. Après interruption, on retient un nouveau délai de même durée "
    "(art. 2231 appliqué par analogie, non vérifié). Le report du point de départ après un "
    "réaménagement ou un rééchelonnement n'est pas modélisé."
)
_AV_2233 = (
    "Créance à terme (art. 2233) : l'art. 2232 al. 2 écarte le délai butoir dans ce cas. On retient "
    "la lecture prudente — les 20 ans courent de l'arrivée du terme (le point de départ) et plafonnent "
    "encore les suspensions et les reconnaissances ; une lecture littérale écarterait tout plafond."
)
_AV_PLAFOND_STRICT = (
    "Délai butoir (art. 2232) : les interruptions par demande en justice (art. 2241 al. 1) et par "
    "mesure conservatoire ou d'exécution (art. 2244) y échappent ; les suspensions et reconnaissances "
    "survenues ensuite restent plafonnées à 20 ans du jour de la naissance du droit (lecture prudente)."
)
_AV_TRANSITION_SANS_ANCIENNE = (
    "Point de départ antérieur au 19 juin 2008 : le régime transitoire de la loi n° 2008-561 (art. 26 "
    "II) peut s'appliquer ; indiquer ancienne_duree_ans (10 ans en matière commerciale, 30 ans en "
    "matière civile). Sans elle, le calcul applique la durée actuelle depuis le point de départ."
)
_AV_TRANSITION = (
    "Délai ouvert avant le 19 juin 2008 : nouveau délai à compter du 19 juin 2008 sans dépasser "
    "l'ancien (loi n° 2008-561, art. 26 II) ; le délai de 5 ans a expiré au plus tard le 18 juin 2013 à "
    "24 heures (Cass. 1re civ., 12 déc. 2018, n° 17-25.697). Les actes antérieurs au 19 juin 2008 sont "
    "traités comme des causes d'interruption de l'ancien droit (anciens art. 2244 et 2248) : à vérifier."
)
_AV_SUSPENSION_AVANT_2008 = (
    "Les suspensions des art. 2238 et 2239 datent de la loi n° 2008-561 (en vigueur le 19 juin 2008) "
    "et ne valent que pour les faits postérieurs (pour l'art. 2239 : Cass. com., 28 mars 2018, "
    "n° 16-27.268)."
)
_AV_INSTANCE_AVANT_2008 = (
    "Instance introduite avant le 19 juin 2008 : elle se poursuit selon l'ancien droit (loi "
    "n° 2008-561, art. 26 III — texte non relu) ; le nouveau délai après son extinction est calculé "
    "ici selon la loi nouvelle."
)
_AV_CONTRACTUEL = (
    "Durée conventionnelle (C. civ., art. 2254) : vérifier que la clause est valable — interdite dans un "
    "contrat entre professionnel et consommateur (C. conso., art. L218-1) et pour les paiements "
    "périodiques (art. 2254 al. 3). Les causes d'interruption ajoutées par le contrat ne sont pas "
    "prises en compte."
)
_AV_AUTRE = (
    "Régime « autre » : la durée et l'application du délai butoir ont été fournies par l'appelant, "
    "sans vérification."
)
_AV_TITRE = (
    "Titre exécutoire (CPCE, art. L111-4) : 10 ans à compter du jour où la décision constitue un titre "
    "exécutoire, en principe sa signification (Cass. 2e civ., 5 oct. 2023, n° 20-23.523), sauf si "
    "l'action en recouvrement de la créance se prescrit par un délai plus long ; délai butoir de "
    "l'art. 2232 écarté (L111-4 al. 2). Les titres autres que ceux du 1° au 3° de L111-3 ne sont pas "
    "visés."
)

# ---------------------------------------------------------------------------------------------
# Calcul
# ---------------------------------------------------------------------------------------------

_MOIS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _fr(jour: dt.date) -> str:
    """« 1er mars 2025 », « 14 janvier 2030 »."""
    return f"{'1er' if jour.day == 1 else jour.day} {_MOIS_FR[jour.month - 1]} {jour.year}"


@dataclass
class _Suspension:
    famille: str
    debut: dt.date
    reference: str | None
    index: int


@dataclass
class _Etat:
    """État du calcul, propre à un appel : le délai en cours et ce qui l'arrête."""

    echeance: dt.date
    debut_periode: dt.date
    instances: dict[int, EvenementPrescription] = field(default_factory=dict)
    suspensions: list[_Suspension] = field(default_factory=list)
    arret_depuis: dt.date | None = None  # début de l'arrêt du cours par les suspensions ouvertes
    acquise: bool = False
    plafonne: bool = False


class _Calcul:
    """Un calcul : régime, dates et événements triés ; ``executer`` rend le résultat."""

    def __init__(
        self,
        regime: Regime,
        depart: dt.date,
        evenements: list[EvenementPrescription],
        *,
        naissance: dt.date,
        as_of: dt.date,
        ancienne_duree_ans: int | None,
        report_2233: bool,
        tardive: bool = False,
        demandes_ecartees: frozenset[int] = frozenset(),
    ) -> None:
        self.parametres = dict(naissance=naissance, as_of=as_of, ancienne_duree_ans=ancienne_duree_ans,
                               report_2233=report_2233, tardive=tardive)
        self.tardive = tardive
        self.terme = _terme_tardif if tardive else terme_prescription
        self.evenements = evenements
        self.regime = regime
        self.depart = depart
        self.as_of = as_of
        self.ancienne = ancienne_duree_ans
        self.demandes_ecartees = demandes_ecartees
        self.trace: list[EtapePrescription] = []
        self.avertissements: list[str] = []
        self.plafond: dt.date | None = None
        if regime.plafond_20_ans and not regime.forclusion:
            self.plafond = self.terme(depart if report_2233 else naissance, ans=_PLAFOND_ANS)
        # Tri canonique : le résultat ne dépend pas de l'ordre de saisie.
        indexes = sorted(
            range(len(evenements)),
            key=lambda i: (
                evenements[i].date,
                _RANG_DU_JOUR[evenements[i].type],
                evenements[i].type.value,
                evenements[i].reference or "",
                evenements[i].juridiction_incompetente_ou_acte_annule,
                evenements[i].libelle or "",
            ),
        )
        self.ordre = [(i, evenements[i]) for i in indexes]
        self.retenus = [(i, e) for i, e in self.ordre if e.date <= as_of]
        self.ignores = [(i, e) for i, e in self.ordre if e.date > as_of]

    # -- outils -------------------------------------------------------------------------------

    def avertir(self, texte: str) -> None:
        if texte not in self.avertissements:
            self.avertissements.append(texte)

    def etape(
        self,
        jour: dt.date,
        nature: NatureEtape,
        effet: str,
        citations: list[str],
        etat: _Etat | None,
        evenement: EvenementPrescription | None = None,
        index: int | None = None,
    ) -> None:
        connue = etat is not None and (etat.acquise or (not etat.instances and not etat.suspensions))
        self.trace.append(
            EtapePrescription(
                date=jour,
                nature=nature,
                evenement=evenement.type if evenement else None,
                index=index,
                effet=effet,
                citations=[c for c in citations if c],
                date_limite=etat.echeance if connue else None,  # type: ignore[union-attr]
            )
        )

    def nouveau_delai(self, jour: dt.date) -> dt.date:
        """Dernier jour d'un délai du régime ouvert le jour ``jour`` (art. 2231 ; loi 2008-561 art. 26)."""
        if self.ancienne is not None and jour < REFORME_2008:
            return regime_transitoire_2008(jour, self.ancienne, self.regime.duree_ans, tardive=self.tardive)
        return self.terme(jour, ans=self.regime.duree_ans, mois=self.regime.duree_mois)

    def plafonner(self, etat: _Etat, candidat: dt.date) -> dt.date:
        """Effet d'une cause soumise à l'art. 2232 : pas au-delà du plafond, pas en deçà de l'existant."""
        if self.plafond is not None and candidat > self.plafond:
            if self.plafond >= etat.echeance:
                etat.plafonne = True
                return self.plafond
            # Déjà au-delà du plafond par une cause qui y échappe : cette cause-ci n'allonge rien.
            return etat.echeance
        if candidat > etat.echeance:
            etat.plafonne = False
            return candidat
        return etat.echeance

    def hors_plafond(self, etat: _Etat, candidat: dt.date) -> dt.date:
        """Effet d'une cause exclue du plafond (art. 2232 al. 2 : 2241 al. 1, 2244)."""
        if candidat >= etat.echeance:
            etat.plafonne = False
            return candidat
        return etat.echeance

    def solder_suspension(self, etat: _Etat, jour: dt.date) -> int:
        """Ajoute au délai les jours suspendus jusqu'à ``jour`` (art. 2230) ; rend leur nombre."""
        if etat.arret_depuis is None or jour <= etat.arret_depuis:
            return 0
        jours = (jour - etat.arret_depuis).days
        etat.echeance = self.plafonner(etat, etat.echeance + dt.timedelta(days=jours))
        etat.arret_depuis = jour
        return jours

    def nom_delai(self) -> str:
        return "forclusion" if self.regime.forclusion else "prescription"

    # -- rattachements ------------------------------------------------------------------------

    def rattacher_demandes(self) -> dict[int, tuple[str, int | None]]:
        """Rôle de chaque demande et de chaque fin d'instance retenues : qui clôt quoi (art. 2242-2243).

        Rend {index: (rôle, index lié)} ; rôles des demandes : « active », « non_avenue »,
        « avant_depart » ; rôles des fins : « fin », « fin_2243 », « orpheline », « doublon »,
        « avant_depart ».
        """
        toutes = [(i, e) for i, e in self.ordre if e.type in _DEMANDES]
        par_reference: dict[str, int] = {}
        for i, e in toutes:
            if e.reference is not None:
                if e.reference in par_reference:
                    raise PrescriptionInvalide(
                        f"evenements[{i}] : la référence « {e.reference} » est déjà portée par "
                        f"evenements[{par_reference[e.reference]}] ; une référence désigne une seule "
                        "demande.",
                        "reference",
                    )
                par_reference[e.reference] = i
        date_de = {i: e.date for i, e in toutes}
        for i, e in self.ordre:
            if e.reference is None or not (e.type in _FINS_2243 or e.type is T.fin_instance):
                continue
            cible = par_reference.get(e.reference)
            if cible is None:
                raise PrescriptionInvalide(
                    f"evenements[{i}] ({e.type.value} du {e.date.isoformat()}) : aucune demande en justice "
                    f"ne porte la référence « {e.reference} ».",
                    "reference",
                )
            if date_de[cible] > e.date:
                raise PrescriptionInvalide(
                    f"evenements[{i}] ({e.type.value} du {e.date.isoformat()}) : antérieur à la demande "
                    f"qu'il clôt (evenements[{cible}], du {date_de[cible].isoformat()}).",
                    "date",
                )

        roles: dict[int, tuple[str, int | None]] = {}
        demandes = [(i, e) for i, e in self.retenus if e.type in _DEMANDES]
        fins = [(i, e) for i, e in self.retenus if e.type in _FINS_2243 or e.type is T.fin_instance]
        close: dict[int, int] = {}  # demande -> événement qui la clôt
        # Les fins de l'art. 2243 d'abord : elles l'emportent sur une extinction ordinaire.
        for passe in (_FINS_2243, frozenset({T.fin_instance})):
            for i, e in fins:
                if e.type not in passe:
                    continue
                if e.reference is not None:
                    cible = par_reference[e.reference]
                    if cible in close:
                        roles[i] = ("doublon", cible)
                        continue
                else:
                    candidates = [d for d, _ in demandes if d not in close and date_de[d] <= e.date]
                    if not candidates:
                        roles[i] = ("orpheline", None)
                        continue
                    if len(candidates) > 1:
                        self.avertir(
                            f"{e.type.value} du {_fr(e.date)} sans référence : rattaché à la plus ancienne "
                            "demande en justice encore ouverte ; préciser « reference » pour lever le doute."
                        )
                    cible = candidates[0]
                close[cible] = i
                roles[i] = ("fin_2243" if e.type in _FINS_2243 else "fin", cible)
        for d, e in demandes:
            if e.date < self.depart:
                roles[d] = ("avant_depart", close.get(d))
                if d in close:
                    roles[close[d]] = ("avant_depart", d)
            elif d in self.demandes_ecartees or (d in close and roles[close[d]][0] == "fin_2243"):
                roles[d] = ("non_avenue", close.get(d))
            else:
                roles[d] = ("active", close.get(d))
        return roles

    # -- déroulé ------------------------------------------------------------------------------

    def executer(self) -> ResultatPrescription:
        regime = self.regime
        self.avertir(AVERTISSEMENT_TERME_PRESCRIPTION)
        if regime.forclusion:
            self.avertir(_AV_FORCLUSION)
        if regime.code == "contractuel_2254":
            self.avertir(_AV_CONTRACTUEL)
        elif regime.code == "autre":
            self.avertir(_AV_AUTRE)
        elif regime.code == "cpce_l111_4":
            self.avertir(_AV_TITRE)

        roles = self.rattacher_demandes()
        etat = self.demarrer()
        for i, e in self.retenus:
            self.appliquer(etat, i, e, roles)
        provisoire, sans_instance = self.finir(etat)
        for i, e in self.ignores:
            self.etape(
                e.date, NatureEtape.ignore,
                f"{_libelle(e)} : postérieur à la date d'évaluation ({_fr(self.as_of)}), non pris en compte",
                [], None, e, i,
            )
        if self.ignores:
            self.avertir(
                "Des événements postérieurs à la date d'évaluation ont été ignorés (voir la trace) : "
                "relancer le calcul à une date ultérieure pour en tenir compte."
            )
        date_limite = etat.echeance if (etat.acquise or not (etat.instances or etat.suspensions)) else None
        return ResultatPrescription(
            regime=regime,
            depart=self.depart,
            as_of=self.as_of,
            date_limite=date_limite,
            acquise=etat.acquise,
            acquise_le=date_limite + _UN_JOUR if date_limite is not None else None,
            instance_en_cours=bool(etat.instances) and not etat.acquise,
            suspension_en_cours=bool(etat.suspensions) and not etat.acquise,
            date_limite_provisoire=provisoire,
            date_limite_sans_instance=sans_instance,
            plafond_2232=self.plafond,
            plafond_atteint=etat.plafonne and date_limite is not None and date_limite == self.plafond,
            # Tri stable par date : les actes antérieurs au point de départ viennent en tête.
            trace=sorted(self.trace, key=lambda t: t.date),
            avertissements=self.avertissements,
        )

    def demarrer(self) -> _Etat:
        regime, depart = self.regime, self.depart
        if depart < REFORME_2008 and self.ancienne is not None:
            echeance = regime_transitoire_2008(depart, self.ancienne, regime.duree_ans, tardive=self.tardive)
            self.avertir(_AV_TRANSITION)
            effet = (
                f"point de départ (ancien délai de {self.ancienne} ans) : régime transitoire de la loi "
                f"n° 2008-561 — nouveau délai de {regime.libelle_duree} à compter du 19 juin 2008, sans "
                f"dépasser l'ancien ; dernier jour le {_fr(echeance)}"
            )
            citations = ["loi_2008_561_art_26", "c_civ_2222", "cass_civ1_2018_12_12_17_25697",
                         regime.citation]
        else:
            if depart < REFORME_2008:
                self.avertir(_AV_TRANSITION_SANS_ANCIENNE)
            echeance = self.nouveau_delai(depart)
            effet = (
                f"point de départ : délai de {self.nom_delai()} de {regime.libelle_duree} ; dernier jour le "
                f"{_fr(echeance)} à 24 heures (art. 2228 et 2229)"
            )
            citations = [regime.citation, "c_civ_2228", "c_civ_2229"]
        etat = _Etat(echeance=echeance, debut_periode=depart)
        self.etape(depart, NatureEtape.depart, effet, [c for c in citations if c], etat)
        if self.plafond is not None and echeance > self.plafond:
            # Point de départ reporté trop loin de la naissance du droit (art. 2232 al. 1).
            etat.echeance = self.plafond
            etat.plafonne = True
            self.etape(
                depart, NatureEtape.plafond,
                f"plafond de 20 ans (art. 2232) atteint : dernier jour ramené au {_fr(self.plafond)}",
                ["c_civ_2232"], etat,
            )
        return etat

    def verifier_acquisition(self, etat: _Etat, jour: dt.date) -> None:
        if etat.acquise or etat.instances or etat.suspensions or jour <= etat.echeance:
            return
        etat.acquise = True
        self.etape(
            etat.echeance + _UN_JOUR, NatureEtape.acquisition,
            f"{self.nom_delai()} acquise : le délai a expiré le {_fr(etat.echeance)} à 24 heures (art. 2229)",
            ["c_civ_2229"], etat,
        )

    def sans_effet(self, etat: _Etat, i: int, e: EvenementPrescription, raison: str,
                   citations: list[str]) -> None:
        self.etape(e.date, NatureEtape.sans_effet, f"{_libelle(e)} : {raison}", citations, etat, e, i)

    def appliquer(self, etat: _Etat, i: int, e: EvenementPrescription,
                  roles: dict[int, tuple[str, int | None]]) -> None:
        self.verifier_acquisition(etat, e.date)
        role = roles.get(i, ("", None))[0]
        if e.type is T.mise_en_demeure:
            self.avertir(_AV_MISE_EN_DEMEURE)
            self.sans_effet(
                etat, i, e,
                "sans effet sur la prescription (Cass. com., 18 mai 2022, n° 20-23.204 : la liste des "
                "causes d'interruption est limitative)",
                ["cass_com_2022_05_18_20_23204"],
            )
        elif role == "fin_2243" or (e.type in _DEMANDES and role == "non_avenue"):
            self.appliquer_2243(i, e, roles, etat)
        elif etat.acquise:
            if e.type in _RECONNAISSANCES:
                self.avertir(_AV_RENONCIATION)
            self.sans_effet(
                etat, i, e,
                f"sans effet — la {self.nom_delai()} était acquise depuis le {_fr(etat.echeance + _UN_JOUR)}",
                ["c_civ_2229", *(["c_civ_2250", "c_civ_2251"] if e.type in _RECONNAISSANCES else [])],
            )
        elif e.type in _RECONNAISSANCES:
            self.appliquer_reconnaissance(etat, i, e)
        elif e.type in _DEMANDES:
            self.appliquer_demande(etat, i, e, roles)
        elif e.type is T.fin_instance:
            self.appliquer_fin_instance(etat, i, e, roles)
        elif e.type in _FINS_2243:
            raison = {"orpheline": "aucune demande en justice ouverte à laquelle le rattacher",
                      "doublon": "la demande visée est déjà close",
                      "avant_depart": "la demande visée était antérieure au point de départ"}[role]
            if role != "avant_depart":
                self.avertir(f"{e.type.value} du {_fr(e.date)} : {raison} ; vérifier les événements saisis.")
            self.sans_effet(etat, i, e, f"sans effet — {raison}", ["c_civ_2243"])
        elif e.type in _MESURES_2244:
            self.appliquer_mesure(etat, i, e)
        else:
            famille, ouvre = _SUSPENSIONS[e.type]
            if ouvre:
                self.ouvrir_suspension(etat, i, e, famille)
            else:
                self.clore_suspension(etat, i, e, famille)

    def avant_depart(self, etat: _Etat, i: int, e: EvenementPrescription) -> bool:
        if e.date >= self.depart:
            return False
        self.sans_effet(
            etat, i, e,
            f"sans effet — antérieur au point de départ ({_fr(self.depart)}) : la prescription ne courait "
            "pas encore, il n'y avait rien à interrompre",
            [],
        )
        self.avertir(
            "Acte interruptif antérieur au point de départ : sans effet (la prescription ne court qu'à "
            "compter du point de départ, et un délai complet court de toute façon à partir de lui). S'il "
            "révèle que le créancier connaissait les faits plus tôt, c'est le point de départ qui est à "
            "revoir."
        )
        return True

    def interrompre(self, etat: _Etat, jour: dt.date, candidat: dt.date, hors_plafond: bool) -> None:
        """Nouveau délai ouvert le jour ``jour`` (art. 2231), y compris pendant une suspension."""
        if etat.suspensions:
            # Le temps déjà suspendu est d'abord porté au délai en cours, pour que l'interruption ne
            # puisse jamais donner un terme plus proche que sans elle.
            self.solder_suspension(etat, jour)
            self.avertir(_AV_INTERRUPTION_PENDANT_SUSPENSION)
        etat.echeance = (self.hors_plafond if hors_plafond else self.plafonner)(etat, candidat)
        etat.debut_periode = jour
        if etat.suspensions:
            etat.arret_depuis = jour

    def libelle_nouveau_delai(self, jour: dt.date, candidat: dt.date, etat: _Etat) -> str:
        if self.ancienne is not None and jour < REFORME_2008:
            texte = (f"nouveau délai de l'ancien droit ({self.ancienne} ans) à compter du {_fr(jour)}, "
                     "réduit par la loi n° 2008-561 (art. 26 II)")
        else:
            texte = f"nouveau délai de {self.regime.libelle_duree} à compter du {_fr(jour)} (art. 2231)"
        if etat.suspensions:
            return texte + " ; il ne court qu'à la fin de la suspension en cours"
        if etat.instances:
            return texte
        if etat.echeance < candidat:
            return texte + f" — plafond de 20 ans (art. 2232) atteint : dernier jour le {_fr(etat.echeance)}"
        return texte + f" ; dernier jour le {_fr(etat.echeance)}"

    def appliquer_reconnaissance(self, etat: _Etat, i: int, e: EvenementPrescription) -> None:
        if self.regime.forclusion:
            self.sans_effet(etat, i, e, "sans effet — la reconnaissance n'interrompt pas un délai de "
                            "forclusion (art. 2220 ; l'art. 2240 ne vise que la prescription)",
                            ["c_civ_2220", "c_civ_2240"])
            return
        if self.avant_depart(etat, i, e):
            return
        if e.type is T.paiement_partiel:
            self.avertir(_AV_PAIEMENT_PARTIEL)
        if etat.instances:
            self.sans_effet(etat, i, e, "sans effet propre — une instance est en cours : la prescription est "
                            "déjà interrompue jusqu'à son extinction (art. 2242)", ["c_civ_2242"])
            return
        candidat = self.nouveau_delai(e.date)
        self.interrompre(etat, e.date, candidat, hors_plafond=False)
        quoi = ("paiement partiel, tenu pour une reconnaissance de dette (art. 2240, jurisprudence)"
                if e.type is T.paiement_partiel else "reconnaissance du droit du créancier (art. 2240)")
        plafonne = etat.echeance < candidat and not etat.suspensions
        self.etape(e.date, NatureEtape.interruption,
                   f"interruption : {quoi} ; {self.libelle_nouveau_delai(e.date, candidat, etat)}",
                   ["c_civ_2240", "c_civ_2231", *(["c_civ_2232"] if plafonne else [])], etat, e, i)

    def appliquer_mesure(self, etat: _Etat, i: int, e: EvenementPrescription) -> None:
        if self.avant_depart(etat, i, e):
            return
        if etat.instances:
            self.sans_effet(etat, i, e, "sans effet propre — une instance est en cours : la prescription est "
                            "déjà interrompue jusqu'à son extinction (art. 2242)", ["c_civ_2242"])
            return
        candidat = self.nouveau_delai(e.date)
        self.interrompre(etat, e.date, candidat, hors_plafond=True)
        quoi = "mesure conservatoire" if e.type is T.mesure_conservatoire else "acte d'exécution forcée"
        butoir = "" if self.plafond is None else " ; délai butoir de 20 ans écarté (art. 2232 al. 2)"
        suite = self.libelle_nouveau_delai(e.date, candidat, etat)
        self.etape(e.date, NatureEtape.interruption,
                   f"interruption : {quoi} (art. 2244) ; {suite}{butoir}",
                   ["c_civ_2244", "c_civ_2231", *(["c_civ_2232"] if butoir else [])], etat, e, i)

    def appliquer_demande(self, etat: _Etat, i: int, e: EvenementPrescription,
                          roles: dict[int, tuple[str, int | None]]) -> None:
        if roles[i][0] == "avant_depart":
            self.avant_depart(etat, i, e)
            return
        if e.date < REFORME_2008:
            self.avertir(_AV_INSTANCE_AVANT_2008)
        if etat.suspensions:
            self.solder_suspension(etat, e.date)
        etat.instances[i] = e
        quoi = "référé" if e.type is T.refere else "demande en justice"
        alinea = ("juge incompétent ou acte de saisine annulé, art. 2241 al. 2"
                  if e.juridiction_incompetente_ou_acte_annule else "art. 2241")
        self.etape(e.date, NatureEtape.instance_ouverte,
                   f"interruption : {quoi} ({alinea}) ; la {self.nom_delai()} ne court pas tant que "
                   "l'instance n'est pas éteinte (art. 2242)",
                   ["c_civ_2241", "c_civ_2242"], etat, e, i)

    def appliquer_fin_instance(self, etat: _Etat, i: int, e: EvenementPrescription,
                               roles: dict[int, tuple[str, int | None]]) -> None:
        role, cible = roles.get(i, ("orpheline", None))
        if role == "avant_depart":
            self.sans_effet(etat, i, e, "sans effet — l'instance qu'elle clôt avait été introduite avant le "
                            "point de départ", [])
            return
        if role in ("orpheline", "doublon") or cible not in etat.instances:
            raison = ("aucune demande en justice ouverte à laquelle la rattacher" if role == "orpheline"
                      else "l'instance visée est déjà close")
            self.avertir(f"fin_instance du {_fr(e.date)} : {raison} ; vérifier les événements saisis.")
            self.sans_effet(etat, i, e, f"sans effet — {raison}", ["c_civ_2242"])
            return
        demande = etat.instances.pop(cible)  # type: ignore[arg-type]
        candidat = self.nouveau_delai(e.date)
        if demande.juridiction_incompetente_ou_acte_annule:
            etat.echeance = self.plafonner(etat, candidat)
        else:
            etat.echeance = self.hors_plafond(etat, candidat)
        etat.debut_periode = e.date
        if etat.suspensions:
            etat.arret_depuis = e.date
        self.avertir(_AV_FIN_INSTANCE)
        if etat.instances:
            effet = (f"extinction de l'instance ouverte le {_fr(demande.date)} ; une autre instance reste en "
                     f"cours, la {self.nom_delai()} ne court toujours pas (art. 2242)")
        else:
            effet = (f"extinction de l'instance ouverte le {_fr(demande.date)} (art. 2242) : "
                     f"{self.libelle_nouveau_delai(e.date, candidat, etat)}")
        self.etape(e.date, NatureEtape.instance_eteinte, effet, ["c_civ_2242", "c_civ_2231"], etat, e, i)

    def appliquer_2243(self, i: int, e: EvenementPrescription,
                       roles: dict[int, tuple[str, int | None]], etat: _Etat) -> None:
        _, lien = roles[i]
        evenements = dict(self.ordre)
        if e.type in _DEMANDES:
            if lien is None:  # écartée par hypothèse, pour date_limite_sans_instance
                effet = f"{_libelle(e)} : interruption supposée non avenue (hypothèse de calcul, art. 2243)"
            else:
                fin = evenements[lien]
                effet = (f"{_libelle(e)} : interruption non avenue ({_libelle(fin)} du {_fr(fin.date)}, "
                         "art. 2243) — le calcul l'ignore")
        else:
            demande = evenements[lien]  # type: ignore[index]
            motif = {T.desistement: "désistement", T.peremption: "péremption de l'instance",
                     T.rejet_definitif: "rejet définitif de la demande"}[e.type]
            effet = (f"{motif} : l'interruption résultant de la demande du {_fr(demande.date)} est non "
                     "avenue (art. 2243) ; la prescription est calculée comme si cette demande n'avait pas "
                     "existé")
        self.etape(e.date, NatureEtape.non_avenue, effet, ["c_civ_2243"], etat, e, i)

    def ouvrir_suspension(self, etat: _Etat, i: int, e: EvenementPrescription, famille: str) -> None:
        nom, cle = _FAMILLES[famille]
        if self.regime.forclusion:
            self.sans_effet(etat, i, e, "sans effet — un délai de forclusion n'est pas suspendu (art. 2220)",
                            ["c_civ_2220", cle])
            return
        if e.date < REFORME_2008:
            self.avertir(_AV_SUSPENSION_AVANT_2008)
            arret = ["cass_com_2018_03_28_16_27268"] if famille == "mesure_instruction" else []
            self.sans_effet(etat, i, e, "sans effet — suspension créée par la loi n° 2008-561, en vigueur "
                            "le 19 juin 2008", [cle, *arret])
            return
        self.avertir(_AV_2239 if famille == "mesure_instruction" else _AV_2238)
        if not etat.suspensions:
            etat.arret_depuis = max(e.date, etat.debut_periode)
        etat.suspensions.append(_Suspension(famille, e.date, e.reference, i))
        quand = "" if e.date >= self.depart else f" (effet à compter du point de départ, {_fr(self.depart)})"
        self.etape(e.date, NatureEtape.suspension_ouverte,
                   f"{_libelle(e)} : suspension, le délai cesse de courir à compter de ce jour{quand} "
                   f"(art. {cle[-4:]} et 2230)",
                   [cle, "c_civ_2230"], etat, e, i)

    def clore_suspension(self, etat: _Etat, i: int, e: EvenementPrescription, famille: str) -> None:
        nom, cle = _FAMILLES[famille]
        if self.regime.forclusion:
            self.sans_effet(etat, i, e, "sans effet — un délai de forclusion n'est pas suspendu (art. 2220)",
                            ["c_civ_2220", cle])
            return
        ouvertes = [s for s in etat.suspensions if s.famille == famille]
        # Une fin avec référence clôt le début de même référence ; sans référence, le plus ancien début.
        if e.reference is not None:
            candidates = [s for s in ouvertes if s.reference == e.reference]
        else:
            candidates = [s for s in ouvertes if s.reference is None] or ouvertes
        if not candidates:
            if e.date >= REFORME_2008:
                self.avertir(
                    f"{e.type.value} du {_fr(e.date)} : aucun début correspondant n'est ouvert ; sans début, "
                    "il n'y a pas de suspension."
                )
            self.sans_effet(etat, i, e, "sans effet — aucune suspension de cette nature en cours", [cle])
            return
        close = candidates[0]
        etat.suspensions.remove(close)
        if etat.instances:
            if not etat.suspensions:
                etat.arret_depuis = None
            self.sans_effet(etat, i, e, f"sans effet propre — fin de {nom} pendant une instance, qui "
                            "interrompt déjà la prescription (art. 2242)", ["c_civ_2242"])
            return
        if etat.suspensions:
            self.etape(e.date, NatureEtape.suspension_close,
                       f"fin de {nom} ; une autre suspension reste en cours, le délai ne court toujours pas",
                       [cle, "c_civ_2230"], etat, e, i)
            return
        debut = etat.arret_depuis if etat.arret_depuis is not None else e.date
        jours = max(0, (e.date - debut).days)
        allonge = etat.echeance + dt.timedelta(days=jours)
        plancher = self.terme(e.date, mois=_PLANCHER_MOIS)
        voulu = max(allonge, plancher)
        etat.arret_depuis = None
        etat.echeance = self.plafonner(etat, voulu)
        arret = min(debut, e.date)
        if arret == close.debut:
            texte = f"fin de {nom} : suspension du {_fr(arret)} au {_fr(e.date)} (art. 2230), "
        else:
            # Ouverte avant le point de départ ou avant un nouveau délai : seul compte l'arrêt effectif.
            texte = (f"fin de {nom} ouverte le {_fr(close.debut)} : délai arrêté du {_fr(arret)} au "
                     f"{_fr(e.date)} (art. 2230), ")
        texte += f"{jours} jour{'s' if jours > 1 else ''} ajouté{'s' if jours > 1 else ''}"
        citations = [cle, "c_civ_2230"]
        if plancher > allonge:
            texte += f" ; le délai reprend pour six mois au moins (art. {cle[-4:]} al. 2)"
        if etat.echeance < voulu:
            texte += f" — plafond de 20 ans (art. 2232) atteint : dernier jour le {_fr(etat.echeance)}"
            citations.append("c_civ_2232")
        else:
            texte += f" ; dernier jour le {_fr(etat.echeance)}"
        self.etape(e.date, NatureEtape.suspension_close, texte, citations, etat, e, i)

    # -- conclusion ---------------------------------------------------------------------------

    def finir(self, etat: _Etat) -> tuple[dt.date | None, dt.date | None]:
        """Étapes de clôture à ``as_of`` ; rend (date_limite_provisoire, date_limite_sans_instance)."""
        self.verifier_acquisition(etat, self.as_of)
        provisoire = sans_instance = None
        if etat.acquise:
            pass
        elif etat.instances:
            self.avertir(_AV_INSTANCE_EN_COURS)
            if not self.demandes_ecartees:
                sans_instance = _Calcul(
                    self.regime, self.depart, self.evenements, **self.parametres,  # type: ignore[arg-type]
                    demandes_ecartees=frozenset(etat.instances),
                ).executer().date_limite
            self.etape(self.as_of, NatureEtape.instance_ouverte,
                       "instance en cours à la date d'évaluation : pas de date limite tant qu'elle n'est pas "
                       "éteinte (art. 2242)", ["c_civ_2242"], etat)
        elif etat.suspensions:
            self.avertir(_AV_SUSPENSION_EN_COURS)
            copie = _Etat(echeance=etat.echeance, debut_periode=etat.debut_periode,
                          arret_depuis=etat.arret_depuis, plafonne=etat.plafonne)
            self.solder_suspension(copie, self.as_of)
            provisoire = self.plafonner(copie, self.terme(self.as_of, mois=_PLANCHER_MOIS))
            self.etape(self.as_of, NatureEtape.suspension_ouverte,
                       "suspension en cours à la date d'évaluation : le délai ne court pas ; si elle prenait "
                       f"fin ce jour, dernier jour le {_fr(provisoire)}",
                       ["c_civ_2230"], etat)
        if (etat.plafonne and self.plafond is not None and etat.echeance == self.plafond
                and any(t.evenement in _DEMANDES | _MESURES_2244 for t in self.trace
                        if t.nature in (NatureEtape.interruption, NatureEtape.instance_eteinte))):
            self.avertir(_AV_PLAFOND_STRICT)
        return provisoire, sans_instance


def _libelle(e: EvenementPrescription) -> str:
    noms = {
        T.reconnaissance: "reconnaissance de dette", T.paiement_partiel: "paiement partiel",
        T.demande_en_justice: "demande en justice", T.refere: "référé", T.fin_instance: "fin d'instance",
        T.desistement: "désistement", T.peremption: "péremption", T.rejet_definitif: "rejet définitif",
        T.mesure_conservatoire: "mesure conservatoire", T.acte_execution: "acte d'exécution forcée",
        T.mediation_debut: "début de médiation", T.mediation_fin: "fin de médiation",
        T.conciliation_debut: "début de conciliation", T.conciliation_fin: "fin de conciliation",
        T.procedure_participative_debut: "convention de procédure participative",
        T.procedure_participative_fin: "terme de la procédure participative",
        T.accord_petites_creances: "accord du débiteur (petites créances)",
        T.refus_petites_creances: "refus du débiteur (petites créances)",
        T.mesure_instruction_ordonnee: "mesure d'instruction ordonnée",
        T.mesure_instruction_executee: "mesure d'instruction exécutée",
        T.mise_en_demeure: "mise en demeure",
    }
    nom = noms[e.type]
    return f"{nom} ({e.libelle})" if e.libelle else nom


def _verifier_jour(valeur: object, champ: str) -> dt.date:
    if isinstance(valeur, dt.datetime) or not isinstance(valeur, dt.date):
        raise PrescriptionInvalide(
            f"{champ} : attendu une date (datetime.date), reçu {valeur!r} de type "
            f"{type(valeur).__name__}.",
            champ,
        )
    return valeur


def calculer_prescription(
    regime: Regime,
    depart: dt.date,
    evenements: list[EvenementPrescription],
    *,
    as_of: dt.date,
    date_naissance_droit: dt.date | None = None,
    ancienne_duree_ans: int | None = None,
    report_2233: bool = False,
    lecture: str = "prudente",
) -> ResultatPrescription:
    """Dernier jour où un acte interruptif produit encore effet, avec la trace de chaque événement.

    ``depart`` : premier jour du délai (jour où le créancier a connu ou dû connaître les faits, art.
    2224 ; pour une facture, l'exigibilité). Les événements sont appliqués dans l'ordre des dates,
    quel que soit l'ordre de la liste ; ceux postérieurs à ``as_of`` sont ignorés (et tracés).
    Interruption (art. 2240, 2244) : nouveau délai de même durée à compter de l'acte (art. 2231) ;
    demande en justice (art. 2241) : le délai ne court pas pendant l'instance, le nouveau part de son
    extinction (art. 2242), sauf désistement, péremption ou rejet définitif qui la rendent non avenue
    (art. 2243). Suspension (art. 2230) : les jours suspendus s'ajoutent ; après une médiation,
    conciliation, procédure participative, procédure de petites créances (art. 2238) ou mesure
    d'instruction (art. 2239), le délai reprend pour six mois au moins. Délai butoir (art. 2232) :
    jamais plus de 20 ans après ``date_naissance_droit`` (par défaut ``depart``), sauf pour les effets
    d'une demande en justice (2241 al. 1) ou d'une mesure conservatoire ou d'exécution (2244).
    ``report_2233`` : le point de départ est reporté par un terme ou une condition (art. 2233, exclu
    du butoir) ; les 20 ans courent alors de ``depart``. ``ancienne_duree_ans`` : pour un délai ouvert
    avant le 19 juin 2008, durée de l'ancien droit (loi 2008-561, art. 26 II).
    ``lecture`` : « prudente » (défaut) compte le jour du départ — chaque terme tombe la veille de
    l'anniversaire (Cass. 1re civ., 12 déc. 2018, n° 17-25.697) ; « tardive » ne le compte pas (C. civ.
    2228 lu comme « dies a quo non computatur ») — chaque terme tombe un jour plus tard. Le créancier agit
    avant le terme de la lecture prudente ; la prescription n'est tenue pour certaine qu'une fois acquise
    selon la lecture tardive aussi (un acte accompli le jour incertain n'interrompt que dans celle-ci).

    Références : C. civ., art. 2222, 2224, 2228 à 2244 ; loi n° 2008-561, art. 26 ; Cass. com.,
    18 mai 2022, n° 20-23.204 ; Cass. 1re civ., 12 déc. 2018, n° 17-25.697.
    """
    if not isinstance(regime, Regime):
        raise PrescriptionInvalide(f"regime : attendu un Regime, reçu {type(regime).__name__}.", "regime")
    depart = _verifier_jour(depart, "depart")
    as_of = _verifier_jour(as_of, "as_of")
    naissance = (depart if date_naissance_droit is None
                 else _verifier_jour(date_naissance_droit, "date_naissance_droit"))
    if naissance > depart:
        raise PrescriptionInvalide(
            f"date_naissance_droit : postérieure au point de départ ({naissance.isoformat()} > "
            f"{depart.isoformat()}) ; la prescription ne peut courir avant la naissance du droit.",
            "date_naissance_droit",
        )
    if lecture not in ("prudente", "tardive"):
        raise PrescriptionInvalide(
            f"lecture : valeur inconnue {lecture!r} ; attendu « prudente » ou « tardive ».", "lecture")
    if isinstance(evenements, (str, bytes)) or not hasattr(evenements, "__iter__"):
        raise PrescriptionInvalide("evenements : attendu une liste d'EvenementPrescription.", "evenements")
    liste = list(evenements)
    for n, e in enumerate(liste):
        if not isinstance(e, EvenementPrescription):
            raise PrescriptionInvalide(
                f"evenements[{n}] : attendu un EvenementPrescription, reçu {type(e).__name__}.", "evenements"
            )
    if ancienne_duree_ans is not None:
        if (isinstance(ancienne_duree_ans, bool) or not isinstance(ancienne_duree_ans, int)
                or ancienne_duree_ans <= 0):
            raise PrescriptionInvalide(
                f"ancienne_duree_ans : attendu un nombre d'années entier > 0, reçu {ancienne_duree_ans!r}.",
                "ancienne_duree_ans",
            )
        if regime.duree_mois:
            raise PrescriptionInvalide(
                "ancienne_duree_ans : le régime transitoire suppose une durée nouvelle en années entières.",
                "ancienne_duree_ans",
            )
    calcul = _Calcul(
        regime, depart, liste, naissance=naissance, as_of=as_of,
        ancienne_duree_ans=ancienne_duree_ans if depart < REFORME_2008 else None,
        report_2233=report_2233, tardive=lecture == "tardive",
    )
    if ancienne_duree_ans is not None and depart >= REFORME_2008:
        calcul.avertir("ancienne_duree_ans ignoré : le délai a commencé à courir après le 18 juin 2008.")
    if report_2233 and calcul.plafond is not None:
        calcul.avertir(_AV_2233)
    if calcul.plafond is not None and naissance < REFORME_2008:
        calcul.avertir(
            "Droit né avant le 19 juin 2008 : l'application du délai butoir de l'art. 2232 (créé par la loi "
            "n° 2008-561) à ce droit n'est pas vérifiée."
        )
    return calcul.executer()
