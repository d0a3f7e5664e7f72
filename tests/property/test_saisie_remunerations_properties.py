"""Invariants of the seizable part (C. trav. R3252-2, R3252-3, R3252-5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, strategies as st

from creances_rules.law.saisie_remunerations import quotite_saisissable

wages = st.decimals(min_value="0", max_value="20000", places=2)
days = st.dates(date(2023, 1, 1), date(2026, 12, 31))
dependants = st.integers(0, 6)


@given(wages, wages, dependants, days)
def test_more_wage_never_means_less_seized(a, b, n, d):
    lo, hi = sorted((a, b))
    assert quotite_saisissable(lo, n, d).mensuelle <= quotite_saisissable(hi, n, d).mensuelle


@given(wages, dependants, days)
def test_a_dependant_never_increases_the_seizure_and_the_employee_keeps_the_rsa(w, n, d):
    q, q1 = quotite_saisissable(w, n, d), quotite_saisissable(w, n + 1, d)
    assert q1.mensuelle <= q.mensuelle
    assert Decimal(0) <= q.mensuelle <= w
    if q.minimum_rsa is not None and w >= q.minimum_rsa:
        assert q.laisse_au_salarie >= q.minimum_rsa
