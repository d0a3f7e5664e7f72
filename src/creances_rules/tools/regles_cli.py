"""Commands for rule authors and their CI: ``check``, ``test``, ``rules``, ``faits``, ``calculateurs``, ``schema``.

Exit codes: 0 everything passes; 1 an expert test case fails (``creances test``); 2 bad input (a rule
file or a test file that does not validate, a worked example that fails, a missing path).
``--format github`` prints GitHub Actions workflow annotations (``::error file=…,line=…::…``);
``--format json`` a machine-readable report.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from ..institutions.calculators import description as calc_description
from .._base.escaping import terminal_safe
from .._base.errors import CreancesError, Probleme

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
_WHERE = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+))?(?: \[(?P<rule>[^\]]+)\])?$")


def problem_record(p: Probleme, kind: str = "regles") -> dict[str, Any]:
    """``{file, line, rule, message}`` from a problem whose place reads ``file:line [rule id]``."""
    m = _WHERE.match(p.ou or "")
    record: dict[str, Any] = {"path": p.ou, "message": p.message, "kind": kind}
    if m:
        rule = m.group("rule")
        record.update(file=m.group("file"), line=int(m.group("line")) if m.group("line") else None,
                      rule=None if rule and rule.startswith("exemple") else rule)
        if rule and rule.startswith("exemple"):
            record["example"] = rule.removeprefix("exemple : ")
    return record


def _annotation(record: dict[str, Any], level: str = "error") -> str:
    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def esc_prop(text: str) -> str:
        return esc(text).replace(":", "%3A").replace(",", "%2C")

    props = []
    if record.get("file"):
        props.append(f"file={esc_prop(record['file'])}")
    if record.get("line"):
        props.append(f"line={record['line']}")
    title = "creances " + ("test" if record.get("kind") == "test" else "check")
    props.append(f"title={esc_prop(title)}")
    where = f"[{record['rule']}] " if record.get("rule") else ""
    return f"::{level} {','.join(props)}::{esc(where + record['message'])}"


def _echo(text: str, err: bool = False) -> None:
    """Text for a terminal or a CI log: rule-file and dossier text never carry escape sequences."""
    click.echo(terminal_safe(text), err=err)


def _emit(fmt: str, ok: bool, records: list[dict[str, Any]], summary: str, extra: dict[str, Any],
          notes: list[str], code: int) -> None:
    if fmt == "json":  # JSON escapes control characters itself
        click.echo(json.dumps({"ok": ok, "problems": records, "notes": notes, "summary": summary, **extra},
                              ensure_ascii=False, indent=2, default=str))
        sys.exit(code)
    echo = _echo
    if fmt == "github":
        for r in records:
            echo(_annotation(r))
        for n in notes:
            echo(f"::notice title=creances::{n}")
        echo(summary)
    else:
        for n in notes:
            echo(f"Note : {n}", err=not ok)
        if records:
            echo(summary, err=True)
            for r in records:
                echo(f"  - {r['path']} : {r['message']}" if r.get("path") else f"  - {r['message']}", err=True)
        else:
            echo(summary)
    sys.exit(code)


@click.command(help="Valider des fichiers de règles (schéma, vocabulaire, limites, citations, exemples) — "
                    "pour la CI d'un cabinet. Sortie 0 si tout est valide, 2 sinon.")
@click.argument("directories", nargs=-1, type=click.Path(path_type=Path))
@click.option("--no-examples", is_flag=True, help="ne pas exécuter les exemples chiffrés")
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text", show_default=True,
              help="github : annotations de workflow GitHub Actions ; json : rapport structuré")
def check(directories: tuple[Path, ...], no_examples: bool, fmt: str) -> None:
    from ..rulebook.build import load_rulebook
    from ..rulebook.loader import builtin_rules_dir, skipped_entries
    from .worked_examples import run_examples

    builtin = builtin_rules_dir().resolve()
    extra = [d for d in directories if Path(d).resolve() != builtin]
    notes = [n for d in extra for n in skipped_entries(Path(d))]
    try:
        book = load_rulebook(extra)
    except CreancesError as exc:
        problems = getattr(exc, "problemes", [Probleme("", str(exc))])
        _emit(fmt, False, [problem_record(p) for p in problems],
              f"Fichiers de règles invalides : {len(problems)} problème(s).", {}, notes, EXIT_BAD_INPUT)
        return
    failed: list[Probleme] = [] if no_examples else run_examples(book)
    n_examples = sum(len(m.examples) for _, m in book.files)
    counts = {"rules": len(book.rules), "files": len(book.files), "examples": 0 if no_examples else n_examples,
              "user_files": [str(p) for p, _ in book.files if p.resolve().parent != builtin]}
    if failed:
        _emit(fmt, False, [problem_record(p, "exemple") for p in failed],
              f"Exemples non vérifiés : {len(failed)} problème(s).", counts, notes, EXIT_BAD_INPUT)
        return
    checked = "exemples non exécutés (--no-examples)" if no_examples else f"{n_examples} exemples vérifiés"
    _emit(fmt, True, [], f"OK : {len(book.rules)} règles dans {len(book.files)} fichiers, {checked}.", counts,
          notes, EXIT_OK)


@click.command(name="test", help="Exécuter des tests d'experts en YAML (dossier → conclusions attendues). "
                                 "Sortie 0 si tous passent, 1 si un cas échoue, 2 si un fichier est invalide.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path),
              help="répertoire de règles chargé pour chaque fichier (en plus de rules: dans le fichier)")
@click.option("--engine", "engines", multiple=True, type=click.Choice(["python", "durable"]),
              help="moteur(s) (défaut : tous ceux disponibles, qui doivent conclure de même)")
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text", show_default=True)
def test_cmd(paths: tuple[Path, ...], rules_dirs: tuple[Path, ...], engines: tuple[str, ...], fmt: str) -> None:
    from .expert_tests import ExpertTestError, run_paths

    try:
        results = run_paths(paths or (Path("."),), rules_dirs, engines or None)
    except ExpertTestError as exc:
        _emit(fmt, False, [problem_record(p, "test") for p in exc.problemes],
              f"Fichiers de tests invalides : {len(exc.problemes)} problème(s).", {}, [], EXIT_BAD_INPUT)
        return
    failed = [r for r in results if not r.passed]
    summary = f"{len(results) - len(failed)} cas réussi(s), {len(failed)} en échec, sur {len(results)}."
    if fmt == "json":
        click.echo(json.dumps({"ok": not failed, "summary": summary, "cases": [
            {"name": r.case.name, "file": str(r.case.path), "line": r.case.line, "passed": r.passed,
             "failures": r.failures, "error": r.error} for r in results]}, ensure_ascii=False, indent=2))
    elif fmt == "github":
        for r in failed:
            for line in ([f"évaluation impossible : {r.error}"] if r.error else []) + r.failures:
                _echo(_annotation({"file": str(r.case.path), "line": r.case.line, "kind": "test",
                                        "message": f"{r.case.name} : {line}"}))
        _echo(summary)
    else:
        for r in results:
            _echo(("✓ " if r.passed else "✗ ") + f"{r.case.name}  ({r.case.where})")
            if not r.passed:
                _echo("\n".join(r.report().splitlines()[1:]))
        _echo(summary)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def catalogue(book: Any) -> list[dict[str, Any]]:
    """The rule catalogue as data, one entry per rule file (``creances rules --format json``, ``GET /regles``)."""
    return [{"institution": m.institution, "title": m.title, "file": str(p),
             "rules": [{"id": r.id, "title": r.title, "citations": list(r.citations),
                        "exception_to": list(r.exception_to), "where": book.rules[r.id].where} for r in m.rules],
             "codes": m.codes.model_dump(mode="json")} for p, m in book.files]


@click.command(name="rules", help="Le catalogue des règles (id, titre, citations, exceptions).")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path),
              help="répertoire de règles supplémentaire")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
def list_rules(rules_dirs: tuple[Path, ...], fmt: str) -> None:
    from ..evaluation.evaluate import default_rulebook
    from ..rulebook.build import load_rulebook

    try:
        book = load_rulebook(rules_dirs) if rules_dirs else default_rulebook()
    except CreancesError as exc:
        _echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)

    def cite(key: str) -> str:
        rec = book.citations.get(key, {})
        return f"{rec.get('code', '?')} {rec.get('article', key)}"

    if fmt == "json":
        click.echo(json.dumps(catalogue(book), ensure_ascii=False, indent=2))
        return
    for path, model in book.files:
        if fmt == "md":
            _echo(f"## {model.title} (`{model.institution}`)\n\n_{path.name}_\n")
            _echo("| règle | titre | citations | exception à |\n|---|---|---|---|")
            for rule in model.rules:
                _echo(f"| `{rule.id}` | {rule.title} | {', '.join(cite(k) for k in rule.citations)} | "
                           f"{', '.join(f'`{e}`' for e in rule.exception_to)} |")
            _echo("")
        else:
            _echo(f"{model.institution} — {model.title}  ({path.name})")
            for rule in model.rules:
                exc = f"  [exception à {', '.join(rule.exception_to)}]" if rule.exception_to else ""
                _echo(f"  {rule.id}: {rule.title} — {', '.join(cite(k) for k in rule.citations)}{exc}")


_TYPES = {"date": "date", "money": "montant", "bool": "vrai/faux", "int": "entier", "rate": "taux (%)",
          "enum": "énumération", "text": "texte"}
_ORIGINS = {"dossier": "dossier", "derive": "dérivé", "qualification": "qualification (posé par une règle)"}


@click.command(help="Les faits que les règles peuvent lire : nom, type, description, origine.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
def faits(fmt: str) -> None:
    from ..institutions import default_vocabulary

    facts = sorted(default_vocabulary().facts.values(), key=lambda f: f.name)
    if fmt == "json":
        click.echo(json.dumps([{"name": f.name, "type": f.type.value, "description": f.description,
                                "choices": list(f.choices), "origin": f.origin, "depends_on": list(f.depends_on)}
                               for f in facts], ensure_ascii=False, indent=2))
        return
    if fmt == "md":
        click.echo("| fait | type | origine | description |\n|---|---|---|---|")
    for f in facts:
        kind = _TYPES[f.type.value] + (f" ({' | '.join(f.choices)})" if f.choices else "")
        if fmt == "md":
            click.echo(f"| `{f.name}` | {kind} | {_ORIGINS.get(f.origin, f.origin)} | {f.description} |")
        else:
            click.echo(f"{f.name}  [{kind} ; {_ORIGINS.get(f.origin, f.origin)}]\n    {f.description}")


@click.command(help="Les calculateurs que les règles appellent : nom, paramètres, description.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
def calculateurs(fmt: str) -> None:
    from ..institutions import default_vocabulary

    calcs = sorted(default_vocabulary().calculators.values(), key=lambda c: c.name)
    if fmt == "json":
        click.echo(json.dumps([{"name": c.name, "params": list(c.params), "required": list(c.required),
                                "description": calc_description(c)} for c in calcs], ensure_ascii=False, indent=2))
        return
    if fmt == "md":
        click.echo("| calculateur | paramètres (* obligatoire) | description |\n|---|---|---|")
    for c in calcs:
        params = ", ".join(p + ("*" if p in c.required else "") for p in c.params) or "—"
        if fmt == "md":
            click.echo(f"| `{c.name}` | {params} | {calc_description(c)} |")
        else:
            click.echo(f"{c.name}({params})\n    {calc_description(c)}")


@click.command(help="Schéma JSON (dossier, fichiers de règles, fichiers de tests, évaluation, fichier de taux), "
                    "ou --regenerer les fichiers livrés dans le paquet.")
@click.option("--of", "of", type=click.Choice(["dossier", "regles", "rules", "tests", "evaluation", "taux"]),
              default="regles",
              show_default=True)
@click.option("--chemin", is_flag=True, help="afficher le chemin du fichier livré (pour yaml-language-server)")
@click.option("--regenerer", is_flag=True, help="réécrire les schémas livrés (après un changement de vocabulaire)")
def schema(of: str, chemin: bool, regenerer: bool) -> None:
    from . import json_schemas

    kind = "regles" if of == "rules" else of
    if regenerer:
        for path in json_schemas.regenerate():
            click.echo(f"écrit : {path}")
        return
    if chemin:
        click.echo(json_schemas.shipped_path(kind))
        return
    click.echo(json_schemas.render(kind), nl=False)


@click.command(help="Le site de documentation (mkdocs-material) : pages de docs/, référence du dossier, "
                    "codes, catalogue des règles généré depuis rules/.")
@click.option("--sortie", type=click.Path(path_type=Path), default=Path("build/docs"), show_default=True,
              help="répertoire propre à l'outil (neuf, vide, ou créé par lui : fichier .creances-docs) ; "
                   "seuls docs/, site/ et mkdocs.yml y sont réécrits")
@click.option("--construire", is_flag=True, help="construire le site (mkdocs build --strict ; extra « docs »)")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path),
              help="répertoire de règles supplémentaire, ajouté au catalogue")
def docs(sortie: Path, construire: bool, rules_dirs: tuple[Path, ...]) -> None:
    from . import docsite

    try:
        target = docsite.build(sortie, rules_dirs) if construire else docsite.write_sources(sortie, rules_dirs)
    except (CreancesError, RuntimeError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"écrit : {target}")


COMMANDS = (check, test_cmd, list_rules, faits, calculateurs, schema, docs)
