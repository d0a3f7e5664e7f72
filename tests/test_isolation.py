"""Evaluations are isolated (issue 14): eight threads give the results of one, and evaluations in a
row leak neither memory nor facts from one dossier into the next (bounded here; the 10 000-dossier
run is `benchmarks/bench_speed.py memory`)."""

from __future__ import annotations

import gc
import json
import sys
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_portfolio import AS_OF, synthetic  # noqa: E402

ENGINES = ["python"] + (["durable"] if durable_engine.available() else [])
PORTFOLIO = synthetic(12, seed=14)


def _answer(dossier, engine):
    data = evaluate(dossier, AS_OF, engine=engine, trace=False).to_dict()
    return json.dumps(data, sort_keys=True)


@pytest.mark.parametrize("engine", ENGINES)
def test_eight_threads_give_the_results_of_one(engine):
    one = [_answer(d, engine) for d in PORTFOLIO]
    with ThreadPoolExecutor(max_workers=8) as pool:
        eight = list(pool.map(lambda d: _answer(d, engine), PORTFOLIO * 2))
    assert eight == one * 2


@pytest.mark.parametrize("engine", ENGINES)
def test_evaluations_in_a_row_leak_neither_facts_nor_memory(engine):
    first = [_answer(d, engine) for d in PORTFOLIO]
    for _ in range(2):  # warm every cache (rates, holidays, compiled conditions)
        for d in PORTFOLIO:
            _answer(d, engine)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(4):
        again = [_answer(d, engine) for d in PORTFOLIO]
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert again == first  # nothing of one dossier in the next
    # 48 evaluations: a leak of 20 kB per evaluation would show; caches bounded by the law's
    # calendar (years of holidays, rate periods) stay far below.
    assert grown < 1_000_000, grown
