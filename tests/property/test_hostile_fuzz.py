"""Fuzzing dossiers (issue 14): whatever the input — types, shapes, extreme or impossible dates and
amounts, unicode, huge strings, YAML aliases and tags, duplicate keys, non-UTF-8 bytes — the answer
is an assessment or a `DossierInvalide` whose problems name where; never another exception, a hang,
or a negative amount due."""

from __future__ import annotations

import copy
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules._base.errors import DossierInvalide
from creances_rules.models.loading import parse_text

from .strategies import dossiers

AS_OF = date(2025, 6, 30)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.text(min_size=2000, max_size=3000),
    st.sampled_from(["0001-01-01", "9999-12-31", "2025-02-30", "1899-12-31", "2201-01-01", "1e30", "-1",
                     "12.123456", "99", "2A", "974", "NaN", "Infinity", "1 000,50", "\u0000", "é" * 50,
                     "professionnel", "consommateur", "mise_en_demeure", "lrar"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=12)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _check(dossier, engine="python"):
    try:
        a = evaluate(dossier, AS_OF, engine=engine, trace=False)
    except DossierInvalide as exc:
        assert exc.problemes and all(p.message for p in exc.problemes)
        assert len(str(exc)) < 20_000
        return None
    assert a.amounts.principal_restant_du >= 0 and a.amounts.total >= 0
    assert all(i.montant >= 0 for i in a.amounts.items)
    return a


@settings(suppress_health_check=list(HealthCheck))
@given(dossiers(), st.data())
def test_a_mutated_dossier_gives_an_assessment_or_a_named_error(case, data):
    dossier, _ = case
    dossier = copy.deepcopy(dossier)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(dossier) if p]
        path = data.draw(st.sampled_from(paths))
        node = dossier
        for part in path[:-1]:
            node = node[part]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[path[-1]] = data.draw(values)
        elif action == "delete" and isinstance(node, dict):
            del node[path[-1]]
        elif isinstance(node, dict):
            node[data.draw(st.text(max_size=20))] = data.draw(values)
    a = _check(dossier)
    if durable_engine.available():
        # What is accepted never depends on the engine, and both answer the same.
        b = _check(dossier, "durable")
        assert (a is None) == (b is None)
        if a is not None:
            assert a.model_dump(exclude={"engine"}) == b.model_dump(exclude={"engine"})


@given(values)
def test_any_value_as_a_dossier_gives_a_named_error(value):
    try:
        evaluate(value if isinstance(value, dict) else {"x": value}, AS_OF)
    except DossierInvalide:
        return


@settings(suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300), st.booleans())
def test_any_bytes_parse_or_give_a_clear_error(raw, json_format):
    try:
        data = parse_text(raw, "f", json_format=json_format)
    except DossierInvalide as exc:
        assert exc.problemes
        return
    if isinstance(data, dict):
        _check(data)


yaml_fragments = st.sampled_from([
    "&a [1, 2]", "*a", "!!python/object:os.system ls", "!!binary AAAA", "!!set {a, b}", "!!omap [a: 1]",
    "2025-02-30", "2025-01-01 10:00:00", "{a: 1, a: 2}", "0x1F", "1e400", ".nan", "~", "'é'", "!custom x",
    "[" * 60 + "]" * 60, "&b {x: *b}",
])


@settings(suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(["reference", "creancier", "debiteur", "factures", "paiements", "x"]),
                          yaml_fragments), min_size=1, max_size=6))
def test_hostile_yaml_gives_a_clear_error_or_an_assessment(pairs):
    text = "\n".join(f"{k}: {v}" for k, v in pairs) + "\n"
    try:
        data = parse_text(text.encode(), "f.yaml", json_format=False)
    except DossierInvalide:
        return
    if isinstance(data, dict):
        _check(data)
