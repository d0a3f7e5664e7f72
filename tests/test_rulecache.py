"""The cache of the compiled rule base: used when valid, ignored when stale, corrupt or unsafe."""

from __future__ import annotations

import os
import pickle

import pytest

from creances_rules._base import cache as rulecache
from creances_rules.rulebook.book import Rulebook


@pytest.fixture
def cache(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("CREANCES_RULES_CACHE_DIR", str(directory))
    monkeypatch.delenv("CREANCES_RULES_NO_CACHE", raising=False)
    return directory




def _load(build):
    from creances_rules.evaluation.evaluate import rulebook_cache_arguments

    return rulecache.load_or_build(build, Rulebook, **rulebook_cache_arguments())


def _builder(calls):
    from creances_rules.evaluation.evaluate import default_rulebook

    def build():
        calls.append(1)
        return default_rulebook()
    return build


def test_built_once_then_read_from_the_cache(cache):
    calls: list = []
    first = _load(_builder(calls))
    second = _load(_builder(calls))
    assert len(calls) == 1
    assert second.fingerprint == first.fingerprint and second is not first
    entry = next(cache.glob("rulebook-*.pickle"))
    assert oct(entry.stat().st_mode & 0o777) == "0o600"


def test_a_corrupt_or_truncated_entry_is_ignored_and_rebuilt(cache):
    calls: list = []
    _load(_builder(calls))
    entry = next(cache.glob("rulebook-*.pickle"))
    data = entry.read_bytes()
    entry.write_bytes(data[:-10] + b"0123456789")  # body no longer matches its SHA-256
    _load(_builder(calls))
    entry.write_bytes(data[:100])
    _load(_builder(calls))
    assert len(calls) == 3


def test_a_pickle_planted_with_a_valid_checksum_but_the_wrong_type_is_ignored(cache):
    calls: list = []
    _load(_builder(calls))
    entry = next(cache.glob("rulebook-*.pickle"))
    import hashlib

    body = pickle.dumps({"not": "a rulebook"})
    entry.write_bytes(rulecache._MAGIC + hashlib.sha256(body).hexdigest().encode() + body)
    book = _load(_builder(calls))
    assert isinstance(book, Rulebook) and len(calls) == 2


def test_an_entry_others_can_write_is_never_read(cache):
    calls: list = []
    _load(_builder(calls))
    entry = next(cache.glob("rulebook-*.pickle"))
    os.chmod(entry, 0o666)
    _load(_builder(calls))
    assert len(calls) == 2


def test_the_key_changes_with_any_source_file(cache, tmp_path):
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "a.yaml").write_text("x: 1\n")
    before = rulecache.source_key((extra,))
    (extra / "a.yaml").write_text("x: 2\n")
    assert rulecache.source_key((extra,)) != before


def test_the_key_of_settled_files_reads_their_status_yet_sees_a_same_size_write_with_its_mtime_restored(
        cache, tmp_path, monkeypatch):
    # Files older than the racy window are keyed by path, size, times and inode, not by content.
    # An edit of the same size whose mtime is put back (cp -p, touch -r) still moves the ctime.
    import time

    extra = tmp_path / "rules"
    extra.mkdir()
    path = extra / "a.yaml"
    path.write_text("x: 1\n")
    time.sleep(0.05)  # past one tick of the kernel's coarse file clock
    monkeypatch.setattr(rulecache, "_now", lambda: time.time() + 3600)  # every file looks settled
    before = rulecache.source_key((extra,))
    assert rulecache.source_key((extra,)) == before
    info = path.stat()
    path.write_text("x: 2\n")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_mtime_ns == info.st_mtime_ns and path.stat().st_size == info.st_size
    assert rulecache.source_key((extra,)) != before


def test_a_file_written_within_the_racy_window_is_keyed_by_its_content(cache, tmp_path, monkeypatch):
    # Same size, same times (the clock could not tell the two writes apart): the content decides.
    extra = tmp_path / "rules"
    extra.mkdir()
    path = extra / "a.yaml"
    path.write_text("x: 1\n")
    info = path.stat()
    monkeypatch.setattr(rulecache, "_now", lambda: info.st_ctime + 1)  # one second after the write
    first = rulecache.source_key((extra,))
    path.write_text("x: 2\n")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    real_scan = rulecache._source_files

    def same_status(root, prefix=""):  # pretend the write left size, times and inode unchanged
        return [(rel, p, info) if p == str(path) else (rel, p, st) for rel, p, st in real_scan(root, prefix)]

    monkeypatch.setattr(rulecache, "_source_files", same_status)
    assert rulecache.source_key((extra,)) != first


