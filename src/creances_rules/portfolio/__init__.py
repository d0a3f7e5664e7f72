"""Portfolios: many dossiers at once, in parallel processes (`evaluate_many`), from and to files
(`batch`: JSONL, CSV, Parquet), as compact records (`compact`), and beyond one machine with Dask (`dask_bag`).

    >>> from creances_rules.portfolio import evaluate_many
"""

from .workers import Invalid, PortfolioResult, evaluate_many

__all__ = ["Invalid", "PortfolioResult", "evaluate_many"]
