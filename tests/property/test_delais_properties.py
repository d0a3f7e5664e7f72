"""Properties of the délai computation (CPC 641-642) and of the prescription term (C. civ. 2228-2229)."""

from __future__ import annotations

import calendar
import datetime as dt
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import assume, given
from hypothesis import strategies as st

from creances_rules.law.delais import (
    est_jour_ouvrable,
    fin_de_delai,
    jour_ferie,
    prochain_jour_ouvrable,
    terme_prescription,
)

DEPARTEMENTS = [
    None, "01", "13", "2A", "2B", "57", "67", "68", "75", "95",
    "971", "972", "973", "974", "975", "976", "977", "978", "984", "986", "987", "988",
]  # fmt: skip

# Worst case of CPC 642 found by scanning every day of 1976-2099 in every territory: 4 days skipped,
# e.g. Thursday 7 May 2043 (Ascension) + Friday 8 May + weekend -> Monday 11 May; in Alsace-Moselle
# Good Friday + weekend + Easter Monday, or 25-26 December + weekend; overseas, an abolition day
# next to Ascension or Easter Monday (27 May 2022 in Guadeloupe).
PROROGATION_MAX = 4

dates = st.dates(min_value=date(1976, 1, 1), max_value=date(2099, 12, 31))
departements = st.sampled_from(DEPARTEMENTS)
jours_st = st.integers(min_value=0, max_value=400)
mois_st = st.integers(min_value=0, max_value=36)
ans_st = st.integers(min_value=0, max_value=10)


def naif(depart: date, jours: int, mois: int, ans: int) -> date:
    # CPC 641 without 642: one month addition from the start date (day clipped to the month's end),
    # then the days.
    return depart + relativedelta(months=12 * ans + mois) + timedelta(days=jours)


@given(dates, jours_st, mois_st, ans_st, departements)
def test_resultat_toujours_ouvrable_et_proche_de_la_date_nominale(depart, jours, mois, ans, dep):
    assume(jours or mois or ans)
    delai = fin_de_delai(depart, jours=jours, mois=mois, ans=ans, departement=dep)
    assert delai.date.weekday() < 5
    assert jour_ferie(delai.date, dep) is None
    assert est_jour_ouvrable(delai.date, dep)
    assert delai.date_nominale <= delai.date <= delai.date_nominale + timedelta(days=PROROGATION_MAX)
    # Every skipped day is listed, consecutive from the nominal date, each really non-working.
    assert [j for j, _ in delai.reports] == [
        delai.date_nominale + timedelta(days=i) for i in range((delai.date - delai.date_nominale).days)
    ]
    assert all(not est_jour_ouvrable(j, dep) for j, _ in delai.reports)


@given(dates, jours_st, mois_st, ans_st, departements)
def test_egal_a_l_arithmetique_naive_hors_prorogation(depart, jours, mois, ans, dep):
    assume(jours or mois or ans)
    delai = fin_de_delai(depart, jours=jours, mois=mois, ans=ans, departement=dep)
    assert delai.date_nominale == naif(depart, jours, mois, ans)
    if est_jour_ouvrable(delai.date_nominale, dep):
        assert delai.date == delai.date_nominale
        assert delai.reports == ()
    assert delai.date == prochain_jour_ouvrable(delai.date_nominale, dep)


@given(dates, st.integers(min_value=1, max_value=48))
def test_en_mois_meme_quantieme_ou_dernier_jour_du_mois(depart, mois):
    nominale = fin_de_delai(depart, mois=mois).date_nominale
    cible = depart + relativedelta(months=mois)
    assert (nominale.year, nominale.month) == (cible.year, cible.month)
    dernier_jour = calendar.monthrange(nominale.year, nominale.month)[1]
    assert nominale.day == depart.day or (nominale.day == dernier_jour < depart.day)


@given(dates, st.integers(min_value=1, max_value=20))
def test_annees_egales_a_douze_mois(depart, ans):
    assert fin_de_delai(depart, ans=ans).date == fin_de_delai(depart, mois=12 * ans).date


@given(dates, st.integers(min_value=1, max_value=36), st.integers(min_value=1, max_value=60), departements)
def test_mois_puis_jours(depart, mois, jours, dep):
    # CPC 641 al. 3: months first (from the start date), then days (from the date reached).
    combine = fin_de_delai(depart, mois=mois, jours=jours, departement=dep)
    mois_seuls = fin_de_delai(depart, mois=mois, departement=dep)
    assert combine.date_nominale == mois_seuls.date_nominale + timedelta(days=jours)
    assert combine.date == prochain_jour_ouvrable(combine.date_nominale, dep)


@given(dates, dates, jours_st, mois_st, ans_st, departements)
def test_monotone_en_la_date_de_depart(d1, d2, jours, mois, ans, dep):
    assume(jours or mois or ans)
    d1, d2 = min(d1, d2), max(d1, d2)
    assert (
        fin_de_delai(d1, jours=jours, mois=mois, ans=ans, departement=dep).date
        <= fin_de_delai(d2, jours=jours, mois=mois, ans=ans, departement=dep).date
    )


@given(dates, jours_st, mois_st, ans_st, st.sampled_from(["outre_mer", "etranger"]))
def test_distance_ajoute_des_mois(depart, jours, mois, ans, distance):
    # CPC 643/644: +1 or +2 months, added to the months before computing.
    assume(jours or mois or ans)
    supplement = {"outre_mer": 1, "etranger": 2}[distance]
    avec = fin_de_delai(depart, jours=jours, mois=mois, ans=ans, distance=distance)
    sans = fin_de_delai(depart, jours=jours, mois=mois + supplement, ans=ans)
    assert avec.date == sans.date


@given(dates, jours_st, mois_st, ans_st, departements)
def test_prescription_jamais_reportee_et_avant_le_delai_de_procedure(depart, jours, mois, ans, dep):
    assume(jours or mois or ans)
    terme = terme_prescription(depart, ans=ans, mois=mois, jours=jours)
    # C. civ. 2229, Cass. 2e civ. 7 Apr 2016: no weekend/holiday extension; conservative convention:
    # the start day is day 1, so the term is the day before the 641-style anniversary.
    assert terme == naif(depart, jours, mois, ans) - timedelta(days=1)
    assert terme < fin_de_delai(depart, jours=jours, mois=mois, ans=ans, departement=dep).date


@given(dates, departements)
def test_prochain_jour_ouvrable(d, dep):
    suivant = prochain_jour_ouvrable(d, dep)
    assert d <= suivant <= d + timedelta(days=PROROGATION_MAX)
    assert est_jour_ouvrable(suivant, dep)
    assert all(not est_jour_ouvrable(d + timedelta(days=i), dep) for i in range((suivant - d).days))


def test_pire_cas_de_prorogation_sur_trente_ans():
    # Exhaustive over 2020-2049 (the PROROGATION_MAX bound must hold for every day, every territory),
    # and the bound is reached: Thursday 7 May 2043 (Ascension) -> Monday 11 May 2043.
    for dep in DEPARTEMENTS:
        jour = dt.date(2020, 1, 1)
        while jour < dt.date(2050, 1, 1):
            assert (prochain_jour_ouvrable(jour, dep) - jour).days <= PROROGATION_MAX
            jour += timedelta(days=1)
    assert prochain_jour_ouvrable(date(2043, 5, 7)) == date(2043, 5, 11)
