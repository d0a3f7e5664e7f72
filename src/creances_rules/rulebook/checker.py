"""Static checks of a rule base against the vocabulary: facts, types, calculators, codes, citations.

Every message names file:line and the rule id, and suggests the closest known word.
"""

from __future__ import annotations

import difflib
import types
import typing
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._base.errors import Probleme
from ..institutions.vocabulary import FactSpec, FactType
from .book import (
    LoadedRule,
    Rulebook,
    _as_expr,
    conclusion_codes,
    phase_of,
    walk_conditions,
    walk_values,
)
from . import limits
from .loader import locate
from .schema import CalculatorCall, Comparison, FactRef, FindingRef, Rule


def _suggest(word: str, known: Any) -> str:
    hint = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {hint[0]} » ?)" if hint else ""


def check(book: Rulebook, raws: dict[Path, Any]) -> list[Probleme]:
    problems: list[Probleme] = []
    produced: dict[str, list[str]] = {}
    for rid, loaded in book.rules.items():
        for code in conclusion_codes(loaded.rule):
            produced.setdefault(code, []).append(rid)
    for path, model in book.files:
        raw = raws.get(path)
        for key, record in model.citations.items():
            where = locate(path, raw, ("citations", key))
            if not (record.url or "").startswith(("https://", "http://")):
                problems.append(Probleme(where, f"citation « {key} » : url http(s):// attendue (lien vérifiable)"))
            if record.verified_on is None or not record.sources:
                problems.append(Probleme(where, f"citation « {key} » : verified_on et sources (pages lues) attendus"))
        for key in model.references:
            if key not in book.citations:
                problems.append(
                    Probleme(locate(path, raw, ("references",)), f"référence inconnue « {key} »{_suggest(key, book.citations)}")
                )
    for rid, loaded in book.rules.items():
        problems += _check_rule(book, loaded, produced)
    return problems


