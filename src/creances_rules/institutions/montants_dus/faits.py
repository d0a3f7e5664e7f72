"""Les faits des montants dus que lisent les règles : limites des tables de taux, retards, plancher du taux convenu.

Références : C. com., art. L441-10 II ; C. mon. fin., art. L313-2, L313-3.
"""

from __future__ import annotations

from datetime import date

from ...law import taux as t
from ...law.montants.conventions import taux_memorise
from ..derive import Derivation, declare_fact, provider
from ...models.dossier import Dossier
from ..vocabulary import FactType
from .factures import NATURES_HORS_L441_10, _etats, _fins, limite_taux_legal, limite_taux_penalites, taux_fournis
from .penalites import _jours_a_verifier, _retards, periodes_sous_plancher


declare_fact("montants.taux_penalites_connu_jusqu_au", FactType.date,
             "dernier jour pour lequel le taux des pénalités L441-10 est connu (tables de taux)")
declare_fact("montants.taux_legal_connu_jusqu_au", FactType.date,
             "dernier jour pour lequel le taux de l'intérêt légal est connu (table de taux)")
declare_fact("montants.factures_en_retard", FactType.int,
             "factures payées après leur échéance, ou impayées et échues avant la date d'évaluation",
             depends_on=("terme_suppletif_jours",))
declare_fact("montants.debut_penalites", FactType.date,
             "premier jour de retard : lendemain de la plus ancienne échéance d'une facture en retard",
             depends_on=("terme_suppletif_jours",))
declare_fact("montants.fin_des_retards", FactType.date,
             "dernier jour de retard : date d'évaluation si une facture échue reste due, sinon dernier paiement tardif",
             depends_on=("terme_suppletif_jours",))
declare_fact("montants.taux_contractuel_sous_plancher", FactType.bool,
             "le taux de pénalités convenu est inférieur à trois fois le taux légal sur une période de retard "
             "ou à la date d'évaluation", depends_on=("terme_suppletif_jours",))
declare_fact("contrat.taux_penalites_applique", FactType.rate,
             "taux convenu des pénalités appliqué au calcul : le taux stipulé, ou aucun si la clause sous le plancher est "
             "écartée (contrat.taux_sous_plancher = taux_par_defaut)", depends_on=("terme_suppletif_jours",))
declare_fact("montants.categorie_taux_legal", FactType.enum,
             "catégorie du taux de l'intérêt légal applicable (selon la qualité du créancier)",
             choices=("creancier_particulier", "autres_cas"), origin="qualification")
declare_fact("montants.factures_hors_l441_10", FactType.int,
             "créances d'une nature hors de C. com. L441-10 (prêt, loyer : ni vente de produits ni prestation de "
             "services) : ni pénalités L441-10 ni indemnité forfaitaire")
declare_fact("montants.toutes_hors_l441_10", FactType.bool,
             "toutes les créances du dossier sont d'une nature hors de L441-10 (prêt, loyer)")
declare_fact("montants.majoration_l313_3", FactType.bool,
             "le taux légal est majoré de cinq points deux mois après le titre exécutoire", origin="qualification")


# --------------------------------------------------------------------------------------- providers


@provider("base")
def _faits_de_base(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    # La date du premier titre exécutoire (fait « date_titre_executoire ») vient du module recours.
    fournis = taux_fournis(dossier)
    facts["montants.taux_penalites_connu_jusqu_au"] = limite_taux_penalites(
        dossier.contrat.taux_penalites, fournis.bce, fournis.legal_de("autres_cas"))
    hors = [f for f in dossier.factures if f.nature is not None and f.nature.value in NATURES_HORS_L441_10]
    facts["montants.factures_hors_l441_10"] = len(hors)
    facts["montants.toutes_hors_l441_10"] = len(hors) == len(dossier.factures)
    # La catégorie (qualité du créancier) est qualifiée plus tard : la limite la plus prudente des deux.
    facts["montants.taux_legal_connu_jusqu_au"] = min(limite_taux_legal(fournis.legal_de(c), c) for c in t.CATEGORIES)


@provider("qualified")
def _faits_de_retard(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    etats, _ = _etats(dossier, derivation, as_of)
    # An invoice whose accessories stop before they run (a title replaced it) produces no penalty or indemnity.
    fins = _fins(dossier, as_of, derivation)
    etats = [e for e in etats if e.ref not in fins or fins[e.ref] > e.date_exigibilite]
    n, debut, fin = _retards(etats, as_of)
    facts["montants.factures_en_retard"] = n
    facts["montants.debut_penalites"] = debut
    facts["montants.fin_des_retards"] = fin
    taux = dossier.contrat.taux_penalites
    facts["contrat.taux_penalites_applique"] = taux
    if taux is None:
        facts["montants.taux_contractuel_sous_plancher"] = None
        return
    fournis = taux_fournis(dossier).legal_de("autres_cas")
    limite = limite_taux_legal(fournis)
    jours = [d for d in _jours_a_verifier(debut, fin, as_of) if d <= limite]
    evaluable = False
    for d in jours:
        try:
            taux_memorise(t.plancher_penalites, d, fournis=fournis)
            evaluable = True
            break
        except (t.TauxInconnu, t.RegleNonModelisee):
            continue
    facts["montants.taux_contractuel_sous_plancher"] = (
        bool(periodes_sous_plancher(taux, jours, fournis)) if evaluable else None)
    # The reading the creditor chose for a rate below the floor (contrat.taux_sous_plancher): the floor (the agreed
    # rate is passed on and raised to it), or the clause set aside for the default rate (ECB + 10 points).
    if facts["montants.taux_contractuel_sous_plancher"] and dossier.contrat.taux_sous_plancher.value == "taux_par_defaut":
        facts["contrat.taux_penalites_applique"] = None
