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
