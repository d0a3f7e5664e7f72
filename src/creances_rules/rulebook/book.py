"""A loaded, checked rule base: rules by id, citations, and the order (phases, strata) to evaluate them.

Evaluation order is derived from the rules themselves, never from priority numbers:
- phase ``qualification``: rules that only ``set`` qualification facts (e.g. the default payment term);
- phase ``consequence``: every other rule, reading those facts as ordinary facts;
- inside a phase, strata: a rule comes after every rule whose conclusion it reads (``established``,
  ``{finding: …}``) and after every rule that is an exception to it. Negation and exceptions therefore
  only ever look at strata already complete (stratified default logic).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

from .._base.errors import Probleme
from ..institutions.vocabulary import CodeSpec, Vocabulary
from .loader import locate
from .schema import (
    AllOf,
    AnyOf,
    CalculatorCall,
    Comparison,
    Condition,
    Established,
    FindingRef,
    Not,
    USER_CODE_PATTERN,
    Rule,
    RuleFile,
)

PHASES = ("qualification", "consequence")


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    path: Path
    where: str  # file:line [id]
    institution: str


@dataclass
class Rulebook:
    rules: dict[str, LoadedRule]
    files: list[tuple[Path, RuleFile]]
    vocabulary: Vocabulary
    citations: dict[str, dict[str, Any]]
    strata: dict[str, list[list[str]]] = field(default_factory=dict)
    exceptions_to: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rule -> its exceptions
    fingerprint: str = ""

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id].rule

    def ordered(self, phase: str) -> Iterator[str]:
        for stratum in self.strata.get(phase, []):
            yield from stratum

    def citation(self, key: str) -> dict[str, Any]:
        return self.citations[key]


def _assemble(files: list[tuple[Path, RuleFile, Any]], vocabulary: Vocabulary) -> tuple[Rulebook, list[Probleme]]:
    problems: list[Probleme] = []
    rules: dict[str, LoadedRule] = {}
    citations = dict(vocabulary.citations)
    cited_where = {key: "catalogue data/citations.yaml" for key in citations}
    vocabulary, code_problems = _with_declared_codes(vocabulary, files)
    problems += code_problems
    digest = hashlib.sha256()
    for path, model, raw in files:
        digest.update(path.read_bytes())
        for key, record in model.citations.items():
            if key in citations:
                # A later file must never change what an existing key cites (1344 silently becoming
                # "art. 9999" in every finding of the built-in rules).
                problems.append(Probleme(
                    locate(path, raw, ("citations", key)),
                    f"citation « {key} » déjà définie ({cited_where[key]}) : une clé ne se redéfinit pas ; "
                    f"citer la clé existante ou en choisir une nouvelle (ex. « cabinet_{key} »)"))
                continue
            citations[key] = record.model_dump(mode="json")
            cited_where[key] = str(path)
        for i, rule in enumerate(model.rules):
            where = locate(path, raw, ("rules", i))
            if rule.id in rules:
                problems.append(Probleme(where, f"identifiant « {rule.id} » déjà défini ({rules[rule.id].where})"))
                continue
            rules[rule.id] = LoadedRule(rule, path, where, model.institution)
    book = Rulebook(
        rules=rules,
        files=[(p, m) for p, m, _ in files],
        vocabulary=vocabulary,
        citations=citations,
        fingerprint=digest.hexdigest()[:16],
    )
    exceptions: dict[str, list[str]] = {rid: [] for rid in rules}
    for rid, loaded in rules.items():
        for target in loaded.rule.exception_to:
            if target in exceptions:
                exceptions[target].append(rid)
    book.exceptions_to = {rid: tuple(sorted(v)) for rid, v in exceptions.items()}
    strata, cycle_problems = _stratify(book)
    book.strata = strata
    return book, problems + cycle_problems


_KINDS = (("findings", "finding"), ("actions", "action"), ("warnings", "warning"))


def _with_declared_codes(vocabulary: Vocabulary, files: list[tuple[Path, RuleFile, Any]]) -> tuple[Vocabulary, list[Probleme]]:
    """The vocabulary plus the codes rule files declare (``codes:``), namespaced and never redefined."""
    if not any(m.codes.findings or m.codes.actions or m.codes.warnings for _, m, _ in files):
        return vocabulary, []
    codes = {kind: dict(specs) for kind, specs in vocabulary.codes.items()}
    declared_in: dict[tuple[str, str], str] = {}
    problems: list[Probleme] = []
    for path, model, raw in files:
        for section, kind in _KINDS:
            for code, decl in getattr(model.codes, section).items():
                where = locate(path, raw, ("codes", section, code))
                if not re.match(USER_CODE_PATTERN, code):
                    problems.append(Probleme(where, f"code « {code} » : un code propre est préfixé par son espace "
                                                    f"de noms (ex. « cabinet.{code} »), pour ne jamais heurter "
                                                    "un code du catalogue stable"))
                    continue
                if code in codes.get(kind, {}):
                    origin = declared_in.get((kind, code), "catalogue data/codes.yaml")
                    problems.append(Probleme(where, f"code « {code} » déjà défini ({origin})"))
                    continue
                codes.setdefault(kind, {})[code] = CodeSpec(code, decl.label, kind, None, decl.since_label)
                declared_in[(kind, code)] = str(path)
    return replace(vocabulary, codes=codes), problems


def conclusion_codes(rule: Rule) -> set[str]:
    """Codes a rule establishes when it fires: its findings and the qualification facts it sets."""
    return {f.code for f in rule.then.findings} | set(rule.then.set)


def referenced_codes(rule: Rule) -> set[str]:
    """Codes of other rules' conclusions that this rule reads."""
    found: set[str] = set()
    for cond in walk_conditions(rule.when):
        if isinstance(cond, Established):
            found.add(cond.established)
    for value in _values(rule):
        for ref in walk_values(value):
            if isinstance(ref, FindingRef):
                found.add(ref.finding)
    return found


