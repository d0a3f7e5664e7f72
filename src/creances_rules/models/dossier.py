"""The dossier: every fact a user can give about one unpaid claim (SPEC §1).

Unknown keys are rejected (a typo must never be silently ignored), money is ``Decimal`` in euros,
dates are ISO ``AAAA-MM-JJ``. Each optional field documents its default; the assessment states the
defaults it relied on.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .._base.errors import apercu
from .._base.montant_texte import amount_text_error, plain_amount_text

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Bounds of what a dossier may say. The same on both engines (durable-rules compares int64 values
# scaled by 10^4: amounts below ~9.2e14 €, rates with at most 4 decimals): what is accepted never
# depends on the engine. Dates: 1900–2200 keeps every délai and prescription term (99 years at most)
# inside the calendar; amounts: 10^11 € per figure and 10^12 € for all the amounts of one dossier, so
# that no derived sum (even with interest at 100 % over three centuries) leaves durable's range.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2200, 12, 31)
MONTANT_MAX = Decimal("100000000000")
TOTAL_MAX = Decimal("1000000000000")
TAUX_DECIMALES = 4


def _in_bounds(day: date) -> date:
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValueError(
            f"date {day.isoformat()} hors des bornes admises ({DATE_MIN.isoformat()} à {DATE_MAX.isoformat()})"
        )
    return day


def _to_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("date attendue (AAAA-MM-JJ), pas une date avec heure")
    if isinstance(value, date):
        return _in_bounds(value)
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"« {value} » n'est pas une date du calendrier") from None
        return _in_bounds(day)
    raise ValueError(f"date attendue au format ISO AAAA-MM-JJ, reçu « {apercu(value)} »")


class WrittenNumber(float):
    """A number read from a JSON or YAML file, with the text it was written as (``1.000``): a float
    forgets that ``1.000`` had three decimals — an amount keeps it, to refuse what it cannot read."""

    text: str = ""

    @classmethod
    def of(cls, value: float, text: str) -> WrittenNumber:
        number = cls(value)
        number.text = text
        return number

    def __reduce__(self) -> Any:  # crosses process boundaries (portfolios) with its text
        return (WrittenNumber.of, (float(self), self.text))


def _to_money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ValueError(f"montant attendu en euros, reçu « {apercu(value)} »")
    if isinstance(value, str):  # a plain decimal, or refused: "1,500" or "1.000" is never guessed
        text = plain_amount_text(value) if len(value) <= 40 else value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"montant non fini : « {value} »")
        written = getattr(value, "text", "")
        if re.fullmatch(r"[+-]?\d+\.\d{3}", written.strip()):  # 1.000, 150.000: a thousands point?
            raise ValueError(amount_text_error(written))
        text = repr(value)
    else:
        text = str(value)
    if len(text) > 40:
        raise ValueError(f"montant attendu en euros (ex. 1234.56), reçu « {apercu(value)} »")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValueError(f"montant attendu en euros (ex. 1234.56), reçu « {apercu(value)} »") from None
    if not amount.is_finite():
        raise ValueError(f"montant non fini : « {value} »")
    if amount < 0:
        raise ValueError(f"montant négatif : {amount}")
    if amount > MONTANT_MAX:
        raise ValueError(f"montant trop élevé : au plus 100 000 000 000 € (10^11), reçu {apercu(value)}")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"montant au centime au plus (deux décimales), reçu {amount}")
    return amount.quantize(Decimal("0.01"))


def _to_rate(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ValueError(f"taux annuel en pourcentage attendu, reçu « {apercu(value)} »")
    if isinstance(value, float):
        value = repr(value)
    text = value if isinstance(value, str) else str(value)
    if len(text) > 40:
        raise ValueError(f"taux annuel en pourcentage attendu (ex. 12.5), reçu « {apercu(value)} »")
    try:
        rate = Decimal(text.strip().rstrip("%").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValueError(f"taux annuel en pourcentage attendu (ex. 12.5), reçu « {apercu(value)} »") from None
    if not rate.is_finite() or rate < 0 or rate > 100:
        raise ValueError(f"taux annuel en pourcentage entre 0 et 100 attendu, reçu {apercu(value)}")
    if rate != rate.quantize(Decimal(1).scaleb(-TAUX_DECIMALES)):
        raise ValueError(f"taux au plus à {TAUX_DECIMALES} décimales, reçu {apercu(value)}")
    return rate


IsoDate = Annotated[date, BeforeValidator(_to_date)]
Montant = Annotated[Decimal, BeforeValidator(_to_money)]
TauxAnnuel = Annotated[Decimal, BeforeValidator(_to_rate)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class QualiteCreancier(str, Enum):
    professionnel = "professionnel"
    particulier = "particulier"


class QualiteDebiteur(str, Enum):
    professionnel = "professionnel"
    consommateur = "consommateur"
    non_professionnel = "non_professionnel"
    # A private person who is not a consumer because the creditor is not a professional.
    particulier = "particulier"


class Residence(str, Enum):
    metropole = "metropole"
    outre_mer = "outre_mer"
    etranger = "etranger"


class NatureFacture(str, Enum):
    biens = "biens"
    services = "services"
    pret = "pret"
    loyer = "loyer"
    autre = "autre"


class TypeEvenement(str, Enum):
    relance = "relance"
    relance_telephonique = "relance_telephonique"
    mise_en_demeure = "mise_en_demeure"
    sommation = "sommation"
    reconnaissance_de_dette = "reconnaissance_de_dette"
    demande_en_justice = "demande_en_justice"
    refere = "refere"
    injonction_de_payer_rendue = "injonction_de_payer_rendue"
    injonction_de_payer_signifiee = "injonction_de_payer_signifiee"
    opposition = "opposition"
    titre_executoire = "titre_executoire"
    mesure_conservatoire = "mesure_conservatoire"
    acte_execution = "acte_execution"
    mediation_debut = "mediation_debut"
    mediation_fin = "mediation_fin"
    expertise_ordonnee = "expertise_ordonnee"
    expertise_executee = "expertise_executee"
    desistement = "desistement"
    rejet_definitif = "rejet_definitif"
    procedure_collective_ouverte = "procedure_collective_ouverte"
    publication_bodacc = "publication_bodacc"
    declaration_creance = "declaration_creance"
    # Third wave: enforcement after a title (SPEC §1).
    saisie_attribution = "saisie_attribution"  # the act served on the third party (e.g. the bank)
    denonciation_saisie = "denonciation_saisie"  # served on the debtor (CPCE R211-3)
    contestation_saisie = "contestation_saisie"
    commandement_saisie_vente = "commandement_saisie_vente"
    saisie_vente = "saisie_vente"
    commandement_saisie_remunerations = "commandement_saisie_remunerations"  # regime since 1 July 2025
    saisie_remunerations = "saisie_remunerations"  # the PV served on the employer
    mainlevee = "mainlevee"


class Forme(str, Enum):
    lrar = "lrar"
    lettre_simple = "lettre_simple"
    email = "email"
    acte_commissaire_de_justice = "acte_commissaire_de_justice"
    oral = "oral"


class Mention(str, Enum):
    """What a written act says; used to check a mise en demeure and an agency's letter."""

    termes_mise_en_demeure = "termes_mise_en_demeure"  # the words "mise en demeure"
    montant = "montant"
    factures = "factures"
    delai_de_paiement = "delai_de_paiement"  # a deadline to pay
    demande_de_paiement = "demande_de_paiement"  # an explicit demand (interpellation)
    accuse_de_reception = "accuse_de_reception"  # proof of receipt is held
    # CPCE R124-4 (letter of an amicable-collection agency)
    identite_agence = "identite_agence"
    identite_creancier = "identite_creancier"
    fondement_et_detail_sommes = "fondement_et_detail_sommes"
    modalites_de_paiement = "modalites_de_paiement"
    reproduction_l111_8 = "reproduction_l111_8"


