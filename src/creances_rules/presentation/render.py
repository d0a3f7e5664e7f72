"""Renderings of an assessment: French text for a terminal, HTML for a notebook or a whole page.

This module reads an assessment; the assessment does not import it. On import it registers its
renderings with `assessment.register`, so ``a.to_text()`` and the notebook's ``_repr_html_`` of an
assessment, its findings, actions, amounts, timeline, trace and warnings find them.
"""

from __future__ import annotations

import shutil
import textwrap
from datetime import date
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from .._base.escaping import terminal_safe
from .._base.formatting import fmt, pourcent
from ..models.assessment import Assessment, Citation, register
from .chronologie import svg as timeline_svg
from .explications import pourquoi_en_mots, rule_reasons
from .liens import confiance, lien

_STATUS = {
    "fired": "appliquée",
    "not_applicable": "non applicable",
    "undetermined": "indéterminée (faits manquants)",
    "overridden": "écartée par exception",
}
_BADGE = {
    "verifie": "background:#e3f1e6;color:#1e6b32",
    "verifie_secondaire": "background:#fdf3dc;color:#7a5200",
    "incertain": "background:#fbe4e2;color:#9b1c14",
}

# ----------------------------------------------------------------------------------------- text


def terminal_width() -> int:
    """The terminal's width, kept between 60 and 120 columns (100 when not a terminal)."""
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))


class _Text:
    def __init__(self, width: int):
        self.width = width
        self.lines: list[str] = []

    def add(self, text: str = "", indent: int = 0, hang: int = 0) -> None:
        """A paragraph wrapped to the width, ``hang`` extra columns for its continuation lines."""
        if not text:
            self.lines.append("")
            return
        # a line never starts with "€" or ":" (French spacing): glue them to what precedes while wrapping
        glued = text.replace(" €", "\u00a0€").replace(" :", "\u00a0:")
        wrapped = textwrap.wrap(glued, self.width, initial_indent=" " * indent,
                                subsequent_indent=" " * (indent + hang), break_on_hyphens=False,
                                break_long_words=False) or [""]
        self.lines += [line.replace("\u00a0", " ") for line in wrapped]

    def cite(self, c: Citation, as_of: date, indent: int = 6) -> None:
        link = lien(c, as_of)
        extra = f" ; {link.avertissement}" if link.avertissement else ""
        self.add(f"{c} — confiance : {confiance(c)} — lien : {link.libelle}{extra}", indent, 2)
        if link.url:
            self.lines.append(" " * (indent + 2) + link.url)  # never wrapped: a URL must stay clickable