def _check_rule(book: Rulebook, loaded: LoadedRule, produced: dict[str, list[str]]) -> list[Probleme]:
    rule, where, vocab = loaded.rule, loaded.where, book.vocabulary
    out: list[Probleme] = []

    def bad(message: str) -> None:
        out.append(Probleme(where, message))

    for key in rule.citations:
        if key not in book.citations:
            bad(f"citation inconnue « {key} »{_suggest(key, book.citations)}")
    for target in rule.exception_to:
        if target == rule.id:
            bad("une règle ne peut être une exception à elle-même")
        elif target not in book.rules:
            bad(f"exception_to : règle inconnue « {target} »{_suggest(target, book.rules)}")
    if rule.period is not None:
        spec = vocab.facts.get(rule.period.by)
        if spec is None:
            bad(f"period.by : fait inconnu « {rule.period.by} »{_suggest(rule.period.by, vocab.facts)}")
        elif spec.type is not FactType.date:
            bad(f"period.by : « {rule.period.by} » n'est pas une date")
        if rule.period.from_ and rule.period.until and rule.period.from_ > rule.period.until:
            bad("period : « from » postérieur à « until »")

    cost = limits.rule_expressions(rule.when)
    if cost > limits.MAX_EXPRESSIONS:
        bad(f"condition trop complexe : {cost} expressions élémentaires, au plus {limits.MAX_EXPRESSIONS} "
            "(chaque all/any compte deux, chaque comparaison deux ; limite du moteur durable-rules, "
            "appliquée à tous les moteurs) : scinder la règle, ou remplacer des comparaisons d'égalité "
            "par une liste in: […]")
    for values in limits.in_lists(rule.when):
        if len(values) > limits.MAX_IN_VALUES:
            bad(f"liste in: de {len(values)} valeurs, au plus {limits.MAX_IN_VALUES} (limite du moteur "
                "durable-rules, appliquée à tous les moteurs) : la scinder entre plusieurs règles")
    width = limits.rule_width(rule.when)
    if width > limits.MAX_RULE_WIDTH:
        bad(f"condition trop large : {width} alternatives (feuilles et valeurs de listes in:), au plus "
            f"{limits.MAX_RULE_WIDTH} (le moteur durable-rules ne termine pas au-delà ; limite appliquée à "
            "tous les moteurs) : scinder la règle")
    qualification = phase_of(rule) == "qualification"
    for cond in walk_conditions(rule.when):
        if isinstance(cond, Comparison):
            out += [Probleme(where, m) for m in _check_comparison(cond, vocab.facts, qualification)]
        elif hasattr(cond, "established"):
            code = cond.established
            if code not in produced:
                bad(f"established : aucune règle ne conclut « {code} »{_suggest(code, produced)}")
            elif qualification:
                bad("une règle de qualification ne lit pas les conclusions d'autres règles")
    for f in rule.then.findings:
        _check_code(book, "finding", f.code, bad)
    for a in rule.then.actions:
        _check_code(book, "action", a.code, bad)
        for message in _action_literals(a):
            bad(message)
    for w in rule.then.warnings:
        _check_code(book, "warning", w.code, bad)
        for key in w.citations:
            if key not in book.citations:
                bad(f"citation inconnue « {key} »{_suggest(key, book.citations)}")
    for name, value in rule.then.set.items():
        spec = vocab.facts.get(name)
        if spec is None or spec.origin != "qualification":
            known = [n for n, s in vocab.facts.items() if s.origin == "qualification"]
            bad(f"set : « {name} » n'est pas un fait de qualification{_suggest(name, known)}")
        elif not spec.accepts(value):
            bad(f"set : valeur {value!r} incompatible avec « {name} » ({_type_name(spec)})")
    for value in _conclusion_values(rule):
        for expr in walk_values(value):
            if isinstance(expr, FactRef) and expr.fact not in vocab.facts:
                bad(f"fait inconnu « {expr.fact} »{_suggest(expr.fact, vocab.facts)}")
            elif isinstance(expr, FindingRef) and expr.finding not in produced:
                bad(f"finding : aucune règle ne conclut « {expr.finding} »{_suggest(expr.finding, produced)}")
            elif isinstance(expr, CalculatorCall):
                spec = vocab.calculators.get(expr.calculator)
                if spec is None:
                    bad(f"calculateur inconnu « {expr.calculator} »{_suggest(expr.calculator, vocab.calculators)}")
                    continue
                for arg in expr.args:
                    if arg not in spec.params:
                        bad(f"{expr.calculator} : paramètre inconnu « {arg} »{_suggest(arg, spec.params)}")
                for arg in spec.required:
                    if arg not in expr.args:
                        bad(f"{expr.calculator} : paramètre obligatoire « {arg} » manquant")
                for message in calculator_argument_types(spec, expr, vocab):
                    bad(message)
    return out


def calculator_argument_types(spec: Any, call: CalculatorCall, vocab: Any) -> list[str]:
    """Each argument's type against the calculator's annotation (a date where a date is expected…)."""
    try:
        hints = typing.get_type_hints(spec.function)
    except Exception:  # an annotation that cannot be resolved: nothing to compare with
        return []
    out = []
    for arg, raw in call.args.items():
        if isinstance(raw, dict) and not isinstance(_as_expr(raw), (FactRef, FindingRef, CalculatorCall)):
            out.append(f"{call.calculator} : paramètre « {arg} » : référence mal formée {_shown(raw)} (attendu "
                       "{fact: NOM}, {finding: CODE} ou {calculator: NOM, args: {…}})")
            continue
        if isinstance(raw, int) and not isinstance(raw, bool):
            low = 0 if call.calculator.startswith("fin_de_delai") else -MAX_INT_ARGUMENT  # a délai never runs backwards
            if not low <= raw <= MAX_INT_ARGUMENT:
                out.append(f"{call.calculator} : paramètre « {arg} » : {raw} hors limites ({low} à {MAX_INT_ARGUMENT})")
                continue
        if arg not in hints:
            continue
        expected = hints[arg]
        actual = _arg_type(_as_expr(raw) if isinstance(raw, dict) else raw, vocab)
        if actual is _UNKNOWN or _accepts(expected, actual):
            continue
        out.append(f"{call.calculator} : paramètre « {arg} » : attend {_human(expected)}, reçoit {_human(actual)}"
                   f" ({_shown(raw)})")
    return out


