"""Word letters from a template (issue 22): each letter of each example is rendered, reopened and
checked — A4 page, French language, real bold runs, no Markdown and no template field left over, the
notes for the drafter apart — then converted to PDF with LibreOffice where it is installed (skipped
elsewhere, never failed) to count its pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from creances_rules import evaluate, examples
from creances_rules.lettres import cours_journalier, lettre, lignes_par_facture

docx = pytest.importorskip("docx")
pytest.importorskip("docxtpl")

# The examples a creditor may write to on 2025-07-01 (the third is in redressement judiciaire: no letter
# demands payment there, C. com. L622-7, L622-21), and the guarantor of the first (C. civ. 2302, 2303).
EXEMPLES = ("facture_b2b_impayee", "consommateur_proche_prescription", "avec_caution")
LETTRES = {"mise_en_demeure": ("creancier", "avocat", "agence"), "caution": ("creancier", "avocat")}
A4 = (21.0, 29.7)


def _evaluation(exemple: str):
    if exemple != "avec_caution":
        return evaluate(examples.chemin(exemple), as_of="2025-07-01", engine="python")
    from creances_rules import load_dossier

    d = load_dossier(examples.chemin("facture_b2b_impayee")).model_dump(mode="json")
    d["garanties"] = [{"type": "cautionnement", "garant": {"nom": "M. Jean Durand", "personne_physique": True},
                       "date": "2023-09-01", "montant_maximum": "5000", "solidaire": True}]
    return evaluate(d, as_of="2025-07-01", engine="python")


def _cas():
    for exemple in EXEMPLES:
        types = ("caution",) if exemple == "avec_caution" else ("mise_en_demeure",)
        for type_ in types:
            for voix in LETTRES[type_]:
                yield exemple, type_, voix


CAS = list(_cas())


@pytest.fixture(scope="module")
def b2b():
    return _evaluation("facture_b2b_impayee")


@pytest.fixture(scope="module")
def rendues(tmp_path_factory):
    """Every letter of CAS written once as .docx (and its notes)."""
    out = tmp_path_factory.mktemp("lettres")
    done = {}
    for exemple, type_, voix in CAS:
        letter = lettre(_evaluation(exemple), type=type_, voix=voix)
        done[(exemple, type_, voix)] = (letter, letter.write(out / f"{exemple}_{type_}_{voix}.docx"))
    return out, done


def _texte(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    for s in d.sections:
        for h in (s.header, s.first_page_header, s.footer, s.first_page_footer):
            parts += [p.text for p in h.paragraphs]
    return "\n".join(parts)


def _langues(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/styles.xml").decode() + z.read("word/document.xml").decode()
    return set(re.findall(r'w:lang w:val="([^"]+)"', xml))


def _pages_pdf(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.parametrize("cas", CAS, ids=["-".join(c) for c in CAS])
def test_each_letter_renders_as_a_french_a4_word_document(rendues, cas):
    letter, path = rendues[1][cas]
    voix = cas[2]
    d = docx.Document(str(path))
    for s in d.sections:  # A4 portrait, to the millimetre
        assert (round(s.page_width.cm, 1), round(s.page_height.cm, 1)) == A4
    assert d.core_properties.language == "fr-FR" and d.core_properties.author in ("", None)
    assert _langues(path) == {"fr-FR"}
    text = _texte(path)
    assert "{{" not in text and "{%" not in text and "**" not in text, text  # no field, no Markdown left
    assert "python-docx" not in (d.core_properties.author or "") + (d.core_properties.comments or "")
    # real bold: the total claimed is a bold run, written as a French amount
    total = letter.total
    bold = [r.text for p in d.paragraphs for r in p.runs if r.bold]
    bold += [r.text for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
             if r.bold]
    amount = f"{total:,.2f}".replace(",", "\u202f").replace(".", ",")
    assert any(amount in b for b in bold), (amount, bold)
    # the notes for the drafter are in their own document, never after the signature
    notes = letter.notes_path(path)
    assert notes.is_file() and "Notes pour le rédacteur" in _texte(notes)
    assert "confiance" not in text and "Fondement" not in text and "legifrance" not in text.lower()
    assert "confiance" in _texte(notes) or not letter.citations
    # the date in words, the LRAR line where the letter is a notice
    assert "le 1er juillet 2025" in text
    if voix != "agence":
        assert "Lettre recommandée avec demande d'avis de réception" in text


def test_letters_open_in_libreoffice_as_one_or_two_a4_pages(rendues):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice absent : conversion PDF non vérifiée ici (le reste est vérifié)")
    out, done = rendues
    letters = [str(path) for _, path in done.values()]
    pdf_dir = out / "pdf"
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(pdf_dir), *letters],
                   check=True, capture_output=True, timeout=600)
    for _, path in done.values():
        pdf = pdf_dir / path.with_suffix(".pdf").name
        assert pdf.is_file(), pdf
        assert b"/MediaBox [0 0 595" in pdf.read_bytes() or b"/MediaBox[0 0 595" in pdf.read_bytes()  # A4: 595 pt
        assert 1 <= _pages_pdf(pdf) <= 2, (path.name, _pages_pdf(pdf))


def test_mise_en_demeure_b2b_wording_and_figures(tmp_path, b2b):
    letter = lettre(b2b, type="mise_en_demeure")
    md = letter.to_markdown()
    # décompte (default imputation, the 3 000 € of 20/05 settle 2025-031's principal, C. civ. 1342-10 al. 1):
    #   principal 8 400 − 3 000 + 2 160 = 7 560,00 ; L441-10 penalties 266,45 ; indemnities 2 × 40 = 80 (D441-5)
    #   7 560 + 266,45 + 80 = 7 906,45 (see tests/test_lettres.py for the line-by-line computation)
    assert letter.total == Decimal("7906.45")
    assert "**7\u202f906,45 €**" in md
    # one line per invoice and period, grouped under the invoice
    rows = lignes_par_facture(b2b, b2b._context.dossier)
    assert [r.facture for r in rows] == ["2025-031"] * 5 + ["2025-047"] * 4
    assert sum(r.montant for r in rows) == Decimal("7906.45")
    assert rows[1].periode == "du 03/04/2025 au 20/05/2025 (48 j)" and rows[1].taux == "13,15 %"
    # 8 days from a receipt on 02/07/2025: 10/07/2025, a Thursday (CPC 641, 642)
    assert "au plus tard le **10 juillet 2025**" in md
    # accessories still run: 5 400 × 12,15 % / 365 = 1,7975 + 2 160 × 12,15 % / 365 = 0,7190 → 2,52 € a day
    assert cours_journalier(b2b) == Decimal("2.52")
    assert "jusqu'à parfait paiement" in md and "**2,52 € par jour**" in md
    # enclosures named by the dossier: both invoices, the contract, the earlier letters
    assert "Copie de la facture n° 2025-031 du 3 mars 2025" in letter.pieces
    assert any(p.startswith("Copie du contrat du") for p in letter.pieces)
    assert "13.15" not in md and "Fondement" not in md


def test_avocat_voice_speaks_for_mon_client(b2b):
    md = lettre(b2b, type="mise_en_demeure", voix="avocat").to_markdown()
    assert "en qualité de conseil d'Atelier Durand SARL (ci-après « mon client »)" in md
    assert "je vous **mets en demeure**, au nom et pour le compte de mon client" in md
    assert "Affaire : Atelier Durand SARL c/ Bâtiments de l'Ill SAS" in md
    assert "nous vous" not in md.lower()


def test_agency_voice_is_the_r124_4_letter(b2b):
    letter = lettre(b2b, voix="agence")
    md = letter.to_markdown()
    assert letter.type == "agence" and "pour le compte d'Atelier Durand SARL" in md
    assert "Lettre recommandée" not in md  # R124-4 requires no registered letter


def test_a_firm_template_is_used(tmp_path, b2b):
    from docx.shared import Cm

    from creances_rules.presentation.lettres_docx import modele_par_defaut

    firm = docx.Document(str(modele_par_defaut()))
    firm.sections[0].first_page_header.paragraphs[0].text = "CABINET MARTIN — 12 rue du Port, 67000 Strasbourg"
    firm.add_paragraph("Référence interne : {{ voix }} / {{ titre }}")
    firm.sections[0].left_margin = Cm(3.0)
    modele = tmp_path / "cabinet.docx"
    firm.save(str(modele))
    out = lettre(b2b, voix="avocat").write(tmp_path / "l.docx", modele=modele)
    text = _texte(out)
    assert "CABINET MARTIN — 12 rue du Port" in text and "Référence interne : avocat / Mise en demeure de payer" in text
    assert round(docx.Document(str(out)).sections[0].left_margin.cm, 1) == 3.0
    broken = tmp_path / "casse.docx"
    firm.add_paragraph("{{ champ_non_ferme ")
    firm.save(str(broken))
    with pytest.raises(ValueError, match="modèle"):
        lettre(b2b).write(tmp_path / "x.docx", modele=broken)


def test_the_default_template_is_rebuilt_identically(tmp_path):
    import importlib.util

    from creances_rules.presentation.lettres_docx import modele_par_defaut

    script = Path(__file__).resolve().parents[1] / "scripts" / "fabriquer_modele_lettre.py"
    spec = importlib.util.spec_from_file_location("fabriquer", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build(tmp_path / "lettre.docx")
    with zipfile.ZipFile(rebuilt) as new, zipfile.ZipFile(modele_par_defaut()) as shipped:
        for part in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/header2.xml"):
            if part in shipped.namelist():
                assert new.read(part) == shipped.read(part), part
