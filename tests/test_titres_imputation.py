"""Payments after a title (C. civ. 1343-1), interest on the art. 700 award and costs (1231-7), the ten years of
CPCE L111-4 on every executer_titre, and the judgment described by its date only (issue 20, part A, item 1).

Every expected figure is computed by hand in the comment above its assertion (independently of the library,
script kept in the session notes), from the law named there and the published legal rates « autres cas »
(CMF L313-2, D313-1-A): 2018 0,89 / 0,88 %, 2019 0,86 / 0,87 %, 2020 0,87 / 0,84 %, 2021 0,79 / 0,76 %,
2022 0,76 / 0,77 %, 2023 2,06 / 4,22 %, 2024 5,07 / 4,92 %, 2025 3,71 / 2,76 %, 2026-S1 2,62 %; +5 points two
months after the decision became enforceable (CMF L313-3). Interest: base × rate × days / 36 500, each line
rounded to the cent (service-public F20688).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from creances_rules import evaluate
from creances_rules.institutions.sommes_des_titres import sommes_dues_au_titre
from creances_rules.models.dossier import Dossier

AS_OF = date(2026, 6, 30)


def jugement_2019(**titre_over) -> dict:
    """A realistic 2019 commercial judgment partly paid in 2019 and 2021, then nothing."""
    titre = {"nature": "jugement", "date": "2019-05-15", "juridiction": "Tribunal de commerce de Lyon",
             "date_introduction_instance": "2018-10-01", "date_signification": "2019-06-03",
             "condamnation": {"principal": 40000, "article_700": 2000, "depens": 400}}
    titre.update(titre_over)
    return {
        "creancier": {"qualite": "professionnel", "nom": "SAS Menuiseries Perrin"},
        "debiteur": {"qualite": "professionnel", "commercant": True, "nom": "SARL Bâtir Rhône", "departement": "69"},
        "factures": [{"numero": "F-2018-031", "montant_ttc": 40000, "date_emission": "2018-01-15",
                      "date_echeance": "2018-02-14"}],
        "evenements": [{"type": "mise_en_demeure", "date": "2018-03-05", "forme": "lrar"}],
        "titres": [titre],
        "paiements": [{"date": "2019-12-31", "montant": 8000}, {"date": "2021-01-15", "montant": 4000}],
    }


def sommes(d: dict, as_of: date = AS_OF):
    m = Dossier.model_validate(d)
    return sommes_dues_au_titre(m.titres[0], 0, m, as_of, "autres_cas")


def test_2019_judgment_payments_go_to_interest_first():
    # Enforceability: instance of 1 Oct 2018 (before 2020, décret 2019-1333 art. 55 II): service 3 June 2019 + one
    # month appeal period (CPC 528, 538, 641) = Wednesday 3 July 2019 → enforceable 4 July 2019 (CPC 500, 501);
    # L313-3: 4 July + 2 months = 4 Sept → +5 points from 5 Sept 2019. Interest (1231-7) from 16 May 2019 on the
    # principal AND on the art. 700 award and the costs (Cass. 2e civ., 6 May 1999, n° 96-20.827; costs: reading).
    # Accrued by 31/12/2019 (46 d × 0,86 %, 66 d × 0,87 %, 118 d × 5,87 %):
    #   40 000 €: 43,35 + 62,93 + 759,08 ; 2 000 €: 2,17 + 3,15 + 37,95 ; 400 €: 0,43 + 0,63 + 7,59 → 917,28 €.
    # C. civ. 1343-1: the 8 000 € of 31/12/2019 pay these 917,28 first, then the art. 700 and the costs (2 400 €,
    # accessories of the debt: Cass. 1re civ., 7 Feb 1995, n° 92-14.216), then 4 682,72 of principal → 35 317,28.
    # To 15/01/2021 on 35 317,28: 182 d × 5,87 % = 1 033,72 ; 184 d × 5,84 % = 1 039,74 ; 15 d × 5,79 % = 84,04
    #   → 2 157,50 €; the 4 000 € pay them, then 1 842,50 of principal → 33 474,78 €.
    # From 16/01/2021 on 33 474,78 (no payment, no act since 15/01/2021): 165 d × 5,79 % = 876,17 (16/01 → 29/06/2021)
    #   is more than five years old at 30/06/2026: prescribed (C. civ. 2224; Cass. avis 4 July 2016). Due:
    #   30/06/2021 1 d × 5,79 = 5,31 ; 2021-S2 184 × 5,76 = 972,00 ; 2022: 181 × 5,76 = 956,15, 184 × 5,77 = 973,69 ;
    #   2023: 181 × 7,06 = 1 171,95, 184 × 9,22 = 1 555,87 ; 2024: 182 × 10,07 = 1 680,84, 184 × 9,92 = 1 674,00 ;
    #   2025: 181 × 8,71 = 1 445,84, 184 × 7,76 = 1 309,50 ; 2026-S1 181 × 7,62 = 1 264,91 → 13 010,06 €.
    # Total: 33 474,78 + 13 010,06 = 46 484,84 €.
    s = sommes(jugement_2019())
    assert s.date_majoration == date(2019, 9, 5)
    assert [(i["aux_interets"], i["aux_frais"], i["au_principal"]) for i in s.imputations] == [
        (Decimal("917.28"), Decimal("2400.00"), Decimal("4682.72")),
        (Decimal("2157.50"), Decimal("0.00"), Decimal("1842.50"))]
    assert s.principal_restant == Decimal("33474.78") and s.frais == 0
    assert s.interets_prescrits == Decimal("876.17") and s.limite_arrieres == date(2021, 6, 30)
    assert s.interets_dus == Decimal("13010.06") and s.total == Decimal("46484.84")
    # The other reading (art. 700 and costs are distinct debts, paid after the principal): the 8 000 € pay the
    # 917,28 of interest then 7 082,72 of principal (32 917,28), the costs stay; the bases add up to the same sum,
    # so the figure differs only by the rounding of the lines: 31 074,79 + 2 400 + 13 010,02 = 46 484,81 €.
    assert s.autre_lecture["total"] == Decimal("46484.81")
    assert s.autre_lecture["principal_restant"] == Decimal("31074.79") and s.autre_lecture["frais"] == Decimal("2400.00")
    # The pre-issue-20 figure (payments on the principal, the invoices' default, costs without interest) was
    # 28 000 + 2 400 + 10 882,26 = 41 282,26 €, 3 553,08 € of interest being declared prescribed: not any more.
    assert s.total > Decimal("41282.26")


def test_the_assessment_carries_the_same_figure_and_the_l111_4_deadline():
    a = evaluate(jugement_2019(), AS_OF, engine="python")
    assert a.finding("sommes_dues_au_titre").value == Decimal("46484.84") == a.finding("decompte_creance").value
    (x,) = a.actions_of("executer_titre")
    # CPCE L111-4: ten years from the day the decision became enforceable (4 July 2019), interrupted by each partial
    # payment, an acknowledgment (C. civ. 2240): a new ten years from 15 Jan 2021 (2231), the start day counted
    # (prudent reading, C. civ. 2228-2229) → last day 14 Jan 2031.
    assert x.amount == Decimal("46484.84") and x.deadline == date(2031, 1, 14)
    assert {"cpce_l111_4", "c_civ_2244", "c_civ_2231"} <= {c.key for c in x.citations}
    codes = [w.code for w in a.warnings]
    assert "imputation_autre_lecture" in codes
    assert any("46 484,81" in w.message.replace("\u202f", " ") for w in a.warnings if w.code == "imputation_autre_lecture")
    # The interest on the costs is a reading: flagged with its amount. Here the 8 000 € of 31/12/2019 paid the costs
    # and their interest (400 € × 46 d × 0,86 % = 0,43 ; × 66 d × 0,87 % = 0,63 ; × 118 d × 5,87 % = 7,59 → 8,65 €).
    assert any("dépens" in w.message and "8,65" in w.message for w in a.warnings if w.code == "droit_incertain")


def test_an_imputation_agreed_with_the_creditor_is_followed_and_the_1343_1_figure_shown():
    # titres[].imputation_paiements = principal_d_abord (the creditor agreed): both payments go to the principal
    # (40 000 − 8 000 − 4 000 = 28 000), the costs (2 400) and all interest stay unpaid. Interest before 30/06/2021,
    # more than five years old and not acknowledged since 15/01/2021, is prescribed (C. civ. 2224):
    #   principal: 43,35 + 62,93 + 759,08 (40 000 to 31/12/2019) + 936,63 + 942,08 + 76,14 (32 000 to 15/01/2021)
    #     + 732,87 (28 000, 165 d × 5,79 %) = 3 553,08 ; art. 700: 2,17 + 3,15 + 37,95 + 58,54 + 58,88 + 4,76 + 52,35
    #     = 217,80 ; costs: 0,43 + 0,63 + 7,59 + 11,71 + 11,78 + 0,95 + 10,47 = 43,56 → 3 814,44 €.
    # Due from 30/06/2021 to 30/06/2026 on 28 000 + 2 000 + 400 (same rates as above): 11 815,00 €.
    # 28 000 + 2 400 + 11 815,00 = 42 215,00 €; the 1343-1 reading (46 484,84 €) is shown beside it.
    s = sommes(jugement_2019(imputation_paiements="principal_d_abord"))
    assert s.principal_restant == Decimal("28000.00") and s.frais == Decimal("2400.00")
    assert s.interets_prescrits == Decimal("3814.44") and s.total == Decimal("42215.00")
    assert s.autre_lecture["total"] == Decimal("46484.84")


def test_a_judgment_three_quarters_unpaid_with_an_enforcement_act_in_2020_still_gets_its_action():
    # Judgment of 15 March 2018 (instance 2017): service 3 April 2018 + 1 month = Thursday 3 May → enforceable
    # 4 May 2018; +5 points from 5 July 2018 (L313-3). Interest to 1 Feb 2019 on 20 000 €: 107 d × 0,89 % = 52,18 ;
    # 4 d × 0,88 % = 1,93 ; 180 d × 5,88 % = 579,95 ; 32 d × 5,86 % = 102,75 → 736,81 ; the 5 000 € pay them first
    # (1343-1), then 4 263,19 of principal → 15 736,81 € (three quarters unpaid).
    # The enforcement act of 15 Sept 2020 interrupted the ten years (C. civ. 2244) and started new ones (2231):
    # last day 14 Sept 2030. The action is recommended, with that deadline, although an act was done.
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel", "commercant": True},
         "factures": [{"numero": "F1", "montant_ttc": 20000, "date_emission": "2017-01-10", "date_echeance": "2017-02-09"}],
         "titres": [{"nature": "jugement", "date": "2018-03-15", "date_introduction_instance": "2017-06-01",
                     "date_signification": "2018-04-03", "condamnation": {"principal": 20000}}],
         "paiements": [{"date": "2019-02-01", "montant": 5000}],
         "evenements": [{"type": "acte_execution", "date": "2020-09-15"}]}
    a = evaluate(d, AS_OF, engine="python")
    s = a.finding("sommes_dues_au_titre")
    assert s.details[0]["principal_restant"] == Decimal("15736.81")
    (x,) = a.actions_of("executer_titre")
    assert x.deadline == date(2030, 9, 14) and x.amount == s.value == a.finding("decompte_creance").value
    assert "cpce_l111_4" in {c.key for c in x.citations}


def test_a_judgment_given_by_its_date_only_claims_no_invoice_accessory_on_top():
    # B2B, invoice 25 000 € due 9 Feb 2022, judgment (event titre_executoire) of 1 Feb 2023, its condemnation not
    # described. CPCE L111-3: the judgment replaces the invoice; what it awarded (pre-judgment penalties? 1231-7
    # interest?) is unknown: principal only, 25 000 € (a floor), no L441-10 penalties, no 40 € (D441-5), and a
    # warning asks to describe the title. L111-4: ten years from 1 Feb 2023 (date taken as its service), start day
    # counted → 31 Jan 2033.
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel", "commercant": True},
         "factures": [{"numero": "F1", "montant_ttc": 25000, "date_emission": "2022-01-10", "date_echeance": "2022-02-09"}],
         "evenements": [{"type": "mise_en_demeure", "date": "2022-03-01", "forme": "lrar"},
                        {"type": "demande_en_justice", "date": "2022-06-01"},
                        {"type": "titre_executoire", "date": "2023-02-01"}]}
    a = evaluate(d, "2025-06-30", engine="python")
    assert a.finding("decompte_creance").value == Decimal("25000.00") == a.amounts.montant_reclame
    assert a.finding("penalites_de_retard_dues") is None and a.finding("indemnite_forfaitaire_due") is None
    (x,) = a.actions_of("executer_titre")
    assert x.amount == Decimal("25000.00") and x.deadline == date(2033, 1, 31)
    assert "titre_sans_condamnation" in {w.code for w in a.warnings}
    # An invoice falling due after the judgment is not covered by it: its own penalties and 40 € still run.
    d["factures"].append({"numero": "F2", "montant_ttc": 1000, "date_emission": "2025-03-03", "date_echeance": "2025-04-02"})
    b = evaluate(d, "2025-06-30", engine="python")
    assert b.finding("indemnite_forfaitaire_due").value == Decimal("40.00")


@settings(deadline=None)
@given(paiements=st.lists(st.tuples(st.integers(1, 2500), st.integers(1, 9000)), min_size=1, max_size=4),
       apres=st.integers(0, 2600))
def test_a_payment_after_a_title_never_leaves_prescribed_interest_1343_1_would_have_paid(paiements, apres):
    # C. civ. 1343-1: a payment pays the interest accrued to its day before anything else. So in the default reading,
    # a payment that reached the costs or the principal has paid every interest line accrued by its day: none of
    # those lines is ever declared prescribed (2224), whatever happens later; and its interest part is exactly
    # the interest then unpaid, up to the payment.
    debut = date(2016, 3, 15)
    d = jugement_2019(date=debut.isoformat(), date_introduction_instance="2015-10-01", date_signification="2016-04-04")
    d["paiements"] = [{"date": (debut + timedelta(days=j)).isoformat(), "montant": mt} for j, mt in paiements]
    as_of = min(debut + timedelta(days=max(j for j, _ in paiements) + apres), AS_OF)
    s = sommes(d, as_of)
    for imp in s.imputations:
        if imp["au_principal"] > 0 or imp["aux_frais"] > 0:
            anterieures = [ln for ln in s.lignes if ln["au"] <= imp["date"]]
            assert all(ln["statut"] == "paye" for ln in anterieures)
    assert all(not (ln["statut"] == "prescrit" and ln["paye"] == ln["montant"]) for ln in s.lignes)
