"""Incremental refresh benchmark (issue 23): `creances batch --precedent` vs a full run, same portfolio, one run.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_refresh.py [--n 100000] [--changed 0.05] [--days 1]

1. a full run at day A (the previous night's file; not timed, on ``--workers-jour-a`` processes);
2. 5 % of the records edited (an invoice amount), then at day A + 1 (the next night): a full run and a refresh
   from the file of day A — CPU time of this process (one core, ``workers=1``), so that the ratio holds on a
   loaded machine;
3. the two files compared row for row (they must be identical), and the number of rows carried over;
4. where the refresh's time goes: the rows it re-evaluates (at the full run's cost per dossier) and the rest
   (reading the previous file, hashing each record, bringing the kept rows to the date, writing).
The refresh works on the typed columns (``--compact``): a full assessment (the ``evaluation`` column) is not
carried over without re-evaluating it. Reports ratios, never asserts a wall-clock time.
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
OBJECTIF = 10.0  # issue 23: a refresh with 5 % changed at least 10x faster than a full run


def cpu() -> float:
    return time.process_time()


def load() -> str:
    return "charge " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def portfolio(n: int) -> list[dict]:
    """n distinct dossiers (blocks of the benchmark's generator, each with its own seed)."""
    out: list[dict] = []
    for block in range(0, n, 10_000):
        for i, d in enumerate(synthetic(min(10_000, n - block), seed=20261122 + block)):
            d["reference"] = f"P{block + i}"
            out.append(d)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--days", type=int, default=1)  # a nightly refresh
    parser.add_argument("--workers-jour-a", type=int, default=2, help="processes for the (untimed) run of day A")
    args = parser.parse_args()
    default_rulebook()
    rng = random.Random(23)
    dossiers = portfolio(args.n)
    later = AS_OF + timedelta(days=args.days)
    print(f"[refresh] {args.n:,} dossiers, {args.changed:.0%} modifiés, actualisation au {later} depuis le {AS_OF} ; "
          f"début {load()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "portefeuille.jsonl"
        src.write_text("".join(json.dumps(d) + "\n" for d in dossiers), encoding="utf-8")
        old, new, full = tmp / "old.parquet", tmp / "new.parquet", tmp / "full.parquet"
        t = time.perf_counter()
        run_batch(src, old, AS_OF, compact=True, progress=False, workers=args.workers_jour_a)
        first = time.perf_counter() - t
        changed = rng.sample(range(args.n), int(args.n * args.changed))
        for i in changed:
            dossiers[i]["factures"][0]["montant_ttc"] = f"{rng.randrange(100, 2_000_000) / 100:.2f}"
        src.write_text("".join(json.dumps(d) + "\n" for d in dossiers), encoding="utf-8")
        del dossiers
        t = cpu()
        run_batch(src, full, later, compact=True, progress=False)
        full_cpu = cpu() - t
        print(f"  évaluation complète faite ; {load()}", flush=True)
        t = cpu()
        summary = run_batch(src, new, later, compact=True, progress=False, precedent=old)
        refresh_cpu = cpu() - t
        import pyarrow.parquet as pq

        rows_new, rows_full = pq.read_table(new).to_pylist(), pq.read_table(full).to_pylist()
        identical = rows_new == rows_full
        differences = [(a, b) for a, b in zip(rows_new, rows_full) if a != b]
    per_dossier = full_cpu / args.n
    reevaluated = summary.ok - summary.repris + summary.errors
    redone = reevaluated * per_dossier
    ratio = full_cpu / refresh_cpu
    print(f"  fin {load()}")
    print(f"  évaluation complète (jour A, {args.workers_jour_a} processus, non chronométrée) : {first:7.1f} s murs")
    print(f"  évaluation complète (jour A+{args.days}), un cœur : {full_cpu:7.1f} s CPU ({per_dossier * 1e3:.2f} ms/dossier)")
    print(f"  actualisation (--precedent), un cœur   : {refresh_cpu:7.1f} s CPU ({refresh_cpu / args.n * 1e3:.3f} ms/dossier) ; "
          f"{summary.repris:,} repris, {summary.ok - summary.repris:,} réévalués, {summary.errors} en erreur")
    print(f"  rapport complète / actualisation       : {ratio:.1f}× (objectif ≥ {OBJECTIF:.0f}× : "
          f"{'atteint' if ratio >= OBJECTIF else 'NON ATTEINT'})")
    print(f"  fichiers identiques                    : {'oui' if identical else 'NON'}")
    if not identical:
        print(f"  {len(differences)} lignes diffèrent (sur {len(rows_full)} ; {len(rows_new)} dans l'actualisation) ; "
              "les premières (actualisation / évaluation complète) :")
        for a, b in differences[:5]:
            print(f"    ligne {b['line']} {b['reference']} : " + " ; ".join(
                f"{k} {a.get(k)!r} / {b.get(k)!r}" for k in b if a.get(k) != b.get(k)))
    print(f"  où passe le temps de l'actualisation   : {reevaluated:,} dossiers réévalués ≈ {redone:.1f} s "
          f"({redone / refresh_cpu:.0%}) ; lecture du fichier précédent, empreintes, report des lignes gardées, "
          f"écriture ≈ {refresh_cpu - redone:.1f} s ({(refresh_cpu - redone) / args.n * 1e6:.0f} µs par dossier)")


if __name__ == "__main__":
    main()
