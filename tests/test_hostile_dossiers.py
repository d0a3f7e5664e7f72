"""Hostile dossiers (issue 14): every reproduced case gives an assessment or a clear French error
naming the field — never a traceback, a hang or a silent nonsense answer. Both engines accept
exactly the same inputs."""

from __future__ import annotations

import copy
import json
import time
from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules._base.errors import DossierInvalide
from creances_rules.models.loading import load_dossier, parse_text

ENGINES = ["python"] + (["durable"] if durable_engine.available() else [])
AS_OF = date(2025, 3, 3)
GOOD = {
    "reference": "A",
    "creancier": {"qualite": "professionnel"},
    "debiteur": {"qualite": "professionnel"},
    "factures": [{"numero": "F1", "montant_ttc": 100, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"}],
}


def with_(path: str, value) -> dict:
    d = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    node = d
    for p in parents:
        node = node[int(p)] if p.isdigit() else node.setdefault(p, {})
    node[last] = value
    return d


def problems(exc: DossierInvalide) -> dict[str, str]:
    return {p.ou: p.message for p in exc.problemes}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path, value, field, words", [
    ("debiteur.departement", "99", "debiteur.departement", "code inconnu"),
    ("debiteur.departement", ["75"], "debiteur.departement", "texte"),
    ("factures.0.montant_ttc", 1e30, "factures[0].montant_ttc", "trop élevé"),
    # issue 21: a string amount is a plain decimal; an exponent is refused with the accepted form
    ("factures.0.montant_ttc", "1e30", "factures[0].montant_ttc", "écrivez 1500 ou 1500.00"),
    # durable-rules compares int64 values scaled by 10^4: 9.3e14 € was refused by durable only.
    ("factures.0.montant_ttc", "930000000000000", "factures[0].montant_ttc", "trop élevé"),
    ("factures.0.montant_ttc", "9" * 5000, "factures[0].montant_ttc", "montant attendu"),
    ("contrat.taux_penalites", "12.123456", "contrat.taux_penalites", "4 décimales"),
    ("factures.0.date_emission", "0001-01-01", "factures[0].date_emission", "hors des bornes"),
    ("factures.0.date_emission", "9999-12-30", "factures[0].date_emission", "hors des bornes"),
    ("factures.0.date_emission", "2025-02-30", "factures[0].date_emission", "pas une date du calendrier"),
    ("factures.0.numero", "", "factures[0].numero", "non vide"),
])
def test_bad_values_are_refused_the_same_way_on_both_engines(engine, path, value, field, words):
    with pytest.raises(DossierInvalide) as info:
        evaluate(with_(path, value), AS_OF, engine=engine, trace=False)
    assert words in problems(info.value)[field]
    assert len(str(info.value)) < 1000  # messages show a short view of the input, never all of it


def test_the_sum_of_a_dossiers_amounts_is_bounded_so_no_derived_sum_leaves_the_engines_range():
    # 20 invoices of 10^11 € = 2·10^12 € > 10^12 €: refused, field named.
    factures = [{"numero": f"F{i}", "montant_ttc": "100000000000", "date_emission": "2025-01-01"} for i in range(20)]
    with pytest.raises(DossierInvalide) as info:
        evaluate({**GOOD, "factures": factures}, AS_OF, trace=False)
    assert "factures" in problems(info.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_largest_amounts_and_rates_allowed_are_answered_identically_by_both_engines(engine):
    # The bounds are chosen so that what passes validation passes both engines.
    d = with_("factures.0.montant_ttc", "100000000000.00")
    d["contrat"] = {"taux_penalites": "99.9999", "date_conclusion": "1900-01-01"}
    a = evaluate(d, date(2200, 12, 31), engine=engine, trace=False)
    assert a.amounts.principal_restant_du == Decimal("100000000000.00")


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", date(1, 1, 1), date(9999, 12, 1)])
def test_as_of_out_of_bounds_is_a_french_error_naming_as_of(as_of):
    with pytest.raises(DossierInvalide) as info:
        evaluate(GOOD, as_of)
    assert "hors des bornes" in problems(info.value)["as_of"]


def test_a_string_is_a_file_path_only_when_asked():
    with pytest.raises(DossierInvalide) as info:
        load_dossier("/etc/passwd", paths=False)
    assert "reçu str" in str(info.value)


@pytest.mark.parametrize("raw, json_format, words", [
    (b'{"reference": "\xe9"}', True, "UTF-8"),
    ("reference: é\n".encode("latin-1"), False, "UTF-8"),
    (b"[" * 1000 + b"]" * 1000, True, "imbrication trop profonde"),
    (b'{"debiteur": {"qualite": "professionnel"}, "debiteur": {"qualite": "consommateur"}}', True,
     "clé « debiteur » en double"),
    (b"debiteur: {qualite: professionnel}\ndebiteur: {qualite: consommateur}\n", False, "clé « debiteur » en double"),
    (b"a: &a [*a]\n", False, "cyclique"),
    (b"a: !!python/object/apply:os.system [echo pwned]\n", False, "YAML invalide"),
    (b"a: !!binary AAAA\n", False, ""),  # a harmless tag: parsed, the model then refuses the field
])
def test_hostile_files_give_a_clear_error(raw, json_format, words):
    try:
        data = parse_text(raw, "f", json_format=json_format)
    except DossierInvalide as exc:
        assert words in str(exc)
        return
    assert words == ""
    with pytest.raises(DossierInvalide):
        load_dossier(data)


def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path):
    # 707-byte shape of the issue: ten levels of nine references each (9^10 values once expanded).
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb = "\n".join(lines) + "\nreference: x\nfactures: [{numero: F, montant_ttc: *a9, date_emission: 2025-01-01}]\n"
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb)
    started = time.perf_counter()
    with pytest.raises(DossierInvalide) as info:
        evaluate(path, AS_OF)
    assert "alias" in str(info.value)
    assert time.perf_counter() - started < 5  # generous bound: the old code never returned