class TypeProcedureCollective(str, Enum):
    sauvegarde = "sauvegarde"
    redressement = "redressement"
    liquidation = "liquidation"


class Creancier(_Model):
    """The creditor. Its status picks the legal-rate category (CMF L313-2) and L441-10."""

    nom: str | None = None
    qualite: QualiteCreancier
    commercant: bool | None = Field(None, description="None = inconnu")
    agence_de_recouvrement: bool = Field(
        False, description="Le recouvrement amiable est confié à un tiers (CPCE L124-1)."
    )
    tva_sur_les_debits: bool = Field(
        False, description="Prestations de services : option pour la TVA exigible sur les débits (CGI 269, 2, c)."
    )


class Remunerations(_Model):
    """What the debtor earns as an employee: the seizable part of wages (C. trav. R3252-2, R3252-3)."""

    montant_mensuel_net: Montant = Field(
        description="rémunération mensuelle nette (après cotisations sociales et prélèvement à la source)")
    personnes_a_charge: int = Field(0, ge=0, le=30, description="personnes à la charge du débiteur, justifiées")
    employeur: str | None = Field(None, description="nom de l'employeur (tiers saisi)")


class Debiteur(_Model):
    """The debtor; `departement` selects local public holidays (CPC 642)."""

    nom: str | None = None
    qualite: QualiteDebiteur
    commercant: bool | None = None
    departement: str | None = Field(None, description='ex. "75", "67", "974"')
    residence: Residence = Residence.metropole
    remunerations: Remunerations | None = Field(
        None, description="débiteur salarié : rémunération connue (saisie des rémunérations)")
    compte_bancaire_connu: bool | None = Field(
        None, description="un compte bancaire du débiteur est connu (saisie-attribution) ; None = inconnu")
    biens_mobiliers_connus: bool | None = Field(
        None, description="des biens meubles saisissables du débiteur sont connus (saisie-vente) ; None = inconnu")

    @field_validator("departement", mode="before")
    @classmethod
    def _known_departement(cls, value: Any) -> Any:
        """Only a département or collectivité whose calendar is known (CPC 642 needs its holidays)."""
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"code de département attendu sous forme de texte (ex. « 75 », « 2A », « 974 »), reçu « {apercu(value)} »")
        if len(value) > 10:
            raise ValueError(f"code de département inconnu « {apercu(value)} »")
        from ..law._calendrier import DelaiInvalide, territoire

        try:
            territoire(value)
        except DelaiInvalide as exc:
            raise ValueError(str(exc).removeprefix("departement : ")) from None
        return value


