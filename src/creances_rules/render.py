"""Renderings of an assessment: French text for a terminal, HTML for a notebook."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ._format import fmt
from .assessment import Assessment

_STATUS = {
    "fired": "appliquée",
    "not_applicable": "non applicable",
    "undetermined": "indéterminée (faits manquants)",
    "overridden": "écartée par exception",
}


def render_text(a: Assessment) -> str:
    out = [f"Évaluation au {fmt(a.as_of)}" + (f" — dossier {a.reference}" if a.reference else "")]
    out.append(f"(moteur : {a.engine} ; règles : {a.rulebook})")
    out.append("")
    out.append("CONSTATS")
    for f in a.findings:
        value = "" if f.value is True else f" : {fmt(f.value)}"
        since = f" (depuis le {fmt(f.since)})" if f.since and f.since != f.value else ""
        out.append(f"  • {f.label}{value}{since}")
        if f.basis:
            out.append(f"      {f.basis}")
        for c in f.citations:
            out.append(f"      {c}  {c.url or ''}".rstrip())
        for h in f.assumptions:
            out.append(f"      hypothèse : {h}")
    if not a.findings:
        out.append("  (aucun)")
    out.append("")
    out.append("MONTANTS")
    out.append(f"  Principal restant dû : {fmt(a.amounts.principal_restant_du)}")
    for item in a.amounts.items:
        out.append(f"  {item.label} : {fmt(item.montant)}"
                   + (f" (courus {fmt(item.montant + item.deja_impute)}, dont {fmt(item.deja_impute)} déjà réglés "
                      "par les paiements partiels, imputés d'abord sur les intérêts)" if item.deja_impute else ""))
        for line in item.lignes:
            out.append(f"      du {fmt(line.du)} au {fmt(line.au)} ({line.jours} j) à {line.taux} % sur "
                       f"{fmt(line.base)} : {fmt(line.montant)}")
    out.append(f"  Total : {fmt(a.amounts.total)}")
    if a.amounts.compensation is not None:
        out.append(f"  Compensation légale à invoquer : −{fmt(a.amounts.compensation)}")
        out.append(f"  Solde après compensation : {fmt(a.amounts.total_apres_compensation)}")
    out.append("")
    out.append("ACTIONS RECOMMANDÉES")
    for n, act in enumerate(a.actions, 1):
        deadline = f" — au plus tard le {fmt(act.deadline)}" if act.deadline else ""
        amount = f" — {fmt(act.amount)}" if act.amount is not None else ""
        out.append(f"  {n}. {act.label}{deadline}{amount}")
        out.append(f"      but : {act.purpose}")
        if act.deadline_basis:
            out.append(f"      délai : {act.deadline_basis}")
        for c in act.citations:
            out.append(f"      {c}  {c.url or ''}".rstrip())
    if not a.actions:
        out.append("  (aucune)")
    if a.warnings:
        out.append("")
        out.append("AVERTISSEMENTS")
        for w in a.warnings:
            out.append(f"  ! {w.message}")
            for c in w.citations:
                out.append(f"      {c}  {c.url or ''}".rstrip())
    if a.assumptions:
        out.append("")
        out.append("HYPOTHÈSES")
        out += [f"  - {h}" for h in a.assumptions]
    if a.timeline:
        out.append("")
        out.append("CHRONOLOGIE")
        for e in a.timeline:
            marker = " " if e.kind == "passe" else "→"
            out.append(f"  {marker} {fmt(e.date)}  {e.label}")
    return "\n".join(out)


def render_trace_text(a: Assessment) -> str:
    out = ["RÈGLES EXAMINÉES"]
    for t in a.trace:
        out.append(f"  [{_STATUS[t.status]}] {t.rule} — {t.title}")
        if t.failed_condition:
            out.append(f"      condition non remplie : {t.failed_condition}")
        if t.missing_facts:
            out.append(f"      faits manquants : {', '.join(t.missing_facts)}")
        if t.overridden_by:
            out.append(f"      écartée par : {', '.join(t.overridden_by)}")
    return "\n".join(out)


_env = Environment(loader=PackageLoader("creances_rules", "templates"), autoescape=select_autoescape(["html"]))
_env.filters["fmt"] = fmt


def render_html(a: Assessment) -> str:
    return _env.get_template("assessment.html").render(a=a, status=_STATUS)
