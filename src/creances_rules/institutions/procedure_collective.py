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

from datetime import date

from .. import delais
from ..calculators import Computed, Context, calculator
from ..derive import Derivation, declare_fact, provider
from ..facts import Dossier, Evenement, TypeEvenement
from ..vocabulary import FactType

__all__ = ["fin_de_delai_sans_prorogation"]

# ----------------------------------------------------------------------------- faits : procédure collective

declare_fact("procedure_collective.type", FactType.enum, "type de la procédure collective ouverte",
             choices=("sauvegarde", "redressement", "liquidation"), origin="dossier")
declare_fact("procedure_collective.creancier_hors_metropole", FactType.bool,
             "le créancier ne demeure pas en France métropolitaine (C. com. R622-24 al. 2)", origin="dossier")
declare_fact("date_ouverture_procedure_collective", FactType.date,
             "date du jugement d'ouverture (dossier, sinon événement procedure_collective_ouverte)")
declare_fact("date_publication_bodacc", FactType.date,
             "date de publication du jugement d'ouverture au BODACC (dossier, sinon événement publication_bodacc)")
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


def _events(dossier: Dossier, as_of: date, kind: TypeEvenement) -> list[Evenement]:
    # Same convention as derive.py: what happens after the assessment date is not yet known.
    return sorted((e for e in dossier.evenements if e.type is kind and e.date <= as_of), key=lambda e: e.date)


def _first(events: list[Evenement], not_before: date | None = None) -> date | None:
    dates = [e.date for e in events if not_before is None or e.date >= not_before]
    return dates[0] if dates else None


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
