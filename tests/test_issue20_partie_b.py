"""Issue 20, part B — collective proceedings per invoice, retention, harassment and agency texts, a loan's notice."""

from __future__ import annotations

from creances_rules import evaluate

from .test_reclamable import REDRESSEMENT, _sans_f2


def _warnings(a, code):
    return [w.message for w in a.warnings if w.code == code]


def test_the_stay_names_the_claims_it_reaches_and_not_the_privileged_post_opening_one():
    # C. com. L622-21 I stays the actions of every creditor « autre que ceux mentionnés au I de l'article L. 622-17 »:
    # F1 (delivered 02/01/2025, before the 03/03/2025 judgment) is reached; F2 (delivered 10/03/2025, during the
    # observation period, L622-17 I) is not.
    a = evaluate(REDRESSEMENT, as_of="2025-04-20", engine="python")
    f = a.finding("poursuites_individuelles_suspendues")
    assert f.value is True
    assert f.details == {"factures_atteintes": ["F1"], "factures_non_atteintes": ["F2"]}
    assert "F2 — l'arrêt des poursuites ne les atteint pas" in f.basis and "L622-21 I" in f.basis


def test_stop_warnings_name_only_the_pre_opening_invoices():
    # L622-28 stops F1's penalties on 02/03/2025 (eve of the judgment); F2's run (the décompte counts 4,76 € on F2
    # from 10/04 to 20/04/2025): the « arrêtés » warnings name F1 and say F2's run; F2 gets its own warning.
    a = evaluate(REDRESSEMENT, as_of="2025-04-20", engine="python")
    (stop,) = _warnings(a, "cours_des_interets_arrete")
    assert "(F1)" in stop and "arrêtés au 02/03/2025" in stop and "ne sont pas concernées" in stop and "(F2)" in stop
    (ban,) = _warnings(a, "paiements_interdits_procedure_collective")
    assert "(F1)" in ban and "L622-7 I" in ban
    (post,) = _warnings(a, "creance_posterieure_hors_arret")
    assert post.startswith("Facture F2, née le 10/03/2025") and "L622-21 I" in post and "courent" in post
    assert any(x.facture == "F2" and x.nature == "penalites_l441_10" for x in a.amounts.lignes)
    # no stale « ne sont pas réclamées au débiteur » for the post-opening invoice's penalties
    assert not any("ne sont pas réclamées au débiteur. Le créancier" in w.message for w in a.warnings)


def test_no_stop_warning_when_every_unpaid_invoice_was_born_after_the_judgment():
    only_post = {**REDRESSEMENT, "factures": REDRESSEMENT["factures"][1:]}
    a = evaluate(only_post, as_of="2025-04-20", engine="python")
    assert not _warnings(a, "cours_des_interets_arrete") and not _warnings(a, "paiements_interdits_procedure_collective")
    assert _warnings(a, "creance_posterieure_hors_arret")


def test_pre_opening_only_keeps_both_stop_warnings():
    a = evaluate(_sans_f2(), as_of="2025-04-20", engine="python")
    assert _warnings(a, "cours_des_interets_arrete") and _warnings(a, "paiements_interdits_procedure_collective")
    assert not _warnings(a, "creance_posterieure_hors_arret")


def test_retained_vehicle_points_to_the_1903_sale_and_storage_costs():
    # Loi du 31 décembre 1903, art. 1-2: an object left with a professional for repair may be sold on request to the
    # judge after one year, three months for a motor vehicle; storage costs are not counted (no text read).
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "particulier"},
         "factures": [{"numero": "R1", "montant_ttc": 1800, "date_emission": "2025-01-10",
                       "date_echeance": "2025-02-10"}],
         "biens_detenus": [{"description": "véhicule réparé", "connexe": True}]}
    a = evaluate(d, as_of="2025-06-02", engine="python")
    msgs = [w for w in a.warnings if w.rule == "droit_de_retention.garde_et_vente_des_objets_abandonnes"]
    assert msgs and "trois mois pour un véhicule" in msgs[0].message and "frais de garde" in msgs[0].message
    assert any(c.key == "loi_1903_objets_abandonnes" for c in msgs[0].citations)


