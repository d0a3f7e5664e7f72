"""Worked examples for creances_rules.law.delais, each checked by hand against the law.

Every expected date below was computed by hand from the article cited in the comment; weekdays
were checked against a perpetual calendar (Easter Sunday: 23 March 2008, 5 April 2026).
"""

from __future__ import annotations

import datetime as dt
from datetime import date

import pydantic
import pytest

from creances_rules.law.delais import (
    AVERTISSEMENT_TERME_PRESCRIPTION,
    Delai,
    DelaiInvalide,
    est_jour_ouvrable,
    fin_de_delai,
    jour_ferie,
    prochain_jour_ouvrable,
    terme_prescription,
)

# ---------------------------------------------------------------------------------------------
# CPC 641: counting
# ---------------------------------------------------------------------------------------------


def test_un_mois_depuis_le_31_janvier_expire_le_dernier_jour_de_fevrier():
    # CPC 641 al. 2: 31 Jan 2025 + 1 month; February 2025 has no 31st -> last day of the month,
    # Friday 28 Feb 2025, a working day: no 642 extension.
    delai = fin_de_delai(date(2025, 1, 31), mois=1)
    assert delai.date_nominale == date(2025, 2, 28)
    assert delai.date == date(2025, 2, 28)
    assert delai.reports == ()
    assert any("quantième 31" in phrase for phrase in delai.explication)


def test_delai_en_jours_ne_compte_pas_le_jour_de_depart_et_samedi_proroge_au_lundi():
    # CPC 641 al. 1: the trigger day does not count. Friday 7 Mar 2025 + 15 days = Saturday
    # 22 Mar 2025. CPC 642 al. 2: Saturday -> Sunday 23 -> Monday 24 Mar 2025.
    delai = fin_de_delai(date(2025, 3, 7), jours=15)
    assert delai.date_nominale == date(2025, 3, 22)
    assert delai.date == date(2025, 3, 24)
    assert delai.reports == ((date(2025, 3, 22), "samedi"), (date(2025, 3, 23), "dimanche"))


def test_exemple_publie_appel_de_refere_samedi_puis_lundi_de_paques():
    # Example published by simonnetavocat.fr ("Comment calculer un délai de procédure"): order
    # served Friday 7 March (2008 calendar), 15-day appeal (CPC 490): 641 -> Saturday 22 March;
    # 642 -> Sunday 23 (Easter Sunday 2008) -> Monday 24 (Easter Monday, C. trav. L3133-1 2°)
    # -> Tuesday 25 March 2008.
    delai = fin_de_delai(date(2008, 3, 7), jours=15)
    assert delai.date_nominale == date(2008, 3, 22)
    assert delai.date == date(2008, 3, 25)
    assert delai.reports[-1] == (date(2008, 3, 24), "jour férié : Lundi de Pâques")
    assert {"code": "C. trav.", "article": "L3133-1", "url": "https://www.legifrance.gouv.fr/codes/id/LEGISCTA000033008129/"} in delai.citations


def test_lundi_de_paques_en_metropole_proroge_au_mardi():
    # 641 al. 1: Sunday 22 Mar 2026 + 15 days = Monday 6 Apr 2026 = Easter Monday (Easter 5 Apr 2026),
    # a jour férié (L3133-1 2°) -> 642: Tuesday 7 Apr 2026.
    delai = fin_de_delai(date(2026, 3, 22), jours=15)
    assert delai.date_nominale == date(2026, 4, 6)
    assert delai.date == date(2026, 4, 7)


def test_mois_puis_jours():
    # 641 al. 3: months first, then days. 12 Feb 2025 + 1 month = 12 Mar 2025; + 15 days =
    # Thursday 27 Mar 2025 (the same figures as the aurelienbamde.com worked example).
    delai = fin_de_delai(date(2025, 2, 12), mois=1, jours=15)
    assert delai.date == date(2025, 3, 27)


def test_mois_puis_jours_l_ordre_compte():
    # 641 al. 3, where the order changes the result: 30 Jan 2025 + 1 month = 28 Feb 2025 (no 30th),
    # + 1 day = Saturday 1 Mar 2025 -> 642: Monday 3 Mar 2025.
    # (Days first would give 31 Jan + 1 month = 28 Feb: not the rule.)
    delai = fin_de_delai(date(2025, 1, 30), mois=1, jours=1)
    assert delai.date_nominale == date(2025, 3, 1)
    assert delai.date == date(2025, 3, 3)


