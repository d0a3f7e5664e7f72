"""Expert test files: a lawyer writes a dossier and what the law should conclude, in YAML; we check it.

OpenFisca-style, one YAML file holds one case, a list of cases, or ``{rules: [...], cases: [...]}``
(the rule directories, relative to the file, loaded on top of the built-in rules)::

    - name: "Contrat de 2019, LRAR de mise en demeure du 15 février 2024"
      as_of: 2024-06-01
      dossier: dossiers/lrar.yaml          # or the dossier itself, inline
      expect:
        findings:
          debiteur_en_demeure: {value: 2024-02-15, since: 2024-02-15, citations: [c_civ_1344]}
          penalites_de_retard_dues: {value: 412.33, marge: 0.01}   # ± 1 centime
        actions:
          envoyer_mise_en_demeure: {deadline: 2024-06-21, amount: 5000}
        absent_findings: [prescription_acquise]
        absent_actions: [assignation_en_paiement]
        warnings: [droit_incertain]

`creances test PATHS` runs them (exit 0: all pass, 1: a case fails, 2: a file is unreadable or
malformed); the pytest plugin (`creances_rules.pytest_plugin`) makes one test item per case.
Every case runs on each available engine, and the engines must agree.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .._base.formatting import fmt
from .._base.safe_yaml import UnreadableYAMLFile, load_file, plain
from .._base.paths import OUTSIDE, inside
from .._base.errors import CreancesError, Probleme, _ProblemList
from ..models.loading import format_path

# Exit codes of `creances test` (documented in docs/auteurs.md).
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class ExpertTestError(_ProblemList):
    """An expert test file cannot be read: messages name file:line and the key."""

    entete = "Fichier de tests invalide"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Scalar = Union[bool, int, Decimal, date, str]


class ExpectFinding(_Strict):
    """What a finding should say (each key optional): its value (± marge), since, rule, citations."""

    value: Scalar | None = Field(None, description="valeur attendue (montant, date, nombre, vrai/faux)")
    marge: Decimal | None = Field(None, ge=0, description="écart toléré sur un montant (ex. 0.01)")
    since: date | None = Field(None, description="date à partir de laquelle le constat vaut")
    rule: str | None = Field(None, description="identifiant de la règle qui conclut")
    citations: tuple[str, ...] = Field((), description="clés de citation que le constat doit porter")


class ExpectAction(_Strict):
    """What one recommended action should say: deadline, amount (± marge), citations, rule, label."""

    deadline: date | None = Field(None, description="date limite attendue")
    amount: Decimal | None = Field(None, description="montant attendu")
    marge: Decimal | None = Field(None, ge=0, description="écart toléré sur le montant")
    priority: int | None = None
    rule: str | None = None
    label: str | None = None
    citations: tuple[str, ...] = ()


class ExpectWarning(_Strict):
    message: str | None = Field(None, description="texte que le message doit contenir")
    citations: tuple[str, ...] = ()


class ExpectAmounts(_Strict):
    principal_restant_du: Decimal | None = None
    total: Decimal | None = None
    total_apres_compensation: Decimal | None = None
    marge: Decimal | None = Field(None, ge=0)


class Expect(_Strict):
    findings: dict[str, ExpectFinding] = {}
    absent_findings: tuple[str, ...] = ()
    actions: dict[str, tuple[ExpectAction, ...]] = {}
    absent_actions: tuple[str, ...] = ()
    warnings: dict[str, ExpectWarning] = {}
    absent_warnings: tuple[str, ...] = ()
    amounts: ExpectAmounts | None = None
    fired: tuple[str, ...] = ()
    not_fired: tuple[str, ...] = ()

    @field_validator("findings", mode="before")
    @classmethod
    def _finding_shorthand(cls, value: Any) -> Any:
        # `code: true` (the finding holds) or `code: 2024-02-15` (its value) read as {value: …}
        if isinstance(value, dict):
            return {k: ({} if v is True else v) if isinstance(v, dict) or v is True else {"value": v}
                    for k, v in value.items()}
        return value

    @field_validator("actions", mode="before")
    @classmethod
    def _action_forms(cls, value: Any) -> Any:
        # [code, …] (recommended), {code: {…}} (one action), {code: [{…}, {…}]} (as many, each matched once)
        if isinstance(value, list):
            return {code: [{}] for code in value}
        if isinstance(value, dict):
            return {k: (v if isinstance(v, list) else [{} if v is None or v is True else v]) for k, v in value.items()}
        return value

    @field_validator("warnings", mode="before")
    @classmethod
    def _warning_forms(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {code: {} for code in value}
        if isinstance(value, dict):
            return {k: ({} if v is None or v is True else v) for k, v in value.items()}
        return value


class CaseModel(_Strict):
    name: str = Field(min_length=1, description="intitulé du cas, en français")
    as_of: date = Field(description="date de l'évaluation")
    dossier: Union[dict[str, Any], str] = Field(description="le dossier, ou le chemin d'un fichier YAML/JSON")
    expect: Expect
    engines: tuple[str, ...] | None = Field(None, description="moteurs (défaut : tous ceux disponibles)")
    description: str | None = None


class FileModel(_Strict):
    rules: tuple[str, ...] = Field((), description="répertoires de règles à charger, relatifs au fichier")
    cases: tuple[Any, ...] = Field(min_length=1)


@dataclass
class Case:
    """One expert case, read from its file (with the line it starts on)."""

    name: str
    path: Path
    line: int
    as_of: date
    dossier: dict[str, Any] | Path
    expect: Expect
    rules: tuple[Path, ...] = ()
    engines: tuple[str, ...] | None = None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Result:
    case: Case
    failures: list[str] = field(default_factory=list)
    error: str | None = None  # the case could not be evaluated (bad dossier, bad rules)

    @property
    def passed(self) -> bool:
        return not self.failures and self.error is None

    def report(self) -> str:
        lines = [f"{self.case.where} — {self.case.name}"]
        if self.error:
            lines.append(f"  évaluation impossible : {self.error}")
        lines += [f"  ✗ {f}" for f in self.failures]
        return "\n".join(lines)


_KEYS = {
    "case": list(CaseModel.model_fields),
    "expect": list(Expect.model_fields),
    "findings": list(ExpectFinding.model_fields),
    "actions": list(ExpectAction.model_fields),
    "warnings": list(ExpectWarning.model_fields),
    "amounts": list(ExpectAmounts.model_fields),
    "file": list(FileModel.model_fields),
}


# ----------------------------------------------------------------------------- reading


def is_test_file(path: Path) -> bool:
    """The files the runner and the pytest plugin collect: ``test_*.yaml`` / ``test_*.yml`` that speak
    of ``as_of`` and ``expect`` (another tool's YAML test files are left alone)."""
    if not (path.name.startswith("test_") and path.suffix.lower() in (".yaml", ".yml")):
        return False
    try:
        head = path.read_bytes()[:200_000]
    except OSError:
        return True  # let the loader say why it cannot be read
    return b"as_of" in head and b"expect" in head


def collect(paths: Iterable[str | Path], roots: list[Path] | None = None) -> list[Path]:
    """Test files under the given paths (a file is taken as given; a directory is searched). With
    ``roots`` (``creances test``), a file that a link takes out of them is refused, never read."""
    out: list[Path] = []
    problems = []
    for p in map(Path, paths):
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                if roots is not None and not inside(f, roots):
                    if f.name.startswith("test_") and f.suffix.lower() in (".yaml", ".yml"):
                        problems.append(Probleme(str(f), OUTSIDE))
                    continue
                if f.is_file() and is_test_file(f):
                    out.append(f)
        else:
            problems.append(Probleme(str(p), "fichier ou répertoire introuvable"))
    if problems:
        raise ExpertTestError(problems)
    return out


def test_roots(paths: Iterable[str | Path], rules: Iterable[Path] = ()) -> list[Path]:
    """Where ``creances test`` may read (issue 21): the current directory, the given paths, the
    directory holding each (a test directory's project: ``rules: [../regles]`` is the documented
    layout) and the ``--rules`` directories. A link or an absolute path leading elsewhere is refused."""
    roots = [Path.cwd()]
    for p in map(Path, paths):
        base = p if p.is_dir() else p.parent
        roots += [base, base.absolute().parent]
    return roots + [Path(r) for r in rules]


def load_cases(path: Path, extra_rules: Iterable[Path] = (), roots: list[Path] | None = None) -> list[Case]:
    """Read one file; raise `ExpertTestError` naming file:line and the key for any problem. With
    ``roots``, a dossier or a rule directory the file names outside them is refused, never read."""
    try:
        raw = load_file(path)
    except UnreadableYAMLFile as exc:
        raise ExpertTestError([Probleme(exc.where, exc.message)]) from None
    rules: tuple[Path, ...] = tuple(extra_rules)
    items: list[tuple[Any, tuple[Any, ...]]]
    if isinstance(raw, CommentedMap) and "cases" in raw:
        try:
            header = FileModel.model_validate(plain(raw))
        except ValidationError as exc:
            raise ExpertTestError(_problems(path, raw, (), exc, "file")) from None
        named = tuple((path.parent / r) for r in header.rules)
        if roots is not None:
            outside = [r for r, full in zip(header.rules, named) if not inside(full, roots)]
            if outside:
                raise ExpertTestError([Probleme(_where(path, raw, ("rules",)), f"rules : « {r} » {OUTSIDE}")
                                       for r in outside])
        rules += named
        items = [(c, ("cases", i)) for i, c in enumerate(raw["cases"])]
    elif isinstance(raw, CommentedSeq):
        items = [(c, (i,)) for i, c in enumerate(raw)]
    elif isinstance(raw, CommentedMap):
        items = [(raw, ())]
    else:
        raise ExpertTestError([Probleme(f"{path}:1", "un fichier de tests contient un cas (name, as_of, dossier, "
                                                     "expect), une liste de cas, ou {rules: [...], cases: [...]}")])
    cases, problems = [], []
    for node, loc in items:
        if not isinstance(node, CommentedMap):
            problems.append(Probleme(_where(path, raw, loc), "un cas est un objet (name, as_of, dossier, expect)"))
            continue
        try:
            model = CaseModel.model_validate(plain(node))
        except ValidationError as exc:
            problems += _problems(path, raw, loc, exc, "case")
            continue
        dossier: dict[str, Any] | Path
        if isinstance(model.dossier, str):
            dossier = (path.parent / model.dossier)
            if roots is not None and not inside(dossier, roots):
                problems.append(Probleme(_where(path, raw, (*loc, "dossier")), f"dossier : « {model.dossier} » {OUTSIDE}"))
                continue
            if not dossier.is_file():
                problems.append(Probleme(_where(path, raw, (*loc, "dossier")),
                                         f"dossier : fichier introuvable « {model.dossier} » (chemin relatif au fichier de tests)"))
                continue
        else:
            dossier = model.dossier
        cases.append(Case(model.name, path, _line(raw, loc), model.as_of, dossier, model.expect, rules, model.engines))
    if problems:
        raise ExpertTestError(problems)
    names = [c.name for c in cases]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ExpertTestError([Probleme(str(path), f"deux cas portent le même nom « {n} »") for n in dupes])
    return cases


def _line(raw: Any, loc: tuple[Any, ...]) -> int:
    line, node = 1, raw
    for part in loc:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line, node = node.lc.key(part)[0] + 1, node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line, node = node.lc.item(part)[0] + 1, node[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def _where(path: Path, raw: Any, loc: tuple[Any, ...]) -> str:
    return f"{path}:{_line(raw, loc)}"


def _problems(path: Path, raw: Any, loc: tuple[Any, ...], exc: ValidationError, level: str) -> list[Probleme]:
    out = []
    for err in exc.errors(include_url=False):
        inner = tuple(p for p in err["loc"] if not (isinstance(p, str) and (p.startswith("function-") or
                                                                           p in ("str", "dict[str,any]"))))
        field_path = format_path(inner)
        if err["type"] == "extra_forbidden":
            section = next((p for p in reversed(inner[:-1]) if p in _KEYS), level)
            known = _KEYS[section]
            hint = difflib.get_close_matches(str(inner[-1]), known, n=1)
            message = f"clé inconnue « {inner[-1]} »" + (f" (vouliez-vous dire « {hint[0]} » ?)" if hint else "")
            message += f" ; clés permises : {', '.join(known)}" if known else ""
        elif err["type"] == "missing":
            message = f"clé obligatoire « {inner[-1]} » manquante"
        elif err["type"] in ("date_from_datetime_parsing", "date_parsing", "date_type"):
            message = f"date attendue au format AAAA-MM-JJ, reçu « {err.get('input')} »"
        else:
            message = err["msg"]
        out.append(Probleme(_where(path, raw, (*loc, *inner)), f"{field_path} : {message}" if field_path else message))
    return out


# ----------------------------------------------------------------------------- running


_books: dict[tuple[str, ...], Any] = {}


def _rulebook(rules: tuple[Path, ...]) -> Any:
    from ..evaluation.evaluate import default_rulebook
    from ..rulebook.build import load_rulebook

    if not rules:
        return default_rulebook()
    key = tuple(dict.fromkeys(str(p.resolve()) for p in rules))  # a directory named twice is loaded once
    if key not in _books:
        _books[key] = load_rulebook(rules)
    return _books[key]


def available_engines() -> tuple[str, ...]:
    from ..rulebook.engines import durable_engine

    return ("python", "durable") if durable_engine.available() else ("python",)


def run_case(case: Case, engines: Iterable[str] | None = None) -> Result:
    """Evaluate the case on each engine; the failures are readable French lines (expected vs obtained)."""
    from ..evaluation.evaluate import evaluate

    chosen = tuple(engines or case.engines or available_engines())
    try:
        book = _rulebook(case.rules)
    except CreancesError as exc:
        return Result(case, error=f"règles : {exc}")
    unknown = unknown_codes(case.expect, book)
    if unknown:
        return Result(case, failures=unknown)
    results = {}
    for engine in chosen:
        try:
            results[engine] = evaluate(case.dossier, case.as_of, rules=book, engine=engine)
        except CreancesError as exc:
            return Result(case, error=str(exc))
    first_engine, first = next(iter(results.items()))
    failures = compare(first, case.expect)
    for engine, other in list(results.items())[1:]:
        if _summary(other) != _summary(first):
            failures.append(f"les moteurs divergent : {first_engine} et {engine} ne concluent pas de même")
    return Result(case, failures)


def unknown_codes(expect: Expect, book: Any) -> list[str]:
    """A misspelt code in an expectation would make `absent_*` pass for ever: name it, with a suggestion."""
    out = []
    checks = (("finding", "constat", [*expect.findings, *expect.absent_findings]),
              ("action", "action", [*expect.actions, *expect.absent_actions]),
              ("warning", "avertissement", [*expect.warnings, *expect.absent_warnings]))
    for kind, word, codes in checks:
        known = book.vocabulary.codes.get(kind, {})
        for code in codes:
            if code not in known:
                hint = difflib.get_close_matches(code, list(known), n=1)
                out.append(f"{word} « {code} » : code inconnu" + (f" (vouliez-vous dire « {hint[0]} » ?)" if hint else ""))
    for rid in (*expect.fired, *expect.not_fired):
        if rid not in book.rules:
            hint = difflib.get_close_matches(rid, list(book.rules), n=1)
            out.append(f"règle « {rid} » inconnue" + (f" (vouliez-vous dire « {hint[0]} » ?)" if hint else ""))
    return out


def _summary(a: Any) -> Any:
    return (sorted((f.code, str(f.value), str(f.since)) for f in a.findings),
            sorted((x.code, x.rule, str(x.deadline), str(x.amount)) for x in a.actions),
            sorted((w.code, w.rule) for w in a.warnings))


def compare(a: Any, expect: Expect) -> list[str]:
    """Each unmet expectation, as « what: expected …, obtained … »."""
    out: list[str] = []
    fired = {t.rule for t in a.trace if t.status == "fired"}
    out += [f"la règle {r} aurait dû s'appliquer" + _why_not(a, r) for r in expect.fired if r not in fired]
    out += [f"la règle {r} n'aurait pas dû s'appliquer" for r in expect.not_fired if r in fired]
    for code, exp in expect.findings.items():
        found = a.finding(code)
        if found is None:
            out.append(f"constat « {code} » attendu, absent" + _why_not(a, code))
            continue
        if exp.value is not None and not _same(found.value, exp.value, exp.marge):
            out.append(f"constat « {code} » : valeur attendue {_show(exp.value, exp.marge)}, obtenue {_show(found.value)}")
        if exp.since is not None and found.since != exp.since:
            out.append(f"constat « {code} » : depuis le {fmt(exp.since)} attendu, obtenu {_show(found.since)}")
        if exp.rule is not None and found.rule != exp.rule:
            out.append(f"constat « {code} » : règle {exp.rule} attendue, obtenue {found.rule}")
        out += _missing_citations(f"constat « {code} »", found.citations, exp.citations)
    present = {f.code for f in a.findings}
    out += [f"constat « {c} » inattendu (valeur {_show(a.finding(c).value)})" for c in expect.absent_findings if c in present]
    for code, specs in expect.actions.items():
        candidates = list(a.actions_of(code))
        if not candidates:
            out.append(f"action « {code} » attendue, absente" + _why_not(a, code))
            continue
        for spec in specs:
            match = next((x for x in candidates if not _action_gaps(x, spec)), None)
            if match is not None:
                candidates.remove(match)
                continue
            closest = min(candidates, key=lambda x: len(_action_gaps(x, spec))) if candidates else None
            if closest is None:
                out.append(f"action « {code} » : {len(specs)} attendues, {len(a.actions_of(code))} obtenue(s)")
            else:
                out += [f"action « {code} » : {gap}" for gap in _action_gaps(closest, spec)]
    codes = {x.code for x in a.actions}
    out += [f"action « {c} » inattendue" for c in expect.absent_actions if c in codes]
    for code, spec in expect.warnings.items():
        found_w = [w for w in a.warnings if w.code == code]
        if not found_w:
            out.append(f"avertissement « {code} » attendu, absent")
        elif spec.message and not any(spec.message in w.message for w in found_w):
            out.append(f"avertissement « {code} » : message contenant « {spec.message} » attendu, obtenu "
                       + " | ".join(f"« {w.message} »" for w in found_w))
        elif spec.citations:
            out += _missing_citations(f"avertissement « {code} »", [c for w in found_w for c in w.citations],
                                      spec.citations)
    warned = {w.code for w in a.warnings}
    out += [f"avertissement « {c} » inattendu" for c in expect.absent_warnings if c in warned]
    if expect.amounts is not None:
        for key in ("principal_restant_du", "total", "total_apres_compensation"):
            wanted = getattr(expect.amounts, key)
            got = getattr(a.amounts, key, None)
            if wanted is not None and not _same(got, wanted, expect.amounts.marge):
                out.append(f"montants.{key} : attendu {_show(wanted, expect.amounts.marge)}, obtenu {_show(got)}")
    return out


def _action_gaps(x: Any, spec: ExpectAction) -> list[str]:
    gaps = []
    if spec.deadline is not None and x.deadline != spec.deadline:
        gaps.append(f"date limite attendue {fmt(spec.deadline)}, obtenue {_show(x.deadline)}")
    if spec.amount is not None and not _same(x.amount, spec.amount, spec.marge):
        gaps.append(f"montant attendu {_show(spec.amount, spec.marge)}, obtenu {_show(x.amount)}")
    if spec.priority is not None and x.priority != spec.priority:
        gaps.append(f"priorité {spec.priority} attendue, obtenue {x.priority}")
    if spec.rule is not None and x.rule != spec.rule:
        gaps.append(f"règle {spec.rule} attendue, obtenue {x.rule}")
    if spec.label is not None and x.label != spec.label:
        gaps.append(f"libellé « {spec.label} » attendu, obtenu « {x.label} »")
    gaps += _missing_citations("citations", x.citations, spec.citations)
    return gaps


def _missing_citations(what: str, citations: Iterable[Any], expected: Iterable[str]) -> list[str]:
    keys = {c.key for c in citations}
    missing = [k for k in expected if k not in keys]
    return [f"{what} : citation(s) attendue(s) absente(s) : {', '.join(missing)} (obtenu : {', '.join(sorted(keys)) or 'aucune'})"] if missing else []


def _why_not(a: Any, code: str) -> str:
    try:
        text = a.why_not(code)  # SPEC §2, when the assessment offers it
    except Exception:
        text = None
    if text:
        return f" — {text}" if isinstance(text, str) else ""
    blocked = [t for t in a.trace if t.rule == code or code in t.rule]
    first = next((t for t in blocked if t.failed_condition), None)
    return f" — {first.rule} : condition non remplie « {first.failed_condition} »" if first else ""


def _same(actual: Any, expected: Any, marge: Decimal | None = None) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected or actual == expected
    if isinstance(actual, (Decimal, int)) and isinstance(expected, (Decimal, int, float, str)):
        try:
            return abs(Decimal(str(actual)) - Decimal(str(expected))) <= (marge or Decimal(0))
        except InvalidOperation:
            return False
    if isinstance(actual, date) and isinstance(expected, str):
        return actual.isoformat() == expected
    return actual == expected


def _show(value: Any, marge: Decimal | None = None) -> str:
    if value is None:
        return "rien"
    text = fmt(Decimal(str(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) and marge else value)
    return text + (f" (± {fmt(Decimal(marge))})" if marge else "")


def run_paths(paths: Iterable[str | Path], rules: Iterable[Path] = (), engines: Iterable[str] | None = None) -> list[Result]:
    """Run every case of every test file under ``paths``; raise `ExpertTestError` for unreadable files."""
    paths = list(paths)
    roots = test_roots(paths or [Path(".")], rules)
    files = collect(paths, roots)
    if not files:
        raise ExpertTestError([Probleme(", ".join(map(str, paths)) or ".", "aucun fichier de tests (test_*.yaml)")])
    problems: list[Probleme] = []
    cases: list[Case] = []
    for f in files:
        try:
            cases += load_cases(f, rules, roots)
        except ExpertTestError as exc:
            problems += exc.problemes
    if problems:
        raise ExpertTestError(problems)
    return [run_case(c, engines) for c in cases]