class DepartDelai(str, Enum):
    """Where an agreed payment term starts."""

    emission = "emission"
    reception = "reception"
    livraison = "livraison"


class ImputationPaiements(str, Enum):
    """How the creditor imputes a partial payment on one invoice (C. civ. 1343-1).

    ``principal_d_abord`` (default): the payment settles the invoice's principal, the accrued
    penalties or interest are claimed separately — what creditors' books do. ``interets_d_abord``:
    the payment goes first to the accrued interest (C. civ. 1343-1 al. 1, ancien 1254).
    """

    principal_d_abord = "principal_d_abord"
    interets_d_abord = "interets_d_abord"


class DelaiPaiement(_Model):
    """An agreed payment term: a number of days, from the invoice or end of month."""

    jours: int = Field(ge=0, le=3650)
    fin_de_mois: bool = False
    depart: DepartDelai = Field(
        DepartDelai.emission, description="point de départ du délai convenu (défaut : émission de la facture)"
    )


class LectureTauxSousPlancher(str, Enum):
    """A contract penalty rate below the L441-10 II floor (3 × the legal rate): which reading the creditor applies."""

    plancher = "plancher"  # the agreed rate is raised to the floor (default)
    taux_par_defaut = "taux_par_defaut"  # the clause is set aside: ECB rate + 10 points


class Contrat(_Model):
    """The contract; its conclusion date selects the law in force (ord. 2016-131, art. 9)."""

    date_conclusion: IsoDate | None = Field(
        None, description="Défaut : supposée au plus tard à la date de la première facture."
    )
    clause_demeure_par_exigibilite: bool = False
    delai_paiement: DelaiPaiement | None = None
    taux_penalites: TauxAnnuel | None = Field(None, description="taux annuel en %")
    taux_sous_plancher: LectureTauxSousPlancher = Field(
        LectureTauxSousPlancher.plancher,
        description="taux convenu inférieur au plancher de C. com. L441-10 II (trois fois le taux légal) : le porter "
                    "au plancher (plancher, défaut) ou écarter la clause au profit du taux BCE + 10 points "
                    "(taux_par_defaut) ; les textes lus ne tranchent pas")
    clause_penale: Montant | None = None
    clause_capitalisation: bool = False
    duree_prescription_ans: int | None = Field(None, ge=0, le=99)
    clause_reserve_de_propriete: bool = Field(False, description="clause de réserve de propriété (C. com. L624-16)")
    imputation_paiements: ImputationPaiements = Field(
        ImputationPaiements.principal_d_abord,
        description="imputation d'un paiement partiel sur une facture (C. civ. 1343-1) ; défaut : principal d'abord",
    )


