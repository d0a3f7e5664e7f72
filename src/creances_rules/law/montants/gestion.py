"""Un indicateur de gestion, sans portée juridique : le chiffre d'affaires qui compense un impayé."""

from __future__ import annotations

from decimal import Decimal, localcontext

from creances_rules.law.taux import EntreeInvalide

from .conventions import _arrondi, _decimal


def chiffre_affaires_compensatoire(montant_impaye: Decimal, taux_marge: Decimal) -> Decimal:
    """Le chiffre d'affaires supplémentaire qu'il faut réaliser pour compenser une créance impayée : impayé / taux de marge.

    ``taux_marge`` est une fraction (``Decimal("0.05")`` pour 5 %), strictement positive et au plus 1.
    Indicateur de gestion, sans base légale. Résultat arrondi au centime (ROUND_HALF_UP).
    """
    impaye = _decimal(montant_impaye, "montant_impaye")
    marge = _decimal(taux_marge, "taux_marge", positif=False)
    if marge <= 0 or marge > 1:
        raise EntreeInvalide(
            f"taux_marge doit être une fraction strictement positive et au plus égale à 1 (0.05 pour 5 %), pas {marge}."
        )
    with localcontext() as ctx:
        ctx.prec = 60
        return _arrondi(impaye / marge)
