"""La capitalisation des intérêts (anatocisme) : seuls les intérêts dus pour une année entière produisent intérêt.

Références : C. civ., art. 1343-2 (ancien art. 1154).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict

from creances_rules.law.taux import EntreeInvalide

from ..._base.formatting import date_courte
from .conventions import REFORME_OBLIGATIONS, ZERO, _arrondi, _citations, _date, _decimal


class Capitalisation(BaseModel):
    """Si des intérêts échus peuvent produire intérêt, et pourquoi."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    capitalisable: bool
    montant: Decimal
    motif: str
    citations: list[dict[str, str]]


def interets_capitalisables(
    interets: Decimal,
    du: _dt.date,
    au: _dt.date,
    *,
    fondement: Literal["contrat", "decision_de_justice"] | None,
    date_contrat: _dt.date | None = None,
) -> Capitalisation:
    """Dit si les intérêts échus entre ``du`` (exclu) et ``au`` (inclus) peuvent être capitalisés, et pour quel montant.

    Deux conditions : les intérêts sont dus pour au moins une année entière (``au`` ≥ ``du`` + 1 an) ; le
    contrat le prévoit ou une décision de justice le précise (``fondement``, dit par l'appelant).

    Références : C. civ., art. 1343-2 (ancien art. 1154 pour les contrats antérieurs au 1er octobre 2016 :
    demande en justice ou convention spéciale).
    """
    montant = _decimal(interets, "interets")
    _date(du, "du")
    _date(au, "au")
    if fondement not in (None, "contrat", "decision_de_justice"):
        raise EntreeInvalide(f"fondement doit valoir \"contrat\", \"decision_de_justice\" ou None, pas {fondement!r}.")
    if date_contrat is not None:
        _date(date_contrat, "date_contrat")
    ancien = date_contrat is not None and date_contrat < REFORME_OBLIGATIONS
    citations = _citations("c_civ_1154_ancien" if ancien else "c_civ_1343_2")
    article = "ancien art. 1154" if ancien else "art. 1343-2"
    if fondement is None:
        return Capitalisation(
            capitalisable=False,
            montant=ZERO,
            motif=f"Ni le contrat ni une décision de justice ne prévoit la capitalisation (C. civ., {article}).",
            citations=citations,
        )
    un_an = du + relativedelta(years=1)
    if au < un_an:
        return Capitalisation(
            capitalisable=False,
            montant=ZERO,
            motif=(
                f"Intérêts dus depuis moins d'une année entière (du {date_courte(du)} au {date_courte(au)} ; une année "
                f"entière est atteinte le {date_courte(un_an)}) (C. civ., {article})."
            ),
            citations=citations,
        )
    return Capitalisation(
        capitalisable=True,
        montant=_arrondi(montant),
        motif=(
            f"Intérêts dus pour au moins une année entière et capitalisation prévue par "
            f"{'le contrat' if fondement == 'contrat' else 'une décision de justice'} (C. civ., {article})."
        ),
        citations=citations,
    )