class MentionFacture(str, Enum):
    """A mention C. com. L441-9 I requires on an invoice between professionals (ord. n° 2019-359)."""

    parties = "parties"  # name and address of the parties
    adresse_de_facturation = "adresse_de_facturation"  # where it differs from the address
    numero_bon_de_commande = "numero_bon_de_commande"  # where the buyer issued a purchase order
    date_vente_ou_prestation = "date_vente_ou_prestation"
    quantite_denomination_prix = "quantite_denomination_prix"  # quantity, exact name, unit price excl. VAT
    reductions_de_prix = "reductions_de_prix"  # price reductions acquired at the date of sale
    date_de_reglement = "date_de_reglement"  # the date payment is due
    conditions_d_escompte = "conditions_d_escompte"
    taux_des_penalites = "taux_des_penalites"
    indemnite_forfaitaire = "indemnite_forfaitaire"


class Facture(_Model):
    numero: str = Field(min_length=1)
    montant_ttc: Montant
    date_emission: IsoDate
    date_echeance: IsoDate | None = None
    date_livraison: IsoDate | None = None
    date_execution: IsoDate | None = None
    date_reception: IsoDate | None = Field(
        None, description="réception de la facture par le débiteur (départ d'un délai convenu « à réception »)"
    )
    mentions_l441_9: tuple[MentionFacture, ...] | None = Field(
        None, description="mentions de C. com. L441-9 que porte la facture ; None = inconnu (non vérifié)"
    )
    nature: NatureFacture | None = None
    montant_tva: Montant | None = Field(None, description="TVA comprise dans montant_ttc")
    en_nature_a_l_ouverture: bool | None = Field(
        None, description="biens vendus encore en nature à l'ouverture de la procédure collective (L624-16) ; None = inconnu"
    )


class Paiement(_Model):
    date: IsoDate
    montant: Montant
    facture: str | None = Field(None, description="numéro de la facture visée, si le débiteur l'a indiqué")


class Evenement(_Model):
    type: TypeEvenement
    date: IsoDate
    forme: Forme | None = None
    mentions: tuple[Mention, ...] = ()
    par_tiers: bool = False
    factures: tuple[str, ...] = ()
    note: str | None = None
    montant: Montant | None = Field(
        None, description="mesure d'exécution : somme saisie ou recouvrée (ex. somme saisie entre les mains de la banque)")
    tiers: str | None = Field(
        None, description="mesure d'exécution : tiers entre les mains duquel elle est pratiquée (banque, employeur…)")


class DetteDuCreancier(_Model):
    """A debt the creditor owes the debtor (for compensation, C. civ. 1347 ff.)."""

    description: str | None = None
    montant: Montant
    date_exigibilite: IsoDate | None = None
    certaine: bool = True
    liquide: bool = True
    fongible: bool = True
    connexe: bool = False
    insaisissable: bool = False


class BienDetenu(_Model):
    """A thing of the debtor's the creditor holds (droit de rétention, C. civ. 2286)."""

    description: str
    valeur: Montant | None = None
    remis_jusqu_au_paiement: bool = False
    connexe: bool = False
    dessaisissement: bool = False


class MotifCloture(str, Enum):
    extinction_du_passif = "extinction_du_passif"
    insuffisance_d_actif = "insuffisance_d_actif"


class ProcedureCollective(_Model):
    type: TypeProcedureCollective
    date_jugement: IsoDate
    date_publication_bodacc: IsoDate | None = None
    creancier_hors_metropole: bool = False
    fin_periode_observation: IsoDate | None = Field(None, description="fin de la période d'observation (L622-17 IV)")
    date_cloture: IsoDate | None = None
    motif_cloture: MotifCloture | None = None