_UNKNOWN = object()
MAX_INT_ARGUMENT = 36_500  # a count of days, months or years in a rule: beyond a century is a typo
_FACT_TYPES = {FactType.date: date, FactType.money: Decimal, FactType.rate: Decimal, FactType.int: int,
               FactType.bool: bool, FactType.enum: str, FactType.text: str}


def _arg_type(expr: Any, vocab: Any) -> Any:
    if isinstance(expr, FactRef):
        spec = vocab.facts.get(expr.fact)
        return _FACT_TYPES.get(spec.type, _UNKNOWN) if spec else _UNKNOWN
    if isinstance(expr, CalculatorCall):
        calc = vocab.calculators.get(expr.calculator)
        try:
            ret = typing.get_type_hints(calc.function).get("return") if calc else None
        except Exception:
            return _UNKNOWN
        members = [m for m in _members(ret) if m is not type(None) and getattr(m, "__name__", "") != "Computed"]
        return members[0] if len(members) == 1 and isinstance(members[0], type) else _UNKNOWN
    if isinstance(expr, FindingRef):
        return _UNKNOWN
    if isinstance(expr, (list, tuple)):
        return ("list", [_arg_type(_as_expr(v) if isinstance(v, dict) else v, vocab) for v in expr])
    if isinstance(expr, dict):
        return dict
    for kind in (bool, int, Decimal, float, date, str):  # ruamel's ScalarInt, ScalarFloat… are subclasses
        if isinstance(expr, kind):
            return kind
    return type(expr)


