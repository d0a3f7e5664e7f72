"""Portfolio benchmark: 100k claims, durable-rules vs the pure-Python evaluator of the same rules.

Reports ratios, never asserts a wall-clock time. Run:

    .venv/bin/python benchmarks/bench_portfolio.py [--claims 100000] [--workers 2]

Three measurements on the same synthetic, seeded portfolio:
1. the rule engines alone (which rules fire, stratum by stratum, on already derived facts): the
   durable-rules adapter vs the Python evaluator — the ratio the choice of engine is about;
2. full assessments (derivation, both phases, conclusions, amounts, timeline; no trace), both engines;
3. the full portfolio through `evaluate_many` with a process pool.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from creances_rules import evaluate
from creances_rules.institutions.derive import base_facts, qualified_facts
from creances_rules.rulebook.engines import durable_engine
from creances_rules.rulebook.engines.base import run_phase
from creances_rules.rulebook.engines.python_engine import PythonEngine
from creances_rules.evaluation.evaluate import default_rulebook
from creances_rules.models.loading import load_dossier
from creances_rules.portfolio.workers import evaluate_many

AS_OF = date(2025, 11, 3)


def synthetic(n: int, seed: int = 20261122) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        issued = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 1000))
        factures = [
            {"numero": f"F{i}-{k}", "montant_ttc": f"{rng.randrange(100, 2_000_000) / 100:.2f}",
             "date_emission": (issued + timedelta(days=15 * k)).isoformat(),
             **({"date_echeance": (issued + timedelta(days=15 * k + 30)).isoformat()} if rng.random() < 0.8 else
                {"date_livraison": (issued + timedelta(days=15 * k)).isoformat()})}
            for k in range(rng.randrange(1, 4))
        ]
        events = []
        day = issued + timedelta(days=40)
        for kind in ("relance", "relance_telephonique", "mise_en_demeure"):
            if rng.random() < 0.5:
                events.append({"type": kind, "date": day.isoformat(), "forme": "lrar",
                               "mentions": ["termes_mise_en_demeure", "montant", "factures", "delai_de_paiement", "accuse_de_reception"]})
                day += timedelta(days=rng.randrange(5, 40))
        out.append({
            "reference": f"P{i}",
            "creancier": {"qualite": rng.choice(["professionnel", "professionnel", "particulier"])},
            "debiteur": {"qualite": rng.choice(["professionnel", "consommateur", "non_professionnel"]),
                         "departement": rng.choice(["75", "13", "67", "974", "69"])},
            "contrat": {"date_conclusion": (issued - timedelta(days=rng.randrange(0, 4000))).isoformat()},
            "factures": factures,
            "paiements": ([{"date": (issued + timedelta(days=60)).isoformat(), "montant": "100.00"}]
                          if rng.random() < 0.3 else []),
            "evenements": events,
        })
    return out


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} dossiers/s ({seconds / n * 1e6:,.0f} µs/dossier)"


def bench_engines(portfolio: list[dict]) -> None:
    book = default_rulebook()
    prepared = []
    for d in portfolio:
        dossier = load_dossier(d)
        derivation = base_facts(dossier, AS_OF)
        q = run_phase(PythonEngine(), book, "qualification", derivation.facts)
        for rid in q.fired:
            derivation.facts.update(book.rule(rid).then.set)
        prepared.append((qualified_facts(dossier, AS_OF, derivation).facts, q.established))
    engines = [PythonEngine()] + ([durable_engine.DurableEngine()] if durable_engine.available() else [])
    timings = {}
    for engine in engines:
        run_phase(engine, book, "consequence", prepared[0][0], prepared[0][1])  # compile
        t = time.perf_counter()
        for facts, established in prepared:
            run_phase(engine, book, "consequence", facts, established)
        timings[engine.name] = time.perf_counter() - t
        print(f"  moteur seul, {engine.name:8s}: {rate(len(prepared), timings[engine.name])}")
    if "durable" in timings:
        print(f"  ratio durable / python (moteur seul) : {timings['durable'] / timings['python']:.2f}")


def bench_full(portfolio: list[dict]) -> None:
    timings = {}
    for engine in ["python"] + (["durable"] if durable_engine.available() else []):
        evaluate(portfolio[0], AS_OF, engine=engine)
        t = time.perf_counter()
        for d in portfolio:
            evaluate(d, AS_OF, engine=engine, trace=False)
        timings[engine] = time.perf_counter() - t
        print(f"  évaluation complète, {engine:8s}: {rate(len(portfolio), timings[engine])}")
    if "durable" in timings:
        print(f"  ratio durable / python (évaluation complète) : {timings['durable'] / timings['python']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5_000, help="dossiers for the per-engine comparisons")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    portfolio = synthetic(args.claims)
    sample = portfolio[: args.sample]
    print(f"Règles : {len(default_rulebook().rules)} ; échantillon : {len(sample)} dossiers")
    bench_engines(sample)
    bench_full(sample)
    t = time.perf_counter()
    errors = sum(1 for r in evaluate_many(portfolio, AS_OF, workers=args.workers) if r.error)
    elapsed = time.perf_counter() - t
    print(f"Portefeuille de {len(portfolio):,} dossiers, {args.workers} processus : {rate(len(portfolio), elapsed)}, "
          f"{errors} dossiers en erreur")


if __name__ == "__main__":
    main()
