"""Expert test files (YAML): the runner, `creances test`, the pytest plugin, and the sample firm directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner

from creances_rules.tools.cli import main
from creances_rules.tools.expert_tests import ExpertTestError, load_cases, run_paths

ROOT = Path(__file__).parents[1]
CABINET = ROOT / "examples" / "cabinet"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def cabinet(tmp_path: Path) -> Path:
    """A copy of the sample firm directory, to break as a tester would."""
    shutil.copytree(CABINET, tmp_path / "cabinet")
    return tmp_path / "cabinet"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_sample_firm_directory_passes_check_and_test():
    r = run("check", str(CABINET / "regles"))
    assert r.exit_code == 0, r.output
    assert "OK : " in r.output
    r = run("test", str(CABINET / "tests"))
    assert r.exit_code == 0, r.output
    assert "4 cas réussi(s), 0 en échec, sur 4." in r.output


def test_a_wrong_expectation_fails_with_expected_and_obtained(cabinet):
    # The LRAR of 15/02/2024 puts in demeure that day (C. civ. 1344): expecting the 16th must fail, and say both.
    edit(cabinet / "tests" / "test_cabinet.yaml", "debiteur_en_demeure: {value: 2024-02-15}",
         "debiteur_en_demeure: {value: 2024-02-16}")
    edit(cabinet / "tests" / "test_cabinet.yaml", "amount: 5000", "amount: 5100")
    r = run("test", str(cabinet / "tests"), "--engine", "python")
    assert r.exit_code == 1
    assert "constat « debiteur_en_demeure » : valeur attendue 16/02/2024, obtenue 15/02/2024" in r.output
    assert "montant attendu 5\u202f100,00 €, obtenu 5\u202f000,00 €" in r.output
    assert "1 en échec" in r.output


def test_a_misspelt_code_in_an_expectation_is_named_with_a_suggestion(cabinet):
    # Otherwise « absent_actions: [cabinet.transmetre…] » would pass for ever.
    edit(cabinet / "tests" / "test_cabinet.yaml", "absent_actions: [cabinet.transmettre_au_contentieux]",
         "absent_actions: [cabinet.transmetre_au_contentieux]")
    r = run("test", str(cabinet / "tests"), "--engine", "python")
    assert r.exit_code == 1
    assert "action « cabinet.transmetre_au_contentieux » : code inconnu (vouliez-vous dire " \
           "« cabinet.transmettre_au_contentieux » ?)" in r.output


def test_a_malformed_test_file_exits_2_naming_file_line_and_key(cabinet):
    edit(cabinet / "tests" / "test_cabinet.yaml", "    expect:\n      findings:", "    expct:\n      findings:")
    r = run("test", str(cabinet / "tests"), "--engine", "python")
    assert r.exit_code == 2
    assert "test_cabinet.yaml:" in r.output and "clé inconnue « expct » (vouliez-vous dire « expect » ?)" in r.output
    assert "Traceback" not in r.output


def test_missing_dossier_file_and_missing_path(cabinet):
    edit(cabinet / "tests" / "test_cabinet.yaml", "dossiers/demeure_5000.yaml", "dossiers/absent.yaml")
    r = run("test", str(cabinet / "tests"), "--engine", "python")
    assert r.exit_code == 2 and "fichier introuvable « dossiers/absent.yaml »" in r.output
    r = run("test", str(cabinet / "nulle_part"))
    assert r.exit_code == 2 and "introuvable" in r.output


def test_broken_sample_rules_fail_check_test_and_pytest(cabinet):
    # A tester misspells the firm's own code in the rule: check names file:line, the rule and the closest code.
    edit(cabinet / "regles" / "cabinet.yaml", "- code: cabinet.transmettre_au_contentieux",
         "- code: cabinet.transmetre_au_contentieux")
    r = run("check", str(cabinet / "regles"))
    assert r.exit_code == 2
    assert "cabinet.yaml:31 [cabinet.transmission_contentieux]" in r.output
    assert "code d'action inconnu « cabinet.transmetre_au_contentieux »" in r.output
    r = run("test", str(cabinet / "tests"), "--engine", "python")
    assert r.exit_code == 1 and "code d'action inconnu" in r.output


def test_exception_to_an_unknown_builtin_rule_and_an_unprefixed_code(cabinet):
    edit(cabinet / "regles" / "cabinet.yaml", "exception_to: relances_amiables.relance_telephonique",
         "exception_to: relances_amiables.relance_telephonik")
    edit(cabinet / "regles" / "cabinet.yaml", "    cabinet.appel_associe: {label:", "    appel_associe: {label:")
    r = run("check", str(cabinet / "regles"))
    assert r.exit_code == 2
    assert "règle inconnue « relances_amiables.relance_telephonik » (vouliez-vous dire " \
           "« relances_amiables.relance_telephonique » ?)" in r.output
    assert "code « appel_associe » : un code propre est préfixé" in r.output


def test_cases_run_in_files_of_the_three_forms(tmp_path):
    case = ("name: seul\nas_of: 2024-06-01\ndossier:\n  creancier: {qualite: professionnel}\n"
            "  debiteur: {qualite: professionnel}\n  factures: [{numero: F1, montant_ttc: 100, "
            "date_emission: 2024-01-01, date_echeance: 2024-01-31}]\nexpect:\n  findings: {creance_exigible: 2024-01-31}\n")
    (tmp_path / "test_un.yaml").write_text(case, encoding="utf-8")
    (tmp_path / "test_liste.yaml").write_text("- " + case.replace("\n", "\n  "), encoding="utf-8")
    results = run_paths([tmp_path], engines=["python"])
    assert [r.passed for r in results] == [True, True]


def test_yaml_aliases_and_tags_are_refused_in_test_files(tmp_path):
    path = tmp_path / "test_x.yaml"
    path.write_text("name: &n x\nas_of: 2024-01-01\ndossier: *n\nexpect: {}\n", encoding="utf-8")
    with pytest.raises(ExpertTestError, match="ancre YAML"):
        load_cases(path)
    path.write_text("name: !!python/name:os.system x\nas_of: 2024-01-01\ndossier: {}\nexpect: {}\n", encoding="utf-8")
    with pytest.raises(ExpertTestError, match="balise YAML"):
        load_cases(path)


def test_json_and_github_formats(cabinet):
    edit(cabinet / "tests" / "test_cabinet.yaml", "amount: 5000", "amount: 5100")
    data = json.loads(run("test", str(cabinet / "tests"), "--format", "json", "--engine", "python").output)
    assert data["ok"] is False and [c["passed"] for c in data["cases"]].count(False) == 1
    out = run("test", str(cabinet / "tests"), "--format", "github", "--engine", "python").output
    assert out.startswith("::error file=") and ",line=5," in out


def _plugin_args() -> list[str]:
    registered = any(ep.value == "creances_rules.tools.pytest_plugin" for ep in entry_points(group="pytest11"))
    return [] if registered else ["-p", "creances_rules.tools.pytest_plugin"]


def test_pytest_collects_one_item_per_case_and_shows_a_readable_diff(cabinet):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *_plugin_args(),
            "--creances-engine", "python", str(cabinet / "tests")]
    ok = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cabinet, timeout=300)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "4 passed" in ok.stdout
    edit(cabinet / "tests" / "test_cabinet.yaml", "deadline: 2025-03-05", "deadline: 2025-03-06")
    bad = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cabinet, timeout=300)
    assert bad.returncode == 1
    assert "1 failed, 3 passed" in bad.stdout
    assert "action « cabinet.appel_associe » : date limite attendue 06/03/2025, obtenue 05/03/2025" in bad.stdout
    assert "Traceback" not in bad.stdout
