"""Paiements partiels : imputation entre factures (C. civ. 1342-10), puis sur les accessoires avant le principal (1343-1).

Textes lus : C. civ. 1343-1 al. 1 « Lorsque l'obligation de somme d'argent porte intérêt, le débiteur se libère
en versant le principal et les intérêts. Le paiement partiel s'impute d'abord sur les intérêts. » ; ancien
art. 1254 (contrats antérieurs au 1er octobre 2016) « le paiement fait sur le capital et intérêts, mais qui
n'est point intégral, s'impute d'abord sur les intérêts ».

Chaque montant est recalculé à la main : base × taux × jours / 36 500, arrondi au centime (demi-centime vers
le haut) par ligne ; jours du lendemain du départ au jour du paiement inclus, puis du lendemain du paiement
sur la nouvelle base. Taux des tables du paquet : pénalités par défaut 2025-S1 13,15 % (BCE 3,15 %), 2025-S2
12,15 % (BCE 2,15 %) ; taux légal « autres cas » 2017-S1 0,90 %, 2024-S1 5,07 %, 2024-S2 4,92 %, 2025-S1
3,71 %, 2025-S2 2,76 % ; « créancier particulier » 2025-S1 7,21 %, 2025-S2 6,65 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate as _evaluate
from creances_rules.rulebook.engines import durable_engine


def evaluate(dossier: dict, *args, **kwargs):
    """Every dossier here is evaluated under the 1343-1 reading, chosen explicitly by the creditor
    (contrat.imputation_paiements = interets_d_abord; the default is principal_d_abord, tests/test_decompte.py)."""
    contrat = {"imputation_paiements": "interets_d_abord", **dossier.get("contrat", {})}
    return _evaluate({**dossier, "contrat": contrat}, *args, **kwargs)


D = Decimal
B2B = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"}}
B2C = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "consommateur"}}
C2C = {"creancier": {"qualite": "particulier"}, "debiteur": {"qualite": "particulier"}}


def lignes(finding) -> list[tuple]:
    return [(x["du"], x["au"], x["jours"], x["taux"], x["base"], x["montant"]) for x in finding.details.lignes]


def parts(finding) -> list[tuple]:
    return [(x["date"], x["facture"], x["montant"], x["aux_interets"], x["au_principal"], x["principal_apres"],
             x["regle"]) for x in finding.details.imputation]


def keys(finding) -> list[str]:
    return [c.key for c in finding.citations]


def _b2b_un_paiement(**over) -> dict:
    return {**B2B, "contrat": {"date_conclusion": "2024-06-01"},
            "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2025-01-01",
                          "date_echeance": "2025-01-31"}],
            "paiements": [{"date": "2025-03-31", "montant": 3000}], **over}


def test_b2b_le_paiement_paie_d_abord_les_penalites_puis_le_principal():
    # L441-10 II : pénalités sans rappel dès le 01/02/2025, taux BCE + 10 = 13,15 % (2025-S1).
    #   du 01/02 au 31/03 = 28 + 31 = 59 j sur 10 000 : 10 000 × 13,15 × 59 / 36 500 = 7 758 500 / 36 500 = 212,5616 → 212,56
    # 1343-1 : les 3 000 € du 31/03 (sans désignation ; 1342-10 : seule facture) paient 212,56 € de pénalités, puis
    #   3 000 − 212,56 = 2 787,44 € de principal → base 10 000 − 2 787,44 = 7 212,56 € à partir du 01/04.
    #   du 01/04 au 30/06 = 30 + 31 + 30 = 91 j à 13,15 % : 7 212,56 × 13,15 × 91 / 36 500 = 8 630 909,924 / 36 500
    #     = 236,4633 → 236,46
    #   du 01/07 au 31/08 = 31 + 31 = 62 j à 12,15 % (2025-S2) : 7 212,56 × 12,15 × 62 / 36 500 = 5 433 221,448 / 36 500
    #     = 148,8554 → 148,86
    # Courues 212,56 + 236,46 + 148,86 = 597,88 ; payées 212,56 ; restant dues 236,46 + 148,86 = 385,32 €.
    # Action : 385,32 + 40 (D441-5) = 425,32 €.
    a = evaluate(_b2b_un_paiement(), "2025-08-31", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("385.32")
    assert lignes(p) == [
        (date(2025, 2, 1), date(2025, 3, 31), 59, D("13.15"), D("10000.00"), D("212.56")),
        (date(2025, 4, 1), date(2025, 6, 30), 91, D("13.15"), D("7212.56"), D("236.46")),
        (date(2025, 7, 1), date(2025, 8, 31), 62, D("12.15"), D("7212.56"), D("148.86")),
    ]
    assert parts(p) == [(date(2025, 3, 31), "F1", D("3000.00"), D("212.56"), D("2787.44"), D("7212.56"),
                         "plus_ancienne")]
    d = p.details
    assert (d.accessoires_courus, d.accessoires_payes, d.accessoires_restant_dus) == (
        D("597.88"), D("212.56"), D("385.32"))
    assert d.principal_restant_du_apres_imputation == D("7212.56")
    assert d.factures[0]["principal_restant_du"] == D("7212.56") and d.factures[0]["fin"] == date(2025, 8, 31)
    assert "212,56 € déjà payés" in p.basis and "restent dus 385,32 €" in p.basis and "7\u202f212,56 €" in p.basis
    assert any("1343-1" in h and "principal restant dû après imputation" in h for h in d.hypotheses)  # in words (issue 22)
    assert {"c_civ_1342_10", "c_civ_1343_1", "cass_com_2024_04_24_22_24275", "cass_com_2011_11_02_10_14677",
            "cass_civ1_1995_02_07_92_14216"} <= set(keys(p))
    assert "c_civ_1254_ancien" not in keys(p)
    # Les pénalités comme « intérêts » de 1343-1 : lecture signalée, non tranchée par un texte.
    (w,) = [w for w in a.warnings if "au sens de cet article" in w.message]
    assert w.code == "droit_incertain" and w.rule == "penalites_l441_10.penalites_de_retard"
    assert "212,56 €" in w.message and "22-24.275" in w.message and "92-14.216" in w.message
    assert a.actions_of("reclamer_penalites_et_indemnite")[0].amount == D("425.32")


def test_b2b_sans_paiement_ni_imputation_ni_avertissement():
    # Même facture sans paiement : une ligne par semestre sur 10 000 € ; pas d'imputation, pas de point incertain.
    #   du 01/02 au 30/06 = 28 + 31 + 30 + 31 + 30 = 150 j : 10 000 × 13,15 × 150 / 36 500 = 540,4110 → 540,41
    a = evaluate(_b2b_un_paiement(paiements=[]), "2025-06-30", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("540.41") and p.details.imputation == []
    assert p.details.accessoires_payes == D("0.00") and p.details.principal_restant_du_apres_imputation == D("10000.00")
    assert "c_civ_1343_1" not in keys(p) and not [w for w in a.warnings if "au sens de cet article" in w.message]


def test_b2c_interets_legaux_le_paiement_paie_d_abord_les_interets():
    # C. civ. 1344-1, 1231-6 : intérêts au taux légal « autres cas » (créancier professionnel, L313-2) depuis la mise
    # en demeure du 15/05/2025 sur 2 000 € ; 500 € payés le 10/06/2025.
    #   du 16/05 au 10/06 = 16 + 10 = 26 j à 3,71 % : 2 000 × 3,71 × 26 / 36 500 = 192 920 / 36 500 = 5,2855 → 5,29
    # 1343-1 : 5,29 € aux intérêts, 494,71 € au principal → base 2 000 − 494,71 = 1 505,29 €.
    #   du 11/06 au 30/06 = 20 j à 3,71 % : 1 505,29 × 3,71 × 20 / 36 500 = 111 692,518 / 36 500 = 3,0601 → 3,06
    #   du 01/07 au 30/09 = 92 j à 2,76 % : 1 505,29 × 2,76 × 92 / 36 500 = 382 223,2368 / 36 500 = 10,4719 → 10,47
    # Courus 5,29 + 3,06 + 10,47 = 18,82 ; payés 5,29 ; restant dus 13,53 €.
    a = evaluate({**B2C, "contrat": {"date_conclusion": "2024-11-01"},
                  "factures": [{"numero": "F1", "montant_ttc": 2000, "date_emission": "2025-02-01",
                                "date_echeance": "2025-03-01"}],
                  "evenements": [{"type": "mise_en_demeure", "date": "2025-05-15", "forme": "lrar"}],
                  "paiements": [{"date": "2025-06-10", "montant": 500}]}, "2025-09-30", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == D("13.53")
    assert lignes(f) == [
        (date(2025, 5, 16), date(2025, 6, 10), 26, D("3.71"), D("2000.00"), D("5.29")),
        (date(2025, 6, 11), date(2025, 6, 30), 20, D("3.71"), D("1505.29"), D("3.06")),
        (date(2025, 7, 1), date(2025, 9, 30), 92, D("2.76"), D("1505.29"), D("10.47")),
    ]
    assert parts(f) == [(date(2025, 6, 10), "F1", D("500.00"), D("5.29"), D("494.71"), D("1505.29"), "plus_ancienne")]
    assert f.details.principal_restant_du_apres_imputation == D("1505.29")
    assert {"c_civ_1343_1", "c_civ_1231_6", "c_civ_1344_1"} <= set(keys(f))
    # 1343-1 al. 2 : « L'intérêt est accordé par la loi » ; pour l'intérêt légal, pas de point incertain signalé.
    assert not [w for w in a.warnings if "au sens de cet article" in w.message]
    assert a.finding("penalites_de_retard_dues") is None


def test_paiement_inferieur_aux_interets_courus_ne_touche_pas_le_principal():
    # Créancier particulier (L313-2 : 7,21 % en 2025-S1, 6,65 % en 2025-S2), 2 000 € en demeure le 15/05/2025 ;
    # 10 € payés le 10/06/2025.
    #   du 16/05 au 10/06 = 26 j : 2 000 × 7,21 × 26 / 36 500 = 374 920 / 36 500 = 10,2718 → 10,27
    # 1343-1 : les 10 € vont tous aux intérêts (10 < 10,27) ; 0,27 € d'intérêts restent impayés, la base reste 2 000 €.
    #   du 11/06 au 30/06 = 20 j : 2 000 × 7,21 × 20 / 36 500 = 288 400 / 36 500 = 7,9014 → 7,90
    #   du 01/07 au 30/09 = 92 j : 2 000 × 6,65 × 92 / 36 500 = 1 223 600 / 36 500 = 33,5233 → 33,52
    # Courus 10,27 + 7,90 + 33,52 = 51,69 ; payés 10,00 ; restant dus 41,69 € ; principal 2 000 €.
    a = evaluate({**C2C, "contrat": {"date_conclusion": "2024-11-01"},
                  "factures": [{"numero": "F1", "montant_ttc": 2000, "date_emission": "2025-02-01",
                                "date_echeance": "2025-03-01"}],
                  "evenements": [{"type": "mise_en_demeure", "date": "2025-05-15", "forme": "lrar"}],
                  "paiements": [{"date": "2025-06-10", "montant": 10}]}, "2025-09-30", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == D("41.69")
    assert [x[4] for x in lignes(f)] == [D("2000.00")] * 3
    assert [x[5] for x in lignes(f)] == [D("10.27"), D("7.90"), D("33.52")]
    assert parts(f) == [(date(2025, 6, 10), "F1", D("10.00"), D("10.00"), D("0.00"), D("2000.00"), "plus_ancienne")]
    assert f.details.principal_restant_du_apres_imputation == D("2000.00")


def test_paiement_designe_au_dela_de_la_facture_l_excedent_suit_l_ordre_legal():
    # F1 6 000 € échue le 31/01/2025, F2 4 000 € échue le 28/02/2025 ; 5 000 € payés le 10/03/2025 en désignant F2.
    # 1342-10 al. 1 : F2 d'abord, pour tout son solde (principal + pénalités courues) ; 1343-1 : pénalités d'abord.
    #   F2 du 01/03 au 10/03 = 10 j : 4 000 × 13,15 × 10 / 36 500 = 526 000 / 36 500 = 14,4110 → 14,41 ;
    #      solde 4 014,41 € : 14,41 aux pénalités, 4 000 au principal → F2 soldée le 10/03.
    # Excédent 5 000 − 4 014,41 = 985,59 € : ordre légal (1342-10 al. 2), F1 seule ouverte.
    #   F1 du 01/02 au 10/03 = 38 j : 6 000 × 13,15 × 38 / 36 500 = 2 998 200 / 36 500 = 82,1425 → 82,14 ;
    #      82,14 aux pénalités, 985,59 − 82,14 = 903,45 au principal → 6 000 − 903,45 = 5 096,55 €.
    #   F1 du 11/03 au 30/04 = 21 + 30 = 51 j : 5 096,55 × 13,15 × 51 / 36 500 = 3 418 001,2575 / 36 500 = 93,6438 → 93,64
    # Courues 82,14 + 93,64 + 14,41 = 190,19 ; payées 14,41 + 82,14 = 96,55 ; restant dues 93,64 € ;
    # principal restant dû 5 096,55 €.
    a = evaluate({**B2B, "contrat": {"date_conclusion": "2023-01-10"},
                  "factures": [
                      {"numero": "F1", "montant_ttc": 6000, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"},
                      {"numero": "F2", "montant_ttc": 4000, "date_emission": "2025-01-29", "date_echeance": "2025-02-28"}],
                  "paiements": [{"date": "2025-03-10", "montant": 5000, "facture": "F2"}]}, "2025-04-30",
                 engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("93.64")
    assert parts(p) == [
        (date(2025, 3, 10), "F2", D("4014.41"), D("14.41"), D("4000.00"), D("0.00"), "choix_du_debiteur"),
        (date(2025, 3, 10), "F1", D("985.59"), D("82.14"), D("903.45"), D("5096.55"), "plus_ancienne"),
    ]
    assert lignes(p) == [
        (date(2025, 2, 1), date(2025, 3, 10), 38, D("13.15"), D("6000.00"), D("82.14")),
        (date(2025, 3, 11), date(2025, 4, 30), 51, D("13.15"), D("5096.55"), D("93.64")),
        (date(2025, 3, 1), date(2025, 3, 10), 10, D("13.15"), D("4000.00"), D("14.41")),
    ]
    assert [(x["facture"], x["fin"], x["montant"]) for x in p.details.factures] == [
        ("F1", date(2025, 4, 30), D("93.64")), ("F2", date(2025, 3, 10), D("0.00"))]
    assert p.details.principal_restant_du_apres_imputation == D("5096.55")
    assert (p.details.accessoires_courus, p.details.accessoires_payes) == (D("190.19"), D("96.55"))
    assert any("au-delà du solde de F2" in w.message for w in a.warnings)


def test_reliquat_laisse_sur_une_facture_pas_encore_echue_porte_penalites_des_son_echeance():
    # F1 1 000 € échue le 31/01/2025, F2 1 000 € échue le 31/03/2025 ; 2 000 € payés le 01/03/2025.
    #   F1 du 01/02 au 01/03 = 28 + 1 = 29 j : 1 000 × 13,15 × 29 / 36 500 = 381 350 / 36 500 = 10,4479 → 10,45
    # 1342-10 : F1 échue d'abord, pour tout son solde 1 010,45 € (10,45 aux pénalités, 1 000 au principal) ;
    # l'excédent 989,55 € va à F2, non échue (seule dette encore ouverte) : reste 10,45 € de F2 impayés à l'échéance.
    #   F2 du 01/04 au 31/05 = 30 + 31 = 61 j : 10,45 × 13,15 × 61 / 36 500 = 8 382,4175 / 36 500 = 0,2297 → 0,23
    a = evaluate({**B2B, "contrat": {"date_conclusion": "2024-01-01"},
                  "factures": [
                      {"numero": "F1", "montant_ttc": 1000, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"},
                      {"numero": "F2", "montant_ttc": 1000, "date_emission": "2025-03-01", "date_echeance": "2025-03-31"}],
                  "paiements": [{"date": "2025-03-01", "montant": 2000}]}, "2025-05-31", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == D("0.23")
    assert parts(p) == [
        (date(2025, 3, 1), "F1", D("1010.45"), D("10.45"), D("1000.00"), D("0.00"), "plus_ancienne"),
        (date(2025, 3, 1), "F2", D("989.55"), D("0.00"), D("989.55"), D("10.45"), "plus_ancienne"),
    ]
    assert lignes(p)[1] == (date(2025, 4, 1), date(2025, 5, 31), 61, D("13.15"), D("10.45"), D("0.23"))
    assert p.details.principal_restant_du_apres_imputation == D("10.45")


def test_contrat_anterieur_a_2016_ancien_article_1254():
    # Ord. 2016-131 art. 9 : contrat du 01/06/2015, anciens art. 1153 et 1254. Sommation du 01/03/2017 sur 3 000 € ;
    # 1 000 € payés le 30/04/2017 ; taux « autres cas » 2017-S1 0,90 %.
    #   du 02/03 au 30/04 = 30 + 30 = 60 j : 3 000 × 0,90 × 60 / 36 500 = 162 000 / 36 500 = 4,4384 → 4,44
    # Ancien 1254 : 4,44 aux intérêts, 995,56 au capital → 2 004,44 €.
    #   du 01/05 au 31/05 = 31 j : 2 004,44 × 0,90 × 31 / 36 500 = 55 923,876 / 36 500 = 1,5322 → 1,53 restant dus.
    a = evaluate({**B2C, "contrat": {"date_conclusion": "2015-06-01"},
                  "factures": [{"numero": "F1", "montant_ttc": 3000, "date_emission": "2017-01-02",
                                "date_echeance": "2017-01-31"}],
                  "evenements": [{"type": "sommation", "date": "2017-03-01", "forme": "acte_commissaire_de_justice"}],
                  "paiements": [{"date": "2017-04-30", "montant": 1000}]}, "2017-05-31", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == D("1.53") and f.rule == "interets_moratoires.taux_legal_1153_ancien"
    assert parts(f) == [(date(2017, 4, 30), "F1", D("1000.00"), D("4.44"), D("995.56"), D("2004.44"), "plus_ancienne")]
    assert "c_civ_1254_ancien" in keys(f) and "c_civ_1343_1" not in keys(f)
    assert "ancien art. 1254" in f.basis
    c = next(c for c in f.citations if c.key == "c_civ_1254_ancien")
    assert c.version_au == date(2016, 9, 30)


def test_capitalisation_sur_les_interets_restant_dus_apres_imputation():
    # 1343-2 : avec une clause, les intérêts dus pour une année entière produisent intérêt. 10 000 €, mise en demeure
    # du 15/02/2024, 200 € payés le 30/06/2024 ; anniversaire le 15/02/2025. Taux « autres cas » :
    #   du 16/02 au 30/06/2024 = 136 j à 5,07 % : 10 000 × 5,07 × 136 / 36 500 = 188,9096 → 188,91
    # 1343-1 : 188,91 aux intérêts, 11,09 au principal → 9 988,91 €.
    #   du 01/07 au 31/12/2024 = 184 j à 4,92 % : 9 988,91 × 4,92 × 184 / 36 500 = 9 042 760,4448 / 36 500 = 247,7468 → 247,75
    #   du 01/01 au 15/02/2025 = 46 j à 3,71 % : 9 988,91 × 3,71 × 46 / 36 500 = 1 704 707,3806 / 36 500 = 46,7043 → 46,70
    # Dus à l'anniversaire : 188,91 + 247,75 + 46,70 − 188,91 payés = 294,45 € capitalisables.
    a = evaluate({**B2C, "contrat": {"date_conclusion": "2023-05-01", "clause_capitalisation": True},
                  "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2024-01-02",
                                "date_echeance": "2024-01-31"}],
                  "evenements": [{"type": "mise_en_demeure", "date": "2024-02-15", "forme": "lrar"}],
                  "paiements": [{"date": "2024-06-30", "montant": 200}]}, "2025-04-30", engine="python")
    assert a.finding("interets_capitalisables").value == D("294.45")


def test_bloc_montants_principal_apres_imputation_1343_1():
    # Principal 7 212,56 (voir le premier test) + pénalités restant dues 385,32 + 40 = 7 637,88 €.
    a = evaluate(_b2b_un_paiement(), "2025-08-31", engine="python")
    assert a.amounts.principal_restant_du == D("7212.56")
    assert a.amounts.total == D("7637.88")
    # the penalties item reconciles with its lines: accrued (lines) − already absorbed by the payment (212,56)
    item = next(i for i in a.amounts.items if i.code == "penalites_de_retard_dues")
    assert item.deja_impute == D("212.56")
    assert sum(line.montant for line in item.lignes) - item.deja_impute == item.montant


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
def test_les_deux_moteurs_concluent_pareil_avec_imputation():
    d = _b2b_un_paiement()
    left, right = evaluate(d, "2025-08-31", engine="durable").to_dict(), evaluate(d, "2025-08-31", engine="python").to_dict()
    left.pop("engine"), right.pop("engine")
    assert left == right