def test_deux_mois_d_un_coup_et_non_mois_apres_mois():
    # 641 al. 2 applied once: 31 Jan 2025 + 2 months = 31 Mar 2025 (Monday, same quantième exists).
    # Chaining 1 month + 1 month would give 28 Feb, then 28 Mar: wrong.
    direct = fin_de_delai(date(2025, 1, 31), mois=2)
    assert direct.date == date(2025, 3, 31)
    enchaine = fin_de_delai(fin_de_delai(date(2025, 1, 31), mois=1).date_nominale, mois=1)
    assert enchaine.date_nominale == date(2025, 3, 28)
    assert direct.date != enchaine.date


def test_annee_depuis_un_29_fevrier():
    # 641 al. 2 (years): 29 Feb 2024 + 1 year; 2025 has no 29 Feb -> last day of February,
    # Friday 28 Feb 2025.
    assert fin_de_delai(date(2024, 2, 29), ans=1).date == date(2025, 2, 28)


def test_annees_et_mois_se_cumulent():
    # 1 year 2 months = 14 months: 15 Jan 2025 -> 15 Mar 2026 (Sunday) -> 642: Monday 16 Mar 2026.
    delai = fin_de_delai(date(2025, 1, 15), ans=1, mois=2)
    assert delai.date_nominale == date(2026, 3, 15)
    assert delai.date == date(2026, 3, 16)


# ---------------------------------------------------------------------------------------------
# CPC 642 and local holidays
# ---------------------------------------------------------------------------------------------


def test_vendredi_saint_en_moselle_mais_pas_a_paris():
    # 641 al. 1: Thursday 19 Mar 2026 + 15 days = Friday 3 Apr 2026 = Good Friday.
    # Moselle (57): Good Friday is a holiday (C. trav. L3134-13) -> Sat 4, Sun 5, Mon 6 (Easter
    # Monday) -> Tuesday 7 Apr 2026. Paris (75): 3 Apr is a working day -> no extension.
    moselle = fin_de_delai(date(2026, 3, 19), jours=15, departement="57")
    assert moselle.date_nominale == date(2026, 4, 3)
    assert moselle.date == date(2026, 4, 7)
    assert moselle.reports[0] == (date(2026, 4, 3), "jour férié : Vendredi saint")
    assert any("temple protestant" in a for a in moselle.avertissements)
    assert any(c["article"] == "L3134-13" for c in moselle.citations)
    paris = fin_de_delai(date(2026, 3, 19), jours=15, departement="75")
    assert paris.date == date(2026, 4, 3)
    assert paris.reports == ()


@pytest.mark.parametrize("departement", ["57", "67", "68"])
def test_vendredi_saint_et_26_decembre_en_alsace_moselle(departement):
    # L3134-13: Good Friday (3 Apr 2026) and 26 December are holidays in 57, 67 and 68
    # ("holidays" knows 67/68 only as the "6AE" subdivision).
    assert jour_ferie(date(2026, 4, 3), departement) == "Vendredi saint"
    assert jour_ferie(date(2025, 12, 26), departement) == "Saint-Étienne"
    assert jour_ferie(date(2026, 4, 3), "75") is None
    assert jour_ferie(date(2025, 12, 26)) is None


def test_26_decembre_dans_le_bas_rhin():
    # 25 Nov 2025 + 1 month = Thursday 25 Dec 2025 (Noël). Bas-Rhin (67): Fri 26 (Saint-Étienne,
    # L3134-13), Sat 27, Sun 28 -> Monday 29 Dec 2025 (four days skipped).
    # Metropolitan law: Friday 26 Dec 2025 is a working day.
    bas_rhin = fin_de_delai(date(2025, 11, 25), mois=1, departement="67")
    assert bas_rhin.date == date(2025, 12, 29)
    assert [j for j, _ in bas_rhin.reports] == [date(2025, 12, d) for d in (25, 26, 27, 28)]
    assert fin_de_delai(date(2025, 11, 25), mois=1).date == date(2025, 12, 26)


