"""Saisie-attribution: dénonciation in eight days (CPCE R211-3), one month to contest (R211-11), payment by the
third party (R211-6). Each date is computed by hand below, with CPC 641-642 and the 2026 calendar
(Easter Monday 06/04/2026)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from creances_rules import evaluate


def dossier(*evenements, **debiteur) -> dict:
    return {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel", "commercant": True, **debiteur},
        "factures": [{"numero": "F1", "montant_ttc": 9000, "date_emission": "2025-01-02", "date_echeance": "2025-02-01"}],
        "evenements": [{"type": "mise_en_demeure", "date": "2025-02-15", "forme": "lrar"},
                       {"type": "titre_executoire", "date": "2025-12-01"}, *evenements],
    }


SAISIE = {"type": "saisie_attribution", "date": "2026-03-02", "montant": 4000, "tiers": "Banque B"}
DENONCEE = {"type": "denonciation_saisie", "date": "2026-03-05"}


def action(a, code):
    return next(x for x in a.actions if x.code == code)


def codes(a):
    return {x.code for x in a.actions}


def test_saisie_of_monday_2_march_2026_to_be_denounced_by_tuesday_10_march():
    # R211-3: eight days; the day of the act does not count (CPC 641): 02/03 + 8 = Tuesday 10/03/2026,
    # a working day (CPC 642).
    a = evaluate(dossier(SAISIE), "2026-03-05")
    act = action(a, "denoncer_saisie_attribution")
    assert act.deadline == date(2026, 3, 10)
    assert "R211-3" in " ".join(c.article for c in act.citations)
    assert "RSA" in act.purpose  # R162-2: the solde bancaire insaisissable is said in the advice
    assert a.finding("saisie_attribution_caduque") is None


def test_still_to_denounce_on_the_last_day():
    # On 10/03/2026 itself the délai has not run out (it ends at midnight, CPC 641).
    a = evaluate(dossier(SAISIE), "2026-03-10")
    assert action(a, "denoncer_saisie_attribution").deadline == date(2026, 3, 10)
    assert a.finding("saisie_attribution_caduque") is None


def test_no_denonciation_by_16_march_2026_the_saisie_has_lapsed_since_11_march():
    # Last day 10/03/2026 (above); on 16/03 no dénonciation: caduque (R211-3) from the day after, 11/03.
    a = evaluate(dossier(SAISIE), "2026-03-16")
    f = a.finding("saisie_attribution_caduque")
    assert f is not None and f.value is True and f.since == date(2026, 3, 11)
    assert not codes(a) & {"denoncer_saisie_attribution", "obtenir_paiement_tiers_saisi"}


def test_a_late_denonciation_does_not_save_the_saisie():
    # Dénonciation on 12/03/2026, after the last day (10/03): caduque all the same (R211-3).
    a = evaluate(dossier(SAISIE, {"type": "denonciation_saisie", "date": "2026-03-12"}), "2026-04-20")
    assert a.finding("saisie_attribution_caduque").since == date(2026, 3, 11)
    assert "obtenir_paiement_tiers_saisi" not in codes(a)


def test_lapsed_saisie_with_a_known_bank_account_a_new_saisie_is_advised():
    a = evaluate(dossier(SAISIE, compte_bancaire_connu=True), "2026-03-16")
    assert "pratiquer_saisie_attribution" in codes(a)


def test_uncontested_after_the_month_the_third_party_pays():
    # R211-11: one month from the dénonciation of Thursday 05/03/2026 → Sunday 05/04/2026 (Easter), then Easter
    # Monday 06/04 is a public holiday → Tuesday 07/04/2026 (CPC 641, 642). From 08/04, without a contestation,
    # the bank pays on a certificate of non-contestation (R211-6): the 4 000 € attached (less than the claim).
    a = evaluate(dossier(SAISIE, DENONCEE), "2026-04-09")
    f = a.finding("delai_contestation_saisie")
    assert f.value == date(2026, 4, 7) and f.since == date(2026, 3, 5)
    act = action(a, "obtenir_paiement_tiers_saisi")
    assert act.amount == Decimal("4000")
    assert "R211-6" in " ".join(c.article for c in act.citations)


def test_no_payment_while_the_month_to_contest_runs():
    # On 07/04/2026 the debtor can still contest (last day): no payment yet.
    a = evaluate(dossier(SAISIE, DENONCEE), "2026-04-07")
    assert "obtenir_paiement_tiers_saisi" not in codes(a)
    assert a.finding("delai_contestation_saisie").value == date(2026, 4, 7)


def test_the_third_party_pays_at_most_the_claim():
    # 20 000 € attached for a 9 000 € claim: the payment asked is the claim (the décompte), not 20 000 €.
    saisie = {**SAISIE, "montant": 20000}
    a = evaluate(dossier(saisie, DENONCEE), "2026-04-09")
    act = action(a, "obtenir_paiement_tiers_saisi")
    assert act.amount < Decimal("20000") and act.amount == a.amounts.montant_reclame


def test_a_contestation_stops_the_payment_and_warns():
    a = evaluate(dossier(SAISIE, DENONCEE, {"type": "contestation_saisie", "date": "2026-03-20"}), "2026-04-09")
    assert "obtenir_paiement_tiers_saisi" not in codes(a)
    assert any(w.code == "saisie_contestee" for w in a.warnings)


def test_a_mainlevee_stops_the_denonciation():
    a = evaluate(dossier(SAISIE, {"type": "mainlevee", "date": "2026-03-04", "tiers": "Banque B"}), "2026-03-05")
    assert "denoncer_saisie_attribution" not in codes(a)
    assert a.finding("saisie_attribution_caduque") is None


def test_a_mainlevee_on_another_third_party_does_not_lift_this_saisie():
    a = evaluate(dossier(SAISIE, {"type": "mainlevee", "date": "2026-03-04", "tiers": "Banque C"}), "2026-03-05")
    assert "denoncer_saisie_attribution" in codes(a)


def test_title_and_bank_account_known_saisie_attribution_first():
    a = evaluate(dossier(compte_bancaire_connu=True), "2026-03-05")
    act = action(a, "pratiquer_saisie_attribution")
    assert act.amount == a.amounts.montant_reclame
    assert "executer_titre" in codes(a)  # handing the title to the commissaire stays the first step


def test_the_saisie_is_an_act_of_execution_for_the_title_and_its_prescription():
    # C. civ. 2244: the saisie of 02/03/2026 interrupts L111-4's ten years: a new period from 02/03/2026, last
    # day 01/03/2036 (C. civ. 2228-2229: the starting day counts). executer_titre no longer fires once enforcement
    # has started.
    a = evaluate(dossier(SAISIE, DENONCEE), "2026-04-09")
    assert a.finding("date_prescription").value == date(2036, 3, 1)
    assert "executer_titre" not in codes(a)
