"""Shared test configuration: bounded hypothesis profiles (CI must stay under ~5 minutes on 2 cores)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# Expert test files (tests/cas/test_*.yaml) are collected by the package's pytest plugin. An install
# that predates its `pytest11` entry point (an old editable install) does not load it: load it here,
# and only then (loading it twice is an error).
from importlib.metadata import entry_points  # noqa: E402

if not any(ep.value == "creances_rules.tools.pytest_plugin" for ep in entry_points(group="pytest11")):
    pytest_plugins = ["creances_rules.tools.pytest_plugin"]