def test_abolition_de_l_esclavage_la_reunion():
    # L3422-2 6°: 20 December in La Réunion. 20 Nov 2027 + 1 month = Monday 20 Dec 2027 ->
    # 974: Tuesday 21 Dec 2027; metropolitan France: Monday 20 Dec 2027.
    reunion = fin_de_delai(date(2027, 11, 20), mois=1, departement="974")
    assert reunion.date == date(2027, 12, 21)
    assert reunion.reports == ((date(2027, 12, 20), "jour férié : Abolition de l'esclavage"),)
    assert any(c["article"] == "L3422-2" for c in reunion.citations)
    assert fin_de_delai(date(2027, 11, 20), mois=1).date == date(2027, 12, 20)


def test_abolition_de_l_esclavage_guadeloupe():
    # L3422-2 3°: 27 May in Guadeloupe. 27 Apr 2026 + 1 month = Wednesday 27 May 2026 ->
    # 971: Thursday 28 May 2026.
    assert fin_de_delai(date(2026, 4, 27), mois=1, departement="971").date == date(2026, 5, 28)
    assert fin_de_delai(date(2026, 4, 27), mois=1, departement="972").date == date(2026, 5, 27)


@pytest.mark.parametrize(
    ("departement", "jour"),
    [
        # L3422-2: 27 Apr Mayotte, 22 May Martinique, 27 May Guadeloupe and Saint-Martin,
        # 10 June Guyane, 9 Oct Saint-Barthélemy, 20 Dec La Réunion.
        ("976", date(2026, 4, 27)),
        ("972", date(2026, 5, 22)),
        ("971", date(2026, 5, 27)),
        ("978", date(2026, 5, 27)),
        ("973", date(2026, 6, 10)),
        ("977", date(2026, 10, 9)),
        ("974", date(2026, 12, 20)),
    ],
)
def test_dates_de_l_article_L3422_2(departement, jour):
    assert jour_ferie(jour, departement) == "Abolition de l'esclavage"
    assert jour_ferie(jour) is None


def test_saint_martin_27_mai_retenu_28_mai_signale():
    # Saint-Martin (978): L3422-2 says 27 May; "holidays" 0.109 gives 28 May (observed since 2019).
    # 27 Apr 2026 + 1 month = Wednesday 27 May 2026 (holiday by the Code) -> Thursday 28 May 2026,
    # which is only observed in practice: not extended further, but flagged.
    delai = fin_de_delai(date(2026, 4, 27), mois=1, departement="978")
    assert delai.date == date(2026, 5, 28)
    assert jour_ferie(date(2026, 5, 28), "978") is None
    assert any("27 mai" in a and "28 mai" in a for a in delai.avertissements)
    assert any("chômé par l'usage" in a for a in delai.avertissements)


def test_mi_careme_en_guadeloupe_signalee_sans_prorogation():
    # Mi-Carême (Thursday 12 Mar 2026) is observed in Guadeloupe but is not in L3133-1 nor L3422-2:
    # no 642 extension (prudence), a warning instead. 12 Feb 2026 + 1 month = 12 Mar 2026.
    delai = fin_de_delai(date(2026, 2, 12), mois=1, departement="971")
    assert delai.date == date(2026, 3, 12)
    assert any("Mi-Carême" in a for a in delai.avertissements)


def test_jours_feries_nationaux_outre_mer_et_collectivites():
    # L3133-1 applies in every territory of the Code du travail, e.g. 14 July in La Réunion.
    assert jour_ferie(date(2026, 7, 14), "974") == "Fête nationale"
    assert jour_ferie(date(2026, 7, 14), "975") == "Fête nationale"


def test_collectivites_a_droit_local_averties():
    # New Caledonia has its own code of civil procedure (délibération n° 118/CP du 26 mai 2003):
    # the CPC computation is only indicative and the calendar is unverified.
    delai = fin_de_delai(date(2026, 8, 24), mois=1, departement="988")
    # 24 Sep 2026 (Thursday) is "Fête de la Citoyenneté" per the holidays package -> Friday 25 Sep.
    assert delai.date == date(2026, 9, 25)
    assert any("code local" in a for a in delai.avertissements)


def test_mayotte_averti_des_jours_d_usage():
    delai = fin_de_delai(date(2026, 6, 10), mois=1, departement="976")
    assert any("Mayotte" in a for a in delai.avertissements)


