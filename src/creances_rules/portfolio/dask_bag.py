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
— a bad dossier never fails the task. Dask does the scheduling, retries and spilling; nothing here
is a scheduler of its own. Workers should run one thread each (``threads_per_worker=1``):
durable-rules holds the GIL.
"""

from __future__ import annotations

from datetime import date
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
