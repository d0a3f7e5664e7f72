"""Rule files: the shipped base validates; broken files fail with file:line, rule id and a suggestion."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from creances_rules import RuleFileError, load_rulebook
from creances_rules.rulebook.loader import builtin_rules_dir

GOOD_RULE = """\
institution: essai
title: Essai
summary: Fichier d'essai.
rules:
  - id: essai.regle
    title: "Règle d'essai"
    citations: [c_civ_1344]
    when: {fact: montant_restant_du, gt: 0}
    then:
      warnings:
        - {code: droit_incertain, message: "essai"}
"""


def _write(tmp_path: Path, text: str, name: str = "essai.yaml") -> Path:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def _errors(tmp_path: Path) -> str:
    with pytest.raises(RuleFileError) as info:
        load_rulebook([tmp_path])
    return str(info.value)


def test_builtin_rules_validate_and_are_stratified():
    book = load_rulebook()
    assert len(book.rules) >= 20
    # every rule is in exactly one stratum of one phase
    placed = [rid for phase in book.strata.values() for stratum in phase for rid in stratum]
    assert sorted(placed) == sorted(book.rules)
    # an exception is always evaluated before the rule it derogates from
    order = {rid: (phase, i) for phase, strata in book.strata.items() for i, s in enumerate(strata) for rid in s}
    for rid, exceptions in book.exceptions_to.items():
        for e in exceptions:
            assert order[e] < order[rid], (e, rid)


def test_a_good_user_file_loads_on_top_of_the_builtin_rules(tmp_path):
    book = load_rulebook([_write(tmp_path, GOOD_RULE)])
    assert "essai.regle" in book.rules and "demeure.interpellation_1344" in book.rules


def test_unknown_key_names_file_line_rule_and_suggests(tmp_path):
    path = _write(tmp_path, GOOD_RULE.replace("    when:", "    whne: {fact: x, eq: 1}\n    when:"))
    message = _errors(path)
    assert f"{path / 'essai.yaml'}:8 [essai.regle]" in message
    assert "clé inconnue « whne »" in message and "vouliez-vous dire « when »" in message


def test_unknown_fact_suggests_the_closest(tmp_path):
    message = _errors(_write(tmp_path, GOOD_RULE.replace("montant_restant_du", "montant_restant_dus")))
    assert "[essai.regle]" in message
    assert "fait inconnu « montant_restant_dus »" in message and "montant_restant_du" in message


def test_literal_of_the_wrong_type_is_refused(tmp_path):
    # "1000" as a string against a money fact: durable-rules would compare it as text ("999" > 1000).
    message = _errors(_write(tmp_path, GOOD_RULE.replace("gt: 0", 'gt: "1000"')))
    assert "incompatible avec « montant_restant_du » (montant)" in message


def test_unknown_calculator_and_parameter(tmp_path):
    text = GOOD_RULE.replace(
        "      warnings:\n        - {code: droit_incertain, message: \"essai\"}",
        "      actions:\n        - code: envoyer_relance\n          purpose: essai\n          priority: 1\n"
        "          deadline: {calculator: fin_de_delais, args: {depart: {fact: as_of}}}\n"
        "        - code: envoyer_relance\n          purpose: essai\n          priority: 2\n"
        "          deadline: {calculator: fin_de_delai, args: {depart: {fact: as_of}, semaines: 2}}",
    )
    message = _errors(_write(tmp_path, text))
    assert "calculateur inconnu « fin_de_delais » (vouliez-vous dire « fin_de_delai » ?)" in message
    assert "paramètre inconnu « semaines »" in message


def test_unknown_code_and_citation(tmp_path):
    text = GOOD_RULE.replace("c_civ_1344]", "c_civ_13444]").replace("droit_incertain", "droit_incertian")
    message = _errors(_write(tmp_path, text))
    assert "citation inconnue « c_civ_13444 »" in message
    assert "code d'avertissement inconnu « droit_incertian »" in message


def test_duplicate_rule_id_across_files(tmp_path):
    _write(tmp_path, GOOD_RULE, "a.yaml")
    _write(tmp_path, GOOD_RULE, "b.yaml")
    assert "identifiant « essai.regle » déjà défini" in _errors(tmp_path)


def test_duplicate_of_a_builtin_rule_id(tmp_path):
    message = _errors(_write(tmp_path, GOOD_RULE.replace("essai.regle", "demeure.interpellation_1344")))
    assert "déjà défini" in message


def test_exception_to_an_unknown_rule_and_cycles(tmp_path):
    message = _errors(_write(tmp_path, GOOD_RULE.replace("    when:", "    exception_to: essai.autre\n    when:")))
    assert "exception_to : règle inconnue « essai.autre »" in message
    cyclic = GOOD_RULE + textwrap.indent(
        "- id: essai.deux\n  title: deux\n  citations: [c_civ_1344]\n  exception_to: essai.regle\n"
        "  when: {fact: montant_restant_du, gt: 0}\n  then: {warnings: [{code: droit_incertain, message: x}]}\n", "  ")
    cyclic = cyclic.replace("    citations: [c_civ_1344]\n    when: {fact: montant_restant_du, gt: 0}",
                            "    citations: [c_civ_1344]\n    exception_to: essai.deux\n    when: {fact: montant_restant_du, gt: 0}", 1)
    assert "dépendance circulaire" in _errors(_write(tmp_path, cyclic))


def test_a_comparison_takes_exactly_one_operator(tmp_path):
    message = _errors(_write(tmp_path, GOOD_RULE.replace("gt: 0}", "gt: 0, lt: 5}")))
    assert "exactement un opérateur" in message and "[essai.regle]" in message


def test_established_must_name_a_concluded_code(tmp_path):
    text = GOOD_RULE.replace("when: {fact: montant_restant_du, gt: 0}", "when: {established: debiteur_en_demeur}")
    assert "aucune règle ne conclut « debiteur_en_demeur »" in _errors(_write(tmp_path, text))


def test_qualification_rules_cannot_conclude_findings(tmp_path):
    text = GOOD_RULE.replace(
        "      warnings:\n        - {code: droit_incertain, message: \"essai\"}",
        "      set: {terme_suppletif_jours: 30}\n      findings: [{code: creance_exigible}]",
    )
    assert "qualification" in _errors(_write(tmp_path, text))


def test_broken_yaml_names_the_line(tmp_path):
    path = _write(tmp_path, "institution: x\nrules: [\n")
    assert f"{path / 'essai.yaml'}:" in _errors(path) and "YAML invalide" in _errors(path)


def test_rule_files_never_execute_code(tmp_path):
    # A YAML tag that would build a Python object is refused by the loader, not executed.
    path = _write(tmp_path, GOOD_RULE.replace("summary: Fichier d'essai.", "summary: !!python/object/apply:os.system ['echo pwned']"))
    with pytest.raises(RuleFileError):
        load_rulebook([path])


def test_shipped_rules_directory_is_found():
    assert (builtin_rules_dir() / "demeure.yaml").is_file()


def test_file_local_citations_must_be_checkable(tmp_path):
    text = GOOD_RULE.replace("rules:\n", "citations:\n  mon_article: {code: \"C. civ.\", article: \"1\", url: \"legifrance\"}\nrules:\n")
    message = _errors(_write(tmp_path, text))
    assert "citation « mon_article » : url http(s):// attendue" in message
    assert "citation « mon_article » : verified_on et sources (pages lues) attendus" in message
