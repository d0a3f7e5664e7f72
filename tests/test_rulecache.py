"""The cache of the compiled rule base: used when valid, ignored when stale, corrupt or unsafe."""

from __future__ import annotations

import os
import pickle

import pytest

from creances_rules import rulecache
from creances_rules.rulebook.book import Rulebook


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("CREANCES_RULES_CACHE_DIR", str(directory))
    monkeypatch.delenv("CREANCES_RULES_NO_CACHE", raising=False)
    return directory




def _builder(calls):
    from creances_rules.evaluate import default_rulebook

    def build():
        calls.append(1)
        return default_rulebook()
    return build


def test_built_once_then_read_from_the_cache(cache):
    calls: list = []
    first = rulecache.load_or_build(_builder(calls))
    second = rulecache.load_or_build(_builder(calls))
    assert len(calls) == 1
    assert second.fingerprint == first.fingerprint and second is not first
    entry = next(cache.glob("rulebook-*.pickle"))
    assert oct(entry.stat().st_mode & 0o777) == "0o600"


def test_a_corrupt_or_truncated_entry_is_ignored_and_rebuilt(cache):
    calls: list = []
    rulecache.load_or_build(_builder(calls))
    entry = next(cache.glob("rulebook-*.pickle"))
    data = entry.read_bytes()
    entry.write_bytes(data[:-10] + b"0123456789")  # body no longer matches its SHA-256
    rulecache.load_or_build(_builder(calls))
    entry.write_bytes(data[:100])
    rulecache.load_or_build(_builder(calls))
    assert len(calls) == 3


def test_a_pickle_planted_with_a_valid_checksum_but_the_wrong_type_is_ignored(cache):
    calls: list = []
    rulecache.load_or_build(_builder(calls))
    entry = next(cache.glob("rulebook-*.pickle"))
    import hashlib

    body = pickle.dumps({"not": "a rulebook"})
    entry.write_bytes(rulecache._MAGIC + hashlib.sha256(body).hexdigest().encode() + body)
    book = rulecache.load_or_build(_builder(calls))
    assert isinstance(book, Rulebook) and len(calls) == 2


def test_an_entry_others_can_write_is_never_read(cache):
    calls: list = []
    rulecache.load_or_build(_builder(calls))
    entry = next(cache.glob("rulebook-*.pickle"))
    os.chmod(entry, 0o666)
    rulecache.load_or_build(_builder(calls))
    assert len(calls) == 2


def test_the_key_changes_with_any_source_file(cache, tmp_path):
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "a.yaml").write_text("x: 1\n")
    before = rulecache.source_key((extra,))
    (extra / "a.yaml").write_text("x: 2\n")
    assert rulecache.source_key((extra,)) != before


def test_disabled_by_the_environment(cache, monkeypatch):
    monkeypatch.setenv("CREANCES_RULES_NO_CACHE", "1")
    calls: list = []
    rulecache.load_or_build(_builder(calls))
    rulecache.load_or_build(_builder(calls))
    assert len(calls) == 2 and not cache.exists()


def test_cached_yaml_gives_the_parsed_document(cache):
    text = "a: [1, 2]\nb: 2025-01-01\n"
    assert rulecache.cached_yaml(text) == rulecache.cached_yaml(text)
    assert len(list(cache.glob("yaml-*.pickle"))) == 1
