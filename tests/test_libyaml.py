"""The libyaml speed path reads exactly what ruamel reads (YAML 1.2), or hands the text back to ruamel.

The reference is ruamel itself, called here as the loaders called it before the speed path existed:
``strict_yaml("rt")`` (rule files, with ``lc`` line numbers), ``strict_yaml("safe")``, and
``YAML(typ="safe", pure=True)`` (shipped data files). Same values, same built-in types, same key
order, same lines — or, for anything outside the plain subset, the very same error.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarbool import ScalarBoolean

import creances_rules
from creances_rules._base import libyaml as _libyaml
from creances_rules._base import safe_yaml as _safe_yaml
from creances_rules.rulebook.loader import builtin_rules_dir, rule_files

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(creances_rules.__file__).resolve().parent
RULE_FILES = rule_files(builtin_rules_dir())
DATA_FILES = sorted(PACKAGE.joinpath("data").rglob("*.yaml"))
OTHER_FILES = sorted([*ROOT.joinpath("examples").rglob("*.yaml"), *ROOT.joinpath("tests", "cas").glob("*.yaml")])


def _builtin(value: Any) -> type:
    """The built-in type a ruamel scalar stands for (ScalarFloat → float, LiteralScalarString → str…)."""
    if isinstance(value, ScalarBoolean):
        return bool
    for kind in (bool, int, float, str, datetime.datetime, datetime.date):
        if isinstance(value, kind):
            return kind
    return type(value)


def same_scalar(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):  # nan equals nan here, -0.0 differs from 0.0
        return repr(float(a)) == repr(float(b))
    return a == b or (type(a) is type(b) and repr(a) == repr(b))  # ruamel's TaggedScalar has no __eq__


def assert_same_as_round_trip(fast: Any, old: Any, where: str = "") -> None:
    """`fast` (LocatedMap/LocatedSeq) holds the values, key order and lc lines of ruamel's document."""
    if isinstance(old, CommentedMap):
        assert isinstance(fast, _libyaml.LocatedMap), where
        assert list(fast) == list(old), where
        for key in old:
            line = old.lc.key(key)[0] if key in old.lc.data else old.lc.line  # merged by ``<<``: none of its own
            assert fast.lines[key] == line, f"{where}/{key}: line"
            assert_same_as_round_trip(fast[key], old[key], f"{where}/{key}")
    elif isinstance(old, CommentedSeq):
        assert isinstance(fast, _libyaml.LocatedSeq) and len(fast) == len(old), where
        for i, item in enumerate(old):
            assert fast.lines[i] == old.lc.item(i)[0], f"{where}/{i}: line"
            assert_same_as_round_trip(fast[i], item, f"{where}/{i}")
    else:
        assert type(fast) in (_builtin(old), type(old)) and same_scalar(fast, old), f"{where}: {fast!r} != {old!r}"


def assert_identical(fast: Any, old: Any, where: str = "") -> None:
    """Same values, same exact types, same key order (plain data, safe constructor)."""
    assert type(fast) is type(old), f"{where}: {type(fast)} != {type(old)}"
    if isinstance(old, dict):
        assert list(fast) == list(old), where
        for key in old:
            assert_identical(fast[key], old[key], f"{where}/{key}")
    elif isinstance(old, list):
        assert len(fast) == len(old), where
        for i, item in enumerate(old):
            assert_identical(fast[i], item, f"{where}/{i}")
    else:
        assert same_scalar(fast, old), f"{where}: {fast!r} != {old!r}"


def read(path: Path) -> str:
    return _safe_yaml.read_text(path)


needs_libyaml = pytest.mark.skipif(not _libyaml.available(), reason="PyYAML sans libyaml")


@needs_libyaml
@pytest.mark.parametrize("path", RULE_FILES + DATA_FILES + OTHER_FILES, ids=lambda p: p.name)
def test_every_shipped_file_is_read_by_libyaml_exactly_as_by_ruamel(path):
    text = read(path)
    # The speed path must take these files (else it would be silently bypassed)…
    located = _libyaml.load(text, located=True)
    plain = _libyaml.load(text)
    # …and give what ruamel gives: lines of the round-trip reader, values of the safe one.
    assert_same_as_round_trip(located, _safe_yaml.strict_yaml("rt").load(text), path.name)
    assert_identical(plain, YAML(typ="safe", pure=True).load(text), path.name)
    assert_identical(plain, _safe_yaml.strict_yaml("safe").load(text), path.name)


@needs_libyaml
def test_the_rule_models_built_from_either_reader_are_equal():
    from creances_rules.rulebook.schema import RuleFile

    for path in RULE_FILES:
        old = RuleFile.model_validate(_safe_yaml.plain(_safe_yaml.strict_yaml("rt").load(read(path))))
        new = RuleFile.model_validate(_safe_yaml.plain(_libyaml.load(read(path), located=True)))
        assert new == old, path.name


