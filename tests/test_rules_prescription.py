"""Prescription in the rule base: which regime applies, the last day to act, and what to do.

Every expected date is computed by hand with the library's convention (C. civ. 2228-2229, as applied
by Cass. 1re civ., 12 déc. 2018, n° 17-25.697): the start day counts as the first day, so a period of
N years opened on day D ends on D + N years − 1 day, at midnight, never moved for a weekend or a
public holiday. The arithmetic is in a comment above each assertion.
"""

from __future__ import annotations

from datetime import date

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules.institutions.prescription_des_creances import REGIMES, regime_du_code
from creances_rules.law.prescription import PrescriptionInvalide

COMMERCANT = {"qualite": "professionnel", "commercant": True}
PRO = {"qualite": "professionnel"}
CONSO = {"qualite": "consommateur"}


def facture(numero="F1", montant=8000, emission="2020-03-01", echeance="2020-03-31", **autres) -> dict:
    out = {"numero": numero, "montant_ttc": montant, "date_emission": emission, **autres}
    if echeance is not None:
        out["date_echeance"] = echeance
    return out


def dossier(creancier=COMMERCANT, debiteur=COMMERCANT, factures=None, evenements=(), paiements=(), **autres) -> dict:
    return {
        "creancier": creancier,
        "debiteur": debiteur,
        "factures": factures or [facture()],
        "evenements": list(evenements),
        "paiements": list(paiements),
        **autres,
    }


def ev(type_: str, jour: str, **autres) -> dict:
    return {"type": type_, "date": jour, **autres}


def run(d: dict, as_of: str, engine: str = "python"):
    return evaluate(d, as_of, engine=engine)


def regime(a) -> str | None:
    fired = {t.rule for t in a.trace if t.status == "fired" and t.phase == "qualification"}
    regimes = [r for r in fired if r.startswith("prescription.regime_") or r == "prescription.duree_contractuelle_2254"]
    assert len(regimes) <= 1, regimes
    return regimes[0] if regimes else None


def value(a, code):
    f = a.finding(code)
    return f.value if f else None


def action(a, code):
    found = [x for x in a.actions if x.code == code and x.rule.startswith("prescription.")]
    assert len(found) <= 1
    return found[0] if found else None


def warning_rules(a) -> set[str]:
    return {w.rule for w in a.warnings if w.rule}


# ----------------------------------------------------------------------------- regimes


def test_b2b_between_merchants_l110_4_last_day_is_the_day_before_the_anniversary():
    # C. com. L110-4, 5 years. Stipulated due date 31/03/2020: a claim with a term, prescription runs from
    # the due date (C. civ. 2233 3°). 31/03/2020 + 5 years = 31/03/2025, − 1 day = 30/03/2025 (a Sunday:
    # not moved to Monday 31/03, CPC 641-642 do not apply to prescription).
    a = run(dossier(), "2024-12-02")
    assert regime(a) == "prescription.regime_l110_4"
    f = a.finding("date_prescription")
    assert (f.value, f.since) == (date(2025, 3, 30), date(2020, 3, 31))
    assert date(2025, 3, 30).weekday() == 6
    assert {(c.code, c.article) for c in f.citations} >= {("C. com.", "L110-4"), ("C. civ.", "2228"), ("C. civ.", "2229")}
    assert f.details["regime"] == "c_com_l110_4" and f.details["determinante"] == "facture F1"
    (ligne,) = f.details["lignes"]
    assert "2233" in ligne["fondement_depart"] and ligne["trace"][0]["nature"] == "depart"
    # 02/12/2024 → 30/03/2025 = 3 months and 28 days (< 6): urgent, priority 5, deadline = the last day.
    x = action(a, "interrompre_prescription")
    assert (x.priority, x.deadline, x.rule) == (5, date(2025, 3, 30), "prescription.interrompre_urgent")
    assert "17-25.697" in x.deadline_basis and "642" in x.deadline_basis
    assert x.purpose.index("2241") < x.purpose.index("2244") < x.purpose.index("2240")
    assert a.finding("prescription_acquise") is None


