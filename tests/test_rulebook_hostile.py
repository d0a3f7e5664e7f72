"""Broken or hostile rule directories: a clear French message naming file:line, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from creances_rules import RuleFileError, load_rulebook

from creances_rules import evaluate
from creances_rules.tools.cli import main
from creances_rules.rulebook.engines import durable_engine
from creances_rules.rulebook import limits
from creances_rules.rulebook.schema import parse_condition

HEAD = """\
institution: essai
title: Essai
summary: Fichier d'essai.
rules:
"""
RULE = """\
  - id: essai.r{n}
    title: "Règle {n}"
    citations: [c_civ_1344]
    when: {when}
    then:
      warnings:
        - {{code: droit_incertain, message: "essai {n}"}}
"""


def rule(n: int, when: str = "{fact: montant_restant_du, gt: 0}") -> str:
    return RULE.format(n=n, when=when)


def write(tmp_path: Path, text: str, name: str = "essai.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def errors(directory: Path) -> str:
    with pytest.raises(RuleFileError) as info:
        load_rulebook([directory])
    return str(info.value)


def test_alias_bomb_is_refused_at_once(tmp_path):
    # Ten levels of nine aliases: ~10^9 nodes if expanded. The loader refuses the first anchor.
    lines = [HEAD.rstrip("\n").replace("rules:", ""), "a0: &a0 [x,x,x,x,x,x,x,x,x]"]
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]" for i in range(1, 10)]
    lines += ["references: *a9", "rules: []"]
    message = errors(write(tmp_path, "\n".join(lines) + "\n"))
    assert "essai.yaml:5" in message and "ancre YAML « &a0 » refusée" in message


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch /tmp/pwned_creances']",
                                 "!!python/name:os.system", "!include /etc/passwd", "!!binary aGVsbG8="])
def test_hostile_tags_neither_run_code_nor_read_files(tmp_path, tag):
    marker = Path("/tmp/pwned_creances")
    marker.unlink(missing_ok=True)
    message = errors(write(tmp_path, HEAD.replace("Fichier d'essai.", tag) + rule(1)))
    assert "balise YAML" in message and "refusée" in message
    assert not marker.exists()
    assert "root:" not in message  # nothing of /etc/passwd


def test_non_utf8_and_impossible_date_and_deep_nesting(tmp_path):
    (tmp_path / "essai.yaml").write_bytes((HEAD + rule(1)).replace("Fichier d'essai.", "Fichier d'\xe9ssai.").encode("latin-1"))
    assert "non UTF-8" in errors(tmp_path)
    write(tmp_path, HEAD.replace("Essai\nsummary", "Essai\nnote: 2025-02-30\nsummary") + rule(1))
    assert "essai.yaml" in errors(tmp_path)
    write(tmp_path, HEAD + rule(1, "[" * 500 + "]" * 500))
    assert "imbriquée" in errors(tmp_path)


def test_yml_files_are_read_subdirectories_said_and_empty_directories_refused(tmp_path):
    (tmp_path / "sous").mkdir()
    write(tmp_path, HEAD + rule(1, "{fact: montant_restant_dus, gt: 0}"), "essai.yml")
    assert "fait inconnu « montant_restant_dus »" in errors(tmp_path)  # the .yml file was read
    empty = tmp_path / "vide"
    empty.mkdir()
    r = CliRunner().invoke(main, ["check", "--no-examples", str(empty)])
    assert r.exit_code == 2 and "aucun fichier de règles (.yaml ou .yml)" in r.output
    write(tmp_path, HEAD + rule(1), "essai.yml")
    r = CliRunner().invoke(main, ["check", "--no-examples", str(tmp_path)])
    assert r.exit_code == 0 and "sous-répertoire non lu" in r.output


def comparisons(n: int) -> str:
    return "{all: [" + ", ".join(f"{{fact: montant_restant_du, gt: {i}}}" for i in range(n)) + "]}"


def test_expression_limit_blames_the_users_rule_and_the_limit_runs_on_both_engines(tmp_path):
    # 14 comparisons: 2 + 2 + 14 × 2 = 32 slots > 31 → refused, on the user's rule (not a built-in example).
    message = errors(write(tmp_path, HEAD + rule(1, comparisons(14))))
    assert "essai.yaml:5 [essai.r1]" in message and "condition trop complexe : 32 expressions" in message
    assert limits.rule_expressions(parse_condition({"all": [{"fact": "x", "gt": i} for i in range(13)]})) == 30
    # 13 comparisons (30 slots) are accepted and evaluated identically by both engines.
    book = load_rulebook([write(tmp_path, HEAD + rule(1, comparisons(13)))])
    dossier = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
               "factures": [{"numero": "F1", "montant_ttc": 100, "date_emission": "2024-01-01", "date_echeance": "2024-01-31"}]}
    engines = ["python"] + (["durable"] if durable_engine.available() else [])
    fired = {e: {w.rule for w in evaluate(dossier, "2024-06-01", rules=book, engine=e).warnings} for e in engines}
    assert all("essai.r1" in f for f in fired.values())


def test_a_wide_stratum_is_split_by_the_durable_adapter_and_answers_like_the_python_engine(tmp_path):
    # 600 independent rules land in one stratum: durable-rules' C core loops for ever past 512 alternatives
    # under one node, so the adapter splits the stratum into networks of width ≤ 480. Run in a subprocess
    # with a timeout, so that a regression fails instead of hanging the suite.
    write(tmp_path, HEAD + "".join(rule(i, f"{{fact: montant_restant_du, gt: {i}}}") for i in range(600)))
    script = textwrap.dedent(f"""
        from creances_rules import load_rulebook
        from creances_rules import evaluate
        from creances_rules.rulebook.engines import durable_engine
        book = load_rulebook([{str(tmp_path)!r}])
        d = {{"creancier": {{"qualite": "professionnel"}}, "debiteur": {{"qualite": "professionnel"}},
             "factures": [{{"numero": "F1", "montant_ttc": 250, "date_emission": "2024-01-01", "date_echeance": "2024-01-31"}}]}}
        engines = ["python"] + (["durable"] if durable_engine.available() else [])
        got = [sorted(w.rule for w in evaluate(d, "2024-06-01", rules=book, engine=e, trace=False).warnings
                      if w.rule.startswith("essai.")) for e in engines]
        assert all(g == got[0] for g in got), got
        print(len(got[0]))
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    # 250 € > i for i = 0 … 249: 250 rules fire, on each engine.
    assert done.stdout.strip() == "250"


