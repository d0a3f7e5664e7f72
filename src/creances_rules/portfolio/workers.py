"""Evaluate a whole portfolio: one result per dossier, in order, never stopped by one bad dossier.

Streaming: an iterable in, an iterator out, with a bounded amount of work in flight (``workers × 4``
chunks at most), so memory stays flat over millions of dossiers. Parallelism is by processes
(durable-rules never releases the GIL, so threads gain nothing); each worker loads the rule base
once, in its initializer. A record that is not a mapping (or a `Dossier`) is an error record — a
string is never opened as a file unless ``paths=True``. Any exception of one dossier becomes that
dossier's error record; a worker process that dies is replaced and its dossiers are retried one by
one, the one that kills a worker again being reported as an error: never a hang, never a lost record,
however many deaths and however they overlap (a pool may break while a result is awaited or while work
is submitted: both mean "run this chunk again").
"""

from __future__ import annotations

import itertools
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

from ..models.assessment import Assessment
from .._base.errors import CreancesError, Probleme, _ProblemList, apercu
from ..evaluation.evaluate import _as_date, conclusions, default_rulebook, evaluate
from ..models.fichier_taux import charger_fichier_taux

Output = Literal["assessment", "dict", "json", "compact", "ligne", "ligne_complete"]


@dataclass(frozen=True)
class PortfolioResult:
    index: int
    reference: str | None
    assessment: Assessment | None
    error: str | None  # French message naming the fields, when the dossier could not be evaluated
    problems: list[dict[str, str]] = field(default_factory=list)  # [{"path", "message"}], structured
    output: Any = None  # the serialised form asked for (``output="dict" | "json" | "compact"``)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Invalid:
    """A record already known to be bad (e.g. a line of a batch file that is not JSON): it passes
    through `evaluate_many` to keep its place, and comes out as its error record."""

    problems: list[Probleme]
    reference: str | None = None


@dataclass(frozen=True)
class Deja:
    """A record already known (a typed row brought to the date by a refresh): it passes through
    `evaluate_many` to keep its place and comes out as it is, in ``result.output``."""

    row: dict[str, Any]


_settings: dict[str, Any] = {}


def _init(engine: str, trace: bool, paths: bool = False, output: Output = "assessment", taux: Any = None) -> None:
    _settings.update(engine=engine, trace=trace, paths=paths, output=output, taux=taux)
    default_rulebook()  # load and check the rules once per worker


def _reference(dossier: Any) -> str | None:
    ref = dossier.get("reference") if isinstance(dossier, dict) else getattr(dossier, "reference", None)
    return apercu(ref, 200) if ref is not None and not isinstance(ref, str) else ref


def _failure(index: int, reference: str | None, problems: list[Probleme], text: str) -> PortfolioResult:
    return PortfolioResult(index, reference, None, text, [p.as_dict() for p in problems])


def _one(item: tuple[int, Any, date]) -> PortfolioResult:
    index, dossier, as_of = item
    if isinstance(dossier, Invalid):
        return _failure(index, dossier.reference, dossier.problems,
                        "\n".join(["Dossier invalide :", *(f"  - {p}" for p in dossier.problems)]))
    if isinstance(dossier, Deja):
        return PortfolioResult(index, dossier.row.get("reference"), None, None, [], dossier.row)
    reference = _reference(dossier)
    try:
        if not isinstance(dossier, dict) and not hasattr(dossier, "model_fields"):
            if not (_settings.get("paths") and isinstance(dossier, (str, Path))):
                problem = Probleme("", f"dossier attendu (objet clés : valeurs), reçu {type(dossier).__name__} "
                                       f"« {apercu(dossier)} »")
                return _failure(index, None, [problem], f"Dossier invalide :\n  - {problem}")
        if _settings.get("output") in ("compact", "ligne"):  # the conclusions alone: nothing built to present them
            out = _sans_presentation(dossier, as_of, _settings.get("output"))
        else:
            a = evaluate(dossier, as_of, engine=_settings.get("engine", "auto"),
                         trace=_settings.get("trace", False), taux=_settings.get("taux"))
            out = _serialise(a, _settings.get("output", "assessment"))
    except _ProblemList as exc:
        return _failure(index, reference, exc.problemes, str(exc))
    except CreancesError as exc:
        return _failure(index, reference, [Probleme("", str(exc))], str(exc))
    except RecursionError:
        problem = Probleme("", "dossier trop imbriqué")
        return _failure(index, reference, [problem], str(problem))
    except Exception as exc:  # a bug must not stop the portfolio: this dossier's record says it
        problem = Probleme("", f"erreur interne ({type(exc).__name__}: {apercu(str(exc), 200)}) ; à signaler")
        return _failure(index, reference, [problem], str(problem))
    if out is not None:
        return PortfolioResult(index, reference, None, None, [], out)
    return PortfolioResult(index, reference, a, None)


def _sans_presentation(dossier: Any, as_of: date, output: Output) -> dict[str, Any]:
    """The compact record or the typed row, from the evaluation's conclusions (`conclusions`): the same figures as
    from the full assessment (tests/test_compact.py), without the timeline, amount lines, `why` and conditions."""
    from .compact import compact
    from .sortie_typee import ligne

    found = conclusions(dossier, as_of, engine=_settings.get("engine", "auto"), taux=_settings.get("taux"))
    return compact(found) if output == "compact" else ligne(found)