def test_professionals_not_known_as_merchants_fall_under_2224_with_the_same_date():
    # C. civ. 2224, 5 years from the due date: 30/03/2025 as above; no mixed-act warning.
    a = run(dossier(creancier=PRO, debiteur=PRO), "2024-12-02")
    assert regime(a) == "prescription.regime_2224"
    assert value(a, "date_prescription") == date(2025, 3, 30)
    assert "prescription.acte_mixte" not in warning_rules(a)


def test_mixed_act_debtor_merchant_l110_4_is_flagged():
    # A private creditor, a merchant debtor: L110-4 ("entre commerçants et non-commerçants"), flagged.
    a = run(dossier(creancier={"qualite": "particulier"}, debiteur=COMMERCANT), "2024-12-02")
    assert regime(a) == "prescription.regime_l110_4"
    assert "prescription.acte_mixte" in warning_rules(a)
    assert value(a, "date_prescription") == date(2025, 3, 30)


def test_consumer_invoice_two_years_l218_2():
    # C. conso. L218-2: services invoice due 15/03/2024 → 15/03/2026 − 1 day = 14/03/2026.
    # 10/06/2025 → 14/03/2026 = 9 months 4 days (6 to 12 months): ordinary action, priority 60.
    d = dossier(creancier=PRO, debiteur=CONSO,
                factures=[facture("C1", 1200, "2024-02-15", "2024-03-15", nature="services")])
    a = run(d, "2025-06-10")
    assert regime(a) == "prescription.regime_l218_2"
    assert value(a, "date_prescription") == date(2026, 3, 14)
    x = action(a, "interrompre_prescription")
    assert (x.priority, x.deadline, x.rule) == (60, date(2026, 3, 14), "prescription.interrompre")
    assert x.purpose.index("2240") < x.purpose.index("2241") < x.purpose.index("2244")
    assert "prescription.nature_supposee_l218_2" not in warning_rules(a)


def test_more_than_a_year_left_gives_the_date_but_no_action():
    # Same invoice on 10/01/2025: 14 months left → finding only.
    d = dossier(creancier=PRO, debiteur=CONSO,
                factures=[facture("C1", 1200, "2024-02-15", "2024-03-15", nature="services")])
    a = run(d, "2025-01-10")
    assert value(a, "date_prescription") == date(2026, 3, 14)
    assert action(a, "interrompre_prescription") is None


@pytest.mark.parametrize("creancier, debiteur", [
    (PRO, {"qualite": "non_professionnel"}),  # legal person not acting professionally (Civ. 3e, 17 févr. 2022)
    (PRO, PRO),                                # a person acting for business purposes
    ({"qualite": "particulier"}, {"qualite": "particulier"}),  # no professional creditor
])
def test_l218_2_does_not_apply_outside_professional_against_consumer(creancier, debiteur):
    # C. civ. 2224: 15/03/2024 + 5 years − 1 day = 14/03/2029.
    d = dossier(creancier=creancier, debiteur=debiteur,
                factures=[facture("C1", 1200, "2024-02-15", "2024-03-15", nature="services")])
    a = run(d, "2025-06-10")
    assert regime(a) == "prescription.regime_2224"
    assert value(a, "date_prescription") == date(2029, 3, 14)


def test_consumer_invoice_of_unknown_nature_gets_two_years_with_a_warning():
    d = dossier(creancier=PRO, debiteur=CONSO, factures=[facture("C1", 1200, "2024-02-15", "2024-03-15")])
    a = run(d, "2025-06-10")
    assert regime(a) == "prescription.regime_l218_2"
    assert "prescription.nature_supposee_l218_2" in warning_rules(a)


def test_consumer_loan_is_a_forclusion_that_an_acknowledgement_does_not_interrupt():
    # C. conso. R312-35: instalment due 05/02/2024 → 05/02/2026 − 1 day = 04/02/2026. The acknowledgement
    # of 10/01/2025 has no effect on a forclusion (C. civ. 2220): the date does not move.
    d = dossier(creancier=PRO, debiteur=CONSO, factures=[facture("P1", 300, "2024-01-20", "2024-02-05", nature="pret")],
                evenements=[ev("reconnaissance_de_dette", "2025-01-10")])
    a = run(d, "2025-06-01")
    assert regime(a) == "prescription.regime_r312_35"
    f = a.finding("date_prescription")
    assert f.value == date(2026, 2, 4) and f.details["nature"] == "forclusion"
    assert any("2220" in t["effet"] for t in f.details["lignes"][0]["trace"])
    # 01/06/2025 → 04/02/2026: 8 months, within the year: sue (2241) or enforce (2244), no acknowledgement.
    x = action(a, "interrompre_prescription")
    assert (x.rule, x.deadline) == ("prescription.interrompre_forclusion", date(2026, 2, 4))
    assert "prescription.credit_consommation_suppose" in warning_rules(a)


