"""JSON Schemas for editors and tools: shipped up to date, typed, French, and right about rule files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from creances_rules.tools import json_schemas
from creances_rules.rulebook.loader import builtin_rules_dir

ROOT = Path(__file__).parents[1]


def _yaml(path: Path):
    return json.loads(json.dumps(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def regles():
    return jsonschema.Draft202012Validator(json_schemas.build("regles"))


def test_shipped_schema_files_are_up_to_date():
    stale = json_schemas.stale()
    assert not stale, (f"schémas livrés périmés : {stale} — lancer `creances schema --regenerer` "
                       "(fichiers générés : en cas de conflit de rebase, régénérer)")


@pytest.mark.parametrize("kind", json_schemas.KINDS)
def test_each_schema_is_valid_has_an_id_and_describes_every_field_in_french(kind):
    schema = json_schemas.build(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == json_schemas.DRAFT and schema["$id"] == f"urn:creances-rules:schema:{kind}"
    assert json_schemas.undescribed(schema) == [], "décrire ces champs (facts.py ou _schema_descriptions.py)"


def test_every_builtin_rule_file_and_the_sample_validate(regles):
    files = sorted(builtin_rules_dir().glob("*.yaml")) + [ROOT / "examples" / "cabinet" / "regles" / "cabinet.yaml"]
    for path in files:
        errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in regles.iter_errors(_yaml(path))]
        assert errors == [], path


@pytest.mark.parametrize("bad", [
    {"fakt": "montant_restant_du", "gt": 0},          # misspelt key of a comparison
    {"fact": "montant_restant_du", "gtt": 0},         # misspelt operator
    {"fact": "montant_restant_du", "gt": 0, "lt": 5},  # two operators
    {"fact": "montant_restant_dus", "gt": 0},          # unknown fact (facts are an enum)
    {"alll": [{"fact": "montant_restant_du", "gt": 0}]},
    {"established": "debiteur_en_demeur"},             # unknown finding code (not namespaced either)
])
def test_a_misspelt_condition_is_rejected(regles, bad):
    doc = _yaml(builtin_rules_dir() / "demeure.yaml")
    doc["rules"][0]["when"] = bad
    assert list(regles.iter_errors(doc)), bad


def test_calculator_parameters_are_typed_by_name(regles):
    doc = _yaml(builtin_rules_dir() / "demeure.yaml")
    doc["rules"][0]["then"]["findings"][0]["value"] = {"calculator": "fin_de_delai", "args": {"depart": {"fact": "as_of"}, "semaines": 2}}
    assert list(regles.iter_errors(doc))


def test_sample_dossier_and_an_assessment_validate():
    from creances_rules import evaluate

    dossier = _yaml(ROOT / "examples" / "facture_b2b_impayee.yaml")
    jsonschema.validate(dossier, json_schemas.build("dossier"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**dossier, "debiteurs": {}}, json_schemas.build("dossier"))
    a = evaluate(dossier, "2025-07-01", engine="python")
    jsonschema.validate(json.loads(a.to_json()), json_schemas.build("evaluation"))


def test_expert_test_files_validate():
    validator = jsonschema.Draft202012Validator(json_schemas.build("tests"))
    for path in [*sorted((ROOT / "tests" / "cas").glob("test_*.yaml")), ROOT / "examples" / "cabinet" / "tests" / "test_cabinet.yaml"]:
        assert not list(validator.iter_errors(_yaml(path))), path
