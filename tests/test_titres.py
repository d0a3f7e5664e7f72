"""Titles (titres[]): when a title becomes enforceable, what it makes due, what it replaces.

Every expected figure is computed by hand in the comment above its assertion, from the law named there
and the published legal rates (« autres cas », CMF L313-2 / D313-1-A): 2016-S1 1,01 %, 2016-S2 0,93 %,
2017 0,90 % / 0,90 %, 2018 0,89 % / 0,88 %, 2019 0,86 % / 0,87 %, 2020 0,87 % / 0,84 %,
2021 0,79 % / 0,76 %, 2022 0,76 % / 0,77 %, 2023 2,06 % / 4,22 %, 2024 5,07 % / 4,92 %, 2025-S1 3,71 %.
Interest: base × rate × days / 36 500, rounded to the cent per line (service-public F20688).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules._base.errors import DossierInvalide
from creances_rules.models.dossier import Dossier
from creances_rules.institutions.sommes_des_titres import sommes_dues_au_titre
from creances_rules.institutions.titres import force_executoire

ENGINES = ["python", pytest.param("durable", marks=pytest.mark.skipif(
    not durable_engine.available(), reason="durable-rules indisponible"))]


def dossier(**over) -> dict:
    base = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel", "commercant": True},
        "factures": [{"numero": "F1", "montant_ttc": 20000, "date_emission": "2015-03-02",
                      "date_echeance": "2015-04-01"}],
        "titres": [{"nature": "jugement", "date": "2016-03-15", "date_introduction_instance": "2015-10-01",
                    "date_signification": "2016-04-04",
                    "condamnation": {"principal": 20000, "article_700": 1500, "depens": 300}}],
    }
    base.update(over)
    return base


def titre(d: dict, i: int = 0):
    m = Dossier.model_validate(d)
    return m, m.titres[i]


# ------------------------------------------------------------------------------------ the 2016 judgment in 2025


@pytest.mark.parametrize("engine", ENGINES)
def test_2016_judgment_evaluated_in_2025(engine):
    a = evaluate(dossier(), "2025-06-30", engine=engine)
    # Enforceability: instance introduced 1 Oct 2015, before 1 Jan 2020 (décret 2019-1333 art. 55 II): no
    # provisional execution as of right. Service 4 Apr 2016 (CPC 528) + one month appeal period (CPC 538,
    # 641) = Wednesday 4 May 2016; with no appeal the judgment has force de chose jugée (CPC 500) and is
    # enforceable (CPC 501) from the next day, 5 May 2016.
    f = a.finding("titre_executoire_obtenu")
    assert f.value == date(2016, 5, 5) and f.since == date(2016, 3, 15)
    # CPCE L111-4: ten years from the day the served decision became enforceable (Cass. 2e civ., 5 Oct 2023,
    # n° 20-23.523): 5 May 2016 → last day 4 May 2026 (the library counts the starting day, C. civ. 2229).
    assert f.details[0]["execution_possible_jusqu_au"] == date(2026, 5, 4)
    assert a.finding("date_prescription").value == date(2026, 5, 4)
    s = a.finding("sommes_dues_au_titre")
    d = s.details[0]
    # CMF L313-3: +5 points two months after the decision became enforceable: 5 May + 2 months = 5 July
    # 2016, increased rate from 6 July 2016.
    assert d["date_majoration"] == date(2016, 7, 6)
    # C. civ. 2224 (Cass. ass. plén. 10 June 2005; Cass. avis 4 July 2016): post-judgment interest is a
    # periodic claim; with no interrupting act, the interest of a day is lost five years later. At 30 June
    # 2025, the interest of 30 June 2020 is still claimable at the latest reading, the day before is not.
    assert d["limite_arrieres"] == date(2020, 6, 30)
    # Claimable interest, 20 000 € at the legal rate + 5 points, 30/06/2020 → 30/06/2025:
    #   30/06/2020 1 d × 5,87 % = 3,22 ; 2020-S2 184 d × 5,84 % = 588,80 ; 2021-S1 181 × 5,79 = 574,24 ;
    #   2021-S2 184 × 5,76 = 580,73 ; 2022-S1 181 × 5,76 = 571,27 ; 2022-S2 184 × 5,77 = 581,74 ;
    #   2023-S1 181 × 7,06 = 700,20 ; 2023-S2 184 × 9,22 = 929,58 ; 2024-S1 182 × 10,07 = 1 004,24 ;
    #   2024-S2 184 × 9,92 = 1 000,15 ; 2025-S1 181 × 8,71 = 863,84 → 7 398,01 €.
    # C. civ. 1231-7 (« toute condamnation à une indemnité », Cass. 2e civ., 6 May 1999, n° 96-20.827): the
    # art. 700 award (1 500 €) and the costs (300 €, a reading flagged droit_incertain) bear interest too, same
    # days and rates (+5 points, CMF L313-3), each line rounded to the cent:
    #   1 500 €: 0,24 + 44,16 + 43,07 + 43,56 + 42,84 + 43,63 + 52,51 + 69,72 + 75,32 + 75,01 + 64,79 = 554,85 ;
    #   300 €:   0,05 + 8,83 + 8,61 + 8,71 + 8,57 + 8,73 + 10,50 + 13,94 + 15,06 + 15,00 + 12,96 = 110,96 ;
    #   7 398,01 + 554,85 + 110,96 = 8 063,82 €.
    assert d["interets_dus"] == Decimal("8063.82")
    # Interest lost (16/03/2016 → 29/06/2020) on 20 000 €: 107 d × 1,01 % = 59,22 ; 5 d × 0,93 % = 2,55 ;
    #   179 d × 5,93 % = 581,63 ; 2017: 181 × 5,90 = 585,15 and 184 × 5,90 = 594,85 ;
    #   2018: 181 × 5,89 = 584,16 and 184 × 5,88 = 592,83 ; 2019: 181 × 5,86 = 581,18 and 184 × 5,87 = 591,82 ;
    #   01/01 → 29/06/2020 181 × 5,87 = 582,18 → 4 755,57 € ; same lines on 1 500 € → 356,66 and on 300 € → 71,33
    #   (4,44 + 0,19 + 43,62 + 43,89 + 44,61 + 43,81 + 44,46 + 43,59 + 44,39 + 43,66 ; 0,89 + 0,04 + 8,72 + 8,78 +
    #   8,92 + 8,76 + 8,89 + 8,72 + 8,88 + 8,73) → 5 183,56 €.
    assert d["interets_prescrits"] == Decimal("5183.56")
    # Sums due: principal 20 000 + art. 700 1 500 + costs 300 + interest 8 063,82 = 29 863,82 €.
    assert s.value == Decimal("29863.82")
    rates = {(ln["du"], ln["taux"]) for ln in d["lignes"]}
    assert (date(2016, 7, 6), Decimal("5.93")) in rates  # 0,93 % + 5 points from 6 July 2016
    # CPCE L111-3: the title replaces the invoice it covers: no L441-10 penalties, no 40 € indemnity on top
    # (without the title, 2015-2025 penalties on 20 000 € would run to tens of thousands of euros).
    assert a.finding("penalites_de_retard_dues") is None and a.finding("indemnite_forfaitaire_due") is None
    assert "reclamer_penalites_et_indemnite" not in {x.code for x in a.actions}
    # One claim, one amount: the décompte carries the title's lines, and executer_titre carries its total.
    dec = a.finding("decompte_creance")
    assert dec.value == Decimal("29863.82") == a.amounts.montant_reclame
    assert sum((ln.montant for ln in dec.details.lignes), Decimal("0")) == dec.value
    assert {ln.facture for ln in dec.details.lignes} == {None}  # F1 itself no longer appears
    executer = next(x for x in a.actions if x.code == "executer_titre")
    assert executer.amount == dec.value
    # No reminder or formal notice after a judgment: the claim went to court (instance of 1 Oct 2015).
    assert not {"envoyer_relance", "envoyer_mise_en_demeure"} & {x.code for x in a.actions}


def test_interrupting_act_keeps_all_post_judgment_interest():
    # C. civ. 2244: an enforcement act on 1 March 2021 interrupts the prescription of every day of interest
    # then less than five years old (all of them since 16 March 2016), and a new five years run to
    # 1 March 2026: nothing is lost at 30 June 2025. Same lines as above, except that 2020-S1 is one line
    # (182 d × 5,87 % = 585,39 instead of 582,18 + 3,22): 4 755,57 − 582,18 + 585,39 + 7 398,01 − 3,22
    # = 12 153,57 € on the principal ; the same on the art. 700 award (1 500 €: 356,66 − 43,66 + 43,90 + 554,85
    # − 0,24 = 911,51) and the costs (300 €: 71,33 − 8,73 + 8,78 + 110,96 − 0,05 = 182,29) → 13 247,37 €.
    d = dossier(evenements=[{"type": "acte_execution", "date": "2021-03-01"}])
    m, t = titre(d)
    s = sommes_dues_au_titre(t, 0, m, date(2025, 6, 30), "autres_cas")
    assert s.interets_prescrits == 0 and s.interets_dus == Decimal("13247.37")


# ------------------------------------------------------------------------------------ enforceability by date


def test_proceeding_begun_after_2020_is_enforceable_on_service():
    # CPC 514 (décret 2019-1333, art. 3 and 55 II): instance introduced 1 Sept 2020 → first-instance decision
    # enforceable as of right, against the debtor from its service (CPC 503), 5 July 2021.
    # L313-3: 5 July + 2 months = 5 Sept 2021, increased rate from 6 Sept 2021.
    m, t = titre(dossier(titres=[{"nature": "jugement", "date": "2021-06-15", "date_introduction_instance": "2020-09-01",
                                  "date_signification": "2021-07-05", "condamnation": {"principal": 10000}}]))
    f = force_executoire(t, m, date(2022, 1, 1))
    assert f.date == date(2021, 7, 5) and f.regime == "execution_provisoire_de_droit"
    assert sommes_dues_au_titre(t, 0, m, date(2022, 1, 1), "autres_cas").date_majoration == date(2021, 9, 6)


def test_proceeding_begun_before_2020_is_enforceable_after_the_appeal_period():
    # Same judgment, instance introduced 15 Nov 2019: old CPC 514 (provisional execution only if ordered).
    # Service 5 July 2021 + one month (CPC 538) = Thursday 5 August 2021; enforceable 6 August (CPC 500-501).
    # L313-3: 6 Aug + 2 months = 6 Oct 2021 → increased from 7 Oct 2021.
    m, t = titre(dossier(titres=[{"nature": "jugement", "date": "2021-06-15", "date_introduction_instance": "2019-11-15",
                                  "date_signification": "2021-07-05", "condamnation": {"principal": 10000}}]))
    f = force_executoire(t, m, date(2022, 1, 1))
    assert f.date == date(2021, 8, 6) and f.regime == "force_de_chose_jugee"
    assert sommes_dues_au_titre(t, 0, m, date(2022, 1, 1), "autres_cas").date_majoration == date(2021, 10, 7)


def test_provisional_execution_ordered_before_2020_and_excluded_after():
    base = {"nature": "jugement", "date": "2021-06-15", "date_signification": "2021-07-05",
            "condamnation": {"principal": 10000}}
    # CPC 501: ordered provisional execution → enforceable on service (CPC 503), 5 July 2021.
    m, t = titre(dossier(titres=[{**base, "date_introduction_instance": "2019-11-15", "execution_provisoire": True}]))
    assert force_executoire(t, m, date(2022, 1, 1)).date == date(2021, 7, 5)
    # CPC 514-1: the judge excluded it → enforceable at force de chose jugée, 6 August 2021 (as above).
    m, t = titre(dossier(titres=[{**base, "date_introduction_instance": "2020-09-01", "execution_provisoire": False}]))
    assert force_executoire(t, m, date(2022, 1, 1)).date == date(2021, 8, 6)


def test_appeal_suspends_an_old_regime_judgment_and_unserved_judgment_is_not_enforceable():
    # CPC 539: an appeal lodged within the period suspends execution (no provisional execution).
    m, t = titre(dossier(titres=[{"nature": "jugement", "date": "2019-06-03", "date_signification": "2019-06-20",
                                  "appel": "2019-07-10", "condamnation": {"principal": 1000}}]))
    assert force_executoire(t, m, date(2020, 1, 1)).date is None
    # CPC 503: not served → cannot be enforced against the debtor; the library asks to serve it.
    a = evaluate(dossier(titres=[{"nature": "jugement", "date": "2024-03-15", "date_introduction_instance": "2023-05-02",
                                  "condamnation": {"principal": 20000}}]), "2024-06-01", engine="python")
    assert a.finding("titre_executoire_obtenu").value is True
    assert "signifier_titre" in {x.code for x in a.actions}
    assert "executer_titre" not in {x.code for x in a.actions}


def test_unknown_instance_date_after_2020_takes_the_later_rule_and_says_so():
    # Decision of 2022, instance date unknown and no court claim in the dossier: the pre-2020 rule gives the
    # later date (service 1 March 2022 + 1 month = Friday 1 April 2022 → 2 April 2022), and a warning says
    # that under CPC 514 it would be enforceable from 1 March 2022.
    m, t = titre(dossier(titres=[{"nature": "jugement", "date": "2022-02-01", "date_signification": "2022-03-01",
                                  "condamnation": {"principal": 1000}}]))
    f = force_executoire(t, m, date(2023, 1, 1))
    assert f.date == date(2022, 4, 2) and any("1er janvier 2020" in w for w in f.avertissements)


# ------------------------------------------------------------------------------------ payments, rates


def _notarie(imputation: str | None) -> dict:
    return dossier(paiements=[{"date": "2024-07-01", "montant": 3000}],
                   titres=[{"nature": "acte_notarie", "date": "2024-01-01", "imputation_paiements": imputation,
                            "condamnation": {"principal": 10000,
                                             "interets": {"taux": "conventionnel", "taux_conventionnel": 10}}}])


def test_payment_after_the_title_interest_first():
    # Notarial deed (CPCE L111-3 4°), 10 000 € at a conventional 10 %, no L313-3 (not a court decision).
    # 02/01 → 01/07/2024, 182 days: 10 000 × 10 × 182 / 36 500 = 498,63. C. civ. 1343-1: the 3 000 € paid on
    # 1 July pay these 498,63 first, then 2 501,37 of principal → 7 498,63. 02/07 → 31/12/2024, 183 days:
    # 7 498,63 × 10 × 183 / 36 500 = 375,96. Due: 7 498,63 + 375,96 = 7 874,59 €.
    # The default (no imputation agreed for the title): 1343-1. The invoices' contrat.imputation_paiements does not
    # speak for the title.
    for imputation, contrat in ((None, "principal_d_abord"), ("interets_d_abord", "principal_d_abord")):
        d = _notarie(imputation)
        d["contrat"] = {"imputation_paiements": contrat}
        m, t = titre(d)
        s = sommes_dues_au_titre(t, 0, m, date(2024, 12, 31), "autres_cas")
        assert s.date_majoration is None and s.principal_restant == Decimal("7498.63")
        assert s.total == Decimal("7874.59")


def test_payment_after_the_title_principal_first():
    # Imputation agreed with the creditor (titres[].imputation_paiements): the 3 000 € go to the principal → 7 000 ; interest 498,63 stays
    # due ; 183 days on 7 000: 7 000 × 10 × 183 / 36 500 = 350,96. Due: 7 000 + 498,63 + 350,96 = 7 849,59 €.
    m, t = titre(_notarie("principal_d_abord"))
    assert sommes_dues_au_titre(t, 0, m, date(2024, 12, 31), "autres_cas").total == Decimal("7849.59")


def test_conventional_rate_without_rate_is_a_french_error_naming_the_field():
    bad = dossier(titres=[{"nature": "jugement", "date": "2024-01-15",
                           "condamnation": {"principal": 100, "interets": {"taux": "conventionnel"}}}])
    with pytest.raises(DossierInvalide, match="taux_conventionnel"):
        evaluate(bad, "2024-06-01")


def test_event_form_still_works():
    # The plain event (date only) keeps its reading: the date the decision became enforceable; no sums.
    d = dossier(titres=[], evenements=[{"type": "titre_executoire", "date": "2024-03-01"}])
    a = evaluate(d, "2024-06-01", engine="python")
    assert a.finding("titre_executoire_obtenu").value == date(2024, 3, 1)
    assert a.finding("sommes_dues_au_titre") is None
    assert any(w.code == "titre_sans_condamnation" for w in a.warnings)


def test_partial_payment_is_an_acknowledgment_that_keeps_interest_alive():
    # C. civ. 2240: a partial payment acknowledges the debt and interrupts prescription. 50 € paid on
    # 1 March 2021 (principal first, principal_d_abord) interrupts the five years for every day of interest
    # then less than five years old — all since 16 March 2016 — so at 30 June 2025 nothing is prescribed,
    # whereas without it the interest before 30 June 2020 (4 755,57 €) is lost (test above).
    d = dossier(paiements=[{"date": "2021-03-01", "montant": 50}])
    m, t = titre(d)
    s = sommes_dues_au_titre(t, 0, m, date(2025, 6, 30), "autres_cas")
    assert s.interets_prescrits == 0 and s.limite_arrieres is None


def test_title_covering_one_invoice_leaves_the_other_running():
    # The title covers F1 only; F2 (5 000 €, due 1 March 2025) keeps its own L441-10 penalties and 40 €.
    # The décompte is the title's sums plus F2's own décompte, computed alone (same law, F2 only).
    f2 = {"numero": "F2", "montant_ttc": 5000, "date_emission": "2025-01-30", "date_echeance": "2025-03-01"}
    base = dossier()
    base["factures"] = [*base["factures"], f2]
    base["titres"][0]["factures"] = ["F1"]
    a = evaluate(base, "2025-06-30", engine="python")
    seul = evaluate(dossier(factures=[f2], titres=[]), "2025-06-30", engine="python")
    titre_seul = a.finding("sommes_dues_au_titre").value
    assert titre_seul == Decimal("29863.82")  # hand computation of the first test
    assert a.finding("decompte_creance").value == titre_seul + seul.finding("decompte_creance").value
    assert a.finding("indemnite_forfaitaire_due").value == Decimal("40.00")  # F2 only (D441-5)