# ---------------------------------------------------------------- titles (CPCE L111-3)


class NatureTitre(str, Enum):
    jugement = "jugement"
    ordonnance_injonction_de_payer = "ordonnance_injonction_de_payer"
    ordonnance_de_refere = "ordonnance_de_refere"
    acte_notarie = "acte_notarie"
    autre = "autre"


class TauxTitre(str, Enum):
    legal = "legal"
    conventionnel = "conventionnel"


class InteretsTitre(_Model):
    """Interest the title awards: at the legal rate (C. civ. 1231-7 by default) or a contractual one."""

    taux: TauxTitre = TauxTitre.legal
    taux_conventionnel: TauxAnnuel | None = None
    depuis: IsoDate | None = Field(None, description="point de départ fixé par le titre ; défaut : date du titre (1231-7)")

    @model_validator(mode="after")
    def _taux_conventionnel_donne(self) -> InteretsTitre:
        if self.taux is TauxTitre.conventionnel and self.taux_conventionnel is None:
            raise ValueError("interets.taux_conventionnel : obligatoire quand interets.taux vaut « conventionnel »")
        return self


class Condamnation(_Model):
    """The sums a title orders the debtor to pay."""

    principal: Montant
    interets: InteretsTitre | None = Field(None, description="None : intérêts au taux légal à compter du titre (1231-7)")
    article_700: Montant | None = None
    depens: Montant | None = None


class Titre(_Model):
    """An enforceable title or a decision (judgment, order, notarial act) and its terms."""

    nature: NatureTitre
    date: IsoDate
    juridiction: str | None = None
    factures: tuple[str, ...] = Field((), description="numéros des factures couvertes ; vide = toutes")
    condamnation: Condamnation | None = None
    date_signification: IsoDate | None = None
    signifie_a_personne: bool | None = None
    execution_provisoire: bool | None = None
    appel: IsoDate | None = Field(None, description="date de l'appel formé, s'il y en a un")
    date_introduction_instance: IsoDate | None = Field(
        None, description="date de l'acte introductif d'instance (assignation, requête) : régime de l'exécution "
        "provisoire (décret n° 2019-1333, art. 55) ; défaut : première demande en justice du dossier"
    )
    imputation_paiements: ImputationPaiements | None = Field(
        None, description="imputation des paiements postérieurs au titre convenue avec le créancier ; défaut (None) : "
        "C. civ. 1343-1, les intérêts d'abord (contrat.imputation_paiements ne vaut que pour les factures)"
    )


# ---------------------------------------------------------------- dispute


class ObjetContestation(str, Enum):
    existence = "existence"
    montant = "montant"
    qualite_prestation = "qualite_prestation"
    autre = "autre"


class Contestation(_Model):
    """The debtor disputes the claim ("payer ou contester")."""

    date: IsoDate
    objet: ObjetContestation = ObjetContestation.autre
    serieuse: bool | None = Field(None, description="None = inconnu (appréciation du juge)")
    montant_conteste: Montant | None = None


# ---------------------------------------------------------------- guarantees (C. civ. 2288 ff.)


class TypeGarantie(str, Enum):
    cautionnement = "cautionnement"
    garantie_autonome = "garantie_autonome"
    hypotheque = "hypotheque"
    nantissement = "nantissement"
    autre = "autre"


class Garant(_Model):
    nom: str | None = None
    personne_physique: bool = True


class InformationsGarant(_Model):
    """When the guarantor was informed (C. civ. 2302, 2303)."""

    premier_incident: IsoDate | None = None
    annuelles: tuple[IsoDate, ...] = ()


