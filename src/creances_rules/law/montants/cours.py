"""Le cours journalier des accessoires : ce qu'une ligne à taux constant ajoute par jour, et sur ``n`` jours de plus.

Un décompte est « arrêté au … sauf à parfaire » : les pénalités ou intérêts des lignes qui courent encore à la
date du décompte (une période à taux constant, jusqu'à la prochaine coupure : période de taux, paiement)
continuent de courir. Ce module compte ce cours avec les conventions de tout le paquet
(:mod:`creances_rules.law.montants.conventions` : base de 365 jours, arrondi au centime une fois par ligne,
demi-centime vers le haut), de sorte que prolonger une ligne de ``n`` jours donne, au centime, le montant que
le calcul complet donnerait à la nouvelle date.

Une ligne courante : ``(nature, base, taux, jours)`` — la nature de l'accessoire (``penalites_l441_10``,
``interets_moratoires``, ``titre_interets``…), la base, le taux annuel en pourcentage, les jours déjà courus.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .conventions import BASE_ANNUELLE, CENTIME, ZERO, _interets

LigneCourante = tuple[str, Decimal, Decimal, int]


def par_jour_exact(lignes: Iterable[LigneCourante]) -> Decimal:
    """Σ base × taux / 36 500 sur les lignes courantes, sans arrondi."""
    with localcontext() as ctx:
        ctx.prec = 60
        return sum((base * taux / (100 * BASE_ANNUELLE) for _, base, taux, _ in lignes), Decimal(0))


def journalier(lignes: Iterable[LigneCourante]) -> Decimal:
    """Ce que les lignes courantes ajoutent par jour : Σ base × taux / 36 500, au centime (demi-centime vers le haut)."""
    return par_jour_exact(lignes).quantize(CENTIME, rounding=ROUND_HALF_UP)


def accroissement(lignes: Iterable[LigneCourante], jours: int, natures: Collection[str] | None = None) -> Decimal:
    """Ce que les lignes courantes (de ``natures``, toutes par défaut) ajoutent en ``jours`` jours de plus, chaque
    ligne arrondie comme le décompte l'arrondit (une fois, au centime) : exact au centime."""
    return sum((_interets(base, taux, n + jours) - _interets(base, taux, n)
                for nature, base, taux, n in lignes if natures is None or nature in natures), ZERO)


__all__ = ["LigneCourante", "accroissement", "journalier", "par_jour_exact"]
