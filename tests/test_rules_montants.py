"""Montants dus dans une évaluation : pénalités L441-10, indemnité de 40 €, intérêts moratoires, clause pénale.

Chaque montant est recalculé à la main en commentaire : base × taux × jours / 36 500, arrondi au centime
(demi-centime vers le haut) par ligne, jours comptés du lendemain du départ (échéance ou mise en demeure) au
dernier jour inclus (paiement ou date d'évaluation). Taux des tables du paquet :
- pénalités par défaut (BCE au 1er janvier / 1er juillet + 10 points) : 2024-S1 14,50 % ; 2024-S2 14,25 % ;
  2025-S1 13,15 % ; 2026-S1 12,15 % ; 2026-S2 12,40 % ; 2027-S1 inconnu (BCE connu jusqu'au 03/11/2026) ;
- taux légal « autres cas » : 2017-S1 0,90 % ; 2024-S1 5,07 % ; 2024-S2 4,92 % ; 2025-S1 3,71 % ; 2025-S2
  2,76 % ; 2026-S1 2,62 % ; 2026-S2 2,75 % ; « créancier particulier » : 2025-S1 7,21 % ; 2025-S2 6,65 % ;
  2026-S2 6,84 % ; connu jusqu'au 31/12/2026.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules.institutions.montants_dus import (
    etats_factures,
    limite_taux_legal,
    limite_taux_penalites,
    penalites_factures,
)

D = Decimal
B2B = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"}}
B2C = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "consommateur"}}
C2C = {"creancier": {"qualite": "particulier"}, "debiteur": {"qualite": "particulier"}}


def dossier(parties: dict, factures: list[dict], **over) -> dict:
    return {**parties, "contrat": over.pop("contrat", {"date_conclusion": "2023-01-10"}), "factures": factures, **over}


# The creditor's explicit choice of the C. civ. 1343-1 reading (payments to accrued penalties first): the tests
# below that say so were computed by hand under it; the default reading is in tests/test_decompte.py.
INTERETS_D_ABORD = {"date_conclusion": "2023-01-10", "imputation_paiements": "interets_d_abord"}


def fired(a) -> set[str]:
    return {t.rule for t in a.trace if t.status == "fired"}


def lignes(finding) -> list[tuple]:
    return [(x["du"], x["au"], x["jours"], x["taux"], x["base"], x["montant"]) for x in finding.details.lignes]


def keys(finding) -> list[str]:
    return [c.key for c in finding.citations]


# ------------------------------------------------------------------------------ B2B : pénalités et 40 €


def test_b2b_penalites_sur_deux_semestres_et_indemnite_sans_interets_1231_6():
    # C. com. L441-10 II, sans taux convenu : BCE + 10 points, semestre par semestre.
    # Facture de 10 000 € échue le 15/05/2024, impayée au 20/08/2024 :
    #   2024-S1 (BCE 4,50 % au 01/01) 14,50 % du 16/05 au 30/06 = 16 + 30 = 46 j :
    #     10 000 × 14,50 × 46 / 36 500 = 6 670 000 / 36 500 = 182,7397 → 182,74
    #   2024-S2 (BCE 4,25 % au 01/07) 14,25 % du 01/07 au 20/08 = 31 + 20 = 51 j :
    #     10 000 × 14,25 × 51 / 36 500 = 7 267 500 / 36 500 = 199,1096 → 199,11
    #   total 381,85 € ; D441-5 : 40 € ; action : 381,85 + 40 = 421,85 €.
    # La mise en demeure du 10/06 ne fait pas courir en plus les intérêts de 1231-6 (Cass. com. 24/04/2024).
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2024-04-15",
                                "date_echeance": "2024-05-15"}],
                         evenements=[{"type": "mise_en_demeure", "date": "2024-06-10", "forme": "lrar"}]),
                 "2024-08-20", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("381.85") and p.since == date(2024, 5, 16)
    assert lignes(p) == [
        (date(2024, 5, 16), date(2024, 6, 30), 46, D("14.50"), D("10000.00"), D("182.74")),
        (date(2024, 7, 1), date(2024, 8, 20), 51, D("14.25"), D("10000.00"), D("199.11")),
    ]
    assert set(p.details.lignes[0]) == {"facture", "du", "au", "jours", "taux", "base", "montant", "source"}
    assert p.details.lignes[0]["source"].startswith("Facture F1")
    assert any("365 jours" in h for h in p.details.hypotheses)
    assert any("ROUND_HALF_UP" in h for h in p.details.hypotheses)
    assert {"c_com_l441_10", "cass_com_2024_04_24_22_24275"} <= set(keys(p))
    i = a.finding("indemnite_forfaitaire_due")
    assert i.value == D("40.00") and i.since == date(2024, 5, 16)
    assert {"c_com_d441_5", "cjue_2023_05_04_c_78_22"} <= set(keys(i))
    assert "justification" in i.basis
    # Pas de cumul : la règle des intérêts légaux ne joue pas entre professionnels.
    assert a.finding("interets_moratoires_dus") is None
    assert "interets_moratoires.taux_legal" not in fired(a)
    (act,) = a.actions_of("reclamer_penalites_et_indemnite")
    assert act.amount == D("421.85")
    assert "sur justification" in act.purpose and "1231-6" in act.purpose
    # Bloc « montants » : principal 10 000 + 381,85 + 40 = 10 421,85 €.
    assert a.amounts.principal_restant_du == D("10000.00")
    assert [(x.code, x.montant) for x in a.amounts.items] == [
        ("penalites_de_retard_dues", D("381.85")), ("indemnite_forfaitaire_due", D("40.00"))]
    assert len(a.amounts.items[0].lignes) == 2
    assert a.amounts.total == D("10421.85")
    assert not [w for w in a.warnings if w.code == "taux_inconnu"]
    a.to_json()  # le détail (lignes, imputation) se sérialise


def test_b2b_taux_convenu_inferieur_au_plancher_facture_payee_en_retard():
    # L441-10 II : le taux convenu ne peut être inférieur à 3 × le taux légal. 2024-S1 : 3 × 5,07 = 15,21 % > 5 %.
    # Facture de 10 000 € échue le 31/01/2024 ; 10 000 € payés le 01/03/2024 : du 01/02 au 01/03 = 29 + 1 = 30 j au
    # plancher : 10 000 × 15,21 × 30 / 36 500 = 4 563 000 / 36 500 = 125,0137 → 125,01.
    # C. civ. 1343-1 : le paiement paie d'abord ces 125,01 € de pénalités, puis 10 000 − 125,01 = 9 874,99 € de
    # principal ; restent 125,01 € de principal, qui portent pénalités du 02/03 au 01/04/2024 = 30 + 1 = 31 j :
    #   125,01 × 15,21 × 31 / 36 500 = 58 943,4651 / 36 500 = 1,6149 → 1,61, seules pénalités restant dues.
    # D441-5 : payée en retard, 40 € restent dus ; action : 1,61 + 40 = 41,61 €.
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2024-01-02",
                                "date_echeance": "2024-01-31"}],
                         contrat={"date_conclusion": "2023-06-01", "taux_penalites": 5, "imputation_paiements": "interets_d_abord"},
                         paiements=[{"date": "2024-03-01", "montant": 10000}]),
                 "2024-04-01", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("1.61")
    assert lignes(p) == [(date(2024, 2, 1), date(2024, 3, 1), 30, D("15.21"), D("10000.00"), D("125.01")),
                         (date(2024, 3, 2), date(2024, 4, 1), 31, D("15.21"), D("125.01"), D("1.61"))]
    assert (p.details.accessoires_courus, p.details.accessoires_payes) == (D("126.62"), D("125.01"))
    assert p.details.principal_restant_du_apres_imputation == D("125.01")
    assert "cmf_l313_2" in keys(p) and "c_civ_1343_1" in keys(p)
    f = a.finding("taux_penalites_inferieur_au_minimum")
    assert f.value is True and f.since == date(2024, 1, 1)
    assert "15,21 %" in f.basis and "L441-16" in f.basis and "75 000 €" in f.basis
    assert f.details == [{"du": date(2024, 1, 1), "au": date(2024, 6, 30), "plancher": D("15.21"),
                          "taux_contractuel": D("5"), "texte": f.details[0]["texte"]}]
    assert "c_com_l441_16" in keys(f)
    assert a.finding("indemnite_forfaitaire_due").value == D("40.00")
    assert a.actions_of("reclamer_penalites_et_indemnite")[0].amount == D("41.61")
    # amounts: principal left by 1343-1 (125,01) + penalties still due (1,61) + 40 € = 166,62 €
    assert (a.amounts.principal_restant_du, a.amounts.total) == (D("125.01"), D("166.62"))


def test_b2b_taux_convenu_au_dessus_du_plancher_s_applique_tel_quel():
    # Taux convenu 20 % ≥ 15,21 % : il s'applique. 30 j : 10 000 × 20 × 30 / 36 500 = 6 000 000 / 36 500 = 164,3835 → 164,38.
    # 1343-1 : les 10 000 € du 01/03 paient ces 164,38 € puis 9 835,62 € de principal ; 164,38 € de principal portent
    # 20 % du 02/03 au 01/04 = 31 j : 164,38 × 20 × 31 / 36 500 = 101 915,6 / 36 500 = 2,7922 → 2,79 restant dus.
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2024-01-02",
                                "date_echeance": "2024-01-31"}],
                         contrat={"date_conclusion": "2023-06-01", "taux_penalites": 20, "imputation_paiements": "interets_d_abord"},
                         paiements=[{"date": "2024-03-01", "montant": 10000}]),
                 "2024-04-01", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("2.79") and p.details.accessoires_payes == D("164.38")
    assert p.details.principal_restant_du_apres_imputation == D("164.38")
    assert a.finding("taux_penalites_inferieur_au_minimum") is None


def test_b2b_principal_paye_en_retard_paie_d_abord_les_penalites_indemnite_due():
    # 5 000 € échus le 31/03/2025, 5 000 € payés le 30/04/2025 ; évaluation au 15/06/2025.
    # 2025-S1 : BCE 3,15 % au 01/01/2025 → 13,15 %. Du 01/04 au 30/04 = 30 j :
    #   5 000 × 13,15 × 30 / 36 500 = 1 972 500 / 36 500 = 54,0411 → 54,04.
    # C. civ. 1343-1 : le paiement paie ces 54,04 € puis 4 945,96 € de principal ; 54,04 € de principal restent et
    # portent pénalités du 01/05 au 15/06 = 31 + 15 = 46 j : 54,04 × 13,15 × 46 / 36 500 = 32 688,796 / 36 500
    #   = 0,8956 → 0,90 restant dus ; + 40 € (D441-5) : action 40,90 €.
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 5000, "date_emission": "2025-03-01",
                                "date_echeance": "2025-03-31"}],
                         contrat=INTERETS_D_ABORD, paiements=[{"date": "2025-04-30", "montant": 5000}]),
                 "2025-06-15", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert lignes(p) == [(date(2025, 4, 1), date(2025, 4, 30), 30, D("13.15"), D("5000.00"), D("54.04")),
                         (date(2025, 5, 1), date(2025, 6, 15), 46, D("13.15"), D("54.04"), D("0.90"))]
    assert p.value == D("0.90") and p.details.principal_restant_du_apres_imputation == D("54.04")
    assert p.details.imputation == [{"date": date(2025, 4, 30), "facture": "F1", "montant": D("5000.00"),
                                     "aux_interets": D("54.04"), "au_principal": D("4945.96"),
                                     "principal_apres": D("54.04"), "regle": "plus_ancienne"}]
    assert a.finding("indemnite_forfaitaire_due").value == D("40.00")
    assert a.actions_of("reclamer_penalites_et_indemnite")[0].amount == D("40.90")
    # amounts: 54,04 (principal after 1343-1) + 0,90 + 40 = 94,94 €
    assert (a.amounts.principal_restant_du, a.amounts.total) == (D("54.04"), D("94.94"))


def test_b2b_facture_payee_a_l_echeance_rien_n_est_du():
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 5000, "date_emission": "2025-03-01",
                                "date_echeance": "2025-03-31"}],
                         paiements=[{"date": "2025-03-31", "montant": 5000}]),
                 "2025-06-15", engine="python")
    assert a.finding("penalites_de_retard_dues") is None and a.finding("indemnite_forfaitaire_due") is None
    assert not a.actions_of("reclamer_penalites_et_indemnite")


def test_b2b_paiement_partiel_impute_sur_la_plus_ancienne_facture():
    # F1 6 000 € échue le 31/01/2025, F2 4 000 € échue le 28/02/2025 ; 5 000 € payés le 10/03/2025 sans
    # désignation. C. civ. 1342-10 : dettes échues toutes deux ; intérêt égal ; la plus ancienne (F1) reçoit
    # les 5 000 € (son solde, 6 000 € + pénalités courues, les dépasse). Pénalités au 30/04/2025, 13,15 % (2025-S1) :
    #   F1 : 6 000 € du 01/02 au 10/03 = 28 + 10 = 38 j : 6 000 × 13,15 × 38 / 36 500 = 2 998 200 / 36 500 = 82,1425 → 82,14
    #        1343-1 : les 5 000 € paient ces 82,14 € puis 4 917,86 € de principal ; reste 6 000 − 4 917,86 = 1 082,14 €
    #        1 082,14 € du 11/03 au 30/04 = 21 + 30 = 51 j : 1 082,14 × 13,15 × 51 / 36 500 = 725 737,191 / 36 500
    #        = 19,8832 → 19,88
    #   F2 : 4 000 € du 01/03 au 30/04 = 31 + 30 = 61 j : 4 000 × 13,15 × 61 / 36 500 = 3 208 600 / 36 500 = 87,9068 → 87,91
    #   courues 82,14 + 19,88 + 87,91 = 189,93 € ; payées 82,14 € ; restant dues 19,88 + 87,91 = 107,79 € ;
    #   principal restant dû 1 082,14 + 4 000 = 5 082,14 € ; indemnité 2 × 40 = 80 €.
    a = evaluate(dossier(B2B, [
        {"numero": "F1", "montant_ttc": 6000, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"},
        {"numero": "F2", "montant_ttc": 4000, "date_emission": "2025-01-29", "date_echeance": "2025-02-28"},
    ], contrat=INTERETS_D_ABORD, paiements=[{"date": "2025-03-10", "montant": 5000}]), "2025-04-30", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("107.79")
    assert lignes(p) == [
        (date(2025, 2, 1), date(2025, 3, 10), 38, D("13.15"), D("6000.00"), D("82.14")),
        (date(2025, 3, 11), date(2025, 4, 30), 51, D("13.15"), D("1082.14"), D("19.88")),
        (date(2025, 3, 1), date(2025, 4, 30), 61, D("13.15"), D("4000.00"), D("87.91")),
    ]
    assert [(x["facture"], x["couru"], x["paye"], x["montant"], x["principal_restant_du"])
            for x in p.details.factures] == [("F1", D("102.02"), D("82.14"), D("19.88"), D("1082.14")),
                                             ("F2", D("87.91"), D("0.00"), D("87.91"), D("4000.00"))]
    assert p.details.imputation == [{"date": date(2025, 3, 10), "facture": "F1", "montant": D("5000.00"),
                                     "aux_interets": D("82.14"), "au_principal": D("4917.86"),
                                     "principal_apres": D("1082.14"), "regle": "plus_ancienne"}]
    assert p.details.principal_restant_du_apres_imputation == D("5082.14")
    assert any("1342-10" in h and "1343-1" in h for h in p.details.hypotheses)
    assert {"c_civ_1342_10", "c_civ_1343_1"} <= set(keys(p))
    assert a.finding("indemnite_forfaitaire_due").value == D("80.00")


def test_b2b_paiement_designe_par_le_debiteur():
    # Même dossier, mais 4 000 € payés le 10/03/2025 en désignant F2 (1342-10 al. 1 : choix du débiteur) :
    #   F2 : du 01/03 au 10/03 = 10 j : 4 000 × 13,15 × 10 / 36 500 = 526 000 / 36 500 = 14,4110 → 14,41 ; 1343-1, même
    #        sur la dette désignée : les 4 000 € paient ces 14,41 € puis 3 985,59 € de principal ; restent 14,41 € de
    #        principal du 11/03 au 30/04 = 51 j : 14,41 × 13,15 × 51 / 36 500 = 9 664,0665 / 36 500 = 0,2648 → 0,26
    #   F1 impayée : du 01/02 au 30/04 = 28 + 31 + 30 = 89 j : 6 000 × 13,15 × 89 / 36 500 = 7 022 100 / 36 500 = 192,3863 → 192,39
    #   restant dues 192,39 + 0,26 = 192,65 € ; principal 6 000 + 14,41 = 6 014,41 € ; 2 × 40 = 80 €.
    a = evaluate(dossier(B2B, [
        {"numero": "F1", "montant_ttc": 6000, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"},
        {"numero": "F2", "montant_ttc": 4000, "date_emission": "2025-01-29", "date_echeance": "2025-02-28"},
    ], contrat=INTERETS_D_ABORD, paiements=[{"date": "2025-03-10", "montant": 4000, "facture": "F2"}]), "2025-04-30",
        engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("192.65")
    assert [(x["facture"], x["montant"]) for x in p.details.factures] == [("F1", D("192.39")), ("F2", D("0.26"))]
    assert p.details.principal_restant_du_apres_imputation == D("6014.41")
    assert p.details.imputation[0]["regle"] == "choix_du_debiteur"
    assert a.finding("indemnite_forfaitaire_due").value == D("80.00")


def test_b2b_procedure_collective_ni_penalites_ni_indemnite():
    # L441-10 II (dernière phrase, lue pour l'ancien L441-6) : pas d'indemnité quand la procédure interdit le
    # paiement à l'échéance ; L622-28 : le cours des intérêts et pénalités est arrêté. Rien n'est calculé.
    base = dossier(B2B, [{"numero": "F1", "montant_ttc": 7000, "date_emission": "2025-01-02",
                          "date_echeance": "2025-01-31"}])
    a = evaluate({**base, "procedure_collective": {"type": "sauvegarde", "date_jugement": "2025-03-03"}},
                 "2025-04-01", engine="python")
    assert a.finding("penalites_de_retard_dues") is None and a.finding("indemnite_forfaitaire_due") is None
    assert not a.actions_of("reclamer_penalites_et_indemnite")
    (w,) = [w for w in a.warnings if w.rule == "penalites_l441_10.procedure_collective"]
    assert w.code == "droit_incertain" and "L441-6" in w.message and "supposée" in w.message
    # Avant le jugement, les pénalités courent : du 01/02 au 01/03/2025 = 28 + 1 = 29 j à 13,15 % :
    #   7 000 × 13,15 × 29 / 36 500 = 2 669 450 / 36 500 = 73,1356 → 73,14.
    before = evaluate({**base, "procedure_collective": {"type": "sauvegarde", "date_jugement": "2025-03-03"}},
                      "2025-03-01", engine="python")
    assert before.finding("penalites_de_retard_dues").value == D("73.14")


def test_b2b_date_au_dela_de_la_table_avertit_sans_planter():
    # 10 000 € échus le 30/11/2026, impayés au 22/05/2027. 2026-S2 : BCE 2,40 % au 01/07/2026 → 12,40 %
    # (L441-10 II), du 01/12 au 31/12 = 31 j : 10 000 × 12,40 × 31 / 36 500 = 3 844 000 / 36 500 = 105,3151 → 105,32.
    # 2027-S1 : taux BCE au 01/01/2027 absent de la table (connue jusqu'au 03/11/2026) : rien n'est calculé
    # après le 31/12/2026, le dernier taux n'est pas reconduit ; la période manquante est dite.
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2026-11-01",
                                "date_echeance": "2026-11-30"}]), "2027-05-22", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("105.32")
    assert lignes(p) == [(date(2026, 12, 1), date(2026, 12, 31), 31, D("12.40"), D("10000.00"), D("105.32"))]
    assert p.details.periodes_non_calculees == [
        {"facture": "F1", "du": date(2027, 1, 1), "au": date(2027, 5, 22), "motif": p.details.periodes_non_calculees[0]["motif"]}]
    # one warning, from the calculator, naming the missing period (the rates can be supplied: taux_fournis)
    assert [w.rule for w in a.warnings if w.code == "taux_inconnu"] == ["penalites_l441_10.penalites_de_retard"]
    detail = [w for w in a.warnings if "du 01/01/2027 au 22/05/2027" in w.message]
    assert len(detail) == 1 and "03/11/2026" in detail[0].message
    assert a.finding("indemnite_forfaitaire_due").value == D("40.00")


def test_b2b_taux_convenu_au_dela_de_la_table_du_taux_legal():
    # Avec un taux convenu (15 %), le plancher dépend du taux légal, connu jusqu'au 31/12/2026 :
    # 2026-S2 plancher 3 × 2,75 = 8,25 % < 15 % ; du 01/12 au 31/12, 31 j :
    #   10 000 × 15 × 31 / 36 500 = 4 650 000 / 36 500 = 127,3973 → 127,40 ; rien après le 31/12/2026.
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2026-11-01",
                                "date_echeance": "2026-11-30"}],
                         contrat={"date_conclusion": "2025-01-10", "taux_penalites": 15}),
                 "2027-05-22", engine="python")
    assert a.finding("penalites_de_retard_dues").value == D("127.40")
    assert any(w.code == "taux_inconnu" for w in a.warnings)
    assert a.finding("taux_penalites_inferieur_au_minimum") is None


# ------------------------------------------------------------------------------ délais de paiement


@pytest.mark.parametrize("delai, attendu", [
    ({"jours": 90}, True),                        # > 60 jours date de facture
    ({"jours": 60}, False),                       # au plafond
    ({"jours": 45, "fin_de_mois": True}, False),  # 45 jours fin de mois : dérogation permise
    ({"jours": 50, "fin_de_mois": True}, True),   # > 45 jours fin de mois
])
def test_delai_paiement_excessif(delai, attendu):
    # C. com. L441-10 I : au plus 60 jours à compter de la facture, ou 45 jours fin de mois (dérogation) ;
    # L441-16 : amende administrative jusqu'à 75 000 € (personne physique) / 2 000 000 € (personne morale).
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 1500, "date_emission": "2025-01-10"}],
                         contrat={"date_conclusion": "2024-09-01", "delai_paiement": delai}),
                 "2025-02-01", engine="python")
    f = a.finding("delai_paiement_excessif")
    if not attendu:
        assert f is None
        return
    assert f.value is True
    assert "75 000 €" in f.basis and "2 000 000 €" in f.basis and "L441-16" in f.basis
    assert {"c_com_l441_10", "c_com_l441_16"} <= set(keys(f))
    assert f.details["jours_convenus"] == delai["jours"]


def test_delai_paiement_excessif_contrat_ancien_et_consommateur():
    # Contrat de 2015 : mêmes plafonds (loi LME), sous l'ancien L441-6 (exception labellisée).
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 1500, "date_emission": "2025-01-10"}],
                         contrat={"date_conclusion": "2015-09-01", "delai_paiement": {"jours": 90}}),
                 "2025-02-01", engine="python")
    assert "penalites_l441_10.delai_paiement_excessif_l441_6_ancien" in fired(a)
    assert "c_com_l441_6_ancien" in keys(a.finding("delai_paiement_excessif"))
    # Hors relations entre professionnels, L441-10 I ne s'applique pas.
    b = evaluate(dossier(B2C, [{"numero": "F1", "montant_ttc": 1500, "date_emission": "2025-01-10"}],
                         contrat={"date_conclusion": "2024-09-01", "delai_paiement": {"jours": 90}}),
                 "2025-02-01", engine="python")
    assert b.finding("delai_paiement_excessif") is None


# ------------------------------------------------------------------------------ intérêts moratoires


def _b2c_mise_en_demeure(parties: dict) -> dict:
    return dossier(parties, [{"numero": "F1", "montant_ttc": 2000, "date_emission": "2025-02-01",
                              "date_echeance": "2025-03-01"}],
                   contrat={"date_conclusion": "2024-11-01"},
                   evenements=[{"type": "mise_en_demeure", "date": "2025-05-15", "forme": "lrar"}])


def test_b2c_interets_taux_autres_cas_creancier_professionnel():
    # C. civ. 1344-1, 1231-6 : intérêts du lendemain de la mise en demeure du 15/05/2025 ; L313-2 : créancier
    # professionnel → « autres cas », même contre un consommateur.
    #   du 16/05 au 30/06 = 16 + 30 = 46 j à 3,71 % : 2 000 × 3,71 × 46 / 36 500 = 341 320 / 36 500 = 9,3512 → 9,35
    #   du 01/07 au 30/09 = 31 + 31 + 30 = 92 j à 2,76 % : 2 000 × 2,76 × 92 / 36 500 = 507 840 / 36 500 = 13,9134 → 13,91
    #   total 23,26 €.
    a = evaluate(_b2c_mise_en_demeure(B2C), "2025-09-30", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == D("23.26") and f.since == date(2025, 5, 15)
    assert lignes(f) == [
        (date(2025, 5, 16), date(2025, 6, 30), 46, D("3.71"), D("2000.00"), D("9.35")),
        (date(2025, 7, 1), date(2025, 9, 30), 92, D("2.76"), D("2000.00"), D("13.91")),
    ]
    assert {"c_civ_1344_1", "c_civ_1231_6", "cmf_l313_2"} <= set(keys(f)) and "c_civ_1153_ancien" not in keys(f)
    assert "interets_moratoires.categorie_autres_cas" in fired(a)
    assert any("« autres cas »" in h for h in f.details.hypotheses)
    assert a.finding("penalites_de_retard_dues") is None and a.finding("indemnite_forfaitaire_due") is None
    assert not a.actions_of("reclamer_penalites_et_indemnite")
    assert [(x.code, x.montant) for x in a.amounts.items] == [("interets_moratoires_dus", D("23.26"))]
    assert a.amounts.total == D("2023.26")


def test_interets_taux_creancier_particulier():
    # L313-2 : créancier personne physique hors besoins professionnels → taux « créancier particulier ».
    #   46 j à 7,21 % : 2 000 × 7,21 × 46 / 36 500 = 663 320 / 36 500 = 18,1732 → 18,17
    #   92 j à 6,65 % : 2 000 × 6,65 × 92 / 36 500 = 1 223 600 / 36 500 = 33,5233 → 33,52 ; total 51,69 €.
    a = evaluate(_b2c_mise_en_demeure(C2C), "2025-09-30", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == D("51.69")
    assert [x["taux"] for x in f.details.lignes] == [D("7.21"), D("6.65")]
    assert "interets_moratoires.categorie_creancier_particulier" in fired(a)


def test_pas_d_interets_sans_mise_en_demeure():
    # 1344-1 : c'est la mise en demeure qui fait courir les intérêts ; sans elle, rien.
    d = _b2c_mise_en_demeure(B2C)
    d["evenements"] = []
    a = evaluate(d, "2025-09-30", engine="python")
    assert a.finding("interets_moratoires_dus") is None


def test_contrat_anterieur_a_2016_cite_l_ancien_article_1153():
    # Ord. 2016-131 art. 9 : contrat du 01/06/2015 → ancien art. 1153. Sommation du 01/03/2017 ;
    # du 02/03 au 31/05/2017 = 30 + 30 + 31 = 91 j à 0,90 % (autres cas, 2017-S1) :
    #   3 000 × 0,90 × 91 / 36 500 = 245 700 / 36 500 = 6,7315 → 6,73.
    a = evaluate(dossier(B2C, [{"numero": "F1", "montant_ttc": 3000, "date_emission": "2017-01-02",
                                "date_echeance": "2017-01-31"}],
                         contrat={"date_conclusion": "2015-06-01"},
                         evenements=[{"type": "sommation", "date": "2017-03-01",
                                      "forme": "acte_commissaire_de_justice"}]),
                 "2017-05-31", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == D("6.73") and f.rule == "interets_moratoires.taux_legal_1153_ancien"
    assert "c_civ_1153_ancien" in keys(f) and "c_civ_1231_6" not in keys(f) and "c_civ_1344_1" not in keys(f)
    assert "interets_moratoires.taux_legal" not in fired(a)


def test_majoration_de_cinq_points_deux_mois_apres_le_titre_executoire():
    # 1 000 €, mise en demeure du 01/02/2025, titre exécutoire (supposé signifié) le 10/03/2025 :
    # L313-3 : + 5 points à compter du 11/05/2025 (10/03 + 2 mois = 10/05, majoration le lendemain).
    #   du 02/02 au 10/05 = 27 + 31 + 30 + 10 = 98 j à 3,71 % : 1 000 × 3,71 × 98 / 36 500 = 363 580 / 36 500 = 9,9611 → 9,96
    #   du 11/05 au 30/06 = 21 + 30 = 51 j à 8,71 % : 1 000 × 8,71 × 51 / 36 500 = 444 210 / 36 500 = 12,1701 → 12,17
    #   total 22,13 €.
    a = evaluate(dossier(B2C, [{"numero": "F1", "montant_ttc": 1000, "date_emission": "2025-01-02",
                                "date_echeance": "2025-01-15"}],
                         evenements=[{"type": "mise_en_demeure", "date": "2025-02-01", "forme": "lrar"},
                                     {"type": "titre_executoire", "date": "2025-03-10"}]),
                 "2025-06-30", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == D("22.13")
    assert lignes(f) == [
        (date(2025, 2, 2), date(2025, 5, 10), 98, D("3.71"), D("1000.00"), D("9.96")),
        (date(2025, 5, 11), date(2025, 6, 30), 51, D("8.71"), D("1000.00"), D("12.17")),
    ]
    assert "cmf_l313_3" in keys(f) and "interets_moratoires.majoration_l313_3" in fired(a)
    assert any("signifiée" in h for h in f.assumptions)
    assert any("juge de l'exécution" in w.message for w in a.warnings)


def test_interets_facture_par_facture_selon_la_mise_en_demeure_qui_la_vise():
    # F1 échue le 31/01/2025, F2 échue le 30/04/2025 ; mise en demeure du 01/03/2025 : F2 n'était pas exigible,
    # elle n'est pas en demeure (1344 suppose une dette exigible). Au 31/05/2025 :
    #   F1 : du 02/03 au 31/05 = 30 + 30 + 31 = 91 j à 3,71 % : 1 000 × 3,71 × 91 / 36 500 = 337 610 / 36 500 = 9,2496 → 9,25
    a = evaluate(dossier(B2C, [
        {"numero": "F1", "montant_ttc": 1000, "date_emission": "2025-01-02", "date_echeance": "2025-01-31"},
        {"numero": "F2", "montant_ttc": 1000, "date_emission": "2025-04-01", "date_echeance": "2025-04-30"},
    ], evenements=[{"type": "mise_en_demeure", "date": "2025-03-01", "forme": "lrar"}]), "2025-05-31", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == D("9.25")
    assert any("F2" in h and "aucune mise en demeure" in h for h in f.assumptions)
    # Une seconde lettre du 10/05/2025 visant F2 la met en demeure : du 11/05 au 31/05 = 21 j :
    #   1 000 × 3,71 × 21 / 36 500 = 77 910 / 36 500 = 2,1345 → 2,13 ; total 9,25 + 2,13 = 11,38 €.
    b = evaluate(dossier(B2C, [
        {"numero": "F1", "montant_ttc": 1000, "date_emission": "2025-01-02", "date_echeance": "2025-01-31"},
        {"numero": "F2", "montant_ttc": 1000, "date_emission": "2025-04-01", "date_echeance": "2025-04-30"},
    ], evenements=[{"type": "mise_en_demeure", "date": "2025-03-01", "forme": "lrar"},
                   {"type": "mise_en_demeure", "date": "2025-05-10", "forme": "lrar", "factures": ["F2"]}]),
        "2025-05-31", engine="python")
    assert b.finding("interets_moratoires_dus").value == D("11.38")


def test_b2c_au_dela_de_la_table_du_taux_legal():
    # 2 000 €, mise en demeure du 15/11/2026 ; taux légal connu jusqu'au 31/12/2026 (arrêté du 26 juin 2026) :
    #   du 16/11 au 31/12 = 15 + 31 = 46 j à 2,75 % : 2 000 × 2,75 × 46 / 36 500 = 253 000 / 36 500 = 6,9315 → 6,93 ;
    #   rien ensuite.
    a = evaluate(dossier(B2C, [{"numero": "F1", "montant_ttc": 2000, "date_emission": "2026-08-01",
                                "date_echeance": "2026-10-01"}],
                         contrat={"date_conclusion": "2025-06-01"},
                         evenements=[{"type": "mise_en_demeure", "date": "2026-11-15", "forme": "lrar"}]),
                 "2027-05-22", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == D("6.93") and max(x["au"] for x in f.details.lignes) == date(2026, 12, 31)
    assert [w.rule for w in a.warnings if w.code == "taux_inconnu"] == ["interets_moratoires.taux_legal"]
    assert any("du 01/01/2027 au 22/05/2027" in w.message for w in a.warnings)


# ------------------------------------------------------------------------------ clause pénale, capitalisation, gestion


def test_clause_penale_consommateur_enregistree_et_presomption_d_abus():
    # 1231-5 : encourue depuis la mise en demeure du 10/04/2025, réductible par le juge ; R212-2 3° :
    # présomption (simple) d'abus si manifestement disproportionnée — le juge décide. Non ajoutée au total.
    a = evaluate(dossier(B2C, [{"numero": "F1", "montant_ttc": 1200, "date_emission": "2025-02-01",
                                "date_echeance": "2025-03-01"}],
                         contrat={"date_conclusion": "2024-05-01", "clause_penale": 500},
                         evenements=[{"type": "mise_en_demeure", "date": "2025-04-10", "forme": "lrar"}]),
                 "2025-06-30", engine="python")
    f = a.finding("clause_penale_stipulee")
    assert f.value == D("500.00") and f.since == date(2025, 4, 10)
    assert "encourue depuis la mise en demeure du 10/04/2025" in f.basis and "réduire" in f.basis
    (w,) = [w for w in a.warnings if w.rule == "clause_penale.presomption_abus_consommateur"]
    assert "présumée abusive" in w.message and "juge qui décide" in w.message
    assert [c.key for c in w.citations][0] == "c_conso_r212_2"
    assert "clause_penale_stipulee" not in [x.code for x in a.amounts.items]


def test_clause_penale_entre_professionnels_sans_mise_en_demeure():
    # Pas de présomption consumériste entre professionnels ; sans mise en demeure, la clause n'est pas encore
    # encourue (1231-5 al. 5).
    a = evaluate(dossier(B2B, [{"numero": "F1", "montant_ttc": 8000, "date_emission": "2025-02-01",
                                "date_echeance": "2025-03-01"}],
                         contrat={"date_conclusion": "2024-05-01", "clause_penale": 1000}),
                 "2025-06-30", engine="python")
    f = a.finding("clause_penale_stipulee")
    assert f.value == D("1000.00") and f.since is None and "pas encore encourue" in f.basis
    assert "clause_penale.presomption_abus_consommateur" not in fired(a)


def test_capitalisation_des_interets_dus_pour_une_annee_entiere():
    # 1343-2 : avec une clause, les intérêts dus pour une année entière produisent intérêt. Mise en demeure du
    # 15/02/2024 ; un an le 15/02/2025. 10 000 €, taux « autres cas » :
    #   du 16/02 au 30/06/2024 = 14 + 31 + 30 + 31 + 30 = 136 j à 5,07 % : 10 000 × 5,07 × 136 / 36 500 = 188,9096 → 188,91
    #   du 01/07 au 31/12/2024 = 184 j à 4,92 % : 10 000 × 4,92 × 184 / 36 500 = 248,0219 → 248,02
    #   du 01/01 au 15/02/2025 = 31 + 15 = 46 j à 3,71 % : 10 000 × 3,71 × 46 / 36 500 = 46,7562 → 46,76
    #   capitalisables : 483,69 €.
    d = dossier(B2C, [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2024-01-02",
                       "date_echeance": "2024-01-31"}],
                contrat={"date_conclusion": "2023-05-01", "clause_capitalisation": True},
                evenements=[{"type": "mise_en_demeure", "date": "2024-02-15", "forme": "lrar"}])
    a = evaluate(d, "2025-04-30", engine="python")
    assert a.finding("interets_capitalisables").value == D("483.69")
    assert "c_civ_1343_2" in keys(a.finding("interets_capitalisables"))
    # Moins d'une année entière : rien n'est capitalisable ; sans clause : rien non plus.
    assert evaluate(d, "2025-02-14", engine="python").finding("interets_capitalisables") is None
    sans = {**d, "contrat": {"date_conclusion": "2023-05-01"}}
    assert evaluate(sans, "2025-04-30", engine="python").finding("interets_capitalisables") is None


def test_chiffre_affaires_compensatoire():
    # Indicateur de gestion : 1 000 € restant dus / 5 % de marge = 20 000 € de chiffre d'affaires.
    d = dossier(B2B, [{"numero": "F1", "montant_ttc": 1000, "date_emission": "2025-01-02",
                       "date_echeance": "2025-01-31"}], taux_marge=5)
    a = evaluate(d, "2025-02-15", engine="python")
    f = a.finding("chiffre_affaires_compensatoire")
    assert f.value == D("20000.00") and "sans portée juridique" in f.basis
    assert evaluate({**d, **C2C}, "2025-02-15", engine="python").finding("chiffre_affaires_compensatoire") is None


# ------------------------------------------------------------------------------ calculs seuls, moteurs


def test_taux_fournis_prolongent_le_calcul():
    # Fonction de calcul seule : un taux BCE fourni pour le 01/01/2027 (2,65 %) prolonge le décompte.
    # 2026-S2 : 12,40 % du 01/12 au 31/12/2026 = 31 j : 105,32 (voir plus haut).
    # 2027-S1 : 12,65 % du 01/01 au 22/05/2027 = 31 + 28 + 31 + 30 + 22 = 142 j :
    #   10 000 × 12,65 × 142 / 36 500 = 17 963 000 / 36 500 = 492,1370 → 492,14 ; total 105,32 + 492,14 = 597,46.
    fournis = {date(2027, 1, 1): D("2.65")}
    assert limite_taux_penalites(None) == date(2026, 12, 31)
    assert limite_taux_penalites(None, fournis) == date(2027, 6, 30)
    assert limite_taux_legal() == date(2026, 12, 31)
    assert limite_taux_legal({date(2027, 1, 1): D("2.50")}) == date(2027, 6, 30)
    etats, _ = etats_factures([("F1", D("10000.00"), date(2026, 11, 30), date(2026, 11, 1))], [])
    d = penalites_factures(etats, date(2027, 5, 22), taux_bce_fournis=fournis)
    assert d.total == D("597.46") and not d.detail.periodes_non_calculees
    assert any("fourni par l'utilisateur" in w for w in d.avertissements)


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
@pytest.mark.parametrize("case", [
    (dossier(B2B, [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2026-05-01", "date_echeance": "2026-05-31"}],
             contrat={"date_conclusion": "2025-01-10", "taux_penalites": 5}), "2026-11-22"),
    (_b2c_mise_en_demeure(C2C), "2025-09-30"),
])
def test_les_deux_moteurs_concluent_pareil(case):
    d, as_of = case
    left, right = evaluate(d, as_of, engine="durable").to_dict(), evaluate(d, as_of, engine="python").to_dict()
    left.pop("engine"), right.pop("engine")
    assert left == right
