"""A cache of the built-in rule base, compiled once per installed version (cold start).

Loading the rule base is YAML parsing and checking (~0.4 s with libyaml, more without). The result —
a `Rulebook` — is pickled in the user's cache directory, under a key computed from everything it was
built from: every file of the installed package (Python sources, rule files, citations and codes), the
Python version, and the versions of the package and of pydantic (whose models are in the pickle).
Change any of them and the key changes: a stale cache is never read, only ignored (the 8 most recent
entries are kept, for several installs sharing one cache directory).

The key reads each file's status, not its bytes (hashing all of them took ~10 ms at every start): its
path, size, modification and status-change times in nanoseconds, and inode — CPython's own test for a
stale ``.pyc`` (size and mtime), made stricter by the status-change time (ctime), which no tool can set
back (``cp -p``, ``touch -r`` or ``tar`` restore an mtime, never a ctime) and by the inode (an editor
that saves by renaming a new file changes it). The trade-off, and its guard: file times are coarse
(a clock tick, or 2 s on FAT), so two writes of the same size within one tick look alike. A file
whose times are less than `_RACY_SECONDS` old is therefore "racy" (git's word for the same problem):
its content is hashed into the key as before. Any later write moves its ctime past that window, so
a stat-only key can never match a file that changed after the key was taken. What remains outside:
a clock set backwards across a write (or a file server whose clock lags this machine's by more than
the window), and platforms without a status-change time (on Windows ``st_ctime`` is the creation
time), where size, mtime and inode must do, as for CPython's ``.pyc``.

Safety: the file holds a header with the SHA-256 of its body, checked before unpickling (a truncated
or corrupt file is ignored and rebuilt); the directory must belong to the current user and be
writable by no one else, and so must the file (a cache another account could write is never read).
Someone with the user's own rights could replace the file — they could as well edit the installed
package, so that is outside what a cache can defend. ``CREANCES_RULES_NO_CACHE=1`` disables it;
``CREANCES_RULES_CACHE_DIR`` moves it (default: ``$XDG_CACHE_HOME/creances_rules`` or
``~/.cache/creances_rules``).
"""

from __future__ import annotations

import copy
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

_MAGIC = b"creances-rules-cache-1\n"
_KEEP = 8  # entries of distinct versions kept side by side
_PACKAGE = Path(__file__).resolve().parents[1]  # the package root
_SOURCE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".csv", ".html")
_RACY_SECONDS = 3.0  # a file changed more recently than this is keyed by its content too


def cache_dir() -> Path:
    explicit = os.environ.get("CREANCES_RULES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "creances_rules"


def enabled() -> bool:
    return os.environ.get("CREANCES_RULES_NO_CACHE", "") in ("", "0")


def source_key(extra_dirs: tuple[Path, ...] = ()) -> str:
    """Key of every file the rule base is built from (package sources and data, rule files): path,
    size, times and inode of each, plus the content of those changed in the last `_RACY_SECONDS`."""
    from .paths import builtin_rules_dir
    from .version import __version__

    import pydantic

    digest = hashlib.sha256(f"{sys.version}|{__version__}|pydantic {pydantic.VERSION}".encode())
    now = _now()
    roots = [_PACKAGE, builtin_rules_dir(), *extra_dirs]
    for root in dict.fromkeys(Path(r).resolve() for r in roots):
        for relative, path, info in _source_files(str(root)):
            digest.update(f"\0{relative}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}"
                          .encode("utf-8", "surrogateescape"))
            if now - max(info.st_mtime, info.st_ctime) < _RACY_SECONDS:  # also when in the future
                with open(path, "rb") as handle:
                    digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()[:32]


def _now() -> float:
    return time.time()


def _source_files(root: str, prefix: str = "") -> list[tuple[str, str, os.stat_result]]:
    """(relative path, path, stat) of the source files under ``root``, sorted, ``__pycache__`` skipped."""
    out: list[tuple[str, str, os.stat_result]] = []
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                out += _source_files(entry.path, relative + "/")
        elif entry.name.endswith(_SOURCE_SUFFIXES) and entry.is_file():
            out.append((relative, entry.path, entry.stat()))
    return out


def _safe_owner(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load_or_build(build: Callable[[], Any], kind: type | None = None) -> Any:
    """The built-in rule base from the cache if a valid entry exists, else ``build()`` (then cached).

    ``kind``: the class a cached entry must be an instance of (the evaluation layer passes `Rulebook`)."""
    if not enabled():
        return build()
    try:
        directory = cache_dir()
        path = directory / f"rulebook-{source_key()}.pickle"
    except OSError:
        return build()
    cached = _read(directory, path, kind)
    if cached is not None:
        return cached
    book = build()
    _write(directory, path, book)
    return book


def _read(directory: Path, path: Path, kind: type | None = None) -> Any:
    if not (_safe_owner(directory) and _safe_owner(path)):
        return None
    try:
        data = path.read_bytes()
        if not data.startswith(_MAGIC):
            return None
        header_end = len(_MAGIC) + 64
        expected, body = data[len(_MAGIC):header_end].decode("ascii"), data[header_end:]
        if hashlib.sha256(body).hexdigest() != expected:
            return None
        book = pickle.loads(body)
    except Exception:  # corrupt, truncated, from an incompatible version: ignore, rebuild
        return None
    return book if kind is None or isinstance(book, kind) else None


def _write(directory: Path, path: Path, book: Any) -> None:
    clean = copy.copy(book)  # without what evaluation attached (engines, compiled closures)
    for key in [k for k in vars(clean) if k.startswith("_")]:
        del vars(clean)[key]
    _write_blob(directory, path, clean, keep="rulebook-*.pickle")


def _write_blob(directory: Path, path: Path, obj: Any, keep: str | None) -> None:
    try:
        body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe_owner(directory):
            return
        if keep is not None:  # several installs may share the directory: keep the 8 most recent
            entries = sorted(directory.glob(keep), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[_KEEP - 1:]:
                if old != path:
                    old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + hashlib.sha256(body).hexdigest().encode("ascii") + body)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new one
    except Exception:  # a read-only home, a full disk: the cache is only an optimisation
        return


def cached_yaml(text: str) -> Any:
    """``YAML(typ="safe").load(text)``, memoised on disk by the text's SHA-256 (the shipped rate
    tables are parsed once per version, not at every process start). Same checks as the rule base."""
    from .libyaml import load_data

    if not enabled():
        return load_data(text)
    try:
        directory = cache_dir()
        path = directory / f"yaml-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]}.pickle"
    except OSError:
        return load_data(text)
    if _safe_owner(directory) and _safe_owner(path):
        try:
            data = path.read_bytes()
            header_end = len(_MAGIC) + 64
            if data.startswith(_MAGIC) and hashlib.sha256(data[header_end:]).hexdigest() == \
                    data[len(_MAGIC):header_end].decode("ascii"):
                return pickle.loads(data[header_end:])
        except Exception:
            pass
    doc = load_data(text)  # raises on a bad table, exactly as before
    _write_blob(directory, path, doc, keep=None)
    return doc
