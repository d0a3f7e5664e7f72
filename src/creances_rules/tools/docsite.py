"""The documentation site (mkdocs-material): the hand-written pages of ``docs/`` plus pages generated
from the code — the dossier reference (from the models), every finding/action/warning code, the facts
and calculators, and the **rule catalogue**, one page per institution of ``rules/`` (summary, rules as
readable conditions, citations with their links, what is not modelled, worked examples): the literate
view of the law a lawyer reviews.

    creances docs --sortie build/docs            # write the sources and mkdocs.yml
    creances docs --sortie build/docs --construire  # and build the site (mkdocs build --strict)
"""

from __future__ import annotations

from datetime import date

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..models.assessment import Citation
from ..presentation.liens import lien
from ..models.libelles import libelle
from ..institutions.calculators import description as calc_description
from .._base.errors import CreancesError
from .._base.escaping import markdown_text, safe_url
from .._base.formatting import fmt
from ..rulebook.schema import AllOf, AnyOf, Comparison, Condition, Established, FactRef, Not

REPO = Path(__file__).resolve().parents[3]
_OPS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def condition_text(cond: Condition, depth: int = 0) -> list[str]:
    """A condition as an indented Markdown list a lawyer can read."""
    pad = "    " * depth
    if isinstance(cond, AllOf):
        return [f"{pad}- toutes les conditions suivantes :", *[l for c in cond.all for l in condition_text(c, depth + 1)]]
    if isinstance(cond, AnyOf):
        return [f"{pad}- l'une au moins des conditions suivantes :", *[l for c in cond.any for l in condition_text(c, depth + 1)]]
    if isinstance(cond, Not):
        return [f"{pad}- il n'est **pas** vrai que :", *condition_text(cond.not_, depth + 1)]
    if isinstance(cond, Established):
        return [f"{pad}- établi : {_c(cond.established)}"]
    if isinstance(cond, Comparison):
        op, operand = cond.op, cond.operand
        if op == "present":
            return [f"{pad}- `{cond.fact}` est {'connu' if operand else 'inconnu'}"]
        if op == "in":
            return [f"{pad}- `{cond.fact}` ∈ {{{', '.join(_lit(v) for v in operand)}}}"]
        right = f"`{operand.fact}`" if isinstance(operand, FactRef) else _lit(operand)
        return [f"{pad}- `{cond.fact}` {_OPS[op]} {right}"]
    return [f"{pad}- {cond!r}"]


def _t(text: Any) -> str:
    """Rule-file text on one line of the page: shown as written, never as markup or HTML (issue 21)."""
    return markdown_text(str(text), inline=True)


def _nav(title: str) -> str:
    """A page title in the site's navigation (mkdocs.yml): one line, no markup or HTML characters."""
    return " ".join(str(title).translate(str.maketrans("<>`[]{}&", "‹›'()()+")).split()) or "?"


def _c(word: Any) -> str:
    """An identifier from a rule file as a code span (which shows HTML as text); no backtick breaks out."""
    return "`" + " ".join(str(word).replace("`", "'").split()) + "`"


def _lit(value: Any) -> str:
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    return fmt(value) if not isinstance(value, str) else f"« {_t(value)} »"


def _value_text(value: Any) -> str:
    if isinstance(value, dict) or hasattr(value, "model_dump"):
        raw = value.model_dump(by_alias=True) if hasattr(value, "model_dump") else value
        if "calculator" in raw:
            args = ", ".join(f"{k} = {_value_text(v)}" for k, v in (raw.get("args") or {}).items())
            return f"`{raw['calculator']}`({args})"
        if "fact" in raw:
            return f"`{raw['fact']}`"
        if "finding" in raw:
            return f"valeur du constat `{raw['finding']}`"
    if isinstance(value, list):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    return _lit(value)


def _citation_link(key: str, citations: dict[str, dict[str, Any]]) -> str:
    rec = citations.get(key)
    if rec is None:
        return _c(key)
    # Articles read « C. civ., art. 1344 », rulings « Cass. com., 24 avril 2024, n° 22-24.275 » (the
    # citation's own wording), each linked as the reports link it (no link for a ruling without its page).
    c = Citation(key=key, code=str(rec.get("code")), article=str(rec.get("article")), url=rec.get("url"),
                 legifrance_id=rec.get("legifrance_id"), version_du=rec.get("en_vigueur_du"),
                 version_au=rec.get("en_vigueur_au"), confiance=rec.get("confiance"))
    link = lien(c, date.today())
    text = _t(str(c))
    url = safe_url(link.url)  # a javascript: or data: address is never a link
    return f"[{text}]({url})" if url else text


