"""JSON Schemas for tools: the dossier, rule files, expert test files and the assessment.

Shipped as files in the package (``creances_rules/data/schemas/*.schema.json``) so that a line

    # yaml-language-server: $schema=<path or URL of regles.schema.json>

at the top of a rule file gives completion and errors in an editor. The rule-file schema types the
condition language as a union discriminated by its keys (``all``/``any``/``not``/``established``/one
comparison operator), with the known facts, codes, calculators (and each one's parameters) and
citation keys as enumerations — codes and citation keys of one's own stay possible (namespaced).
The schema helps an editor; `creances check` remains the judge (types, periods, cycles, examples).

Regenerate after a change of vocabulary: ``creances schema --regenerer`` (a test checks the shipped
files are up to date).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from ._schema_descriptions import DESCRIPTIONS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("dossier", "regles", "tests", "evaluation", "taux")
USER_KEY = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"
CITATION_KEY = r"^[A-Za-z0-9_.\-]+$"


def schema_id(kind: str) -> str:
    return f"urn:creances-rules:schema:{kind}"


def schemas_dir() -> Path:
    return Path(str(resources.files("creances_rules").joinpath("data", "schemas")))


def shipped_path(kind: str) -> Path:
    return schemas_dir() / f"{kind}.schema.json"


def build(kind: str) -> dict[str, Any]:
    if kind == "dossier":
        return dossier_schema()
    if kind == "regles":
        return rules_schema()
    if kind == "tests":
        return tests_schema()
    if kind == "evaluation":
        return evaluation_schema()
    if kind == "taux":
        return taux_schema()
    raise ValueError(f"schéma inconnu « {kind} » ({', '.join(KINDS)})")


def render(kind: str) -> str:
    return json.dumps(build(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def regenerate(directory: Path | None = None) -> list[Path]:
    """Write every schema file; return the paths written."""
    directory = directory or schemas_dir()
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in KINDS:
        path = directory / f"{kind}.schema.json"
        path.write_text(render(kind), encoding="utf-8")
        out.append(path)
    return out


def stale() -> list[str]:
    """Kinds whose shipped file differs from what the code generates now."""
    return [k for k in KINDS if not shipped_path(k).is_file() or shipped_path(k).read_text(encoding="utf-8") != render(k)]


# ----------------------------------------------------------------------------- from pydantic models


def _head(kind: str, title: str, description: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": schema_id(kind), "title": title, "description": description}


def _describe(schema: dict[str, Any], root_name: str) -> dict[str, Any]:
    """Give every property a French description (its model's, else `DESCRIPTIONS`)."""
    defs = schema.get("$defs", {})
    for name, node in [(root_name, schema), *defs.items()]:
        for field, spec in node.get("properties", {}).items():
            if not spec.get("description"):
                text = DESCRIPTIONS.get(f"{name}.{field}") or DESCRIPTIONS.get(field)
                if text:
                    spec["description"] = text
            spec.pop("title", None)
        node.pop("title", None) if node is not schema else None
    return schema


def undescribed(schema: dict[str, Any]) -> list[str]:
    """Properties without a description (the tests require none)."""
    out = []
    for name, node in [("<racine>", schema), *schema.get("$defs", {}).items()]:
        for field, spec in node.get("properties", {}).items():
            if not spec.get("description"):
                out.append(f"{name}.{field}")
    return out


def dossier_schema() -> dict[str, Any]:
    from ..models.dossier import Dossier

    body = _describe(Dossier.model_json_schema(), "Dossier")
    body.pop("title", None)
    return {**_head("dossier", "Dossier de créance (creances_rules)",
                    "Une créance impayée : créancier, débiteur, contrat, factures, paiements, événements… "
                    "Toute date au format ISO AAAA-MM-JJ, tout montant en euros. Une clé inconnue est une erreur."),
            **body}


def evaluation_schema() -> dict[str, Any]:
    from ..models.assessment import Assessment

    body = _describe(Assessment.model_json_schema(mode="serialization"), "Assessment")
    body.pop("title", None)
    return {**_head("evaluation", "Évaluation d'un dossier (creances_rules)",
                    "La réponse d'evaluate() à une date : constats, actions, montants, chronologie, trace, "
                    "avertissements (SPEC §2)."),
            **body}


def taux_schema() -> dict[str, Any]:
    from ..models.fichier_taux import FichierTaux

    body = _describe(FichierTaux.model_json_schema(), "FichierTaux")
    body.pop("title", None)
    return {**_head("taux", "Fichier de taux fourni (creances_rules)",
                    "Des périodes de taux qu'un cabinet fournit (--taux FICHIER, evaluate(..., taux=...)) : taux de "
                    "l'intérêt légal par période et par catégorie, taux BCE des opérations principales de "
                    "refinancement par période ; ajoutées aux tables du paquet ou remplaçant leurs valeurs, et "
                    "signalées comme fournies dans chaque ligne qui les utilise."),
            **body}


def tests_schema() -> dict[str, Any]:
    from .expert_tests import CaseModel

    case = _describe(CaseModel.model_json_schema(), "CaseModel")
    defs = case.pop("$defs", {})
    case.pop("title", None)
    case["description"] = "Un cas : un dossier à une date et ce que la loi doit en conclure."
    defs["cas"] = case
    expect = defs["Expect"]["properties"]
    scalar = [{"type": "boolean"}, {"type": "number"}, {"type": "string"}]
    # The shorthand forms the reader accepts (expert_tests.Expect's "before" validators).
    expect["findings"] = {"description": expect["findings"]["description"], "type": "object",
                          "additionalProperties": {"anyOf": [{"$ref": "#/$defs/ExpectFinding"}, *scalar]}}
    expect["actions"] = {"description": expect["actions"]["description"], "anyOf": [
        {"type": "array", "items": {"type": "string"}},
        {"type": "object", "additionalProperties": {"anyOf": [
            {"$ref": "#/$defs/ExpectAction"}, {"type": "array", "items": {"$ref": "#/$defs/ExpectAction"}},
            {"type": "boolean"}, {"type": "null"}]}}]}
    expect["warnings"] = {"description": expect["warnings"]["description"], "anyOf": [
        {"type": "array", "items": {"type": "string"}},
        {"type": "object", "additionalProperties": {"anyOf": [{"$ref": "#/$defs/ExpectWarning"},
                                                              {"type": "boolean"}, {"type": "null"}]}}]}
    return {**_head("tests", "Fichier de tests d'experts (creances_rules)",
                    "Un cas, une liste de cas, ou {rules: [répertoires], cases: [cas]} ; lancé par "
                    "`creances test` ou par pytest."),
            "$defs": defs,
            "oneOf": [
                {"$ref": "#/$defs/cas"},
                {"type": "array", "items": {"$ref": "#/$defs/cas"}, "minItems": 1},
                {"type": "object", "additionalProperties": False, "required": ["cases"],
                 "properties": {
                     "rules": {"type": "array", "items": {"type": "string"},
                               "description": "répertoires de règles à charger, relatifs au fichier"},
                     "cases": {"type": "array", "items": {"$ref": "#/$defs/cas"}, "minItems": 1,
                               "description": "les cas"}}},
            ]}


# ----------------------------------------------------------------------------- rule files


def rules_schema() -> dict[str, Any]:
    from ..institutions import default_vocabulary
    from ..institutions.vocabulary import FactType

    vocab = default_vocabulary()
    facts = sorted(vocab.facts)
    finding_codes = sorted(vocab.codes.get("finding", {}))
    action_codes = sorted(vocab.codes.get("action", {}))
    warning_codes = sorted(vocab.codes.get("warning", {}))
    qualification = sorted(n for n, s in vocab.facts.items() if s.origin == "qualification")
    citations = sorted(vocab.citations)

    def enum_or_own(values: list[str], description: str) -> dict[str, Any]:
        return {"description": description,
                "anyOf": [{"enum": values}, {"type": "string", "pattern": USER_KEY,
                                              "description": "code propre, préfixé de son espace de noms"}]}

    literal = {"description": "valeur littérale du type du fait (date AAAA-MM-JJ, montant, entier, vrai/faux, texte)",
               "anyOf": [{"type": "boolean"}, {"type": "number"}, {"type": "string"}]}
    fact_ref = {"type": "object", "additionalProperties": False, "required": ["fact"],
                "description": "la valeur d'un fait",
                "properties": {"fact": {"$ref": "#/$defs/nom_de_fait", "description": "nom du fait"}}}
    defs: dict[str, Any] = {
        "nom_de_fait": {"enum": facts, "description": "un fait que les règles peuvent lire (`creances faits`)"},
        "code_constat": enum_or_own(finding_codes, "code de constat (catalogue stable, ou déclaré sous codes:)"),
        "code_action": enum_or_own(action_codes, "code d'action (catalogue stable, ou déclaré sous codes:)"),
        "code_avertissement": enum_or_own(warning_codes, "code d'avertissement (catalogue stable, ou déclaré sous codes:)"),
        "cle_de_citation": {"description": "clé du catalogue des citations, ou d'une citation du fichier",
                            "anyOf": [{"enum": citations}, {"type": "string", "pattern": CITATION_KEY}]},
        "litteral": literal,
        "reference_de_fait": fact_ref,
        "operande": {"description": "un littéral ou {fact: AUTRE_FAIT} du même type",
                     "anyOf": [{"$ref": "#/$defs/litteral"}, {"$ref": "#/$defs/reference_de_fait"}]},
        "condition": _condition_schema(finding_codes, qualification),
        "valeur": _value_schema(vocab),
    }
    for op, text in (("eq", "égal à"), ("ne", "différent de"), ("lt", "strictement avant / inférieur à"),
                     ("le", "avant ou le / inférieur ou égal à"), ("gt", "strictement après / supérieur à"),
                     ("ge", "le ou après / supérieur ou égal à")):
        defs[f"comparaison_{op}"] = {
            "type": "object", "additionalProperties": False, "required": ["fact", op],
            "description": f"le fait est {text} l'opérande",
            "properties": {"fact": {"$ref": "#/$defs/nom_de_fait", "description": "le fait comparé"},
                           op: {"$ref": "#/$defs/operande", "description": f"{text} : un littéral ou {{fact: …}}"}}}
    defs["comparaison_in"] = {
        "type": "object", "additionalProperties": False, "required": ["fact", "in"],
        "description": "le fait vaut l'une des valeurs de la liste",
        "properties": {"fact": {"$ref": "#/$defs/nom_de_fait", "description": "le fait comparé"},
                       "in": {"type": "array", "items": {"$ref": "#/$defs/litteral"}, "minItems": 1,
                              "description": "valeurs permises"}}}
    defs["comparaison_present"] = {
        "type": "object", "additionalProperties": False, "required": ["fact", "present"],
        "description": "le fait est connu (true) ou inconnu (false)",
        "properties": {"fact": {"$ref": "#/$defs/nom_de_fait", "description": "le fait"},
                       "present": {"type": "boolean", "description": "true : connu ; false : inconnu"}}}
    defs["citation"] = _citation_record_schema()
    defs["regle"] = _rule_schema()
    defs["declaration_de_code"] = {
        "type": "object", "additionalProperties": False, "required": ["label"],
        "description": "un code propre au répertoire de règles",
        "properties": {"label": {"type": "string", "minLength": 1, "description": "libellé français affiché"},
                       "description": {"type": "string", "description": "ce que le code signifie"},
                       "since_label": {"type": "string", "description": "libellé du point de départ dans la chronologie"}}}
    own_codes = {"type": "object", "propertyNames": {"pattern": USER_KEY},
                 "additionalProperties": {"$ref": "#/$defs/declaration_de_code"}}
    return {
        **_head("regles", "Fichier de règles (creances_rules)",
                "Une institution juridique : résumé, références, ce qui n'est pas modélisé, codes et citations "
                "propres, règles (conditions et conclusions), exemples chiffrés. Vérifier avec `creances check`."),
        "type": "object",
        "additionalProperties": False,
        "required": ["institution", "title", "summary", "rules"],
        "properties": {
            "institution": {"type": "string", "pattern": "^[a-z0-9_]+$", "description": "identifiant du fichier ([a-z0-9_])"},
            "title": {"type": "string", "description": "titre de l'institution, en français"},
            "summary": {"type": "string", "description": "le droit en quelques phrases, en français"},
            "references": {"type": "array", "items": {"$ref": "#/$defs/cle_de_citation"},
                           "description": "les textes de l'institution (clés de citation)"},
            "not_modelled": {"type": "array", "items": {"type": "string"},
                             "description": "ce que le fichier ne modélise pas (à dire, pas à cacher)"},
            "codes": {"type": "object", "additionalProperties": False,
                      "description": "codes propres (préfixés, ex. cabinet.relance_avocat) : constats, actions, avertissements",
                      "properties": {"findings": {**own_codes, "description": "codes de constat propres"},
                                     "actions": {**own_codes, "description": "codes d'action propres"},
                                     "warnings": {**own_codes, "description": "codes d'avertissement propres"}}},
            "citations": {"type": "object", "additionalProperties": {"$ref": "#/$defs/citation"},
                          "description": "citations propres au fichier (une clé du catalogue ne se redéfinit pas)"},
            "rules": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/regle"}, "description": "les règles"},
            "examples": {"type": "array", "items": _example_schema(), "description": "exemples chiffrés, exécutés par `creances check`"},
        },
        "$defs": defs,
    }


def _condition_schema(finding_codes: list[str], qualification: list[str]) -> dict[str, Any]:
    established = {"description": "un constat (ou fait de qualification) conclu par une autre règle",
                   "anyOf": [{"enum": sorted(set(finding_codes) | set(qualification))},
                             {"type": "string", "pattern": USER_KEY}]}
    return {
        "description": "une condition : {all: […]}, {any: […]}, {not: …}, {established: CODE} ou une comparaison "
                       "{fact: NOM, eq|ne|lt|le|gt|ge|in|present: …} (un seul opérateur)",
        "oneOf": [
            {"type": "object", "additionalProperties": False, "required": ["all"], "description": "toutes les conditions",
             "properties": {"all": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "description": "et"}}},
            {"type": "object", "additionalProperties": False, "required": ["any"], "description": "l'une au moins",
             "properties": {"any": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}, "description": "ou"}}},
            {"type": "object", "additionalProperties": False, "required": ["not"], "description": "la négation",
             "properties": {"not": {"$ref": "#/$defs/condition", "description": "non"}}},
            {"type": "object", "additionalProperties": False, "required": ["established"],
             "description": "une conclusion d'une autre règle", "properties": {"established": established}},
            *({"$ref": f"#/$defs/comparaison_{op}"} for op in ("eq", "ne", "lt", "le", "gt", "ge", "in", "present")),
        ],
    }


