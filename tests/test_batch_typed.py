"""`creances batch` to Parquet: typed columns (SPEC §5) read by DuckDB, row groups, grouped errors, progress,
and the incremental refresh (--precedent) giving the same rows as a full run."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

from creances_rules.tools.cli import main

pq = pytest.importorskip("pyarrow.parquet")
duckdb = pytest.importorskip("duckdb")

# 10 000 € due 31/01/2025 between professionals, no rate agreed: L441-10 penalties at the ECB rate + 10 points
# (2025-S1: 3.15 + 10 = 13.15 %), from 01/02/2025.
B2B = {
    "reference": "B2B",
    "creancier": {"qualite": "professionnel"},
    "debiteur": {"qualite": "professionnel", "departement": "75"},
    "factures": [{"numero": "F1", "montant_ttc": "10000.00", "date_emission": "2025-01-01",
                  "date_echeance": "2025-01-31"}],
}


def run(*args):
    result = CliRunner().invoke(main, ["batch", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write(path, records):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_typed_columns_queried_with_duckdb(tmp_path):
    src = write(tmp_path / "in.jsonl", [B2B, "[1]", {**B2B, "reference": "B"}])
    out = tmp_path / "out.parquet"
    result = run(src, "-o", out, "--as-of", "2025-03-02", "--compact", "--no-progress")
    assert result.exit_code == 0, result.output
    types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{out}'").fetchall()}
    assert types["montant_reclame"] == "DECIMAL(18,2)" and types["interets_journaliers"] == "DECIMAL(18,2)"
    assert types["prochaine_action_echeance"] == "DATE" and types["valable_jusqu_au"] == "DATE"
    assert types["nb_avertissements"] == "INTEGER" and types["ok"] == "BOOLEAN"
    assert "evaluation" not in types  # --compact: no whole assessment
    row = duckdb.sql(f"SELECT reference, principal, accessoires, montant_reclame, interets_journaliers, as_of, "
                     f"valable_jusqu_au FROM '{out}' WHERE reference = 'B2B'").fetchall()[0]
    # Penalties 01/02 → 02/03/2025 = 30 days × 13.15 % × 10 000 / 36 500 = 108.082… → 108.08 €; indemnity 40 €
    # (C. com. L441-10 II, D441-5). Per day: 10 000 × 13.15 / 36 500 = 3.6027… → 3.60 €.
    assert row[:5] == ("B2B", Decimal("10000.00"), Decimal("148.08"), Decimal("10148.08"), Decimal("3.60"))
    assert row[5] == date(2025, 3, 2)
    assert row[6] <= date(2025, 6, 30)  # at the latest, the eve of the next rate period (2025-S2)
    total, errors = duckdb.sql(f"SELECT sum(montant_reclame), count(*) FILTER (WHERE NOT ok) FROM '{out}'").fetchall()[0]
    assert (total, errors) == (Decimal("20296.16"), 1)
    assert duckdb.sql(f"SELECT erreur FROM '{out}' WHERE NOT ok").fetchall()[0][0].startswith("objet JSON attendu")


def test_full_parquet_keeps_the_assessment_and_writes_row_groups(tmp_path, monkeypatch):
    from creances_rules.portfolio import sortie_typee

    monkeypatch.setattr(sortie_typee.ParquetTypeWriter, "BATCH", 2)
    src = write(tmp_path / "in.jsonl", [{**B2B, "reference": f"R{i}"} for i in range(5)])
    out = tmp_path / "out.parquet"
    assert run(src, "-o", out, "--as-of", "2025-03-02", "--no-progress").exit_code == 0
    f = pq.ParquetFile(out)
    assert f.metadata.num_row_groups == 3  # 2 + 2 + 1 rows: written as they come, never all at once
    rows = f.read().to_pylist()
    assert [json.loads(r["evaluation"])["reference"] for r in rows] == [f"R{i}" for i in range(5)]
    assert json.loads(rows[0]["evaluation"])["amounts"]["interets_journaliers"] == "3.60"


def test_identical_errors_are_grouped_with_a_count(tmp_path):
    bad = {**B2B, "debiteur": {"qualite": "professionnel", "departement": "99"}}
    src = write(tmp_path / "in.jsonl", [bad, B2B, bad, bad])
    result = run(src, "-o", tmp_path / "o.jsonl", "--as-of", "2025-03-02", "--no-progress")
    assert result.exit_code == 0
    assert result.output.count("code inconnu '99'") == 1  # once, not three times
    assert "3 fois" in result.output and "lignes 1, 3, 4" in result.output


def test_progress_bar_has_a_total_a_percentage_and_the_time_left(tmp_path):
    src = write(tmp_path / "in.jsonl", [B2B, B2B, B2B])
    result = run(src, "-o", tmp_path / "o.jsonl", "--as-of", "2025-03-02", "--progress")
    assert result.exit_code == 0
    assert "100 %" in result.output and "3/3" in result.output and "reste" in result.output


def test_refresh_gives_the_rows_of_a_full_run(tmp_path):
    records = [B2B, {**B2B, "reference": "B"}, "{cassé", {**B2B, "reference": "C"}]
    src = write(tmp_path / "in.jsonl", records)
    old, new, full = tmp_path / "old.parquet", tmp_path / "new.parquet", tmp_path / "full.parquet"
    assert run(src, "-o", old, "--as-of", "2025-03-02", "--compact", "--no-progress").exit_code == 0
    records[1] = {**B2B, "reference": "B", "paiements": [{"date": "2025-03-10", "montant": "500.00"}]}  # edited
    write(src, records)
    result = run(src, "-o", new, "--as-of", "2025-03-20", "--compact", "--no-progress", "--precedent", old)
    assert result.exit_code == 0, result.output
    assert "Dont 2 repris" in result.output  # B2B and C unchanged and still valid; B edited; the error re-read
    assert run(src, "-o", full, "--as-of", "2025-03-20", "--compact", "--no-progress").exit_code == 0
    assert pq.read_table(new).to_pylist() == pq.read_table(full).to_pylist()
    row = pq.read_table(new).to_pylist()[0]
    # 01/02 → 20/03/2025 = 48 days × 13.15 % on 10 000 € = 172.931… → 172.93 € + 40 € indemnity.
    assert row["accessoires"] == Decimal("212.93") and row["montant_reclame"] == Decimal("10212.93")


def test_a_refresh_parses_only_the_records_it_does_not_carry_over(tmp_path, monkeypatch):
    """A row carried over by its content hash (taken over the record's bytes) needs no parsing: only the edited
    record and the broken line are read, and the broken line is still an error record."""
    import creances_rules.models.loading as loading
    from creances_rules.portfolio.batch import run_batch

    records = [B2B, {**B2B, "reference": "B"}, "{cassé", {**B2B, "reference": "C"}]
    src = write(tmp_path / "in.jsonl", records)
    old, new = tmp_path / "old.parquet", tmp_path / "new.parquet"
    run_batch(src, old, date(2025, 3, 2), compact=True, progress=False)
    records[1] = {**B2B, "reference": "B", "paiements": [{"date": "2025-03-10", "montant": "500.00"}]}
    write(src, records)
    parsed = []
    original = loading.parse_text
    monkeypatch.setattr(loading, "parse_text", lambda raw, *a, **k: parsed.append(raw) or original(raw, *a, **k))
    summary = run_batch(src, new, date(2025, 3, 20), compact=True, progress=False, precedent=old)
    assert summary.repris == 2 and summary.errors == 1
    assert [json.loads(raw)["reference"] if raw != b"{cass\xc3\xa9" else "cassé" for raw in parsed] == ["B", "cassé"]
    rows = pq.read_table(new).to_pylist()
    assert [r["reference"] for r in rows] == ["B2B", "B", None, "C"] and rows[2]["ok"] is False


def test_refresh_needs_a_typed_parquet_output(tmp_path):
    src = write(tmp_path / "in.jsonl", [B2B])
    old = tmp_path / "old.parquet"
    assert run(src, "-o", old, "--as-of", "2025-03-02", "--compact", "--no-progress").exit_code == 0
    result = run(src, "-o", tmp_path / "new.jsonl", "--as-of", "2025-03-03", "--precedent", old, "--no-progress")
    assert result.exit_code == 2 and ".parquet" in result.output
    not_typed = tmp_path / "x.parquet"
    import pyarrow as pa

    pq.write_table(pa.table({"a": [1]}), not_typed)
    result = run(src, "-o", tmp_path / "n.parquet", "--as-of", "2025-03-03", "--compact", "--precedent", not_typed)
    assert result.exit_code == 2 and "colonnes absentes" in result.output


def test_a_refresh_never_carries_over_a_row_computed_under_another_rates_file(tmp_path):
    """The firm's rates file changes the figures (its periods fill or override the tables, and every line
    using one cites it): a row computed without it, or with another file, must be re-evaluated."""
    from creances_rules.evaluation.evaluate import default_rulebook
    from creances_rules.portfolio.sortie_typee import contexte_evaluation

    def fichier(nom: str, valeur: str):
        path = tmp_path / nom
        path.write_text(f"fournisseur: Cabinet\nbce:\n  - du: 2026-11-04\n    au: 2027-02-09\n    valeur: \"{valeur}\"\n"
                        "    texte: essai\n    source: https://example.org/essai\n", encoding="utf-8")
        return path

    book = default_rulebook()
    sans = contexte_evaluation(book)
    a, b = contexte_evaluation(book, fichier("a.yaml", "2.65")), contexte_evaluation(book, fichier("b.yaml", "2.90"))
    assert len({sans, a, b}) == 3
    assert contexte_evaluation(book, tmp_path / "a.yaml") == a  # the same file gives the same context


def test_full_assessments_are_written_in_row_groups_of_bounded_bytes(tmp_path, monkeypatch):
    """A row group also closes on the bytes of full assessments it holds (≈ 50 KB each), not only on its rows."""
    from creances_rules.portfolio import sortie_typee

    monkeypatch.setattr(sortie_typee.ParquetTypeWriter, "OCTETS", 1)  # every assessment is over: one row a group
    src = write(tmp_path / "in.jsonl", [{**B2B, "reference": f"R{i}"} for i in range(3)])
    out = tmp_path / "out.parquet"
    assert run(src, "-o", out, "--as-of", "2025-03-02", "--no-progress").exit_code == 0
    f = pq.ParquetFile(out)
    assert f.metadata.num_row_groups == 3
    assert [json.loads(r["evaluation"])["reference"] for r in f.read().to_pylist()] == ["R0", "R1", "R2"]
    compact = tmp_path / "compact.parquet"  # no assessment: the bytes never close a group
    assert run(src, "-o", compact, "--as-of", "2025-03-02", "--compact", "--no-progress").exit_code == 0
    assert pq.ParquetFile(compact).metadata.num_row_groups == 1


def test_validity_ends_before_an_invoice_due_by_its_delivery_date_starts_accruing():
    """F1 is due on 19/10; F2 has only a delivery date (04/10): due 30 days later (L441-10 I), its penalties run
    from 04/11. On 03/11 the conclusions hold only until that day: the next day a second running line appears
    (daily accrual 2,93 → 7,22 €), so a refresh on 04/11 must not carry the row of 03/11 over."""
    from creances_rules.evaluation.evaluate import evaluate

    dossier = {"reference": "P1469", "creancier": {"qualite": "professionnel"},
               "debiteur": {"qualite": "professionnel", "departement": "974"},
               "contrat": {"date_conclusion": "2025-03-25"},
               "factures": [{"numero": "F1", "montant_ttc": "8802.91", "date_emission": "2025-09-19",
                             "date_echeance": "2025-10-19"},
                            {"numero": "F2", "montant_ttc": "12874.24", "date_emission": "2025-10-04",
                             "date_livraison": "2025-10-04"},
                            {"numero": "F3", "montant_ttc": "13395.36", "date_emission": "2025-10-19",
                             "date_echeance": "2025-11-18"}],
               "evenements": [{"type": "relance_telephonique", "date": "2025-10-29"}]}
    before, after = evaluate(dossier, date(2025, 11, 3), trace=False), evaluate(dossier, date(2025, 11, 4), trace=False)
    assert before.amounts.interets_journaliers != after.amounts.interets_journaliers  # the conclusions change
    assert before.valable_jusqu_au <= date(2025, 11, 3)
