"""The amicable sequence: each step recommended with a date and a purpose, nothing already done.

The dates are practice, not law (rules/relances_amiables.yaml says so); what is tested is the
arithmetic: depart + N days, never before the assessment date + the step's stagger, moved to a
working day of the debtor's territory (same calendar as CPC 642).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from creances_rules import evaluate


def dossier(montant=6000, due="2025-01-31", events=(), **over) -> dict:
    base = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel"},
        "contrat": {"date_conclusion": "2024-01-10"},
        "factures": [{"numero": "F1", "montant_ttc": montant, "date_emission": "2025-01-01", "date_echeance": due}],
        "evenements": list(events),
    }
    base.update(over)
    return base


AMICABLE = {"envoyer_relance", "relancer_par_telephone", "envoyer_mise_en_demeure"}


def amicable(a):
    """The amicable steps only (B2B dossiers also get e.g. the claim for L441-10 penalties)."""
    return [x for x in a.actions if x.code in AMICABLE]


def deadlines(a) -> list[tuple[str, str | None, date | None]]:
    return [(x.code, x.label, x.deadline) for x in amicable(a)]


def test_nothing_done_gives_the_whole_sequence_in_order():
    # As of Monday 3 March 2025, invoice due Friday 31 Jan 2025, 6 000 € (≥ 5 000 €: second reminder).
    # relance: 31/01 + 1 = 01/02, past → 03/03 + 0 = Mon 03/03
    # phone:   31/01 + 8 = 08/02, past → 03/03 + 7 = Mon 10/03
    # second:  31/01 + 15 = 15/02, past → 03/03 + 14 = Mon 17/03
    # MED:     31/01 + 30 = 02/03, past → 03/03 + 21 = Mon 24/03
    a = evaluate(dossier(), "2025-03-03")
    assert deadlines(a) == [
        ("envoyer_relance", "Envoyer une première relance écrite", date(2025, 3, 3)),
        ("relancer_par_telephone", "Relancer par téléphone", date(2025, 3, 10)),
        ("envoyer_relance", "Envoyer une seconde relance écrite", date(2025, 3, 17)),
        ("envoyer_mise_en_demeure", "Envoyer une mise en demeure par lettre recommandée avec accusé de réception", date(2025, 3, 24)),
    ]
    med = amicable(a)[-1]
    # The amount is the décompte's (B2B): 6 000 € + L441-10 penalties from 01/02 to 03/03/2025, 28 + 3 = 31 days at
    # the ECB rate of 1 Jan 2025 (3,15 %) + 10 = 13,15 %: 6 000 × 13,15 × 31 / 36 500 = 67,0110 → 67,01 € ; + 40 €
    # indemnity (D441-5) = 6 107,01 €.
    assert med.amount == Decimal("6107.01") and "n'interrompt pas la prescription" in med.purpose
    assert {c.article for c in med.citations} >= {"1344", "1344-1", "1231-6"}
    assert [x.priority for x in a.actions] == sorted(x.priority for x in a.actions)


def test_small_sum_skips_the_second_reminder():
    a = evaluate(dossier(montant=800), "2025-03-03")
    assert [x.label for x in a.actions if x.code == "envoyer_relance"] == ["Envoyer une première relance écrite"]


def test_steps_already_done_are_not_recommended_again():
    # Written reminder on 5 Feb and phone call on 12 Feb: what remains is the second reminder
    # (12/02 + 15 = Thu 27/02 → past, 03/03 + 14 = 17/03) and the mise en demeure.
    a = evaluate(dossier(events=[{"type": "relance", "date": "2025-02-05"},
                                 {"type": "relance_telephonique", "date": "2025-02-12"}]), "2025-03-03")
    assert [(x.code, x.deadline) for x in amicable(a)] == [
        ("envoyer_relance", date(2025, 3, 17)),
        ("envoyer_mise_en_demeure", date(2025, 3, 24)),
    ]


def test_future_date_on_a_public_holiday_moves_to_the_next_working_day():
    # Due Wed 30 April 2025, assessed that day: relance on 30/04 + 1 = Thu 1 May (Fête du travail,
    # C. trav. L3133-1) → Fri 2 May 2025.
    a = evaluate(dossier(due="2025-04-30"), "2025-04-30")
    # not yet exigible on 30/04? It is: exigible on its due date (payment is due that day).
    assert a.actions_of("envoyer_relance")[0].deadline == date(2025, 5, 2)


def test_alsace_moselle_holiday_is_skipped_for_a_debtor_in_bas_rhin():
    # Due Thu 25 Dec 2025, assessed 20 Dec: relance 26 Dec (Saint-Étienne, a holiday in 57/67/68,
    # C. trav. L3134-13) → Mon 29 Dec in Strasbourg; in Paris, Fri 26 Dec is a working day.
    strasbourg = evaluate(dossier(due="2025-12-25", debiteur={"qualite": "professionnel", "departement": "67"}), "2025-12-25")
    paris = evaluate(dossier(due="2025-12-25", debiteur={"qualite": "professionnel", "departement": "75"}), "2025-12-25")
    assert strasbourg.actions_of("envoyer_relance")[0].deadline == date(2025, 12, 29)
    assert paris.actions_of("envoyer_relance")[0].deadline == date(2025, 12, 26)


def test_no_amicable_step_once_a_court_claim_or_collective_proceeding_exists():
    sued = evaluate(dossier(events=[{"type": "demande_en_justice", "date": "2025-02-20"}]), "2025-03-03")
    assert not {"envoyer_relance", "relancer_par_telephone", "envoyer_mise_en_demeure"} & {x.code for x in sued.actions}
    insolvent = evaluate(dossier(procedure_collective={"type": "redressement", "date_jugement": "2025-02-15"}), "2025-03-03")
    assert not {"envoyer_relance", "relancer_par_telephone", "envoyer_mise_en_demeure"} & {x.code for x in insolvent.actions}


def test_pre_2016_contract_cites_the_old_articles_for_the_mise_en_demeure():
    a = evaluate(dossier(contrat={"date_conclusion": "2015-06-01"}), "2025-03-03")
    med = a.actions_of("envoyer_mise_en_demeure")
    assert len(med) == 1 and med[0].rule == "relances_amiables.mise_en_demeure_1139_ancien"
    assert {c.article for c in med[0].citations} >= {"1139 (ancien)", "1153 (ancien)"}


def test_repeated_reminders_warn_of_harassment():
    # Four contacts within 30 days of 3 March (3 Feb excluded: 30 days back is 1 Feb, strictly after).
    events = [{"type": t, "date": d} for t, d in (("relance", "2025-02-05"), ("relance_telephonique", "2025-02-10"),
                                                   ("relance_telephonique", "2025-02-17"), ("relance", "2025-02-24"))]
    a = evaluate(dossier(events=events), "2025-03-03")
    assert any(w.code == "risque_harcelement" and "222-16" in w.message for w in a.warnings)
    three = evaluate(dossier(events=events[:3]), "2025-03-03")
    assert not any(w.code == "risque_harcelement" for w in three.warnings)


def test_each_action_says_why():
    a = evaluate(dossier(), "2025-03-03")
    first = amicable(a)[0]
    assert "nombre_relances_ecrites = 0" in first.why
    assert first.deadline_basis.startswith("Date conseillée (pratique, non imposée par la loi)")
