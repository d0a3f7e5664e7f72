"""The HTTP service under a bounded load: N requests from C concurrent clients on 127.0.0.1.

    python benchmarks/bench_serveur.py --n 2000 --clients 8 [--workers 1]

Starts `creances serve` (a real uvicorn process) on a free port, posts the three packaged examples in
turn, checks every answer against the library's own JSON (nothing lost, nothing different), and prints
throughput and latency percentiles. Figures, never assertions of duration.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from creances_rules import evaluate, examples

CASES = [("facture_b2b_impayee", "2025-07-01"), ("consommateur_proche_prescription", "2025-07-01"),
         ("jugement_puis_procedure_collective", "2025-06-15")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "creances_rules.tools.cli", "serve", "--port", str(port),
                               "--workers", str(args.workers)], stderr=subprocess.DEVNULL, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/sante", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        expected = {c: evaluate(examples.chemin(c[0]), as_of=c[1]).to_json() + "\n" for c in CASES}
        bodies = {c: examples.chemin(c[0]).read_bytes() for c in CASES}
        clients = [httpx.Client(base_url=url, timeout=120) for _ in range(args.clients)]

        def one(i: int) -> tuple[bool, float]:
            case = CASES[i % len(CASES)]
            start = time.perf_counter()
            rep = clients[i % args.clients].post("/evaluations", params={"as_of": case[1]}, content=bodies[case],
                                                 headers={"Content-Type": "application/yaml"})
            return rep.status_code == 200 and rep.text == expected[case], time.perf_counter() - start

        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(one, range(args.n)))
        elapsed = time.perf_counter() - start
        latencies = sorted(t for _, t in results)
        ok = sum(1 for good, _ in results if good)
        q = statistics.quantiles(latencies, n=100)
        print(f"{args.n} requêtes, {args.clients} clients, {args.workers} processus serveur : {ok} réponses "
              f"identiques à la bibliothèque, {args.n - ok} perdues ou différentes")
        print(f"débit {args.n / elapsed:.0f} requêtes/s ; latence p50 {q[49] * 1000:.0f} ms, "
              f"p95 {q[94] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms ; charge {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
