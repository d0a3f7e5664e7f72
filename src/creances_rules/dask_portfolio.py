"""Public path of the Dask portfolio: ``creances_rules.dask_portfolio.evaluate_bag`` (extra ``dask``).

The code lives in `creances_rules.portfolio.dask_bag`; this module only re-exports it.
"""

from .portfolio.dask_bag import evaluate_bag, evaluate_partition

__all__ = ["evaluate_bag", "evaluate_partition"]