def test_rent_owed_by_a_consumer_is_a_housing_lease_three_years():
    # Loi n° 89-462, art. 7-1 (Cass. 3e civ., 26 janv. 2017): rent due 05/05/2023 → 05/05/2026 − 1 = 04/05/2026.
    d = dossier(creancier={"qualite": "particulier"}, debiteur={"qualite": "particulier"},
                factures=[facture("L1", 750, "2023-05-01", "2023-05-05", nature="loyer")])
    a = run(d, "2025-06-01")
    assert regime(a) == "prescription.regime_bail_habitation"
    assert value(a, "date_prescription") == date(2026, 5, 4)
    assert "prescription.bail_habitation_suppose" in warning_rules(a)
    texts = " ".join(w.message for w in a.warnings)
    assert "fournies par l'appelant" not in texts  # the calculator's generic « autre » warning is replaced


# ----------------------------------------------------------------------------- start date


def test_without_agreed_term_the_period_runs_from_completion_and_the_case_law_is_flagged():
    # Consumer, no due date, service performed 10/02/2024 (invoice issued 20/02): the period runs from
    # completion (Cass. 3e civ., 1er mars 2023): 10/02/2024 + 2 years − 1 day = 09/02/2026.
    d = dossier(creancier=PRO, debiteur=CONSO,
                factures=[facture("C1", 900, "2024-02-20", None, date_execution="2024-02-10", nature="services")])
    a = run(d, "2025-06-01")
    f = a.finding("date_prescription")
    assert (f.value, f.since) == (date(2026, 2, 9), date(2024, 2, 10))
    assert "achèvement" in f.details["lignes"][0]["fondement_depart"]
    assert "prescription.depart_achevement" in warning_rules(a)


def test_without_completion_date_the_invoice_date_is_assumed_and_said():
    # No term, no completion date: start assumed at issue 20/02/2024 → 19/02/2026, warned.
    d = dossier(creancier=PRO, debiteur=CONSO, factures=[facture("C1", 900, "2024-02-20", None, nature="services")])
    a = run(d, "2025-06-01")
    f = a.finding("date_prescription")
    assert f.value == date(2026, 2, 19)
    assert "prescription.depart_emission_suppose" in warning_rules(a)
    assert any("émission" in h for h in f.assumptions)


def test_the_earliest_unpaid_invoice_binds_and_each_invoice_is_detailed():
    # F1 due 31/03/2020 → 30/03/2025 ; F2 due 30/06/2021 → 29/06/2026 ; F0 paid in full on time (20/12/2019,
    # before its 31/12/2019 due date: no penalties, nothing left) is ignored. (Paid late, its L441-10 penalties
    # and 40 € would remain claimable and bind: see tests/test_decompte.py.)
    d = dossier(factures=[facture("F0", 100, "2019-12-01", "2019-12-31"), facture(),
                          facture("F2", 500, "2021-06-01", "2021-06-30")],
                paiements=[{"date": "2019-12-20", "montant": 100, "facture": "F0"}])
    a = run(d, "2024-12-02")
    f = a.finding("date_prescription")
    assert f.value == date(2025, 3, 30)
    assert [(x["facture"], x["date_limite"]) for x in f.details["lignes"]] == [
        ("F1", date(2025, 3, 30)), ("F2", date(2026, 6, 29))]


# ----------------------------------------------------------------------------- events


