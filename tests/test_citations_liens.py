"""Citations on the article (issue 22): the distinct citations of the three examples open the article at
the evaluation date (Légifrance, dated) or the decision on the court's own page; none leads to a
commentary, a home page or a foreign-language site."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from creances_rules import evaluate, examples
from creances_rules.presentation.liens import lien

EXEMPLES = ("facture_b2b_impayee", "consommateur_proche_prescription", "jugement_puis_procedure_collective")


def _citations() -> dict[str, tuple[object, date]]:
    out: dict[str, tuple[object, date]] = {}
    for exemple in EXEMPLES:
        for as_of in ("2025-07-01", "2026-12-06"):
            a = evaluate(examples.chemin(exemple), as_of=as_of, engine="python")
            parts = list(a.findings) + list(a.actions) + list(a.warnings) + list(a.amounts.items)
            for part in parts:
                for c in part.citations:
                    out.setdefault(c.key, (c, a.as_of))
    return out


@pytest.fixture(scope="module")
def liens():
    return {key: lien(c, le) for key, (c, le) in _citations().items()}


def test_most_citations_open_the_article_itself(liens):
    natures = Counter(l.nature for l in liens.values())
    on_the_text = natures["article_date"] + natures["decision"]
    # 78 distinct citations when issue 22 was taken up, 30 of them on the article (32 opened the whole code);
    # on 06/12/2026 at 03:40: 81, of which 63 dated articles and 4 decisions (CJUE on EUR-Lex, Cass. com.
    # 24 avril 2024 on courdecassation.fr, Cass. com. 18 mai 2022 on Légifrance…)
    assert len(liens) >= 72 and on_the_text >= 60, (len(liens), natures)


def test_no_link_to_a_commentary_a_home_page_or_a_foreign_site(liens):
    for key, l in liens.items():
        if l.url is None:
            assert l.nature in ("sans_lien", "autre"), key
            continue
        assert "/en/" not in l.url and l.url.rstrip("/") != "https://www.courdecassation.fr", (key, l.url)
        assert l.nature in ("article_date", "article", "decision", "code_entier", "autre"), (key, l.nature)
        if l.nature == "article_date":
            assert l.url.startswith("https://www.legifrance.gouv.fr/") and l.date_version is not None
