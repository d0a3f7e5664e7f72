"""pytest plugin: every case of every ``test_*.yaml`` expert test file is one test item.

Installed with the package (entry point ``pytest11``), so a firm's CI only runs ``pytest``; enable it by
hand with ``pytest -p creances_rules.pytest_plugin``. A failing case shows, in French, each expectation
next to what the library concluded. ``--creances-rules DIR`` loads a rule directory for every file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from . import expert_tests


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("creances", "tests d'experts creances_rules (YAML)")
    group.addoption("--creances-rules", action="append", default=[], metavar="DIR",
                    help="répertoire de règles chargé pour chaque fichier de tests YAML")
    group.addoption("--creances-engine", action="append", default=[], choices=["python", "durable"],
                    help="moteur(s) à utiliser (défaut : tous ceux disponibles)")


def pytest_collect_file(parent: Any, file_path: Path) -> Any:
    if expert_tests.is_test_file(file_path):
        return ExpertFile.from_parent(parent, path=file_path)
    return None


class ExpertFile(pytest.File):
    def collect(self) -> Any:
        rules = [Path(d) for d in self.config.getoption("creances_rules") or []]
        try:
            cases = expert_tests.load_cases(self.path, rules)
        except expert_tests.ExpertTestError as exc:
            raise ExpertFileError(str(exc)) from None
        for case in cases:
            yield ExpertCase.from_parent(self, name=case.name, case=case)

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, ExpertFileError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class ExpertFileError(Exception):
    pass


class ExpertCaseFailed(Exception):
    pass


class ExpertCase(pytest.Item):
    def __init__(self, *, case: expert_tests.Case, **kwargs: Any):
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        engines = self.config.getoption("creances_engine") or None
        result = expert_tests.run_case(self.case, engines)
        if not result.passed:
            raise ExpertCaseFailed(result.report())

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, (ExpertCaseFailed, ExpertFileError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, self.case.line - 1, f"cas : {self.case.name}"
