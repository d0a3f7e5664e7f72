"""A portfolio beyond one machine, on Dask (extra ``dask``): a bag of dossiers in, a bag of records out.

    import dask.bag as db
    from distributed import Client
    from creances_rules.portfolio.dask_bag import evaluate_bag

    client = Client("tcp://scheduler:8786")          # or LocalCluster() on one machine
    bag = db.read_text("s3://…/portefeuille-*.jsonl").map(json.loads)
    records = evaluate_bag(bag, "2025-11-03")        # lazy; one record per dossier, in order
    records.map(json.dumps).to_textfiles("s3://…/resultats-*.jsonl")

Each partition is evaluated by `creances_rules.portfolio.evaluate_many` in the worker process: the
rule base is loaded once per worker process (``default_rulebook`` is per process) and reused by
every partition that worker runs. Records are plain dicts (what ``creances batch`` writes):
``{"reference", "ok", "assessment"}`` or ``{"reference", "ok": false, "errors": [{"path", "message"}]}``
— a bad dossier never fails the task. `to_parquet` writes the typed columns of ``creances batch`` (SPEC §5)
as a partitioned Parquet dataset, one file per partition, and refreshes an earlier one (``precedent``) as
``creances batch --precedent`` does. Dask does the scheduling, retries and spilling; nothing here
is a scheduler of its own. Workers should run one thread each (``threads_per_worker=1``):
durable-rules holds the GIL.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterable

from ..evaluation.evaluate import _as_date


def evaluate_partition(dossiers: Iterable[Any], as_of: date, engine: str = "auto", trace: bool = False,
                       compact: bool = False) -> list[dict[str, Any]]:
    """Evaluate one partition in this process; one record per dossier, in order."""
    from .workers import evaluate_many

    out = []
    for r in evaluate_many(dossiers, as_of, engine=engine, trace=trace, output="compact" if compact else "dict"):
        if r.ok:
            out.append({"reference": r.reference, "ok": True, "assessment": r.output})
        else:
            out.append({"reference": r.reference, "ok": False, "errors": r.problems})
    return out


def evaluate_bag(bag: Any, as_of: date | str, *, engine: str = "auto", trace: bool = False,
                 compact: bool = False) -> Any:
    """A `dask.bag.Bag` of records, one per dossier of ``bag`` (dicts, as read from JSON), in order."""
    when = _as_date(as_of)
    return bag.map_partitions(evaluate_partition, when, engine, trace, compact)


# ------------------------------------------------------------------------------------------ typed Parquet


def typed_partition(dossiers: Iterable[Any], as_of: date, engine: str = "auto", compact: bool = True,
                    contexte: bytes = b"", precedent: Any = None) -> list[dict[str, Any]]:
    """The typed rows of one partition (`sortie_typee`), in order; with ``precedent`` (rows of an earlier run by
    content hash), a dossier unchanged and still valid is brought to ``as_of`` without the rule engine."""
    from .sortie_typee import actualiser, contenu_dossier, empreinte, ligne_erreur
    from .workers import Deja, evaluate_many

    items, prints = [], []
    for dossier in dossiers:
        key = empreinte(contexte, contenu_dossier(dossier))
        prints.append(key)
        row = precedent.get(key) if precedent else None
        kept = actualiser(row, as_of) if row is not None else None
        items.append(Deja(kept) if kept is not None else dossier)
    out = []
    for result, key in zip(evaluate_many(items, as_of, engine=engine, output="ligne" if compact else "ligne_complete"),
                           prints):
        row = dict(result.output) if result.ok else ligne_erreur(result.reference, result.problems, as_of)
        row.update(line=None, empreinte=key)
        out.append(row)
    return out


def _write_part(rows: list[dict[str, Any]], path: str, complet: bool) -> str:
    from .sortie_typee import ParquetTypeWriter

    writer = ParquetTypeWriter(path, complet)
    for row in rows:
        writer.write_row(row)
    writer.close()
    return path


def to_parquet(bag: Any, as_of: date | str, path: str | Path, *, engine: str = "auto", compact: bool = True,
               precedent: str | Path | None = None, compute: bool = True) -> Any:
    """Evaluate ``bag`` into a partitioned Parquet dataset: ``path/part.00000.parquet``…, one file per partition,
    the typed columns of `creances batch` (SPEC §5; ``line`` is empty: a bag has no input lines). Read it whole
    with ``pyarrow.dataset.dataset(path)`` or DuckDB (``read_parquet('path/*.parquet')``).

    ``precedent``: the dataset (or one file) of an earlier run of this function: the dossiers whose content hash
    is unchanged and whose rows are still valid are carried over, as `creances batch --precedent` does.
    ``compute=False``: the list of `dask.delayed` writes, to compute later. Without pandas: each partition is
    written by pyarrow in its worker."""
    import dask

    from ..evaluation.evaluate import default_rulebook
    from .sortie_typee import contexte_evaluation, lire_precedent

    when = _as_date(as_of)
    target = Path(path)
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("part.*.parquet"):  # only the files this function writes
        old.unlink()
    contexte = contexte_evaluation(default_rulebook())
    old_rows = dask.delayed(lire_precedent(precedent, when), traverse=False) if precedent is not None else None
    parts = bag.map_partitions(typed_partition, when, engine, compact, contexte, old_rows).to_delayed()
    writes = [dask.delayed(_write_part)(part, str(target / f"part.{i:05d}.parquet"), not compact)
              for i, part in enumerate(parts)]
    return dask.compute(*writes) if compute else writes
