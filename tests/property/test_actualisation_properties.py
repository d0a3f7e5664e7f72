"""Differential test of the incremental refresh (``creances batch … --precedent``): on random portfolios, dates
and edits, the refreshed Parquet file is the file of a full run at the new date, row for row, to the cent.

Profiles: ``ci`` bounded (conftest), ``thorough`` 2 000 examples (``HYPOTHESIS_PROFILE=thorough``).
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from creances_rules.portfolio.batch import run_batch

from .strategies import dossiers

pq = pytest.importorskip("pyarrow.parquet")

EDITS = ("montant", "paiement", "evenement", "reference")


def _edit(dossier: dict, kind: str, when: date) -> dict:
    d = json.loads(json.dumps(dossier))
    if kind == "montant":
        d["factures"][0]["montant_ttc"] = "1234.56"
    elif kind == "paiement":
        d.setdefault("paiements", []).append({"date": when.isoformat(), "montant": "100.00"})
    elif kind == "evenement":
        d.setdefault("evenements", []).append({"type": "mise_en_demeure", "date": when.isoformat(), "forme": "lrar"})
    else:
        d["reference"] = "modifié"
    return d


@st.composite
def portfolios(draw):
    cases = draw(st.lists(dossiers(), min_size=1, max_size=5))
    as_of = draw(st.sampled_from([c[1] for c in cases]))
    later = draw(st.one_of(st.integers(0, 10), st.integers(0, 120), st.integers(0, 400)))
    edits = [draw(st.one_of(st.none(), st.sampled_from(EDITS))) for _ in cases]
    # A record repeated unchanged, so that the same content hash meets itself.
    if draw(st.booleans()):
        cases.append(cases[0])
        edits.append(None)
    return [c[0] for c in cases], as_of, as_of + timedelta(days=later), edits


def _write(path: Path, dossiers: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in dossiers), encoding="utf-8")
    return path


@given(portfolios())
def test_a_refresh_gives_the_file_of_a_full_run(case):
    portfolio, as_of, later, edits = case
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = _write(tmp / "p.jsonl", portfolio)
        old = tmp / "old.parquet"
        run_batch(src, old, as_of, compact=True, progress=False)
        edited = [d if e is None else _edit(d, e, as_of + (later - as_of) / 2) for d, e in zip(portfolio, edits)]
        _write(src, edited)
        new, full = tmp / "new.parquet", tmp / "full.parquet"
        summary = run_batch(src, new, later, compact=True, progress=False, precedent=old)
        run_batch(src, full, later, compact=True, progress=False)
        event(f"repris : {min(summary.repris, 3)}{'+' if summary.repris > 3 else ''}")
        assert pq.read_table(new).to_pylist() == pq.read_table(full).to_pylist()


def test_the_refresh_keeps_most_of_an_unchanged_portfolio(tmp_path):
    """Not vacuous: on the benchmark's portfolio, two weeks later, most rows are carried over, not re-evaluated."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_portfolio import synthetic

    src = _write(tmp_path / "p.jsonl", synthetic(60))
    old, new, full = tmp_path / "old.parquet", tmp_path / "new.parquet", tmp_path / "full.parquet"
    run_batch(src, old, date(2025, 11, 3), compact=True, progress=False)
    summary = run_batch(src, new, date(2025, 11, 17), compact=True, progress=False, precedent=old)
    run_batch(src, full, date(2025, 11, 17), compact=True, progress=False)
    assert summary.repris >= 45  # 90 % of this portfolio stays valid until the next rate period (2026-01-01)
    assert pq.read_table(new).to_pylist() == pq.read_table(full).to_pylist()
