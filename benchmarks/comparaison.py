"""Before/after in the same run (issue 23): this tree against an earlier commit of the repository.

    python benchmarks/bench_speed.py compare [--base fb6aa88] [--n 600] [--tours 2]

The earlier commit is taken from the repository's own history (``git archive``, into a temporary directory
removed at the end: nothing is registered in the repository). Each measurement runs in its own process with
``PYTHONPATH`` at one tree's ``src`` (`_cote.py`), the two sides alternating (A B A B …) so that both see the
same load; the figure kept for each side is its best round (the least disturbed). CPU time of the process,
one core: a ratio holds on a shared machine, an absolute figure less so (the load is printed).

Printed: ms per dossier and the ratio for the full JSON (trace off, trace on) and the compact record, the
cold start (`creances evaluate`, process start → answer, with and without the rule cache, and the import
alone), each against issue 23's target; where a target is not met, the stages of both trees (where the
remaining time goes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import io
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

# Issue 23's targets: (mode, minimum ratio before/after of the CPU time per dossier).
OBJECTIFS_RAPPORT = {"complet": 3.0, "compact": 5.0}
OBJECTIF_FROID_CACHE = 0.3  # seconds of CPU, `creances evaluate` with the rule cache
LIBELLES = {"complet": "JSON complet, trace off", "trace": "JSON complet, trace on", "compact": "enregistrement compact"}


def load() -> str:
    return "charge " + " ".join(open("/proc/loadavg").read().split()[:3])


def _git(*args: str, **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, **kwargs)


def extraire(commit: str, into: Path) -> str | None:
    """The tree of ``commit`` written under ``into``; None, with the reason
    printed, when the repository's history does not have it (a shallow clone)."""
    shallow = _git("rev-parse", "--is-shallow-repository", text=True).stdout.strip() == "true"
    found = _git("rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}", text=True)
    if found.returncode != 0:
        why = "clone superficiel (shallow)" if shallow else "commit absent de l'historique"
        print(f"  {commit} introuvable : {why} ; comparaison sautée (git fetch --unshallow pour la faire)")
        return None
    sha = found.stdout.strip()
    archive = _git("archive", "--format=tar", sha)  # the whole tree: src, rules, examples… (a few MB)
    if archive.returncode != 0:
        print(f"  git archive {commit} : {archive.stderr.decode(errors='replace').strip()} ; comparaison sautée")
        return None
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return sha


def _portefeuilles(n: int, tmp: Path) -> tuple[Path, Path]:
    from bench_portfolio import synthetic

    dossiers, chauffe = tmp / "dossiers.jsonl", tmp / "chauffe.jsonl"
    dossiers.write_text("".join(json.dumps(d) + "\n" for d in synthetic(n)), encoding="utf-8")
    # the warm-up runs on other dossiers: no memo of the measured ones is filled beforehand
    chauffe.write_text("".join(json.dumps(d) + "\n" for d in synthetic(100, seed=99)), encoding="utf-8")
    return dossiers, chauffe


