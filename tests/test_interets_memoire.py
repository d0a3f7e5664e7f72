"""The amount of one line at one rate (`conventions._interets`) is kept in a bounded memory: it must give, every
time, what the exact arithmetic gives — whatever was asked before, with equal arguments written differently."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
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


def test_remembered_rates_follow_the_rates_file_and_the_supplied_rates_as_written():
    """The rate lookups are remembered per rates file and per supplied rates: another file, other supplied rates,
    or the same rate written otherwise (2,65 / 2,650) give their own lines, in any order of calls."""
    import datetime as dt

    from ruamel.yaml import YAML

    from creances_rules.law.montants import penalites_retard
    from creances_rules.law.taux import taux_actifs
    from creances_rules.models.fichier_taux import charger_fichier_taux

    def s2027(**kw) -> list[tuple[str, str]]:
        calc = penalites_retard(Decimal("10000"), dt.date(2026, 11, 30), dt.date(2027, 3, 31), **kw)
        return [(str(x.taux), x.texte) for x in calc.lignes if x.du.year == 2027]

    def fichier(valeur: str):
        return charger_fichier_taux(YAML(typ="safe", pure=True).load(
            "fournisseur: Cabinet Martin\nbce:\n  - du: 2026-11-04\n    au: 2027-02-09\n"
            f"    valeur: \"{valeur}\"\n    texte: Décision (valeur d'essai)\n    source: https://www.ecb.europa.eu/e\n"))

    ecrit_court = s2027(taux_bce_fournis={dt.date(2027, 1, 1): Decimal("2.65")})
    ecrit_long = s2027(taux_bce_fournis={dt.date(2027, 1, 1): Decimal("2.650")})
    autre = s2027(taux_bce_fournis={dt.date(2027, 1, 1): Decimal("2.90")})
    assert [t for t, _ in ecrit_court] == ["12.65"] and [t for t, _ in ecrit_long] == ["12.650"]
    assert [t for t, _ in autre] == ["12.90"]
    with taux_actifs(fichier("2.65")):
        du_cabinet = s2027()
    with taux_actifs(fichier("3.10")):
        d_un_autre_cabinet = s2027()
    assert [t for t, _ in du_cabinet] == ["12.65"] and "Cabinet Martin" in du_cabinet[0][1]
    assert [t for t, _ in d_un_autre_cabinet] == ["13.10"]
    assert s2027(taux_bce_fournis={dt.date(2027, 1, 1): Decimal("2.65")}) == ecrit_court
    with pytest.raises(Exception):
        s2027()  # no rate for 2027 outside the file: unknown, raised again every time
    with pytest.raises(Exception):
        s2027()


def test_a_payment_day_computes_each_period_once_and_the_reduced_base_afterwards():
    """On a payment day the accrued accessories are computed to weigh the payment, then for the invoice it reaches:
    one computation of each (base, days). After it, the lines run on the reduced base, never a remembered one."""
    import datetime as dt

    from creances_rules.institutions.montants_dus.accessoires import _decompte
    from creances_rules.institutions.montants_dus.factures import etats_factures
    from creances_rules.law import montants as m

    factures = [("F1", Decimal("1000.00"), dt.date(2025, 2, 1), dt.date(2025, 1, 2)),
                ("F2", Decimal("1000.00"), dt.date(2025, 3, 1), dt.date(2025, 1, 2))]
    etats, _ = etats_factures(factures, [])
    demandes = []

    def calcul(base, veille, dernier):
        demandes.append((base, veille, dernier))
        return m.interets_moratoires(base, veille, dernier, categorie_creancier="autres_cas")

    paiement = m.Paiement(date=dt.date(2025, 4, 10), montant=Decimal("400.00"), facture="F1")
    d = _decompte(etats, {e.ref: e.date_exigibilite for e in etats}, dt.date(2025, 6, 30), calcul,
                  borne_inf=dt.date(2000, 1, 1), motif_borne_inf="", limite=dt.date(2025, 6, 30), motif_limite="",
                  hypotheses=[], paiements=[paiement], imputation="principal_d_abord")
    assert len(demandes) == len(set(demandes)) == 4  # F1 and F2 to the payment, then each on to 30/06
    f1 = [x for x in d.detail.lignes if x["facture"] == "F1"]
    assert [x["base"] for x in f1] == [Decimal("1000.00"), Decimal("600.00")]
    assert f1[0]["au"] == dt.date(2025, 4, 10) and f1[1]["du"] == dt.date(2025, 4, 11)
    assert f1[1]["montant"] == _interets(Decimal("600.00"), f1[1]["taux"], f1[1]["jours"])
