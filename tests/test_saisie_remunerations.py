"""The seizable part of a monthly wage (C. trav. R3252-2, R3252-3, R3252-5), computed by hand from the yearly
scale: annual wage = 12 × monthly; thresholds raised per dependant; fraction per tranche; ÷ 12, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules.law.saisie_remunerations import baremes_connus, quotite_saisissable


def test_2026_scale_2000_euros_one_dependant():
    # 2026 scale 4 480 / 8 730 / 13 000 / 17 230 / 21 470 / 25 810, +1 740 per dependant (R3252-3):
    # 6 220 / 10 470 / 14 740 / 18 970 / 23 210 / 27 550. Annual wage 24 000:
    # 6 220/20 = 311 ; 4 250/10 = 425 ; 4 270/5 = 854 ; 4 230/4 = 1 057,50 ; 4 240/3 = 1 413,33… ;
    # (24 000 − 23 210) × 2/3 = 526,66… → 4 587,50 a year → 382,29 € a month (4 587,50 / 12 = 382,2916…).
    q = quotite_saisissable(Decimal("2000"), 1, date(2026, 5, 1))
    assert q.annuelle == Decimal("4587.50") and q.mensuelle == Decimal("382.29")
    assert q.laisse_au_salarie == Decimal("1617.71")
    assert [t.fraction for t in q.tranches] == ["1/20", "1/10", "1/5", "1/4", "1/3", "2/3"]
    assert q.bareme.annee == 2026 and q.bareme.sources


def test_2026_scale_2000_euros_no_dependant():
    # 4 480/20 = 224 ; 4 250/10 = 425 ; 4 270/5 = 854 ; 4 230/4 = 1 057,50 ; 4 240/3 = 1 413,33… ;
    # (24 000 − 21 470) × 2/3 = 1 686,66… → 5 660,50 a year → 471,71 € a month (the published monthly table,
    # with thresholds rounded to the cent, gives 471,70 €).
    assert quotite_saisissable(2000, 0, date(2026, 5, 1)).mensuelle == Decimal("471.71")


def test_2025_scale_and_the_whole_above_the_last_threshold():
    # 2025 scale 4 440 / 8 660 / 12 890 / 17 090 / 21 300 / 25 600, no dependant; 3 000 €/month = 36 000 a year:
    # 222 + 422 + 846 + 1 050 + 1 403,33… + 2 866,66… + (36 000 − 25 600) = 10 400 → 17 210 a year → 1 434,17 €.
    q = quotite_saisissable(3000, 0, date(2025, 8, 1))
    assert q.annuelle == Decimal("17210.00") and q.mensuelle == Decimal("1434.17")
    assert q.tranches[-1].fraction == "totalité" and q.tranches[-1].base == Decimal("10400.00")


def test_the_rsa_amount_always_stays_with_the_employee():
    # 2025 scale, 680 €/month = 8 160 a year: 4 440/20 = 222 + (8 160 − 4 440)/10 = 372 → 594 a year → 49,50 €;
    # but 680 − 49,50 = 630,50 < 646,52 (RSA for one person from 01/04/2025, R3252-5): the part is capped at
    # 680 − 646,52 = 33,48 €.
    q = quotite_saisissable(680, 0, date(2025, 8, 1))
    assert q.mensuelle == Decimal("33.48") and q.laisse_au_salarie == Decimal("646.52")
    assert "R3252-5" in q.explication


def test_a_year_not_in_the_table_is_not_computed_but_said():
    q = quotite_saisissable(2000, 0, date(2027, 2, 1))
    assert q.mensuelle is None and q.indicatif == Decimal("471.71")  # the 2026 result, for information
    assert "2027" in q.avertissements[0] and "non connu" in q.avertissements[0]


def test_the_table_holds_2023_to_2026_with_increasing_thresholds():
    scales = baremes_connus()
    assert sorted(scales) == [2023, 2024, 2025, 2026]
    for s in scales.values():
        assert list(s.seuils) == sorted(s.seuils) and len(s.seuils) == 6 and s.sources


@pytest.mark.parametrize("bad", [(-1, 0), (1000, -1)])
def test_negative_inputs_are_refused(bad):
    with pytest.raises(ValueError):
        quotite_saisissable(bad[0], bad[1], date(2026, 1, 1))


def test_the_scale_is_a_dated_datum_with_its_known_until():
    # data/bareme_saisie_remunerations.yaml covers 2023-2026: known until 31/12/2026, listed with the other dated
    # tables (issue 19: every dated table declares how far it is known).
    from creances_rules.law.fraicheur import avertissements_donnees_perimees, donnees_datees

    d = {x.cle: x for x in donnees_datees()}["bareme_saisie_remunerations"]
    assert d.connu_jusqu_au == date(2026, 12, 31)
    assert any("saisies des rémunérations" in m
               for m in avertissements_donnees_perimees(date(2027, 2, 1), lues={"bareme_saisie_remunerations"}))
