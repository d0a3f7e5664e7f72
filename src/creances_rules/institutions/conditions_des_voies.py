"""Ce que coûte et exige chaque voie (champ ``conditions`` des actions, SPEC §2) : avocat obligatoire ou non
avec son article, frais connus d'un tarif daté et sourcé, durée indicative publiée.

Les seuils et leurs périodes sont fixés par les règles de ``rules/representation_par_avocat.yaml`` (faits
``avocat.seuil_*``, ``contribution_justice_economique.seuil``) ; ce module compare le montant réclamé du
décompte au seuil (CPC 35 à 37, lu comme le montant réclamé) et lit les frais dans la table du droit
(`law.frais`).

Références : CPC, art. 760, 761, 853 ; CPCE, art. L111-8, L125-1 ; décret n° 2024-1225.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .._base.formatting import euros
from ..law.frais import delai_indicatif, frais_au
from .calculators import Computed, Context, calculator
from .derive import declare_fact
from .vocabulary import FactType

__all__ = ["conditions_mesure", "conditions_voie"]

declare_fact("avocat.seuil_tribunal_judiciaire", FactType.money,
             "montant de la demande au-delà duquel l'avocat est obligatoire devant le tribunal judiciaire",
             origin="qualification")
declare_fact("avocat.seuil_tribunal_de_commerce", FactType.money,
             "montant de la demande au-delà duquel l'avocat est obligatoire devant le tribunal de commerce",
             origin="qualification")
declare_fact("contribution_justice_economique.seuil", FactType.money,
             "montant de la demande initiale au-delà duquel la contribution pour la justice économique est due "
             "devant un tribunal des activités économiques", origin="qualification")

# Which fees each route incurs (keys of data/frais_des_voies.yaml).
_FRAIS: dict[tuple[str, str], tuple[str, ...]] = {
    ("requete_injonction_de_payer", "tribunal_de_commerce"): ("greffe_tribunal_de_commerce", "signification_commissaire"),
    ("requete_injonction_de_payer", "tribunal_judiciaire"): ("signification_commissaire",),
    ("refere_provision", "tribunal_de_commerce"): ("greffe_tribunal_de_commerce", "signification_commissaire"),
    ("refere_provision", "tribunal_judiciaire"): ("signification_commissaire",),
    ("assignation_en_paiement", "tribunal_de_commerce"): ("greffe_tribunal_de_commerce", "signification_commissaire"),
    ("assignation_en_paiement", "tribunal_judiciaire"): ("signification_commissaire",),
    ("procedure_petites_creances", "commissaire_de_justice"): ("procedure_petites_creances",),
}
_MESURES: dict[str, tuple[str, ...]] = {
    "saisie_attribution": ("actes_execution_commissaire",),
    "saisie_remunerations": ("actes_execution_commissaire", "majoration_saisie_remunerations"),
    "saisie_vente": ("actes_execution_commissaire",),
}
_SEUILS = {"tribunal_judiciaire": ("avocat.seuil_tribunal_judiciaire", ["cpc_760", "cpc_761"], "CPC 760 et 761 3°"),
           "tribunal_de_commerce": ("avocat.seuil_tribunal_de_commerce", ["cpc_853"], "CPC 853")}


def _frais(cles: tuple[str, ...], ctx: Context) -> list[dict[str, Any]]:
    return [frais_au(cle, ctx.as_of).__dict__ for cle in cles]


def _avocat(voie: str, juridiction: str, ctx: Context) -> dict[str, Any]:
    if voie == "requete_injonction_de_payer":
        return {"avocat_obligatoire": False, "avocat_citations": ["cpc_1405"],
                "avocat_motif": "Requête sans audience, présentée par le créancier ou un mandataire : aucun texte lu "
                                "n'impose l'avocat pour la requête ; en cas d'opposition, l'instance suit les règles "
                                "de la juridiction (CPC 760-761 ou 853)."}
    if voie == "procedure_petites_creances":
        return {"avocat_obligatoire": False, "avocat_citations": ["cpce_l125_1"],
                "avocat_motif": "Procédure menée par un commissaire de justice, hors juridiction (CPCE L125-1)."}
    fait, citations, articles = _SEUILS[juridiction]
    seuil = ctx.facts.get(fait)
    montant = ctx.facts.get("decompte.montant_reclame")
    if seuil is None or montant is None:
        return {"avocat_obligatoire": None, "avocat_citations": citations,
                "avocat_motif": f"Seuil de représentation obligatoire ({articles}) non applicable à cette date ou "
                                "montant inconnu."}
    seuil = Decimal(seuil)
    oblige = montant > seuil
    motif = (f"Demande de {euros(montant)} (montant réclamé au décompte, CPC 35 à 37) "
             f"{'supérieure' if oblige else 'inférieure ou égale'} à {euros(seuil)} : avocat "
             f"{'obligatoire' if oblige else 'non obligatoire'} ({articles}).")
    if juridiction == "tribunal_judiciaire" and not oblige:
        motif += " Sauf matière de la compétence exclusive du tribunal judiciaire."
    return {"avocat_obligatoire": oblige, "avocat_citations": citations, "avocat_motif": motif}


@calculator("conditions_voie")
def conditions_voie(ctx: Context, voie: str, juridiction: str) -> Computed:
    """Ce qu'exige et coûte une voie judiciaire : avocat (CPC 760-761, 853), frais connus, durée publiée."""
    out = _avocat(voie, juridiction, ctx)
    out["frais"] = _frais(_FRAIS.get((voie, juridiction), ()), ctx)
    seuil_tae = ctx.facts.get("contribution_justice_economique.seuil")
    montant = ctx.facts.get("decompte.montant_reclame")
    if (juridiction == "tribunal_de_commerce" and voie in ("assignation_en_paiement", "refere_provision")
            and seuil_tae is not None and montant is not None and montant > Decimal(seuil_tae)):
        out["frais"].append(frais_au("contribution_justice_economique", ctx.as_of).__dict__)
    delai = delai_indicatif(juridiction) if voie == "assignation_en_paiement" else None
    out["delai_indicatif"] = delai.__dict__ if delai else None
    return Computed(out)


@calculator("conditions_mesure")
def conditions_mesure(ctx: Context, mesure: str) -> Computed:
    """Ce que coûte une mesure d'exécution et qui la paie (CPCE L111-8 al. 1), d'après la table datée des tarifs."""
    return Computed({"avocat_obligatoire": None, "avocat_citations": [],
                     "avocat_motif": "Mesure pratiquée par un commissaire de justice sur remise du titre exécutoire.",
                     "frais": _frais(_MESURES[mesure], ctx), "delai_indicatif": None})
