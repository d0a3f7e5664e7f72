"""Payment plans (issue 20, part A, item 3): before the déchéance du terme only the instalments due are claimable,
with their accessories, by every money action; after a valid forfeiture, the balance; no second formal notice once
the forfeiture notice was sent.

Cass. 1re civ., 3 June 2015, n° 14-15.655 (and 22 June 2017, n° 16-18.418): the forfeiture of a non-merchant debtor
needs, unless expressly dispensed, a formal notice left without effect stating the time to cure. L441-10 penalty
rate (ECB + 10 points): 2025-S1 13,15 %, 2025-S2 12,15 %. Amount × rate × days / 36 500, each line to the cent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from creances_rules import evaluate

NOTICE = {"type": "mise_en_demeure", "date": "2025-07-03", "forme": "lrar",
          "mentions": ["termes_mise_en_demeure", "montant", "delai_de_paiement", "accuse_de_reception",
                       "demande_de_paiement"]}
MONEY = ("requete_injonction_de_payer", "refere_provision", "assignation_en_paiement")


def plan(*events) -> dict:
    """9 000 € invoice; plan of 1 March 2025: six instalments of 1 500 € on the 1st of April to September, with a
    forfeiture clause and a 15-day cure period; April and May paid, June and July missed; non-merchant debtor."""
    return {"creancier": {"qualite": "professionnel"},
            "debiteur": {"qualite": "professionnel", "commercant": False, "nom": "SCP Martin, architectes"},
            "factures": [{"numero": "F-2025-004", "montant_ttc": 9000, "date_emission": "2025-01-02",
                          "date_echeance": "2025-01-31"}],
            "paiements": [{"date": "2025-04-01", "montant": 1500}, {"date": "2025-05-02", "montant": 1500}],
            "evenements": list(events),
            "echeancier": {"date_accord": "2025-03-01", "clause_decheance_du_terme": True,
                           "preavis_decheance_jours": 15,
                           "echeances": [{"date": f"2025-{m:02d}-01", "montant": 1500} for m in range(4, 10)]}}


# Arrears on 15 July 2025: the instalments of 1 June and 1 July (1 500 € each), with L441-10 penalties from the
# day after each (the plan's date replaces the invoice's date of payment — a reading):
#   1 June: 02/06 → 30/06 29 d × 13,15 % = 15,67 ; 01/07 → 15/07 15 d × 12,15 % = 7,49 ;
#   1 July: 02/07 → 15/07 14 d × 12,15 % = 6,99 ; 3 000 + 15,67 + 7,49 + 6,99 = 3 030,15 €.
ARREARS = Decimal("3030.15")


def test_before_any_notice_only_the_instalments_due_are_claimable():
    a = evaluate(plan(), "2025-07-15", engine="python")
    assert a.finding("decheance_du_terme_acquise") is None
    assert a.finding("decompte_creance").value == ARREARS == a.amounts.montant_reclame
    assert a.amounts.principal_restant_du == Decimal("3000.00")  # not the 6 000 € balance
    assert all(x.amount in (None, ARREARS, Decimal("3000.00")) for x in a.actions)
    assert "mettre_en_demeure_avant_decheance" in {x.code for x in a.actions}


def test_while_the_cure_period_runs_the_court_routes_claim_the_arrears_and_no_second_notice_is_advised():
    # Notice of 3 July 2025 giving 15 days: forfeiture only on 19 July (day after the last day, 18 July).
    a = evaluate(plan(NOTICE), "2025-07-15", engine="python")
    assert a.finding("decheance_du_terme_acquise") is None
    for code in MONEY:
        assert [x.amount for x in a.actions_of(code)] == [ARREARS]
    assert not {"envoyer_mise_en_demeure", "mettre_en_demeure_avant_decheance", "completer_mise_en_demeure"} & {
        x.code for x in a.actions}


def test_after_a_valid_forfeiture_the_balance_and_no_second_notice():
    # Forfeiture acquired on 19 July 2025: the balance, as the invoice's décompte gives it (penalties since its due
    # date, the plan not being read as waiving them): 9 000 − 3 000 paid = 6 000 €;
    #   01/02 → 01/04 60 d × 13,15 % on 9 000 = 194,55 ; 02/04 → 02/05 31 d on 7 500 = 83,76 ;
    #   03/05 → 30/06 59 d on 6 000 = 127,54 ; 01/07 → 20/07 20 d × 12,15 % on 6 000 = 39,95 ; + 40 € (D441-5)
    #   → 6 000 + 485,80 = 6 485,80 €.
    a = evaluate(plan(NOTICE), "2025-07-20", engine="python")
    assert a.finding("decheance_du_terme_acquise").value == date(2025, 7, 19)
    assert a.finding("decompte_creance").value == Decimal("6485.80")
    for code in (*MONEY, "reclamer_solde_echeancier"):
        assert [x.amount for x in a.actions_of(code)] == [Decimal("6485.80")]
    assert not {"envoyer_mise_en_demeure", "mettre_en_demeure_avant_decheance", "completer_mise_en_demeure"} & {
        x.code for x in a.actions}


def test_a_plan_on_schedule_leaves_nothing_claimable():
    d = plan()
    d["paiements"] += [{"date": "2025-06-01", "montant": 1500}, {"date": "2025-07-01", "montant": 1500}]
    a = evaluate(d, "2025-07-15", engine="python")
    assert a.finding("decompte_creance") is None and a.amounts.montant_reclame == 0
    assert not set(MONEY) & {x.code for x in a.actions}
