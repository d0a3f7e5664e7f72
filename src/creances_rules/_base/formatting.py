"""French formatting of values for people (amounts, rates, dates, booleans), by the rules of CLDR
(Babel's locale data for fr_FR).

Amounts « 1 234,56 € » and rates « 13,15 % » use fr_FR's grouping (narrow no-break space) and decimal
comma. They are formatted on every evaluation (bases of findings), so the symbols are kept here as
constants — `tests/test_francais.py` checks them against Babel's fr_FR data — instead of loading Babel's
locale data (≈ 0,1 s) at each cold start. Dates in words « 1er juillet 2025 » (letters) go through
Babel itself (`babel.dates.format_date`), imported at the first letter.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

LOCALE = "fr_FR"
GROUPE = "\u202f"  # babel.numbers.get_group_symbol("fr_FR")
DECIMALE = ","  # babel.numbers.get_decimal_symbol("fr_FR")


def nombre(value: Decimal | int | float, decimales: int = 2) -> str:
    """1 234,56 (French grouping and decimal comma)."""
    whole, _, frac = f"{value:,.{decimales}f}".partition(".")
    return whole.replace(",", GROUPE) + (DECIMALE + frac if frac else "")


def euros(amount: Decimal) -> str:
    """1 234,56 € (narrow no-break space between thousands)."""
    return nombre(amount, 2) + " €"


def pourcent(taux: Decimal | int | float) -> str:
    """An annual rate given in % (13.15) as « 13,15 % »."""
    return nombre(taux, 2) + " %"


def date_courte(value: date) -> str:
    """15/01/2024."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # = strftime("%d/%m/%Y"), 4× faster


def date_longue(value: date) -> str:
    """« 1er juillet 2025 », « 15 janvier 2024 »: the date of a French letter (Babel, fr_FR)."""
    from babel.dates import format_date

    text = format_date(value, format="d MMMM y", locale=LOCALE)
    return ("1er" + text[1:]) if value.day == 1 else text


def fmt(value: Any) -> str:
    """A value as a French reader expects it (1 234,56 €, 15/01/2024, oui/non)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return euros(value)
    if isinstance(value, date):
        return date_courte(value)
    return str(value)
