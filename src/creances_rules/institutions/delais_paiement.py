"""Délais de paiement entre professionnels lus sur chaque facture : plafond légal et mentions de la facture.

Ce module compare l'échéance de chaque facture (portée par la facture, ou tirée du délai convenu au
contrat et de son point de départ) au plafond de C. com. L441-10 I — soixante jours à compter de
l'émission de la facture, ou quarante-cinq jours fin de mois s'ils sont expressément stipulés — et
relève, facture par facture, les mentions de L441-9 qui manquent. Il ne qualifie rien : les règles de
``rules/penalites_l441_10.yaml`` (plafond) et ``rules/facturation_l441_9.yaml`` (mentions) disent quand
le constat tient et entre qui.

Deux choix, dits dans chaque résultat :

* « 45 jours fin de mois » se compte de deux façons admises par la DGCCRF (émission + 45 jours puis fin
  de ce mois, ou fin du mois d'émission + 45 jours) ; le plafond retenu est la plus tardive des deux, et
  jamais moins de soixante jours après l'émission, qui restent permis : la bibliothèque ne dit excessif
  que ce qui l'est dans toutes les lectures.
* Le plafond se compte de l'émission de la facture, quel que soit le point de départ convenu
  (``contrat.delai_paiement.depart``) : un délai « à réception » ou « à livraison » est excessif dès que
  l'échéance qu'il donne dépasse le plafond compté de l'émission.

Références : C. com., art. L441-9 (ord. n° 2019-359), L441-10 I, L441-16 ; ancien art. L441-6.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from .._base.formatting import fmt
from .calculators import Computed, Context, calculator
from .derive import Derivation, InvoiceState, declare_fact, provider
from ..models.dossier import Dossier, Facture, MentionFacture
from .vocabulary import FactType

__all__ = ["plafond_l441_10", "factures_au_dela_du_plafond", "mentions_manquantes"]

# Plafonds de 60 jours et de 45 jours fin de mois : loi LME (n° 2008-776), depuis le 1er janvier 2009,
# repris par L441-10 I (ordonnance n° 2019-359, 26 avril 2019).
DEBUT_PLAFONDS = date(2009, 1, 1)
ENTREE_EN_VIGUEUR_L441_9 = date(2019, 4, 26)
# Adresse de facturation et numéro de bon de commande : mentions exigées des factures émises à compter
# du 1er octobre 2019 (ordonnance n° 2019-359, lue en commentaire).
NOUVELLES_MENTIONS_2019 = date(2019, 10, 1)

_MENTIONS: dict[MentionFacture, str] = {
    MentionFacture.parties: "le nom et l'adresse des parties",
    MentionFacture.date_vente_ou_prestation: "la date de la vente ou de la prestation",
    MentionFacture.quantite_denomination_prix: "la quantité, la dénomination précise et le prix unitaire hors TVA",
    MentionFacture.date_de_reglement: "la date à laquelle le règlement doit intervenir",
    MentionFacture.taux_des_penalites: "le taux des pénalités exigibles le jour suivant la date de règlement",
    MentionFacture.indemnite_forfaitaire: "le montant de l'indemnité forfaitaire pour frais de recouvrement",
}
# Mentions dues seulement dans certains cas : absentes de la liste, elles sont « à vérifier ».
_MENTIONS_SI_APPLICABLE: dict[MentionFacture, str] = {
    MentionFacture.adresse_de_facturation: "l'adresse de facturation, si elle diffère de l'adresse des parties",
    MentionFacture.numero_bon_de_commande: "le numéro du bon de commande, s'il a été établi par l'acheteur",
    MentionFacture.reductions_de_prix: "toute réduction de prix acquise à la date de la vente",
    MentionFacture.conditions_d_escompte: "les conditions d'escompte en cas de paiement anticipé (sauf paiement "
                                          "comptant prévu)",
}

declare_fact("delai_paiement.factures_au_dela_du_plafond", FactType.int,
             "factures dont l'échéance (portée par la facture ou tirée du délai convenu) dépasse le plafond de "
             "L441-10 I compté de leur émission", depends_on=("terme_suppletif_jours",))
declare_fact("factures.date_derniere_emission", FactType.date,
             "date d'émission de la dernière facture émise au plus tard à la date d'évaluation")
declare_fact("factures_mentions_manquantes", FactType.int,
             "factures émises depuis le 26 avril 2019 auxquelles manque une mention obligatoire de L441-9 "
             "(date de règlement comprise)")


# --------------------------------------------------------------------------------------- plafond


def plafond_l441_10(emission: date, fin_de_mois_stipule: bool = False) -> tuple[date, str]:
    """Dernier jour d'échéance permis pour une facture émise le ``emission``, et comment il est compté.

    Soixante jours à compter de l'émission ; si « 45 jours fin de mois » est expressément stipulé, la plus
    tardive des deux méthodes de calcul (émission + 45 jours puis fin de mois ; fin du mois d'émission +
    45 jours), sans jamais descendre sous les soixante jours.

    Références : C. com., art. L441-10 I (ancien L441-6 I al. 9).
    """
    soixante = emission + timedelta(days=60)
    if not fin_de_mois_stipule:
        return soixante, f"60 jours après l'émission du {fmt(emission)} : {fmt(soixante)}"
    methode_1 = (emission + timedelta(days=45)) + relativedelta(day=31)
    methode_2 = (emission + relativedelta(day=31)) + timedelta(days=45)
    plafond = max(soixante, methode_1, methode_2)
    return plafond, (f"45 jours fin de mois stipulés, émission du {fmt(emission)} : {fmt(methode_1)} (émission + 45 "
                     f"jours, puis fin de mois) ou {fmt(methode_2)} (fin du mois d'émission + 45 jours) ; 60 jours : "
                     f"{fmt(soixante)} ; la plus tardive, {fmt(plafond)}, est retenue")


def _echeance_de_la_facture(s: InvoiceState) -> bool:
    # Une échéance supposée (terme supplétif) n'est pas un délai convenu : elle ne se compare pas au plafond.
    return not s.supposee


def factures_au_dela_du_plafond(dossier: Dossier, invoices: list[InvoiceState]) -> list[dict[str, Any]]:
    """Les factures dont l'échéance convenue dépasse le plafond légal compté de leur émission (détail par facture)."""
    fdm = bool(dossier.contrat.delai_paiement and dossier.contrat.delai_paiement.fin_de_mois)
    out = []
    for s in invoices:
        f = s.facture
        if f.date_emission < DEBUT_PLAFONDS or not _echeance_de_la_facture(s):
            continue
        plafond, comment = plafond_l441_10(f.date_emission, fdm)
        if s.date_exigibilite > plafond:
            out.append({
                "facture": f.numero,
                "date_emission": f.date_emission,
                "date_echeance": s.date_exigibilite,
                "fondement_echeance": s.base_exigibilite,
                "jours_apres_emission": (s.date_exigibilite - f.date_emission).days,
                "plafond": plafond,
                "calcul_plafond": comment,
                "depassement_jours": (s.date_exigibilite - plafond).days,
            })
    return out


