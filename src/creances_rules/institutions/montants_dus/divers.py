"""La clause pénale stipulée, le chiffre d'affaires compensatoire, la somme de montants connus.

Références : C. civ., art. 1231-5 (anciens 1152 et 1230).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ...law import montants as m
from ..._base.formatting import euros, fmt
from ..calculators import Computed, Context, calculator
from .factures import ZERO
from .penalites import fmt_taux


@calculator("clause_penale_stipulee")
def clause_penale_stipulee(ctx: Context, montant: Decimal | None, demeure: date | None = None,
                           ancien_droit: bool = False) -> Computed | None:
    """La clause pénale stipulée : son montant, si elle est encourue, et ce que le juge peut en faire."""
    if montant is None or montant <= 0:
        return None
    articles = "anciens art. 1152 et 1230" if ancien_droit else "art. 1231-5"
    if demeure is not None:
        etat = f"encourue depuis la mise en demeure du {fmt(demeure)}"
    else:
        etat = "pas encore encourue : sauf inexécution définitive, elle ne l'est qu'une fois le débiteur mis en demeure"
    basis = (f"Clause pénale de {euros(montant)}, {etat} (C. civ., {articles}). Le juge peut, même d'office, la "
             "réduire si elle est manifestement excessive (ou l'augmenter si elle est dérisoire), et la diminuer à "
             "proportion de l'exécution partielle. Encourue, elle est portée au décompte pour son montant stipulé, "
             "sauf face à un consommateur (voir le constat decompte_creance).")
    return Computed(montant, basis=basis,
                    assumptions=["Montant repris du contrat : c'est au juge d'en apprécier le caractère excessif."])


@calculator("chiffre_affaires_compensatoire")
def chiffre_affaires_compensatoire(ctx: Context, montant: Decimal | None, taux_marge: Decimal | None) -> Computed | None:
    """Le chiffre d'affaires à réaliser pour compenser l'impayé : principal restant dû / taux de marge."""
    if montant is None or taux_marge is None or montant <= 0 or taux_marge <= 0:
        return None
    valeur = m.chiffre_affaires_compensatoire(montant, taux_marge / 100)
    basis = (f"{euros(montant)} restant dus / marge de {fmt_taux(taux_marge)} = {euros(valeur)} de chiffre d'affaires "
             "à réaliser pour retrouver la marge perdue. Indicateur de gestion, sans portée juridique.")
    return Computed(valeur, basis=basis,
                    assumptions=["Calculé sur le principal restant dû TTC porté au dossier ; certains praticiens le "
                                 "calculent sur le montant hors taxes."])


@calculator("somme_des_montants")
def somme_des_montants(ctx: Context, montants: list[Decimal | None]) -> Decimal | None:
    """La somme des montants connus (None si aucun)."""
    known = [v for v in montants if isinstance(v, Decimal)]
    return sum(known, ZERO) if known else None