def test_acknowledgement_restarts_a_new_period():
    # 2240 + 2231: acknowledgement 10/03/2023 → new 5 years: 10/03/2028 − 1 day = 09/03/2028.
    a = run(dossier(evenements=[ev("reconnaissance_de_dette", "2023-03-10")]), "2026-11-22")
    f = a.finding("date_prescription")
    assert f.value == date(2028, 3, 9)
    assert [t["nature"] for t in f.details["lignes"][0]["trace"]] == ["depart", "interruption"]
    assert action(a, "interrompre_prescription") is None  # 15 months left


def test_partial_payment_interrupts_and_is_flagged():
    # Professionals, 2224. Due 31/01/2021 → 30/01/2026; payment of 2 000 € on 15/06/2022 counts as an
    # acknowledgement (case law) → 15/06/2022 + 5 years − 1 day = 14/06/2027. On 22/11/2026 the claim would
    # have been time-barred without it.
    d = dossier(creancier=PRO, debiteur=PRO, factures=[facture("F1", 10000, "2021-01-01", "2021-01-31")],
                paiements=[{"date": "2022-06-15", "montant": 2000}])
    a = run(d, "2026-11-22")
    assert value(a, "date_prescription") == date(2027, 6, 14)
    assert a.finding("prescription_acquise") is None
    assert any(w.code == "droit_incertain" and "Paiement partiel" in w.message for w in a.warnings)
    # 22/11/2026 → 14/06/2027 = 6 months 23 days: ordinary action.
    assert action(a, "interrompre_prescription").priority == 60


def test_a_payment_interrupts_only_the_invoice_it_is_imputed_to():
    # F1 (1 000 €, due 31/01/2021) receives 400 € on 15/06/2022 → F1: 14/06/2027. F2 (5 000 €, due
    # 31/03/2021) is not acknowledged by it → 30/03/2026, which binds.
    d = dossier(creancier=PRO, debiteur=PRO,
                factures=[facture("F1", 1000, "2021-01-01", "2021-01-31"), facture("F2", 5000, "2021-03-01", "2021-03-31")],
                paiements=[{"date": "2022-06-15", "montant": 400, "facture": "F1"}])
    a = run(d, "2025-11-22")
    f = a.finding("date_prescription")
    assert [(x["facture"], x["date_limite"]) for x in f.details["lignes"]] == [
        ("F1", date(2027, 6, 14)), ("F2", date(2026, 3, 30))]
    assert f.value == date(2026, 3, 30) and f.since == date(2021, 3, 31)
    assert any("s'impute" in h for h in f.assumptions)


def test_mise_en_demeure_and_sommation_have_no_effect_and_are_warned_once():
    a = run(dossier(evenements=[ev("mise_en_demeure", "2021-01-05", forme="lrar"),
                                ev("sommation", "2021-02-05", forme="acte_commissaire_de_justice")]), "2024-12-02")
    assert value(a, "date_prescription") == date(2025, 3, 30)
    about = [w for w in a.warnings if "n'interrompt pas la prescription" in w.message]
    assert [w.code for w in about] == ["mise_en_demeure_n_interrompt_pas_prescription"]


def test_pending_court_claim_no_date_and_a_warning():
    # Claim filed 01/06/2024, before the limit of 30/03/2025: the period does not run during the
    # proceedings (2242): no date, no action, not time-barred on 22/11/2026.
    a = run(dossier(evenements=[ev("demande_en_justice", "2024-06-01")]), "2026-11-22")
    assert a.finding("date_prescription") is None and a.finding("prescription_acquise") is None
    assert {w.code for w in a.warnings if w.rule == "prescription.instance_en_cours"} == {"prescription_ne_court_pas"}
    assert action(a, "interrompre_prescription") is None


def test_withdrawal_makes_the_interruption_void_and_the_claim_time_barred():
    # Withdrawal on 01/09/2025 (2243): as if the claim of 01/06/2024 had never been made: limit 30/03/2025
    # (prudent reading of 2228, start day counted); the other reading (start day not counted) ends on
    # 31/03/2025, so the claim is certainly time-barred only from 01/04/2025 (2229).
    a = run(dossier(evenements=[ev("demande_en_justice", "2024-06-01"), ev("desistement", "2025-09-01")]), "2026-11-22")
    assert value(a, "date_prescription") == date(2025, 3, 30)
    assert a.finding("prescription_acquise").since == date(2025, 4, 1)
    assert action(a, "ne_pas_agir_creance_prescrite") is not None


