"""Cold start (issue 23): what ``creances evaluate`` imports and builds before it answers, and that the
shortcuts taken for it (commands loaded when named, models built on first use) change no answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "facture_b2b_impayee.yaml")


def _python(code: str, tmp_path: Path) -> str:
    """``code`` run in a fresh interpreter (nothing imported yet), with its own rule cache; its stdout."""
    env = {**os.environ, "CREANCES_RULES_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_lazy_command_is_the_command_of_that_name():
    from creances_rules.tools import cli, regles_cli

    assert {command.name for command in regles_cli.COMMANDS} <= set(cli._LAZY)
    for name, load in cli._LAZY.items():
        assert load().name == name
    listed = cli.main.list_commands(None)  # type: ignore[arg-type]
    assert {"evaluate", "delai", "batch", "serve", "check", "taux", "lettre"} <= set(listed)
    assert listed == sorted(listed)


def test_a_lazy_command_runs_when_named():
    from creances_rules.tools.cli import main

    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0, result.output
    assert "demeure" in result.output


def test_evaluate_imports_neither_the_other_commands_nor_what_only_they_need(tmp_path):
    code = ("import sys, io, contextlib\n"
            "from creances_rules.tools.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            f"    main(['evaluate', {EXAMPLE!r}, '--as-of', '2025-07-01', '--format', 'json'], standalone_mode=False)\n"
            "assert '\"findings\"' in out.getvalue()\n"
            "print(' '.join(sorted(sys.modules)))")
    first = set(_python(code, tmp_path).split())  # builds the rule cache: reads the rule files (ruamel)
    assert "ruamel.yaml" in first
    loaded = set(_python(code, tmp_path).split())  # the rule cache warm
    for module in ("creances_rules.portfolio.batch", "creances_rules.portfolio.workers", "creances_rules.tools.regles_cli",
                   "creances_rules.tools.serveur.commande", "creances_rules.tools.lettres_cli",
                   "creances_rules.tools.taux_cli", "multiprocessing", "holidays", "ruamel.yaml",
                   "creances_rules._base.safe_yaml", "creances_rules.presentation.render",
                   "creances_rules.presentation.explications"):
        assert module not in loaded, module


def test_the_rule_schema_builds_no_validator_at_import(tmp_path):
    code = ("from creances_rules.rulebook import schema\n"
            "print(sum(not m.__pydantic_complete__ for m in (schema.RuleFile, schema.Rule, schema.Comparison, schema.AllOf)))")
    assert _python(code, tmp_path).strip() == "4"


def test_deferred_rule_models_validate_as_before():
    from creances_rules.rulebook.schema import AllOf, Comparison, Not, parse_condition

    condition = parse_condition({"all": [{"fact": "a", "eq": 1}, {"not": {"any": [{"established": "x"}]}}]})
    assert isinstance(condition, AllOf) and isinstance(condition.all[0], Comparison)
    assert isinstance(condition.all[1], Not)
    assert json.loads(condition.model_dump_json(by_alias=True))["all"][1] == {"not": {"any": [{"established": "x"}]}}


def test_holidays_are_imported_when_a_deadline_first_needs_them(tmp_path):
    code = ("import sys\n"
            "from datetime import date\n"
            "from creances_rules.law import delais\n"
            "before = 'holidays' in sys.modules\n"
            "end = delais.fin_de_delai(date(2025, 4, 30), jours=1).date\n"
            "print(before, 'holidays' in sys.modules, end)")
    # One day from 30 April 2025 falls on 1 May, a public holiday (CPC 642): the délai ends on Friday 2 May.
    assert _python(code, tmp_path).split() == ["False", "True", "2025-05-02"]


def test_shipped_data_files_read_through_the_cache_are_what_the_strict_reader_reads():
    from importlib import resources

    from creances_rules._base.safe_yaml import load_text
    from creances_rules.law import frais, saisie_remunerations
    from creances_rules.models import libelles

    def strict(name: str):
        return load_text(resources.files("creances_rules").joinpath(f"data/{name}").read_text("utf-8"), typ="safe")

    assert frais.table_des_frais() == frais._valider(strict(frais.FICHIER))
    assert saisie_remunerations._donnees_paquet() == saisie_remunerations.lire_donnees(strict(saisie_remunerations.FICHIER))
    assert libelles.libelles() == dict(strict("libelles.yaml"))


def test_the_lazy_hooks_are_all_those_the_presentation_modules_register(tmp_path):
    code = ("import sys\n"
            "from creances_rules.models import assessment\n"
            "from creances_rules.presentation import LAZY_HOOKS\n"
            "lazy = {key: fn for key, fn in assessment._HOOKS.items()}\n"
            "assert 'creances_rules.presentation.render' not in sys.modules\n"
            "assert 'creances_rules.presentation.explications' not in sys.modules\n"
            "from creances_rules.presentation import explications, render\n"
            "replaced = {key for key, fn in assessment._HOOKS.items() if lazy.get(key) is not fn}\n"
            "print(sorted(set(assessment._HOOKS)) == sorted(LAZY_HOOKS) == sorted(lazy) == sorted(replaced))")
    assert _python(code, tmp_path).strip() == "True"


def test_a_placeholder_loads_its_module_and_answers_as_it(tmp_path):
    code = ("from creances_rules import evaluate\n"
            f"a = evaluate({EXAMPLE!r}, as_of='2025-07-01')\n"
            "html = a.findings._repr_html_()\n"  # the first hook asked: loads the renderings
            "from creances_rules.presentation import render\n"
            "assert html == render._wrap(render._blocs().findings(a.findings, a.as_of))\n"
            "assert str(a) == render.render_text(a)\n"
            "print(str(a.why_not('debiteur_en_demeure')) != '')")
    assert _python(code, tmp_path).strip() == "True"
