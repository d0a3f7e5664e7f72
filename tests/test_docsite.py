"""The documentation site builds with mkdocs --strict (warnings are errors) from the generated pages."""

from __future__ import annotations

import pytest

from creances_rules.tools import docsite

pytest.importorskip("mkdocs")
pytest.importorskip("material")


def test_site_builds_strict_with_one_catalogue_page_per_institution(tmp_path):
    site = docsite.build(tmp_path)
    pages = sorted(p.name for p in (tmp_path / "docs" / "catalogue").glob("*.md"))
    assert "demeure.md" in pages and "index.md" in pages
    demeure = (tmp_path / "docs" / "catalogue" / "demeure.md").read_text(encoding="utf-8")
    # the rule as a readable condition, its citation linked to Légifrance, what is not modelled, the examples
    assert "### `demeure.interpellation_1139_ancien`" in demeure
    assert "Par dérogation à : `demeure.interpellation_1344`" in demeure
    assert "- `date_conclusion_contrat` < 01/10/2016" in demeure
    assert "[C. civ., art. 1344](https://www.legifrance.gouv.fr/" in demeure
    assert "## Non modélisé" in demeure and "## Exemples chiffrés" in demeure
    assert (site / "catalogue" / "demeure" / "index.html").is_file()
    assert "debiteur_en_demeure" in (tmp_path / "docs" / "codes.md").read_text(encoding="utf-8")
    dossier = (tmp_path / "docs" / "dossier.md").read_text(encoding="utf-8")
    assert "| `montant_ttc` |" in dossier and "montant toutes taxes comprises" in dossier
    assert (tmp_path / "docs" / "regles.md").is_file()  # the hand-written pages are part of the site


# ------------------------------------------------------------------ issue 21: the tool deletes only what it made

from click.testing import CliRunner  # noqa: E402

from creances_rules.tools.cli import main  # noqa: E402


def _docs(*args):
    result = CliRunner().invoke(main, ["docs", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_sortie_dot_never_wipes_a_project(tmp_path, monkeypatch):
    # Before: `creances docs --sortie .` deleted the project's own docs/ and wrote over it.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Mon guide\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: le mien\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _docs("--sortie", ".")
    assert result.exit_code == 2 and "non vide" in result.output and "rien n'a été écrit ni supprimé" in result.output
    assert (tmp_path / "docs" / "guide.md").read_text(encoding="utf-8") == "# Mon guide\n"
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: le mien\n"
    assert not (tmp_path / docsite.MARKER).exists()


def test_its_own_directory_is_rewritten_and_nothing_else_touched(tmp_path):
    out = tmp_path / "site_doc"
    assert _docs("--sortie", out).exit_code == 0
    assert (out / docsite.MARKER).is_file() and (out / "docs" / "catalogue" / "demeure.md").is_file()
    (out / "docs" / "perime.md").write_text("ancienne page\n", encoding="utf-8")  # left by an earlier run
    (out / "notes.txt").write_text("à moi\n", encoding="utf-8")  # the user's, beside the generated files
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (elsewhere / "precieux.md").write_text("x\n", encoding="utf-8")
    (out / "site").symlink_to(elsewhere)  # a link among the generated names is removed as a link
    assert _docs("--sortie", out).exit_code == 0
    assert not (out / "docs" / "perime.md").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "à moi\n"
    assert (elsewhere / "precieux.md").is_file() and not (out / "site").exists()


def test_an_empty_directory_is_adopted(tmp_path):
    out = tmp_path / "vide"
    out.mkdir()
    assert _docs("--sortie", out).exit_code == 0 and (out / docsite.MARKER).is_file()


HOSTILE_RULES = """\
institution: piege
title: "Piège <script>alert('titre')</script>"
summary: |
  Résumé [cliquez](javascript:alert('lien')) et <img src=x onerror=alert('img')>.
  # Faux titre
not_modelled: ["<iframe src=javascript:alert(1)>"]
citations:
  piege_art_1: {code: "C. civ.", article: "1 <b>gras</b>", url: "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032041431",
                verified_on: 2025-01-01, sources: ["https://www.legifrance.gouv.fr/"]}
rules:
  - id: piege.r1
    title: "**Règle** <u>souligné</u> `code`"
    citations: [piege_art_1]
    when: {fact: montant_restant_du, gt: 0}
    then:
      warnings:
        - {code: droit_incertain, message: "Avertissement <script>alert('avert')</script> \\x1b[2J"}
    notes: "Note\\n## fausse section"
"""


def test_rule_file_text_is_shown_as_text_in_the_docs_site(tmp_path):
    # Issue 21: the site copied rule-file text in as raw HTML (<script>, javascript: links).
    rules = tmp_path / "regles"
    rules.mkdir()
    (rules / "piege.yaml").write_text(HOSTILE_RULES, encoding="utf-8")
    site = docsite.build(tmp_path / "sortie", (rules,))
    page = (site / "catalogue" / "piege" / "index.html").read_text(encoding="utf-8")
    for injected in ("<script>alert(", "<img src=x", "<iframe", "javascript:alert('lien')\"", "<b>gras</b>",
                     "<u>souligné</u>", "\x1b", 'href="javascript'):
        assert injected not in page, injected
    assert "&lt;script&gt;alert(" in page  # shown, as text
    assert "Faux titre" in page and "<h1 id=\"faux-titre\"" not in page
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert('titre')" not in nav


def test_check_refuses_a_citation_link_that_is_not_http(tmp_path):
    rules = tmp_path / "regles"
    rules.mkdir()
    (rules / "piege.yaml").write_text(HOSTILE_RULES.replace(
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032041431", "javascript:alert(1)"), encoding="utf-8")
    result = _docs_check(rules)
    assert result.exit_code == 2 and "piege.yaml:" in result.output and "http" in result.output


def _docs_check(rules):
    result = CliRunner().invoke(main, ["check", str(rules), "--no-examples"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result
