"""Writing an output file without ever destroying an input or leaving a half-written file.

Every tool that writes a user-chosen path (``creances batch -o``, and whoever builds on it) goes through
`SafeOutput`:

- the output must not be one of the inputs — compared as files (``st_dev``/``st_ino``, after following
  symbolic links), so a symlink or a hard link to the input is caught as surely as the same name;
- the data goes to a temporary file beside the target (same directory, hence same file system) and is
  renamed over the target only when everything was written (``os.replace``: atomic). A run that fails
  or is killed leaves the previous target as it was;
- the temporary file has a fixed name (``.NAME.partiel``) so that an interrupted JSONL run can be
  continued (`creances batch --reprendre`); an exclusive lock on it refuses two runs writing the same
  target at once;
- an operating-system error becomes one French sentence (missing directory, no space left, no
  permission, read-only file system), never a traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any, Iterable

try:  # POSIX only; elsewhere two concurrent runs are not detected
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class OutputError(Exception):
    """The output cannot be written (or would destroy an input): a French message, exit status 2."""


PARTIAL_SUFFIX = ".partiel"


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are the same file once links are followed (hard links included)."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def final_path(target: Path) -> Path:
    """Where the data really goes: a symbolic link as output is followed to the file it names (the
    rename then replaces that file, not the link)."""
    target = Path(target)
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


def os_message(exc: OSError, path: Path) -> str:
    """An operating-system error on ``path`` in one French sentence."""
    code = exc.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return f"{path} : plus de place sur le disque (ou quota atteint) ; libérez de l'espace et relancez"
    if code in (errno.EACCES, errno.EPERM):
        return f"{path} : permission refusée (pas le droit d'écrire ici)"
    if code == errno.EROFS:
        return f"{path} : système de fichiers en lecture seule"
    if code == errno.ENOENT:
        return f"{path.parent} : répertoire de sortie introuvable (créez-le d'abord)"
    if code == errno.ENOTDIR:
        return f"{path.parent} : n'est pas un répertoire"
    if code == errno.EISDIR:
        return f"{path} : est un répertoire, pas un fichier"
    return f"{path} : écriture impossible ({exc.strerror or exc})"


class SafeOutput:
    """A target file written through a temporary file beside it, renamed at the end.

    ``with SafeOutput(target, inputs=[source]) as out: write to out.temp`` — on a normal exit the
    temporary file replaces the target; on an exception it is removed (``keep_partial=False``) or kept
    for a later resumption (``keep_partial=True``, JSONL). ``resume=True`` opens the existing partial
    file instead of starting afresh.
    """

    def __init__(self, target: Path, *, inputs: Iterable[Path] = (), keep_partial: bool = False,
                 resume: bool = False):
        self.requested = Path(target)
        self.target = final_path(self.requested)
        self.inputs = [Path(p) for p in inputs]
        self.keep_partial = keep_partial
        self.resume = resume
        self.temp = self.target.with_name(f".{self.target.name}{PARTIAL_SUFFIX}")
        self._lock: Any = None
        self.committed = False

    # -------------------------------------------------------------------------------- checks

    def check(self) -> None:
        """Refuse what would destroy an input or cannot be written, before anything is opened."""
        for source in self.inputs:
            if same_file(self.requested, source) or same_file(self.target, source) or \
                    os.path.realpath(self.target) == os.path.realpath(source):
                raise OutputError(f"{self.requested} : la sortie est le fichier d'entrée {source} (même fichier, "
                                  "directement ou par un lien) ; choisissez un autre nom de sortie")
            if same_file(self.temp, source):
                raise OutputError(f"{self.temp} : ce fichier de travail est le fichier d'entrée ; renommez l'entrée")
        parent = self.target.parent
        if not parent.exists():
            raise OutputError(f"{parent} : répertoire de sortie introuvable (créez-le d'abord)")
        if not parent.is_dir():
            raise OutputError(f"{parent} : n'est pas un répertoire")
        if self.target.is_dir():
            raise OutputError(f"{self.target} : est un répertoire, pas un fichier")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise OutputError(f"{parent} : permission refusée (pas le droit d'écrire dans ce répertoire)")
        if self.target.exists() and not os.access(self.target, os.W_OK):
            raise OutputError(f"{self.target} : permission refusée (fichier protégé en écriture)")

    # -------------------------------------------------------------------------------- life cycle

    def open(self) -> SafeOutput:
        self.check()
        if self.resume and not self.temp.is_file():
            raise OutputError(f"{self.requested} : rien à reprendre (pas de fichier partiel {self.temp.name})")
        try:
            fd = os.open(self.temp, os.O_RDWR | os.O_CREAT | (0 if self.resume else 0), 0o666)
        except OSError as exc:
            raise OutputError(os_message(exc, self.temp)) from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise OutputError(f"{self.requested} : une autre exécution écrit déjà cette sortie "
                                  f"({self.temp.name} verrouillé)") from None
        if not self.resume:
            os.ftruncate(fd, 0)
        self._lock = fd
        return self

    def commit(self) -> None:
        """Replace the target by the finished temporary file (atomic)."""
        try:
            with open(self.temp, "rb+") as handle:
                os.fsync(handle.fileno())
            if self.target.exists():
                try:
                    os.chmod(self.temp, os.stat(self.target).st_mode & 0o7777)
                except OSError:
                    pass
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self.temp, 0o666 & ~umask)
            os.replace(self.temp, self.target)
        except OSError as exc:
            raise OutputError(os_message(exc, self.target)) from None
        finally:
            self._unlock()
        self.committed = True

    def abort(self, keep: bool | None = None) -> None:
        keep = self.keep_partial if keep is None else keep
        if not keep:
            try:
                self.temp.unlink()
            except OSError:
                pass
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            try:
                os.close(self._lock)
            except OSError:
                pass
            self._lock = None

    def __enter__(self) -> SafeOutput:
        return self.open()

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


__all__ = ["OutputError", "PARTIAL_SUFFIX", "SafeOutput", "final_path", "os_message", "same_file"]