class Garantie(_Model):
    type: TypeGarantie
    garant: Garant = Garant()
    date: IsoDate
    montant_maximum: Montant | None = None
    solidaire: bool = False
    factures: tuple[str, ...] = Field((), description="numéros des factures garanties ; vide = toutes")
    informations: InformationsGarant = InformationsGarant()
    disproportion_manifeste: bool | None = Field(
        None, description="l'engagement de la caution personne physique était, lors de sa conclusion, manifestement "
        "disproportionné à ses biens et revenus (C. civ. 2300 ; C. conso. L332-1 et L343-4 anciens) ; inconnu par défaut")
    patrimoine_suffisant_a_l_appel: bool | None = Field(
        None, description="cautionnement conclu avant 2022 : le patrimoine de la caution lui permet, au moment où elle "
        "est appelée, de faire face à son obligation (C. conso. L332-1 ancien ; preuve à la charge du créancier)")
    montant_proportionne: Montant | None = Field(
        None, description="cautionnement conclu depuis 2022 et disproportionné : montant à hauteur duquel la caution "
        "pouvait s'engager lors de sa conclusion (C. civ. 2300)")
    etablissement_de_credit: bool = Field(
        False, description="le créancier est un établissement de crédit ou une société de financement et la dette "
        "garantie un concours financier à une entreprise (C. civ. 2302 al. 3 ; CMF L313-22 avant 2022)")


# ---------------------------------------------------------------- payment plan


class Echeance(_Model):
    date: IsoDate
    montant: Montant


class Echeancier(_Model):
    """An agreed payment plan: an acknowledgement of the debt (C. civ. 2240)."""

    date_accord: IsoDate
    echeances: tuple[Echeance, ...] = Field(min_length=1)
    clause_decheance_du_terme: bool = False
    ecrit: bool = Field(True, description="accord écrit (preuve de la reconnaissance)")
    factures: tuple[str, ...] = Field((), description="numéros des factures que le plan reconnaît ; vide = toutes")
    dispense_mise_en_demeure: bool = Field(
        False, description="la clause dispense expressément et sans équivoque de mise en demeure avant la déchéance "
        "du terme (Cass. 1re civ., 22 juin 2017, n° 16-18.418)")
    preavis_decheance_jours: int | None = Field(
        None, ge=0, le=365, description="délai laissé au débiteur par la mise en demeure avant la déchéance du terme")


class TauxLegalFourni(_Model):
    """The two legal interest rates of one half-year (CMF L313-2, D313-1-A), in %."""

    creancier_particulier: TauxAnnuel | None = None
    autres_cas: TauxAnnuel | None = None


class TauxFournis(_Model):
    """Rates the user supplies for periods the shipped tables do not cover yet (never guessed).

    Keys are the first day of the half-year the rate applies to (1 January or 1 July): the ECB rate
    on that day (C. com. L441-10 II) and the legal rates fixed by arrêté for that half-year.
    """

    bce: dict[IsoDate, TauxAnnuel] = {}
    interet_legal: dict[IsoDate, TauxLegalFourni] = {}

    @model_validator(mode="after")
    def _half_year_starts(self) -> TauxFournis:
        for name, table in (("bce", self.bce), ("interet_legal", self.interet_legal)):
            for day in table:
                if (day.month, day.day) not in ((1, 1), (7, 1)):
                    raise ValueError(
                        f"taux_fournis.{name} : la clé {day.isoformat()} doit être un début de semestre "
                        "(1er janvier ou 1er juillet)"
                    )
        return self