def test_injunction_order_interrupts_when_served_not_when_made():
    # Order made 02/05/2024, not yet served on 01/06/2024: no interruption, limit still 30/03/2025, warned.
    made = [ev("injonction_de_payer_rendue", "2024-05-02")]
    a = run(dossier(evenements=made), "2024-06-01")
    assert value(a, "date_prescription") == date(2025, 3, 30)
    assert "prescription.injonction_non_signifiee" in warning_rules(a)
    # Served 10/06/2024: a court claim (2241), the period stops running.
    b = run(dossier(evenements=made + [ev("injonction_de_payer_signifiee", "2024-06-10")]), "2024-07-01")
    assert b.finding("date_prescription") is None
    assert "prescription.instance_en_cours" in warning_rules(b)


def test_mediation_suspends_then_adds_the_suspended_days():
    # Mediation from 03/06/2024: suspended on 02/12/2024, no date.
    a = run(dossier(evenements=[ev("mediation_debut", "2024-06-03")]), "2024-12-02")
    assert a.finding("date_prescription") is None
    assert "prescription.suspension_en_cours" in warning_rules(a)
    # Ended 02/09/2024: 91 days suspended (03/06 → 02/09) added to 30/03/2025 = 29/06/2025; the six-month
    # floor (02/09/2024 + 6 months − 1 day = 01/03/2025) is earlier (C. civ. 2230, 2238).
    b = run(dossier(evenements=[ev("mediation_debut", "2024-06-03"), ev("mediation_fin", "2024-09-02")]), "2024-12-02")
    assert value(b, "date_prescription") == date(2025, 6, 29)


def test_collective_proceeding_declaration_interrupts_and_no_action_is_recommended():
    d = dossier(evenements=[ev("procedure_collective_ouverte", "2024-09-02"), ev("declaration_creance", "2024-10-15")],
                procedure_collective={"type": "redressement", "date_jugement": "2024-09-02"})
    a = run(d, "2024-12-02")
    assert a.finding("date_prescription") is None
    assert {"prescription.declaration_creance", "prescription.instance_en_cours"} <= warning_rules(a)
    assert action(a, "interrompre_prescription") is None


# ----------------------------------------------------------------------------- acquired


def test_time_barred_claim_do_not_act_and_no_amicable_step():
    # L110-4: due 31/01/2019 → 30/01/2024 (prudent reading); a reminder does not interrupt. The other
    # reading of 2228 ends on 31/01/2024: certainly time-barred from 01/02/2024.
    a = run(dossier(factures=[facture("F1", 3000, "2019-01-01", "2019-01-31")],
                    evenements=[ev("relance", "2019-02-15")]), "2025-06-01")
    p = a.finding("prescription_acquise")
    assert (p.value, p.since) == (True, date(2024, 2, 1))
    assert value(a, "date_prescription") == date(2024, 1, 30)
    x = action(a, "ne_pas_agir_creance_prescrite")
    assert x.priority == 1 and "2249" in x.purpose and "2247" in x.purpose
    assert {c.article for c in x.citations} >= {"2247", "2249", "2250", "2251"}
    codes = {y.code for y in a.actions}
    assert not codes & {"envoyer_relance", "relancer_par_telephone", "envoyer_mise_en_demeure", "interrompre_prescription"}


def test_same_claim_before_the_limit_keeps_the_amicable_sequence():
    # Negative case for the relances edit: on 01/06/2023 (7 months left) reminders are still recommended.
    a = run(dossier(factures=[facture("F1", 3000, "2019-01-01", "2019-01-31")]), "2023-06-01")
    assert a.finding("prescription_acquise") is None
    assert {"envoyer_relance", "envoyer_mise_en_demeure", "interrompre_prescription"} <= {y.code for y in a.actions}


