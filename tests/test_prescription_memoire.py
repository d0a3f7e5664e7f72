"""The prescription analysis's shortcuts (issue 23) give the answers of what they replace, never a stale one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from creances_rules.institutions import prescription_des_creances as pc
from creances_rules.law.prescription import PrescriptionInvalide

_JOURS = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@given(_JOURS, _JOURS)
def test_whole_months_are_relativedeltas(fin, debut):
    ecart = relativedelta(fin, debut)
    assert pc._mois_entiers(fin, debut) == ecart.years * 12 + ecart.months


@pytest.mark.parametrize("fin, debut", [
    (date(2024, 2, 29), date(2024, 1, 31)),  # a month from the 31st ends on the last day of February
    (date(2023, 2, 28), date(2023, 1, 31)),
    (date(2023, 2, 27), date(2023, 1, 31)),
    (date(2026, 12, 6), date(2026, 12, 6)),
    (date(2025, 3, 30), date(2026, 12, 6)),  # fin before debut: negative, as relativedelta says
    (date(2026, 1, 31), date(2026, 3, 31)),
])
def test_whole_months_at_the_ends_of_months(fin, debut):
    ecart = relativedelta(fin, debut)
    assert pc._mois_entiers(fin, debut) == ecart.years * 12 + ecart.months


def test_remembered_regime_is_keyed_on_every_argument():
    assert pc.regime_du_code("c_conso_l218_2").duree_ans == 2
    assert pc.regime_du_code("c_com_l110_4").duree_ans == 5
    assert pc.regime_du_code("loi_1989_art_7_1", duree_ans=3).duree_ans == 3
    assert pc.regime_du_code("loi_1989_art_7_1", duree_ans=6).duree_ans == 6
    assert pc.regime_du_code("contractuel_2254", duree_contractuelle_ans=2).duree_ans == 2
    assert pc.regime_du_code("contractuel_2254", duree_contractuelle_ans=4).duree_ans == 4
    # the same arguments: the same (frozen) answer as computed afresh
    assert pc.regime_du_code("contractuel_2254", duree_contractuelle_ans=4) == pc._regime_du_code(
        "contractuel_2254", duree_contractuelle_ans=4)


def test_remembered_regime_errors_are_raised_every_time():
    for _ in range(2):
        with pytest.raises(PrescriptionInvalide):
            pc.regime_du_code("c_civ_2262")
        with pytest.raises(PrescriptionInvalide):
            pc.regime_du_code("loi_1989_art_7_1")
        with pytest.raises(PrescriptionInvalide):
            pc.regime_du_code("contractuel_2254")
    with pytest.raises(PrescriptionInvalide):
        pc.regime_du_code(["c_civ_2224"])  # type: ignore[arg-type]  # unhashable: not remembered, still refused


def test_remembered_regime_tells_a_bool_from_an_int():
    assert pc.regime_du_code("loi_1989_art_7_1", duree_ans=1).duree_ans == 1
    # True == 1 and hash(True) == hash(1): an untyped memory would answer with the int's regime
    assert pc.regime_du_code("loi_1989_art_7_1", duree_ans=True) == pc._regime_du_code(
        "loi_1989_art_7_1", duree_ans=True)


def test_remembered_duration_label_follows_its_numbers():
    from creances_rules.law.prescription.regimes import _libelle_duree
    assert [_libelle_duree(a, m) for a, m in ((5, 0), (2, 0), (1, 6), (0, 6), (1, 0), (5, 0))] == [
        "5 ans", "2 ans", "1 an et 6 mois", "6 mois", "1 an", "5 ans"]
    assert pc.regime_du_code("c_conso_l218_2").libelle_duree == "2 ans"
    assert pc.regime_du_code("c_com_l110_4").libelle_duree == "5 ans"


def test_mention_facts_are_the_declared_ones():
    from creances_rules.institutions import derive
    noms = [nom for _, nom in derive._FAITS_MENTION_MED + derive._FAITS_MENTION_TIERS]
    assert len(set(noms)) == len(noms) and all(nom in derive.FACTS for nom in noms)
    assert {m for m, _ in derive._FAITS_MENTION_MED} == set(derive.Mention)
