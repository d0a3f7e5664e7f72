"""Evaluate a whole portfolio: one result per dossier, in order, never stopped by one bad dossier.

Parallelism is by processes (durable-rules never releases the GIL, so threads gain nothing); each
worker loads and compiles the rule base once, in its initializer.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Iterator

from .assessment import Assessment
from .errors import CreancesError
from .evaluate import default_rulebook, evaluate


@dataclass(frozen=True)
class PortfolioResult:
    index: int
    reference: str | None
    assessment: Assessment | None
    error: str | None  # French message naming the fields, when the dossier could not be evaluated


_settings: dict[str, Any] = {}


def _init(engine: str, trace: bool) -> None:
    _settings.update(engine=engine, trace=trace)
    default_rulebook()  # load and check the rules once per worker


def _one(item: tuple[int, Any, date]) -> PortfolioResult:
    index, dossier, as_of = item
    reference = dossier.get("reference") if isinstance(dossier, dict) else getattr(dossier, "reference", None)
    try:
        a = evaluate(dossier, as_of, engine=_settings.get("engine", "auto"), trace=_settings.get("trace", False))
    except CreancesError as exc:
        return PortfolioResult(index, reference, None, str(exc))
    return PortfolioResult(index, reference, a, None)


def evaluate_many(
    dossiers: Iterable[Any],
    as_of: date,
    *,
    workers: int = 1,
    engine: str = "auto",
    trace: bool = False,
    chunksize: int = 256,
) -> Iterator[PortfolioResult]:
    """Yield one `PortfolioResult` per dossier, in input order (``trace=False`` by default: faster)."""
    items = ((i, d, as_of) for i, d in enumerate(dossiers))
    if workers <= 1:
        _init(engine, trace)
        yield from map(_one, items)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(engine, trace)) as pool:
        yield from pool.map(_one, items, chunksize=chunksize)
