"""A portfolio evaluation keeps order and is never stopped by one bad dossier."""

from __future__ import annotations

from datetime import date

from creances_rules.portfolio import evaluate_many

GOOD = {
    "reference": "A",
    "creancier": {"qualite": "professionnel"},
    "debiteur": {"qualite": "professionnel"},
    "factures": [{"numero": "F1", "montant_ttc": 100, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"}],
}
BAD = {**GOOD, "reference": "B", "factures": [{"numero": "F1", "montant_ttc": 100, "date_emission": "31/01/2025"}]}


def test_one_bad_dossier_does_not_stop_the_portfolio_and_order_is_kept():
    results = list(evaluate_many([GOOD, BAD, GOOD], date(2025, 3, 3)))
    assert [r.index for r in results] == [0, 1, 2]
    assert results[1].assessment is None and "factures[0].date_emission" in results[1].error
    assert results[0].assessment.finding("creance_exigible").value == date(2025, 1, 31)


def test_process_pool_gives_the_same_answers_as_one_process():
    portfolio = [GOOD, BAD, GOOD] * 4
    one = [(r.error, r.assessment and r.assessment.to_dict()) for r in evaluate_many(portfolio, date(2025, 3, 3))]
    two = [(r.error, r.assessment and r.assessment.to_dict())
           for r in evaluate_many(portfolio, date(2025, 3, 3), workers=2, chunksize=2)]
    assert one == two
