"""The compiled conditions of the Python evaluator and the precompiled ``why`` of actions give exactly
what the interpreter (`_value`) and the explanation (`explain`) give, on every view of every rule."""

from __future__ import annotations

from hypothesis import given, settings

from creances_rules.engines.python_engine import (
    PythonEngine,
    _value,
    compiled,
    explain,
    explain_cached,
    read_values,
)
from creances_rules.evaluate import _Evaluation, default_rulebook
from creances_rules.loading import load_dossier

from .strategies import dossiers


@settings(max_examples=30)
@given(dossiers())
def test_compiled_conditions_and_reads_equal_the_interpreter(case):
    dossier, as_of = case
    book = default_rulebook()
    evaluation = _Evaluation(book, PythonEngine(), load_dossier(dossier), as_of)
    evaluation.run(False)
    tests = compiled(book)
    for phase, result in evaluation.results.items():
        for index, stratum in enumerate(book.strata[phase]):
            view = result.views[index]
            for rid in stratum:
                when = book.rule(rid).when
                assert tests[rid](view) == _value(when, view), rid
                expected = explain(when, view)
                assert read_values(book, rid, view) == expected.read, rid
                assert explain_cached(book, rid, view) == expected, rid