def test_partly_time_barred_claim_is_warned_and_the_live_invoice_binds():
    # F1 due 31/01/2019 → time-barred since 31/01/2024; F2 due 30/06/2021 → 29/06/2026 still open.
    d = dossier(factures=[facture("F1", 3000, "2019-01-01", "2019-01-31"), facture("F2", 500, "2021-06-01", "2021-06-30")])
    a = run(d, "2025-06-01")
    assert value(a, "date_prescription") == date(2026, 6, 29)
    assert a.finding("prescription_acquise") is None
    assert {w.code for w in a.warnings if w.rule == "prescription.partiellement_acquise"} == {"prescription_acquise_partiellement"}
    assert [x["acquise"] for x in a.finding("date_prescription").details["lignes"]] == [True, False]


# ----------------------------------------------------------------------------- enforcement title


def test_title_ten_years_from_service_then_time_barred():
    # CPCE L111-4: title served 10/05/2016 → 10/05/2026 − 1 day = 09/05/2026; on 01/12/2025 (5 months
    # left) the prescription rule recommends an enforcement act before that day.
    d = dossier(factures=[facture("F1", 8000, "2015-03-01", "2015-03-31")],
                evenements=[ev("demande_en_justice", "2015-09-01"), ev("titre_executoire", "2016-05-10")])
    a = run(d, "2025-12-01")
    assert regime(a) == "prescription.regime_titre_executoire"
    f = a.finding("date_prescription")
    assert (f.value, f.since) == (date(2026, 5, 9), date(2016, 5, 10))
    x = action(a, "executer_titre")
    assert (x.rule, x.deadline) == ("prescription.executer_titre_avant_prescription", date(2026, 5, 9))
    assert action(a, "interrompre_prescription") is None
    # On 01/06/2026 the title can no longer be enforced: last day 09/05/2026 (prudent), 10/05/2026 under
    # the other reading of 2228, so certainly since 11/05/2026.
    b = run(d, "2026-06-01")
    assert b.finding("titre_executoire_prescrit").since == date(2026, 5, 11)
    assert b.finding("prescription_acquise").since == date(2026, 5, 11)
    assert action(b, "ne_pas_agir_creance_prescrite") is not None


def test_enforcement_act_restarts_the_ten_years():
    # Enforcement act 03/02/2020 (2244): 03/02/2030 − 1 day = 02/02/2030; more than a year left: no action.
    d = dossier(factures=[facture("F1", 8000, "2015-03-01", "2015-03-31")],
                evenements=[ev("titre_executoire", "2016-05-10"), ev("acte_execution", "2020-02-03")])
    a = run(d, "2026-06-01")
    assert value(a, "date_prescription") == date(2030, 2, 2)
    assert action(a, "executer_titre") is None and a.finding("titre_executoire_prescrit") is None


# ----------------------------------------------------------------------------- 2008 transition


@pytest.mark.parametrize("parties, echeance, attendu", [
    # Commercial, due 31/01/2005: old 10 years → 30/01/2015; new 5 years from 19/06/2008 → 18/06/2013;
    # the earlier wins (loi 2008-561, art. 26 II): 18/06/2013.
    ((COMMERCANT, COMMERCANT), "2005-01-31", date(2013, 6, 18)),
    # Commercial, due 15/02/2000: old 10 years → 14/02/2010, earlier than 18/06/2013: 14/02/2010
    # (15/02/2010 under the other reading of 2228: certainly time-barred from 16/02/2010).
    ((COMMERCANT, COMMERCANT), "2000-02-15", date(2010, 2, 14)),
    # Civil (2224), due 31/01/2007: old 30 years → 2037; new period ends 18/06/2013.
    ((PRO, PRO), "2007-01-31", date(2013, 6, 18)),
])
def test_claims_born_before_19_june_2008(parties, echeance, attendu):
    emission = echeance[:8] + "01"
    a = run(dossier(*parties, factures=[facture("F1", 1000, emission, echeance)]), "2014-01-01")
    assert value(a, "date_prescription") == attendu
    # The new five years run from 19/06/2008 at 0 h (entry into force): that day counts in full, so the
    # end 18/06/2013 is certain (Cass. 1re civ., 12 déc. 2018); an end reached through the old period
    # from a due date is one day later under the other reading of 2228.
    certain = 1 if attendu == date(2013, 6, 18) else 2
    assert a.finding("prescription_acquise").since == date.fromordinal(attendu.toordinal() + certain)


# ----------------------------------------------------------------------------- contractual duration


