"""The amicable sequence: ordering and the why of each step (the dated cases are in tests/cas/test_relances.yaml).

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
    # Between professionals the L441-10 penalties run without any notice (L441-10 II): the letter does not « fait
    # courir les intérêts » (issue 20) — it cites 1344 and L441-10.
    assert "fait courir" not in med.purpose and "sans rappel entre professionnels" in med.purpose
    assert {c.article for c in med.citations} >= {"1344", "L441-10"}
    assert [x.priority for x in a.actions] == sorted(x.priority for x in a.actions)


def test_small_sum_skips_the_second_reminder():
    a = evaluate(dossier(montant=800), "2025-03-03")
    assert [x.label for x in a.actions if x.code == "envoyer_relance"] == ["Envoyer une première relance écrite"]


def test_each_action_says_why():
    a = evaluate(dossier(), "2025-03-03")
    first = amicable(a)[0]
    assert "nombre_relances_ecrites = 0" in first.why
    assert first.deadline_basis.startswith("Date conseillée (pratique, non imposée par la loi)")


def test_a_consumer_notice_starts_legal_interest_but_not_under_a_default_clause():
    # C. civ. 1344-1: outside B2B, the notice starts legal interest — unless the contract put the debtor in default by
    # mere exigibility (1344), when interest already runs and the purpose must not say the letter starts it.
    base = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "consommateur"},
            "contrat": {"date_conclusion": "2024-01-10"},
            "factures": [{"numero": "F1", "montant_ttc": 900, "date_emission": "2025-01-01",
                          "date_echeance": "2025-01-31"}]}
    (plain,) = [x for x in evaluate(base, "2025-03-03").actions if x.code == "envoyer_mise_en_demeure"]
    assert "fait courir les intérêts moratoires" in plain.purpose
    clause = {**base, "contrat": {**base["contrat"], "clause_demeure_par_exigibilite": True}}
    (x,) = [x for x in evaluate(clause, "2025-03-03").actions if x.code == "envoyer_mise_en_demeure"]
    assert "fait courir" not in x.purpose and "seule exigibilité" in x.purpose