# --------------------------------------------------------------------------------------- mentions


def mentions_manquantes(f: Facture) -> tuple[list[str], list[str]]:
    """Ce qui manque à la facture au regard de L441-9 : (mentions obligatoires absentes, mentions à vérifier).

    Sans liste de mentions (``mentions_l441_9`` inconnu), seule la date de règlement est vérifiée, sur
    ``date_echeance``. Factures émises avant le 26 avril 2019 (ancien L441-3) : non vérifiées.
    """
    if f.date_emission < ENTREE_EN_VIGUEUR_L441_9:
        return [], []
    portees = set(f.mentions_l441_9 or ())
    if f.date_echeance is not None:
        portees.add(MentionFacture.date_de_reglement)
    if f.mentions_l441_9 is None:
        manque = [] if MentionFacture.date_de_reglement in portees else [_MENTIONS[MentionFacture.date_de_reglement]]
        return manque, []
    manque = [texte for m, texte in _MENTIONS.items() if m not in portees]
    a_verifier = [texte for m, texte in _MENTIONS_SI_APPLICABLE.items() if m not in portees
                  and not (m in (MentionFacture.adresse_de_facturation, MentionFacture.numero_bon_de_commande)
                           and f.date_emission < NOUVELLES_MENTIONS_2019)]
    return manque, a_verifier


# --------------------------------------------------------------------------------------- providers


