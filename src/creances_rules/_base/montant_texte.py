"""Reading an amount written as text: exactly, or not at all.

A string amount is a plain decimal — digits, then optionally a point and one or two digits (``1500``,
``1500.5``, ``1500.00``). Anything else is refused, never guessed: ``"1,500"``, ``"1.000"``,
``"150,000"`` and ``"1 500"`` are a thousand and more in one convention and one euro and a half in
another (issue 21: they were read as 1,50 €, 1,00 € and 150,00 €). The refusal names the accepted form.

A CSV export in the French convention (``1 500,00``) is read with explicit options, as pandas'
``read_csv`` does (``decimal=","``, ``thousands=" "``): `normalise_number` accepts exactly that
convention — groups of three digits after the first, a decimal part after the decimal mark — and
nothing else. No dependency beyond the standard library: the CLI imports it at start.
"""

from __future__ import annotations

import re

_PLAIN_AMOUNT = re.compile(r"[+-]?\d+(?:\.\d{1,2})?")
_NUMBERISH = re.compile(r"[+-]?[\d.,\s\u00a0\u202f'_]+")
_SPACES = {" ", "\u00a0", "\u202f"}  # a space, the no-break space and the narrow one (French exports)
AMOUNT_EXAMPLE = "écrivez 1500 ou 1500.00 (chiffres, point décimal, sans séparateur de milliers)"


def _shown(text: str, limit: int = 40) -> str:
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
                   for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def amount_text_error(value: str) -> str:
    """Why ``value`` is not a plain decimal amount, in French, with the accepted form."""
    text = value.strip()
    if _NUMBERISH.fullmatch(text) and any(ch.isdigit() for ch in text):
        if re.fullmatch(r"[+-]?\d+\.\d{4,}", text):
            return f"montant au centime au plus (deux décimales), reçu « {_shown(text)} » ; {AMOUNT_EXAMPLE}"
        if re.fullmatch(r"[+-]?\d+\.\d{3}", text):
            return (f"montant « {_shown(text)} » ambigu : un point suivi de trois chiffres peut séparer les "
                    f"milliers, et un montant s'écrit au centime au plus ; {AMOUNT_EXAMPLE}")
        return (f"montant « {_shown(text)} » ambigu : une virgule ou une espace peut séparer les milliers "
                f"comme les décimales ; {AMOUNT_EXAMPLE}")
    return f"montant attendu en euros, reçu « {_shown(text)} » ; {AMOUNT_EXAMPLE}"


def plain_amount_text(value: str) -> str:
    """``value`` stripped if it is a plain decimal amount; else ValueError naming the accepted form."""
    text = value.strip()
    if not _PLAIN_AMOUNT.fullmatch(text) or not text.isascii():
        raise ValueError(amount_text_error(value))
    return text


def normalise_number(text: str, decimal: str = ".", thousands: str | None = None) -> str:
    """A number written with ``decimal`` as decimal mark and ``thousands`` as grouping separator →
    the plain decimal (``"1 500,00"`` → ``"1500.00"``); ValueError if it does not follow exactly that
    convention. A space as ``thousands`` also accepts the no-break spaces spreadsheets write."""
    original, t = text, text.strip()
    seps = (_SPACES if thousands in _SPACES else {thousands}) if thousands else set()
    sign = ""
    if t[:1] in ("+", "-"):
        sign, t = t[:1], t[1:]
    whole, mark, frac = t.partition(decimal)
    if mark and not (frac.isdigit() and frac.isascii()):
        raise ValueError(_convention_error(original, decimal, thousands))
    if seps and any(s in whole for s in seps):
        groups = re.split("[" + re.escape("".join(sorted(seps))) + "]", whole)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
                and all(g.isdigit() and g.isascii() for g in groups)):
            raise ValueError(_convention_error(original, decimal, thousands))
        whole = "".join(groups)
    if not (whole.isdigit() and whole.isascii()):
        raise ValueError(_convention_error(original, decimal, thousands))
    return sign + whole + (f".{frac}" if mark else "")


def _convention_error(text: str, decimal: str, thousands: str | None) -> str:
    sep = " " if thousands in _SPACES else (thousands or "")
    example = f"1{sep}500{decimal}00"
    options = f"--decimal « {decimal} »" + (f", --separateur-milliers « {sep} »" if thousands else "")
    return f"nombre « {_shown(text.strip())} » illisible avec {options} : attendu par exemple « {example} »"


__all__ = ["AMOUNT_EXAMPLE", "amount_text_error", "normalise_number", "plain_amount_text"]
