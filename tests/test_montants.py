"""Tests des calculateurs de montants (creances_rules.law.montants).

Chaque montant attendu est recalculé à la main en commentaire : base × taux × jours / 36 500, arrondi
au centime (demi-centime vers le haut) par ligne. Base 365 jours même en année bissextile (méthode
service-public.fr F20688 / Banque de France), d'où « /365 » et non « /366 » en 2024.
Taux : taux_interet_legal*.csv, taux_bce_refinancement.csv, penalites_L441-10_taux_par_semestre.csv.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from creances_rules.law.montants import (
    CalculInterets,
    Dette,
    FactureIndemnite,
    Paiement,
    chiffre_affaires_compensatoire,
    date_majoration_L313_3,
    imputer_paiements,
    indemnite_forfaitaire,
    indemnites_forfaitaires,
    interets_capitalisables,
    interets_moratoires,
    penalites_retard,
)
from creances_rules.law.taux import EntreeInvalide, RegleNonModelisee, TauxInconnu

D = dt.date
M = Decimal


def _lignes(r: CalculInterets):
    return [(l.du, l.au, l.jours, l.taux, l.montant, l.nature) for l in r.lignes]


# ---------------------------------------------------------------------------------------------
# Pénalités L441-10 (C. com., art. L441-10 II)


def test_penalites_taux_defaut_coupees_au_1er_juillet():
    # 10 000 € échus le 15/05/2024, payés le 20/08/2024, sans taux convenu : BCE + 10 points.
    # 2024-S1 : BCE au 1er janvier 2024 = 4,50 % → 14,50 % ; 16/05 → 30/06 = 16 + 30 = 46 jours :
    #   10 000 × 14,50 × 46 / 36 500 = 6 670 000 / 36 500 = 182,7397… → 182,74
    # 2024-S2 : BCE au 1er juillet 2024 = 4,25 % → 14,25 % ; 01/07 → 20/08 = 31 + 20 = 51 jours :
    #   10 000 × 14,25 × 51 / 36 500 = 7 267 500 / 36 500 = 199,1096… → 199,11
    # Total 381,85 € ; 97 jours = 20/08 − 15/05.
    r = penalites_retard(M("10000"), D(2024, 5, 15), D(2024, 8, 20))
    assert _lignes(r) == [
        (D(2024, 5, 16), D(2024, 6, 30), 46, M("14.50"), M("182.74"), "taux_bce_plus_10_points"),
        (D(2024, 7, 1), D(2024, 8, 20), 51, M("14.25"), M("199.11"), "taux_bce_plus_10_points"),
    ]
    assert r.montant == M("381.85") and r.jours == 97
    assert not r.plancher_applique and r.constats == [] and not r.taux_fournis_utilises
    assert [c["article"] for c in r.citations] == ["L441-10"]
    assert any("365 jours" in h for h in r.hypotheses)
    assert any("ROUND_HALF_UP" in h for h in r.hypotheses)
    assert any("lendemain de l'échéance (16/05/2024)" in h for h in r.hypotheses)


def test_penalites_plancher_applique_taux_contractuel_trop_bas():
    # Taux convenu 5 % en 2024-S1, plancher 3 × 5,07 % = 15,21 % (> 5 %) : le plancher s'applique.
    # 10 000 € échus le 31/01/2024, payés le 01/03/2024 : 01/02 → 01/03 = 29 (février 2024) + 1 = 30 jours.
    #   10 000 × 15,21 × 30 / 36 500 = 4 563 000 / 36 500 = 125,0137… → 125,01
    r = penalites_retard(M("10000"), D(2024, 1, 31), D(2024, 3, 1), taux_contractuel=M("5"))
    assert _lignes(r) == [(D(2024, 2, 1), D(2024, 3, 1), 30, M("15.21"), M("125.01"), "plancher_3_fois_taux_legal")]
    assert r.montant == M("125.01")
    assert r.plancher_applique and r.constats == ["taux_penalites_inferieur_au_minimum"]
    assert "15,21 %" in r.avertissements[0] and "plancher est appliqué" in r.avertissements[0]
    assert [c["article"] for c in r.citations] == ["L441-10", "L313-2"]


def test_penalites_taux_trop_bas_lecture_taux_defaut():
    # Même facture, clause écartée : taux BCE au 1er janvier 2024 + 10 = 14,50 %.
    #   10 000 × 14,50 × 30 / 36 500 = 4 350 000 / 36 500 = 119,1780… → 119,18
    r = penalites_retard(
        M("10000"), D(2024, 1, 31), D(2024, 3, 1), taux_contractuel=M("5"), sanction_taux_insuffisant="taux_defaut"
    )
    assert _lignes(r) == [(D(2024, 2, 1), D(2024, 3, 1), 30, M("14.50"), M("119.18"), "taux_bce_plus_10_points")]
    assert r.constats == ["taux_penalites_inferieur_au_minimum"] and not r.plancher_applique


def test_penalites_taux_contractuel_superieur_au_plancher():
    # 15 % convenus en 2024-S2, plancher 3 × 4,92 = 14,76 % ≤ 15 % : le taux convenu s'applique.
    # 01/10 → 30/10/2024 = 30 jours : 10 000 × 15 × 30 / 36 500 = 4 500 000 / 36 500 = 123,2876… → 123,29
    r = penalites_retard(M("10000"), D(2024, 9, 30), D(2024, 10, 30), taux_contractuel=M("15"))
    assert _lignes(r) == [(D(2024, 10, 1), D(2024, 10, 30), 30, M("15"), M("123.29"), "taux_contractuel")]
    assert not r.plancher_applique and r.constats == [] and r.avertissements == []


def test_penalites_plancher_apprecie_semestre_par_semestre():
    # 12 % convenus ; échéance 15/12/2024, paiement 20/01/2025.
    # 2024-S2 : plancher 14,76 % > 12 % → 14,76 % ; 16/12 → 31/12 = 16 jours :
    #   10 000 × 14,76 × 16 / 36 500 = 2 361 600 / 36 500 = 64,7013… → 64,70
    # 2025-S1 : plancher 3 × 3,71 = 11,13 % ≤ 12 % → 12 % ; 01/01 → 20/01 = 20 jours :
    #   10 000 × 12 × 20 / 36 500 = 2 400 000 / 36 500 = 65,7534… → 65,75
    r = penalites_retard(M("10000"), D(2024, 12, 15), D(2025, 1, 20), taux_contractuel=M("12"))
    assert _lignes(r) == [
        (D(2024, 12, 16), D(2024, 12, 31), 16, M("14.76"), M("64.70"), "plancher_3_fois_taux_legal"),
        (D(2025, 1, 1), D(2025, 1, 20), 20, M("12"), M("65.75"), "taux_contractuel"),
    ]
    assert r.montant == M("130.45") and r.plancher_applique


def test_penalites_avant_2015_et_sous_l_ancien_l441_6():
    # 5 000 € échus le 20/06/2014, payés le 10/07/2014, taux par défaut.
    # 2014-S1 : BCE au 01/01/2014 = 0,25 % → 10,25 % ; 21/06 → 30/06 = 10 jours :
    #   5 000 × 10,25 × 10 / 36 500 = 512 500 / 36 500 = 14,0410… → 14,04
    # 2014-S2 : BCE au 01/07/2014 = 0,15 % (effet 11/06/2014) → 10,15 % ; 01/07 → 10/07 = 10 jours :
    #   5 000 × 10,15 × 10 / 36 500 = 507 500 / 36 500 = 13,9041… → 13,90
    r = penalites_retard(M("5000"), D(2014, 6, 20), D(2014, 7, 10))
    assert [(l.jours, l.taux, l.montant) for l in r.lignes] == [
        (10, M("10.25"), M("14.04")),
        (10, M("10.15"), M("13.90")),
    ]
    assert r.montant == M("27.94")
    # Avant le 26 avril 2019 la règle était à l'article L441-6.
    assert [c["article"] for c in r.citations] == ["L441-10", "L441-6 (ancien)"]


@pytest.mark.parametrize("paiement", [D(2024, 5, 15), D(2024, 5, 1)])
def test_penalites_nulles_sans_retard(paiement):
    r = penalites_retard(M("10000"), D(2024, 5, 15), paiement)
    assert r.montant == M("0.00") and r.lignes == [] and r.jours == 0


def test_penalites_un_jour_de_retard():
    # Payé le lendemain de l'échéance : 1 jour. 10 000 × 14,50 × 1 / 36 500 = 3,9726… → 3,97
    r = penalites_retard(M("10000"), D(2024, 5, 15), D(2024, 5, 16))
    assert r.montant == M("3.97") and r.jours == 1


def test_penalites_2027_s1_taux_inconnu_puis_fourni():
    # Taux BCE au 1er janvier 2027 inconnu (table connue jusqu'au 03/11/2026) : refus, pas de reconduction.
    with pytest.raises(TauxInconnu, match="2027-01-01"):
        penalites_retard(M("10000"), D(2026, 12, 20), D(2027, 1, 10))
    # 21/12 → 31/12/2026 = 11 jours à 12,40 % (BCE 2,40 % au 1er juillet 2026 + 10, L441-10 II) :
    #   10 000 × 12,40 × 11 / 36 500 = 1 364 000 / 36 500 = 37,3698… → 37,37
    # 01/01 → 10/01/2027 = 10 jours, taux BCE fourni 2,65 % → 12,65 % :
    #   10 000 × 12,65 × 10 / 36 500 = 1 265 000 / 36 500 = 34,6575… → 34,66. Total 72,03.
    r = penalites_retard(M("10000"), D(2026, 12, 20), D(2027, 1, 10), taux_bce_fournis={D(2027, 1, 1): M("2.65")})
    assert [(l.montant, l.taux_fourni) for l in r.lignes] == [(M("37.37"), False), (M("34.66"), True)]
    assert r.montant == M("72.03") and r.taux_fournis_utilises
    assert any("fourni par l'utilisateur" in a for a in r.avertissements)


def test_penalites_20000_echues_le_15_mai_2026_evaluees_le_30_novembre():
    # C. com. L441-10 II : taux BCE au 1er janvier 2026 (2,15 %) + 10 = 12,15 % au 1er semestre ; au
    # 1er juillet 2026 (2,40 %, depuis le 17 juin) + 10 = 12,40 % au 2nd.
    # 16/05 → 30/06 = 46 jours : 20 000 × 12,15 × 46 / 36 500 = 11 178 000 / 36 500 = 306,2465… → 306,25
    # 01/07 → 30/11 = 31 + 31 + 30 + 31 + 30 = 153 jours : 20 000 × 12,40 × 153 / 36 500 = 37 944 000 / 36 500
    #   = 1 039,5616… → 1 039,56. Total 306,25 + 1 039,56 = 1 345,81.
    r = penalites_retard(M("20000"), D(2026, 5, 15), D(2026, 11, 30))
    assert [(l.du, l.au, l.jours, l.taux, l.montant) for l in r.lignes] == [
        (D(2026, 5, 16), D(2026, 6, 30), 46, M("12.15"), M("306.25")),
        (D(2026, 7, 1), D(2026, 11, 30), 153, M("12.40"), M("1039.56")),
    ]
    assert r.montant == M("1345.81") and not r.taux_fournis_utilises


def test_penalites_plancher_2027_s1_requiert_le_taux_legal():
    # Un taux convenu ne peut être comparé au plancher 2027-S1 sans le taux légal de ce semestre.
    with pytest.raises(TauxInconnu, match="taux_interet_legal.yaml"):
        penalites_retard(M("1000"), D(2027, 1, 1), D(2027, 1, 31), taux_contractuel=M("40"))
    # Fourni : 2,50 % → plancher 7,50 % ≤ 40 %. 02/01 → 31/01 = 30 jours :
    #   1 000 × 40 × 30 / 36 500 = 1 200 000 / 36 500 = 32,8767… → 32,88
    r = penalites_retard(
        M("1000"), D(2027, 1, 1), D(2027, 1, 31), taux_contractuel=M("40"), taux_legal_fournis={D(2027, 1, 1): M("2.50")}
    )
    assert r.montant == M("32.88") and r.lignes[0].nature == "taux_contractuel" and r.taux_fournis_utilises


def test_penalites_avant_2013_non_modelisees():
    with pytest.raises(RegleNonModelisee, match="2013"):
        penalites_retard(M("1000"), D(2012, 11, 30), D(2013, 1, 15))


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"montant": 1000.0}, "montant"),
        ({"montant": M("-1")}, "montant"),
        ({"montant": M("NaN")}, "montant"),
        ({"date_echeance": dt.datetime(2024, 5, 15)}, "date_echeance"),
        ({"jusqu_au": "2024-08-20"}, "jusqu_au"),
        ({"taux_contractuel": 12.0}, "taux_contractuel"),
    ],
)
def test_penalites_entrees_invalides(kwargs, argument):
    base = {"montant": M("1000"), "date_echeance": D(2024, 5, 15), "jusqu_au": D(2024, 8, 20)}
    base.update(kwargs)
    with pytest.raises(EntreeInvalide, match=argument):
        penalites_retard(base["montant"], base["date_echeance"], base["jusqu_au"], **{
            k: v for k, v in base.items() if k not in ("montant", "date_echeance", "jusqu_au")
        })


def test_resultat_serialisable_en_json():
    r = penalites_retard(M("10000"), D(2024, 5, 15), D(2024, 8, 20))
    j = r.model_dump(mode="json")
    assert j["montant"] == "381.85" and j["lignes"][0]["du"] == "2024-05-16"


# ---------------------------------------------------------------------------------------------
# Intérêts moratoires (C. civ., art. 1231-6, 1344-1 ; C. mon. fin., L313-2, L313-3)


def test_interets_moratoires_a_cheval_sur_2015_particulier():
    # 5 000 €, mise en demeure le 30/11/2014, arrêté au 15/02/2015, créancier particulier.
    # 2014 (taux annuel unique 0,04 %) : 01/12 → 31/12 = 31 jours :
    #   5 000 × 0,04 × 31 / 36 500 = 6 200 / 36 500 = 0,1698… → 0,17
    # 2015-S1 « particulier » 4,06 % : 01/01 → 15/02 = 31 + 15 = 46 jours :
    #   5 000 × 4,06 × 46 / 36 500 = 933 800 / 36 500 = 25,5835… → 25,58
    r = interets_moratoires(M("5000"), D(2014, 11, 30), D(2015, 2, 15), categorie_creancier="creancier_particulier")
    assert _lignes(r) == [
        (D(2014, 12, 1), D(2014, 12, 31), 31, M("0.04"), M("0.17"), "taux_legal"),
        (D(2015, 1, 1), D(2015, 2, 15), 46, M("4.06"), M("25.58"), "taux_legal"),
    ]
    assert r.montant == M("25.75") and r.jours == 77
    assert [c["article"] for c in r.citations] == ["1231-6", "1344-1", "L313-2"]


def test_interets_moratoires_a_cheval_sur_2015_autres_cas():
    # Même période, créancier professionnel : 2014 idem 0,17 (taux unique) ;
    # 2015-S1 « autres cas » 0,93 % : 5 000 × 0,93 × 46 / 36 500 = 213 900 / 36 500 = 5,8602… → 5,86
    r = interets_moratoires(M("5000"), D(2014, 11, 30), D(2015, 2, 15), categorie_creancier="autres_cas")
    assert [l.montant for l in r.lignes] == [M("0.17"), M("5.86")]
    assert r.montant == M("6.03")


def test_interets_moratoires_avant_2015_par_annee():
    # 20 000 €, mise en demeure le 01/03/2012, arrêté au 28/02/2013 (taux annuels).
    # 2012 : 0,71 % ; 02/03 → 31/12 = 30+30+31+30+31+31+30+31+30+31 = 305 jours :
    #   20 000 × 0,71 × 305 / 36 500 = 4 331 000 / 36 500 = 118,6575… → 118,66
    # 2013 : 0,04 % ; 01/01 → 28/02 = 59 jours : 20 000 × 0,04 × 59 / 36 500 = 47 200 / 36 500 = 1,2931… → 1,29
    r = interets_moratoires(M("20000"), D(2012, 3, 1), D(2013, 2, 28), categorie_creancier="autres_cas")
    assert _lignes(r) == [
        (D(2012, 3, 2), D(2012, 12, 31), 305, M("0.71"), M("118.66"), "taux_legal"),
        (D(2013, 1, 1), D(2013, 2, 28), 59, M("0.04"), M("1.29"), "taux_legal"),
    ]
    assert r.montant == M("119.95")


def test_interets_moratoires_majores_exemple_service_public():
    # Exemple de service-public.fr (F20688) : 2 000 €, décision exécutoire le 17/09/2015, créancier
    # particulier ; taux simple jusqu'au 17/11/2015, majoré à partir du 18/11/2015 ; paiement le 10/04/2016.
    # 18/09 → 17/11 = 13 + 31 + 17 = 61 jours à 4,29 % : 2 000 × 4,29 × 61 / 36 500 = 523 380 / 36 500
    #   = 14,3391… → 14,34 (= service-public)
    # 18/11 → 31/12 = 13 + 31 = 44 jours à 9,29 % : 2 000 × 9,29 × 44 / 36 500 = 817 520 / 36 500
    #   = 22,3978… → 22,40 (= service-public)
    # 01/01 → 10/04/2016 = 31 + 29 + 31 + 10 = 101 jours à 4,54 + 5 = 9,54 % : 2 000 × 9,54 × 101 / 36 500
    #   = 1 927 080 / 36 500 = 52,7967… → 52,80. Service-public compte 100 jours (52,27) : il exclut ici le
    #   jour du paiement, qu'il inclut dans son autre exemple ; on garde le décompte uniforme du module.
    majoration = date_majoration_L313_3(D(2015, 9, 17))
    assert majoration == D(2015, 11, 18)
    r = interets_moratoires(
        M("2000"), D(2015, 9, 17), D(2016, 4, 10), categorie_creancier="creancier_particulier", date_majoration=majoration
    )
    assert _lignes(r) == [
        (D(2015, 9, 18), D(2015, 11, 17), 61, M("4.29"), M("14.34"), "taux_legal"),
        (D(2015, 11, 18), D(2015, 12, 31), 44, M("9.29"), M("22.40"), "taux_legal_majore_5_points"),
        (D(2016, 1, 1), D(2016, 4, 10), 101, M("9.54"), M("52.80"), "taux_legal_majore_5_points"),
    ]
    assert r.montant == M("89.54")
    assert r.citations[-1]["article"] == "L313-3"
    assert any("juge de l'exécution" in a for a in r.avertissements)


@pytest.mark.parametrize(
    ("execution", "premier_jour_majore"),
    [
        (D(2015, 9, 17), D(2015, 11, 18)),
        # 31/12/2023 + 2 mois = 29/02/2024 (pas de 31 février : dernier jour du mois) → majoration le 01/03/2024.
        (D(2023, 12, 31), D(2024, 3, 1)),
        (D(2022, 12, 31), D(2023, 3, 1)),  # 28/02/2023 + 1 jour
        (D(2024, 8, 31), D(2024, 11, 1)),  # 31/10/2024 + 1 jour
    ],
)
def test_date_majoration_L313_3(execution, premier_jour_majore):
    assert date_majoration_L313_3(execution) == premier_jour_majore


def test_interets_moratoires_hors_table_puis_fournis():
    with pytest.raises(TauxInconnu, match="2027-01-01"):
        interets_moratoires(M("1000"), D(2026, 12, 20), D(2027, 1, 10), categorie_creancier="autres_cas")
    # 21/12 → 31/12/2026 = 11 jours à 2,75 % : 1 000 × 2,75 × 11 / 36 500 = 30 250 / 36 500 = 0,8287… → 0,83
    # 01/01 → 10/01/2027 = 10 jours à 3,00 % (fourni) : 30 000 / 36 500 = 0,8219… → 0,82
    r = interets_moratoires(
        M("1000"), D(2026, 12, 20), D(2027, 1, 10), categorie_creancier="autres_cas", taux_fournis={D(2027, 1, 1): M("3.00")}
    )
    assert [l.montant for l in r.lignes] == [M("0.83"), M("0.82")]
    assert r.montant == M("1.65") and r.taux_fournis_utilises and r.lignes[1].taux_fourni
    assert any("fourni par l'utilisateur" in a for a in r.avertissements)


@pytest.mark.parametrize(
    ("categorie", "attendu"),
    [
        # C. mon. fin. L313-2 ; arrêtés du 15 décembre 2025 (2026-S1) et du 26 juin 2026 (2026-S2).
        # autres cas : 21/06 → 30/06 = 10 j à 2,62 % : 10 000 × 2,62 × 10 / 36 500 = 7,1780… → 7,18 ;
        #              01/07 → 10/07 = 10 j à 2,75 % : 10 000 × 2,75 × 10 / 36 500 = 7,5342… → 7,53 ; total 14,71.
        ("autres_cas", [("2.62", "7.18"), ("2.75", "7.53")]),
        # créancier particulier : 10 j à 6,67 % : 667 000 / 36 500 = 18,2740… → 18,27 ;
        #                         10 j à 6,84 % : 684 000 / 36 500 = 18,7397… → 18,74 ; total 37,01.
        ("creancier_particulier", [("6.67", "18.27"), ("6.84", "18.74")]),
    ],
)
def test_interets_moratoires_au_passage_du_30_juin_au_1er_juillet_2026(categorie, attendu):
    r = interets_moratoires(M("10000"), D(2026, 6, 20), D(2026, 7, 10), categorie_creancier=categorie)
    assert [(l.du, l.au, l.jours) for l in r.lignes] == [(D(2026, 6, 21), D(2026, 6, 30), 10),
                                                            (D(2026, 7, 1), D(2026, 7, 10), 10)]
    assert [(l.taux, l.montant) for l in r.lignes] == [(M(t), M(m)) for t, m in attendu]
    assert r.montant == sum((M(m) for _, m in attendu), M("0")) and not r.taux_fournis_utilises


def test_interets_moratoires_ancien_droit_cite_1153():
    r = interets_moratoires(
        M("1000"), D(2019, 1, 10), D(2019, 2, 10), categorie_creancier="autres_cas", date_contrat=D(2015, 6, 1)
    )
    assert [c["article"] for c in r.citations] == ["1153 (ancien)", "L313-2"]


def test_interets_moratoires_nuls_et_entrees_invalides():
    r = interets_moratoires(M("1000"), D(2024, 5, 1), D(2024, 5, 1), categorie_creancier="autres_cas")
    assert r.montant == M("0.00") and r.lignes == []
    with pytest.raises(EntreeInvalide, match="categorie_creancier"):
        interets_moratoires(M("1000"), D(2024, 5, 1), D(2024, 6, 1), categorie_creancier="professionnel")
    with pytest.raises(EntreeInvalide, match="date_majoration"):
        interets_moratoires(
            M("1000"), D(2024, 5, 1), D(2024, 6, 1), categorie_creancier="autres_cas", date_majoration="2024-05-20"
        )


# ---------------------------------------------------------------------------------------------
# Indemnité forfaitaire (C. com., L441-10 II et D441-5 ; CJUE C-78/22)


def test_indemnite_forfaitaire_par_facture():
    # 40 € par facture payée en retard : 3 factures → 120 €.
    assert indemnite_forfaitaire(3) == M("120.00")
    assert indemnite_forfaitaire(0) == M("0.00")
    for mauvais in (-1, True, 2.0):
        with pytest.raises(EntreeInvalide, match="nombre_factures_en_retard"):
            indemnite_forfaitaire(mauvais)  # type: ignore[arg-type]


def test_indemnites_forfaitaires_detail():
    factures = [
        FactureIndemnite(ref="A", date_echeance=D(2024, 1, 31), date_paiement=D(2024, 2, 15)),  # en retard : 40
        FactureIndemnite(ref="B", date_echeance=D(2024, 2, 28), date_paiement=D(2024, 2, 28)),  # à l'heure : 0
        FactureIndemnite(ref="C", date_echeance=D(2024, 3, 31)),  # impayée au 01/05/2024 : 40
        FactureIndemnite(ref="D", date_echeance=D(2024, 6, 30)),  # impayée mais pas encore échue : 0
        # Délai de paiement commencé en 2012 : avant l'entrée en vigueur du décret 2012-1115 → 0.
        FactureIndemnite(ref="E", date_echeance=D(2013, 1, 14), debut_delai_paiement=D(2012, 12, 15)),
        FactureIndemnite(ref="F", date_echeance=D(2012, 12, 31)),  # échue en 2012 : délai commencé avant 2013 → 0
        # Échue en 2013, début du délai inconnu : due (40) mais signalé.
        FactureIndemnite(ref="G", date_echeance=D(2013, 2, 10), date_paiement=D(2013, 3, 1)),
    ]
    r = indemnites_forfaitaires(factures, au=D(2024, 5, 1))
    assert [(f.ref, f.en_retard, f.due, f.montant) for f in r.factures] == [
        ("A", True, True, M("40.00")),
        ("B", False, False, M("0.00")),
        ("C", True, True, M("40.00")),
        ("D", False, False, M("0.00")),
        ("E", True, False, M("0.00")),
        ("F", True, False, M("0.00")),
        ("G", True, True, M("40.00")),
    ]
    assert r.montant == M("120.00")
    assert len(r.avertissements) == 1 and "Facture G" in r.avertissements[0]
    assert [c["article"] for c in r.citations] == ["L441-10", "D441-5", "4 mai 2023, C-78/22, ALD Automotive"]


def test_indemnites_forfaitaires_refs_en_double():
    f = FactureIndemnite(ref="A", date_echeance=D(2024, 1, 31))
    with pytest.raises(EntreeInvalide, match="même référence"):
        indemnites_forfaitaires([f, f], au=D(2024, 5, 1))


# ---------------------------------------------------------------------------------------------
# Imputation des paiements (C. civ., art. 1342-10, 1343-1)


def _etat(r):
    return {d.ref: (d.interets_restants, d.principal_restant) for d in r.dettes}


def test_imputation_interets_d_abord():
    # 1343-1 : 300 € sur une dette de 1 000 € portant 50 € d'intérêts → 50 aux intérêts, 250 au principal.
    r = imputer_paiements(
        [Dette(ref="A", montant=M("1000"), date_exigibilite=D(2024, 1, 31), interets_dus=M("50"))],
        [Paiement(date=D(2024, 3, 1), montant=M("300"))],
    )
    assert _etat(r) == {"A": (M("0"), M("750"))}
    a = r.allocations[0]
    assert (a.aux_interets, a.au_principal, a.regle) == (M("50"), M("250"), "plus_ancienne")


def test_imputation_choix_du_debiteur_puis_excedent_en_imputation_legale():
    # Le débiteur désigne B (500 €) avec 600 € : 500 sur B, l'excédent de 100 sur A, échue la première.
    dettes = [
        Dette(ref="A", montant=M("1000"), date_exigibilite=D(2024, 1, 31)),
        Dette(ref="B", montant=M("500"), date_exigibilite=D(2024, 2, 29)),
    ]
    r = imputer_paiements(dettes, [Paiement(date=D(2024, 3, 10), montant=M("600"), facture="B")])
    assert _etat(r) == {"A": (M("0"), M("900")), "B": (M("0"), M("0"))}
    assert [(a.dette, a.montant, a.regle) for a in r.allocations] == [
        ("B", M("500"), "choix_du_debiteur"),
        ("A", M("100"), "plus_ancienne"),
    ]
    assert any("au-delà du solde de B" in a for a in r.avertissements)


def test_imputation_legale_plus_ancienne_et_dettes_echues_d_abord():
    # Sans désignation : d'abord les dettes échues (A puis B), la dette C non échue en dernier.
    dettes = [
        Dette(ref="C", montant=M("300"), date_exigibilite=D(2024, 6, 30)),
        Dette(ref="B", montant=M("500"), date_exigibilite=D(2024, 2, 29)),
        Dette(ref="A", montant=M("1000"), date_exigibilite=D(2024, 1, 31)),
    ]
    r = imputer_paiements(dettes, [Paiement(date=D(2024, 3, 10), montant=M("1600"))])
    # 1 000 sur A, 500 sur B, puis les 100 restants sur C, non échue (signalé).
    assert _etat(r) == {"A": (M("0"), M("0")), "B": (M("0"), M("0")), "C": (M("0"), M("200"))}
    assert any("aucune dette échue" in a for a in r.avertissements)
    assert any("Imputation légale simplifiée" in a for a in r.avertissements)


def test_imputation_plus_grand_interet_du_debiteur():
    # B est plus récente mais le débiteur a plus d'intérêt à l'acquitter (rang 1) : 300 € sur B.
    dettes = [
        Dette(ref="A", montant=M("1000"), date_exigibilite=D(2024, 1, 31)),
        Dette(ref="B", montant=M("500"), date_exigibilite=D(2024, 2, 29), rang_interet=1),
    ]
    r = imputer_paiements(dettes, [Paiement(date=D(2024, 3, 10), montant=M("300"))])
    assert _etat(r) == {"A": (M("0"), M("1000")), "B": (M("0"), M("200"))}
    assert r.allocations[0].regle == "plus_grand_interet_du_debiteur"


def test_imputation_proportionnelle_a_egalite():
    # A (1 000) et B (500) échues le même jour, intérêt égal : 301 € au prorata des soldes.
    # A : 301 × 1 000 / 1 500 = 200,666… → 200,66 ; B : 301 × 500 / 1 500 = 100,333… → 100,33 ;
    # 200,66 + 100,33 = 300,99 : le centime restant va à A (ordre des références) → 200,67.
    dettes = [
        Dette(ref="B", montant=M("500"), date_exigibilite=D(2024, 1, 31)),
        Dette(ref="A", montant=M("1000"), date_exigibilite=D(2024, 1, 31)),
    ]
    r = imputer_paiements(dettes, [Paiement(date=D(2024, 3, 10), montant=M("301"))])
    assert _etat(r) == {"A": (M("0"), M("799.33")), "B": (M("0"), M("399.67"))}
    assert {a.regle for a in r.allocations} == {"proportionnelle"}
    assert sum(a.montant for a in r.allocations) == M("301")


def test_imputation_par_ordre_chronologique_et_trop_percu():
    dettes = [Dette(ref="A", montant=M("1000"), date_exigibilite=D(2024, 1, 31))]
    paiements = [
        Paiement(date=D(2024, 4, 1), montant=M("1500")),  # fourni en premier, mais postérieur
        Paiement(date=D(2024, 3, 1), montant=M("400")),
    ]
    r = imputer_paiements(dettes, paiements)
    # 03/01 : 400 sur A (reste 600) ; 04/01 : 600 sur A, 900 € de trop-perçu.
    assert [(a.paiement, a.montant) for a in r.allocations] == [(1, M("400")), (0, M("600"))]
    assert r.non_impute == M("900") and _etat(r) == {"A": (M("0"), M("0"))}
    assert any("trop-perçu" in a for a in r.avertissements)


def test_imputation_entrees_invalides():
    a = Dette(ref="A", montant=M("100"), date_exigibilite=D(2024, 1, 31))
    with pytest.raises(EntreeInvalide, match="paiements\\[0\\].facture"):
        imputer_paiements([a], [Paiement(date=D(2024, 2, 1), montant=M("10"), facture="Z")])
    with pytest.raises(EntreeInvalide, match="même référence"):
        imputer_paiements([a, a], [])
    with pytest.raises(EntreeInvalide, match="au centime"):
        imputer_paiements([a], [Paiement(date=D(2024, 2, 1), montant=M("10.001"))])
    with pytest.raises(ValidationError, match="float"):
        Paiement(date=D(2024, 2, 1), montant=10.5)
    with pytest.raises(ValidationError):
        Dette(ref="A", montant=M("-1"), date_exigibilite=D(2024, 1, 31))


# ---------------------------------------------------------------------------------------------
# Capitalisation (C. civ., art. 1343-2 ; ancien 1154)


def test_capitalisation():
    # Sans clause ni décision : jamais.
    r = interets_capitalisables(M("120"), D(2023, 1, 15), D(2024, 6, 1), fondement=None)
    assert not r.capitalisable and r.montant == M("0.00")
    # Intérêts courus du 16/01/2023 au 14/01/2024 : moins d'une année entière (atteinte le 15/01/2024).
    r = interets_capitalisables(M("120"), D(2023, 1, 15), D(2024, 1, 14), fondement="contrat")
    assert not r.capitalisable and "15/01/2024" in r.motif
    r = interets_capitalisables(M("120"), D(2023, 1, 15), D(2024, 1, 15), fondement="decision_de_justice")
    assert r.capitalisable and r.montant == M("120.00")
    assert r.citations[0]["article"] == "1343-2"
    r = interets_capitalisables(M("120"), D(2015, 1, 15), D(2016, 1, 15), fondement="contrat", date_contrat=D(2014, 1, 1))
    assert r.citations[0]["article"] == "1154 (ancien)"
    with pytest.raises(EntreeInvalide, match="fondement"):
        interets_capitalisables(M("1"), D(2023, 1, 1), D(2024, 1, 1), fondement="usage")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Chiffre d'affaires compensatoire (indicateur de gestion)


def test_chiffre_affaires_compensatoire():
    # 1 000 € impayés à 5 % de marge : 1 000 / 0,05 = 20 000 € de ventes à réaliser.
    assert chiffre_affaires_compensatoire(M("1000"), M("0.05")) == M("20000.00")
    # 1 234,56 / 0,07 = 17 636,5714… → 17 636,57
    assert chiffre_affaires_compensatoire(M("1234.56"), M("0.07")) == M("17636.57")
    assert chiffre_affaires_compensatoire(M("1234.56"), M("1")) == M("1234.56")
    for marge in (M("0"), M("-0.1"), M("1.5")):
        with pytest.raises(EntreeInvalide, match="taux_marge"):
            chiffre_affaires_compensatoire(M("1000"), marge)
    with pytest.raises(EntreeInvalide, match="taux_marge"):
        chiffre_affaires_compensatoire(M("1000"), 0.05)  # type: ignore[arg-type]