def institution_page(path: Path, model: Any, book: Any) -> str:
    out = [f"# {_t(model.title)}", "", f"_Fichier {_c(path.name)} — institution {_c(model.institution)}._", "",
           markdown_text(model.summary.strip()), ""]
    if model.references:
        out += ["## Références", "", *[f"- {_citation_link(k, book.citations)}" for k in model.references], ""]
    if model.not_modelled:
        out += ["## Non modélisé", "", *[f"- {_t(n)}" for n in model.not_modelled], ""]
    out += ["## Règles", ""]
    for rule in model.rules:
        out += [f"### {_c(rule.id)}", "", f"**{_t(rule.title)}**", ""]
        out += ["Textes : " + ", ".join(_citation_link(k, book.citations) for k in rule.citations), ""]
        if rule.period is not None:
            p = rule.period
            span = " ".join(x for x in (f"du {fmt(p.from_)}" if p.from_ else "", f"au {fmt(p.until)}" if p.until else "") if x)
            out += [f"Période de droit : {span or 'toujours'}, selon {_c(p.by)}." + (f" {_t(p.note)}" if p.note else ""), ""]
        if rule.exception_to:
            out += ["Par dérogation à : " + ", ".join(_c(e) for e in rule.exception_to), ""]
        out += ["**Si**", "", *condition_text(rule.when), "", "**Alors**", ""]
        for f in rule.then.findings:
            out.append(f"- constat {_c(f.code)} : valeur {_value_text(f.value)}"
                       + (f", depuis {_value_text(f.since)}" if f.since is not None else ""))
        for a in rule.then.actions:
            extra = [f"date limite {_value_text(a.deadline)}" if a.deadline is not None else "",
                     f"montant {_value_text(a.amount)}" if a.amount is not None else ""]
            out.append(f"- action {_c(a.code)} (rang {a.priority}) : {_t(a.purpose)}"
                       + ("".join(f" ; {e}" for e in extra if e)))
        for w in rule.then.warnings:
            out.append(f"- avertissement {_c(w.code)} : {_t(w.message)}")
        for name, value in rule.then.set.items():
            out.append(f"- qualification : {_c(name)} = {_lit(value)}")
        if rule.notes:
            out += ["", f"> {_t(rule.notes)}"]
        out.append("")
    if model.examples:
        out += ["## Exemples chiffrés", "", "Exécutés par `creances check` à chaque vérification.", ""]
        for ex in model.examples:
            out += [f"### {_t(ex.name)}", "", f"Au {fmt(ex.as_of)}." + (f" {_t(ex.reasoning)}" if ex.reasoning else ""), ""]
            e = ex.expect
            for code, spec in e.findings.items():
                out.append(f"- constat {_c(code)}" + (f" : {_lit(spec.get('value'))}" if isinstance(spec, dict) and "value" in spec else ""))
            out += [f"- action {_c(c)}" for c in e.actions]
            out += [f"- pas de constat {_c(c)}" for c in e.absent_findings]
            out += [f"- pas d'action {_c(c)}" for c in e.absent_actions]
            out += [f"- règle appliquée : {_c(r)}" for r in e.fired]
            out.append("")
    return "\n".join(out) + "\n"


def codes_page(book: Any) -> str:
    out = ["# Codes stables", "", "Les codes des constats, actions et avertissements (`data/codes.yaml`). "
           "Une application peut en dépendre : un code ne change qu'avec une période de dépréciation.", ""]
    for kind, title in (("finding", "Constats"), ("action", "Actions"), ("warning", "Avertissements")):
        out += [f"## {title}", "", "| code | libellé |", "|---|---|"]
        for code, spec in sorted(book.vocabulary.codes.get(kind, {}).items()):
            label = _t(spec.label.replace("|", "/")) + (f" _(obsolète : {_c(spec.deprecated_by)})_" if spec.deprecated_by else "")
            out.append(f"| {_c(code)} | {label} |")
        out.append("")
    return "\n".join(out) + "\n"


