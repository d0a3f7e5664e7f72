"""Événements qui agissent sur une prescription, et le résultat d'un calcul avec sa trace.

Interruption : reconnaissance (art. 2240 ; paiement partiel, par la jurisprudence), demande en justice
(2241-2242, non avenue selon 2243), mesure conservatoire et acte d'exécution forcée (2244). Suspension :
médiation, conciliation, procédure participative, petites créances (2238), mesure d'instruction (2239).
La mise en demeure n'a pas d'effet (Cass. com., 18 mai 2022, n° 20-23.204).

Références : C. civ., art. 2229, 2230, 2231, 2232, 2238 à 2244.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .regimes import Regime


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


# ---------------------------------------------------------------------------------------------
# Résultat
# ---------------------------------------------------------------------------------------------


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