def render_text(a: Assessment, *, width: int | None = None, resume: bool = False) -> str:
    """The French report, wrapped to ``width`` (default: the terminal); ``resume`` keeps the décompte,
    the next three actions and the dates."""
    t = _Text(width or terminal_width())
    t.add(f"Évaluation au {fmt(a.as_of)}" + (f" — dossier {a.reference}" if a.reference else ""))
    _alertes_donnees(t, a)
    if resume:
        _decompte_text(t, a)
        t.add()
        t.add("PROCHAINES ACTIONS")
        for n, act in enumerate(a.actions[:3], 1):
            t.add(_action_line(n, act), 2, 4)
        if len(a.actions) > 3:
            t.add(f"(et {len(a.actions) - 3} autre(s) : voir le rapport complet)", 2)
        if not a.actions:
            t.add("(aucune)", 2)
        t.add()
        t.add("DATES")
        for e in a.timeline:
            if e.code is not None or e.kind == "futur":
                t.add(f"{'→' if e.kind == 'futur' else ' '} {fmt(e.date)}  {e.label}", 2, 15)
        return terminal_safe("\n".join(t.lines))  # dossier text never drives the terminal
    t.add(f"(moteur : {a.engine} ; règles : {a.rulebook})")
    t.add()
    t.add("CONSTATS")
    for f in a.findings:
        value = "" if f.value is True else f" : {_valeur(f)}"
        since = f" (depuis le {fmt(f.since)})" if f.since and f.since != f.value else ""
        t.add(f"• {f.label}{value}{since}", 2, 2)
        if f.basis:
            t.add(f.basis, 6)
        for c in f.citations:
            t.cite(c, a.as_of)
        for h in f.assumptions:
            t.add(f"hypothèse : {h}", 6, 2)
    if not a.findings:
        t.add("(aucun)", 2)
    t.add()
    _decompte_text(t, a)
    t.add()
    t.add("ACTIONS RECOMMANDÉES")
    for n, act in enumerate(a.actions, 1):
        t.add(_action_line(n, act), 2, 4)
        t.add(f"but : {act.purpose}", 6, 2)
        if act.deadline_basis:
            t.add(f"délai : {act.deadline_basis}", 6, 2)
        if act.conditions is not None:
            for line in conditions_lines(act.conditions):
                t.add(line, 6, 2)
        for c in act.citations:
            t.cite(c, a.as_of)
    if not a.actions:
        t.add("(aucune)", 2)
    if a.warnings:
        t.add()
        t.add("AVERTISSEMENTS")
        for w in a.warnings:
            t.add(f"! {w.message}", 2, 2)
            for c in w.citations:
                t.cite(c, a.as_of)
    if a.assumptions:
        t.add()
        t.add("HYPOTHÈSES")
        for h in a.assumptions:
            t.add(f"- {h}", 2, 2)
    if a.timeline:
        t.add()
        t.add("CHRONOLOGIE")
        for e in a.timeline:
            t.add(f"{'→' if e.kind == 'futur' else ' '} {fmt(e.date)}  {e.label}", 2, 15)
    return terminal_safe("\n".join(t.lines))  # dossier text never drives the terminal


def _periode(periodes: list[dict[str, Any]]) -> tuple[date, date] | None:
    if not periodes:
        return None
    return min(p["du"] for p in periodes), max(p["au"] for p in periodes)


def _valeur(f: Any) -> str:
    """A finding's value; for an accessory, the period left uncomputed (unknown rate), so that « 0,00 € » never
    stands for an accessory whose rate is not known."""
    periode = _periode(getattr(f.details, "periodes_non_calculees", None) or [])
    if periode is None:
        return fmt(f.value)
    du, au = periode
    if not getattr(f.details, "lignes", None):
        return f"montant inconnu (taux non publié du {fmt(du)} au {fmt(au)})"
    return f"{fmt(f.value)} calculés, plus la période du {fmt(du)} au {fmt(au)} non calculée (taux non publié)"


def _alertes_donnees(t: _Text, a: Assessment) -> None:
    """The headline's warning when the evaluation goes past what the package knows (SPEC: donnees_perimees,
    taux_inconnu): said at the top of the report and of the summary."""
    perimees = [w for w in a.warnings if w.code == "donnees_perimees"]
    inconnus = [(item.label, _periode(item.periodes_non_calculees)) for item in a.amounts.items
                if item.periodes_non_calculees]
    if not perimees and not inconnus:
        return
    t.add("ATTENTION — données datées : ce qui suit n'est calculé que sur la partie connue.", 0, 2)
    for w in perimees:
        t.add(f"! {w.message.split(' ; ')[0]}.", 2, 2)
    for label, (du, au) in inconnus:  # type: ignore[misc]
        t.add(f"! {label} : non calculé du {fmt(du)} au {fmt(au)} (taux non publié ; voir AVERTISSEMENTS).", 2, 2)