def vocabulary_page(book: Any) -> str:
    types = {"date": "date", "money": "montant", "bool": "vrai/faux", "int": "entier", "rate": "taux (%)",
             "enum": "énumération", "text": "texte"}
    out = ["# Faits et calculateurs", "", "Ce que les règles peuvent lire (`creances faits`) et calculer "
           "(`creances calculateurs`).", "", "## Faits", "", "| fait | type | origine | description |", "|---|---|---|---|"]
    for f in sorted(book.vocabulary.facts.values(), key=lambda f: f.name):
        kind = types[f.type.value] + (f" ({' / '.join(f.choices)})" if f.choices else "")
        out.append(f"| `{f.name}` | {kind} | {f.origin} | {f.description.replace('|', '/')} |")
    out += ["", "## Calculateurs", "", "| calculateur | paramètres (* obligatoire) | description |", "|---|---|---|"]
    for c in sorted(book.vocabulary.calculators.values(), key=lambda c: c.name):
        params = ", ".join(p + ("\\*" if p in c.required else "") for p in c.params) or "—"
        out.append(f"| `{c.name}` | {params} | {calc_description(c).replace('|', '/')} |")
    return "\n".join(out) + "\n"


def dossier_page() -> str:
    from .json_schemas import dossier_schema

    schema = dossier_schema()
    defs = schema.get("$defs", {})
    out = ["# Le dossier", "",
           "Un dossier décrit une créance : un créancier, un débiteur, une ou plusieurs factures, les paiements "
           "reçus et ce qui s'est passé (relances, mise en demeure, titres, procédure collective, garanties…). "
           "Il s'écrit en YAML ou en JSON ; chaque champ est décrit ci-dessous, avec les valeurs permises et leur "
           "sens.", "",
           "Page générée depuis les modèles de la bibliothèque (`creances schema --of dossier` donne le schéma "
           "JSON, pour les éditeurs).", ""]

    def table(title: str, node: dict[str, Any]) -> None:
        required = set(node.get("required", []))
        out.extend([f"## {title}", "", "| champ | type | obligatoire | description |", "|---|---|---|---|"])
        for name, spec in node.get("properties", {}).items():
            out.append(f"| `{name}` | {_type_of(spec)} | {'oui' if name in required else ''} | "
                       f"{str(spec.get('description', '')).replace('|', '/')} |")
        out.append("")

    table("Dossier", schema)
    for name, node in sorted(defs.items()):
        if node.get("properties"):
            table(name, node)
        elif "enum" in node:
            out += [f"## {name}", "", "Valeurs : " + ", ".join(f"`{v}` ({libelle(v, name)})" for v in node["enum"]), ""]
    return "\n".join(out) + "\n"


