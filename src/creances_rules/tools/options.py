"""What the commands share: the French failure exit and the reading of a date option."""

from __future__ import annotations

import sys
from datetime import date

import click

EXIT_BAD_INPUT = 2


def _fail(messages: list[str] | str) -> None:
    for line in [messages] if isinstance(messages, str) else messages:
        click.echo(line, err=True)
    sys.exit(EXIT_BAD_INPUT)


def _parse_date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    from ..models.dossier import _to_date  # the dossier's reading: AAAA-MM-JJ only, whatever the Python version

    try:
        return _to_date(value)
    except ValueError as exc:
        _fail(f"{name} : {exc}")
    return None