def test_an_unquoted_impossible_date_in_yaml_names_the_field(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("creancier: {qualite: professionnel}\ndebiteur: {qualite: professionnel}\n"
                    "factures:\n- {numero: F1, montant_ttc: 10, date_emission: 2025-02-30}\n")
    with pytest.raises(DossierInvalide) as info:
        evaluate(path, AS_OF)
    assert "n'est pas une date du calendrier" in problems(info.value)["factures[0].date_emission"]


def test_a_huge_unknown_key_is_named_in_short():
    with pytest.raises(DossierInvalide) as info:
        evaluate({**GOOD, "x" * 100_000: 1}, AS_OF)
    assert len(str(info.value)) < 2000


# ------------------------------------------------------------------ odd but valid: answered and said


def test_a_payment_before_its_invoice_is_taken_as_an_advance_and_said():
    # Paid 50 € on 1 Dec 2024 for an invoice issued 1 Jan 2025: before the invoice there is no debt,
    # only an advance (acompte); it is counted (principal 100 − 50 = 50 €) and a warning says so.
    d = {**GOOD, "paiements": [{"date": "2024-12-01", "montant": 50, "facture": "F1"}]}
    a = evaluate(d, AS_OF, trace=False)
    assert a.amounts.principal_restant_du == Decimal("50.00")
    assert [w.code for w in a.warnings].count("paiement_anterieur_a_la_facture") == 1


def test_overpayment_never_gives_a_negative_amount_and_is_said():
    # 500 € paid on a 100 € invoice: principal due 0 (never −400), a warning names the 400 € excess.
    d = {**GOOD, "paiements": [{"date": "2025-02-01", "montant": 500}]}
    a = evaluate(d, AS_OF, trace=False)
    assert a.amounts.principal_restant_du == Decimal("0.00")
    assert all(i.montant >= 0 for i in a.amounts.items) and a.amounts.total >= 0
    w = next(w for w in a.warnings if w.code == "paiement_excedentaire")
    assert "400,00" in w.message


def test_json_round_trip_of_the_error_is_structured():
    with pytest.raises(DossierInvalide) as info:
        evaluate(with_("debiteur.departement", "99"), AS_OF)
    assert json.dumps([p.as_dict() for p in info.value.problemes])


@pytest.mark.parametrize("key", ["none", "function-after", "lax-or-strict"])
def test_an_unknown_key_that_reads_like_a_pydantic_tag_is_still_named(key):
    # Found by fuzzing: {"none": None} raised IndexError while translating the error.
    with pytest.raises(DossierInvalide) as info:
        evaluate({**GOOD, key: None}, AS_OF)
    assert problems(info.value)[key].startswith("champ inconnu")


def test_an_unknown_key_inside_an_invoice_is_named_with_the_invoice_fields():
    # Found by fuzzing on Python 3.10, where `tuple[Facture, ...]` passes isinstance(_, type): the error
    # translation raised TypeError from issubclass instead of naming the key.
    with pytest.raises(DossierInvalide) as info:
        evaluate(with_("factures.0.montant_tcc", 100), AS_OF)
    message = problems(info.value)["factures[0].montant_tcc"]
    assert message.startswith("champ inconnu") and "montant_ttc" in message and "numero" in message
