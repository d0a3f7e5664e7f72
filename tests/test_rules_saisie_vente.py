"""Saisie-vente: the commandement's eight days (CPCE R221-1, R221-10) and the two-year limit (R221-5)."""

from __future__ import annotations

from datetime import date

from creances_rules import evaluate


def dossier(*evenements, **debiteur) -> dict:
    return {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel", "commercant": True, "biens_mobiliers_connus": True, **debiteur},
        "factures": [{"numero": "F1", "montant_ttc": 9000, "date_emission": "2025-01-02", "date_echeance": "2025-02-01"}],
        "evenements": [{"type": "mise_en_demeure", "date": "2025-02-15", "forme": "lrar"},
                       {"type": "titre_executoire", "date": "2025-12-01"}, *evenements],
    }


COMMANDEMENT = {"type": "commandement_saisie_vente", "date": "2026-03-02"}


def actions(a, code):
    return [x for x in a.actions if x.code == code]


def test_goods_known_commandement_first():
    a = evaluate(dossier(), "2026-02-10")
    (act,) = actions(a, "proceder_saisie_vente")
    assert act.deadline is None and "huit jours" in act.purpose and "535" in act.purpose


def test_commandement_of_2_march_2026_seizure_from_11_march_and_before_2_march_2028():
    # R221-10: eight days from service: 02/03/2026 + 8 = Tuesday 10/03/2026 (CPC 641): seizure from 11/03/2026.
    # R221-5: two years: 02/03/2028 (a Thursday) is the last day for an act of execution on this commandement.
    a = evaluate(dossier(COMMANDEMENT), "2026-03-05")
    (act,) = actions(a, "proceder_saisie_vente")
    assert act.deadline == date(2028, 3, 2)
    assert "11/03/2026" in act.deadline_basis and "R221-10" in act.deadline_basis


def test_after_two_years_without_an_act_a_new_commandement():
    # No act of execution between 02/03/2026 and 02/03/2028: on 03/03/2028 a new commandement is needed (R221-5);
    # the first one keeps its interruptive effect (not caduc).
    a = evaluate(dossier(COMMANDEMENT), "2028-03-03")
    assert any(w.code == "commandement_saisie_vente_perime" for w in a.warnings)
    (act,) = actions(a, "proceder_saisie_vente")
    assert act.deadline is None


def test_another_act_of_execution_within_two_years_keeps_the_commandement():
    a = evaluate(dossier(COMMANDEMENT, {"type": "saisie_attribution", "date": "2027-01-05"}), "2028-03-03")
    assert not any(w.code == "commandement_saisie_vente_perime" for w in a.warnings)


def test_seizure_done_no_more_action():
    a = evaluate(dossier(COMMANDEMENT, {"type": "saisie_vente", "date": "2026-03-20"}), "2026-04-01")
    assert not actions(a, "proceder_saisie_vente")


def test_the_commandement_interrupts_the_title_prescription():
    # R221-5 keeps the commandement's interruptive effect; C. civ. 2244: new ten years from 02/03/2026 → 01/03/2036.
    a = evaluate(dossier(COMMANDEMENT), "2026-03-05")
    assert a.finding("date_prescription").value == date(2036, 3, 1)
