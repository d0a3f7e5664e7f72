"""``creances batch``: one output record per input record, in order, errors named (SPEC §5)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from creances_rules import evaluate
from creances_rules.tools.cli import main

GOOD = {
    "reference": "A",
    "creancier": {"qualite": "professionnel"},
    "debiteur": {"qualite": "professionnel"},
    "factures": [{"numero": "F1", "montant_ttc": 100, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"}],
}


def run(*args):
    result = CliRunner().invoke(main, ["batch", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_in_jsonl_out_keeps_every_record_in_order(tmp_path):
    lines = [
        json.dumps(GOOD),
        '{"reference": "cassé", ',                                          # not JSON
        json.dumps({**GOOD, "reference": "B", "debiteur": {"qualite": "professionnel", "departement": "99"}}),
        "",                                                                   # blank: not a record
        '"/etc/passwd"',                                                      # not an object
        '{"reference": "D", "reference": "E"}',                               # duplicate key
        b'{"reference": "\xe9"}'.decode("latin-1"),                           # written below as Latin-1
        json.dumps({**GOOD, "reference": "Z"}),
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(line.encode("latin-1" if i == 6 else "utf-8") for i, line in enumerate(lines)) + b"\n")
    out = tmp_path / "out.jsonl"
    result = run(src, "-o", out, "--as-of", "2025-03-03", "--no-progress")
    assert result.exit_code == 0, result.output
    records = read_jsonl(out)
    assert [r["line"] for r in records] == [1, 2, 3, 5, 6, 7, 8]
    assert [r["ok"] for r in records] == [True, False, False, False, False, False, True]
    assert records[2]["errors"][0]["path"] == "debiteur.departement"
    assert "en double" in records[4]["errors"][0]["message"]
    assert "UTF-8" in records[5]["errors"][0]["message"]
    # The same conclusions as evaluate() on the same dossier.
    expected = evaluate(GOOD, "2025-03-03", trace=False).to_dict()
    assert records[0]["assessment"] == expected
    assert "7 dossiers lus : 2 évalués, 5 en erreur" in result.output


CSV = """reference,creancier_qualite,debiteur_qualite,debiteur_departement,facture_numero,facture_montant_ttc,facture_date_emission,facture_date_echeance,paiement_date,paiement_montant,mise_en_demeure_date,mise_en_demeure_forme
R1,professionnel,professionnel,67,F1,1000.00,2025-01-02,2025-02-01,,,2025-02-15,lrar
R1,,,,F2,500.00,2025-01-15,2025-02-14,2025-02-20,100.00,,
R2,professionnel,consommateur,99,F1,10.00,2025-01-02,,,,,
R3,professionnel,professionnel,,F1,10.00,2025-01-02,,,,,
R3,particulier,,,F2,10.00,2025-01-02,,,,,
R4,particulier,consommateur,75,F1,250.00,2025-01-02,2025-01-31,,,,
"""


def test_csv_flat_layout_groups_invoices_by_reference(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(CSV, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run(src, "-o", out, "--as-of", "2025-06-30", "--no-progress")
    assert result.exit_code == 0, result.output
    records = read_jsonl(out)
    assert [(r["line"], r["reference"], r["ok"]) for r in records] == [
        (2, "R1", True), (4, "R2", False), (5, "R3", False), (7, "R4", True)]
    assert records[1]["errors"][0]["path"] == "debiteur.departement"
    assert records[2]["errors"][0]["path"] == "ligne 6, colonne creancier_qualite"
    # The CSV dossier R1 is the dossier a user would write by hand.
    by_hand = {
        "reference": "R1", "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel", "departement": "67"},
        "evenements": [{"type": "mise_en_demeure", "date": "2025-02-15", "forme": "lrar"}],
        "factures": [{"numero": "F1", "montant_ttc": "1000.00", "date_emission": "2025-01-02", "date_echeance": "2025-02-01"},
                     {"numero": "F2", "montant_ttc": "500.00", "date_emission": "2025-01-15", "date_echeance": "2025-02-14"}],
        "paiements": [{"date": "2025-02-20", "montant": "100.00", "facture": "F2"}],
    }
    assert records[0]["assessment"] == evaluate(by_hand, "2025-06-30", trace=False).to_dict()


def test_csv_with_an_unknown_column_is_refused_before_anything_is_written(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("reference,montant\nR1,10\n", encoding="utf-8")
    result = run(src, "-o", tmp_path / "out.jsonl", "--no-progress")
    assert result.exit_code == 2 and "colonnes inconnues montant" in result.output


def test_compact_output_and_two_workers(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([json.dumps(GOOD), "{", json.dumps(GOOD)] * 5) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run(src, "-o", out, "--as-of", "2025-03-03", "--workers", "2", "--compact", "--no-progress")
    assert result.exit_code == 0, result.output
    records = read_jsonl(out)
    assert [r["line"] for r in records] == list(range(1, 16))
    assert records[0]["assessment"]["findings"]["creance_exigible"]["value"] == "2025-01-31"


def test_parquet_output(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([json.dumps(GOOD), "[1, 2]", json.dumps(GOOD)]) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    result = run(src, "-o", out, "--as-of", "2025-03-03", "--no-progress")
    assert result.exit_code == 0, result.output
    table = pq.read_table(out).to_pylist()
    assert [(r["line"], r["ok"]) for r in table] == [(1, True), (2, False), (3, True)]
    assert table[1]["erreur"].startswith("objet JSON attendu")
    assert json.loads(table[0]["evaluation"])["reference"] == "A"


def test_unknown_formats_exit_2(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("x")
    assert run(src, "-o", tmp_path / "o.jsonl").exit_code == 2
    src = tmp_path / "in.jsonl"
    src.write_text("{}\n")
    assert run(src, "-o", tmp_path / "o.xlsx").exit_code == 2


def test_csv_progress_bar_has_the_total_of_records_not_rows(tmp_path):
    """The CSV's total counts dossiers (rows grouped by reference, here 7 rows for 4 dossiers), so the
    percentage and the time left are right."""
    src = tmp_path / "in.csv"
    src.write_text(CSV, encoding="utf-8")
    result = run(src, "-o", tmp_path / "out.jsonl", "--as-of", "2025-06-30", "--progress")
    assert result.exit_code == 0, result.output
    assert "100 %" in result.output and "4/4" in result.output and "reste" in result.output