def test_disabled_by_the_environment(cache, monkeypatch):
    monkeypatch.setenv("CREANCES_RULES_NO_CACHE", "1")
    calls: list = []
    _load(_builder(calls))
    _load(_builder(calls))
    assert len(calls) == 2 and not cache.exists()


def test_cached_yaml_gives_the_parsed_document(cache):
    text = "a: [1, 2]\nb: 2025-01-01\n"
    assert rulecache.cached_yaml(text) == rulecache.cached_yaml(text)
    assert len(list(cache.glob("yaml-*.pickle"))) == 1


# ------------------------------------------------------------------ issue 21: no planted code runs


class _Planted:
    """A pickle that runs a command when loaded (what another account could plant)."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _plant(entry, obj):
    import hashlib

    body = pickle.dumps(obj)
    entry.write_bytes(rulecache._MAGIC + hashlib.sha256(body).hexdigest().encode() + body)
    os.chmod(entry, 0o600)


def test_a_planted_pickle_with_a_valid_checksum_runs_nothing(cache, tmp_path):
    calls: list = []
    _load(_builder(calls))
    entry = next(cache.glob("rulebook-*.pickle"))
    marker = tmp_path / "code_execute"
    _plant(entry, _Planted(marker))
    book = _load(_builder(calls))
    assert not marker.exists()  # before: os.system ran as the user
    assert isinstance(book, Rulebook) and len(calls) == 2
    # the same for the YAML tables' cache, and for a function of the package itself
    text = "a: 1\n"
    rulecache.cached_yaml(text)
    yaml_entry = next(cache.glob("yaml-*.pickle"))
    _plant(yaml_entry, _Planted(marker))
    assert rulecache.cached_yaml(text) == {"a": 1} and not marker.exists()
    from creances_rules.institutions.calculators import CALCULATORS

    spec = next(iter(CALCULATORS.values()))
    _plant(entry, spec.function)
    assert isinstance(_load(_builder(calls)), Rulebook) and len(calls) == 3


def test_the_cache_file_names_data_classes_only(cache):
    import io

    _load(_builder([]))
    entry = next(cache.glob("rulebook-*.pickle"))
    body = entry.read_bytes()[len(rulecache._MAGIC) + 64:]
    named, external = set(), set()

    class Recorder(pickle.Unpickler):
        def find_class(self, module, name):
            named.add((module, name))
            return super().find_class(module, name)

        def persistent_load(self, pid):
            external.add(pid)
            return None

    Recorder(io.BytesIO(body)).load()
    # classes of the data modules and plain standard types; every calculator by name, none pickled
    data_modules = ("creances_rules.rulebook.schema", "creances_rules.rulebook.book",
                    "creances_rules.institutions.vocabulary")
    assert named and all(m in data_modules or m in ("datetime", "pathlib", "decimal") for m, _ in named), named
    assert external and all(p.startswith("calculator:") for p in external)


def test_a_parent_others_can_write_is_refused_like_openssh_strictmodes(tmp_path, monkeypatch):
    # Another account that can write a non-sticky parent could swap the cache directory for its own.
    parent = tmp_path / "partage"
    directory = parent / "cache"
    monkeypatch.setenv("CREANCES_RULES_CACHE_DIR", str(directory))
    monkeypatch.delenv("CREANCES_RULES_NO_CACHE", raising=False)
    calls: list = []
    _load(_builder(calls))
    _load(_builder(calls))
    assert len(calls) == 1  # a safe chain: read from the cache
    os.chmod(parent, 0o777)
    _load(_builder(calls))
    assert len(calls) == 2  # the directory itself is 0700, but its parent is not safe: not read
    os.chmod(parent, 0o777 | 0o1000)  # sticky, like /tmp: others cannot rename our entries
    _load(_builder(calls))
    assert len(calls) == 2
    os.chmod(parent, 0o775)  # writable by the group
    _load(_builder(calls))
    assert len(calls) == 3
    os.chmod(parent, 0o755)


def test_a_swapped_directory_is_not_read(tmp_path, monkeypatch):
    # The attacker's move: replace the cache directory by a link to a directory of its own.
    parent = tmp_path / "home"
    real = parent / "cache"
    monkeypatch.setenv("CREANCES_RULES_CACHE_DIR", str(real))
    monkeypatch.delenv("CREANCES_RULES_NO_CACHE", raising=False)
    calls: list = []
    _load(_builder(calls))
    elsewhere = tmp_path / "ailleurs"
    real.rename(elsewhere)
    real.symlink_to(elsewhere)
    _load(_builder(calls))
    assert len(calls) == 2
