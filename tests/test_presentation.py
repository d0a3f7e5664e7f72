"""Renderings for lawyers: the timeline picture (SVG), the HTML page, the wrapped text, citation links.

Checked structurally (elements present, dates in order, links well formed), never against a
screenshot. The expected dates come from the example dossiers, computed by hand in test_examples.py.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from creances_rules import examples

from creances_rules import evaluate
from creances_rules.models.assessment import Citation
from creances_rules.presentation.chronologie import CHAR, svg
from creances_rules.presentation.liens import lien
from creances_rules.presentation.render import render_page, render_text

SVG = "{http://www.w3.org/2000/svg}"
SRC = Path(__file__).resolve().parents[1] / "src" / "creances_rules"


@pytest.fixture(scope="module")
def b2b():
    return evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01", engine="python")


@pytest.fixture(scope="module")
def long_claim():
    # 2016 invoices … 2029 prescription: a claim spanning more than ten years
    return evaluate(examples.chemin("jugement_puis_procedure_collective"), as_of="2025-06-15", engine="python")


# ----------------------------------------------------------------------------------- layering


def test_assessment_does_not_import_its_renderings():
    # STYLE.md: a rendering reads an assessment, it is not imported by it.
    tree = ast.parse((SRC / "models" / "assessment.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m and ("render" in m or "explications" in m or "chronologie" in m)}


# ----------------------------------------------------------------------------------- SVG


def _markers(root):
    out = []
    for g in root.iter(f"{SVG}g"):
        if "evenement" in (g.get("class") or ""):
            circle = g.find(f"{SVG}circle")
            out.append((g.get("data-lane"), date.fromisoformat(g.get("data-date")), float(circle.get("cx"))))
    return out


def test_svg_is_well_formed_with_every_timeline_date(long_claim):
    root = ET.fromstring(svg(long_claim))
    assert root.tag == f"{SVG}svg"
    marks = _markers(root)
    assert len(marks) == len(long_claim.timeline)
    lanes = {lane for lane, _, _ in marks}
    assert {"factures", "paiements", "evenements", "delais"} <= lanes
    # the invoice of 04/04/2016 and the last day to interrupt prescription, 19/09/2029 (test_examples)
    assert ("factures", date(2016, 4, 4)) in {(la, d) for la, d, _ in marks}
    assert ("delais", date(2029, 9, 19)) in {(la, d) for la, d, _ in marks}


def test_svg_dates_in_order_and_past_left_of_the_evaluation_date(long_claim):
    root = ET.fromstring(svg(long_claim))
    marks = sorted(_markers(root), key=lambda m: m[1])
    xs = [x for _, _, x in marks]
    assert xs == sorted(xs)  # a later date is never to the left of an earlier one
    evaluation = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "date-evaluation")
    assert evaluation.get("data-date") == "2025-06-15"
    x_eval = float(evaluation.find(f"{SVG}line").get("x1"))
    for _, d, x in marks:
        assert (x <= x_eval) == (d <= date(2025, 6, 15))
    # future markers are hollow (white), past ones filled
    for g in root.iter(f"{SVG}g"):
        if "evenement" in (g.get("class") or ""):
            futur = date.fromisoformat(g.get("data-date")) > date(2025, 6, 15)
            assert (g.find(f"{SVG}circle").get("fill") == "white") == futur


def test_svg_ticks_cut_out_the_empty_years_and_numbers_do_not_overlap(long_claim):
    root = ET.fromstring(svg(long_claim))
    ticks = [g for g in root.iter(f"{SVG}g") if g.get("class") == "graduation"]
    years = [int(g.find(f"{SVG}text").text) for g in ticks if (g.find(f"{SVG}text").text or "").isdigit()]
    # years in order, from the first invoice's (2016, or the 2015 left edge) to the prescription's (2029)
    assert years == sorted(years) and years[0] <= 2016 and years[-1] >= 2029
    # the empty stretches (2017 → 2019, 2019 → 2025, 2025 → 2029) are cut out and drawn as breaks
    cuts = [(date.fromisoformat(g.get("data-du")), date.fromisoformat(g.get("data-au")))
            for g in root.iter(f"{SVG}g") if g.get("class") == "coupure"]
    assert len(cuts) >= 2 and any(du.year == 2019 and au.year == 2025 for du, au in cuts)
    # the 2025 dates (opening of the proceedings on 20/05, BODACC 03/06) get room: 14 days ≥ 8 px apart
    marks = {(lane, d): x for lane, d, x in _markers(root)}
    assert marks[("evenements", date(2025, 6, 3))] - marks[("evenements", date(2025, 5, 20))] >= 8
    # numbers in one lane never overlap (same row = same y; estimated width as in the layout)
    for lane in root.iter(f"{SVG}g"):
        if lane.get("class") != "couloir":
            continue
        boxes: dict[str, list[tuple[float, float]]] = {}
        for t in lane.iter(f"{SVG}text"):
            if t.get("text-anchor") != "middle":
                continue
            x, w = float(t.get("x")), len(t.text) * CHAR + 4
            boxes.setdefault(t.get("y"), []).append((x - w / 2, x + w / 2))
        for row in boxes.values():
            row.sort()
            for (_, end), (start, _) in zip(row, row[1:]):
                assert start >= end - 1


def test_svg_lists_every_date_in_full_under_the_lanes(long_claim):
    root = ET.fromstring(svg(long_claim))
    legend = [g for g in root.iter(f"{SVG}g") if g.get("class") == "repere"]
    assert len(legend) == len(long_claim.timeline)
    text = " ".join(t.text or "" for g in legend for t in g.iter(f"{SVG}text"))
    for e in long_claim.timeline:  # the whole label, never shortened (words may wrap over two lines)
        for word in e.label.split():
            assert word in text, (e.label, word)
    assert "…" not in text
    numbers = [g.get("data-numero") for g in root.iter(f"{SVG}g") if "evenement" in (g.get("class") or "")]
    assert sorted(int(n) for n in numbers) == list(range(1, len(legend) + 1))
    # no marker's number sits on the evaluation line
    x_eval = float(next(g for g in root.iter(f"{SVG}g") if g.get("class") == "date-evaluation")
                   .find(f"{SVG}line").get("x1"))
    for t in root.iter(f"{SVG}text"):
        if t.get("text-anchor") == "middle":
            w = len(t.text) * CHAR + 4
            assert not (float(t.get("x")) - w / 2 < x_eval < float(t.get("x")) + w / 2), t.text


def test_notebook_views_are_html(b2b):
    for part in (b2b, b2b.findings, b2b.actions, b2b.amounts, b2b.trace, b2b.timeline, b2b.warnings,
                 b2b.findings[0], b2b.actions[0]):
        html = part._repr_html_()
        assert html.lstrip().startswith("<") and "pydantic" not in html
    assert "<svg" in b2b._repr_html_()
    assert "text-align:left" in b2b._repr_html_()
    # the décompte's lines: 145,26 € of penalties from 03/04 to 20/05/2025 (test_rules_montants)
    assert "145,26" in b2b.amounts._repr_html_()
    # a confiance badge for each citation
    assert b2b.findings._repr_html_().count('class="confiance') == sum(len(f.citations) for f in b2b.findings)


# ----------------------------------------------------------------------------------- HTML page


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.charset = None
        self.links: list[str] = []
        self.style = ""
        self._in_style = False
        self.dates: list[str] = []

    def handle_decl(self, decl):
        self.tags.append("!" + decl.lower())

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        if tag == "a":
            self.links.append(a.get("href"))
        if tag == "tr" and "data-date" in a:
            self.dates.append(a["data-date"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.style += data

    def handle_endtag(self, tag):
        self._in_style = False


def test_html_page_structure(b2b):
    page = render_page(b2b)
    p = _Page()
    p.feed(page)
    assert p.tags[0] == "!doctype html"
    assert p.charset == "utf-8"
    assert "@media print" in p.style
    for tag in ("html", "head", "title", "body", "svg", "table", "ol"):
        assert tag in p.tags
    assert p.dates == sorted(p.dates)  # the detailed timeline, in date order
    assert p.links
    for href in p.links:
        u = urlparse(href)
        assert u.scheme == "https" and u.netloc, href
        if "article_lc" in href:
            assert re.fullmatch(r"/(codes|loda)/article_lc/LEGIARTI\d{12}/\d{4}-\d{2}-\d{2}", u.path), href


def test_cli_html_is_a_whole_page(tmp_path):
    from click.testing import CliRunner

    from creances_rules.tools.cli import main

    r = CliRunner().invoke(main, ["evaluate", str(examples.chemin("facture_b2b_impayee")), "--as-of", "2025-07-01",
                                  "--format", "html", "--engine", "python"])
    assert r.exit_code == 0
    assert r.output.lstrip().lower().startswith("<!doctype html>")


# ----------------------------------------------------------------------------------- text


def test_text_wraps_to_the_width(b2b):
    text = render_text(b2b, width=80)
    for line in text.splitlines():
        assert len(line) <= 80 or line.strip().startswith("http"), line


def test_short_text_has_decompte_three_actions_and_dates(b2b):
    text = render_text(b2b, width=100, resume=True)
    # total 7 906,45 € = 7 560 principal (default imputation) + 266,45 penalties + 80 indemnity (tests/test_lettres.py)
    assert "Total : 7\u202f906,45 €" in text
    assert "1. " in text and "3. " in text and "4. " not in text
    assert "10/04/2030" in text  # last day to interrupt prescription (test_examples)
    assert len(text.splitlines()) < 40


# ----------------------------------------------------------------------------------- citation links


def _c(**kw):
    base = dict(key="k", code="C. civ.", article="1344")
    base.update(kw)
    return Citation(**base)


def test_article_link_is_dated_within_its_version():
    # C. civ. 1344 in force since 01/10/2016: the link shows the version in force at the evaluation date
    c = _c(legifrance_id="LEGIARTI000032042162", version_du=date(2016, 10, 1))
    assert lien(c, date(2025, 7, 1)).url == \
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032042162/2025-07-01"
    # a former version (ended 30/09/2016) is shown as it last read
    old = _c(article="1139 (ancien)", legifrance_id="LEGIARTI000006436545", version_au=date(2016, 9, 30))
    link = lien(old, date(2025, 7, 1))
    assert link.url.endswith("/2016-09-30") and link.avertissement


def test_ruling_after_the_evaluation_date_is_marked():
    c = _c(code="Cass. com.", article="24 avril 2024, n° 22-24.275", version_du=date(2024, 4, 24),
           url="https://www.courdecassation.fr/decision/6628a05db2cb67000826a355")
    assert lien(c, date(2023, 1, 1)).posterieure
    assert not lien(c, date(2025, 1, 1)).posterieure
    assert lien(c, date(2025, 1, 1)).nature == "decision"


def test_ruling_date_read_from_its_designation():
    # Cass. 2e civ., avis, 25 septembre 2025: after an evaluation on 01/07/2025
    c = _c(code="Cass. 2e civ.", article="avis, 25 septembre 2025, n° 25-70.013", url="https://example.org/x")
    link = lien(c, date(2025, 7, 1))
    # a commentary page is not the decision: no link (issue 22), the ruling is still dated and marked
    assert link.posterieure and "25/09/2025" in link.avertissement and link.nature == "sans_lien"
    assert link.url is None


def test_code_link_without_article_id_says_so():
    c = _c(article="1305", url="https://www.legifrance.gouv.fr/codes/id/LEGITEXT000006070721")
    link = lien(c, date(2025, 7, 1))
    assert link.nature == "code_entier" and "1305" in link.avertissement


# ------------------------------------------------------------------ issue 21: escaping by context

def _hostile_dossier():
    return {"reference": "R\x1b]0;titre volé\x07\x1b[2J", "creancier": {"qualite": "professionnel", "nom": "C"},
            "debiteur": {"qualite": "professionnel", "nom": "[Payez ici](javascript:alert(1))\n# Faux titre\u202e"},
            "factures": [{"numero": "F<script>1", "montant_ttc": 100, "date_emission": "2025-01-02"}]}


def test_the_text_report_shows_control_characters_never_sends_them():
    from creances_rules.presentation.render import render_text

    text = render_text(evaluate(_hostile_dossier(), "2025-06-30"), width=100)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b]0;titre volé\\x07\\x1b[2J" in text  # shown, escaped


def test_markdown_letters_keep_dossier_text_as_text():
    from creances_rules.presentation.lettres import lettre

    text = lettre(_hostile_dossier(), "2025-06-30").to_markdown()
    assert "\x1b" not in text and "\u202e" not in text
    assert "[Payez ici](javascript" not in text and "\n# Faux titre" not in text
    assert "<script>" not in text


def test_a_control_character_in_a_docx_field_is_a_french_error_naming_the_field(tmp_path):
    pytest.importorskip("docxtpl")
    from creances_rules.presentation.lettres import lettre

    d = _hostile_dossier()
    d["reference"] = "R1"
    d["debiteur"]["nom"] = "ACME\x07"
    with pytest.raises(ValueError) as info:
        lettre(d, "2025-06-30").write(tmp_path / "l.docx")
    assert "caractère de contrôle" in str(info.value)