def _value_schema(vocab: Any) -> dict[str, Any]:
    calls = []
    for name, spec in sorted(vocab.calculators.items()):
        params = {p: {"$ref": "#/$defs/valeur", "description": f"paramètre « {p} »"} for p in spec.params}
        calls.append({
            "type": "object", "additionalProperties": False, "required": ["calculator"] + (["args"] if spec.required else []),
            "description": spec.description,
            "properties": {
                "calculator": {"const": name, "description": spec.description},
                "args": {"type": "object", "additionalProperties": False, "properties": params,
                         "required": list(spec.required), "description": "arguments nommés"},
            }})
    return {
        "description": "une valeur : littéral, {fact: NOM}, {finding: CODE}, {calculator: NOM, args: {…}} ou une liste",
        "anyOf": [
            {"$ref": "#/$defs/litteral"},
            {"type": "array", "items": {"$ref": "#/$defs/valeur"}},
            {"$ref": "#/$defs/reference_de_fait"},
            {"type": "object", "additionalProperties": False, "required": ["finding"], "description": "la valeur d'un constat établi",
             "properties": {"finding": {"$ref": "#/$defs/code_constat", "description": "code du constat"}}},
            *calls,
        ],
    }


def _rule_schema() -> dict[str, Any]:
    value = {"$ref": "#/$defs/valeur"}
    finding = {"type": "object", "additionalProperties": False, "required": ["code"], "description": "un constat",
               "properties": {"code": {"$ref": "#/$defs/code_constat"},
                              "value": {**value, "description": "valeur (défaut : vrai)"},
                              "since": {**value, "description": "date à partir de laquelle il vaut"},
                              "details": {**value, "description": "détail"},
                              "assumptions": {"type": "array", "items": {"type": "string"}, "description": "hypothèses"}}}
    action = {"type": "object", "additionalProperties": False, "required": ["code", "purpose", "priority"],
              "description": "une action recommandée",
              "properties": {"code": {"$ref": "#/$defs/code_action"},
                             "purpose": {"type": "string", "minLength": 1, "description": "ce que l'action doit obtenir"},
                             "priority": {"type": "integer", "minimum": 0, "maximum": 1000, "description": "ordre (plus petit d'abord)"},
                             "deadline": {**value, "description": "date limite"},
                             "amount": {**value, "description": "montant"},
                             "conditions": {**value, "description": "ce que la voie exige et coûte (calculateur conditions_voie ou conditions_mesure)"},
                             "label": {"type": "string", "description": "libellé (défaut : celui du code)"}}}
    warning = {"type": "object", "additionalProperties": False, "required": ["code", "message"], "description": "un avertissement",
               "properties": {"code": {"$ref": "#/$defs/code_avertissement"},
                              "message": {"type": "string", "minLength": 1, "description": "message en français"},
                              "citations": {"type": "array", "items": {"$ref": "#/$defs/cle_de_citation"}, "description": "textes cités"}}}
    return {
        "type": "object", "additionalProperties": False, "required": ["id", "title", "citations", "when", "then"],
        "description": "une règle : si la condition est vraie, ses conclusions valent",
        "properties": {
            "id": {"type": "string", "pattern": r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", "description": "identifiant stable institution.nom"},
            "title": {"type": "string", "minLength": 1, "description": "intitulé en français"},
            "citations": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/cle_de_citation"}, "description": "textes appliqués"},
            "period": {"type": "object", "additionalProperties": False, "required": ["by"],
                       "description": "la période de droit à laquelle la règle appartient",
                       "properties": {"from": {"type": "string", "format": "date", "description": "à partir du"},
                                      "until": {"type": "string", "format": "date", "description": "jusqu'au"},
                                      "by": {"$ref": "#/$defs/nom_de_fait", "description": "le fait (une date) qui choisit la loi"},
                                      "note": {"type": "string", "description": "remarque"}}},
            "exception_to": {"description": "règle(s) à laquelle celle-ci déroge (logique par défaut)",
                             "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "when": {"$ref": "#/$defs/condition", "description": "la condition"},
            "then": {"type": "object", "additionalProperties": False, "description": "les conclusions",
                     "properties": {"findings": {"type": "array", "items": finding, "description": "constats"},
                                    "actions": {"type": "array", "items": action, "description": "actions"},
                                    "warnings": {"type": "array", "items": warning, "description": "avertissements"},
                                    "set": {"type": "object", "description": "faits de qualification posés (phase qualification)",
                                            "additionalProperties": {"$ref": "#/$defs/litteral"}},
                                    "assumptions": {"type": "array", "items": {"type": "string"}, "description": "hypothèses"}}},
            "notes": {"type": "string", "description": "remarques, choix d'interprétation"},
        },
    }


def _citation_record_schema() -> dict[str, Any]:
    text = {"type": "string"}
    props = {"code": "code ou source (C. civ., C. com., CPC…)", "article": "article", "intitule": "intitulé",
             "legifrance_id": "identifiant Légifrance", "url": "lien http(s) vérifiable",
             "texte_source": "texte lu", "confiance": "verifie, verifie_secondaire ou incertain", "note": "remarque"}
    out = {k: {**text, "description": v} for k, v in props.items()}
    for k, v in (("en_vigueur_du", "début de la version citée"), ("en_vigueur_au", "fin de la version citée"),
                 ("verified_on", "date de vérification")):
        out[k] = {"type": "string", "format": "date", "description": v}
    out["article"] = {"anyOf": [{"type": "string"}, {"type": "number"}], "description": "article"}
    out["sources"] = {"type": "array", "items": {"type": "string"}, "description": "pages lues pour vérifier"}
    return {"type": "object", "additionalProperties": False, "required": ["code", "article"],
            "description": "une citation exacte", "properties": out}


def _example_schema() -> dict[str, Any]:
    codes = {"type": "array", "items": {"type": "string"}}
    return {"type": "object", "additionalProperties": False, "required": ["name", "as_of", "dossier", "expect"],
            "description": "un exemple chiffré",
            "properties": {
                "name": {"type": "string", "description": "intitulé"},
                "as_of": {"type": "string", "format": "date", "description": "date d'évaluation"},
                "dossier": {"type": "object", "description": "le dossier (voir le schéma du dossier)"},
                "reasoning": {"type": "string", "description": "le raisonnement, en français"},
                "expect": {"type": "object", "additionalProperties": False, "description": "conclusions attendues",
                           "properties": {
                               "fired": {**codes, "description": "règles qui s'appliquent"},
                               "not_fired": {**codes, "description": "règles qui ne s'appliquent pas"},
                               "findings": {"type": "object", "description": "constats attendus (value, since)"},
                               "absent_findings": {**codes, "description": "constats absents"},
                               "actions": {**codes, "description": "actions attendues"},
                               "absent_actions": {**codes, "description": "actions absentes"},
                               "warnings": {**codes, "description": "avertissements attendus"}}}}}