def _cote(tree: Path, part: str, dossiers: Path, chauffe: Path, as_of: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    done = subprocess.run([sys.executable, str(HERE / "_cote.py"), part, str(dossiers), str(chauffe), as_of],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{tree} : {part} a échoué\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _entree_cli(tree: Path) -> str:
    """``module:function`` of the ``creances`` command in that tree's pyproject."""
    for line in (tree / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.replace(" ", "").startswith("creances="):
            return line.split("=", 1)[1].strip().strip('"')
    raise SystemExit(f"{tree}/pyproject.toml : pas de script « creances »")


def _froid(tree: Path, cache: Path, sans_cache: bool, import_seul: bool = False) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `creances evaluate` process of ``tree``, start → answer."""
    module, function = _entree_cli(tree).split(":")
    if import_seul:
        code = ("import importlib\nfor m in ('creances_rules.evaluation.evaluate', 'creances_rules.evaluate'):\n"
                "    try:\n        importlib.import_module(m); break\n    except ImportError: pass")
    else:
        example = tree / "examples" / "facture_b2b_impayee.yaml"
        code = (f"import sys\nfrom {module} import {function}\nsys.argv = ['creances', 'evaluate', {str(example)!r}, "
                f"'--as-of', '2025-07-01', '--format', 'json']\nsys.exit({function}())")
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "CREANCES_RULES_CACHE_DIR": str(cache)}
    if sans_cache:
        env["CREANCES_RULES_NO_CACHE"] = "1"
    else:
        env.pop("CREANCES_RULES_NO_CACHE", None)
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{tree} : démarrage à froid en échec\n{done.stderr.decode(errors='replace')[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def froid(cotes: dict[str, Path], tmp: Path, tours: int) -> dict[str, dict[str, tuple[float, float]]]:
    """Best of ``tours`` alternated runs, per side: without cache, with cache, the import alone."""
    for tree in cotes.values():  # an installed package has its .pyc (this environment may not write them)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "src")], check=True)
    caches = {name: tmp / f"cache-{name}" for name in cotes}
    for name, tree in cotes.items():
        _froid(tree, caches[name], sans_cache=False)  # fills the rule cache
    best: dict[str, dict[str, tuple[float, float]]] = {name: {} for name in cotes}
    for _ in range(tours):
        for label, kwargs in (("sans cache", {"sans_cache": True}), ("avec cache", {"sans_cache": False}),
                              ("import seul", {"sans_cache": False, "import_seul": True})):
            for name, tree in cotes.items():
                wall, cpu = _froid(tree, caches[name], **kwargs)
                old = best[name].get(label)
                best[name][label] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
    return best


def _verdict(ok: bool) -> str:
    return "atteint" if ok else "NON ATTEINT"


def imprimer_etapes(etapes: dict[str, dict[str, Any]], objectifs: dict[str, float]) -> None:
    """Stage by stage, for each side (``avant``, ``apres``, or one alone), in ms of CPU per dossier (exclusive
    time) and calls per dossier; with both sides, the budget the target leaves."""
    from _cote import STAGES

    noms = list(etapes)
    for mode in ("complet", "compact"):
        print(f"  où passe le temps — {LIBELLES[mode]} (ms CPU par dossier, appels par dossier) :")
        print(f"    {'étape':58s} " + " ".join(f"{NOMS.get(nom, nom):>7s}" for nom in noms) + f"  {'appels':>13s}")
        for label in [*STAGES, RESTE]:
            cells = []
            for nom in noms:
                side, n = etapes[nom][mode], etapes[nom]["n"]
                if label == RESTE:
                    value, calls = side["total"] - sum(side["etapes"].values()), None
                else:
                    value, calls = side["etapes"].get(label), side["appels"].get(label)
                cells.append((value / n * 1e3 if value is not None else None, calls / n if calls else None))
            calls = "/".join(f"{c:.1f}" if c is not None else "—" for _, c in cells) if label != RESTE else ""
            print(f"    {label:58s} " + " ".join(_ms(v) for v, _ in cells) + f"  {calls:>13s}")
        totals = [etapes[nom][mode]["total"] / etapes[nom]["n"] * 1e3 for nom in noms]
        budget = ""
        if "avant" in etapes and mode in objectifs:
            budget = f"   ; budget pour l'objectif ({objectifs[mode]:.0f}×) : {totals[0] / objectifs[mode]:.3f} ms"
        print(f"    {'total (instrumenté)':58s} " + " ".join(_ms(t) for t in totals) + budget)
    for nom in noms:
        if etapes[nom].get("absentes"):
            print(f"  ({NOMS.get(nom, nom)} : fonctions absentes de cet arbre, leur temps est dans le reste : "
                  f"{', '.join(etapes[nom]['absentes'])})")


RESTE = "reste (assemblage du résultat, modèles, divers)"
NOMS = {"avant": "avant", "apres": "après", "ici": "ms"}


def _ms(value: float | None) -> str:
    return f"{value:7.3f}" if value is not None else "      —"


def compare(base: str, n: int, tours: int) -> None:
    import datetime

    from bench_portfolio import AS_OF

    tmp = Path(tempfile.mkdtemp(prefix="compare-"))
    try:
        head = _git("rev-parse", "--short", "HEAD", text=True).stdout.strip()
        dirty = bool(_git("status", "--porcelain", "--", "src", text=True).stdout.strip())
        print(f"[compare] {base} (avant) contre cet arbre ({head}{' + modifications' if dirty else ''}, après) ; "
              f"{n} dossiers, {tours} tours alternés, un cœur, temps CPU ; {load()} ; "
              f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
        sha = extraire(base, tmp / "avant")
        if sha is None:
            return
        cotes = {"avant": tmp / "avant", "apres": ROOT}
        dossiers, chauffe = _portefeuilles(n, tmp)
        best: dict[str, dict[str, float]] = {"avant": {}, "apres": {}}
        for _ in range(tours):
            for name, tree in cotes.items():
                got = _cote(tree, "debit", dossiers, chauffe, AS_OF.isoformat())
                for mode in LIBELLES:
                    best[name][mode] = min(got[mode], best[name].get(mode, float("inf")))
        print(f"  débit (meilleur de {tours}, ms CPU par dossier) ; {load()}")
        print(f"    {'mesure':28s} {'avant':>8s} {'après':>8s} {'rapport':>8s}  objectif")
        manques = {}
        for mode, label in LIBELLES.items():
            avant, apres = best["avant"][mode] / n * 1e3, best["apres"][mode] / n * 1e3
            ratio = avant / apres
            target = OBJECTIFS_RAPPORT.get(mode)
            verdict = f"≥ {target:.0f}× : {_verdict(ratio >= target)}" if target else "—"
            if target and ratio < target:
                manques[mode] = target
            print(f"    {label:28s} {avant:8.3f} {apres:8.3f} {ratio:7.2f}×  {verdict}")
        cold = froid(cotes, tmp, max(tours, 3))
        print(f"  démarrage à froid `creances evaluate` (processus → réponse ; meilleur de {max(tours, 3)} ; "
              f"temps CPU, mur entre parenthèses) ; {load()}")
        for label in ("sans cache", "avec cache", "import seul"):
            (wa, ca), (wb, cb) = cold["avant"][label], cold["apres"][label]
            verdict = ""
            if label == "avec cache":
                verdict = f"  ≤ {OBJECTIF_FROID_CACHE} s : {_verdict(cb <= OBJECTIF_FROID_CACHE)}"
            print(f"    {label:12s} avant {ca:5.2f} s ({wa:5.2f}) ; après {cb:5.2f} s ({wb:5.2f}) ; "
                  f"rapport {ca / cb:4.2f}×{verdict}")
        print("  mémoire à 1 M de dossiers : `bench_speed.py memory` (pente par 100 000 dossiers)")
        if manques:
            etapes = {name: _cote(tree, "etapes", dossiers, chauffe, AS_OF.isoformat()) for name, tree in cotes.items()}
            print(f"  objectif non atteint ({', '.join(LIBELLES[m] for m in manques)}) ; {load()}")
            imprimer_etapes(etapes, OBJECTIFS_RAPPORT)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
