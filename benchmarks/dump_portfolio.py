"""Write the assessments of the benchmark portfolio, one JSON line per dossier (engine name left out),
to compare Python versions, engines or dependency floors with ``cmp``:

    python3.11 benchmarks/dump_portfolio.py --n 2000 --engine durable > a.jsonl
    python3.13 benchmarks/dump_portfolio.py --n 2000 --engine auto    > b.jsonl   # fallback: Python evaluator
    cmp a.jsonl b.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_portfolio import AS_OF, synthetic  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--engine", default="auto")
    args = parser.parse_args()
    warnings.simplefilter("ignore", RuntimeWarning)  # the fallback warning on Python 3.13
    from creances_rules.evaluation.evaluate import evaluate

    for d in synthetic(args.n):
        data = evaluate(d, AS_OF, engine=args.engine, trace=True).to_dict()
        data.pop("engine")
        sys.stdout.write(json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
