"""L'indemnité forfaitaire pour frais de recouvrement : 40 € par facture payée en retard.

Références : C. com., art. L441-10 II et D441-5 ; décret n° 2012-1115 du 2 octobre 2012 (en vigueur le
1er janvier 2013) ; CJUE, 4 mai 2023, C-78/22 (due pour chaque retard de paiement).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from creances_rules.law.taux import EntreeInvalide

from ..._base.formatting import date_courte
from .conventions import ZERO, _citations, _date


INDEMNITE_FORFAITAIRE = Decimal("40.00")
# D441-5 (décret n° 2012-1115) : indemnité due pour les créances dont le délai de paiement a commencé à
# courir à compter de l'entrée en vigueur, le 1er janvier 2013.
DEBUT_INDEMNITE_FORFAITAIRE = _dt.date(2013, 1, 1)


def indemnite_forfaitaire(nombre_factures_en_retard: int) -> Decimal:
    """L'indemnité forfaitaire de 40 € due par facture payée en retard.

    Références : C. com., art. L441-10 II et D441-5 (décret n° 2012-1115, en vigueur le 1er janvier 2013) ;
    CJUE, 4 mai 2023, C-78/22 (due pour chaque retard de paiement).
    """
    if isinstance(nombre_factures_en_retard, bool) or not isinstance(nombre_factures_en_retard, int):
        raise EntreeInvalide(
            f"nombre_factures_en_retard doit être un entier, pas {nombre_factures_en_retard!r}."
        )
    if nombre_factures_en_retard < 0:
        raise EntreeInvalide(f"nombre_factures_en_retard doit être positif ou nul, pas {nombre_factures_en_retard}.")
    return INDEMNITE_FORFAITAIRE * nombre_factures_en_retard


class FactureIndemnite(BaseModel):
    """Une facture pour le calcul de l'indemnité : échéance, paiement éventuel, début du délai de paiement."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str
    date_echeance: _dt.date
    date_paiement: _dt.date | None = None
    # Jour où le délai de paiement a commencé à courir (en général l'émission de la facture ou la
    # livraison) ; sert à la règle transitoire du 1er janvier 2013.
    debut_delai_paiement: _dt.date | None = None


class IndemniteFacture(BaseModel):
    """Le détail de l'indemnité pour une facture."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str
    date_echeance: _dt.date
    en_retard: bool
    due: bool
    montant: Decimal
    motif: str


class IndemnitesForfaitaires(BaseModel):
    """L'indemnité forfaitaire totale et son détail par facture."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    montant: Decimal
    factures: list[IndemniteFacture]
    citations: list[dict[str, str]]
    hypotheses: list[str]
    avertissements: list[str] = Field(default_factory=list)


def indemnites_forfaitaires(factures: Sequence[FactureIndemnite], *, au: _dt.date) -> IndemnitesForfaitaires:
    """L'indemnité de 40 € pour chaque facture payée en retard (ou encore impayée et échue le jour ``au``).

    Une facture est en retard si elle a été payée après son échéance, ou si, impayée, son échéance
    est antérieure à ``au``. L'indemnité n'est due que si le délai de paiement a commencé à courir
    à compter du 1er janvier 2013.

    Références : C. com., art. L441-10 II et D441-5 ; décret n° 2012-1115 du 2 octobre 2012 (entrée en
    vigueur) ; CJUE, 4 mai 2023, C-78/22.
    """
    _date(au, "au")
    if isinstance(factures, str | bytes) or not isinstance(factures, Sequence):
        raise EntreeInvalide("factures doit être une liste de FactureIndemnite.")
    refs = [f.ref for f in factures]
    if len(set(refs)) != len(refs):
        raise EntreeInvalide("factures : deux factures portent la même référence (ref).")
    detail: list[IndemniteFacture] = []
    avertissements: list[str] = []
    for f in factures:
        if not isinstance(f, FactureIndemnite):
            raise EntreeInvalide(f"factures : élément {f!r} qui n'est pas une FactureIndemnite.")
        if f.date_paiement is not None:
            en_retard = f.date_paiement > f.date_echeance
            quand = f"payée le {date_courte(f.date_paiement)}"
        else:
            en_retard = au > f.date_echeance
            quand = f"impayée au {date_courte(au)}"
        if not en_retard:
            detail.append(
                IndemniteFacture(
                    ref=f.ref,
                    date_echeance=f.date_echeance,
                    en_retard=False,
                    due=False,
                    montant=ZERO,
                    motif=f"Pas de retard : échéance du {date_courte(f.date_echeance)}, {quand}.",
                )
            )
            continue
        debut = f.debut_delai_paiement
        if (debut is not None and debut < DEBUT_INDEMNITE_FORFAITAIRE) or (
            debut is None and f.date_echeance < DEBUT_INDEMNITE_FORFAITAIRE
        ):
            detail.append(
                IndemniteFacture(
                    ref=f.ref,
                    date_echeance=f.date_echeance,
                    en_retard=True,
                    due=False,
                    montant=ZERO,
                    motif=(
                        "Délai de paiement commencé avant le 1er janvier 2013 : indemnité non due "
                        "(décret n° 2012-1115, entrée en vigueur)."
                    ),
                )
            )
            continue
        if debut is None and f.date_echeance < _dt.date(2014, 1, 1):
            avertissements.append(
                f"Facture {f.ref} : début du délai de paiement inconnu ; l'indemnité suppose qu'il a commencé à "
                "courir à compter du 1er janvier 2013."
            )
        detail.append(
            IndemniteFacture(
                ref=f.ref,
                date_echeance=f.date_echeance,
                en_retard=True,
                due=True,
                montant=INDEMNITE_FORFAITAIRE,
                motif=f"Échéance du {date_courte(f.date_echeance)}, {quand} : 40 € (une indemnité par facture).",
            )
        )
    return IndemnitesForfaitaires(
        montant=sum((d.montant for d in detail), ZERO),
        factures=detail,
        citations=_citations("c_com_l441_10", "c_com_d441_5", "cjue_2023_05_04_c_78_22"),
        hypotheses=[
            "Une indemnité de 40 € par facture payée en retard (CJUE, 4 mai 2023, C-78/22 : pour chaque retard de "
            "paiement).",
            "Les frais de recouvrement supérieurs à 40 € ne sont dus que sur justification (L441-10 II) : non calculés.",
            "Non vérifié ici : une procédure collective qui interdit le paiement à l'échéance prive le créancier "
            "de l'indemnité.",
        ],
        avertissements=avertissements,
    )