# YAML 1.1 / 1.2 traps, and every construct the speed path must leave to ruamel.
TRICKY = [
    "a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\n",          # strings in YAML 1.2
    "a: 010\nb: 0o10\nc: 0x1F\nd: 0b101\ne: 1_000\nf: 08\n",  # octal / hex / underscores
    "a: 1:30\nb: 190:20:30\n",                               # sexagesimal: strings in 1.2
    "a: 1e3\nb: .5\nc: 1.\nd: -.inf\ne: .NaN\nf: +12.5\ng: -0.0\nh: 1.5e-3\n",
    "a: true\nb: False\nc: TRUE\nd: tRue\ne: ~\nf: Null\ng: null\nh:\ni: NULL\nj: nULL\n",
    "a: 2025-07-01\nb: 2025-7-1\nc: 2025-07-01 12:30:00\nd: 2025-07-01T12:30:00Z\ne: '2025-07-01'\n",
    "a: 2025-02-30\n",                                       # impossible date: ruamel's error
    "a: -1\nb: +3\nc: -0\nd: 0\ne: 12345678901234567890\nf: '12'\ng: \"1.5\"\n",
    "1: un\ntrue: vrai\n2025-01-01: date\n1.5: demi\n~: rien\n",  # non-string keys
    "a: &x 1\nb: *x\n",                                      # anchor / alias: refused
    "a: !!python/object/apply:os.system ['true']\n",         # foreign tag: refused
    "a: !include autre.yaml\n",
    "a: !!str 12\nb: !!int '3'\n",                           # core tags: ruamel's business
    "<<: {a: 1}\nb: 2\n",                                    # merge key
    "a: =\n",
    "a: 1\na: 2\n",                                          # duplicate key
    "%YAML 1.1\n---\na: yes\n",                              # directive switches ruamel to 1.1
    "a: 1\n---\nb: 2\n",                                     # two documents
    "",                                                       # empty
    "# rien\n",
    "- 1\n- [a, b, {c: d}]\n- {e: [f, g]}\n- - x\n  - y\n",
    "? [a, b]\n: c\n",                                       # complex key
    "? a\n: b\n",
    "a: |\n  ligne 1\n\n  ligne 3\n    plus\nb: >\n  plié\n  ici\n\n  fin\n    indenté\nc: |-\n  x\nd: >+\n  y\n\n",
    "a: \"é\\u00e9\\x41\\t\\/\\N\\_\"\nb: 'l''apostrophe'\nc: plain # commentaire\nd: a#b\ne: 😀\n",
    "a: b\r\nc:\r\n  - d\r\n  - e\r\n",                      # CRLF
    "a: b\x85c: d\n",                                        # NEL: a line break in YAML 1.1 only
    "a: b\u2028c\n",
    "a:\tb\n",                                               # tab after the colon
    "a:\n\t- b\n",                                           # tab indentation
    "a: b: c\n",                                             # syntax errors
    "a: [1, 2\n",
    "- a\nb: c\n",
    "a: 'non fermé\n",
    "{\"a\":1, \"b\":[true,null]}\n",                      # JSON-like flow
    "a: {b: 1, c: [2, 3]}\n",
    "a: x\n  y\n  z\n",                                     # multi-line plain scalar
    "a: 'x\n\n  y'\n",
    "a: \u00a0b\n",
    "a: \x07\n",                                             # a control character
    "a: 1 # c\n# fin\n...\n",
    "--- \na: 1\n",
    "[" * 120 + "]" * 120 + "\n",                          # deep nesting
    "a: 123456789012345678901234567890123456789012345678901234567890.5\n",
]


def outcome(read_it) -> tuple[Any, ...]:
    try:
        return ("ok", read_it())
    except Exception as exc:  # the error a reader raises is part of what must not change
        return ("erreur", type(exc).__name__, str(exc))


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_give_ruamels_data_or_ruamels_error(text):
    new = outcome(lambda: _safe_yaml.load_text(text, "located"))
    old = outcome(lambda: _safe_yaml.strict_yaml("rt").load(text))
    if old[0] == "ok":
        assert new[0] == "ok"
        assert_same_as_round_trip(new[1], old[1])
    else:
        assert new == old
    for new_reader, old_reader in (
        (lambda: _safe_yaml.load_text(text, "safe"), lambda: _safe_yaml.strict_yaml("safe").load(text)),
        (lambda: _libyaml.load_data(text), lambda: YAML(typ="safe", pure=True).load(text)),
    ):
        new, old = outcome(new_reader), outcome(old_reader)
        if old[0] == "ok":
            assert new[0] == "ok"
            assert_identical(new[1], old[1])
        else:
            assert new == old


