"""« Pourquoi ? » et « pourquoi pas ? » : a finding, action or warning explained in plain French.

Reads an assessment and the facts its rules saw (never re-evaluates): for a conclusion that holds,
the rule that drew it and the facts that made its condition true; for one that does not, each rule
that could draw it and the first condition that failed — or the facts the dossier does not give.
Derived facts are followed back to the dossier's own fields through ``data/explications.yaml``
(their sources, and the French sentence that says them). Registered on the assessment as
``a.explain(code)`` and ``a.why_not(code)`` (SPEC §2).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any


from .._base.formatting import fmt
from ..models.libelles import libelle
from ..models.assessment import Assessment, Citation, register
from ..rulebook.engines.base import ESTABLISHED
from ..rulebook.engines.python_engine import coerce, explain as evaluate_condition
from ..rulebook.book import phase_of
from ..rulebook.schema import AllOf, AnyOf, Comparison, Established, FactRef, Not
from ..institutions.vocabulary import FactType, load_codes

_KINDS = {"finding": "constat", "action": "action", "warning": "avertissement"}
_MAX_DEPTH = 2  # how far « parce que » follows an earlier conclusion


class CodeInconnu(ValueError):
    """A code that is no finding, action or warning of the catalogue."""


@dataclass
class Explication:
    """The answer to « pourquoi ? » or « pourquoi pas ? », in French."""

    code: str
    nature: str  # constat | action | avertissement
    etabli: bool
    conclusion: str
    raisons: list[str] = field(default_factory=list)
    faits_manquants: list[str] = field(default_factory=list)
    regles: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    def __str__(self) -> str:
        out = [self.conclusion]
        out += [f"  - {r}" for r in self.raisons]
        if self.faits_manquants:
            out.append("  Faits à compléter dans le dossier :")
            out += [f"  - {f}" for f in self.faits_manquants]
        if self.citations:
            out.append("  Fondement : " + " ; ".join(str(c) for c in self.citations))
        return "\n".join(out)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{escape(r)}</li>" for r in self.raisons)
        missing = "".join(f"<li>{escape(f)}</li>" for f in self.faits_manquants)
        colour = "#1e6b32" if self.etabli else "#9b1c14"
        cites = " ; ".join(
            f'<a href="{escape(c.url)}" target="_blank" rel="noopener">{escape(str(c))}</a>' if c.url else escape(str(c))
            for c in self.citations)
        return (f'<div class="creances-explication" data-code="{escape(self.code)}" '
                'style="font-family:system-ui,sans-serif;font-size:13px;text-align:left">'
                f'<p style="margin:0.2em 0"><strong style="color:{colour}">{escape(self.conclusion)}</strong></p>'
                + (f"<ul>{items}</ul>" if items else "")
                + (f"<p style=\"margin:0.2em 0\">Faits à compléter dans le dossier :</p><ul>{missing}</ul>"
                   if missing else "")
                + (f"<p style=\"margin:0.2em 0\"><small>Fondement : {cites}</small></p>" if cites else "")
                + "</div>")


# ------------------------------------------------------------------------------------ entry points


def explain(a: Assessment, code: str) -> Explication:
    """Why ``code`` holds; if it does not, why not."""
    kind = _kind_of(a, code)
    held = _held(a, kind, code)
    if not held:
        return why_not(a, code)
    ctx = _context(a)
    label = _label(kind, code)
    raisons: list[str] = []
    regles: list[str] = []
    citations: list[Citation] = []
    for obj in held:
        rule = ctx.book.rule(obj.rule)
        regles.append(rule.id)
        basis = getattr(obj, "basis", None)
        if basis:
            raisons.append(f"calcul : {basis}")
        raisons += _reasons_true(rule.when, _view(ctx, rule), ctx, a, 0)
        raisons.append(f"règle appliquée : « {rule.title} »")  # its identifier stays in Explication.regles
        citations += [c for c in getattr(obj, "citations", []) if c not in citations]
    first = held[0]
    if kind == "finding":
        value = "" if first.value is True else f" : {fmt(first.value)}"
        since = f", depuis le {fmt(first.since)}" if first.since and first.since != first.value else ""
        conclusion = f"{label}{value}{since} — établi parce que :"
    elif kind == "action":
        deadline = f", au plus tard le {fmt(first.deadline)}" if first.deadline else ""
        amount = f", pour {fmt(first.amount)}" if first.amount is not None else ""
        conclusion = f"{label}{deadline}{amount} — recommandé parce que :"
    else:
        conclusion = f"Avertissement « {label} » — donné parce que :"
    return Explication(code, _KINDS[kind], True, conclusion, _dedupe(raisons), [], regles, citations)


def why_not(a: Assessment, code: str) -> Explication:
    """Why ``code`` does not hold: per rule able to conclude it, the first failed condition (traced back
    to the dossier), the exception that set it aside, or the facts missing."""
    kind = _kind_of(a, code)
    label = _label(kind, code)
    if _held(a, kind, code):
        held = explain(a, code)
        held.conclusion = f"« {label} » est établi : il n'y a pas de « pourquoi pas ». " + held.conclusion
        return held
    ctx = _context(a)
    raisons, manquants, regles = _why_not_reasons(a, ctx, code, 0)
    if not regles:
        conclusion = f"« {label} » ({code}) : aucune règle de la base ne conclut ce code."
    elif manquants:
        conclusion = f"« {label} » ne peut pas être établi : des faits manquent (au dossier, ou non déduits de lui)."
    else:
        conclusion = f"« {label} » n'est pas établi, parce que :"
    return Explication(code, _KINDS[kind], False, conclusion, _dedupe(raisons), _dedupe(manquants), regles, [])


def _why_not_reasons(a: Assessment, ctx: Any, code: str, depth: int) -> tuple[list[str], list[str], list[str]]:
    raisons: list[str] = []
    manquants: list[str] = []
    regles: list[str] = []
    for rule in _rules_concluding(ctx.book, code):
        regles.append(rule.id)
        phase = phase_of(rule)
        result = (ctx.results or {}).get(phase)
        prefix = f"règle « {rule.title} »"
        if result is not None and rule.id in result.overridden:
            by = ", ".join(f"« {ctx.book.rule(r).title} »" for r in result.overridden[rule.id])
            raisons.append(f"{prefix} : écartée par l'exception {by}")
            continue
        view = _view(ctx, rule)
        outcome = evaluate_condition(rule.when, view)
        if outcome.value is True:
            raisons.append(f"{prefix} : ses conditions sont remplies, mais son calcul ne donne aucune valeur "
                           "(rien n'est dû ou rien ne reste à faire à cette date)")
            continue
        if outcome.value is None:
            for name in outcome.missing:
                manquants.append(_missing(ctx, name))
            raisons.append(f"{prefix} : indéterminée, faute de : "
                           + ", ".join(_description(ctx, m) for m in outcome.missing))
            continue
        reasons = _reasons_false(rule.when, view, ctx, a, depth)
        raisons.append(f"{prefix} : " + (" ; ".join(reasons) if reasons else (outcome.failed or "condition non remplie")))
    return raisons, manquants, regles


def rule_reasons(a: Assessment) -> dict[str, str]:
    """For each rule of the trace that did not apply, why not, in French (empty without a context)."""
    ctx = a._context
    if ctx is None or ctx.book is None:
        return {}
    out: dict[str, str] = {}
    for t in a.trace:
        if t.status not in ("not_applicable", "undetermined"):
            continue
        rule = ctx.book.rule(t.rule)
        view = _view(ctx, rule)
        if t.status == "undetermined":
            outcome = evaluate_condition(rule.when, view)
            out[t.rule] = "faute de : " + ", ".join(_description(ctx, m) for m in outcome.missing)
        else:
            out[t.rule] = " ; ".join(_reasons_false(rule.when, view, ctx, a, _MAX_DEPTH))
    return out


# ------------------------------------------------------------------------------------ conditions


def _reasons_true(cond: Any, view: dict[str, Any], ctx: Any, a: Assessment, depth: int) -> list[str]:
    """Sentences for the leaves that made ``cond`` true (for ``any``: the parts that hold)."""
    if isinstance(cond, AllOf):
        return [r for c in cond.all for r in _reasons_true(c, view, ctx, a, depth)]
    if isinstance(cond, AnyOf):
        return [r for c in cond.any if _value(c, view) is True for r in _reasons_true(c, view, ctx, a, depth)][:3]
    if isinstance(cond, Not):
        return _reasons_false(cond.not_, view, ctx, a, depth + _MAX_DEPTH)
    if isinstance(cond, Established):
        return [f"constat établi : « {_any_label(cond.established)} »"]
    return [_leaf(cond, view, ctx, True)]


def _reasons_false(cond: Any, view: dict[str, Any], ctx: Any, a: Assessment, depth: int) -> list[str]:
    """Sentences for the first reason ``cond`` is false (for ``any``: why each part is)."""
    if isinstance(cond, AllOf):
        for c in cond.all:
            if _value(c, view) is False:
                return _reasons_false(c, view, ctx, a, depth)
        return []
    if isinstance(cond, AnyOf):
        parts = [" ; ".join(_reasons_false(c, view, ctx, a, depth)) for c in cond.any]
        return ["aucune de ces conditions n'est remplie : " + " / ".join(p for p in parts if p)]
    if isinstance(cond, Not):
        inner = _reasons_true(cond.not_, view, ctx, a, depth + _MAX_DEPTH)
        return ["la règle ne vaut que si ce n'est pas le cas, or " + " et ".join(inner)]
    if isinstance(cond, Established):
        label = _any_label(cond.established)
        sentence = f"le constat « {label} » n'est pas établi"
        if depth < _MAX_DEPTH and cond.established in _all_codes():
            sub, missing, _ = _why_not_reasons(a, ctx, cond.established, depth + 1)
            if sub:
                sentence += " (" + " ; ".join(sub[:2]) + ")"
            elif missing:
                sentence += " (faits manquants : " + ", ".join(missing) + ")"
        elif cond.established in ctx.book.vocabulary.facts:
            sentence = f"« {_description(ctx, cond.established)} » n'est pas fixé par une règle"
        return [sentence]
    return [_leaf(cond, view, ctx, False)]


def _value(cond: Any, view: dict[str, Any]) -> bool | None:
    return evaluate_condition(cond, view).value


_DATE_OPS = {"lt": "avant le", "le": "au plus tard le", "gt": "après le", "ge": "à partir du", "eq": "le", "ne": "autre que le"}
_NUM_OPS = {"lt": "moins de", "le": "au plus", "gt": "plus de", "ge": "au moins", "eq": "égal à", "ne": "différent de"}


def _leaf(cond: Comparison, view: dict[str, Any], ctx: Any, holds: bool) -> str:
    """One comparison in French: what the fact is (from its sentence or its description), traced to its
    sources, and — when it fails — what the rule asks."""
    name = cond.fact
    value = view.get(name)
    if holds and cond.op == "present" and not cond.present:
        return f"{_description(ctx, name)} : absent du dossier{_sources(ctx, name, view)}"
    said = _say(ctx, name, value, view)
    if holds:
        return said
    if cond.op == "present":
        if cond.present:
            return f"{_description(ctx, name)} : inconnu, le dossier ne le donne pas{_sources(ctx, name, view)}"
        return f"{said} — la règle ne vaut qu'en son absence"
    if value is None:
        return f"{_description(ctx, name)} : inconnu{_sources(ctx, name, view)}"
    operand = cond.operand
    spec = ctx.book.vocabulary.facts.get(name)
    if isinstance(operand, FactRef):
        other = view.get(operand.fact)
        wanted = f"« {_description(ctx, operand.fact)} » ({fmt(other) if other is not None else 'inconnu'})"
    elif cond.op == "in":
        wanted = "l'un de : " + ", ".join(_words(v) for v in operand)
    else:
        wanted = _words(coerce(operand, value))
    if spec is not None and spec.type is FactType.bool and cond.op in ("eq", "ne"):
        return said  # a boolean's own sentence already says what fails
    if cond.op == "in":
        ask = wanted
    elif isinstance(value, date):
        ask = f"{_DATE_OPS[cond.op]} {wanted}"
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        ask = f"{_NUM_OPS[cond.op]} {wanted}"
    else:
        ask = wanted if cond.op == "eq" else f"autre que {wanted}"
    return f"{said}, alors que la règle demande : {ask}"


# ------------------------------------------------------------------------------------ facts in words


@lru_cache(maxsize=1)
def sentences() -> dict[str, dict[str, Any]]:
    """``data/explications.yaml``: per derived fact, its sources and the sentence that says it."""
    from ruamel.yaml import YAML  # imported when an explanation is first asked, not at every start

    text = resources.files("creances_rules").joinpath("data", "explications.yaml").read_text(encoding="utf-8")
    return dict(YAML(typ="safe", pure=True).load(text) or {})


_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.]+)\}")


def _fill(template: str, value: Any, view: dict[str, Any]) -> str | None:
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        key = m.group(1)
        v = value if key == "valeur" else view.get(key)
        if v is None:
            missing = True
            return "?"
        return _words(v)

    out = _PLACEHOLDER.sub(sub, template)
    return None if missing else out


def _say(ctx: Any, name: str, value: Any, view: dict[str, Any]) -> str:
    """The fact ``name`` with its value, as a sentence, then where it comes from."""
    entry = sentences().get(name, {})
    template = None
    if isinstance(value, bool):
        template = entry.get("vrai" if value else "faux")
    elif value is not None:
        template = entry.get("valeur")
    said = _fill(template, value, view) if template else None
    if said is None:
        if name.startswith(ESTABLISHED):
            code = name.removeprefix(ESTABLISHED)
            said = f"constat « {_any_label(code)} » {'établi' if value else 'non établi'}"
        else:
            said = f"{_description(ctx, name)} : {'inconnu' if value is None else _words(value)}"
    return said + _sources(ctx, name, view)


def _sources(ctx: Any, name: str, view: dict[str, Any]) -> str:
    """« (tiré de … ) »: the dossier fields, and the derived facts with their values."""
    spec = ctx.book.vocabulary.facts.get(name)
    if spec is not None and spec.origin == "dossier":
        return f" (dossier : {champ_du_dossier(name)})"
    if spec is not None and spec.origin == "qualification":
        result = (ctx.results or {}).get("qualification")
        by = [ctx.book.rule(r) for r in (result.fired if result is not None else []) if name in ctx.book.rule(r).then.set]
        return f" (fixé par la règle « {by[0].title} »)" if by else " (aucune règle de qualification ne l'a fixé)"
    srcs = sentences().get(name, {}).get("sources") or []
    parts = []
    for s in srcs:
        if s in ctx.book.vocabulary.facts and s != name:
            v = view.get(s)
            parts.append(f"{_description(ctx, s)} = {'inconnu' if v is None else _words(v)}")
        else:
            parts.append(f"dossier : {champ_du_dossier(s)}")
    return f" (tiré de : {' ; '.join(parts)})" if parts else ""


_RUBRIQUES = {
    "creancier": "créancier", "debiteur": "débiteur", "contrat": "contrat", "factures": "factures",
    "paiements": "paiements", "evenements": "événements", "procedure_collective": "procédure collective",
    "titres": "titres", "garanties": "garanties", "echeancier": "échéancier", "contestation": "contestation",
    "dettes_du_creancier": "dettes du créancier", "biens_detenus": "biens détenus", "taux": "taux fournis",
}
_MOTS = {
    "qualite": "qualité", "commercant": "commerçant", "departement": "département", "residence": "résidence",
    "numero": "numéro", "montant_ttc": "montant TTC", "date_echeance": "date d'échéance",
    "date_emission": "date d'émission", "date_livraison": "date de livraison", "date_execution": "date d'exécution",
    "date_reception": "date de réception", "date_conclusion": "date de conclusion", "date_jugement": "date du jugement",
    "date_publication_bodacc": "date de publication au BODACC", "imputation_paiements": "imputation des paiements",
    "clause_reserve_de_propriete": "clause de réserve de propriété", "taux_penalites": "taux des pénalités",
    "delai_paiement": "délai de paiement", "mentions_l441_9": "mentions portées sur la facture",
    "agence_de_recouvrement": "agence de recouvrement", "date_signification": "date de signification",
    "condamnation": "condamnation", "type": "type", "date": "date", "montant": "montant", "nom": "nom",
}


def champ_du_dossier(path: str) -> str:
    """A dossier path in words: « debiteur.commercant » → « débiteur → commerçant »,
    « evenements[type=mise_en_demeure].date » → « événements « mise en demeure » → date »."""
    out = []
    for part in path.split("."):
        m = re.fullmatch(r"([a-z_]+)(?:\[(?:type=)?([^\]]*)\])?", part)
        if m is None:
            out.append(part.replace("_", " "))
            continue
        name, selector = m.group(1), m.group(2)
        word = _RUBRIQUES.get(name) if not out else None
        word = word or _MOTS.get(name) or name.replace("_", " ")
        if selector:
            word += " " + ", ".join(f"« {libelle(v)} »" for v in selector.split("|") if v)
        out.append(word)
    return " → ".join(out)


def _description(ctx: Any, name: str) -> str:
    if name.startswith(ESTABLISHED):
        return f"constat « {_any_label(name.removeprefix(ESTABLISHED))} »"
    spec = ctx.book.vocabulary.facts.get(name)
    return spec.description if spec is not None else name


def _missing(ctx: Any, name: str) -> str:
    srcs = [s for s in sentences().get(name, {}).get("sources") or [] if s not in ctx.book.vocabulary.facts]
    spec = ctx.book.vocabulary.facts.get(name)
    where = [name] if spec is not None and spec.origin == "dossier" else srcs
    if not where:
        return f"{_description(ctx, name)} (fait déduit, non calculé pour ce dossier)"
    return f"{_description(ctx, name)} (à renseigner : {', '.join(champ_du_dossier(w) for w in where)})"


def _words(value: Any) -> str:
    if isinstance(value, str):
        # an enum value that names a text (« c_com_l110_4 ») stays as it is; a word loses its underscores
        return f"« {value} »" if any(ch.isdigit() for ch in value) else libelle(value)
    return fmt(value)


# ------------------------------------------------------------------------------------ plumbing


@lru_cache(maxsize=1)
def _all_codes() -> dict[str, str]:
    """Every stable code with its kind (finding first: a code names one thing)."""
    out: dict[str, str] = {}
    for kind in ("warning", "action", "finding"):
        for code in load_codes()[kind]:
            out[code] = kind
    return out


def _kind_of(a: Assessment, code: str) -> str:
    codes = _all_codes()
    if code not in codes:
        close = difflib.get_close_matches(code, list(codes), n=3, cutoff=0.6)
        hint = f" Vouliez-vous dire : {', '.join(f'« {c} »' for c in close)} ?" if close else ""
        raise CodeInconnu(f"code inconnu : « {code} » (ni constat, ni action, ni avertissement).{hint}")
    return codes[code]


def _label(kind: str, code: str) -> str:
    spec = load_codes()[kind].get(code)
    return spec.label if spec is not None else code


def _any_label(code: str) -> str:
    kind = _all_codes().get(code)
    return _label(kind, code) if kind else code


def _held(a: Assessment, kind: str, code: str) -> list[Any]:
    if kind == "finding":
        return [f for f in a.findings if f.code == code]
    if kind == "action":
        return [x for x in a.actions if x.code == code]
    return [w for w in a.warnings if w.code == code and w.rule]


def _context(a: Assessment) -> Any:
    ctx = a._context
    if ctx is None or ctx.book is None:
        raise ValueError("explication impossible : cette évaluation n'a pas gardé les faits examinés "
                         "(copie, désérialisation ou autre processus) ; réévaluer le dossier avec evaluate().")
    return ctx


def _rules_concluding(book: Any, code: str) -> list[Any]:
    out = []
    for loaded in book.rules.values():
        then = loaded.rule.then
        codes = ({f.code for f in then.findings} | {x.code for x in then.actions} | {w.code for w in then.warnings})
        if code in codes:
            out.append(loaded.rule)
    return sorted(out, key=lambda r: r.id)


def _view(ctx: Any, rule: Any) -> dict[str, Any]:
    """The facts (and earlier conclusions) the rule's stratum was evaluated on."""
    phase = phase_of(rule)
    result = (ctx.results or {}).get(phase)
    strata = ctx.book.strata.get(phase, [])
    for index, stratum in enumerate(strata):
        if rule.id in stratum and result is not None and index in result.views:
            return result.views[index]
    return ctx.facts or {}


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


