"""Build the default Word template of the letters (``modele_lettre.docx``), reproducibly.

    python scripts/fabriquer_modele_lettre.py [SORTIE.docx]

The template is a docxtpl (Jinja2) document: a firm can open it in Word, put its own letterhead,
fonts and signature in place, keep the ``{{ … }}`` fields it wants, and give it back to
``creances lettre --modele`` (``lettre(..., modele=…)``). The fields are listed in
docs/lettres.md. Written with python-docx only (no date, no random id), so that running this script
again gives the same document parts as the file shipped in the package (tests/test_lettres_docx.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

DEFAULT = Path(__file__).resolve().parents[1] / "src" / "creances_rules" / "data" / "modeles" / "lettre.docx"

# Column widths of the décompte table (A4, 2 cm margins: 17 cm of text width).
COLONNES = [("Facture", 2.1), ("Désignation", 4.4), ("Période", 3.6), ("Base", 2.2), ("Taux", 1.9), ("Montant", 2.8)]


def _lang(element, value: str = "fr-FR") -> None:
    rpr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else element
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), value)


def _doc_defaults_lang(doc) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    _lang(rpr)


def _para(doc_or_cell, text: str = "", *, bold: bool = False, align=None, space_after: float = 6,
          keep_with_next: bool = False):
    p = doc_or_cell.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold = bold
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    if keep_with_next:
        p.paragraph_format.keep_with_next = True
    return p


def _cell_width(cell, cm: float) -> None:
    cell.width = Cm(cm)
    tcpr = cell._tc.get_or_add_tcPr()
    w = tcpr.find(qn("w:tcW"))
    if w is None:
        w = OxmlElement("w:tcW")
        tcpr.append(w)
    w.set(qn("w:w"), str(int(cm * 567)))
    w.set(qn("w:type"), "dxa")


def _fixed_layout(table) -> None:
    tblpr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(w for _, w in COLONNES) * 567)))
    width.set(qn("w:type"), "dxa")
    for old in tblpr.findall(qn("w:tblW")):
        tblpr.remove(old)
    tblpr.append(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def build(path: Path = DEFAULT) -> Path:
    doc = Document()
    # --- page: A4 portrait, 2 cm margins ---
    for s in doc.sections:
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Cm(21.0), Cm(29.7)
        s.left_margin = s.right_margin = Cm(2.0)
        s.top_margin, s.bottom_margin = Cm(2.0), Cm(2.0)
        s.header_distance = s.footer_distance = Cm(1.0)
    # --- styles: one serif face, 11 pt, French everywhere ---
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(11)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), "Liberation Serif")
    _lang(normal.element.get_or_add_rPr())
    _doc_defaults_lang(doc)
    cp = doc.core_properties
    cp.author, cp.last_modified_by, cp.title = "", "", "{{ titre }}"
    cp.language, cp.comments, cp.keywords, cp.subject = "fr-FR", "", "", ""
    cp.revision = 1
    # --- letterhead (header): the firm replaces it with its own ---
    doc.sections[0].different_first_page_header_footer = True  # the letterhead on the first page only
    header = doc.sections[0].first_page_header
    hp = header.paragraphs[0]
    hp.add_run("{{ expediteur.nom }}").bold = True
    _para(header, "{{r expediteur.adresse }}", space_after=0)
    _para(header, "{{ expediteur.mention }}", space_after=0)
    footer = doc.sections[0].first_page_footer
    fp = footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("{{ pied_de_page }}").font.size = Pt(8)
    # --- addresses, place and date ---
    _para(doc, "{{ destinataire.nom }}", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
    _para(doc, "{{r destinataire.adresse }}", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=12)
    _para(doc, "{{ lieu }}, le {{ date_longue }}", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=12)
    _para(doc, "{%p if lrar %}", space_after=0)
    _para(doc, "Lettre recommandée avec demande d'avis de réception", bold=True, space_after=6)
    _para(doc, "{%p endif %}", space_after=0)
    p = _para(doc, space_after=0)
    p.add_run("Objet : ").bold = True
    p.add_run("{{ objet }}").bold = True
    _para(doc, "{%p for r in references %}", space_after=0)
    _para(doc, "{{ r }}", space_after=0)
    _para(doc, "{%p endfor %}", space_after=0)
    _para(doc, "", space_after=6)
    _para(doc, "{{ appel }}", space_after=6)
    # --- the body before the table ---
    _para(doc, "{%p for para in avant %}", space_after=0)
    p = _para(doc, "{{r para }}", space_after=6)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _para(doc, "{%p endfor %}", space_after=0)
    # --- the décompte table: one line per invoice and period ---
    table = doc.add_table(rows=4, cols=len(COLONNES))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(table)
    head, loop_start, body, loop_end = table.rows
    total = table.add_row()
    _repeat_header(head)
    for i, (title, width) in enumerate(COLONNES):
        for row in (head, loop_start, body, loop_end, total):
            _cell_width(row.cells[i], width)
        cell = head.cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold = True
        if i >= 3:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        table.columns[i].width = Cm(width)
    loop_start.cells[0].text = "{%tr for l in lignes %}"
    loop_end.cells[0].text = "{%tr endfor %}"
    for i, key in enumerate(("facture", "designation", "periode", "base", "taux", "montant")):
        body.cells[i].text = "{{ l.%s }}" % key
        if i >= 3:
            body.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for p in body.cells[i].paragraphs:
            for r in p.runs:
                r.font.size = Pt(9.5)
    merged = total.cells[0].merge(total.cells[4])
    merged.text = ""
    merged.paragraphs[0].add_run("{{ total_libelle }}").bold = True
    total.cells[5].text = ""
    total.cells[5].paragraphs[0].add_run("{{ total }}").bold = True
    total.cells[5].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _para(doc, "", space_after=6)
    # --- the body after the table ---
    _para(doc, "{%p for para in apres %}", space_after=0)
    p = _para(doc, "{{r para }}", space_after=6)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _para(doc, "{%p endfor %}", space_after=0)
    # --- the legal text an agency must reproduce (R124-4 5°), when there is one ---
    _para(doc, "{%p for para in citation %}", space_after=0)
    p = _para(doc, "« {{ para }} »", space_after=6)
    p.paragraph_format.left_indent = Cm(1.0)
    p.runs[0].italic = True
    _para(doc, "{%p endfor %}", space_after=0)
    # --- closing and signature block ---
    _para(doc, "{{ formule }}", space_after=18)
    _para(doc, "{{ signataire.nom }}", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0, keep_with_next=True)
    _para(doc, "{{ signataire.qualite }}", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=36)
    # --- enclosures ---
    _para(doc, "{%p if pieces %}", space_after=0)
    _para(doc, "Pièces jointes :", bold=True, space_after=0, keep_with_next=True)
    _para(doc, "{%p endif %}", space_after=0)
    _para(doc, "{%p for piece in pieces %}", space_after=0)
    p = _para(doc, "– {{ piece }}", space_after=0)
    p.paragraph_format.left_indent = Cm(0.5)
    _para(doc, "{%p endfor %}", space_after=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
