"""Payment plans: acknowledgement, instalments, déchéance du terme, worked by hand against the law."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine


def run(d, as_of, engine="python"):
    return evaluate(d, as_of, engine=engine)


def fired(a, rule_id) -> bool:
    return next(t for t in a.trace if t.rule == rule_id).status == "fired"


def codes(a) -> set[str]:
    return {x.code for x in a.actions}


# ------------------------------------------------------------------------ acknowledgement (2240)


def _consumer(plan=None) -> dict:
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "consommateur"},
         "factures": [{"numero": "F1", "montant_ttc": 1500, "date_emission": "2022-02-01", "date_echeance": "2022-03-01",
                       "nature": "services"}]}
    if plan is not None:
        d["echeancier"] = plan
    return d


PLAN_2023 = {"date_accord": "2023-06-15",
             "echeances": [{"date": "2023-07-15", "montant": 750}, {"date": "2023-08-15", "montant": 750}]}


def test_without_plan_the_consumer_claim_is_time_barred():
    # C. conso. L218-2: two years from the due date 1 March 2022 → last day 29 February 2024 (C. civ. 2228-2229:
    # the first day counts). On 1 June 2024 the claim is time-barred.
    a = run(_consumer(), "2024-06-01")
    assert a.finding("date_prescription").value == date(2024, 2, 29)
    assert a.finding("prescription_acquise") is not None


def test_written_plan_saves_the_claim_from_prescription():
    # The debtor signed a plan on 15 June 2023, within the two years: an acknowledgement (C. civ. 2240), which
    # interrupts and starts a new period of the same length (2231): 15 June 2023 + 2 years − 1 day = 14 June 2025.
    a = run(_consumer(PLAN_2023), "2024-06-01")
    assert a.finding("reconnaissance_par_echeancier").value == date(2023, 6, 15)
    assert a.finding("date_prescription").value == date(2025, 6, 14)
    assert a.finding("prescription_acquise") is None
    # Nothing paid: both instalments (15 July and 15 August 2023) are in arrears, 750 + 750 = 1 500 €.
    assert a.finding("echeance_impayee").value == Decimal("1500.00")
    assert a.finding("echeance_impayee").since == date(2023, 7, 15)


def test_oral_plan_is_not_counted_for_prescription():
    # Prudent reading: an oral acknowledgement is hard to prove (2240) — not counted, the earlier date stands,
    # and no money is claimed on a time-barred claim.
    plan = dict(PLAN_2023, ecrit=False)
    a = run(_consumer(plan), "2024-06-01")
    assert a.finding("date_prescription").value == date(2024, 2, 29)
    assert any(w.code == "echeancier_non_ecrit" for w in a.warnings)
    assert "reclamer_echeances_impayees" not in codes(a)


# ------------------------------------------------------------------------ instalments and déchéance du terme


def _b2b(commercant: bool | None = True, clause: bool = True, qualite: str = "professionnel", **plan) -> dict:
    p = {"date_accord": "2025-02-20",
         "echeances": [{"date": "2025-03-05", "montant": 1000}, {"date": "2025-04-05", "montant": 1000},
                       {"date": "2025-05-05", "montant": 1000}],
         "clause_decheance_du_terme": clause}
    p.update(plan)
    return {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": qualite, "commercant": commercant},
            "factures": [{"numero": "F1", "montant_ttc": 3000, "date_emission": "2024-10-01", "date_echeance": "2024-10-31"}],
            "paiements": [{"date": "2025-03-05", "montant": 1000}], "echeancier": p}


def test_reminder_before_the_next_instalment():
    # No arrears on 20 February 2025; next instalment 5 March 2025: remind 7 days before (practice), Wednesday
    # 26 February 2025, for that instalment's 1 000 €.
    d = _b2b()
    d["paiements"] = []
    a = run(d, "2025-02-20")
    (x,) = [x for x in a.actions if x.code == "rappeler_echeance"]
    assert x.deadline == date(2025, 2, 26) and "1\u202f000,00 €" in x.deadline_basis


def test_missed_instalment_without_clause_only_arrears_are_due():
    # 1 000 € paid on 5 March covers the first instalment; the 5 April one is unpaid on 10 April: 1 000 € of
    # arrears. Without a clause of déchéance du terme, the balance keeps its dates: claim the arrears only, with
    # their L441-10 penalties from the day after the instalment (issue 20): 1 000 × 13,15 % (2025-S1, ECB 3,15 %
    # + 10) × 5 d (06/04 → 10/04/2025) / 36 500 = 1,8014 → 1,80 ; 1 000 + 1,80 = 1 001,80 €.
    a = run(_b2b(clause=False), "2025-04-10")
    assert a.finding("echeance_impayee").value == Decimal("1000.00")
    assert a.finding("echeance_impayee").since == date(2025, 4, 5)
    (x,) = [x for x in a.actions if x.code == "reclamer_echeances_impayees"]
    assert x.amount == Decimal("1001.80") == a.finding("decompte_creance").value
    assert a.finding("decheance_du_terme_acquise") is None
    assert any(w.code == "delais_de_grace_possibles" for w in a.warnings)


def test_missed_instalment_with_clause_merchant_debtor_balance_due():
    # Merchant debtor, clause of déchéance du terme (supposed to operate as of right): déchéance on the day after
    # the unpaid instalment, 6 April 2025; the whole balance is claimed, as the décompte gives it: principal
    # 3 000 − 1 000 paid = 2 000 €, with the L441-10 penalties since the invoice's own due date (31/10/2024; the
    # plan is not read as waiving them) and the 40 € indemnity (D441-5):
    #   3 000 × 14,25 % (2024-S2, ECB 4,25 % + 10) × 61 d (01/11 → 31/12/2024) / 36 500 = 71,4452 → 71,45
    #   3 000 × 13,15 % (2025-S1) × 64 d (01/01 → 05/03/2025) / 36 500 = 69,1726 → 69,17
    #   2 000 × 13,15 % × 36 d (06/03 → 10/04/2025) / 36 500 = 25,9397 → 25,94
    #   2 000 + 71,45 + 69,17 + 25,94 + 40 = 2 206,56 €.
    a = run(_b2b(), "2025-04-10")
    assert a.finding("decheance_du_terme_acquise").value == date(2025, 4, 6)
    (x,) = [x for x in a.actions if x.code == "reclamer_solde_echeancier"]
    assert x.amount == Decimal("2206.56") and a.amounts.principal_restant_du == Decimal("2000.00")
    assert fired(a, "echeancier.decheance_de_plein_droit")


def test_missed_instalment_with_clause_non_merchant_needs_prior_notice():
    # Cass. 1re civ., 22 June 2017, n° 16-18.418: for a non-merchant debtor, unless expressly dispensed, the
    # déchéance requires a formal notice left without effect stating the time to cure. No notice yet.
    a = run(_b2b(commercant=False), "2025-04-10")
    assert "mettre_en_demeure_avant_decheance" in codes(a)
    assert a.finding("decheance_du_terme_acquise") is None


def test_notice_then_cure_period_then_deeming():
    # Notice on 12 April 2025 giving 30 days: last day 12 May 2025, déchéance acquired on 13 May 2025.
    d = _b2b(commercant=False, preavis_decheance_jours=30)
    d["evenements"] = [{"type": "mise_en_demeure", "date": "2025-04-12", "forme": "lrar"}]
    a = run(d, "2025-05-12")
    assert a.finding("decheance_du_terme_acquise") is None
    a = run(d, "2025-05-13")
    assert a.finding("decheance_du_terme_acquise").value == date(2025, 5, 13)
    assert "reclamer_solde_echeancier" in codes(a)


def test_unknown_cure_period_is_warned():
    d = _b2b(commercant=False)
    d["evenements"] = [{"type": "mise_en_demeure", "date": "2025-04-12", "forme": "lrar"}]
    a = run(d, "2025-05-20")
    assert any(w.code == "preavis_decheance_inconnu" for w in a.warnings)
    assert a.finding("decheance_du_terme_acquise") is None


def test_consumer_clause_without_reasonable_notice_is_warned():
    # Cass. 1re civ., 22 March 2023, n° 21-16.044 (8 days) and 29 May 2024, n° 23-12.904 (15 days): abusive.
    a = run(_b2b(commercant=None, qualite="consommateur"), "2025-04-10")
    assert any(w.code == "clause_decheance_abusive_possible" for w in a.warnings)
    assert "mettre_en_demeure_avant_decheance" in codes(a)


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
@pytest.mark.parametrize("d", [_b2b(), _b2b(commercant=False), _consumer(PLAN_2023)])
def test_both_engines_agree(d):
    py, du = run(d, "2025-04-10", "python").model_dump(), run(d, "2025-04-10", "durable").model_dump()
    py.pop("engine"), du.pop("engine")
    assert py == du
