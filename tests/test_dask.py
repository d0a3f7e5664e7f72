"""The Dask path (extra ``dask``): a bag of dossiers on a local cluster of processes gives the same
records as the local run."""

from __future__ import annotations

import json
from datetime import date

import pytest

from creances_rules.portfolio.workers import evaluate_many

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

AS_OF = date(2025, 11, 3)


def portfolio() -> list:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_portfolio import synthetic

    dossiers = synthetic(40)
    dossiers[7]["debiteur"]["departement"] = "99"  # a bad one: an error record, not a failed task
    dossiers[23] = "/etc/passwd"
    return dossiers


def test_a_bag_on_a_local_cluster_of_processes_matches_the_local_run():
    from creances_rules.portfolio.dask_bag import evaluate_bag

    dossiers = portfolio()
    local = [json.dumps(r.output if r.ok else r.problems, sort_keys=True)
             for r in evaluate_many(dossiers, AS_OF, output="dict")]
    import dask

    # fork: the workers start from this process, with the package already imported (spawn re-imports
    # everything in each worker: ~10 s more on a loaded 2-core machine). Either way each worker
    # process loads the rule base once (from the cache of the compiled rule base when present).
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        records = evaluate_bag(db.from_sequence(dossiers, npartitions=4), AS_OF).compute()
        # the rule base was loaded once per worker process, not once per partition or dossier
        pids = client.run(lambda: __import__("os").getpid())
    assert len(pids) == 2
    remote = [json.dumps(r["assessment"] if r["ok"] else r["errors"], sort_keys=True) for r in records]
    assert remote == local
    assert [r["ok"] for r in records].count(False) == 2