def conditions_lines(c: Any) -> list[str]:
    """What a route or measure requires and costs, one line each (lawyer, fees, published duration)."""
    lines = []
    if c.avocat_obligatoire is not None:
        articles = ", ".join(f"{x.code} {x.article}" for x in c.avocat_citations)
        lines.append(f"avocat : {'obligatoire' if c.avocat_obligatoire else 'non obligatoire'}"
                     + (f" ({articles})" if articles else "") + (f" — {c.avocat_motif}" if c.avocat_motif else ""))
    elif c.avocat_motif:
        lines.append(f"avocat : {c.avocat_motif}")
    for f in c.frais:
        if f.montant is not None:
            periode = f", en vigueur du {fmt(f.en_vigueur_du)} au {fmt(f.en_vigueur_au)}" if f.en_vigueur_du else ""
            what = f"{fmt(f.montant)} ({f.source}{periode})"
        else:
            what = "montant non connu" + (f" — {f.note}" if f.note else "")
        cite = f" [{f.citation.code} {f.citation.article}]" if f.citation else ""
        charge = f" ; à la charge : {f.a_la_charge}" if f.a_la_charge else ""
        lines.append(f"frais : {f.libelle} : {what}{cite}{charge}")
    if c.delai_indicatif is not None:
        d = c.delai_indicatif
        lines.append(f"durée indicative : {str(d.mois).replace('.', ',')} mois — {d.libelle} ({d.texte} ; {d.source})")
    return lines


def _action_line(n: int, act: Any) -> str:
    deadline = f" — au plus tard le {fmt(act.deadline)}" if act.deadline else ""
    amount = f" — {fmt(act.amount)}" if act.amount is not None else ""
    return f"{n}. {act.label}{deadline}{amount}"


def _decompte_text(t: _Text, a: Assessment) -> None:
    m = a.amounts
    t.add("DÉCOMPTE")
    t.add(f"Principal restant dû : {fmt(m.principal_restant_du)}", 2)
    for item in m.items:
        paid = (f" (courus {fmt(item.montant + item.deja_impute)}, dont {fmt(item.deja_impute)} déjà réglés par "
                "imputation des paiements)") if item.deja_impute else ""
        periode = _periode(item.periodes_non_calculees)
        if periode is not None and not item.lignes:
            t.add(f"{item.label} : montant inconnu (taux non publié du {fmt(periode[0])} au {fmt(periode[1])})", 2, 4)
        else:
            t.add(f"{item.label} : {fmt(item.montant)}{paid}", 2, 4)
        for facture, lines in par_facture(item.lignes):
            if facture:
                t.add(f"facture {facture} :", 6, 2)
            for line in lines:
                t.add(f"du {fmt(line.du)} au {fmt(line.au)} ({line.jours} j) à {pourcent(line.taux)} sur "
                      f"{fmt(line.base)} : {fmt(line.montant)}", 8 if facture else 6, 2)
        if periode is not None:
            t.add(f"du {fmt(periode[0])} au {fmt(periode[1])} : non calculé (taux non publié)", 6, 2)
    t.add(f"Total : {fmt(m.total)}", 2)
    if m.compensation is not None:
        t.add(f"Compensation légale à invoquer : −{fmt(m.compensation)}", 2)
        t.add(f"Solde après compensation : {fmt(m.total_apres_compensation)}", 2)
    if m.imputation:
        lecture = ("sur le principal, accessoires réclamés à part" if m.imputation == "principal_d_abord"
                   else "d'abord sur les intérêts ou pénalités courus (C. civ. 1343-1)")
        t.add(f"Imputation des paiements : {lecture}", 2, 4)
    if m.autre_lecture is not None:
        t.add(m.autre_lecture.message, 2, 4)
    if m.interets_journaliers:
        t.add(f"Décompte arrêté au {fmt(a.as_of)}, sauf à parfaire : {fmt(m.interets_journaliers)} par jour "
              "(pénalités ou intérêts qui continuent de courir)", 2, 4)
    if a.valable_jusqu_au is not None and a.valable_jusqu_au > a.as_of:
        t.add(f"Conclusions valables jusqu'au {fmt(a.valable_jusqu_au)} (hors le cours journalier des intérêts)", 2, 4)
    if m.non_reclamables:
        # what may be asked of the debtor now (the same part letters and money actions ask for)
        t.add(f"Réclamable au débiteur maintenant : {fmt(m.reclamable_maintenant)}", 2, 4)
        for numero, motif in m.non_reclamables.items():
            t.add(f"facture {numero} non réclamable : {motif}", 4, 2)