class Dossier(_Model):
    """One creditor, one debtor, one or more invoices, and what happened (SPEC §1)."""

    reference: str | None = None
    creancier: Creancier
    debiteur: Debiteur
    contrat: Contrat = Contrat()
    factures: tuple[Facture, ...] = Field(min_length=1)
    paiements: tuple[Paiement, ...] = ()
    evenements: tuple[Evenement, ...] = ()
    dettes_du_creancier: tuple[DetteDuCreancier, ...] = ()
    biens_detenus: tuple[BienDetenu, ...] = ()
    procedure_collective: ProcedureCollective | None = None
    titres: tuple[Titre, ...] = ()
    contestation: Contestation | None = None
    garanties: tuple[Garantie, ...] = ()
    echeancier: Echeancier | None = None
    taux_marge: TauxAnnuel | None = Field(
        None, description="marge du créancier en %, pour le chiffre d'affaires compensatoire"
    )
    taux_fournis: TauxFournis = Field(
        TauxFournis(), description="taux des semestres absents des tables livrées (défaut : aucun)"
    )

    @model_validator(mode="after")
    def _cross_references(self) -> Dossier:
        numeros = [f.numero for f in self.factures]
        seen: set[str] = set()
        for i, numero in enumerate(numeros):
            if numero in seen:
                raise ValueError(f"factures[{i}].numero : numéro « {numero} » en double")
            seen.add(numero)
        for i, p in enumerate(self.paiements):
            if p.facture is not None and p.facture not in seen:
                raise ValueError(
                    f"paiements[{i}].facture : aucune facture numéro « {p.facture} » dans le dossier"
                )
        for i, e in enumerate(self.evenements):
            for j, ref in enumerate(e.factures):
                if ref not in seen:
                    raise ValueError(
                        f"evenements[{i}].factures[{j}] : aucune facture numéro « {ref} » dans le dossier"
                    )
        plans = (self.echeancier,) if self.echeancier is not None else ()
        for field, items in (("titres", self.titres), ("garanties", self.garanties), ("echeancier", plans)):
            for i, item in enumerate(items):
                for j, ref in enumerate(item.factures):
                    if ref not in seen:
                        where = field if field == "echeancier" else f"{field}[{i}]"
                        raise ValueError(
                            f"{where}.factures[{j}] : aucune facture numéro « {ref} » dans le dossier"
                        )
        total = _total_amounts(self)
        if total > TOTAL_MAX:
            raise ValueError(
                f"factures : la somme des montants du dossier ({total}) dépasse 1 000 000 000 000 € (10^12)"
            )
        for i, f in enumerate(self.factures):
            if f.date_echeance is not None and f.date_echeance < f.date_emission:
                raise ValueError(
                    f"factures[{i}].date_echeance : antérieure à la date d'émission ({f.date_emission})"
                )
            if f.date_reception is not None and f.date_reception < f.date_emission:
                raise ValueError(
                    f"factures[{i}].date_reception : antérieure à la date d'émission ({f.date_emission})"
                )
        for i, t in enumerate(self.titres):
            for name in ("date_signification", "appel"):
                later = getattr(t, name)
                if later is not None and later < t.date:
                    raise ValueError(f"titres[{i}].{name} : antérieure à la date du titre ({t.date})")
            if t.date_introduction_instance is not None and t.date_introduction_instance > t.date:
                raise ValueError(f"titres[{i}].date_introduction_instance : postérieure à la date du titre ({t.date})")
        return self


def _total_amounts(model: Any) -> Decimal:
    """The sum of every amount in the dossier (it bounds every sum the rules derive); rates excluded."""
    total = Decimal(0)
    stack = [model]
    while stack:
        node = stack.pop()
        if isinstance(node, Decimal):
            total += node
        elif isinstance(node, BaseModel):
            fields = node.__dict__
            stack.extend([fields[name] for name in _fields_with_amounts(type(node))])
        elif isinstance(node, (tuple, list)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return total


_WITH_AMOUNTS: dict[type, tuple[str, ...]] = {}
_NO_AMOUNT = (str, date, int, Enum, type(None))  # what the walk above steps over (bool is an int)


def _fields_with_amounts(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold an amount, in declaration order: all but the rates (``taux…``) and those
    whose type admits only scalars without amount. Exact: a validated field holds a value of its type, and the
    walk meets the remaining values in the same order, so the sum adds the same amounts in the same order."""
    names = _WITH_AMOUNTS.get(cls)
    if names is None:
        names = _WITH_AMOUNTS[cls] = tuple(name for name, info in cls.model_fields.items()
                                           if not name.startswith("taux") and not _without_amount(info.annotation))
    return names


def _without_amount(annotation: Any) -> bool:
    """Whether a value of this type is certainly a scalar that holds no amount (else: walked, to be safe)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _without_amount(args[0])
    if origin in (Union, UnionType):
        return all(_without_amount(a) for a in args)
    if origin is Literal:
        return all(isinstance(a, (str, int, Enum)) or a is None for a in args)
    if origin in (tuple, list, set, frozenset):
        return all(a is Ellipsis or _without_amount(a) for a in args) and bool(args)
    return (origin is None and isinstance(annotation, type) and issubclass(annotation, _NO_AMOUNT)
            and not issubclass(annotation, Decimal))
