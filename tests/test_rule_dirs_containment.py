"""Issue 21: `creances check` and `creances test` stay inside the directories they are given.

Before: a symbolic link or an absolute path in a rule or test directory was followed, and what was
read there came back in the messages (GitHub annotations included) — a pull request could make a
firm's CI print a secret file. And `check` ended in a traceback on an action deadline given as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from creances_rules.tools.cli import main

SECRET = "motdepasse-tres-secret"
RULE_FILE = """\
institution: essai
title: Essai
summary: Fichier d'essai.
rules:
  - id: essai.r1
    title: "Règle 1"
    citations: [c_civ_1344]
    when: {fact: montant_restant_du, gt: 0}
    then:
      actions:
        - {code: envoyer_mise_en_demeure, purpose: "relancer", priority: 1, deadline: "demain"}
"""


def run(*args):
    result = CliRunner().invoke(main, [*map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "dehors" / "secret.yaml"
    path.parent.mkdir()
    path.write_text(f"{SECRET}: [\n  cle: {SECRET}\n", encoding="utf-8")  # invalid YAML: its text would be quoted
    return path


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_refuses_a_rule_file_linked_outside_and_prints_nothing_of_it(tmp_path, secret, fmt):
    rules = tmp_path / "regles"
    rules.mkdir()
    (rules / "essai.yaml").symlink_to(secret)
    result = run("check", rules, "--format", fmt)
    assert result.exit_code == 2
    assert "sort du répertoire donné" in result.output
    assert SECRET not in result.output


def test_check_gives_file_and_line_for_a_deadline_given_as_text(tmp_path):
    rules = tmp_path / "regles"
    rules.mkdir()
    (rules / "essai.yaml").write_text(RULE_FILE, encoding="utf-8")
    result = run("check", rules)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "essai.yaml:5 [essai.r1]" in result.output  # the rule's line
    assert "deadline « demain » n'est pas une date" in result.output


def _test_file(directory: Path, dossier: str, rules: str | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    head = f"rules: [{rules}]\ncases:\n" if rules else "cases:\n"
    path = directory / "test_cas.yaml"
    path.write_text(head + f"  - name: cas\n    as_of: 2025-06-30\n    dossier: {dossier}\n    expect: {{}}\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["absolute", "relative", "symlink"])
def test_test_refuses_a_dossier_outside_and_prints_nothing_of_it(tmp_path, secret, how):
    tests = tmp_path / "projet" / "tests"
    if how == "absolute":
        _test_file(tests, str(secret))
    elif how == "relative":
        _test_file(tests, "../../dehors/secret.yaml")
    else:
        tests.mkdir(parents=True)
        (tests / "lien.yaml").symlink_to(secret)
        _test_file(tests, "lien.yaml")
    result = run("test", tests, "--engine", "python", "--format", "github")
    assert result.exit_code == 2, result.output
    assert "sort du répertoire donné" in result.output and SECRET not in result.output


def test_test_refuses_a_linked_test_file_and_rule_directory_outside(tmp_path, secret):
    tests = tmp_path / "projet" / "tests"
    tests.mkdir(parents=True)
    (tests / "test_lien.yaml").symlink_to(secret)
    result = run("test", tests, "--engine", "python")
    assert result.exit_code == 2 and "sort du répertoire donné" in result.output and SECRET not in result.output
    (tests / "test_lien.yaml").unlink()
    _test_file(tests, "{}", rules="../../dehors")
    result = run("test", tests, "--engine", "python")
    assert result.exit_code == 2 and "rules : « ../../dehors »" in result.output and SECRET not in result.output


def test_the_documented_layout_still_works(tmp_path):
    # tests/ beside regles/ in a firm's project: `rules: [../regles]` stays inside the project.
    import shutil

    root = Path(__file__).resolve().parents[1] / "examples" / "cabinet"
    shutil.copytree(root, tmp_path / "cabinet")
    result = run("test", tmp_path / "cabinet" / "tests", "--engine", "python")
    assert result.exit_code == 0, result.output
