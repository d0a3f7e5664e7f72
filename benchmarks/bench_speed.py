"""End-to-end speed, memory and scaling of portfolio evaluation (issue 14). Prints figures and ratios;
never asserts a time. Each part can be run alone:

    python benchmarks/bench_speed.py e2e      [--n 2000]     # parse → validate → evaluate → serialise, one core
    python benchmarks/bench_speed.py stages   [--n 1000]     # where one dossier's time goes, stage by stage
    python benchmarks/bench_speed.py engines  [--n 1000]     # durable-rules vs the Python evaluator, cost per round
    python benchmarks/bench_speed.py cold                    # process start → first answer, with and without cache
    python benchmarks/bench_speed.py scaling  [--n 4000]     # 2 processes vs 1
    python benchmarks/bench_speed.py memory   [--n 200000]   # RSS along `creances batch` to Parquet and JSONL: the slope
    python benchmarks/bench_speed.py batch    [--n 100000]   # `creances batch`, 2 % broken records
    python benchmarks/bench_speed.py compare  [--n 600] [--base fb6aa88] [--tours 2]   # before/after, same run
    python benchmarks/bench_speed.py all

On a shared machine, read the ratios (same load for both sides of a ratio) more than the absolute
figures; the load average is printed with each part.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_portfolio import AS_OF, synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def load() -> str:
    return "charge " + " ".join(open("/proc/loadavg").read().split()[:3])


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:8,.0f} dossiers/s ({seconds / n * 1e3:6.2f} ms/dossier)"


def cpu() -> float:
    return time.process_time()


# ----------------------------------------------------------------------------------------------- parts


def e2e(n: int) -> None:
    """One core, end to end from JSON text: the three outputs a platform can store."""
    from creances_rules.portfolio.compact import compact
    from creances_rules.evaluation.evaluate import evaluate
    from creances_rules.models.loading import dossier_from_dict, parse_text

    lines = [json.dumps(d).encode() for d in synthetic(n)]
    evaluate(json.loads(lines[0]), AS_OF, trace=False)  # warm: rule base, engine, rate tables
    print(f"[e2e] {n} dossiers, un cœur, moteur auto ; {load()}")
    for label, trace, out in (("JSON complet, trace off", False, "json"), ("JSON complet, trace on ", True, "json"),
                              ("enregistrement compact ", False, "compact")):
        t = cpu()
        for raw in lines:
            a = evaluate(dossier_from_dict(parse_text(raw, "")), AS_OF, trace=trace)
            s = a.to_json(indent=None) if out == "json" else json.dumps(compact(a))
        print(f"  {label} : {rate(n, cpu() - t)}  (temps CPU du processus)")
    del s


def engines(n: int) -> None:
    from creances_rules.rulebook.engines import durable_engine
    from creances_rules.evaluation.evaluate import default_rulebook, evaluate

    portfolio = synthetic(n)
    book = default_rulebook()
    rounds = sum(len(book.strata.get(p, [])) for p in ("qualification", "consequence"))
    print(f"[engines] {n} dossiers ; {rounds} tours de moteur (strates) par dossier ; {load()}")
    if not durable_engine.available():
        print("  durable-rules indisponible")
        return
    timings = {}
    for engine in ("python", "durable"):
        evaluate(portfolio[0], AS_OF, engine=engine, trace=False)
        t = cpu()
        for d in portfolio:
            evaluate(d, AS_OF, engine=engine, trace=False)
        timings[engine] = cpu() - t
        print(f"  évaluation complète, {engine:8s}: {rate(n, timings[engine])}")
    # The engines alone, on the same views (facts + earlier conclusions, stratum by stratum) as in an
    # evaluation: every round run_phase sends, for each engine — the engine's own share of a dossier.
    from creances_rules.rulebook.engines.base import required_conclusions
    from creances_rules.rulebook.engines.python_engine import PythonEngine
    from creances_rules.evaluation.evaluate import _Evaluation
    from creances_rules.models.loading import load_dossier

    required = required_conclusions(book)
    rounds_sent = []
    for d in portfolio[:min(n, 300)]:
        evaluation = _Evaluation(book, PythonEngine(), load_dossier(d), AS_OF)
        evaluation.run(False)
        for phase, result in evaluation.results.items():
            for index, stratum in enumerate(book.strata[phase]):
                view = result.views[index]
                established = {k.removeprefix("established:") for k, v in view.items()
                               if k.startswith("established:") and v is True}
                if any(required[rid] <= established for rid in stratum):
                    rounds_sent.append((phase, index, stratum, view))
    dossiers = min(n, 300)
    alone = {}
    for engine in (PythonEngine(), durable_engine.DurableEngine()):
        for phase, index, stratum, view in rounds_sent[:30]:
            engine.fire(book, phase, index, stratum, view)  # compile outside the measure
        t = cpu()
        for phase, index, stratum, view in rounds_sent:
            engine.fire(book, phase, index, stratum, view)
        alone[engine.name] = (cpu() - t) / dossiers
        print(f"  moteur seul, {engine.name:8s}: {alone[engine.name] * 1e3:6.3f} ms par dossier "
              f"({alone[engine.name] / (len(rounds_sent) / dossiers) * 1e6:5.1f} µs par tour en moyenne)")
    per_dossier = len(rounds_sent) / dossiers
    print(f"  tours envoyés au moteur : {per_dossier:.1f} par dossier (sur {rounds} strates ; une strate dont aucune "
          "règle ne peut tenir n'est pas envoyée)")
    print(f"  ratio durable / python : évaluation complète {timings['durable'] / timings['python']:.2f} ; "
          f"moteur seul {alone['durable'] / alone['python']:.2f} ; borne du moteur durable = "
          f"{per_dossier:.1f} tours × {alone['durable'] / per_dossier * 1e6:.0f} µs = "
          f"{alone['durable'] * 1e3:.2f} ms/dossier, sur {timings['durable'] / n * 1e3:.2f} ms")


def stages(n: int) -> None:
    """Where one dossier's time goes, stage by stage (trace off, engine auto; full JSON and compact record):
    exclusive CPU time of each stage (`_cote.STAGES`), what a faster design would have to remove."""
    from _cote import etapes
    from comparaison import imprimer_etapes

    from creances_rules.portfolio import evaluate_many  # noqa: F401

    lines = [json.dumps(d).encode() for d in synthetic(n, seed=11)]
    warm = [json.dumps(d).encode() for d in synthetic(100, seed=99)]
    print(f"[stages] {n} dossiers, trace off, moteur auto, un cœur, temps CPU ; {load()}")
    imprimer_etapes({"ici": etapes(lines, warm, AS_OF)}, {})


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds user+system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold() -> None:
    example = ROOT / "examples" / "facture_b2b_impayee.yaml"
    exe = Path(sys.executable).with_name("creances")
    cmd = [str(exe), "evaluate", str(example), "--as-of", "2025-07-01", "--format", "json"]
    env = dict(os.environ)
    # An installed package has its .pyc; this environment may set PYTHONDONTWRITEBYTECODE, so the
    # bytecode is compiled first, next to the sources the subprocesses import, as pip would.
    package = subprocess.run([sys.executable, "-c", "import creances_rules, os; print(os.path.dirname("
                              "creances_rules.__file__))"], env=env, capture_output=True, text=True,
                             check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True)
    print(f"[cold] `creances evaluate` de bout en bout (démarrage du processus → réponse) ; {load()}")
    print(f"  .pyc compilés d'abord dans {package} (comme un paquet installé)")
    for label, extra in (("sans cache", {"CREANCES_RULES_NO_CACHE": "1"}), ("avec cache", {})):
        subprocess.run(cmd, env={**env, **extra}, capture_output=True)  # fills the cache for the next one
        runs = [_timed(cmd, {**env, **extra}) for _ in range(3)]
        print(f"  {label} : {min(w for w, _ in runs):.2f} s (meilleur de 3 ; CPU {min(c for _, c in runs):.2f} s)")
    runs = [_timed([sys.executable, "-c", "import creances_rules.evaluation.evaluate"], env) for _ in range(3)]
    print(f"  dont l'import seul de creances_rules.evaluation.evaluate : {min(w for w, _ in runs):.2f} s (meilleur de 3 ; "
          f"CPU {min(c for _, c in runs):.2f} s)")


def scaling(n: int) -> None:
    from creances_rules.portfolio.workers import evaluate_many

    portfolio = synthetic(n)
    print(f"[scaling] {n} dossiers, sortie JSON ; {load()}")
    times = {}
    for workers in (1, 2):
        t = time.perf_counter()
        count = sum(1 for _ in evaluate_many(iter(portfolio), AS_OF, workers=workers, output="json"))
        times[workers] = time.perf_counter() - t
        print(f"  {workers} processus : {rate(count, times[workers])}")
    print(f"  accélération 2 processus / 1 : {times[1] / times[2]:.2f}× (sur une machine partagée, borne basse)")


def stream(n: int, seed: int = 1):
    """n distinct dossiers generated lazily (the portfolio is never held in memory): blocks of 1 000 of the
    benchmark's generator, each block with its own seed — no memo sees the same dossier twice."""
    for start in range(0, n, 1000):
        for i, d in enumerate(synthetic(min(1000, n - start), seed * 1_000_003 + start)):
            d["reference"] = f"S{start + i}"
            yield d


