"""Rule authors (issue 22): the rule directory named in a test file (``rules:``) and again on the command
line (``--rules``, as the CI and pre-commit snippets do) is loaded once; ``creances docs --construire``
builds the site where it says; docs, CI snippet and .pre-commit-hooks.yaml say the same thing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import creances_rules
from creances_rules import load_rulebook
from creances_rules.tools.cli import main

CABINET = Path(creances_rules.__file__).parent / "examples" / "cabinet"
RACINE = Path(__file__).resolve().parents[1]


def test_the_same_directory_twice_is_loaded_once():
    # examples/cabinet/tests/test_cabinet.yaml says « rules: [../regles] »; the documented command adds
    # --rules regles/: before, every case failed with « déjà défini » (0/4); now the four pass.
    r = CliRunner().invoke(main, ["test", str(CABINET / "tests"), "--rules", str(CABINET / "regles")])
    assert r.exit_code == 0, r.output
    assert "déjà défini" not in r.output
    once = load_rulebook([CABINET / "regles"])
    twice = load_rulebook([CABINET / "regles", CABINET / "regles" / ".." / "regles"])
    assert set(once.rules) == set(twice.rules)


@pytest.mark.slow
def test_docs_build_where_they_say(tmp_path, monkeypatch):
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["docs", "--sortie", "build/docs", "--construire"])
    assert r.exit_code == 0, r.output
    said = re.findall(r"(\S*site)\b", r.output)
    assert (tmp_path / "build" / "docs" / "site" / "index.html").is_file(), os.listdir(tmp_path / "build" / "docs")
    assert not (tmp_path / "build" / "docs" / "build").exists()
    assert any(Path(s).resolve() == (tmp_path / "build" / "docs" / "site").resolve() for s in said), r.output


def test_ci_snippet_precommit_hooks_and_docs_agree():
    auteurs = (RACINE / "docs" / "auteurs.md").read_text(encoding="utf-8")
    hooks = (RACINE / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    # no registry name that does not exist: installed from the repository or a wheel
    assert "pip install creances-rules\n" not in auteurs and "pip install creances-rules " not in auteurs
    # the same command line in the CI snippet, the pre-commit snippet and the hooks' comment
    for text in (auteurs, hooks):
        assert "creances check" in text or "creances-check" in text
        assert "--rules" in text
    # rev: a full commit hash or an explanation of how to pin one, never an undefined tag
    assert "rev: <version>" not in auteurs and "rev: <tag>" not in hooks
