"""Where a citation leads: the article at the version in force on the date that matters, or the ruling.

Légifrance serves an article as it read on a given day at
``https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI…/AAAA-MM-JJ`` (``/loda/`` for a text that
is not a code). The identifier comes from ``citations.yaml`` (``legifrance_id``, read in a source,
never guessed); without one the citation keeps its own URL, which may open only the whole code — the
link then says so. A ruling links to the decision where the catalogue has a reachable one (Cour de
cassation, Légifrance, EUR-Lex), otherwise to the commentary that was read, labelled as such; a
ruling given after the evaluation date is marked: it was not known on that date.

Forme des URL datées (lue le 2026-11-28, source secondaire) : les tests de construction d'URL d'un
entrepôt public de textes juridiques (``…/codes/article_lc/LEGIARTI000006436219/1992-05-15``,
``/loda/article_lc/…/AAAA-MM-JJ``, ``/juri/id/JURITEXT…``), concordant avec l'URL datée de section
déjà lue pour C. com. L721-3 (``circulaires.legifrance.gouv.fr/codes/section_lc/…/2022-01-22/``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .._base.formatting import fmt
from ..models.assessment import Citation

LEGIFRANCE = "https://www.legifrance.gouv.fr"
# Codes whose articles live under /codes/ on Légifrance (the others, laws and ordinances, under /loda/).
_CODES = {"C. civ.", "C. com.", "C. conso.", "CPC", "CPCE", "CMF", "C. trav.", "C. pén.", "CGI", "C. assur."}
_JURIDICTIONS = ("Cass.", "CJUE", "CA ", "CE", "Cons. const.", "CEDH", "TJ ", "T. com.")
# Pages that are the decision itself, on the court's own site or the official journal (not a commentary of
# it, not the court's home page, not its English site).
_DECISIONS = ("www.courdecassation.fr/decision/", "legifrance.gouv.fr/juri/", "eur-lex.europa.eu/legal-content/",
              "curia.europa.eu/juris/", "hudoc.echr.coe.int", "conseil-constitutionnel.fr/decision/")

CONFIANCE = {
    "verifie": "vérifiée",
    "verifie_secondaire": "vérifiée (source secondaire)",
    "incertain": "incertaine",
}


@dataclass(frozen=True)
class Lien:
    """A citation's link, what it opens, and what the reader must know about it."""

    url: str | None
    nature: str  # article_date | article | code_entier | decision | commentaire | autre
    date_version: date | None = None  # the day the article is shown as in force
    posterieure: bool = False  # a ruling given after the evaluation date
    avertissement: str | None = None  # French, shown next to the link

    @property
    def libelle(self) -> str:
        return {
            "article_date": f"texte en vigueur au {fmt(self.date_version)}" if self.date_version else "texte",
            "article": "texte de l'article",
            "code_entier": "code entier",
            "decision": "décision",
            "sans_lien": "sans lien",
        }.get(self.nature, "lien")


_MOIS = {m: i for i, m in enumerate(("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                                      "septembre", "octobre", "novembre", "décembre"), 1)}
_DATE_FR = re.compile(r"\b(\d{1,2})(?:er)? (" + "|".join(_MOIS) + r") (\d{4})\b")


def is_ruling(c: Citation) -> bool:
    return c.code.startswith(_JURIDICTIONS)


def ruling_date(c: Citation) -> date | None:
    """The day a ruling was given: its catalogued date, else the one its designation spells out
    (« 25 septembre 2025 »)."""
    if c.version_du is not None:
        return c.version_du
    m = _DATE_FR.search(c.article)
    return date(int(m.group(3)), _MOIS[m.group(2)], int(m.group(1))) if m else None


def version_date(c: Citation, le: date) -> date:
    """The day whose version to show: ``le``, kept inside the cited version's period of force."""
    d = le
    if c.version_au is not None and d > c.version_au:
        d = c.version_au
    if c.version_du is not None and d < c.version_du:
        d = c.version_du
    return d


def lien(c: Citation, le: date) -> Lien:
    """The link to ``c`` as it stood on ``le`` (usually the evaluation date)."""
    if is_ruling(c):
        given = ruling_date(c)
        posterieure = given is not None and given > le
        warn = (f"décision du {fmt(given)}, postérieure à la date d'évaluation ({fmt(le)})"
                if posterieure else None)
        url = c.url
        if c.legifrance_id and c.legifrance_id.startswith("JURITEXT"):
            url = f"{LEGIFRANCE}/juri/id/{c.legifrance_id}"
        if url and any(k in url for k in _DECISIONS):
            return Lien(url, "decision", None, posterieure, warn)
        # A commentary or a home page is not the decision: no link (the pages read stay in the catalogue's
        # sources); the reader finds the ruling by its date and number.
        return Lien(None, "sans_lien", None, posterieure, warn)
    if c.legifrance_id and c.legifrance_id.startswith("LEGIARTI"):
        d = version_date(c, le)
        fonds = "codes" if c.code in _CODES else "loda"
        warn = None
        if c.version_au is not None and le > c.version_au:
            warn = f"version abrogée ou modifiée après le {fmt(c.version_au)} : texte montré à cette date"
        elif c.version_du is not None and le < c.version_du:
            warn = f"version entrée en vigueur le {fmt(c.version_du)}, après la date d'évaluation"
        return Lien(f"{LEGIFRANCE}/{fonds}/article_lc/{c.legifrance_id}/{d.isoformat()}", "article_date", d,
                    False, warn)
    url = c.url
    if url and ("/codes/id/LEGITEXT" in url or "/codes/texte_lc/LEGITEXT" in url):
        return Lien(url, "code_entier", None, False, f"le lien ouvre le code entier : chercher l'article {c.article}")
    if url and "article_lc/LEGIARTI" in url:
        return Lien(url, "article")
    return Lien(url, "autre" if url else "autre")


def confiance(c: Citation) -> str:
    """The citation's verification level in words."""
    return CONFIANCE.get(c.confiance or "", "non indiquée")
