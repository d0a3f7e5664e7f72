"""Payment terms read on each invoice: the L441-10 I cap, where the agreed term starts, L441-9 mentions.

Each expected date is counted by hand in the comment, with the article it applies.
"""

from __future__ import annotations

from datetime import date

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules.institutions.delais_paiement import plafond_l441_10

ENGINES = ["python", pytest.param("durable", marks=pytest.mark.skipif(
    not durable_engine.available(), reason="durable-rules indisponible"))]


def dossier(**over) -> dict:
    base = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel"},
        "contrat": {"date_conclusion": "2024-09-01"},
        "factures": [{"numero": "F1", "montant_ttc": 1500, "date_emission": "2025-01-10", "date_echeance": "2025-04-10"},
                     {"numero": "F2", "montant_ttc": 800, "date_emission": "2025-01-10", "date_echeance": "2025-03-11"}],
    }
    base.update(over)
    return base


@pytest.mark.parametrize("engine", ENGINES)
def test_invoice_only_90_day_term_is_excessive(engine):
    # C. com. L441-10 I: at most 60 days from the invoice's issue. F1 issued 10 Jan 2025, due 10 April 2025:
    # 90 days; cap 10 Jan + 60 days = 11 March 2025; 30 days beyond. F2 due on 11 March: exactly at the cap.
    a = evaluate(dossier(), "2025-03-01", engine=engine)
    f = a.finding("delai_paiement_excessif")
    assert f.value is True
    assert [d["facture"] for d in f.details["factures"]] == ["F1"]
    d = f.details["factures"][0]
    assert (d["jours_apres_emission"], d["plafond"], d["depassement_jours"]) == (90, date(2025, 3, 11), 30)
    # The exposure stays the L441-16 administrative fine (75 000 € / 2 000 000 €, doubled on repetition).
    assert "L441-16" in f.basis and "2 000 000 €" in f.basis
    assert {(c.code, c.article) for c in f.citations} >= {("C. com.", "L441-10"), ("C. com.", "L441-16")}


def test_contract_clause_still_reported_alone():
    # The contract-level reading is kept: 90 agreed days (> 60) with no invoice due date of its own.
    a = evaluate(dossier(contrat={"date_conclusion": "2024-09-01", "delai_paiement": {"jours": 90}},
                         factures=[{"numero": "F1", "montant_ttc": 1500, "date_emission": "2025-01-10"}]),
                 "2025-03-01", engine="python")
    f = a.finding("delai_paiement_excessif")
    assert f.details["contrat"]["jours_convenus"] == 90 and f.details["jours_convenus"] == 90
    # The invoice's own due date comes from that term, 10 Jan + 90 days = 10 April 2025 > 11 March: listed too.
    assert [d["facture"] for d in f.details["factures"]] == ["F1"]


def test_45_days_end_of_month_cap_takes_the_later_method():
    # L441-10 I, 45 days end of month expressly stipulated, issue 10 Jan 2025: 10 Jan + 45 d = 24 Feb → end of
    # month 28 Feb 2025 ; or end of January + 45 d = 17 March 2025 ; 60 days = 11 March. The later, 17 March.
    assert plafond_l441_10(date(2025, 1, 10), True)[0] == date(2025, 3, 17)
    assert plafond_l441_10(date(2025, 1, 10), False)[0] == date(2025, 3, 11)


def test_depart_livraison_moves_the_due_date():
    # contrat.delai_paiement.depart = livraison: 30 days from delivery on 10 March 2025 → 9 April 2025
    # (from the issue date, 3 March, it would be 2 April).
    f = {"numero": "F1", "montant_ttc": 1000, "date_emission": "2025-03-03", "date_livraison": "2025-03-10"}
    a = evaluate(dossier(contrat={"date_conclusion": "2024-09-01", "delai_paiement": {"jours": 30, "depart": "livraison"}},
                         factures=[f]), "2025-06-01", engine="python")
    assert a.finding("creance_exigible").value == date(2025, 4, 9)
    a = evaluate(dossier(contrat={"date_conclusion": "2024-09-01", "delai_paiement": {"jours": 30}},
                         factures=[f]), "2025-06-01", engine="python")
    assert a.finding("creance_exigible").value == date(2025, 4, 2)


def test_term_from_delivery_can_exceed_the_cap_counted_from_issue():
    # 60 days from delivery (20 March 2025) → 19 May 2025, i.e. 77 days after the issue on 3 March: beyond the
    # L441-10 I cap (3 March + 60 = 2 May 2025), although the clause says « 60 jours ».
    a = evaluate(dossier(contrat={"date_conclusion": "2024-09-01", "delai_paiement": {"jours": 60, "depart": "livraison"}},
                         factures=[{"numero": "F1", "montant_ttc": 1000, "date_emission": "2025-03-03",
                                    "date_livraison": "2025-03-20"}]), "2025-04-01", engine="python")
    d = a.finding("delai_paiement_excessif").details["factures"][0]
    assert (d["date_echeance"], d["plafond"], d["jours_apres_emission"]) == (date(2025, 5, 19), date(2025, 5, 2), 77)


def test_depart_reception_unknown_falls_back_to_issue_and_says_so():
    a = evaluate(dossier(contrat={"date_conclusion": "2024-09-01", "delai_paiement": {"jours": 30, "depart": "reception"}},
                         factures=[{"numero": "F1", "montant_ttc": 1000, "date_emission": "2025-03-03"}]),
                 "2025-06-01", engine="python")
    # 3 March + 30 days = 2 April 2025, the receipt date being unknown (stated in the assumptions).
    assert a.finding("creance_exigible").value == date(2025, 4, 2)
    assert any("réception de la facture" in x for x in a.assumptions)


def test_invoice_mentions_l441_9():
    # L441-9 I: an invoice must state the payment date; F1 has none (its due date is deduced): flagged.
    # F2 lists its mentions and lacks the penalty rate and the 40 € indemnity; the conditional ones it does
    # not list (billing address, purchase order, reductions, discount) are only « à vérifier ».
    a = evaluate(dossier(factures=[
        {"numero": "F1", "montant_ttc": 1200, "date_emission": "2025-05-05", "date_livraison": "2025-05-02"},
        {"numero": "F2", "montant_ttc": 900, "date_emission": "2025-05-05", "date_echeance": "2025-06-04",
         "mentions_l441_9": ["parties", "date_vente_ou_prestation", "quantite_denomination_prix"]}]),
        "2025-06-30", engine="python")
    f = a.finding("mentions_facture_manquantes")
    assert f.value == 2
    by = {d["facture"]: d for d in f.details}
    assert by["F1"]["manquantes"] == ["la date à laquelle le règlement doit intervenir"]
    assert len(by["F2"]["manquantes"]) == 2 and len(by["F2"]["a_verifier"]) == 4
    # Consumers are outside L441-9 (purchases for a professional activity only).
    b = evaluate(dossier(debiteur={"qualite": "consommateur"}, factures=[
        {"numero": "F1", "montant_ttc": 1200, "date_emission": "2025-05-05", "date_livraison": "2025-05-02"}]),
        "2025-06-30", engine="python")
    assert b.finding("mentions_facture_manquantes") is None
