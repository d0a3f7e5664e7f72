"""Exigibility and demeure: the machinery (trace, overrides, details). The hand-checked cases are in tests/cas/test_demeure.yaml."""

from __future__ import annotations

from datetime import date

from creances_rules import evaluate


def dossier(**over) -> dict:
    base = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel"},
        "contrat": {"date_conclusion": "2019-05-01"},
        "factures": [{"numero": "F1", "montant_ttc": 5000, "date_emission": "2024-01-01", "date_echeance": "2024-01-31"}],
    }
    base.update(over)
    return base


def status(a, rule_id):
    return next(t for t in a.trace if t.rule == rule_id)


# ------------------------------------------------------------------------------------ exigibility


def test_b2b_invoice_without_due_date_falls_due_30_days_after_delivery():
    # C. com. L441-10 I: failing an agreed term, 30 days after receipt of the goods.
    # Delivery Friday 2 May 2025 + 30 days = Sunday 1 June 2025 (a payment date is not a procedural
    # délai: no CPC 642 extension). As of 30 June the invoice is due since 1 June.
    a = evaluate(dossier(factures=[{"numero": "F1", "montant_ttc": 1200, "date_emission": "2025-05-05",
                                    "date_livraison": "2025-05-02"}]), "2025-06-30")
    f = a.finding("creance_exigible")
    assert f.value == date(2025, 6, 1) and f.since == date(2025, 6, 1)
    assert f.details[0]["fondement"].startswith("délai supplétif de 30 jours")
    assert any(w.code == "exigibilite_supposee" for w in a.warnings)


def test_not_yet_due_means_not_exigible():
    # C. civ. 1305-2: what is due at a term cannot be claimed before it.
    a = evaluate(dossier(), "2024-01-30")
    assert a.finding("creance_exigible") is None
    # The first due date of what is still owed (the décompte's) is after the assessment date.
    assert status(a, "exigibilite.creance_exigible").failed_condition == "decompte.premiere_exigibilite ≤ as_of"


# ------------------------------------------------------------------------------------ demeure


def test_lrar_mise_en_demeure_under_article_1344():
    # Contract of 2019 → C. civ. 1344 (ord. 2016-131, art. 9). The LRAR of 15 Feb 2024 carrying a demand
    # to pay is an "acte portant interpellation suffisante": demeure on 15 Feb 2024.
    a = evaluate(dossier(evenements=[{"type": "mise_en_demeure", "date": "2024-02-15", "forme": "lrar"}]), "2024-06-01")
    f = a.finding("debiteur_en_demeure")
    assert f.value == date(2024, 2, 15) and f.since == date(2024, 2, 15)
    cited = {(c.code, c.article) for c in f.citations}
    assert ("C. civ.", "1344") in cited
    assert f.citations[0].url.startswith("https://www.legifrance.gouv.fr/")


def test_contract_before_1_october_2016_is_governed_by_old_article_1139():
    # Ord. 2016-131, art. 9: contracts concluded before 1 Oct 2016 stay under the old law. The 1139 ancien
    # rule is a labelled exception to the 1344 rule: the latter is set aside, and the trace says why.
    a = evaluate(dossier(contrat={"date_conclusion": "2015-03-01"},
                         factures=[{"numero": "F1", "montant_ttc": 5000, "date_emission": "2017-01-02", "date_echeance": "2017-02-01"}],
                         evenements=[{"type": "sommation", "date": "2017-03-10", "forme": "acte_commissaire_de_justice"}]),
                 "2017-06-01")
    f = a.finding("debiteur_en_demeure")
    assert f.value == date(2017, 3, 10)
    assert {c.article for c in f.citations} == {"1139 (ancien)", "art. 9"}
    overridden = status(a, "demeure.interpellation_1344")
    assert overridden.status == "overridden" and overridden.overridden_by == ["demeure.interpellation_1139_ancien"]


def test_contract_clause_makes_the_debtor_en_demeure_at_the_due_date():
    # C. civ. 1344 in fine: "si le contrat le prévoit, par la seule exigibilité". Due 31 Jan 2024.
    a = evaluate(dossier(contrat={"date_conclusion": "2020-01-01", "clause_demeure_par_exigibilite": True},
                         evenements=[{"type": "mise_en_demeure", "date": "2024-02-15"}]), "2024-06-01")
    f = a.finding("debiteur_en_demeure")
    assert f.value == date(2024, 1, 31) and f.rule == "demeure.clause_exigibilite_1344"
    assert status(a, "demeure.interpellation_1344").overridden_by == ["demeure.clause_exigibilite_1344"]


def test_pre_2016_contract_clause_overrides_both_the_new_clause_rule_and_old_interpellation():
    a = evaluate(dossier(contrat={"date_conclusion": "2014-06-01", "clause_demeure_par_exigibilite": True},
                         evenements=[{"type": "mise_en_demeure", "date": "2024-02-15"}]), "2024-06-01")
    assert a.finding("debiteur_en_demeure").rule == "demeure.clause_exigibilite_1139_ancien"
    assert status(a, "demeure.clause_exigibilite_1344").overridden_by == ["demeure.clause_exigibilite_1139_ancien"]
    assert status(a, "demeure.interpellation_1139_ancien").overridden_by == ["demeure.clause_exigibilite_1139_ancien"]


def test_no_act_no_demeure_and_the_trace_says_which_condition_failed():
    a = evaluate(dossier(), "2024-06-01")
    assert a.finding("debiteur_en_demeure") is None
    t = status(a, "demeure.interpellation_1344")
    assert t.status == "not_applicable" and t.failed_condition.startswith("aucune des conditions")


def test_mise_en_demeure_content_and_proof():
    # The LRAR lacks a deadline to pay and the proof of receipt: finding with the missing mentions,
    # action to send a complete one, warning about proof (the creditor proves the demeure).
    a = evaluate(dossier(evenements=[{"type": "mise_en_demeure", "date": "2024-02-15", "forme": "lettre_simple",
                                      "mentions": ["termes_mise_en_demeure", "montant", "factures"]}]), "2024-03-01")
    f = a.finding("mise_en_demeure_incomplete")
    assert f.details == ["une demande claire de payer (interpellation)", "le délai laissé pour payer",
                         "la preuve de sa réception (accusé de réception)"]
    codes = [x.code for x in a.actions]
    assert "completer_mise_en_demeure" in codes
    assert not {"envoyer_relance", "relancer_par_telephone", "envoyer_mise_en_demeure"} & set(codes)
    assert {w.code for w in a.warnings} >= {"preuve_reception_manquante", "mise_en_demeure_n_interrompt_pas_prescription"}


def test_agency_letter_without_r124_4_mentions():
    a = evaluate(dossier(creancier={"qualite": "professionnel", "agence_de_recouvrement": True},
                         evenements=[{"type": "relance", "date": "2024-02-10", "par_tiers": True,
                                      "mentions": ["identite_agence", "identite_creancier", "modalites_de_paiement"]}]),
                 "2024-03-01")
    assert a.finding("lettre_agence_non_conforme").details == [
        "fondement et montant de la somme due, détaillés, hors frais restant à la charge du créancier (R124-4 3°)",
        "la reproduction des alinéas 2 et 3 de l'article L111-8 (R124-4 5°)",
    ]
    assert any(w.code == "frais_de_recouvrement_a_la_charge_du_creancier" for w in a.warnings)
