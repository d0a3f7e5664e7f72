"""The command line: readable French output, the SPEC JSON shape, exit 2 and clear messages on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from creances_rules.tools.cli import main

EXAMPLE = str(Path(__file__).parents[1] / "examples" / "facture_b2b_impayee.yaml")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_evaluate_text_lists_findings_with_legifrance_links():
    r = run("evaluate", EXAMPLE, "--as-of", "2025-07-01")
    assert r.exit_code == 0, r.output
    assert "Débiteur mis en demeure : 16/06/2025" in r.output
    # the citation, its confiance, and the article as in force on the evaluation date
    assert "C. civ., art. 1344 — confiance : vérifiée" in r.output
    assert "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032042162/2025-07-01" in r.output
    # Default imputation (contrat.imputation_paiements = principal_d_abord): the 3 000 € paid on 20/05/2025 on
    # invoice 2025-031 settle its principal (C. civ. 1342-10 al. 1, designated invoice): 8 400 − 3 000 + 2 160
    # = 7 560 €; the penalties accrued before it (8 400 × 13,15 % × 48 / 365 = 145,26 €) stay claimed apart.
    assert "Principal restant dû : 7\u202f560,00 €" in r.output


def test_evaluate_json_has_the_spec_shape():
    r = run("evaluate", EXAMPLE, "--as-of", "2025-07-01", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert {"findings", "actions", "amounts", "timeline", "trace", "warnings", "assumptions", "as_of"} <= set(data)
    finding = next(f for f in data["findings"] if f["code"] == "debiteur_en_demeure")
    assert finding["value"] == "2025-06-16" and finding["since"] == "2025-06-16"
    assert {"code", "article", "url", "version_du", "version_au"} <= set(finding["citations"][0])
    assert {t["status"] for t in data["trace"]} <= {"fired", "not_applicable", "undetermined", "overridden"}


def test_evaluate_html_and_trace():
    html = run("evaluate", EXAMPLE, "--as-of", "2025-07-01", "--format", "html").output
    assert "<table" in html
    # the assessment date separates the past from what is still to come (the prescription date, 10/04/2030)
    assert html.index("date de l'évaluation") < html.rindex("10/04/2030")  # its timeline row comes last
    assert "RÈGLES EXAMINÉES" in run("evaluate", EXAMPLE, "--as-of", "2025-07-01", "--trace").output


def test_bad_dossier_exits_2_with_one_message_per_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("creancier: {qualite: professionnel}\ndebiteur: {qualite: pro}\n"
                   "factures: [{numero: F1, montant_ttc: 10, date_emission: 15/01/2024}]\n", encoding="utf-8")
    r = run("evaluate", str(bad))
    assert r.exit_code == 2
    assert "debiteur.qualite : valeur « pro » invalide" in r.output
    assert "factures[0].date_emission : date attendue au format ISO AAAA-MM-JJ" in r.output
    assert "Traceback" not in r.output


def test_bad_as_of_and_missing_file_exit_2():
    r = run("evaluate", EXAMPLE, "--as-of", "01/07/2025")
    assert r.exit_code == 2 and "--as-of : date attendue" in r.output
    r = run("evaluate", "/nonexistent.yaml")
    assert r.exit_code == 2 and "illisible" in r.output


@pytest.mark.parametrize("as_of", ["20250701", "2025-W27-2"])
def test_as_of_is_read_as_aaaa_mm_jj_only_on_every_python(as_of):
    # date.fromisoformat accepts these from Python 3.11 on, not on 3.10: the command refuses them on all.
    r = run("evaluate", EXAMPLE, "--as-of", as_of)
    assert r.exit_code == 2 and "--as-of : date attendue au format ISO AAAA-MM-JJ" in r.output


def test_check_passes_on_the_shipped_rules_and_fails_with_file_line(tmp_path):
    ok = run("check", "rules/")
    assert ok.exit_code == 0 and ok.output.startswith("OK :")
    (tmp_path / "casse.yaml").write_text(
        "institution: casse\ntitle: t\nsummary: s\nrules:\n  - id: casse.r\n    title: t\n"
        "    citations: [c_civ_1344]\n    when: {fact: montant_restant_dus, gt: 0}\n"
        "    then: {warnings: [{code: droit_incertain, message: m}]}\n", encoding="utf-8")
    r = run("check", str(tmp_path))
    assert r.exit_code == 2
    assert f"{tmp_path / 'casse.yaml'}:5 [casse.r]" in r.output and "montant_restant_du" in r.output


def test_check_runs_the_worked_examples_and_reports_a_wrong_expectation(tmp_path):
    (tmp_path / "attendu.yaml").write_text(
        "institution: attendu\ntitle: t\nsummary: s\nrules:\n  - id: attendu.r\n    title: t\n"
        "    citations: [c_civ_1344]\n    when: {fact: montant_restant_du, gt: 0}\n"
        "    then: {warnings: [{code: droit_incertain, message: m}]}\n"
        "examples:\n  - name: faux\n    as_of: 2025-03-03\n    dossier:\n      creancier: {qualite: professionnel}\n"
        "      debiteur: {qualite: professionnel}\n"
        "      factures: [{numero: F1, montant_ttc: 10, date_emission: 2025-01-01, date_echeance: 2025-01-31}]\n"
        "    expect: {findings: {debiteur_en_demeure: {value: 2025-02-01}}}\n", encoding="utf-8")
    r = run("check", str(tmp_path))
    assert r.exit_code == 2 and "constat attendu absent : debiteur_en_demeure" in r.output


def test_rules_lists_ids_titles_and_citations():
    r = run("rules")
    assert r.exit_code == 0
    assert "demeure.interpellation_1139_ancien" in r.output and "exception à demeure.interpellation_1344" in r.output


def test_schema_is_json_schema():
    # One schema per document kind (tests/test_json_schemas.py checks them in depth).
    dossier = json.loads(run("schema", "--of", "dossier").output)
    assert dossier["additionalProperties"] is False and dossier["$id"] == "urn:creances-rules:schema:dossier"
    assert "rules" in json.loads(run("schema", "--of", "regles").output)["properties"]


def test_delai_command():
    # CPC 641: 1 month from 31 Jan 2025 → 28 Feb 2025 (last day of February), a Friday.
    r = run("delai", "2025-01-31", "--mois", "1")
    assert r.exit_code == 0 and "vendredi 28 février 2025" in r.output
    bad = run("delai", "2025-01-31", "--mois", "1", "--departement", "99")
    assert bad.exit_code == 2 and "departement" in bad.output


def test_legal_set_off_is_carried_into_the_amounts():
    # 6 000 € due 31 Jan 2025; the creditor owes the debtor 1 500 € due 15 Feb 2025: legal set-off of
    # 1 500 € on 15 Feb (C. civ. 1347, the later of the two exigibility dates), to be invoked.
    from creances_rules import evaluate

    a = evaluate({"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
                  "contrat": {"date_conclusion": "2020-01-01"},
                  "factures": [{"numero": "F1", "montant_ttc": 6000, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"}],
                  "dettes_du_creancier": [{"montant": 1500, "date_exigibilite": "2025-02-15"}]}, "2025-03-03")
    assert a.amounts.compensation == 1500
    assert a.amounts.total_apres_compensation == a.amounts.total - 1500
    assert "Solde après compensation" in a.to_text()