def test_a_too_long_in_list_is_refused_with_the_limit(tmp_path):
    values = ", ".join(str(i) for i in range(510))
    message = errors(write(tmp_path, HEAD + rule(1, f"{{fact: nombre_factures, in: [{values}]}}")))
    assert f"liste in: de 510 valeurs, au plus {limits.MAX_IN_VALUES}" in message
    assert f"condition trop large : 511 alternatives" in message


def test_calculator_argument_types_are_checked(tmp_path):
    text = HEAD + rule(1).replace(
        '      warnings:\n        - {code: droit_incertain, message: "essai 1"}',
        '      actions:\n        - {code: envoyer_relance, purpose: essai, priority: 1, '
        'deadline: {calculator: fin_de_delai, args: {depart: "2024-01-01", jours: "8"}}}')
    message = errors(write(tmp_path, text))
    assert "fin_de_delai : paramètre « depart » : attend une date, reçoit un texte (« 2024-01-01 »)" in message
    assert "fin_de_delai : paramètre « jours » : attend un entier, reçoit un texte (« 8 »)" in message


def test_a_user_file_cannot_redefine_a_builtin_citation(tmp_path):
    # Otherwise every built-in finding citing 1344 would cite "art. 9999".
    text = HEAD.replace("rules:\n", "citations:\n  c_civ_1344: {code: \"C. civ.\", article: \"9999\", "
                        "url: \"https://example.org\", verified_on: 2026-01-01, sources: [x]}\nrules:\n") + rule(1)
    message = errors(write(tmp_path, text))
    assert "citation « c_civ_1344 » déjà définie (catalogue data/citations.yaml)" in message


def test_user_codes_must_be_namespaced_and_new(tmp_path):
    text = HEAD.replace("rules:\n", "codes:\n  warnings:\n    mon_avertissement: {label: X}\n"
                        "    cabinet.alerte: {label: Alerte}\nrules:\n") + rule(1).replace("droit_incertain", "cabinet.alerte")
    message = errors(write(tmp_path, text))
    assert "code « mon_avertissement » : un code propre est préfixé" in message
    assert "cabinet.alerte" not in message  # the namespaced one is accepted and usable


def test_github_and_json_formats_of_check(tmp_path):
    write(tmp_path, HEAD + rule(1, "{fact: montant_restant_dus, gt: 0}"))
    out = CliRunner().invoke(main, ["check", "--no-examples", "--format", "github", str(tmp_path)]).output
    assert out.startswith(f"::error file={tmp_path / 'essai.yaml'},line=5,title=creances check::[essai.r1] fait inconnu")
    data = json.loads(CliRunner().invoke(main, ["check", "--no-examples", "--format", "json", str(tmp_path)]).output)
    assert data["ok"] is False and data["problems"][0]["line"] == 5 and data["problems"][0]["rule"] == "essai.r1"
    try:
        load_rulebook([tmp_path])
    except RuleFileError as exc:
        assert exc.errors()[0]["message"].startswith("fait inconnu")


@pytest.mark.parametrize("deadline, message", [
    ("{calculator: fin_de_delai, args: {depart: {calculator: 5}}}", "référence mal formée"),
    ("{calculator: fin_de_delai, args: {depart: {fact: {a: 1}}}}", "référence mal formée"),
    ("{calculator: plus_ancienne_date, args: {dates: {fact: as_of}}}", "attend une liste (une date), reçoit une date"),
    ("{calculator: fin_de_delai, args: {depart: {fact: montant_restant_du}}}", "attend une date, reçoit un montant"),
    ("{calculator: date_conseillee, args: {depart: {fact: as_of}, jours: 10000000}}", "10000000 hors limites (-36500 à 36500)"),
    ("{calculator: fin_de_delai, args: {depart: {fact: as_of}, jours: true}}", "attend un entier, reçoit vrai/faux"),
])
def test_malformed_calculator_arguments_are_refused_before_evaluation(tmp_path, deadline, message):
    text = HEAD + rule(1).replace(
        '      warnings:\n        - {code: droit_incertain, message: "essai 1"}',
        f"      actions:\n        - {{code: envoyer_relance, purpose: essai, priority: 1, deadline: {deadline}}}")
    assert message in errors(write(tmp_path, text))