register("Assessment", "explain")(explain)
register("Assessment", "why_not")(why_not)


def pourquoi_en_mots(why: list[str]) -> list[str]:
    """An action's ``why`` (the facts its rule read, as the JSON keeps them: « creancier.qualite =
    professionnel », « établi : creance_exigible ») in words: each fact by its French description,
    each finding by its label, each value by its French label or the text it names."""
    from ..institutions import default_vocabulary

    vocabulary = default_vocabulary()
    out = []
    for item in why:
        state, sep, code = item.partition(" : ")
        if sep and state in ("établi", "non établi"):
            out.append(f"constat « {_any_label(code)} » {state}")
            continue
        name, sep, value = item.partition(" = ")
        if not sep:
            out.append(item)
            continue
        spec = vocabulary.facts.get(name)
        label = spec.description if spec is not None else name.replace("_", " ").replace(".", " : ")
        cited = vocabulary.citations.get(value)
        if cited is not None:
            value = f"{cited['code']}, art. {cited['article']}"
        elif "_" in value:
            value = libelle(value)
        out.append(f"{label} : {value}")
    return out


@register("Assessment", "code")
def verifier_code(a: Assessment, code: str, kind: str) -> None:
    """``a.finding(code)`` / ``a.action(code)`` with a code the rule base does not know: raise, naming the
    nearest codes (a typo must not read as « not drawn »)."""
    ctx = a._context
    book = ctx.book if ctx is not None else None
    codes = (book.vocabulary.codes if book is not None else load_codes()).get(kind, {})
    if code in codes:
        return
    nature = {"finding": "constat", "action": "action", "warning": "avertissement"}[kind]
    other = next((k for k, specs in (book.vocabulary.codes if book is not None else load_codes()).items()
                  if code in specs), None)
    if other is not None:
        raise CodeInconnu(f"« {code} » n'est pas un {nature} mais un {_KINDS[other]} : "
                          f"utiliser a.{'finding' if other == 'finding' else 'actions_of' if other == 'action' else 'warnings'}(…).")
    close = difflib.get_close_matches(code, list(codes), n=3, cutoff=0.6)
    hint = f" Vouliez-vous dire : {', '.join(f'« {c} »' for c in close)} ?" if close else ""
    raise CodeInconnu(f"{nature} {'inconnue' if kind == 'action' else 'inconnu'} : « {code} ».{hint}")
