"""L'état d'un calcul de prescription en cours : le délai qui court, les instances et suspensions ouvertes.

Références : C. civ., art. 2230, 2242.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .evenements import EvenementPrescription


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