def walk_conditions(cond: Condition) -> Iterator[Condition]:
    yield cond
    if isinstance(cond, AllOf):
        for c in cond.all:
            yield from walk_conditions(c)
    elif isinstance(cond, AnyOf):
        for c in cond.any:
            yield from walk_conditions(c)
    elif isinstance(cond, Not):
        yield from walk_conditions(cond.not_)


def walk_values(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, CalculatorCall):
        for arg in value.args.values():
            yield from walk_values(_as_expr(arg))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from walk_values(_as_expr(v))


def _as_expr(raw: Any) -> Any:
    """Calculator args are free-form: read ``{fact: …}``, ``{finding: …}``, ``{calculator: …}`` in them."""
    # A malformed reference ({fact: 5}, {calculator: [..]}) stays a plain dict: the checker reports it.
    if isinstance(raw, dict):
        if set(raw) == {"fact"} and isinstance(raw["fact"], str):
            from .schema import FactRef

            return FactRef(fact=raw["fact"])
        if set(raw) == {"finding"} and isinstance(raw["finding"], str):
            return FindingRef(finding=raw["finding"])
        if ("calculator" in raw and set(raw) <= {"calculator", "args"} and isinstance(raw["calculator"], str)
                and isinstance(raw.get("args", {}), dict)):
            return CalculatorCall(calculator=raw["calculator"], args=raw.get("args", {}))
    return raw


def _values(rule: Rule) -> Iterator[Any]:
    for f in rule.then.findings:
        yield from (v for v in (f.value, f.since, f.details) if v is not None)
    for a in rule.then.actions:
        yield from (v for v in (a.deadline, a.amount) if v is not None)


def facts_read(rule: Rule) -> set[str]:
    names: set[str] = set()
    for cond in walk_conditions(rule.when):
        if isinstance(cond, Comparison):
            names.add(cond.fact)
            operand = cond.operand
            if hasattr(operand, "fact"):
                names.add(operand.fact)
    return names


def _stratify(book: Rulebook) -> tuple[dict[str, list[list[str]]], list[Probleme]]:
    producers: dict[str, list[str]] = {}
    for rid, loaded in book.rules.items():
        for code in conclusion_codes(loaded.rule):
            producers.setdefault(code, []).append(rid)
    deps: dict[str, set[str]] = {}
    for rid, loaded in book.rules.items():
        phase = phase_of(loaded.rule)
        d = set(book.exceptions_to.get(rid, ()))
        for code in referenced_codes(loaded.rule):
            d.update(p for p in producers.get(code, []) if phase_of(book.rules[p].rule) == phase)
        deps[rid] = d
    level: dict[str, int] = {}
    problems: list[Probleme] = []
    visiting: set[str] = set()

    def visit(rid: str, chain: list[str]) -> int:
        if rid in level:
            return level[rid]
        if rid in visiting:
            cycle = " → ".join(chain[chain.index(rid):] + [rid])
            problems.append(Probleme(book.rules[rid].where, f"dépendance circulaire entre règles : {cycle}"))
            return 0
        visiting.add(rid)
        lvl = 1 + max((visit(d, chain + [rid]) for d in deps[rid]), default=-1)
        visiting.discard(rid)
        level[rid] = lvl
        return lvl

    for rid in sorted(book.rules):
        visit(rid, [])
    strata: dict[str, list[list[str]]] = {p: [] for p in PHASES}
    for phase in PHASES:
        ids = [rid for rid in sorted(book.rules) if phase_of(book.rules[rid].rule) == phase]
        top = max((level[r] for r in ids), default=-1)
        strata[phase] = [s for s in ([r for r in ids if level[r] == n] for n in range(top + 1)) if s]
    return strata, problems


def phase_of(rule: Rule) -> str:
    return "qualification" if rule.is_qualification else "consequence"
