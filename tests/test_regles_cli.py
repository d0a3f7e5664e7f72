"""Commands for rule authors: the catalogue (text, JSON, Markdown), facts, calculators; typed package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import creances_rules
from creances_rules import DossierInvalide
from creances_rules import evaluate
from creances_rules.tools.cli import main

CABINET = Path(__file__).parents[1] / "examples" / "cabinet" / "regles"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_rules_catalogue_includes_a_user_directory_in_three_formats():
    text = run("rules", "--rules", str(CABINET))
    assert text.exit_code == 0
    assert "cabinet.grand_compte_appel_associe: Grand compte" in text.output
    assert "[exception à relances_amiables.relance_telephonique]" in text.output
    data = json.loads(run("rules", "--rules", str(CABINET), "--format", "json").output)
    cabinet = next(f for f in data if f["institution"] == "cabinet")
    assert cabinet["codes"]["actions"]["cabinet.appel_associe"]["label"].startswith("Faire appeler")
    md = run("rules", "--format", "md").output
    assert "| `demeure.interpellation_1344` |" in md and "C. civ. 1344" in md


def test_faits_and_calculateurs_list_types_and_parameters():
    faits = json.loads(run("faits", "--format", "json").output)
    montant = next(f for f in faits if f["name"] == "montant_restant_du")
    assert montant["type"] == "money" and montant["description"].startswith("principal restant dû")
    assert "montant_restant_du  [montant ; dérivé]" in run("faits").output
    calcs = {c["name"]: c for c in json.loads(run("calculateurs", "--format", "json").output)}
    assert calcs["fin_de_delai"]["required"] == ["depart"] and "jours" in calcs["fin_de_delai"]["params"]


def test_structured_errors_besides_the_french_text():
    with pytest.raises(DossierInvalide) as info:
        evaluate({"creancier": {"qualite": "pro"}, "debiteur": {"qualite": "professionnel"}, "factures": []}, "2024-01-01")
    errors = info.value.errors()
    assert {"path", "message"} <= set(errors[0]) and any(e["path"] == "creancier.qualite" for e in errors)


def test_the_package_is_typed():
    assert (Path(creances_rules.__file__).parent / "py.typed").is_file()


def test_schema_path_for_editors():
    path = Path(run("schema", "--of", "regles", "--chemin").output.strip())
    assert path.name == "regles.schema.json" and path.is_file()