@needs_libyaml
def test_the_speed_path_leaves_refused_and_unusual_constructs_to_ruamel():
    for text in ("a: &x 1\nb: *x\n", "a: !include x.yaml\n", "a: 1\na: 2\n", "%YAML 1.1\n---\na: yes\n",
                 "a: 010\n", "a: 1e3\n", "a: 2025-07-01 12:00:00\n", "<<: {a: 1}\n", "a: b: c\n",
                 "a: b\x85c\n", "a:\tb\n", "a: 1\n---\nb: 2\n", "[" * 60 + "]" * 60 + "\n"):
        with pytest.raises(_libyaml.Fallback):
            _libyaml.load(text)
    # YAML 1.2 core schema, not PyYAML's YAML 1.1 resolver.
    assert _libyaml.load("a: yes\nb: on\nc: 1:30\nd: 8\n") == {"a": "yes", "b": "on", "c": "1:30", "d": 8}


def test_without_libyaml_the_loader_reads_as_before(monkeypatch):
    monkeypatch.setattr(_libyaml, "_parser_class", False)
    for path in RULE_FILES[:3] + DATA_FILES[:2]:
        text = read(path)
        assert_same_as_round_trip(_safe_yaml.load_text(text, "located"), _safe_yaml.strict_yaml("rt").load(text))
        assert_identical(_libyaml.load_data(text), YAML(typ="safe", pure=True).load(text))


# Random documents as ruamel writes them (block and flow styles), with scalars chosen to hit the
# resolver's edges: both readers must agree on every one.
_WORDS = st.sampled_from([
    "yes", "No", "on", "OFF", "y", "true", "False", "null", "~", "", "010", "0o7", "0x1f", "1_0", "08",
    "1:30", "1e5", "1E-2", ".5", "-.inf", ".nan", "1.0", "-2.50", "+3", "-0", "2025-07-01", "2025-7-1",
    "<<", "=", "#", "a #b", "- x", "? y", ": z", "&a", "*a", "!t", "%p", "@x", "`x", "l'a", 'dit "x"',
    "é à", "multi\nligne", "tab\tici", " espace", "fin ", "{a}", "[b]", "c,d",
])
_SCALARS = _WORDS | st.integers(-10**20, 10**20) | st.floats(allow_nan=False, allow_infinity=False) \
    | st.booleans() | st.none() | st.dates() | st.text(max_size=8)
_DOCS = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(_WORDS | st.text(max_size=5), inner, max_size=4), max_leaves=25)


@needs_libyaml
@settings(max_examples=200, deadline=None)
@given(doc=st.dictionaries(_WORDS, _DOCS, min_size=1, max_size=5), flow=st.sampled_from([False, None, True]))
def test_random_documents_read_the_same(doc, flow):
    import io

    writer = YAML(typ="safe", pure=True)
    writer.default_flow_style = flow
    buffer = io.StringIO()
    writer.dump(doc, buffer)
    text = buffer.getvalue()
    old = outcome(lambda: YAML(typ="safe", pure=True).load(text))
    new = outcome(lambda: _libyaml.load_data(text))
    if old[0] == "ok":
        assert new[0] == "ok"
        assert_identical(new[1], old[1])
    else:
        assert new == old
    old_rt = outcome(lambda: _safe_yaml.strict_yaml("rt").load(text))
    if old_rt[0] == "ok" and isinstance(old_rt[1], CommentedMap):
        assert_same_as_round_trip(_safe_yaml.load_text(text, "located"), old_rt[1])


def assert_same_dossier_data(fast: Any, old: Any, where: str = "") -> None:
    """`assert_identical`, and each decimal keeps the text it was written as (`WrittenNumber.text`)."""
    assert_identical(fast, old, where)
    if isinstance(old, dict):
        for key in old:
            assert_same_dossier_data(fast[key], old[key], f"{where}/{key}")
    elif isinstance(old, list):
        for i, item in enumerate(old):
            assert_same_dossier_data(fast[i], item, f"{where}/{i}")
    elif isinstance(old, float):
        assert fast.text == old.text, where


@needs_libyaml
@pytest.mark.parametrize("text", [*TRICKY, "montant: 1.000\ndate: 2025-07-01\nn: 12\nm: 150.50\nx: -0.5\n"]
                         + [read(path) for path in OTHER_FILES])
def test_a_dossier_is_read_by_libyaml_as_by_its_ruamel_constructor(text):
    from creances_rules.models import loading
    from creances_rules.models.dossier import WrittenNumber

    from ruamel.yaml.error import YAMLError

    new = outcome(lambda: loading._load_yaml(text))
    try:
        old = ("ok", loading._yaml().load(text))
    except YAMLError:  # ruamel's own error: in French, with its line (as parse_text said it before)
        assert new[:2] == ("erreur", "DossierInvalide")
        return
    except Exception as exc:  # RecursionError, ValueError…: parse_text words them, as before
        old = ("erreur", type(exc).__name__, str(exc))
    if old[0] == "ok":
        assert new[0] == "ok"
        assert_same_dossier_data(new[1], old[1])
    else:
        assert new == old
    if text.startswith("montant: 1.000"):  # the speed path takes a plain dossier (not silently bypassed)
        data = _libyaml.load(text, dates_as_text=True, written_float=WrittenNumber.of)
        assert data["date"] == "2025-07-01" and data["montant"].text == "1.000" and data["n"] == 12
