"""Both engines give identical assessments; evaluations are deterministic and isolated."""

from __future__ import annotations

import pytest
from hypothesis import given

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine

from .strategies import dossiers


def _without_engine(assessment) -> dict:
    data = assessment.to_dict()
    data.pop("engine")
    return data


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
@given(dossiers())
def test_durable_and_python_engines_give_identical_assessments(case):
    dossier, as_of = case
    assert _without_engine(evaluate(dossier, as_of, engine="durable")) == _without_engine(
        evaluate(dossier, as_of, engine="python"))


@given(dossiers(), dossiers())
def test_evaluation_is_deterministic_and_isolated(first, second):
    # Evaluating another dossier in between changes nothing (no state leaks between dossiers).
    dossier, as_of = first
    before = evaluate(dossier, as_of).to_dict()
    evaluate(*second)
    assert evaluate(dossier, as_of).to_dict() == before


@given(dossiers())
def test_every_rule_is_traced_once_with_a_reason(case):
    dossier, as_of = case
    a = evaluate(dossier, as_of, engine="python")
    traced = [t.rule for t in a.trace]
    assert len(traced) == len(set(traced))
    for t in a.trace:
        if t.status == "not_applicable":
            assert t.failed_condition
        if t.status == "undetermined":
            assert t.missing_facts
        if t.status == "overridden":
            assert t.overridden_by
    # SPEC §3: a finding appears only when it holds, once per code
    codes = [f.code for f in a.findings]
    assert len(codes) == len(set(codes))
    assert all(f.value is not None and f.value is not False for f in a.findings)