@provider("base")
def _faits_mentions(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    emises = [f.date_emission for f in dossier.factures if f.date_emission <= as_of]
    derivation.facts["factures.date_derniere_emission"] = max(emises) if emises else None
    derivation.facts["factures_mentions_manquantes"] = sum(
        1 for f in dossier.factures if f.date_emission <= as_of and mentions_manquantes(f)[0])


@provider("qualified")
def _faits_plafond(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    invoices = [s for s in derivation.invoices if s.facture.date_emission <= as_of]
    derivation.facts["delai_paiement.factures_au_dela_du_plafond"] = len(factures_au_dela_du_plafond(dossier, invoices))


# --------------------------------------------------------------------------------------- calculateurs

_AMENDE_L441_16 = (
    "Le non-respect des délais de paiement est passible d'une amende administrative d'au plus 75 000 € pour une "
    "personne physique et 2 000 000 € pour une personne morale, portée à 150 000 € et 4 000 000 € en cas de "
    "réitération dans les deux ans (C. com. art. L441-16, version du 1er novembre 2021)."
)


@calculator("delais_paiement_excessifs")
def delais_paiement_excessifs(ctx: Context, jours: int | None = None, fin_de_mois: bool | None = False,
                              ancien_l441_6: bool = False) -> Computed | None:
    """Le délai convenu au contrat et l'échéance de chaque facture, comparés au plafond légal (détail par facture)."""
    article = "C. com. art. L441-6 ancien, repris à L441-10 I" if ancien_l441_6 else "C. com. art. L441-10 I"
    parts: list[str] = []
    contrat: dict[str, Any] | None = None
    if jours is not None and ((fin_de_mois and jours > 45) or (not fin_de_mois and jours > 60)):
        plafond = "45 jours fin de mois" if fin_de_mois else "60 jours à compter de la date d'émission de la facture"
        convenu = f"{jours} jours{' fin de mois' if fin_de_mois else ''}"
        parts.append(f"Délai de paiement convenu au contrat de {convenu} : au-delà du plafond de {plafond} ({article} ; "
                     "45 jours fin de mois seulement si c'est expressément stipulé et ne constitue pas un abus "
                     "manifeste à l'égard du créancier).")
        contrat = {"jours_convenus": jours, "fin_de_mois": bool(fin_de_mois), "plafond_jours": 45 if fin_de_mois else 60}
    invoices = [s for s in ctx.derivation.invoices if s.facture.date_emission <= ctx.as_of]
    factures = factures_au_dela_du_plafond(ctx.dossier, invoices)
    if factures:
        liste = "; ".join(f"{d['facture']} : échéance du {fmt(d['date_echeance'])}, {d['jours_apres_emission']} jours "
                          f"après l'émission, plafond au {fmt(d['plafond'])}" for d in factures)
        parts.append(f"Échéance au-delà du plafond légal compté de l'émission ({article}) : {liste}.")
    if not parts:
        return None
    basis = " ".join([*parts, _AMENDE_L441_16])
    return Computed(True, basis=basis,
                    details={"contrat": contrat, "factures": factures,
                             # Ancienne forme du détail (un seul délai convenu), gardée pour les applications.
                             **(contrat or {})},
                    assumptions=["Les échéances retenues restent celles qui résultent de la facture ou du délai "
                                 "convenu ; la bibliothèque ne dit pas si les pénalités courent dès l'expiration du "
                                 "plafond légal.",
                                 "Le plafond se compte de l'émission de la facture, quel que soit le point de départ "
                                 "convenu (réception, livraison).",
                                 "Délais sectoriels (L441-11) et facture périodique (45 jours) non examinés."])


@calculator("mentions_facture_manquantes")
def mentions_facture_manquantes(ctx: Context) -> Computed | None:
    """Facture par facture, les mentions obligatoires de L441-9 qui manquent (et celles à vérifier)."""
    details = []
    for f in ctx.dossier.factures:
        if f.date_emission > ctx.as_of:
            continue
        manque, a_verifier = mentions_manquantes(f)
        if manque:
            details.append({"facture": f.numero, "manquantes": manque, "a_verifier": a_verifier,
                            "mentions_connues": f.mentions_l441_9 is not None})
    if not details:
        return None
    basis = ("Mentions obligatoires de la facture absentes (C. com. art. L441-9) : "
             + "; ".join(f"{d['facture']} : {', '.join(d['manquantes'])}" for d in details)
             + ". Manquement passible d'une amende administrative d'au plus 75 000 € (personne physique) et 375 000 € "
               "(personne morale), doublée en cas de réitération dans les deux ans. Les pénalités et l'indemnité "
               "restent exigibles de plein droit à l'échéance malgré une erreur de facturation.")
    assumptions = []
    if any(not d["mentions_connues"] for d in details):
        assumptions.append("Sans la liste des mentions portées (mentions portées sur chaque facture), seule la date de "
                           "règlement est vérifiée, d'après la date d'échéance de la facture.")
    return Computed(len(details), basis=basis, details=details, assumptions=assumptions)
