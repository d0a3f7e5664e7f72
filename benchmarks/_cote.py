"""One side of a before/after comparison (`bench_speed.py compare`), run in its own process with
``PYTHONPATH`` pointing at one tree's ``src``. Works on both layouts of the package (the flat one of
the commit before the speed work, ``creances_rules.evaluate``, and today's, ``creances_rules.evaluation``):
it goes through what both share — ``parse_text`` and ``creances_rules.portfolio.evaluate_many``, the path
``creances batch`` takes for each record. Prints one JSON object on stdout.

    python _cote.py debit  DOSSIERS.jsonl CHAUFFE.jsonl AAAA-MM-JJ   # CPU time of full / trace / compact
    python _cote.py etapes DOSSIERS.jsonl CHAUFFE.jsonl AAAA-MM-JJ   # the same runs, stage by stage
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
import time
from datetime import date
from typing import Any, Callable


def _first(*names: str) -> Any:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError(" / ".join(names))


def _parse_text() -> Callable[..., Any]:
    return _first("creances_rules.models.loading", "creances_rules.loading").parse_text


# The three outputs a platform stores (what `creances batch` writes per record: full JSON, with or without
# the trace, or the compact record serialised as `creances batch --compact` writes it).
MODES = {"complet": ("json", False), "trace": ("json", True), "compact": ("compact", False)}


def _run(lines: list[bytes], as_of: date, mode: str) -> None:
    from creances_rules.portfolio import evaluate_many

    parse_text = _parse_text()
    output, trace = MODES[mode]
    dossiers = (parse_text(raw, "") for raw in lines)
    for r in evaluate_many(dossiers, as_of, output=output, trace=trace):
        if r.error is not None:
            raise SystemExit(f"dossier {r.index} en erreur : {r.error}")
        if output == "compact":
            json.dumps(r.output, ensure_ascii=False, separators=(",", ":"))


def debit(lines: list[bytes], warm: list[bytes], as_of: date) -> dict[str, Any]:
    """CPU seconds of this process for each mode over ``lines`` (after a warm-up on other dossiers)."""
    out: dict[str, Any] = {"n": len(lines)}
    for mode in MODES:
        _run(warm, as_of, mode)  # rule base, engine, rate tables, this mode's own caches
        t = time.process_time()
        _run(lines, as_of, mode)
        out[mode] = time.process_time() - t
    return out


# ------------------------------------------------------------------------------------------ stages

# Where an evaluation's time goes: label -> (module's last name, function or Class.method). Each stage is
# timed around the functions that do it, *exclusive* of the other stages called inside (the décompte called
# from the derivation counts as décompte), so the stages add up to the total. A name absent from a tree
# (moved, renamed) is reported, and its time falls in the remainder.
STAGES: dict[str, list[tuple[str, str]]] = {
    "lecture JSON": [("loading", "parse_text")],
    "validation du dossier (modèle)": [("loading", "dossier_from_dict"), ("loading", "load_dossier")],
    "faits dérivés (échéances, prescription…)": [("derive", "base_facts"), ("derive", "qualified_facts")],
    "tours du moteur de règles": [("base", "run_phase")],
    "décompte": [("decompte", "calculer_decompte"), ("decompte", "avec_partie_reclamable")],
    "validité (valable_jusqu_au)": [("validite", "valable_jusqu_au")],
    "conclusions (calculateurs, constats, actions)": [("evaluate", "_Evaluation._materialise")],
    "avertissements de cohérence": [("coherence", "warnings_for")],
    "construction du résultat (montants, chronologie, état)": [
        ("evaluate", "_Evaluation._amounts"), ("evaluate", "_Evaluation._timeline"),
        ("evaluate", "_Evaluation._actualisation"), ("evaluate", "_Evaluation._trace"),
        ("evaluate", "_Evaluation._presentation")],  # an action's `why` and route conditions (absent before)
    "sérialisation (JSON complet, enregistrement compact)": [
        ("assessment", "Assessment.to_json"), ("assessment", "Assessment.to_dict"), ("compact", "compact"),
        ("sortie_typee", "ligne")],
}


class _Clock:
    """Exclusive CPU time per stage: a stage's own time, minus that of the stages it calls."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.stack: list[float] = []

    def wrap(self, label: str, original: Callable[..., Any]) -> Callable[..., Any]:
        clock = self

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.process_time()
            clock.stack.append(0.0)
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.process_time() - t
                inner = clock.stack.pop()
                clock.spent[label] = clock.spent.get(label, 0.0) + elapsed - inner
                clock.calls[label] = clock.calls.get(label, 0) + 1
                if clock.stack:
                    clock.stack[-1] += elapsed
        return timed


def _instrument(clock: _Clock) -> list[str]:
    """Wrap every stage function wherever it is referenced (its module, and each module that imported it by
    name), so calls through any of them are timed. Returns the names not found in this tree."""
    import creances_rules.portfolio  # noqa: F401 - loads the evaluation layers

    _first("creances_rules.evaluation.evaluate", "creances_rules.evaluate")
    for name in ("creances_rules.portfolio.compact", "creances_rules.compact", "creances_rules.portfolio.sortie_typee",
                 "creances_rules.evaluation.validite", "creances_rules.institutions.decompte"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    modules = [m for n, m in list(sys.modules.items()) if n.startswith("creances_rules") and m is not None]
    missing = []
    for label, targets in STAGES.items():
        for last, qualname in targets:
            homes = [m for m in modules if m.__name__.rsplit(".", 1)[-1] == last]
            found = False
            for home in homes:
                if "." in qualname:
                    cls_name, meth = qualname.split(".")
                    cls = getattr(home, cls_name, None)
                    if cls is None or cls.__module__ != home.__name__ or meth not in vars(cls):
                        continue
                    setattr(cls, meth, clock.wrap(label, vars(cls)[meth]))
                    found = True
                    continue
                original = getattr(home, qualname, None)
                if original is None or getattr(original, "__module__", None) != home.__name__:
                    continue
                timed = clock.wrap(label, original)
                for m in modules:  # `from .x import f` made copies of the reference
                    for attr, value in list(vars(m).items()):
                        if value is original:
                            setattr(m, attr, timed)
                found = True
            if not found:
                missing.append(f"{last}.{qualname}")
    return missing


def etapes(lines: list[bytes], warm: list[bytes], as_of: date) -> dict[str, Any]:
    out: dict[str, Any] = {"n": len(lines)}
    for mode in ("complet", "compact"):
        _run(warm, as_of, mode)
    clock = _Clock()
    out["absentes"] = _instrument(clock)
    for mode in ("complet", "compact"):
        _run(warm[:20], as_of, mode)
        clock.spent.clear()
        clock.calls.clear()
        t = time.process_time()
        _run(lines, as_of, mode)
        out[mode] = {"total": time.process_time() - t, "etapes": dict(clock.spent), "appels": dict(clock.calls)}
    return out


def main() -> None:
    part, dossiers, warm, as_of = sys.argv[1:5]
    lines = [raw for raw in open(dossiers, "rb").read().splitlines() if raw.strip()]
    warm_lines = [raw for raw in open(warm, "rb").read().splitlines() if raw.strip()]
    when = date.fromisoformat(as_of)
    result = debit(lines, warm_lines, when) if part == "debit" else etapes(lines, warm_lines, when)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
