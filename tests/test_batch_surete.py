"""Issue 21: `creances batch` never destroys a file nor misreads a figure.

Each test is a reproducer of the issue: before the fix, ``-o`` equal to the input (or a link to it)
truncated the input to 0 bytes and exited 0; a full disk or a missing directory gave a traceback; a
killed run left a half-written target; amounts with a grouping separator were read as decimals
("1,500" → 1,50 €); a duplicated CSV column kept its last cell; rows of one reference that were not
consecutive became several dossiers.
"""

from __future__ import annotations

import errno
import json
import os
from decimal import Decimal

import pytest
from click.testing import CliRunner

from creances_rules.portfolio import batch as batch_module
from creances_rules import evaluate
from creances_rules.tools.cli import main
from creances_rules._base.errors import DossierInvalide
from creances_rules.models.loading import load_dossier

GOOD = {
    "reference": "A",
    "creancier": {"qualite": "professionnel"},
    "debiteur": {"qualite": "professionnel"},
    "factures": [{"numero": "F1", "montant_ttc": 100, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"}],
}
AS_OF = "2025-03-03"


def run(*args):
    result = CliRunner().invoke(main, ["batch", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def portfolio(tmp_path, n=6, name="in.jsonl"):
    src = tmp_path / name
    lines = [json.dumps({**GOOD, "reference": f"R{i}"}) if i % 3 else "{cassé" for i in range(n)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


# ------------------------------------------------------------------ the output is never the input


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "relative"])
def test_an_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path, how, monkeypatch):
    src = portfolio(tmp_path)
    before = src.read_bytes()
    if how == "same":
        out = src
    elif how == "symlink":
        out = tmp_path / "lien.jsonl"
        out.symlink_to(src)
    elif how == "hardlink":
        out = tmp_path / "dur.jsonl"
        os.link(src, out)
    else:
        (tmp_path / "sous").mkdir()
        monkeypatch.chdir(tmp_path / "sous")
        out = "../in.jsonl"
    result = run(src, "-o", out, "--as-of", AS_OF, "--no-progress")
    assert result.exit_code == 2, result.output
    assert "la sortie est le fichier d'entrée" in result.output
    assert src.read_bytes() == before  # was truncated to 0 bytes, "0 dossiers lus", exit 0


def test_a_symlinked_output_writes_the_file_it_names(tmp_path):
    src = portfolio(tmp_path)
    real = tmp_path / "reel.jsonl"
    real.write_text("ancien\n")
    link = tmp_path / "lien.jsonl"
    link.symlink_to(real)
    assert run(src, "-o", link, "--as-of", AS_OF, "--no-progress").exit_code == 0
    assert link.is_symlink() and len(real.read_text().splitlines()) == 6


# ------------------------------------------------------------------ errors in French, target untouched


def test_a_missing_output_directory_is_a_french_error(tmp_path):
    src = portfolio(tmp_path)
    result = run(src, "-o", tmp_path / "absent" / "out.jsonl", "--as-of", AS_OF, "--no-progress")
    assert result.exit_code == 2
    assert "répertoire de sortie introuvable" in result.output and "Traceback" not in result.output


def test_no_permission_is_a_french_error(tmp_path, monkeypatch):
    src = portfolio(tmp_path)
    out_dir = tmp_path / "protege"
    out_dir.mkdir()
    # Root ignores modes: simulate the refusal the kernel gives an ordinary account.
    from creances_rules._base import safe_output

    real_access = os.access
    monkeypatch.setattr(safe_output.os, "access",
                        lambda path, mode: False if os.fspath(path) == os.fspath(out_dir) else real_access(path, mode))
    result = run(src, "-o", out_dir / "out.jsonl", "--as-of", AS_OF, "--no-progress")
    assert result.exit_code == 2 and "permission refusée" in result.output
    assert list(out_dir.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root ignores directory modes")
def test_no_permission_for_real(tmp_path):
    src = portfolio(tmp_path)
    out_dir = tmp_path / "protege"
    out_dir.mkdir()
    out_dir.chmod(0o500)
    try:
        result = run(src, "-o", out_dir / "out.jsonl", "--as-of", AS_OF, "--no-progress")
    finally:
        out_dir.chmod(0o700)
    assert result.exit_code == 2 and "permission refusée" in result.output


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_full_disk_leaves_the_previous_output_whole(tmp_path, monkeypatch, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    src = portfolio(tmp_path, n=9)
    out = tmp_path / f"out{suffix}"
    out.write_bytes(b"resultats d'hier")
    writer, method = ((batch_module._JsonlWriter, "write") if suffix == ".jsonl"
                      else (batch_module._TypedParquetWriter, "write_row"))  # the typed columns (issue 23)
    original = getattr(writer, method)
    calls = {"n": 0}

    def write(self, *args):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, *args)

    monkeypatch.setattr(writer, method, write)
    result = run(src, "-o", out, "--as-of", AS_OF, "--no-progress")
    assert result.exit_code == 2, result.output
    assert "plus de place sur le disque" in result.output and "Traceback" not in result.output
    assert out.read_bytes() == b"resultats d'hier"  # the old target is never half-replaced
    partial = tmp_path / f".out{suffix}.partiel"
    if suffix == ".jsonl":  # kept for --reprendre, and said so
        assert "--reprendre" in result.output and len(partial.read_text().splitlines()) == 3
    else:
        assert not partial.exists()


def test_a_killed_parquet_run_leaves_no_unreadable_file(tmp_path, monkeypatch):
    pytest.importorskip("pyarrow")
    src = portfolio(tmp_path)
    out = tmp_path / "out.parquet"
    _interrupt_after(monkeypatch, 2)
    result = run(src, "-o", out, "--as-of", AS_OF, "--no-progress")
    assert result.exit_code == 130 and "interrompu" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [src]


# ------------------------------------------------------------------ --reprendre


def _interrupt_after(monkeypatch, k):
    """The run is stopped (as by Ctrl-C) after ``k`` records were written."""
    from creances_rules.portfolio import workers as portfolio_module

    original = portfolio_module.evaluate_many

    def evaluate_many(*args, **kwargs):
        for i, result in enumerate(original(*args, **kwargs)):
            if i == k:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(portfolio_module, "evaluate_many", evaluate_many)


@pytest.mark.parametrize("k, cut", [(0, False), (1, False), (4, True), (8, False)])
def test_a_resumed_run_gives_the_same_file_as_one_run(tmp_path, monkeypatch, k, cut):
    src = portfolio(tmp_path, n=10)
    whole = tmp_path / "une_fois.jsonl"
    once = run(src, "-o", whole, "--as-of", AS_OF, "--no-progress")
    assert once.exit_code == 0
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        _interrupt_after(m, k)
        stopped = run(src, "-o", out, "--as-of", AS_OF, "--no-progress")
    assert stopped.exit_code == 130 and "--reprendre" in stopped.output and not out.exists()
    partial = tmp_path / ".out.jsonl.partiel"
    assert len(partial.read_text().splitlines()) == k
    if cut:  # killed in the middle of a line: that line is dropped and written again
        with partial.open("a") as handle:
            handle.write('{"line": 99, "refer')
    resumed = run(src, "-o", out, "--reprendre", "--no-progress")  # the date comes from the first run
    assert resumed.exit_code == 0, resumed.output
    assert out.read_bytes() == whole.read_bytes()
    assert "10 dossiers lus : 6 évalués, 4 en erreur" in resumed.output  # 0, 3, 6, 9 are not JSON
    assert not partial.exists() and not (tmp_path / ".out.jsonl.partiel.json").exists()


def test_resuming_with_other_settings_is_refused(tmp_path, monkeypatch):
    src = portfolio(tmp_path, n=6)
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        _interrupt_after(m, 2)
        run(src, "-o", out, "--as-of", AS_OF, "--no-progress")
    result = run(src, "-o", out, "--as-of", "2025-04-01", "--reprendre", "--no-progress")
    assert result.exit_code == 2 and "--as-of" in result.output and "2025-03-03" in result.output
    assert len((tmp_path / ".out.jsonl.partiel").read_text().splitlines()) == 2  # still there
    nothing = run(src, "-o", tmp_path / "autre.jsonl", "--reprendre", "--no-progress")
    assert nothing.exit_code == 2 and "rien à reprendre" in nothing.output


# ------------------------------------------------------------------ amounts: exactly, or refused

AMBIGUOUS = ["1,500", "1.000", "150,000", "1 500", "1\u00a0500", "1.500,00", "1,500.00", "12,50"]


@pytest.mark.parametrize("text", AMBIGUOUS)
@pytest.mark.parametrize("where", ["factures[0].montant_ttc", "paiements[0].montant"])
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_an_amount_with_a_grouping_separator_is_refused_with_its_path(tmp_path, text, where, fmt):
    data = json.loads(json.dumps(GOOD))
    data["paiements"] = [{"date": "2025-02-01", "montant": "10.00", "facture": "F1"}]
    if where.startswith("factures"):
        data["factures"][0]["montant_ttc"] = text
    else:
        data["paiements"][0]["montant"] = text
    path = tmp_path / f"d.{fmt}"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    with pytest.raises(DossierInvalide) as info:
        load_dossier(path)
    messages = {p.ou: p.message for p in info.value.problemes}
    assert where in messages, messages
    assert "1500.00" in messages[where]  # the accepted form, shown


@pytest.mark.parametrize("text, euros", [("1500", "1500.00"), ("1500.00", "1500.00"), ("1500.5", "1500.50"), (" 12.30 ", "12.30")])
def test_a_plain_decimal_is_read_exactly(text, euros):
    data = {**GOOD, "factures": [{**GOOD["factures"][0], "montant_ttc": text}]}
    assert load_dossier(data).factures[0].montant_ttc == Decimal(euros)


# A CSV as a French spreadsheet exports it: « ; » between fields, a decimal comma, a no-break space
# between thousands, a BOM. The same dossier written plainly gives the same assessment.
FRENCH_CSV = (
    "\ufeffreference;creancier_qualite;debiteur_qualite;facture_numero;facture_montant_ttc;facture_date_emission;"
    "facture_date_echeance;paiement_date;paiement_montant;contrat_taux_penalites\r\n"
    "EX-1;professionnel;professionnel;FA-2025-001;1\u00a0500,00;2025-01-02;2025-02-01;2025-02-20;250,50;12,5\r\n"
    "EX-1;;;FA-2025-002;12\u202f345,67;2025-01-15;2025-02-14;;;\r\n"
    "EX-2;professionnel;professionnel;FA-2025-003;980;2025-01-02;2025-02-01;;;\r\n"
)
PLAIN_EX1 = {
    "reference": "EX-1", "creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
    "contrat": {"taux_penalites": "12.5"},
    "factures": [{"numero": "FA-2025-001", "montant_ttc": "1500.00", "date_emission": "2025-01-02", "date_echeance": "2025-02-01"},
                 {"numero": "FA-2025-002", "montant_ttc": "12345.67", "date_emission": "2025-01-15", "date_echeance": "2025-02-14"}],
    "paiements": [{"date": "2025-02-20", "montant": "250.50", "facture": "FA-2025-001"}],
}


def test_a_french_csv_export_is_read_with_explicit_options(tmp_path):
    src = tmp_path / "export.csv"
    src.write_text(FRENCH_CSV, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run(src, "-o", out, "--as-of", "2025-06-30", "--no-progress",
                 "--separateur", ";", "--decimal", ",", "--separateur-milliers", " ")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["reference"], r["ok"]) for r in records] == [(2, "EX-1", True), (4, "EX-2", True)]
    assessment = records[0]["assessment"]
    assert assessment == evaluate(PLAIN_EX1, "2025-06-30", trace=False).to_dict()
    # 1 500,00 + 12 345,67 − 250,50 = 13 595,17 € of principal still due
    assert Decimal(str(assessment["amounts"]["principal_restant_du"])) == Decimal("13595.17")


def test_the_same_french_csv_without_options_is_refused_cell_by_cell(tmp_path):
    src = tmp_path / "export.csv"
    src.write_text(FRENCH_CSV, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run(src, "-o", out, "--as-of", "2025-06-30", "--no-progress", "--separateur", ";")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[0]["ok"] is False and records[1]["ok"] is True  # 980 is plain: read
    paths = {e["path"]: e["message"] for e in records[0]["errors"]}
    assert "ligne 2, colonne facture_montant_ttc" in paths and "ligne 2, colonne paiement_montant" in paths
    assert "1500.00" in paths["ligne 2, colonne facture_montant_ttc"]


@pytest.mark.parametrize("cell", ["1 5000,00", "1,500.00", "15 00", "1.500"])
def test_a_cell_that_breaks_the_declared_convention_is_refused(tmp_path, cell):
    src = tmp_path / "in.csv"
    src.write_text("reference;creancier_qualite;debiteur_qualite;facture_numero;facture_montant_ttc;facture_date_emission\n"
                   f"R1;professionnel;professionnel;F1;{cell};2025-01-02\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run(src, "-o", out, "--no-progress", "--separateur", ";", "--decimal", ",", "--separateur-milliers", " ")
    assert result.exit_code == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["ok"] is False
    assert record["errors"][0]["path"] == "ligne 2, colonne facture_montant_ttc"
    assert "attendu par exemple « 1 500,00 »" in record["errors"][0]["message"]


# ------------------------------------------------------------------ CSV layout


def test_a_duplicated_column_refuses_the_file(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("reference,facture_montant_ttc,facture_numero,facture_montant_ttc\nR1,10,F1,1000\n", encoding="utf-8")
    result = run(src, "-o", tmp_path / "out.jsonl", "--no-progress")
    assert result.exit_code == 2 and "en double" in result.output and "facture_montant_ttc" in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_rows_of_one_reference_are_one_dossier_wherever_they_are(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(
        "reference,creancier_qualite,debiteur_qualite,facture_numero,facture_montant_ttc,facture_date_emission,facture_date_echeance\n"
        "R1,professionnel,professionnel,F1,100.00,2025-01-02,2025-02-01\n"
        "R2,professionnel,professionnel,F1,10.00,2025-01-02,2025-02-01\n"
        ",professionnel,professionnel,F9,1.00,2025-01-02,2025-02-01\n"
        "R1,,,F2,200.00,2025-01-15,2025-02-14\n"
        "R3,professionnel,professionnel,F1,30.00,2025-01-02,2025-02-01\n"
        "R2,,,F2,20.00,2025-01-15,2025-02-14\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--as-of", "2025-06-30", "--no-progress").exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # one record per reference, at the line of its first row, in that order (the row without a
    # reference is its own record); R1 and R2 each hold both of their invoices
    assert [(r["line"], r["reference"]) for r in records] == [(2, "R1"), (3, "R2"), (4, None), (6, "R3")]
    principal = {r["reference"]: Decimal(str(r["assessment"]["amounts"]["principal_restant_du"]))
                 for r in records if r["ok"]}
    assert principal["R1"] == Decimal("300.00") and principal["R2"] == Decimal("30.00")  # 100 + 200 ; 10 + 20


@pytest.mark.parametrize("written", ["1.000", "150.000", "1500.500"])
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_a_number_written_with_three_decimals_is_refused_not_rounded(tmp_path, written, fmt):
    # A float forgets that 1.000 had three decimals (read as 1,00 €); the loaders keep the written text.
    text = json.dumps({**GOOD, "factures": [{**GOOD["factures"][0], "montant_ttc": "@"}]}).replace('"@"', written)
    path = tmp_path / f"d.{fmt}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DossierInvalide) as info:
        load_dossier(path)
    assert "factures[0].montant_ttc" in {p.ou for p in info.value.problemes}


def test_a_numeric_amount_in_a_jsonl_portfolio_is_refused_too(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD).replace('"montant_ttc": 100', '"montant_ttc": 1.000') + "\n"
                   + json.dumps(GOOD).replace('"montant_ttc": 100', '"montant_ttc": 1500.5') + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(src, "-o", out, "--as-of", AS_OF, "--no-progress", "--workers", "2").exit_code == 0
    first, second = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert first["ok"] is False and first["errors"][0]["path"] == "factures[0].montant_ttc"
    assert second["ok"] is True


def test_a_comma_separated_export_with_quoted_decimal_commas(tmp_path):
    # LibreOffice's « CSV, virgule » export in French: fields quoted where they hold a comma, CRLF, BOM.
    src = tmp_path / "export.csv"
    src.write_bytes(("\ufeffreference,creancier_qualite,debiteur_qualite,facture_numero,facture_montant_ttc,"
                     "facture_date_emission,facture_date_echeance,paiement_date,paiement_montant\r\n"
                     'EX-9,professionnel,professionnel,F-1,"2 400,00",2025-01-02,2025-02-01,2025-03-01,"400,00"\r\n'
                     ).encode("utf-8"))
    out = tmp_path / "out.jsonl"
    result = run(src, "-o", out, "--as-of", "2025-06-30", "--no-progress", "--decimal", ",", "--separateur-milliers", " ")
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    # 2 400,00 − 400,00 = 2 000,00 € of principal still due
    assert record["ok"] and Decimal(str(record["assessment"]["amounts"]["principal_restant_du"])) == Decimal("2000.00")


def test_a_run_killed_by_sigkill_resumes_to_the_same_file(tmp_path):
    # The real interruption: the process is killed (kill -9) in the middle of writing.
    import signal
    import subprocess
    import sys
    import time

    src = portfolio(tmp_path, n=600)
    whole = tmp_path / "une_fois.jsonl"
    assert run(src, "-o", whole, "--as-of", AS_OF, "--no-progress", "--compact").exit_code == 0
    out = tmp_path / "out.jsonl"
    partial = tmp_path / ".out.jsonl.partiel"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "creances_rules.tools.cli", "batch", str(src), "-o", str(out),
                             "--as-of", AS_OF, "--no-progress", "--compact"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if partial.exists() and partial.stat().st_size > 8_000:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the run ended before it could be killed (machine too fast for this test)")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists() and partial.exists()
    resumed = run(src, "-o", out, "--reprendre", "--compact", "--no-progress")  # the same options
    assert resumed.exit_code == 0, resumed.output
    assert "Reprise" in resumed.output
    assert out.read_bytes() == whole.read_bytes()
