"""Fuzzing the surfaces of issue 21: portfolio files (JSONL, CSV with its options), amounts written as
text, letter fields, rule-file text in the docs site, cache files. Whatever the input: an answer or a
French message — never a traceback, never a figure read another way than written, never markup or
code carried through."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creances_rules._base import cache as rulecache
from creances_rules._base.escaping import markdown_text, terminal_safe
from creances_rules._base.montant_texte import normalise_number, plain_amount_text
from creances_rules.portfolio.batch import CSV_COLUMNS
from creances_rules.tools.cli import main

SLOW = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
GOOD = {"reference": "A", "creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
        "factures": [{"numero": "F1", "montant_ttc": "100.00", "date_emission": "2025-01-01"}]}


def _run(args):
    result = CliRunner().invoke(main, ["batch", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


# ------------------------------------------------------------------ amounts as text

@given(st.text(max_size=24))
def test_a_text_amount_is_a_plain_decimal_or_refused_with_the_accepted_form(text):
    try:
        plain = plain_amount_text(text)
    except ValueError as exc:
        assert "1500" in str(exc)  # the accepted form is shown
        return
    # accepted: digits, at most one point followed by one or two digits — read exactly as written
    assert re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", plain)
    assert Decimal(plain) == Decimal(text.strip())


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([(",", " "), (",", "\u00a0"), (",", "\u202f"),
                                                                    (",", "."), (".", ","), (",", None)]))
def test_a_french_export_number_reads_back_exactly(cents, convention):
    decimal, thousands = convention
    whole, frac = divmod(cents, 100)
    grouped = f"{whole:,}".replace(",", thousands or "")
    written = f"{grouped}{decimal}{frac:02d}"
    assert Decimal(normalise_number(written, decimal, thousands)) == Decimal(cents) / 100


@given(st.text(alphabet="0123456789 ,.\u00a0-+", max_size=16), st.sampled_from([(",", " "), (",", "."), (".", ",")]))
def test_a_cell_either_follows_the_convention_or_is_refused(text, convention):
    decimal, thousands = convention
    try:
        plain = normalise_number(text, decimal, thousands)
    except ValueError as exc:
        assert "attendu par exemple" in str(exc)
        return
    assert re.fullmatch(r"[+-]?\d+(\.\d+)?", plain)
    # nothing was dropped but the separators: the digits are the same, in the same order
    assert re.sub(r"\D", "", plain) == re.sub(r"\D", "", text)


# ------------------------------------------------------------------ portfolio files

lines = st.one_of(
    st.just(json.dumps(GOOD)),
    st.builds(lambda m: json.dumps({**GOOD, "factures": [{**GOOD["factures"][0], "montant_ttc": m}]}),
              st.sampled_from(["1,500", "1.000", "150,000", "1 500", "12.5", "-3", "1e3", "", None, 7, 1.5])),
    st.text(max_size=40).filter(lambda t: "\n" not in t and "\r" not in t),
    st.sampled_from(["{", "[]", "null", '"x"', '{"reference": "a", "reference": "b"}', "\x00", "\ufeff{}"]),
)


@SLOW
@given(st.lists(lines, min_size=1, max_size=8))
def test_any_jsonl_portfolio_gives_one_record_per_line_in_order(tmp_path_factory, records):
    tmp = tmp_path_factory.mktemp("jsonl")
    src = tmp / "in.jsonl"
    src.write_text("\n".join(records) + "\n", encoding="utf-8")
    out = tmp / "out.jsonl"
    result = _run([src, "-o", out, "--as-of", "2025-06-30", "--no-progress"])
    assert result.exit_code == 0, result.output
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = [i + 1 for i, r in enumerate(records) if r.encode("utf-8").strip()]  # blank lines are no records
    assert [r["line"] for r in written] == expected
    for r in written:
        if r["ok"] is False:
            assert r["errors"] and all(e["message"] for e in r["errors"])


cells = st.sampled_from(["", "R1", "R2", "professionnel", "consommateur", "F1", "2025-01-02", "2025-02-30",
                         "1500.00", "1 500,00", "1,500", "1.000", "12,5", "oui", "abc", "75", "lrar", "\u00a0"])


@SLOW
@given(st.lists(st.sampled_from(list(CSV_COLUMNS) + ["inconnue"]), min_size=1, max_size=7),
       st.lists(st.lists(cells, min_size=0, max_size=8), min_size=0, max_size=6),
       st.sampled_from([[], ["--decimal", ",", "--separateur-milliers", " "], ["--separateur", ";"]]))
def test_any_csv_portfolio_is_read_or_refused_in_french(tmp_path_factory, header, rows, options):
    tmp = tmp_path_factory.mktemp("csv")
    delimiter = ";" if "--separateur" in options else ","
    src = tmp / "in.csv"
    src.write_text("\n".join(delimiter.join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    out = tmp / "out.jsonl"
    result = _run([src, "-o", out, "--as-of", "2025-06-30", "--no-progress", *options])
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert not out.exists()
        return
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    starts = [r["line"] for r in written]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    refs = [r["reference"] for r in written if r["reference"]]
    assert len(refs) == len(set(refs))  # one record per reference, wherever its rows are


# ------------------------------------------------------------------ letters and docs text

hostile_text = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["<script>alert(1)</script>", "[x](javascript:alert(1))", "\x1b[2J\x1b]0;t\x07", "# Titre",
                     "\u202eevil", "**gras** _it_ `code`", "a\n====", "1. liste", "<img src=x onerror=y>", "&lt;b&gt;"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_text)
def test_rule_file_text_renders_as_text_in_the_docs_site(text):
    markdown = pytest.importorskip("markdown")
    html = markdown.markdown(markdown_text(text, inline=True))
    tags = set(re.findall(r"</?([a-zA-Z][\w-]*)", html))
    assert tags <= {"p"}, (text, html)
    assert "\x1b" not in html and "\u202e" not in html


@given(hostile_text)
def test_the_terminal_never_receives_a_control_character(text):
    shown = terminal_safe(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)


@SLOW
@given(st.sampled_from(["debiteur.nom", "creancier.nom", "reference", "factures.0.numero"]), hostile_text)
def test_letter_fields_never_carry_markup_or_control_characters(field, text):
    from creances_rules._base.errors import CreancesError
    from creances_rules.presentation.lettres import lettre

    d = json.loads(json.dumps(GOOD))
    d["creancier"]["nom"] = "Créancier"
    node, *path = field.split(".")
    target = d
    for part in [node, *path][:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[[node, *path][-1]] = text
    try:
        draft = lettre(d, "2025-06-30")
    except (CreancesError, ValueError) as exc:
        assert str(exc)
        return
    md = draft.to_markdown()
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", md)
    # markup characters of the field are escaped (CommonMark: « \< » is a literal « < »)
    assert not re.search(r"(?<!\\)<script", md) and "](javascript" not in md


# ------------------------------------------------------------------ cache files


class _Call:
    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


@given(st.sampled_from([_Call(os.system, "true"), _Call(eval, "1+1"), _Call(exec, "x=1"), _Call(getattr, Path, "home"),
                        _Call(__import__, "subprocess"), _Call(open, "/etc/hostname"), _Call(Path, "/")]))
def test_a_cache_file_naming_code_is_refused_before_any_call(obj):
    body = pickle.dumps(obj)
    try:
        value = rulecache._loads(body)
    except pickle.UnpicklingError:
        return
    assert isinstance(value, Path)  # a plain data type, the only kind allowed


@given(st.binary(max_size=200))
def test_random_cache_bytes_are_ignored(tmp_path_factory, body):
    directory = tmp_path_factory.mktemp("cache")
    os.chmod(directory, 0o700)
    path = directory / "rulebook-x.pickle"
    path.write_bytes(rulecache._MAGIC + hashlib.sha256(body).hexdigest().encode() + body)
    os.chmod(path, 0o600)
    assert rulecache._read(directory, path, dict) is None or isinstance(rulecache._read(directory, path, dict), dict)


def test_pickle_protocol_is_unchanged_for_io():
    # the cache reads and writes through io.BytesIO; a sanity check of the round trip of plain data
    from datetime import date

    data = {"a": [1, Decimal("2.50"), date(2025, 1, 1)], "b": (True, None)}
    assert rulecache._loads(rulecache._dumps(data, {})) == data
    assert isinstance(io.BytesIO(), io.BytesIO)
