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


def test_a_bag_to_typed_partitioned_parquet_and_its_refresh_on_a_local_cluster(tmp_path):
    """`to_parquet`: one typed Parquet file per partition (the columns of `creances batch`), read whole by DuckDB;
    a refresh from it (``precedent``) gives the dataset of a full run at the later date."""
    duckdb = pytest.importorskip("duckdb")
    pq = pytest.importorskip("pyarrow.parquet")
    import dask

    from creances_rules.portfolio.batch import run_batch
    from creances_rules.portfolio.dask_bag import to_parquet

    dossiers = portfolio()
    src = tmp_path / "p.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in dossiers), encoding="utf-8")
    run_batch(src, tmp_path / "local.parquet", AS_OF, compact=True, progress=False)
    later = date(2025, 11, 4)
    edited = [dict(d, reference="modifié") if i == 3 else d for i, d in enumerate(dossiers)]
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster):
        files = to_parquet(db.from_sequence(dossiers, npartitions=4), AS_OF, tmp_path / "a")
        to_parquet(db.from_sequence(edited, npartitions=4), later, tmp_path / "b", precedent=tmp_path / "a")
        to_parquet(db.from_sequence(edited, npartitions=4), later, tmp_path / "c")
    assert len(files) == 4
    columns = "reference, ok, montant_reclame, prochaine_action, prochaine_action_echeance, valable_jusqu_au"
    remote = [tuple(r[c] for c in columns.split(", ")) for f in sorted((tmp_path / "a").glob("*.parquet"))
              for r in pq.read_table(f).to_pylist()]
    local = [tuple(r[c] for c in columns.split(", ")) for r in pq.read_table(tmp_path / "local.parquet").to_pylist()]
    assert remote == local  # the same typed rows as `creances batch`, in order
    total = duckdb.sql(f"SELECT sum(montant_reclame), count(*) FROM read_parquet('{tmp_path / 'a'}/*.parquet')").fetchall()[0]
    assert total[1] == len(dossiers) and total[0] == sum(r[2] for r in local if r[2] is not None)

    def rows(d):
        return [r for f in sorted(d.glob("*.parquet")) for r in pq.read_table(f).to_pylist()]

    assert rows(tmp_path / "b") == rows(tmp_path / "c")  # refresh = full run
