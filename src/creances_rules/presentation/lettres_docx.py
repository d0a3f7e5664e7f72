"""A letter draft written as Word: docxtpl fills a .docx template (the firm's own, or the one shipped).

Why docxtpl: a firm keeps its letterhead, fonts, margins and signature block in its own Word file and
marks the places to fill with ``{{ champ }}`` — it designs the letter in Word, not in code. docxtpl
renders that file with Jinja2 and keeps everything else as the firm made it; bold words are real
Word runs (``RichText``), loops make one table row per line of the décompte (``{%tr %}``) and one
paragraph per enclosure (``{%p %}``). Writing the letter run by run with python-docx would tie the
layout to this library. The fields are listed in docs/lettres.md; the default template is built by
scripts/fabriquer_modele_lettre.py.

The « notes pour le rédacteur » are a separate document (``NOM.notes.docx``), never in the letter.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from .._base.formatting import date_longue, euros

Lettre = Any  # a presentation.lettres.Lettre (not imported: lettres imports this module)

_EXTRA = "format .docx : installer l'extra « lettres » (pip install 'creances-rules[lettres]')"
# XML 1.0 forbids these characters: a dossier field that holds one cannot go into a .docx.
_CONTROLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def modele_par_defaut() -> Path:
    """The template shipped with the library (A4, fr-FR, letterhead and signature fields)."""
    return Path(str(resources.files("creances_rules").joinpath("data/modeles/lettre.docx")))


def _imports() -> Any:
    try:
        import docxtpl  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise RuntimeError(_EXTRA) from None
    return docxtpl


def _texte(value: str, champ: str) -> str:
    if _CONTROLE.search(value):
        raise ValueError(f"{champ} : caractère de contrôle non admis dans un document Word")
    return value


def _insecable(text: str) -> str:
    """« 13,15 % », « 7 906,45 € » kept on one line in a narrow column."""
    return text.replace(" %", "\u00a0%").replace(" €", "\u00a0€")


def contexte(lettre: Lettre) -> dict[str, Any]:
    """The fields a template can use (docs/lettres.md)."""
    docxtpl = _imports()
    RichText = docxtpl.RichText

    def rich(segments: list[tuple[str, bool]], champ: str) -> Any:
        rt = RichText()
        for text, bold in segments:
            rt.add(_texte(text, champ), bold=bold)
        return rt

    def lines(text: str, champ: str) -> Any:
        return RichText(_texte(text, champ))  # "\n" becomes a line break

    return {
        "titre": lettre.titre,
        "type": lettre.type,
        "voix": lettre.voix,
        "expediteur": {"nom": _texte(lettre.expediteur, "expéditeur"),
                       "adresse": lines(lettre.expediteur_adresse, "adresse de l'expéditeur"),
                       "mention": lettre.expediteur_mention},
        "destinataire": {"nom": _texte(lettre.destinataire, "destinataire"),
                         "adresse": lines(lettre.destinataire_adresse, "adresse du destinataire")},
        "lieu": _texte(lettre.lieu, "lieu"),
        "date_longue": date_longue(lettre.as_of),
        "lrar": lettre.lrar,
        "objet": _texte(lettre.objet, "objet"),
        "references": [_texte(r, "références") for r in lettre.references],
        "appel": lettre.appel,
        "avant": [rich(p, "corps de la lettre") for p in lettre.avant],
        "lignes": [{"facture": _texte(x.facture, "numéro de facture"), "designation": x.designation,
                    "periode": x.periode, "base": _insecable(x.base), "taux": _insecable(x.taux),
                    "montant": _insecable(euros(x.montant))} for x in lettre.lignes],
        "total_libelle": lettre.total_libelle,
        "total": _insecable(euros(lettre.total)),
        "apres": [rich(p, "corps de la lettre") for p in lettre.apres],
        "citation": list(lettre.citation),
        "formule": lettre.formule,
        "signataire": {"nom": lettre.signataire, "qualite": lettre.signataire_qualite},
        "pieces": [_texte(p, "pièces jointes") for p in lettre.pieces],
        "pied_de_page": "",
    }


def ecrire_lettre(lettre: Lettre, path: Path, modele: str | Path | None = None) -> Path:
    """Fill ``modele`` (default: the shipped template) with the letter and save it to ``path``."""
    docxtpl = _imports()
    source = Path(modele) if modele is not None else modele_par_defaut()
    if not source.is_file():
        raise ValueError(f"--modele : fichier introuvable : {source}")
    try:
        doc = docxtpl.DocxTemplate(str(source))
        doc.render(contexte(lettre), autoescape=True)
    except ValueError:
        raise
    except Exception as exc:  # a template with a broken {{ }} or {% %}: say where, in French
        raise ValueError(f"--modele : le modèle {source.name} ne peut pas être rempli ({exc})") from None
    cp = doc.docx.core_properties
    cp.title, cp.language = lettre.titre, "fr-FR"
    cp.author = cp.author if modele is not None else ""
    doc.save(str(path))
    return path


def ecrire_notes(lettre: Lettre, path: Path) -> Path:
    """The « notes pour le rédacteur » as a Word document: what to check, uncertain points, legal basis."""
    _imports()
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from .liens import confiance, lien

    doc = Document()
    for s in doc.sections:
        s.page_width, s.page_height = Cm(21.0), Cm(29.7)
        s.left_margin = s.right_margin = s.top_margin = s.bottom_margin = Cm(2.0)
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "fr-FR")
    rpr.append(lang)
    doc.styles["Normal"].font.size = Pt(10.5)
    cp = doc.core_properties
    cp.title, cp.language, cp.author = f"Notes pour le rédacteur — {lettre.titre}", "fr-FR", ""
    doc.add_heading(f"Notes pour le rédacteur — {lettre.titre}", level=1)
    p = doc.add_paragraph()
    p.add_run("Document de travail : ne pas joindre à la lettre.").bold = True
    if lettre.notes:
        doc.add_heading("À vérifier avant l'envoi", level=2)
        for n in lettre.notes:
            doc.add_paragraph(_texte(n, "notes"), style="List Bullet")
    if lettre.incertitudes:
        doc.add_heading("Points incertains", level=2)
        for n in lettre.incertitudes:
            doc.add_paragraph(_texte(n, "notes"), style="List Bullet")
    if lettre.citations:
        doc.add_heading("Fondement", level=2)
        for c in lettre.citations:
            link = lien(c, lettre.as_of)
            para = doc.add_paragraph(style="List Bullet")
            para.add_run(str(c)).bold = True
            para.add_run(f" — {link.libelle} ; confiance : {confiance(c)}")
            if link.url:
                para.add_run(f"\n{link.url}").font.size = Pt(8.5)
    doc.save(str(path))
    return path
