"""Saisie des rémunérations under the regime in force since 1 July 2025 (CPCE L212-2, L212-6; décret 2025-125):
commandement by the commissaire de justice, one month, then the PV to the employer within three months. Dates by
hand with CPC 641-642."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from creances_rules import evaluate


def dossier(*evenements, remunerations=None, **debiteur) -> dict:
    deb = {"qualite": "particulier", **debiteur}
    if remunerations is not False:
        deb["remunerations"] = remunerations or {"montant_mensuel_net": 2000, "personnes_a_charge": 1}
    return {
        "creancier": {"qualite": "professionnel"},
        "debiteur": deb,
        "factures": [{"numero": "F1", "montant_ttc": 6000, "date_emission": "2025-01-02", "date_echeance": "2025-02-01"}],
        "evenements": [{"type": "mise_en_demeure", "date": "2025-02-15", "forme": "lrar"},
                       {"type": "titre_executoire", "date": "2025-12-01"}, *evenements],
    }


COMMANDEMENT = {"type": "commandement_saisie_remunerations", "date": "2026-03-02"}


def actions(a, code):
    return [x for x in a.actions if x.code == code]


def test_title_and_known_wage_the_commissaire_serves_the_commandement_no_judge():
    a = evaluate(dossier(), "2026-02-10")
    (act,) = actions(a, "saisir_remunerations")
    assert act.deadline is None and act.amount == a.amounts.montant_reclame
    assert "commandement" in act.purpose and "juge de l'exécution" in act.purpose
    assert "conciliation" not in act.purpose  # the pre-2025 procedure before the judge is not described
    assert {c.article for c in act.citations} >= {"L212-2", "L212-6"}


def test_wage_commandement_and_its_month_then_the_pv_within_three_months():
    # L212-2: one month after service: 02/03/2026 + 1 month = Thursday 02/04/2026 (CPC 641): the PV can be served
    # from 03/04/2026. L212-6: three months from the commandement: 02/06/2026, a Tuesday (CPC 641, 642).
    a = evaluate(dossier(COMMANDEMENT), "2026-03-10")
    (act,) = actions(a, "saisir_remunerations")
    assert act.deadline == date(2026, 6, 2)
    assert "03/04/2026" in act.deadline_basis and "02/06/2026" in act.deadline_basis


def test_pv_deadline_on_a_sunday_moves_to_monday():
    # Commandement of Tuesday 03/02/2026: three months → Sunday 03/05/2026 → Monday 04/05/2026 (CPC 642).
    # One month → Tuesday 03/03/2026: the PV from Wednesday 04/03/2026.
    a = evaluate(dossier({**COMMANDEMENT, "date": "2026-02-03"}), "2026-02-10")
    (act,) = actions(a, "saisir_remunerations")
    assert act.deadline == date(2026, 5, 4) and "04/03/2026" in act.deadline_basis


def test_no_pv_after_three_months_the_commandement_has_lapsed_and_a_new_one_is_advised():
    # Last day 02/06/2026 (above); on 03/06 without a PV: caduc (L212-6) since 03/06/2026.
    a = evaluate(dossier(COMMANDEMENT), "2026-06-03")
    f = a.finding("commandement_saisie_remunerations_caduc")
    assert f.value is True and f.since == date(2026, 6, 3)
    (act,) = actions(a, "saisir_remunerations")
    assert act.deadline is None  # a new commandement


def test_once_the_pv_is_served_no_more_action_and_the_monthly_part_is_shown():
    # 2026 scale, 2 000 € net, one dependant: 382,29 € a month (hand computation in test_saisie_remunerations.py).
    a = evaluate(dossier(COMMANDEMENT, {"type": "saisie_remunerations", "date": "2026-04-07", "tiers": "Employeur E"}),
                 "2026-04-20")
    assert not actions(a, "saisir_remunerations")
    assert a.finding("quotite_saisissable_remunerations").value == Decimal("382.29")
    assert a.finding("commandement_saisie_remunerations_caduc") is None


def test_a_mainlevee_stops_the_seizure_actions():
    a = evaluate(dossier(COMMANDEMENT, {"type": "mainlevee", "date": "2026-03-20"}), "2026-03-25")
    assert all(x.deadline is None for x in actions(a, "saisir_remunerations"))  # only a fresh start is advised


def test_a_contestation_is_said_but_the_three_months_still_shown():
    a = evaluate(dossier(COMMANDEMENT, {"type": "contestation_saisie", "date": "2026-03-20"}), "2026-03-25")
    assert any(w.code == "saisie_contestee" for w in a.warnings)
    assert actions(a, "saisir_remunerations")[0].deadline == date(2026, 6, 2)


def test_no_wage_known_no_wage_seizure_advised():
    a = evaluate(dossier(remunerations=False), "2026-02-10")
    assert not actions(a, "saisir_remunerations")


def test_a_year_without_scale_warns_and_shows_no_part():
    a = evaluate(dossier(), "2027-02-10")
    assert a.finding("quotite_saisissable_remunerations") is None
    assert any(w.code == "bareme_inconnu" for w in a.warnings)


def test_a_commandement_before_1_july_2025_is_the_old_judicial_procedure():
    a = evaluate(dossier({**COMMANDEMENT, "date": "2025-03-03"}), "2025-04-01")
    assert any(w.code == "droit_incertain" and "1er juillet 2025" in w.message for w in a.warnings)
    assert not [x for x in actions(a, "saisir_remunerations") if x.deadline]


def test_the_commandement_interrupts_the_ten_years_of_the_title():
    # C. civ. 2244 (commandement read as an act of execution, as R221-5 says of the saisie-vente one):
    # new ten years from 02/03/2026, last day 01/03/2036 (C. civ. 2228-2229).
    a = evaluate(dossier(COMMANDEMENT), "2026-03-10")
    assert a.finding("date_prescription").value == date(2036, 3, 1)


def test_an_evaluation_past_the_scale_also_warns_donnees_perimees():
    a = evaluate(dossier(), "2027-02-10")
    assert any(w.code == "donnees_perimees" and "saisies des rémunérations" in w.message for w in a.warnings)
