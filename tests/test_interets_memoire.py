"""The amount of one line at one rate (`conventions._interets`) is kept in a bounded memory: it must give, every
time, what the exact arithmetic gives — whatever was asked before, with equal arguments written differently."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from creances_rules.law.montants.conventions import _interets

montants = st.decimals(min_value="-1000000", max_value="100000000", places=2, allow_nan=False, allow_infinity=False)
taux = st.decimals(min_value="0", max_value="40", places=3, allow_nan=False, allow_infinity=False)


def _exact(base: Decimal, t: Decimal, jours: int) -> str:
    """base × taux × jours / 36 500 in exact arithmetic, rounded half up to the cent."""
    q = Fraction(base) * Fraction(t) * jours / 36500
    cents = abs(q) * 100
    n = int(cents)
    if cents - n >= Fraction(1, 2):
        n += 1
    value = Decimal(n).scaleb(-2)
    return str(-value if q < 0 else value.quantize(Decimal("0.01")))


@given(montants, taux, st.integers(0, 20000))
def test_each_line_is_the_exact_amount_rounded_once_every_time_it_is_asked(base, t, jours):
    first = _interets(base, t, jours)
    assert first == Decimal(_exact(base, t, jours))
    assert str(_interets(base, t, jours)) == str(first)
    # Equal numbers with other exponents (1234.5 and 1234.50000) hit the same memory: the same cent amount.
    assert str(_interets(base.quantize(Decimal("1.00000")), t.quantize(Decimal("1.0000000")), jours)) == str(first)
    # The next day is another amount, not the remembered one.
    assert _interets(base, t, jours + 1) == Decimal(_exact(base, t, jours + 1))


def test_a_nil_amount_keeps_the_sign_of_its_arguments():
    assert str(_interets(Decimal("-0.00"), Decimal("12.5"), 30)) == "-0.00"
    assert str(_interets(Decimal("0.00"), Decimal("12.5"), 30)) == "0.00"
    assert str(_interets(Decimal("100"), Decimal("12.5"), 0)) == "0.00"