def write_portfolio(path: Path, n: int, seed: int = 1) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for d in stream(n, seed):
            handle.write(json.dumps(d) + "\n")


def _tree_rss(pid: int) -> tuple[float, float]:
    """(RSS of the process, largest RSS of its children) in MiB, from /proc."""
    def rss(p: int) -> float:
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        children.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return rss(pid), max((rss(c) for c in children), default=0.0)


def _slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of RSS (MiB) against dossiers done, per 100 000 dossiers."""
    if len(points) < 2:
        return float("nan")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var * 100_000 if var else float("nan")


def memory(n: int, workers: int = 2, formats: tuple[str, ...] = (".parquet", ".jsonl"), complet: bool = False) -> None:
    """`creances batch` of n distinct dossiers to Parquet (row groups) and to JSONL, RSS sampled every second
    (the main process, which reads, orders and writes, and its largest worker), against the dossiers done (read
    from the progress bar): the slope per 100 000 dossiers after the first 10 %, which a flat memory keeps near 0."""
    import re
    import threading

    exe = Path(sys.executable).with_name("creances")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        write_portfolio(src, n)
        print(f"[memory] {n:,} dossiers distincts ({src.stat().st_size / 2**20:,.0f} Mio) en flux par `creances batch`, "
              f"{workers} processus, {'évaluation complète' if complet else '--compact'} ; {load()}", flush=True)
        for suffix in formats:
            out = Path(tmp) / f"out{suffix}"
            cmd = [str(exe), "batch", str(src), "-o", str(out), "--as-of", AS_OF.isoformat(), "--workers",
                   str(workers), "--progress"] + ([] if complet else ["--compact"])
            proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
            done = [0]

            def follow() -> None:  # the progress bar: « n/total » after each \r
                buffer = b""
                assert proc.stderr is not None
                for chunk in iter(lambda: proc.stderr.read1(4096), b""):
                    buffer = (buffer + chunk)[-4096:]
                    found = re.findall(rb"(\d+)/%d" % n, buffer)
                    if found:
                        done[0] = int(found[-1])

            reader = threading.Thread(target=follow, daemon=True)
            reader.start()
            samples: list[tuple[int, float, float]] = []
            t = time.perf_counter()
            while proc.poll() is None:
                main_rss, worker_rss = _tree_rss(proc.pid)
                if main_rss:
                    samples.append((done[0], main_rss, worker_rss))
                time.sleep(1.0)
            reader.join(timeout=5)
            elapsed = time.perf_counter() - t
            # after the first 10 %, while the workers run (at the end they are gone and the bar reads n)
            late = [s for s in samples if n // 10 <= s[0] < n and s[2] > 0]
            print(f"  {suffix:8s} code {proc.returncode} ; {elapsed:,.0f} s murs ({n / elapsed:,.0f} dossiers/s) ; "
                  f"sortie {out.stat().st_size / n if out.exists() else 0:,.0f} octets par dossier ; {load()}")
            for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
                point = next((s for s in samples if s[0] >= n * frac and s[2] > 0), None)
                if point:
                    print(f"    après {point[0]:>9,} : processus principal {point[1]:7.1f} Mio ; "
                          f"plus gros processus d'évaluation {point[2]:7.1f} Mio")
            if samples:
                print(f"    maximum : principal {max(s[1] for s in samples):.1f} Mio, évaluation "
                      f"{max(s[2] for s in samples):.1f} Mio")
            print(f"    pente après les premiers 10 % : principal {_slope([(s[0], s[1]) for s in late]):+.2f} Mio, "
                  f"évaluation {_slope([(s[0], s[2]) for s in late]):+.2f} Mio par 100 000 dossiers "
                  f"({len(late)} relevés)")
            if suffix == ".jsonl" and out.exists():
                sizes = [len(line) for line in out.open("rb")]
                print(f"    enregistrements JSONL : {sum(sizes) / len(sizes):,.0f} octets en moyenne, {max(sizes):,} au plus, "
                      f"{sum(s > 2048 for s in sizes):,} sur {len(sizes):,} au-delà de 2 Kio")
            out.unlink(missing_ok=True)


def make_batch_file(path: Path, n: int, broken: float = 0.02) -> int:
    rng = random.Random(7)
    bad = 0
    with path.open("w", encoding="utf-8") as handle:
        for i, d in enumerate(stream(n, seed=3)):
            if rng.random() < broken:
                bad += 1
                kind = rng.randrange(6)
                if kind == 0:
                    handle.write('{"reference": "cassé", \n')
                    continue
                if kind == 1:
                    handle.write('"/etc/passwd"\n')
                    continue
                d = json.loads(json.dumps(d))
                if kind == 2:
                    d["debiteur"]["departement"] = "99"
                elif kind == 3:
                    d["factures"][0]["montant_ttc"] = "1e30"
                elif kind == 4:
                    d["factures"][0]["date_emission"] = "2025-02-30"
                else:
                    d["paiements"] = [{"date": "0001-01-01", "montant": 1}]
            handle.write(json.dumps(d, ensure_ascii=False) + "\n")
    return bad


def batch(n: int, workers: int) -> None:
    exe = Path(sys.executable).with_name("creances")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        bad = make_batch_file(src, n)
        print(f"[batch] {n:,} dossiers dont {bad:,} cassés, {workers} processus ; {load()}")
        t = time.perf_counter()
        done = subprocess.run([str(exe), "batch", str(src), "-o", str(out), "--as-of", AS_OF.isoformat(),
                               "--workers", str(workers), "--compact", "--no-progress"],
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        lines_in = sum(1 for line in src.open("rb") if line.strip())
        records = [json.loads(line) for line in out.open(encoding="utf-8")]
        errors = sum(1 for r in records if not r["ok"])
        ordered = [r["line"] for r in records] == sorted(r["line"] for r in records)
        print(f"  code de sortie {done.returncode} ; traceback : {'Traceback' in done.stderr}")
        print(f"  {lines_in:,} enregistrements en entrée, {len(records):,} en sortie, dans l'ordre : {ordered}")
        print(f"  {errors:,} erreurs nommées (attendu {bad:,}) ; {rate(n, elapsed)} ; "
              f"RSS max d'un processus : {peak:.0f} Mio")
        print("  " + done.stderr.strip().splitlines()[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("part", choices=["e2e", "stages", "engines", "cold", "scaling", "memory", "batch", "compare",
                                         "all"])
    parser.add_argument("--n", type=int)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--base", default="fb6aa88", help="compare: the commit before the speed work (issue 23)")
    parser.add_argument("--tours", type=int, default=2, help="compare: alternated rounds per side")
    parser.add_argument("--formats", default="parquet,jsonl", help="memory: output formats (parquet,jsonl)")
    parser.add_argument("--complet", action="store_true", help="memory: the full assessment instead of --compact")
    args = parser.parse_args()
    if args.part == "compare":
        from comparaison import compare

        compare(args.base, args.n or 600, args.tours)
        return
    parts = ["e2e", "stages", "engines", "cold", "scaling", "memory", "batch"] if args.part == "all" else [args.part]
    defaults = {"e2e": 2000, "stages": 1000, "engines": 1000, "scaling": 4000, "memory": 200_000, "batch": 100_000}
    for part in parts:
        n = args.n or defaults.get(part, 0)
        if part == "cold":
            cold()
        elif part == "memory":
            memory(n, args.workers, tuple(f".{f}" for f in args.formats.split(",")), args.complet)
        elif part == "batch":
            batch(n, args.workers)
        else:
            globals()[part](n)


if __name__ == "__main__":
    main()