# ---------------------------------------------------------------------------------------------
# CPC 643 / 644: distance
# ---------------------------------------------------------------------------------------------


def test_opposition_a_injonction_de_payer_debiteur_a_l_etranger():
    # CPC 1416 (1 month) + CPC 643 2° (2 months, debtor abroad, court in metropolitan France):
    # 3 months from Thursday 15 Jan 2026 -> Wednesday 15 Apr 2026.
    delai = fin_de_delai(date(2026, 1, 15), mois=1, distance="etranger")
    assert delai.date == date(2026, 4, 15)
    assert delai.duree.mois == 1  # the duration given by the caller, not the extended one
    assert any(c["article"] == "643" for c in delai.citations)
    assert any("vérifier que l'acte en relève" in a for a in delai.avertissements)


def test_distance_outre_mer_avec_delai_en_jours():
    # 15-day appeal + 1 month (643 1°), months first (641 al. 3): 12 Feb 2025 -> 12 Mar 2025
    # -> Thursday 27 Mar 2025.
    delai = fin_de_delai(date(2025, 2, 12), jours=15, distance="outre_mer")
    assert delai.date == date(2025, 3, 27)


def test_distance_devant_une_juridiction_d_outre_mer_cite_644():
    # Court in La Réunion: CPC 644 (+1 month for persons not living there).
    # 12 Feb 2025 + 1 + 1 month = 12 Apr 2025 (Saturday) -> Monday 14 Apr 2025.
    delai = fin_de_delai(date(2025, 2, 12), mois=1, distance="outre_mer", departement="974")
    assert delai.date == date(2025, 4, 14)
    assert any(c["article"] == "644" for c in delai.citations)


# ---------------------------------------------------------------------------------------------
# Prescription: C. civ. 2228-2229, no CPC 641/642
# ---------------------------------------------------------------------------------------------


def test_prescription_arret_du_12_decembre_2018():
    # Cass. 1re civ., 12 Dec 2018, n° 17-25.697: the 5-year period that started on 19 June 2008
    # expired on 18 June 2013 at 24:00 (not 19 June, as the court of appeal had held under CPC 641).
    assert terme_prescription(date(2008, 6, 19), ans=5) == date(2013, 6, 18)
    assert fin_de_delai(date(2008, 6, 19), ans=5).date == date(2013, 6, 19)


def test_prescription_pas_de_report_du_samedi():
    # Cass. 2e civ., 7 Apr 2016, n° 15-12.960: a prescription period ending on a Saturday is not
    # extended. 22 June 2020 + 5 years - 1 day = Saturday 21 June 2025: stays Saturday.
    # The same duration as a procedural délai: 22 June 2025 (Sunday) -> Monday 23 June 2025.
    terme = terme_prescription(date(2020, 6, 22), ans=5)
    assert terme == date(2025, 6, 21)
    assert terme.weekday() == 5
    assert fin_de_delai(date(2020, 6, 22), ans=5).date == date(2025, 6, 23)


def test_prescription_jours_et_mois():
    # Days: 1 Jan 2025 is day 1 of a 10-day period -> 10 Jan 2025.
    assert terme_prescription(date(2025, 1, 1), jours=10) == date(2025, 1, 10)
    # Months: 15 Mar 2025 + 2 months = 15 May 2025, minus one day -> 14 May 2025.
    assert terme_prescription(date(2025, 3, 15), mois=2) == date(2025, 5, 14)
    # 29 Feb 2024 + 1 year: 28 Feb 2025 (no 29th), minus one day -> 27 Feb 2025 (conservative).
    assert terme_prescription(date(2024, 2, 29), ans=1) == date(2025, 2, 27)


