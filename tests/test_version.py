"""One version number (issue 22): written once in _base/version.py, read by pyproject (hatch), by
`creances --version` and the package, and the top entry of CHANGELOG.md."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

import creances_rules
from creances_rules.tools.cli import main

RACINE = Path(__file__).resolve().parents[1]


def test_one_version_everywhere():
    version = creances_rules.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    pyproject = (RACINE / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'path = "src/creances_rules/_base/version.py"' in pyproject
    assert not re.search(r'(?m)^version\s*=', pyproject)
    changelog = (RACINE / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"(?m)^## (\S+)", changelog).group(1) == version
    r = CliRunner().invoke(main, ["--version"])
    assert r.exit_code == 0 and r.output.strip() == f"creances, version {version}"