def test_harassment_and_agency_costs_say_which_text_and_which_choice():
    # C. pén. 222-16 for malicious repeated calls; the 4-contact / 30-day threshold is the library's choice (no
    # text). Recovery costs asked of a consumer: loi n° 2014-344, art. 12 (C. conso. L122-16 former numbering).
    d = {"creancier": {"qualite": "professionnel", "agence_de_recouvrement": True},
         "debiteur": {"qualite": "consommateur"},
         "factures": [{"numero": "F1", "montant_ttc": 800, "date_emission": "2025-01-01",
                       "date_echeance": "2025-01-31"}],
         "evenements": [{"type": "relance", "date": f"2025-02-{day:02d}", "forme": "email"} for day in (3, 6, 10, 14)]}
    a = evaluate(d, as_of="2025-02-20", engine="python")
    (h,) = _warnings(a, "risque_harcelement")
    assert "222-16" in h and "ne viennent d'un texte" in h and "sanctionnées" not in h
    (f,) = [w for w in a.warnings if w.code == "frais_de_recouvrement_a_la_charge_du_creancier"]
    assert "loi n° 2014-344, art. 12" in f.message and "pénalement sanctionné." not in f.message
    assert any(c.key == "loi_2014_344_art_12" for c in f.citations)


def test_a_loan_notice_lacks_the_contract_not_invoices():
    # The notice's missing mention for a loan names the contract and the instalments, not « les factures concernées ».
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
         "factures": [{"numero": "P1", "montant_ttc": 20000, "date_emission": "2025-01-02",
                       "date_echeance": "2025-01-31", "nature": "pret"}],
         "evenements": [{"type": "mise_en_demeure", "date": "2025-03-03", "forme": "lrar",
                         "mentions": ["termes_mise_en_demeure", "montant"]}]}
    a = evaluate(d, as_of="2025-04-01", engine="python")
    f = a.finding("mise_en_demeure_incomplete")
    assert f is not None and "le contrat de prêt et les échéances impayées" in f.details
    assert "les factures concernées" not in f.details


def test_a_rate_below_the_floor_shows_both_readings_and_the_option_chooses():
    # C. com. L441-10 II: 5 % agreed, below the floor of 3 × 5,07 % = 15,21 % (2024-S1). Invoice of 10 000 € due
    # 31/01/2024, paid on 01/03/2024: 30 days late.
    #   floor reading:   10 000 × 15,21 × 30 / 36 500 = 125,0137 → 125,01 € ;
    #   default reading: ECB 4,50 % (1 January 2024) + 10 = 14,50 % → 10 000 × 14,50 × 30 / 36 500 = 119,1781 → 119,18 €.
    # The décompte adds the 40 € indemnity (D441-5): 165,01 € or 159,18 €.
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
         "contrat": {"date_conclusion": "2023-06-01", "taux_penalites": 5},
         "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2024-01-02",
                       "date_echeance": "2024-01-31"}],
         "paiements": [{"date": "2024-03-01", "montant": 10000}]}
    a = evaluate(d, as_of="2024-04-01", engine="python")
    f = a.finding("taux_penalites_inferieur_au_minimum")
    assert "125,01 € au plancher" in f.basis and "119,18 € si la clause est écartée" in f.basis
    assert "Lecture appliquée : plancher" in f.basis
    assert str(a.amounts.montant_reclame) == "165.01"
    d["contrat"]["taux_sous_plancher"] = "taux_par_defaut"
    b = evaluate(d, as_of="2024-04-01", engine="python")
    assert str(b.amounts.montant_reclame) == "159.18"
    assert str(b.finding("penalites_de_retard_dues").value) == "119.18"
    assert "Lecture appliquée : clause écartée" in b.finding("taux_penalites_inferieur_au_minimum").basis


def test_the_privileged_post_opening_claim_is_claimed_from_the_debtor():
    # L622-21 I does not stay a claim of L622-17 I: the creditor asks the debtor to pay F2, and only F2 — the
    # claimable part of the décompte, 1 244,76 € (see test_reclamable), not the 8 357,90 € owed in all.
    a = evaluate(REDRESSEMENT, as_of="2025-04-20", engine="python")
    (x,) = [x for x in a.actions if x.code == "envoyer_mise_en_demeure"]
    assert x.rule == "procedure_collective.reclamer_creance_posterieure"
    assert str(x.amount) == "1244.76" and "L622-21 I" in x.purpose
    # none for a debtor in redressement with pre-opening claims only
    b = evaluate(_sans_f2(), as_of="2025-04-20", engine="python")
    assert not [x for x in b.actions if x.code == "envoyer_mise_en_demeure"]
