"""Bad dossiers get one clear French message per problem, naming the field path."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from creances_rules import DossierInvalide, load_dossier

MINIMAL = {
    "creancier": {"qualite": "professionnel"},
    "debiteur": {"qualite": "professionnel"},
    "factures": [{"numero": "F1", "montant_ttc": "1200.50", "date_emission": "2025-01-15"}],
}


def _problems(data: dict) -> dict[str, str]:
    with pytest.raises(DossierInvalide) as info:
        load_dossier(data)
    return {p.ou: p.message for p in info.value.problemes}


def test_minimal_dossier_loads_with_documented_defaults():
    d = load_dossier(MINIMAL)
    assert d.factures[0].montant_ttc == Decimal("1200.50")
    assert d.factures[0].date_emission == date(2025, 1, 15)
    assert d.contrat.clause_demeure_par_exigibilite is False  # default documented in facts.Contrat
    assert d.paiements == () and d.evenements == ()


def test_date_in_the_wrong_format_names_the_field():
    data = json.loads(json.dumps(MINIMAL))
    data["factures"][0]["date_echeance"] = "15/02/2025"
    problems = _problems(data)
    assert "factures[0].date_echeance" in problems
    assert "AAAA-MM-JJ" in problems["factures[0].date_echeance"]
    assert "15/02/2025" in problems["factures[0].date_echeance"]


def test_impossible_calendar_date_is_refused():
    data = json.loads(json.dumps(MINIMAL))
    data["factures"][0]["date_emission"] = "2025-02-30"
    assert "n'est pas une date du calendrier" in _problems(data)["factures[0].date_emission"]


def test_datetime_is_refused_for_a_date():
    data = json.loads(json.dumps(MINIMAL))
    data["factures"][0]["date_emission"] = "2025-01-15T10:00:00"
    assert "factures[0].date_emission" in _problems(data)


def test_unknown_key_is_an_error_with_a_suggestion():
    data = json.loads(json.dumps(MINIMAL))
    data["debiteur"]["departemnt"] = "67"
    message = _problems(data)["debiteur.departemnt"]
    assert "champ inconnu" in message and "departement" in message


def test_unknown_enum_value_suggests_the_closest():
    data = json.loads(json.dumps(MINIMAL))
    data["creancier"]["qualite"] = "professionel"
    message = _problems(data)["creancier.qualite"]
    assert "vouliez-vous dire « professionnel »" in message


@pytest.mark.parametrize(
    "amount, fragment",
    [("-5", "négatif"), ("12.345", "centime"), ("douze", "montant attendu"), (float("nan"), "non fini"), (True, "montant")],
)
def test_bad_amounts(amount, fragment):
    data = json.loads(json.dumps(MINIMAL))
    data["factures"][0]["montant_ttc"] = amount
    assert fragment in _problems(data)["factures[0].montant_ttc"]


def test_several_problems_are_all_reported_at_once():
    data = json.loads(json.dumps(MINIMAL))
    data["factures"][0]["date_emission"] = "hier"
    data["factures"][0]["montant_ttc"] = "x"
    data["debiteur"]["qualite"] = "entreprise"
    problems = _problems(data)
    assert {"factures[0].date_emission", "factures[0].montant_ttc", "debiteur.qualite"} <= set(problems)


def test_payment_for_an_unknown_invoice():
    data = json.loads(json.dumps(MINIMAL))
    data["paiements"] = [{"date": "2025-02-01", "montant": 10, "facture": "F9"}]
    assert "F9" in _problems(data)["paiements[0].facture"]


def test_duplicate_invoice_numbers():
    data = json.loads(json.dumps(MINIMAL))
    data["factures"].append(dict(data["factures"][0]))
    assert "en double" in _problems(data)["factures[1].numero"]


def test_missing_required_fields_and_empty_invoice_list():
    problems = _problems({"creancier": {}, "debiteur": {"qualite": "consommateur"}, "factures": []})
    assert problems["creancier.qualite"] == "champ obligatoire manquant"
    assert problems["factures"] == "au moins un élément attendu"


def test_yaml_and_json_files(tmp_path):
    yaml_file = tmp_path / "d.yaml"
    yaml_file.write_text(
        "creancier: {qualite: particulier}\ndebiteur: {qualite: particulier}\n"
        "factures:\n  - {numero: A, montant_ttc: 99.90, date_emission: 2024-12-31}\n",
        encoding="utf-8",
    )
    assert load_dossier(yaml_file).factures[0].montant_ttc == Decimal("99.90")
    json_file = tmp_path / "d.json"
    json_file.write_text(json.dumps(MINIMAL), encoding="utf-8")
    assert load_dossier(json_file).factures[0].numero == "F1"


def test_malformed_yaml_names_the_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("creancier: {qualite: professionnel\ndebiteur: x\n", encoding="utf-8")
    with pytest.raises(DossierInvalide) as info:
        load_dossier(bad)
    assert f"{bad}:" in str(info.value) and "YAML invalide" in str(info.value)


def test_missing_file():
    with pytest.raises(DossierInvalide) as info:
        load_dossier("/nonexistent/dossier.yaml")
    assert "illisible" in str(info.value)
