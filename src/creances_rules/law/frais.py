"""Frais des voies de recouvrement et des mesures d'exécution : la table datée et sourcée des tarifs lus.

Un frais a un montant seulement pour la période où un tarif a été lu (du … au …, inclus) ; ailleurs, il
est nommé sans montant, avec la raison (jamais deviné). Une durée indicative n'existe que si une source
publiée la donne.

Références : C. com., art. R743-140 (greffiers des tribunaux de commerce), A444-10 (commissaires de
justice) ; arrêté du 20 juin 2025 (saisie des rémunérations) ; décret n° 2024-1225 (contribution pour la
justice économique) ; CPCE, art. L111-8 (qui paie), L125-1 (petites créances). Table :
``data/frais_des_voies.yaml``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any


__all__ = ["DelaiIndicatif", "FraisLu", "delai_indicatif", "frais_au", "table_des_frais"]

FICHIER = "frais_des_voies.yaml"


@dataclass(frozen=True)
class FraisLu:
    """One cost as of a date: ``montant`` is None where no tariff was read for that date."""

    code: str
    libelle: str
    citation: str  # key of the citation catalogue
    a_la_charge: str | None
    montant: Decimal | None
    source: str | None  # the text the amount comes from
    en_vigueur_du: _dt.date | None
    en_vigueur_au: _dt.date | None
    sources: tuple[str, ...]
    confiance: str | None
    note: str | None


@dataclass(frozen=True)
class DelaiIndicatif:
    libelle: str
    mois: Decimal
    annee: int
    source: str
    texte: str
    confiance: str


def _date(x: Any) -> _dt.date:
    return x if isinstance(x, _dt.date) else _dt.date.fromisoformat(str(x))


def _valider(doc: dict[str, Any]) -> dict[str, Any]:
    for cle, row in doc["frais"].items():
        for champ in ("libelle", "citation"):
            if not row.get(champ):
                raise ValueError(f"frais « {cle} » : champ {champ} manquant")
        precedent = None
        for v in row.get("valeurs") or ():
            du, au = _date(v["du"]), _date(v["au"])
            if au < du or (precedent is not None and du <= precedent):
                raise ValueError(f"frais « {cle} » : périodes non ordonnées ou chevauchantes")
            if not v.get("sources") or not v.get("texte"):
                raise ValueError(f"frais « {cle} » : montant sans texte ni source")
            Decimal(str(v["montant"]))
            precedent = au
    return doc


@lru_cache(maxsize=1)
def table_des_frais() -> dict[str, Any]:
    """The fee table shipped with the package (validated)."""
    from .._base.cache import cached_yaml  # parsed once per version of the table, not at every start

    texte = resources.files("creances_rules").joinpath(f"data/{FICHIER}").read_text("utf-8")
    return _valider(cached_yaml(texte))


def frais_au(cle: str, le: _dt.date) -> FraisLu:
    """The cost ``cle`` as of ``le``: its amount if a tariff in force that day was read, else None and why."""
    row = table_des_frais()["frais"][cle]
    valeurs = list(row.get("valeurs") or ())
    v = next((v for v in valeurs if _date(v["du"]) <= le <= _date(v["au"])), None)
    if v is not None:
        return FraisLu(cle, row["libelle"], row["citation"], row.get("a_la_charge"), Decimal(str(v["montant"])),
                       v["texte"], _date(v["du"]), _date(v["au"]), tuple(v.get("sources", ())), v.get("confiance"),
                       row.get("note"))
    note = row.get("note")
    if valeurs:
        periodes = ", ".join(f"du {_date(x['du']).strftime('%d/%m/%Y')} au {_date(x['au']).strftime('%d/%m/%Y')}"
                             for x in valeurs)
        note = (f"Montant lu seulement pour la période {periodes} ; tarif applicable au "
                f"{le.strftime('%d/%m/%Y')} non lu : nommé sans montant.")
    return FraisLu(cle, row["libelle"], row["citation"], row.get("a_la_charge"), None, None, None, None, (), None,
                   note)


def delai_indicatif(cle: str) -> DelaiIndicatif | None:
    """A published average duration (never a guess), or None."""
    row = (table_des_frais().get("delais_indicatifs") or {}).get(cle)
    if row is None:
        return None
    return DelaiIndicatif(row["libelle"], Decimal(str(row["mois"])), int(row["annee"]), row["source"], row["texte"],
                          row["confiance"])