def test_avertissement_prescription_cite_la_jurisprudence():
    assert "17-25.697" in AVERTISSEMENT_TERME_PRESCRIPTION
    assert "15-12.960" in AVERTISSEMENT_TERME_PRESCRIPTION
    assert "prudente" in AVERTISSEMENT_TERME_PRESCRIPTION


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def test_helpers():
    assert jour_ferie(date(2026, 4, 6)) == "Lundi de Pâques"
    assert jour_ferie(date(2026, 4, 7)) is None
    assert est_jour_ouvrable(date(2026, 4, 7)) is True
    assert est_jour_ouvrable(date(2026, 4, 4)) is False  # Saturday (642 names it)
    assert est_jour_ouvrable(date(2026, 4, 3), "68") is False  # Good Friday in Haut-Rhin
    assert est_jour_ouvrable(date(2026, 4, 3), "69") is True
    # Sat 4 Apr 2026 -> Sun 5 -> Mon 6 (Easter Monday) -> Tue 7 Apr 2026.
    assert prochain_jour_ouvrable(date(2026, 4, 4)) == date(2026, 4, 7)
    assert prochain_jour_ouvrable(date(2026, 4, 7)) == date(2026, 4, 7)


def test_codes_de_departement_acceptes():
    assert fin_de_delai(date(2025, 1, 31), mois=1, departement="2A").departement == "2A"
    assert fin_de_delai(date(2025, 1, 31), mois=1, departement="1").departement == "01"
    assert fin_de_delai(date(2025, 1, 31), mois=1, departement=" 67 ").territoire == "Bas-Rhin"
    assert fin_de_delai(date(2025, 1, 31), mois=1).departement is None


def test_delai_immuable_explique_et_serialisable():
    delai = fin_de_delai(date(2025, 3, 7), jours=15)
    assert isinstance(delai, Delai)
    with pytest.raises(pydantic.ValidationError):
        delai.date = date(2030, 1, 1)  # type: ignore[misc]
    texte = str(delai)
    assert texte.startswith("Dernier jour pour agir : lundi 24 mars 2025, à 24 heures.")
    assert "samedi 22 mars 2025" in texte
    assert [c["article"] for c in delai.citations][:3] == ["640", "641", "642"]
    assert all(c["url"].startswith("https://www.legifrance.gouv.fr/") for c in delai.citations)
    assert '"date":"2025-03-24"' in delai.model_dump_json()


# ---------------------------------------------------------------------------------------------
# Invalid input
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("departement", ["99", "ZZ", "20", "00", "96", "979", ""])
def test_departement_inconnu(departement):
    with pytest.raises(DelaiInvalide) as exc:
        fin_de_delai(date(2025, 1, 31), mois=1, departement=departement)
    assert isinstance(exc.value, ValueError)
    assert exc.value.champ == "departement"
    assert "departement" in str(exc.value)
    assert repr(departement.strip().upper()) in str(exc.value)


@pytest.mark.parametrize(
    ("kwargs", "champ"),
    [
        ({"jours": -1}, "jours"),
        ({"mois": -2}, "mois"),
        ({"ans": -1, "mois": 3}, "ans"),
        ({}, "duree"),
        ({"jours": 0, "mois": 0, "ans": 0}, "duree"),
        ({"jours": 1.5}, "jours"),
        ({"mois": True}, "mois"),
        ({"mois": 1, "distance": "lune"}, "distance"),
        ({"ans": 8000}, "duree"),
    ],
)
def test_durees_invalides(kwargs, champ):
    with pytest.raises(DelaiInvalide) as exc:
        fin_de_delai(date(2025, 1, 31), **kwargs)
    assert exc.value.champ == champ


@pytest.mark.parametrize("depart", ["2025-01-31", dt.datetime(2025, 1, 31, 10, 0), None, 20250131])
def test_depart_pas_une_date(depart):
    with pytest.raises(DelaiInvalide) as exc:
        fin_de_delai(depart, mois=1)  # type: ignore[arg-type]
    assert exc.value.champ == "depart"
    assert str(exc.value).startswith("depart : attendu une date")
    with pytest.raises(DelaiInvalide):
        terme_prescription(depart, ans=5)  # type: ignore[arg-type]


def test_prescription_durees_invalides():
    with pytest.raises(DelaiInvalide):
        terme_prescription(date(2020, 1, 1))
    with pytest.raises(DelaiInvalide):
        terme_prescription(date(2020, 1, 1), ans=-5)


def test_helpers_valident_leurs_arguments():
    with pytest.raises(DelaiInvalide):
        jour_ferie("2026-04-06")  # type: ignore[arg-type]
    with pytest.raises(DelaiInvalide):
        est_jour_ouvrable(date(2026, 4, 6), "99")
