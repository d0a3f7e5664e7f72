"""What `creances batch` tells while and after it runs: a progress bar with the total, the percentage and the time
left (tqdm, extra ``batch``), and the summary, which groups identical errors with their count and first lines."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .._base.escaping import terminal_safe

_MAX_DISTINCT = 1_000  # distinct error messages kept; the rest are counted together


@dataclass
class Summary:
    records: int = 0
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0
    resumed: int = 0  # records taken over from the interrupted run (`--reprendre`)
    repris: int = 0  # rows of the previous result carried over without re-evaluation (`--precedent`)
    # identical error messages grouped: message -> [count, first lines]
    grouped: dict[str, list[Any]] = field(default_factory=dict)

    def count(self, line: int, ok: bool, problems: list[dict[str, str]], error: str | None = None) -> None:
        self.records += 1
        if ok:
            self.ok += 1
            return
        self.errors += 1
        first = problems[0] if problems else {"path": "", "message": error or ""}
        self.add_error(line, f"{first['path'] + ' : ' if first['path'] else ''}{first['message']}")

    def add_error(self, line: int, message: str) -> None:
        entry = self.grouped.get(message)
        if entry is None:
            if len(self.grouped) >= _MAX_DISTINCT:
                entry = self.grouped.setdefault("(autres erreurs)", [0, []])
            else:
                entry = self.grouped[message] = [0, []]
        entry[0] += 1
        if len(entry[1]) < 5:
            entry[1].append(line)

    @property
    def first_errors(self) -> list[str]:
        """One line per distinct error, most frequent first."""
        ranked = sorted(self.grouped.items(), key=lambda kv: -kv[1][0])
        return [f"{_fois(n)} : {message} ({_lignes(n, lines)})" for message, (n, lines) in ranked]

    def text(self) -> str:
        rate = f", {self.records / self.seconds:,.0f} dossiers/s".replace(",", " ") if self.seconds else ""
        lines = [f"{self.records} dossiers lus : {self.ok} évalués, {self.errors} en erreur "
                 f"({self.seconds:.1f} s{rate})."]
        if self.resumed:
            lines.append(f"Reprise : {self.resumed} dossiers repris de l'exécution interrompue.")
        if self.repris:
            lines.append(f"Dont {self.repris} repris du résultat précédent (inchangés et toujours valables), "
                         f"{self.ok - self.repris} réévalués.")
        if self.grouped:
            more = ", les dix plus fréquentes" if len(self.grouped) > 10 else ""
            lines.append(f"Erreurs ({len(self.grouped)} distincte{'s' if len(self.grouped) > 1 else ''}{more}) :")
            lines += [f"  - {e}" for e in self.first_errors[:10]]
        return terminal_safe("\n".join(lines))  # record text never drives the terminal


def _fois(n: int) -> str:
    return f"{n} fois"


def _lignes(n: int, lines: list[int]) -> str:
    return f"ligne{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}{', …' if n > len(lines) else ''}"


def count_records(source: Path) -> int | None:
    """How many records ``source`` holds (JSONL: its non-blank lines), or None when it cannot be told cheaply."""
    if source.suffix.lower() != ".jsonl":
        return None
    try:
        with source.open("rb") as handle:
            return sum(1 for raw in handle if raw.strip())
    except OSError:
        return None


class _Counter:
    """Without tqdm: a line every 10 000 records on stderr (only on a terminal)."""

    def __init__(self, enabled: bool):
        self.n, self.enabled = 0, enabled

    def update(self, k: int) -> None:
        self.n += k
        if self.enabled and self.n % 10_000 == 0:
            click.echo(f"\r{self.n} dossiers…", err=True, nl=False)

    def close(self) -> None:
        if self.enabled and self.n >= 10_000:
            click.echo("", err=True)


def progress_enabled(enabled: bool | None) -> bool:
    return sys.stderr.isatty() if enabled is None else enabled


def progress_bar(enabled: bool | None, total: int | None = None, initial: int = 0) -> Any:
    """A progress bar on stderr; with ``total`` known, tqdm shows the percentage and the time left."""
    enabled = progress_enabled(enabled)
    try:
        from tqdm import tqdm
    except ImportError:
        return _Counter(enabled)
    fmt = ("{desc} : {percentage:3.0f} % |{bar}| {n_fmt}/{total_fmt} [{elapsed} écoulé, reste {remaining}, "
           "{rate_fmt}]") if total else None
    return tqdm(disable=not enabled, total=total, initial=initial, unit=" dossiers", file=sys.stderr,
                mininterval=0.5, desc="Évaluation", bar_format=fmt)


__all__ = ["Summary", "count_records", "progress_bar", "progress_enabled"]
