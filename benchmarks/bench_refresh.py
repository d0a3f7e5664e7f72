"""Incremental refresh benchmark: `creances batch --precedent` vs a full run, on the same portfolio, in one run.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_refresh.py [--n 10000] [--changed 0.05] [--days 1]

1. a full run at day A (the previous night's file);
2. 5 % of the records edited (an invoice amount), then at day A + 1 (the next night): a full run and a refresh from the file of
   day A — CPU time of this process (one core, ``workers=1``), so that the ratio holds on a loaded machine;
3. the two files compared row for row (they must be identical), and the number of rows carried over.
Reports ratios, never asserts a wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_portfolio import synthetic  # noqa: E402

from creances_rules.evaluation.evaluate import default_rulebook  # noqa: E402
from creances_rules.portfolio.batch import run_batch  # noqa: E402

AS_OF = date(2025, 11, 3)


def cpu() -> float:
    return time.process_time()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--days", type=int, default=1)  # a nightly refresh
    args = parser.parse_args()
    default_rulebook()
    rng = random.Random(23)
    dossiers = synthetic(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "portefeuille.jsonl"
        src.write_text("".join(json.dumps(d) + "\n" for d in dossiers), encoding="utf-8")
        old, new, full = tmp / "old.parquet", tmp / "new.parquet", tmp / "full.parquet"
        t = cpu()
        run_batch(src, old, AS_OF, compact=True, progress=False)
        first = cpu() - t
        changed = rng.sample(range(args.n), int(args.n * args.changed))
        for i in changed:
            dossiers[i]["factures"][0]["montant_ttc"] = f"{rng.randrange(100, 2_000_000) / 100:.2f}"
        src.write_text("".join(json.dumps(d) + "\n" for d in dossiers), encoding="utf-8")
        later = AS_OF + timedelta(days=args.days)
        t = cpu()
        run_batch(src, full, later, compact=True, progress=False)
        full_cpu = cpu() - t
        t = cpu()
        summary = run_batch(src, new, later, compact=True, progress=False, precedent=old)
        refresh_cpu = cpu() - t
        import pyarrow.parquet as pq

        identical = pq.read_table(new).to_pylist() == pq.read_table(full).to_pylist()
    load = os.getloadavg()[0]
    print(f"{args.n} dossiers, {len(changed)} modifiés ({args.changed:.0%}), actualisation au {later} "
          f"depuis le {AS_OF} ; charge de la machine {load:.1f}")
    print(f"  évaluation complète (jour A)     : {first:7.1f} s CPU ({args.n / first:,.0f} dossiers/s)")
    print(f"  évaluation complète (jour A+{args.days})  : {full_cpu:7.1f} s CPU ({args.n / full_cpu:,.0f} dossiers/s)")
    print(f"  actualisation (--precedent)      : {refresh_cpu:7.1f} s CPU ({args.n / refresh_cpu:,.0f} dossiers/s) ; "
          f"{summary.repris} repris, {summary.ok - summary.repris} réévalués, {summary.errors} en erreur")
    print(f"  rapport complète / actualisation : {full_cpu / refresh_cpu:.1f}×")
    print(f"  fichiers identiques              : {'oui' if identical else 'NON'}")


if __name__ == "__main__":
    main()