def _members(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _accepts(expected: Any, actual: Any) -> bool:
    if expected is Any or expected is None:
        return True
    if typing.get_origin(expected) in (typing.Union, types.UnionType):
        return any(_accepts(m, actual) for m in typing.get_args(expected))
    if isinstance(actual, tuple) and actual and actual[0] == "list":
        if typing.get_origin(expected) not in (list, tuple) and expected not in (list, tuple):
            return False
        (inner,) = typing.get_args(expected)[:1] or (Any,)
        return all(a is _UNKNOWN or _accepts(inner, a) for a in actual[1])
    if typing.get_origin(expected) in (list, tuple) or expected in (list, tuple):
        return actual in (list, tuple)  # a single value where a list is expected
    if typing.get_origin(expected) is not None or not isinstance(expected, type) or not isinstance(actual, type):
        return True  # a shape we do not model: do not guess
    if expected is Decimal:
        return actual in (Decimal, int, float)
    if expected is float:
        return actual in (float, int, Decimal)
    if expected is int:
        return actual is int
    return issubclass(actual, expected)


def _human(annotation: Any) -> str:
    names = {date: "une date", Decimal: "un montant ou taux", int: "un entier", bool: "vrai/faux", str: "un texte",
             float: "un nombre", type(None): "rien", dict: "un objet", list: "une liste"}
    if isinstance(annotation, tuple) and annotation and annotation[0] == "list":
        return "une liste"
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return " ou ".join(dict.fromkeys(_human(m) for m in typing.get_args(annotation) if m is not type(None)))
    if typing.get_origin(annotation) in (list, tuple):
        inner = typing.get_args(annotation)
        return f"une liste ({_human(inner[0])})" if inner else "une liste"
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _shown(raw: Any) -> str:
    text = repr(raw) if not isinstance(raw, str) else f"« {raw} »"
    return text if len(text) <= 60 else text[:57] + "…"


def _conclusion_values(rule: Rule) -> list[Any]:
    values: list[Any] = []
    for f in rule.then.findings:
        values += [v for v in (f.value, f.since, f.details) if v is not None]
    for a in rule.then.actions:
        values += [v for v in (a.deadline, a.amount, a.conditions) if v is not None]
    return [_as_expr(v) if isinstance(v, dict) else v for v in values]


def _action_literals(action: Any) -> list[str]:
    """A literal deadline is a date and a literal amount a number (issue 21: ``deadline: "demain"``
    passed the schema and ended in a traceback when an example ran)."""
    out = []
    deadline, amount = action.deadline, action.amount
    if deadline is not None and not isinstance(deadline, (dict, FactRef, FindingRef, CalculatorCall)):
        if not isinstance(deadline, date) and not (isinstance(deadline, str) and _iso_date(deadline)):
            out.append(f"action « {action.code} » : deadline {_shown(deadline)} n'est pas une date (AAAA-MM-JJ) ; "
                       "écrire une date, ou {fact: …}, {finding: …}, {calculator: …}")
    if amount is not None and not isinstance(amount, (dict, FactRef, FindingRef, CalculatorCall)):
        if isinstance(amount, bool) or not isinstance(amount, (int, Decimal, str)) or \
                (isinstance(amount, str) and not _plain_amount(amount)):
            out.append(f"action « {action.code} » : amount {_shown(amount)} n'est pas un montant (ex. 1500.00) ; "
                       "écrire un montant, ou {fact: …}, {finding: …}, {calculator: …}")
    return out


def _iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _plain_amount(text: str) -> bool:
    from .._base.montant_texte import plain_amount_text

    try:
        plain_amount_text(text)
    except ValueError:
        return False
    return True


def _check_code(book: Rulebook, kind: str, code: str, bad: Any) -> None:
    spec = book.vocabulary.code(kind, code)
    labels = {"finding": "de constat", "action": "d'action", "warning": "d'avertissement"}
    if spec is None:
        bad(f"code {labels[kind]} inconnu « {code} »{_suggest(code, book.vocabulary.codes.get(kind, {}))}")
    elif spec.deprecated_by:
        bad(f"code « {code} » obsolète : utiliser « {spec.deprecated_by} »")


def _check_comparison(cond: Comparison, facts: dict[str, FactSpec], qualification: bool) -> list[str]:
    spec = facts.get(cond.fact)
    if spec is None:
        return [f"fait inconnu « {cond.fact} »{_suggest(cond.fact, facts)}"]
    if qualification and (spec.depends_on or spec.origin == "qualification"):
        return [f"« {cond.fact} » dépend d'une qualification : inutilisable dans une règle de qualification"]
    op, operand = cond.op, cond.operand
    if op == "present":
        return []
    if isinstance(operand, FactRef):
        other = facts.get(operand.fact)
        if other is None:
            return [f"fait inconnu « {operand.fact} »{_suggest(operand.fact, facts)}"]
        if other.type is not spec.type:
            return [f"comparaison de « {cond.fact} » ({_type_name(spec)}) et « {operand.fact} » ({_type_name(other)})"]
        return []
    values = operand if op == "in" else (operand,)
    out = []
    if op in ("lt", "le", "gt", "ge") and spec.type in (FactType.bool, FactType.enum, FactType.text):
        out.append(f"« {op} » n'a pas de sens pour « {cond.fact} » ({_type_name(spec)})")
    for value in values:
        if not spec.accepts(_coerce_literal(value, spec)):
            out.append(f"valeur {value!r} incompatible avec « {cond.fact} » ({_type_name(spec)})")
    return out


def _coerce_literal(value: Any, spec: FactSpec) -> Any:
    if spec.type in (FactType.money, FactType.rate) and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    if spec.type is FactType.date and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _type_name(spec: FactSpec) -> str:
    names = {
        FactType.date: "date",
        FactType.money: "montant",
        FactType.bool: "vrai/faux",
        FactType.int: "entier",
        FactType.rate: "taux",
        FactType.enum: "valeurs " + "|".join(spec.choices) if spec.choices else "texte",
        FactType.text: "texte",
    }
    return names[spec.type]