def par_facture(lines: Any) -> list[tuple[str | None, list[Any]]]:
    """The lines of an accessory grouped under their invoice, in the order the invoices first appear."""
    groups: dict[str | None, list[Any]] = {}
    for line in lines:
        groups.setdefault(getattr(line, "facture", None), []).append(line)
    return list(groups.items())


def render_trace_text(a: Assessment, *, width: int | None = None) -> str:
    t = _Text(width or terminal_width())
    t.add("RÈGLES EXAMINÉES")
    reasons = rule_reasons(a)
    for r in a.trace:
        t.add(f"[{_STATUS[r.status]}] {r.rule} — {r.title}", 2, 4)
        if r.rule in reasons:
            t.add(f"pourquoi pas : {reasons[r.rule]}", 6, 2)
        if r.failed_condition:
            t.add(f"condition non remplie : {r.failed_condition}", 6, 2)
        if r.missing_facts:
            t.add(f"faits manquants : {', '.join(r.missing_facts)}", 6, 2)
        if r.overridden_by:
            t.add(f"écartée par : {', '.join(r.overridden_by)}", 6, 2)
    return terminal_safe("\n".join(t.lines))  # dossier text never drives the terminal


# ----------------------------------------------------------------------------------------- HTML

@lru_cache(maxsize=1)
def _env() -> Any:
    # Built at the first HTML rendering: jinja2 is not imported by evaluation alone (cold start).
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("creances_rules.presentation", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["fmt"] = fmt
    env.filters["pourcent"] = pourcent
    env.filters["groupby_facture"] = par_facture
    env.filters["conditions"] = conditions_lines
    env.globals.update(lien=lien, confiance=confiance, status=_STATUS, valeur_constat=_valeur, pourquoi=pourquoi_en_mots,
                       badge_style=lambda c: _BADGE.get(c.confiance or "", "background:#eee;color:#444"))
    return env


def _blocs() -> Any:
    return _env().get_template("blocs.html").module


def render_html(a: Assessment) -> str:
    """The notebook view: a French, left-aligned fragment with the timeline picture."""
    return str(_blocs().assessment(a, Markup(timeline_svg(a)), rule_reasons(a)))


def render_page(a: Assessment) -> str:
    """A whole HTML page (doctype, charset, print styles) for ``--format html``."""
    return _env().get_template("page.html").render(a=a, svg=Markup(timeline_svg(a)), raisons=rule_reasons(a))


def _wrap(inner: Any) -> str:
    return f'<div class="creances" style="font-family:system-ui,sans-serif;font-size:13px;text-align:left">{inner}</div>'


def _as_of(xs: Any) -> date:
    # The lists of an assessment carry its date; a single finding or action does not (today, then).
    return getattr(xs, "as_of", None) or date.today()


# What a notebook shows for each part of an assessment.
register("Assessment", "html")(render_html)
register("Assessment", "text")(render_text)
register("FindingList", "html")(lambda fs: _wrap(_blocs().findings(fs, _as_of(fs))))
register("ActionList", "html")(lambda xs: _wrap(_blocs().actions(xs, _as_of(xs))))
register("WarningList", "html")(lambda ws: _wrap(_blocs().warnings(ws, _as_of(ws))))
register("Timeline", "html")(lambda es: _wrap(_blocs().timeline(es, _as_of(es))))
register("Trace", "html")(lambda rows: _wrap(_blocs().trace(rows)))
register("Amounts", "html")(lambda m: _wrap(_blocs().amounts(m, date.today())))
register("Finding", "html")(lambda f: _wrap(_blocs().findings([f], date.today())))
register("Action", "html")(lambda x: _wrap(_blocs().actions([x], date.today())))
register("Citation", "html")(lambda c: _wrap(_blocs().citation(c, date.today())))
