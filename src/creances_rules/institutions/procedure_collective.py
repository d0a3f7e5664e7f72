"""Procédure collective du débiteur : faits et délais (arrêt des poursuites, déclaration, relevé de forclusion).

Ce module ne qualifie rien : il lit le dossier (bloc ``procedure_collective``, événements) et calcule des
dates avec `creances_rules.delais.fin_de_delai`. Les durées (deux mois, six mois…) sont fixées par les
règles de qualification de ``rules/procedure_collective.yaml`` (faits ``delai_*_mois``), avec leurs
citations ; les dates limites en découlent.

Délais de déclaration de créance (C. com. R622-24) et de relevé de forclusion (L622-26) : il n'est pas
établi que la prorogation de l'art. 642 CPC (samedi, dimanche, jour férié) s'y applique. La date nominale,
qui n'est jamais postérieure à la date prorogée, est retenue comme date limite (lecture prudente pour le
créancier) ; la date prorogée sert seulement à dire jusqu'à quand l'acte *peut encore* être utile.

Références : C. com., art. L622-21, L622-24, R622-24, L622-26 ; CPC, art. 640 à 642. Sources lues : voir
``rules/procedure_collective.yaml`` (champ ``sources`` des citations) et ``/work/shared/legal/reference.md`` § 10.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..law import delais
from .._base.formatting import euros, fmt
from .calculators import Computed, Context, calculator, coded_warning
from .derive import Derivation, declare_fact, evenements_du_type as _events, premiere_date as _first, provider
from ..models.dossier import Dossier, Evenement, Facture, TypeEvenement
from .vocabulary import FactType
from . import montants_dus as md
from .decompte import calculer_decompte, factures_non_reclamables

__all__ = ["fin_de_delai_sans_prorogation"]

# ----------------------------------------------------------------------------- faits : procédure collective

declare_fact("procedure_collective.type", FactType.enum, "type de la procédure collective ouverte",
             choices=("sauvegarde", "redressement", "liquidation"), origin="dossier")
declare_fact("procedure_collective.creancier_hors_metropole", FactType.bool,
             "le créancier ne demeure pas en France métropolitaine (C. com. R622-24 al. 2)", origin="dossier")
declare_fact("date_ouverture_procedure_collective", FactType.date,
             "date du jugement d'ouverture (dossier, sinon événement procedure_collective_ouverte)")
declare_fact("date_publication_bodacc", FactType.date,
             "date de publication du jugement d'ouverture au BODACC (dossier, sinon événement « publication au BODACC »)")
declare_fact("date_declaration_creance", FactType.date, "date de la première déclaration de créance")
declare_fact("delai_declaration_creance_mois", FactType.int,
             "délai de déclaration de la créance, en mois depuis la publication au BODACC", origin="qualification")
declare_fact("delai_releve_forclusion_mois", FactType.int,
             "délai de l'action en relevé de forclusion, en mois depuis la publication au BODACC",
             origin="qualification")
declare_fact("date_limite_declaration_creance", FactType.date,
             "dernier jour pour déclarer la créance, date nominale sans prorogation (lecture prudente)",
             depends_on=("delai_declaration_creance_mois",))
declare_fact("date_limite_declaration_creance_prorogee", FactType.date,
             "dernier jour pour déclarer si la prorogation de l'art. 642 CPC s'applique",
             depends_on=("delai_declaration_creance_mois",))
declare_fact("date_limite_releve_forclusion", FactType.date,
             "dernier jour pour demander le relevé de forclusion, date nominale (lecture prudente)",
             depends_on=("delai_releve_forclusion_mois",))
declare_fact("date_limite_releve_forclusion_prorogee", FactType.date,
             "dernier jour pour demander le relevé de forclusion si l'art. 642 CPC s'applique",
             depends_on=("delai_releve_forclusion_mois",))


@provider("base")
def _faits_procedure_collective(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    """Dates of the collective proceeding as of the assessment date (None when unknown or later)."""
    facts = derivation.facts
    pc = dossier.procedure_collective
    if pc is not None and pc.date_jugement > as_of:
        pc = None
    opened = pc.date_jugement if pc else _first(_events(dossier, as_of, TypeEvenement.procedure_collective_ouverte))
    facts["procedure_collective.type"] = pc.type.value if pc else None
    facts["procedure_collective.creancier_hors_metropole"] = pc.creancier_hors_metropole if pc else None
    facts["date_ouverture_procedure_collective"] = opened
    bodacc = pc.date_publication_bodacc if pc and pc.date_publication_bodacc and pc.date_publication_bodacc <= as_of else None
    if bodacc is None and opened is not None:
        bodacc = _first(_events(dossier, as_of, TypeEvenement.publication_bodacc), opened)
    facts["date_publication_bodacc"] = bodacc
    facts["date_declaration_creance"] = (
        _first(_events(dossier, as_of, TypeEvenement.declaration_creance), opened) if opened else None
    )


@provider("qualified")
def _dates_limites_procedure_collective(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    """Last days to declare and to ask for relief, nominal and CPC 642-extended (None when unknown)."""
    facts = derivation.facts
    dep = dossier.debiteur.departement
    bodacc = facts.get("date_publication_bodacc")
    for prefix, months in (("date_limite_declaration_creance", facts.get("delai_declaration_creance_mois")),
                           ("date_limite_releve_forclusion", facts.get("delai_releve_forclusion_mois"))):
        if bodacc is not None and months:
            result = delais.fin_de_delai(bodacc, mois=months, departement=dep)
            facts[prefix], facts[prefix + "_prorogee"] = result.date_nominale, result.date
        else:
            facts[prefix] = facts[prefix + "_prorogee"] = None


# ----------------------------------------------------------------------------- calculs


@calculator("fin_de_delai_sans_prorogation")
def fin_de_delai_sans_prorogation(ctx: Context, depart: date | None, mois: int | None) -> Computed | None:
    """Nominal last day of a délai in months (CPC 640-641), without the CPC 642 extension, and why.

    For délais whose extension by CPC 642 is not settled (déclaration de créance, relevé de forclusion):
    the nominal date is never later than the extended one, so keeping it is the safe reading.
    Références : CPC, art. 640 à 642 ; C. com., art. R622-24, L622-26.
    """
    if depart is None or not mois:
        return None
    result = delais.fin_de_delai(depart, mois=mois, departement=ctx.departement)
    nominale = result.date_nominale
    steps = [s for s in result.explication if "art. 642 al. 2" not in s]
    if result.date != nominale:
        choice = (
            f"Le {delais.date_en_toutes_lettres(nominale)} n'est pas un jour ouvrable : si la prorogation de "
            f"l'art. 642 CPC s'applique à ce délai, il expire le {delais.date_en_toutes_lettres(result.date)}. "
            "Il n'est pas établi qu'elle s'applique : la date nominale est retenue par prudence, car elle "
            "n'est jamais postérieure à la date prorogée."
        )
        warnings = [
            f"Délai expirant nominalement le {delais.date_en_toutes_lettres(nominale)}, jour non ouvrable : "
            "l'application de la prorogation de l'art. 642 CPC à ce délai n'est pas établie ; agir au plus "
            f"tard le {nominale.strftime('%d/%m/%Y')} (lecture prudente), plutôt que le "
            f"{result.date.strftime('%d/%m/%Y')}."
        ]
    else:
        choice = (
            "Il n'est pas établi que la prorogation de l'art. 642 CPC s'applique à ce délai ; elle serait ici "
            "sans effet, ce jour étant ouvrable. La date nominale est retenue (lecture prudente)."
        )
        warnings = []
    return Computed(nominale, basis=" ".join([*steps, choice]), details=None, warnings=warnings,
                    citations=["cpc_640", "cpc_641", "cpc_642"])


# ============================================================================ créance par créance
#
# Chaque facture est rattachée à la procédure par son fait générateur : la livraison ou l'exécution de la
# prestation, à défaut l'émission de la facture (hypothèse dite dans le résultat). Née avant le jugement
# d'ouverture, elle est déclarée (L622-24), échue ou non (L622-25) ; née après, elle est payée à son échéance
# et privilégiée si elle remplit les critères de L622-17 I (L641-13 I en liquidation), qui ne sont lus ici
# que par leur critère chronologique (pendant la période d'observation, ou la liquidation) : les autres
# (régularité, besoins de la procédure, prestation fournie au débiteur) sont supposés et signalés.

declare_fact("procedure_collective.fin_periode_observation", FactType.date,
             "fin de la période d'observation (C. com. L622-17 IV)", origin="dossier")
declare_fact("procedure_collective.motif_cloture", FactType.enum, "motif de la clôture de la procédure",
             choices=("extinction_du_passif", "insuffisance_d_actif"), origin="dossier")
declare_fact("date_cloture_procedure_collective", FactType.date,
             "date du jugement de clôture de la procédure (connue à la date d'évaluation)")
declare_fact("contrat.clause_reserve_de_propriete", FactType.bool,
             "clause de réserve de propriété (C. com. L624-16)", origin="dossier")
declare_fact("creancier.tva_sur_les_debits", FactType.bool,
             "option du créancier pour la TVA exigible sur les débits (CGI 269, 2, c)", origin="dossier")
declare_fact("procedure_collective.factures_anterieures", FactType.int,
             "factures nées avant le jugement d'ouverture et impayées à cette date", depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_posterieures_privilegiees", FactType.int,
             "factures nées après le jugement d'ouverture, supposées relever de L622-17 I / L641-13 I, restant dues",
             depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_posterieures_impayees_a_l_echeance", FactType.int,
             "parmi elles, factures échues et impayées à la date d'évaluation", depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_posterieures_hors_observation", FactType.int,
             "factures nées après la fin de la période d'observation, restant dues", depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_nees_le_jour_du_jugement", FactType.int,
             "factures dont le fait générateur tombe le jour même du jugement d'ouverture")
declare_fact("procedure_collective.factures_biens_revendicables", FactType.int,
             "factures de biens nées avant le jugement, impayées à cette date, biens en nature ou état inconnu",
             depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_biens_en_nature_inconnue", FactType.int,
             "parmi elles, factures dont on ignore si les biens étaient encore en nature à l'ouverture",
             depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_biens_plus_en_nature", FactType.int,
             "factures de biens impayées dont les biens n'étaient plus en nature à l'ouverture",
             depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_tva_recuperable", FactType.int,
             "factures antérieures impayées dont la TVA a été acquittée (biens, ou services avec option débits)",
             depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_tva_montant_inconnu", FactType.int,
             "parmi elles, factures dont le montant de TVA n'est pas renseigné", depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_tva_sur_encaissements", FactType.int,
             "factures de services impayées sans option débits : TVA non exigible faute d'encaissement",
             depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.factures_tva_nature_inconnue", FactType.int,
             "factures antérieures impayées de nature non précisée (biens ou services) : TVA à vérifier",
             depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.montant_creances_posterieures_impayees", FactType.money,
             "créances postérieures supposées privilégiées, échues et impayées, principal et accessoires selon le "
             "décompte : ce qu'il faut signaler",
             depends_on=("terme_suppletif_jours",))
declare_fact("procedure_collective.tva_recuperable", FactType.money,
             "TVA comprise dans la part impayée des factures antérieures dont la taxe a été acquittée (montants connus)",
             depends_on=("terme_suppletif_jours",))
declare_fact("delai_revendication_mois", FactType.int,
             "délai de revendication des meubles, en mois depuis la publication du jugement", origin="qualification")
declare_fact("delai_signalement_creance_posterieure_mois", FactType.int,
             "délai pour porter une créance postérieure impayée à la connaissance des organes, en mois",
             origin="qualification")
declare_fact("depart_signalement_creance_posterieure", FactType.enum,
             "point de départ de ce délai : fin de la période d'observation (L622-17 IV) ou publication du "
             "jugement de liquidation (L641-13 III)", choices=("fin_periode_observation", "publication_jugement"),
             origin="qualification")
declare_fact("date_depart_signalement_creance_posterieure", FactType.date,
             "date de départ de ce délai", depends_on=("depart_signalement_creance_posterieure",))
for _prefix, _what, _dep in (
        ("date_limite_revendication", "revendiquer les biens vendus avec réserve de propriété",
         "delai_revendication_mois"),
        ("date_limite_signalement_creance_posterieure", "porter la créance postérieure impayée à la connaissance "
         "des organes de la procédure", "delai_signalement_creance_posterieure_mois")):
    declare_fact(_prefix, FactType.date, f"dernier jour pour {_what}, date nominale (lecture prudente)",
                 depends_on=(_dep, "depart_signalement_creance_posterieure"))
    declare_fact(_prefix + "_prorogee", FactType.date, f"dernier jour pour {_what} si l'art. 642 CPC s'applique",
                 depends_on=(_dep, "depart_signalement_creance_posterieure"))
declare_fact("date_limite_recuperation_tva", FactType.date,
             "31 décembre de la deuxième année suivant le jugement de liquidation (lecture prudente)")
declare_fact("date_limite_recuperation_tva_cloture", FactType.date,
             "31 décembre de la deuxième année suivant la clôture pour insuffisance d'actif (lecture la plus tardive)")

_ZERO = Decimal("0.00")
_CENT = Decimal("0.01")


def _liste(numeros: Any) -> str:
    return ", ".join(numeros)


@dataclass(frozen=True)
class CreanceEnProcedure:
    """Une facture au regard de la procédure collective : née avant ou après le jugement, et ce qui en reste dû."""

    numero: str
    montant_ttc: Decimal
    nature: str | None
    fait_generateur: date
    base_fait_generateur: str  # livraison / exécution / émission (supposé)
    anterieure: bool  # née avant le jugement (ou le jour même : traitée comme antérieure, par prudence)
    meme_jour: bool
    date_exigibilite: date
    reste_du: Decimal  # à la date d'évaluation
    reste_du_a_l_ouverture: Decimal | None  # pour les antérieures : restant dû à la veille du jugement
    pendant_observation: bool | None  # postérieures : née pendant la période d'observation (None : inconnu)
    montant_tva: Decimal | None
    en_nature_a_l_ouverture: bool | None


def fait_generateur(f: Facture) -> tuple[date, str]:
    """Le fait générateur d'une facture : livraison, sinon exécution, sinon émission (supposée).

    Références : C. com., art. L622-24 (créance « née antérieurement au jugement d'ouverture »), L622-17 I.
    La jurisprudence retient le fait générateur (la prestation), non l'exigibilité ni la facturation.
    """
    if f.date_livraison is not None:
        return f.date_livraison, "livraison"
    if f.date_execution is not None:
        return f.date_execution, "exécution de la prestation"
    return f.date_emission, "émission de la facture (date de livraison ou d'exécution inconnue)"


def creances_en_procedure(dossier: Dossier, as_of: date, derivation: Derivation) -> list[CreanceEnProcedure]:
    """Chaque facture rattachée à la procédure ouverte à la date d'évaluation ([] sans procédure ouverte)."""
    cache = getattr(derivation, "_creances_en_procedure", None)
    if cache is not None and cache[0] == as_of:
        return cache[1]
    ouverture = derivation.facts.get("date_ouverture_procedure_collective")
    if ouverture is None:
        return []
    pc = dossier.procedure_collective
    fin_obs = pc.fin_periode_observation if pc is not None else None
    veille = ouverture - timedelta(days=1)
    avant = _restant_du_a(dossier, derivation, veille)
    out = []
    for s in derivation.invoices:
        f = s.facture
        fg, base = fait_generateur(f)
        anterieure = fg <= ouverture
        pendant = None
        if not anterieure and fin_obs is not None:
            pendant = fg <= fin_obs
        out.append(CreanceEnProcedure(
            numero=f.numero, montant_ttc=f.montant_ttc, nature=f.nature.value if f.nature else None,
            fait_generateur=fg, base_fait_generateur=base, anterieure=anterieure, meme_jour=fg == ouverture,
            date_exigibilite=s.date_exigibilite, reste_du=s.reste_du,
            reste_du_a_l_ouverture=avant.get(f.numero) if anterieure else None, pendant_observation=pendant,
            montant_tva=f.montant_tva, en_nature_a_l_ouverture=f.en_nature_a_l_ouverture,
        ))
    derivation._creances_en_procedure = (as_of, out)  # computed once per evaluation, read by facts and calculators
    return out


@md.arret_des_accessoires_par_facture
def _arret_des_accessoires_l622_28(dossier: Dossier, as_of: date, derivation: Derivation) -> dict[str, date]:
    """C. com. L622-28 : le jugement d'ouverture arrête le cours des intérêts et majorations des créances nées
    avant lui (ou le jour même, lecture prudente de `creances_en_procedure`) : leurs accessoires s'arrêtent à
    la veille, dans le décompte comme dans les constats. Une créance née après (L622-17) n'est pas arrêtée.
    Non modélisé : les exceptions de L622-28 al. 1 (prêts d'un an ou plus, paiement différé d'un an ou plus)."""
    if not derivation.facts.get("procedure_collective_ouverte"):
        return {}
    creances = creances_en_procedure(dossier, as_of, derivation)  # [] without an opening date
    if not creances:
        return {}
    veille = derivation.facts["date_ouverture_procedure_collective"] - timedelta(days=1)
    return {c.numero: veille for c in creances if c.anterieure}


def _restant_du_a(dossier: Dossier, derivation: Derivation, jour: date) -> dict[str, Decimal]:
    """Principal restant dû de chaque facture au soir de ``jour`` (paiements imputés comme dans derive.py)."""
    paid = sorted((p for p in dossier.paiements if p.date <= jour), key=lambda p: p.date)
    reste = {s.facture.numero: s.facture.montant_ttc for s in derivation.invoices}
    libre = _ZERO
    for p in paid:
        if p.facture is not None:
            used = min(p.montant, reste[p.facture])
            reste[p.facture] -= used
            libre += p.montant - used
        else:
            libre += p.montant
    for s in sorted(derivation.invoices, key=lambda s: (s.date_exigibilite, s.facture.numero)):
        used = min(libre, reste[s.facture.numero])
        reste[s.facture.numero] -= used
        libre -= used
    return reste


def _biens(c: CreanceEnProcedure) -> bool:
    return c.nature in (None, "biens")


def _tva_acquittee(c: CreanceEnProcedure, debits: bool) -> bool | None:
    """La TVA de la facture a-t-elle été exigible sans paiement ? Biens : oui ; services : seulement sur les débits.

    Références : CGI, art. 269, 2, a (livraisons de biens : exigibilité à la livraison) et c (prestations de
    services : à l'encaissement, sauf option pour les débits).
    """
    if c.nature == "biens":
        return True
    if c.nature in ("services", "loyer"):
        return debits
    return None  # nature inconnue, prêt (exonéré en principe), autre : à vérifier


@provider("qualified")
def _faits_creances_en_procedure(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    """Counts of invoices by their position in the proceeding, and the deadlines of the claim-by-claim rules."""
    facts = derivation.facts
    pc = dossier.procedure_collective
    opened = facts.get("date_ouverture_procedure_collective")
    facts["procedure_collective.fin_periode_observation"] = pc.fin_periode_observation if pc and opened else None
    cloture = pc.date_cloture if pc and opened and pc.date_cloture and pc.date_cloture <= as_of else None
    facts["date_cloture_procedure_collective"] = cloture
    facts["procedure_collective.motif_cloture"] = pc.motif_cloture.value if cloture and pc.motif_cloture else None
    facts["contrat.clause_reserve_de_propriete"] = dossier.contrat.clause_reserve_de_propriete
    facts["creancier.tva_sur_les_debits"] = dossier.creancier.tva_sur_les_debits
    cs = creances_en_procedure(dossier, as_of, derivation)
    ant = [c for c in cs if c.anterieure and (c.reste_du_a_l_ouverture or 0) > 0]
    post = [c for c in cs if not c.anterieure and c.reste_du > 0]
    priv = [c for c in post if c.pendant_observation is not False]
    biens = [c for c in ant if _biens(c) and c.reste_du > 0]
    debits = dossier.creancier.tva_sur_les_debits
    impayees = [c for c in ant if c.reste_du > 0]
    tva = [c for c in impayees if _tva_acquittee(c, debits)]
    set_ = facts.__setitem__
    set_("procedure_collective.factures_anterieures", len(ant) if opened else None)
    set_("procedure_collective.factures_posterieures_privilegiees", len(priv) if opened else None)
    set_("procedure_collective.factures_posterieures_impayees_a_l_echeance",
         sum(1 for c in priv if c.date_exigibilite < as_of) if opened else None)
    set_("procedure_collective.factures_posterieures_hors_observation",
         sum(1 for c in post if c.pendant_observation is False) if opened else None)
    set_("procedure_collective.factures_nees_le_jour_du_jugement", sum(1 for c in cs if c.meme_jour) if opened else None)
    set_("procedure_collective.factures_biens_revendicables",
         sum(1 for c in biens if c.en_nature_a_l_ouverture is not False) if opened else None)
    set_("procedure_collective.factures_biens_en_nature_inconnue",
         sum(1 for c in biens if c.en_nature_a_l_ouverture is None) if opened else None)
    set_("procedure_collective.factures_biens_plus_en_nature",
         sum(1 for c in biens if c.en_nature_a_l_ouverture is False) if opened else None)
    set_("procedure_collective.factures_tva_recuperable", len(tva) if opened else None)
    set_("procedure_collective.factures_tva_montant_inconnu",
         sum(1 for c in tva if c.montant_tva is None) if opened else None)
    set_("procedure_collective.factures_tva_sur_encaissements",
         sum(1 for c in impayees if _tva_acquittee(c, debits) is False) if opened else None)
    set_("procedure_collective.factures_tva_nature_inconnue",
         sum(1 for c in impayees if _tva_acquittee(c, debits) is None) if opened else None)

    # The post-opening claims run their own penalties or interest (L622-28 stops only the earlier ones): what to
    # report is their part of the one décompte — principal after imputation and accessories.
    echues = [c.numero for c in priv if c.date_exigibilite < as_of]
    montant = calculer_decompte(dossier, as_of, factures=echues, derivation=derivation).total if echues else _ZERO
    set_("procedure_collective.montant_creances_posterieures_impayees", montant if montant > 0 else None)
    total_tva = _tva_par_facture(tva)[0]
    set_("procedure_collective.tva_recuperable", total_tva if total_tva > 0 else None)

    dep = dossier.debiteur.departement
    bodacc = facts.get("date_publication_bodacc")
    _nominale_et_prorogee(facts, "date_limite_revendication", bodacc, facts.get("delai_revendication_mois"), dep)
    depart_kind = facts.get("depart_signalement_creance_posterieure")
    depart = {"fin_periode_observation": facts["procedure_collective.fin_periode_observation"],
              "publication_jugement": bodacc}.get(depart_kind) if depart_kind else None
    facts["date_depart_signalement_creance_posterieure"] = depart
    _nominale_et_prorogee(facts, "date_limite_signalement_creance_posterieure", depart,
                          facts.get("delai_signalement_creance_posterieure_mois"), dep)
    liquidation = opened if facts.get("procedure_collective.type") == "liquidation" else None
    facts["date_limite_recuperation_tva"] = date(liquidation.year + 2, 12, 31) if liquidation else None
    facts["date_limite_recuperation_tva_cloture"] = (
        date(cloture.year + 2, 12, 31)
        if cloture and facts["procedure_collective.motif_cloture"] == "insuffisance_d_actif" else None)


def _nominale_et_prorogee(facts: dict, prefix: str, depart: date | None, months: int | None,
                          departement: str | None) -> None:
    if depart is not None and months:
        result = delais.fin_de_delai(depart, mois=months, departement=departement)
        facts[prefix], facts[prefix + "_prorogee"] = result.date_nominale, result.date
    else:
        facts[prefix] = facts[prefix + "_prorogee"] = None


# ----------------------------------------------------------------------------- le montant à déclarer


@dataclass
class _Decompte:
    """Le montant des créances antérieures arrêté à la veille du jugement, et son détail."""

    total: Decimal
    principal: Decimal
    accessoires: Decimal
    indemnites: Decimal
    lignes: list[dict]
    hypotheses: list[str]
    avertissements: list[str]
    citations: list[str]
    decompte: Any = None  # le décompte unique (DecompteCreance) dont ce montant est la part


def _decompte_anterieur(ctx: Context, numeros: list[str], veille: date) -> _Decompte:
    """Principal, accessoires et indemnités des factures ``numeros``, accessoires arrêtés au soir de ``veille``.

    Lu dans le décompte unique (``institutions.decompte.calculer_decompte``) : une seule computation du montant
    réclamable, dont la déclaration est la part antérieure au jugement. Ce décompte ne
    compte pas le principal des factures non encore échues à la date d'évaluation ; L622-25 veut pourtant
    qu'elles soient déclarées (« sommes à échoir et date de leurs échéances ») : leur principal restant dû est
    ajouté ici, sans accessoire (aucun retard avant le jugement).
    """
    d = calculer_decompte(ctx.dossier, ctx.as_of, factures=numeros, arret_des_accessoires=veille,
                          derivation=ctx.derivation)
    states = {s.facture.numero: s for s in ctx.derivation.invoices}
    par_facture: dict[str, dict] = {}
    for n in numeros:
        s = states[n]
        par_facture[n] = {"facture": n, "date_exigibilite": s.date_exigibilite, "principal": _ZERO,
                          "penalites": _ZERO, "indemnite_forfaitaire": _ZERO}
    for ligne in d.lignes:
        x = par_facture.get(ligne.facture or "")
        if x is None:
            continue
        if ligne.nature == "principal":
            x["principal"] += ligne.montant
        elif ligne.nature == "indemnite_forfaitaire":
            x["indemnite_forfaitaire"] += ligne.montant
        elif ligne.nature != "compensation":
            x["penalites"] += ligne.montant  # pénalités ou intérêts, nets de ce que les paiements en ont payé
    a_echoir = _ZERO
    for n, x in par_facture.items():
        s = states[n]
        if s.date_exigibilite > ctx.as_of and s.reste_du > 0:
            x["principal"] += s.reste_du
            a_echoir += s.reste_du
    lignes = []
    for x in par_facture.values():
        x["statut"] = (f"à échoir le {fmt(x['date_exigibilite'])} (L622-25 : sommes à échoir et date de leurs "
                       "échéances)" if x["date_exigibilite"] > veille else "échue avant le jugement d'ouverture")
        lignes.append(x)
    hypotheses = list(d.hypotheses)
    if a_echoir:
        hypotheses = [h for h in hypotheses if "n'est pas encore réclamable" not in h]
    return _Decompte(d.montant_reclame + a_echoir, d.principal + a_echoir, d.penalites + d.interets + d.clause_penale
                     + d.autres, d.indemnites, lignes, hypotheses, list(d.avertissements), list(d.citations),
                     decompte=d)


@calculator("creance_a_declarer")
def creance_a_declarer(ctx: Context) -> Computed | None:
    """Ce qu'il faut déclarer : les factures nées avant le jugement d'ouverture, accessoires arrêtés à sa veille.

    Références : C. com., art. L622-24 (créances nées antérieurement), L622-25 (montant dû au jour du jugement,
    sommes à échoir et leurs échéances), R622-23, L622-28 (arrêt du cours des intérêts et majorations), L441-10 II
    (indemnité forfaitaire : non due quand la procédure interdit le paiement à l'échéance).
    """
    ouverture = ctx.facts.get("date_ouverture_procedure_collective")
    if ouverture is None:
        return None
    cs = [c for c in creances_en_procedure(ctx.dossier, ctx.as_of, ctx.derivation)
          if c.anterieure and (c.reste_du_a_l_ouverture or 0) > 0]
    if not cs:
        return None
    veille = ouverture - timedelta(days=1)
    d = _decompte_anterieur(ctx, [c.numero for c in cs], veille)
    par_numero = {c.numero: c for c in cs}
    for ligne in d.lignes:
        c = par_numero[ligne["facture"]]
        ligne["fait_generateur"] = c.fait_generateur
        ligne["fondement_fait_generateur"] = c.base_fait_generateur
    assumptions = [
        f"Facture {c.numero} : née le {fmt(c.fait_generateur)} ({c.base_fait_generateur}), avant le jugement "
        f"d'ouverture du {fmt(ouverture)} : créance antérieure, à déclarer." for c in cs]
    assumptions += [f"Facture {c.numero} : date de livraison ou d'exécution inconnue ; la créance est supposée née "
                    f"à l'émission de la facture ({fmt(c.fait_generateur)})." for c in cs if "émission" in c.base_fait_generateur]
    warnings = list(d.avertissements)
    for c in cs:
        if c.meme_jour:
            warnings.append(coded_warning(
                "droit_incertain",
                f"Facture {c.numero} : fait générateur le jour même du jugement d'ouverture ({fmt(ouverture)}). Le "
                "jugement prend effet à sa date ; selon l'heure de la livraison ou de la prestation, la créance peut être "
                "antérieure ou postérieure. Par prudence, elle est déclarée (L622-24) ; la porter aussi à la "
                "connaissance de l'administrateur ou du mandataire comme créance postérieure (L622-17 IV)."))
    nums = _liste(c.numero for c in cs)
    posterieures = [c.numero for c in creances_en_procedure(ctx.dossier, ctx.as_of, ctx.derivation)
                    if not c.anterieure and c.reste_du > 0]
    autres = (f" Les factures nées après le jugement ({_liste(posterieures)}) ne sont pas concernées : leurs pénalités "
              "ou intérêts courent à leur échéance (L622-17 I)." if posterieures else "")
    # C. com. L622-28, L622-7 I: per invoice — only the claims born before the opening judgment (issue 20: no
    # « arrêtés » warning for an invoice whose penalties run, consistent with the décompte).
    warnings.append(coded_warning(
        "cours_des_interets_arrete",
        f"Factures nées avant le jugement d'ouverture du {fmt(ouverture)} ({nums}) : le jugement arrête le cours des "
        "intérêts légaux et conventionnels, des intérêts de retard et de toutes majorations (C. com. L622-28 al. 1 ; "
        "en redressement par L631-14, en liquidation par L641-3, première phrase), sauf pour les prêts conclus pour "
        "un an ou plus et les contrats à paiement différé d'un an ou plus : leurs accessoires sont arrêtés au "
        f"{fmt(veille)} et se déclarent à ce montant." + autres))
    warnings.append(coded_warning(
        "paiements_interdits_procedure_collective",
        f"Factures nées avant le jugement d'ouverture ({nums}) : le jugement emporte de plein droit interdiction de "
        "les payer (C. com. L622-7 I ; L631-14, L641-3), sauf par compensation de créances connexes : ne plus en "
        "réclamer le paiement au débiteur (un paiement reçu en violation peut être annulé) ; seul le juge-commissaire "
        "peut autoriser certains paiements (par exemple pour retirer une chose légitimement retenue)." + autres))
    if d.indemnites > 0 or d.accessoires > 0:
        warnings.append(coded_warning(
            "droit_incertain",
            f"Factures nées avant le jugement ({nums}) : indemnité forfaitaire de 40 € retenue pour les seules factures "
            "déjà échues et impayées avant le jugement d'ouverture ; pour les autres, la procédure interdit le paiement "
            "à l'échéance et l'indemnité n'est pas due (C. com. L441-10 II, dernière phrase, lue dans l'ancien L441-6 "
            "et dans un commentaire de L441-10). Leurs pénalités sont arrêtées à la veille du jugement (L622-28)."))
    basis = (f"Créances nées avant le jugement d'ouverture du {fmt(ouverture)} : principal {euros(d.principal)}, "
             f"pénalités de retard arrêtées au {fmt(veille)} (veille du jugement, L622-28) {euros(d.accessoires)}, "
             f"indemnités forfaitaires des factures déjà en retard à l'ouverture {euros(d.indemnites)} ; total "
             f"{euros(d.total)}. Les factures à échoir sont déclarées avec la date de leur échéance (L622-25).")
    details = {"lignes": d.lignes, "principal": d.principal, "penalites": d.accessoires,
               "indemnites_forfaitaires": d.indemnites, "arret_des_accessoires": veille, "hypotheses": d.hypotheses,
               "decompte": d.decompte.lignes if d.decompte is not None else None}
    return Computed(d.total, basis=basis, details=details, assumptions=assumptions, warnings=warnings,
                    citations=["c_com_l622_25", "c_com_r622_23", "c_com_l622_28", *d.citations])


@calculator("poursuites_individuelles_suspendues")
def poursuites_individuelles_suspendues(ctx: Context) -> Computed | None:
    """L'arrêt des poursuites, et ce qu'il atteint : les créances nées avant le jugement, non les créances
    postérieures privilégiées.

    Références : C. com., art. L622-21 I (« tous les créanciers dont la créance n'est pas mentionnée au I de
    l'article L. 622-17 ») ; L631-14, L641-3 (redressement, liquidation) ; L622-17 I, L641-13 I.
    """
    ouverture = ctx.facts.get("date_ouverture_procedure_collective")
    if ouverture is None:
        return None
    cs = creances_en_procedure(ctx.dossier, ctx.as_of, ctx.derivation)
    atteintes = [c.numero for c in cs if c.anterieure or c.pendant_observation is False]
    hors = [c.numero for c in cs if not c.anterieure and c.pendant_observation is not False and c.reste_du > 0]
    texte = "L641-13 I" if ctx.facts.get("procedure_collective.type") == "liquidation" else "L622-17 I"
    basis = (f"Le jugement d'ouverture du {fmt(ouverture)} interrompt ou interdit les actions en paiement et arrête les "
             "voies d'exécution des créanciers autres que ceux de L622-17 I (C. com. L622-21 I)"
             + (f" : factures atteintes {_liste(atteintes)}" if atteintes else "") + ".")
    if hors:
        basis += (f" Factures nées après le jugement et privilégiées ({texte}) : {_liste(hors)} — l'arrêt des "
                  "poursuites ne les atteint pas ; elles se réclament à leur échéance.")
    return Computed(True, basis=basis, details={"factures_atteintes": atteintes, "factures_non_atteintes": hors})


# ----------------------------------------------------------------------------- créances postérieures


@calculator("creances_posterieures_privilegiees")
def creances_posterieures_privilegiees(ctx: Context) -> Computed | None:
    """Les factures nées après le jugement d'ouverture et supposées privilégiées, restant dues : montant et détail.

    Références : C. com., art. L622-17 I et II (sauvegarde ; redressement par L631-14), L641-13 I et II (liquidation).
    """
    ouverture = ctx.facts.get("date_ouverture_procedure_collective")
    cs = [c for c in creances_en_procedure(ctx.dossier, ctx.as_of, ctx.derivation)
          if not c.anterieure and c.reste_du > 0 and c.pendant_observation is not False]
    if ouverture is None or not cs:
        return None
    liquidation = ctx.facts.get("procedure_collective.type") == "liquidation"
    details = [{"facture": c.numero, "fait_generateur": c.fait_generateur, "fondement": c.base_fait_generateur,
                "date_exigibilite": c.date_exigibilite, "reste_du": c.reste_du,
                "echue_impayee": c.date_exigibilite < ctx.as_of} for c in cs]
    total = sum((c.reste_du for c in cs), _ZERO)
    texte = "L641-13 I" if liquidation else "L622-17 I"
    assumptions = [
        f"Critères de {texte} supposés remplis : créance née régulièrement"
        + (", pour les besoins de la procédure ou du maintien provisoire de l'activité, ou en contrepartie d'une "
           "prestation fournie au débiteur pendant ce maintien ou en exécution d'un contrat en cours décidée par "
           "le liquidateur." if liquidation else
           ", pour les besoins du déroulement de la procédure ou de la période d'observation, ou en contrepartie "
           "d'une prestation fournie au débiteur pendant cette période.")]
    if not liquidation and ctx.facts.get("procedure_collective.fin_periode_observation") is None:
        assumptions.append("Fin de la période d'observation inconnue : les factures postérieures au jugement sont "
                           "supposées nées pendant cette période.")
    assumptions += [f"Facture {c.numero} : date de livraison ou d'exécution inconnue ; la créance est supposée née à "
                    f"l'émission ({fmt(c.fait_generateur)})." for c in cs if "émission" in c.base_fait_generateur]
    warnings = [coded_warning(
        "droit_incertain",
        f"Créance postérieure au jugement d'ouverture : le privilège de {texte} suppose qu'elle soit née "
        "régulièrement et utile à la procédure (ou contrepartie d'une prestation fournie au débiteur), ce que le "
        "dossier ne dit pas. À défaut, elle n'est pas privilégiée et doit être déclarée comme une créance antérieure, "
        "les délais courant de sa date d'exigibilité (C. com. L622-24, sixième alinéa ; R622-24 : deux mois).")]
    warnings += [coded_warning(
        "creance_posterieure_hors_arret",
        f"Facture {c.numero}, née le {fmt(c.fait_generateur)} ({c.base_fait_generateur}) après le jugement "
        f"d'ouverture du {fmt(ouverture)} : elle n'est pas déclarée et l'arrêt des poursuites ne l'atteint pas "
        f"(C. com. L622-21 I excepte les créances de {texte}) ; ses pénalités ou intérêts courent (L622-28 ne vise que "
        "les créances antérieures) ; elle se réclame au débiteur à son échéance"
        + (f" ({fmt(c.date_exigibilite)})" if c.date_exigibilite else "") + ".") for c in cs]
    basis = (f"{len(cs)} facture{'s' if len(cs) > 1 else ''} née{'s' if len(cs) > 1 else ''} après le jugement "
             f"d'ouverture du {fmt(ouverture)}, restant due{'s' if len(cs) > 1 else ''} : {euros(total)}. Payables à "
             f"leur échéance, hors déclaration et hors arrêt des poursuites ; impayées à l'échéance, payées par "
             f"privilège ({texte} et II).")
    return Computed(total, basis=basis, details=details, assumptions=assumptions, warnings=warnings,
                    citations=["c_com_l641_13" if liquidation else "c_com_l622_17"])


# ----------------------------------------------------------------------------- TVA sur créances irrécouvrables


def _tva_par_facture(cs: list[CreanceEnProcedure]) -> tuple[Decimal, list[dict]]:
    """La TVA comprise dans la part impayée de chaque facture : TVA × restant dû / TTC, au centime (arrondi au plus
    proche) ; ``None`` pour une facture dont la TVA n'est pas renseignée (jamais supposée).

    Références : CGI, art. 272, 1 ; art. 269, 2, a et c ; BOI-TVA-DED-40-10-20 (§ 10 : récupération sur la part
    du prix demeurée impayée).
    """
    total, details = _ZERO, []
    for c in cs:
        part = None
        if c.montant_tva is not None and c.montant_ttc > 0:
            part = (c.montant_tva * c.reste_du / c.montant_ttc).quantize(_CENT, rounding=ROUND_HALF_UP)
            total += part
        details.append({"facture": c.numero, "nature": c.nature, "reste_du": c.reste_du,
                        "montant_tva": c.montant_tva, "tva_recuperable": part})
    return total, details


@calculator("date_limite_recuperation_tva")
def date_limite_recuperation_tva(ctx: Context, jugement: date | None,
                                 limite_apres_cloture: date | None = None) -> Computed | None:
    """Dernier jour pour imputer la TVA : 31 décembre de la deuxième année suivant le jugement de liquidation.

    Lecture prudente : le délai de réclamation est compté du jugement de liquidation, première date à laquelle la
    TVA peut être imputée (CGI 272, 1) ; l'administration et le Conseil d'État admettent qu'il soit compté de la
    clôture pour insuffisance d'actif, date à laquelle la créance est définitivement irrécouvrable.
    """
    if jugement is None:
        return None
    prudente = date(jugement.year + 2, 12, 31)
    basis = (f"Liquidation judiciaire prononcée le {fmt(jugement)} : la TVA peut être imputée dès cette date (CGI "
             f"art. 272, 1). Délai compté de cet événement : jusqu'au 31 décembre de la deuxième année qui suit, soit "
             f"le {fmt(prudente)} (lecture prudente).")
    warnings = [coded_warning(
        "droit_incertain",
        "Délai de récupération de la TVA : compté ici du jugement de liquidation (31 décembre de la deuxième année "
        "suivante). L'administration (RES n° 2005/70) et le Conseil d'État (CE, 28 juill. 2011, n° 318872, cité en "
        "commentaire) admettent qu'il ne coure que de la clôture pour insuffisance d'actif ; le texte réglementaire "
        "qui fixe ce délai n'a pas été relu. Agir avant la date prudente.")]
    if ctx.as_of > prudente and limite_apres_cloture is not None:
        basis += (f" Cette date est passée ; comptée de la clôture pour insuffisance d'actif, la limite serait le "
                  f"{fmt(limite_apres_cloture)} (lecture de l'administration et du Conseil d'État).")
        return Computed(limite_apres_cloture, basis=basis, warnings=warnings, citations=["cgi_272"])
    return Computed(prudente, basis=basis, warnings=warnings, citations=["cgi_272"])


@factures_non_reclamables
def _factures_soumises_a_la_procedure(dossier: Dossier, as_of: date, derivation: Derivation) -> dict[str, str]:
    """Invoices the debtor may not be asked to pay while the proceeding runs, and why.

    Références : C. com. L622-7 I (interdiction de payer les créances antérieures), L622-21 I (arrêt des poursuites
    de tous les créanciers autres que ceux de L622-17 I : une créance née pendant la période d'observation, à
    l'échéance impayée, se réclame ; L641-13 I en liquidation), L622-24 (les antérieures se déclarent), L643-11 et
    L643-9 (clôture : pas de reprise des poursuites). Une créance née après la fin de la période d'observation n'est
    pas réclamée par la bibliothèque (hors L622-17 I ; voir l'avertissement creance_posterieure_non_privilegiee).
    """
    facts = derivation.facts
    ouverture = facts.get("date_ouverture_procedure_collective")
    if not facts.get("procedure_collective_ouverte") or ouverture is None:
        return {}
    cloture = facts.get("date_cloture_procedure_collective")
    if cloture is not None:
        motif = ("procédure clôturée le " + fmt(cloture) + " : "
                 + ("pas de reprise des poursuites individuelles (C. com. L643-11)"
                    if facts.get("procedure_collective.motif_cloture") == "insuffisance_d_actif" else
                    "aucune voie individuelle n'est recommandée (C. com. L643-9, L643-11)"))
        return {s.facture.numero: motif for s in derivation.invoices}
    out: dict[str, str] = {}
    for c in creances_en_procedure(dossier, as_of, derivation):
        if c.anterieure:
            out[c.numero] = (f"née avant le jugement d'ouverture du {fmt(ouverture)} ({c.base_fait_generateur} le "
                             f"{fmt(c.fait_generateur)}) : paiement interdit et poursuites arrêtées (C. com. L622-7, "
                             "L622-21 I ; constat « Poursuites individuelles suspendues »), elle se déclare (L622-24)")
        elif c.pendant_observation is False:
            out[c.numero] = (f"née après la fin de la période d'observation ({c.base_fait_generateur} le "
                             f"{fmt(c.fait_generateur)}) : hors du privilège de L622-17 I, prendre conseil")
    return out