def _type_of(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " ou ".join(dict.fromkeys(_type_of(s) for s in spec["anyOf"] if s.get("type") != "null"))
    if spec.get("type") == "array":
        return f"liste de {_type_of(spec.get('items', {}))}"
    if spec.get("format") == "date":
        return "date"
    return str(spec.get("type", "valeur"))


MARKER = ".creances-docs"  # the file that says a directory is `creances docs`' own
GENERATED = ("docs", "site", "mkdocs.yml")  # what the tool writes there, and all it ever removes


class SortieRefusee(CreancesError):
    """The output directory is not the tool's own: nothing is written, nothing removed."""


def prepare_output(out: Path) -> None:
    """Make ``out`` the tool's own directory, or refuse (issue 21: ``--sortie .`` wiped a project's
    ``docs/``). A new or empty directory gets the marker file; a non-empty one must carry it (made by an
    earlier run). Then only what the tool generates there (`GENERATED`) is replaced — a link among
    them is removed as a link, never followed; nothing else in ``out`` is touched."""
    if out.exists() and not out.is_dir():
        raise SortieRefusee(f"--sortie {out} : ce n'est pas un répertoire")
    marker = out / MARKER
    if out.is_dir() and any(out.iterdir()) and not marker.is_file():
        raise SortieRefusee(f"--sortie {out} : répertoire non vide qui n'a pas été créé par « creances docs » "
                            f"(pas de fichier {MARKER}) ; choisissez un répertoire neuf ou vide — rien n'a été "
                            "écrit ni supprimé")
    try:
        out.mkdir(parents=True, exist_ok=True)
        marker.write_text("Répertoire généré par « creances docs » : docs/, site/ et mkdocs.yml y sont réécrits "
                          "à chaque exécution ; le reste n'est jamais touché.\n", encoding="utf-8")
        for name in GENERATED:
            target = out / name
            if target.is_symlink() or target.is_file():
                target.unlink()
            elif target.is_dir():
                shutil.rmtree(target)
    except OSError as exc:
        raise SortieRefusee(f"--sortie {out} : écriture impossible ({exc.strerror or exc})") from None


def write_sources(out: Path, rules_dirs: tuple[Path, ...] = ()) -> Path:
    """Write the Markdown sources and ``mkdocs.yml`` under ``out``; return the mkdocs.yml path."""
    from ..evaluation.evaluate import default_rulebook
    from ..rulebook.build import load_rulebook

    book = load_rulebook(rules_dirs) if rules_dirs else default_rulebook()
    prepare_output(out)
    docs = out / "docs"
    (docs / "catalogue").mkdir(parents=True)
    hand = sorted((REPO / "docs").glob("*.md")) if (REPO / "docs").is_dir() else []
    for page in hand:
        shutil.copy(page, docs / page.name)
    notebooks = sorted((REPO / "docs").glob("*.ipynb")) if (REPO / "docs").is_dir() else []
    for nb in notebooks:
        shutil.copy(nb, docs / nb.name)
    readme = (REPO / "README.md").read_text(encoding="utf-8") if (REPO / "README.md").is_file() else "# creances_rules\n"
    (docs / "index.md").write_text(_index(readme, notebooks), encoding="utf-8")
    (docs / "dossier.md").write_text(dossier_page(), encoding="utf-8")
    (docs / "codes.md").write_text(codes_page(book), encoding="utf-8")
    (docs / "vocabulaire.md").write_text(vocabulary_page(book), encoding="utf-8")
    catalogue = []
    for path, model in book.files:
        name = f"catalogue/{model.institution}.md"
        (docs / name).write_text(institution_page(path, model, book), encoding="utf-8")
        catalogue.append({_nav(model.title): name})
    (docs / "catalogue" / "index.md").write_text(
        "# Catalogue des règles\n\nUne page par institution, générée depuis `rules/` : le droit tel que la "
        "bibliothèque l'applique, à relire par un juriste.\n\n"
        + "\n".join(f"- [{_t(m.title)}]({m.institution}.md) — {len(m.rules)} règles" for _, m in book.files) + "\n",
        encoding="utf-8")
    guides = [{_title(p): p.name} for p in hand]
    nav = [{"Accueil": "index.md"}, {"Le dossier": "dossier.md"}, {"Codes stables": "codes.md"},
           {"Faits et calculateurs": "vocabulaire.md"},
           {"Catalogue des règles": [{"Sommaire": "catalogue/index.md"}, *catalogue]},
           {"Guides": guides}]
    if notebooks:
        (docs / "notebook.md").write_text(
            "# Notebooks\n\nÀ ouvrir dans Jupyter (la suite de tests les exécute) :\n\n"
            + "\n".join(f"- [{nb.stem.replace('_', ' ')}]({nb.name})" for nb in notebooks) + "\n", encoding="utf-8")
        nav.append({"Notebooks": "notebook.md"})
    config = {"site_name": "creances_rules", "docs_dir": "docs", "theme": {"name": "material", "language": "fr"},
              "nav": nav, "markdown_extensions": ["tables", "admonition", "toc"],
              "validation": {"links": {"not_found": "warn", "absolute_links": "info", "unrecognized_links": "info"},
                             "omitted_files": "warn"}}
    import json

    path = out / "mkdocs.yml"
    path.write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")  # JSON is YAML
    return path


def _title(page: Path) -> str:
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page.stem


def _index(readme: str, notebooks: list[Path]) -> str:
    # The README's relative links point into the repository: on the site, keep the text, drop the link.
    import re

    text = re.sub(r"\[([^\]]+)\]\((?!https?://)[^)]+\)", r"\1", readme)
    text = text.replace("`docs/", "`")
    extra = "\n## Pour aller plus loin\n\n- [Le dossier](dossier.md)\n- [Codes stables](codes.md)\n" \
            "- [Catalogue des règles](catalogue/index.md)\n"
    if notebooks:
        extra += "- [Notebooks](notebook.md)\n"
    return text + extra


def build(out: Path, rules_dirs: tuple[Path, ...] = ()) -> Path:
    """Write the sources and run ``mkdocs build --strict``; return the site directory."""
    config = write_sources(out, rules_dirs)
    # mkdocs reads a relative -d from the configuration file's directory: give it an absolute path, so
    # the site is where this function (and `creances docs`) says, whatever the current directory.
    site = (out / "site").resolve()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("mkdocs build --strict a échoué :\n" + result.stdout + result.stderr)
    return site
