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

Safety (issue 21: a planted pickle ran code as the user). The file holds data, never code:

- it is read by an unpickler that may name only the data classes its caller lists (the rule schema's
  models, the rule base and vocabulary classes, dates, decimals, paths) — ``os.system``,
  ``builtins.eval`` or any function are refused before anything is called, so the only calls a file can
  make are constructors of those data classes. No function is pickled: the calculators are written as
  their names (persistent ids) and taken back from the live registry the caller hands over;
- a header holds the SHA-256 of the body, checked first (a truncated or corrupt file is ignored, rebuilt);
- like OpenSSH's StrictModes, the file, its directory and **every directory above them up to ``/``** must
  belong to the user or to root and be writable by no one else — a sticky directory such as ``/tmp``
  excepted, where others may create entries but never rename ours. A parent another account can write
  would let it swap the whole cache directory for its own. The cache file and directory themselves may
  not be symbolic links. Anything unsafe: the cache is neither read nor written.

Someone with the user's own rights could replace the file — they could as well edit the installed
package, so that is outside what a cache can defend. ``CREANCES_RULES_NO_CACHE=1`` disables it;
``CREANCES_RULES_CACHE_DIR`` moves it (default: ``$XDG_CACHE_HOME/creances_rules`` or
``~/.cache/creances_rules``).
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import io
import os
import pickle
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

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
    """``path`` itself is no link, belongs to the user, is writable by no one else — and so is every
    directory above it (`_chain_is_safe`)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return _chain_is_safe(path)


def _chain_is_safe(path: Path) -> bool:
    """OpenSSH's StrictModes: every directory from ``path`` up to ``/`` (as written, and once links are
    resolved) belongs to the user or to root and is writable by no one else, unless it is sticky."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    for end in dict.fromkeys((os.path.abspath(path), os.path.realpath(path))):
        leaf = Path(end)
        for component in (leaf, *leaf.parents):
            try:
                info = component.lstat()
            except OSError:
                return False
            if stat.S_ISLNK(info.st_mode):
                continue  # its mode means nothing: its directory is the next component, its target the real chain
            if uid is not None and info.st_uid not in (uid, 0):
                return False
            sticky_dir = stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_ISVTX and component != leaf
            if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not sticky_dir:
                return False
    return True


# What a cache file may name, besides the caller's data classes: plain data types of the standard library.
_PLAIN_GLOBALS = frozenset({("datetime", "date"), ("datetime", "datetime"), ("datetime", "timedelta"),
                            ("decimal", "Decimal"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"),
                            ("pathlib", "PurePosixPath"), ("pathlib", "PureWindowsPath")})


class _DataUnpickler(pickle.Unpickler):
    """An unpickler that builds data only: a global must be a class of ``modules`` (defined there) or a
    plain standard type; a persistent id must name one of ``externals``. Anything else is refused
    before it could be called."""

    def __init__(self, data: bytes, modules: Iterable[str], externals: Mapping[str, Any]):
        super().__init__(io.BytesIO(data))
        self.modules = frozenset(modules)
        self.externals = externals

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _PLAIN_GLOBALS:
            return super().find_class(module, name)
        if module in self.modules and name.isidentifier():
            obj = getattr(importlib.import_module(module), name, None)
            if isinstance(obj, type) and obj.__module__ == module:
                return obj
        raise pickle.UnpicklingError(f"{module}.{name} : pas une classe de données permise")

    def persistent_load(self, pid: Any) -> Any:
        if isinstance(pid, str) and pid in self.externals:
            return self.externals[pid]
        raise pickle.UnpicklingError("référence externe inconnue")


def _dumps(obj: Any, externals: Mapping[str, Any]) -> bytes:
    by_id = {id(v): k for k, v in externals.items()}
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = lambda o: by_id.get(id(o))  # type: ignore[method-assign]
    pickler.dump(obj)
    return buffer.getvalue()


def _loads(data: bytes, modules: Iterable[str] = (), externals: Mapping[str, Any] | None = None) -> Any:
    return _DataUnpickler(data, modules, externals or {}).load()


def load_or_build(build: Callable[[], Any], kind: type | None = None, *, modules: Iterable[str] = (),
                  externals: Mapping[str, Any] | None = None) -> Any:
    """The built-in rule base from the cache if a valid entry exists, else ``build()`` (then cached).

    ``kind``: the class a cached entry must be an instance of (the evaluation layer passes `Rulebook`);
    ``modules``: the modules whose classes the entry may hold (data classes only); ``externals``: the
    objects written by name, not pickled (the calculators and their functions), ``{name: object}``."""
    if not enabled():
        return build()
    try:
        directory = cache_dir()
        path = directory / f"rulebook-{source_key()}.pickle"
    except OSError:
        return build()
    cached = _read(directory, path, kind, tuple(modules), externals or {})
    if cached is not None:
        return cached
    book = build()
    _write(directory, path, book, externals or {})
    return book


def _read(directory: Path, path: Path, kind: type | None = None, modules: tuple[str, ...] = (),
          externals: Mapping[str, Any] | None = None) -> Any:
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
        book = _loads(body, modules, externals)
    except Exception:  # corrupt, truncated, not data only, from an incompatible version: ignore, rebuild
        return None
    return book if kind is None or isinstance(book, kind) else None


def _write(directory: Path, path: Path, book: Any, externals: Mapping[str, Any] | None = None) -> None:
    clean = copy.copy(book)  # without what evaluation attached (engines, compiled closures)
    for key in [k for k in vars(clean) if k.startswith("_")]:
        del vars(clean)[key]
    _write_blob(directory, path, clean, keep="rulebook-*.pickle", externals=externals or {})


def _write_blob(directory: Path, path: Path, obj: Any, keep: str | None,
                externals: Mapping[str, Any] | None = None) -> None:
    try:
        body = _dumps(obj, externals or {})
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
                return _loads(data[header_end:])  # plain YAML data: standard types only
        except Exception:
            pass
    doc = load_data(text)  # raises on a bad table, exactly as before
    _write_blob(directory, path, doc, keep=None)
    return doc