def test_three_year_clause_between_professionals_is_applied():
    # C. civ. 2254: 3 years agreed; due 15/04/2022 → 15/04/2025 − 1 day = 14/04/2025.
    d = dossier(creancier=PRO, debiteur=PRO, factures=[facture("F1", 4000, "2022-03-01", "2022-04-15")],
                contrat={"duree_prescription_ans": 3})
    a = run(d, "2025-01-10")
    assert regime(a) == "prescription.duree_contractuelle_2254"
    assert value(a, "date_prescription") == date(2025, 4, 14)
    assert not any(w.code == "clause_prescription_invalide" for w in a.warnings)


def test_clause_with_a_consumer_is_void_and_the_legal_period_applies():
    # C. conso. L218-1: the 3-year clause is without effect; L218-2 gives 14/03/2026.
    d = dossier(creancier=PRO, debiteur=CONSO, contrat={"duree_prescription_ans": 3},
                factures=[facture("C1", 1200, "2024-02-15", "2024-03-15", nature="services")])
    a = run(d, "2025-06-10")
    assert regime(a) == "prescription.regime_l218_2"
    assert value(a, "date_prescription") == date(2026, 3, 14)
    assert {w.rule for w in a.warnings if w.code == "clause_prescription_invalide"} == {"prescription.clause_duree_consommateur"}


@pytest.mark.parametrize("duree, nature, regle", [
    (12, None, "prescription.clause_duree_hors_bornes"),   # more than 10 years (2254 al. 1)
    (0, None, "prescription.clause_duree_hors_bornes"),    # less than 1 year
    (3, "loyer", "prescription.clause_duree_paiements_periodiques"),  # periodic payments (2254 al. 3)
])
def test_invalid_clauses_between_professionals_fall_back_to_the_legal_period(duree, nature, regle):
    # 2224: due 15/04/2022 → 14/04/2027.
    f = facture("F1", 4000, "2022-03-01", "2022-04-15", **({"nature": nature} if nature else {}))
    a = run(dossier(creancier=PRO, debiteur=PRO, factures=[f], contrat={"duree_prescription_ans": duree}), "2025-01-10")
    assert regime(a) == "prescription.regime_2224"
    assert value(a, "date_prescription") == date(2027, 4, 14)
    assert {w.rule for w in a.warnings if w.code == "clause_prescription_invalide"} == {regle}


# ----------------------------------------------------------------------------- glue and engines


def test_regime_du_code_rejects_unknown_values_and_missing_durations():
    assert regime_du_code("c_conso_l218_2").duree_ans == 2
    assert regime_du_code("loi_1989_art_7_1", duree_ans=3).duree_ans == 3
    with pytest.raises(PrescriptionInvalide, match="prescription_regime"):
        regime_du_code("c_civ_2262")
    with pytest.raises(PrescriptionInvalide, match="prescription_duree_ans"):
        regime_du_code("loi_1989_art_7_1")
    assert set(REGIMES) >= {"c_civ_2224", "c_com_l110_4", "c_conso_l218_2", "cpce_l111_4"}


CASES = [
    (dossier(), "2024-12-02"),
    (dossier(evenements=[ev("demande_en_justice", "2024-06-01"), ev("desistement", "2025-09-01")]), "2026-11-22"),
    (dossier(factures=[facture("F1", 3000, "2019-01-01", "2019-01-31")], evenements=[ev("relance", "2019-02-15")]), "2025-06-01"),
    (dossier(creancier=PRO, debiteur=CONSO, factures=[facture("P1", 300, "2024-01-20", "2024-02-05", nature="pret")]), "2025-06-01"),
    (dossier(evenements=[ev("titre_executoire", "2016-05-10")], factures=[facture("F1", 8000, "2015-03-01", "2015-03-31")]), "2026-06-01"),
]


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
@pytest.mark.parametrize("d, as_of", CASES)
def test_both_engines_agree_on_prescription(d, as_of):
    a, b = run(d, as_of, "python"), run(d, as_of, "durable")

    def view(x):
        return ([(f.code, f.value, f.since) for f in x.findings], [(y.code, y.rule, y.deadline) for y in x.actions],
                [(w.code, w.rule) for w in x.warnings])

    assert view(a) == view(b)
