"""The before/after benchmark (`benchmarks/bench_speed.py compare`, issue 23) measures what it says: the stage
breakdown finds the engine rounds and the décompte in this tree and its stages never add up to more than the
total, and a commit of the repository's history can be taken out for the "before" side."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def test_stages_are_found_and_exclusive(tmp_path: Path) -> None:
    from bench_portfolio import synthetic

    dossiers, warm = tmp_path / "d.jsonl", tmp_path / "w.jsonl"
    dossiers.write_text("".join(json.dumps(d) + "\n" for d in synthetic(6)), encoding="utf-8")
    warm.write_text("".join(json.dumps(d) + "\n" for d in synthetic(3, seed=5)), encoding="utf-8")
    # in its own process: the instrumentation wraps functions of the package for the rest of the process
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "_cote.py"), "etapes", str(dossiers), str(warm),
                           "2025-11-03"], env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    for mode in ("complet", "compact"):
        side = result[mode]
        assert side["appels"]["tours du moteur de règles"] >= 6  # at least one phase per dossier
        assert side["appels"]["décompte"] >= 6
        assert side["appels"]["lecture JSON"] == 6
        assert sum(side["etapes"].values()) <= side["total"] * 1.05 + 0.01  # exclusive: no time counted twice


def test_a_commit_is_taken_out_of_the_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from comparaison import extraire

    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("pas un dépôt git")
    assert extraire("HEAD", tmp_path) is not None
    assert (tmp_path / "src" / "creances_rules" / "__init__.py").is_file()
    assert (tmp_path / "rules").is_dir()
    assert extraire("0" * 40, tmp_path / "absent") is None
    assert "comparaison sautée" in capsys.readouterr().out