def _serialise(a: Assessment, output: Output) -> Any:
    if output == "assessment":
        return None
    if output == "dict":
        return a.to_dict()
    if output == "json":
        return a.to_json(indent=None)
    if output in ("ligne", "ligne_complete"):
        from .sortie_typee import ligne

        row = ligne(a)
        if output == "ligne_complete":
            row["evaluation"] = a.to_json(indent=None)
        return row
    from .compact import compact

    return compact(a)


def _chunk(items: list[tuple[int, Any, date]]) -> list[PortfolioResult]:
    return [_one(item) for item in items]


def evaluate_many(
    dossiers: Iterable[Any],
    as_of: date | str,
    *,
    workers: int = 1,
    engine: str = "auto",
    trace: bool = False,
    chunksize: int = 64,
    paths: bool = False,
    output: Output = "assessment",
    taux: Any = None,
) -> Iterator[PortfolioResult]:
    """Yield one `PortfolioResult` per dossier, in input order (``trace=False`` by default: faster).

    ``output``: ``"assessment"`` (the `Assessment`), or its serialised form in ``result.output`` —
    ``"dict"``, ``"json"`` (one line) or ``"compact"`` (`creances_rules.compact`), built in the worker
    so that only the serialised form crosses processes. ``paths=True``: a string is a file to read.
    ``taux``: a rates file (path, dict or loaded ``TauxFichier``), read once here and handed to every worker.
    """
    as_of = _as_date(as_of)
    taux = charger_fichier_taux(taux)
    items = ((i, d, as_of) for i, d in enumerate(dossiers))
    if workers <= 1:
        _init(engine, trace, paths, output, taux)
        yield from map(_one, items)
        return
    yield from _parallel(items, workers, chunksize, (engine, trace, paths, output, taux))


def _new_pool(workers: int, initargs: tuple[Any, ...]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=initargs)


def _parallel(items: Iterator[tuple[int, Any, date]], workers: int, chunksize: int,
              initargs: tuple[Any, ...]) -> Iterator[PortfolioResult]:
    """Chunks evaluated in a process pool, yielded in input order. A worker that dies breaks the whole
    pool: every chunk in flight is then lost, whatever worker it was on. The pool is replaced, the
    chunk at the head is isolated record by record (`_isolate`), the others are resubmitted. A pool
    may break at any moment — while a result is awaited, or while a chunk is submitted — and any
    number of times, so both places count a broken pool as "this chunk must be run again"."""
    chunks = iter(lambda: list(itertools.islice(items, chunksize)), [])
    pending: deque[tuple[list[tuple[int, Any, date]], Future[list[PortfolioResult]] | None]] = deque()
    pool = _new_pool(workers, initargs)

    def submit(chunk: list[tuple[int, Any, date]]) -> Future[list[PortfolioResult]] | None:
        try:
            return pool.submit(_chunk, chunk)
        except (BrokenProcessPool, RuntimeError):  # broken (or shut down) meanwhile: run again later
            return None

    try:
        def fill() -> None:
            for chunk in itertools.islice(chunks, workers * 4 - len(pending)):
                pending.append((chunk, submit(chunk)))

        fill()
        while pending:
            chunk, future = pending.popleft()
            try:
                if future is None:
                    raise BrokenProcessPool("soumission refusée : pool arrêté")
                results = future.result()
            except Exception:  # noqa: BLE001 - a dead worker, or a chunk that cannot cross processes
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(workers, initargs)
                results, pool = _isolate(chunk, pool, workers, initargs)
                rest = [c for c, _ in pending]
                pending.clear()
                for c in rest:
                    pending.append((c, submit(c)))
            yield from results
            fill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolate(chunk: list[tuple[int, Any, date]], pool: ProcessPoolExecutor, workers: int,
             initargs: tuple[Any, ...]) -> tuple[list[PortfolioResult], ProcessPoolExecutor]:
    """Each record of ``chunk`` alone in the pool: a record that kills its worker now is the culprit
    (nothing else is in flight) and becomes its error record; the others are evaluated. A pool found
    broken when the record is submitted is not the record's fault: a fresh pool, and again."""
    out = []
    for item in chunk:
        for _attempt in range(3):
            try:
                future = pool.submit(_chunk, [item])
            except (BrokenProcessPool, RuntimeError):
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(workers, initargs)
                continue
            try:
                out.extend(future.result())
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(workers, initargs)
                problem = Probleme("", "le processus d'évaluation s'est arrêté sur ce dossier (plantage) ; à signaler")
                out.append(_failure(item[0], _reference(item[1]), [problem], str(problem)))
            except Exception as exc:  # noqa: BLE001 - e.g. a record that cannot be pickled
                problem = Probleme("", f"dossier impossible à transmettre au processus d'évaluation "
                                       f"({type(exc).__name__}: {apercu(str(exc), 200)})")
                out.append(_failure(item[0], _reference(item[1]), [problem], str(problem)))
            break
        else:
            problem = Probleme("", "aucun processus d'évaluation n'a pu démarrer pour ce dossier ; à signaler")
            out.append(_failure(item[0], _reference(item[1]), [problem], str(problem)))
    return out, pool
