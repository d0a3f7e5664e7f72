"""Exemples calculés à la main pour creances_rules.law.prescription.

Convention de computation (C. civ., art. 2228-2229 ; Cass. 1re civ., 12 déc. 2018, n° 17-25.697) :
un délai de N ans ouvert le jour J expire le jour J + N ans − 1 jour, à 24 heures ; aucun report pour
un samedi, un dimanche ou un jour férié. Chaque test donne le calcul et l'article.
"""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest

from creances_rules.law.prescription import (
    REFORME_2008,
    EvenementPrescription,
    NatureEtape,
    PrescriptionInvalide,
    Regime,
    TypeEvenement,
    calculer_prescription,
    duree_contractuelle_valide,
    regime_legal,
    regime_transitoire_2008,
)

E = EvenementPrescription
CIVIL = regime_legal("c_civ_2224")
AUJOURDHUI = date(2026, 11, 22)


def ev(type_: str, jour: date, **kw) -> EvenementPrescription:
    return E(type=type_, date=jour, **kw)


def natures(resultat) -> list[str]:
    return [t.nature.value for t in resultat.trace]


# ---------------------------------------------------------------------------------------------
# Délai simple
# ---------------------------------------------------------------------------------------------


def test_delai_simple_de_cinq_ans():
    # Art. 2224 : 5 ans. Départ 15/03/2020 → 15/03/2025 − 1 jour = 14/03/2025 (art. 2228-2229).
    r = calculer_prescription(CIVIL, date(2020, 3, 15), [], as_of=date(2025, 3, 14))
    assert r.date_limite == date(2025, 3, 14)
    assert r.acquise is False  # le 14 mars 2025, on peut encore agir jusqu'à 24 h
    assert r.acquise_le == date(2025, 3, 15)
    assert r.trace[0].nature is NatureEtape.depart
    assert "c_civ_2224" in r.trace[0].citations

    lendemain = calculer_prescription(CIVIL, date(2020, 3, 15), [], as_of=date(2025, 3, 15))
    assert lendemain.acquise is True
    assert lendemain.trace[-1].nature is NatureEtape.acquisition
    assert lendemain.trace[-1].date == date(2025, 3, 15)


def test_pas_de_report_au_jour_ouvrable():
    # Départ 09/03/2019 → 08/03/2024 ; et départ 10/03/2019 → 09/03/2024, un samedi : pas de
    # report au lundi 11/03 (Cass. 2e civ., 7 avr. 2016, n° 15-12.960 ; CPC 642 inapplicable).
    r = calculer_prescription(CIVIL, date(2019, 3, 10), [], as_of=date(2024, 3, 11))
    assert r.date_limite == date(2024, 3, 9)
    assert date(2024, 3, 9).weekday() == 5
    assert r.acquise is True


def test_regimes_legaux():
    # L110-4 : 5 ans ; L218-2 : 2 ans ; R312-35 : 2 ans, forclusion ; L111-4 : 10 ans sans butoir.
    assert (regime_legal("c_com_L110_4").duree_ans, regime_legal("c_com_L110_4").code) == (5, "c_com_l110_4")
    conso = regime_legal("c_conso_l218_2")
    # Départ 01/07/2024 + 2 ans − 1 jour = 30/06/2026.
    assert calculer_prescription(conso, date(2024, 7, 1), [], as_of=AUJOURDHUI).date_limite == date(2026, 6, 30)
    credit = regime_legal("c_conso_r312_35")
    assert credit.forclusion and not credit.plafond_20_ans
    titre = regime_legal("cpce_l111_4")
    assert (titre.duree_ans, titre.plafond_20_ans) == (10, False)


# ---------------------------------------------------------------------------------------------
# Interruption : reconnaissance, paiement partiel, mise en demeure
# ---------------------------------------------------------------------------------------------


def test_reconnaissance_a_trois_ans_ouvre_un_nouveau_delai():
    # Départ 15/03/2020 (fin 14/03/2025). Reconnaissance 10/03/2023 (art. 2240) : nouveau délai de
    # 5 ans (art. 2231) → 10/03/2028 − 1 jour = 09/03/2028.
    r = calculer_prescription(CIVIL, date(2020, 3, 15), [ev("reconnaissance", date(2023, 3, 10))], as_of=AUJOURDHUI)
    assert r.date_limite == date(2028, 3, 9)
    etape = r.trace[1]
    assert etape.nature is NatureEtape.interruption
    assert "nouveau délai de 5 ans" in etape.effet and "(art. 2231)" in etape.effet
    assert etape.citations[:2] == ["c_civ_2240", "c_civ_2231"]
    assert etape.date_limite == date(2028, 3, 9)


def test_paiement_partiel_traite_comme_reconnaissance_et_signale():
    # Même calcul que la reconnaissance : 10/03/2023 + 5 ans − 1 jour = 09/03/2028 ; la
    # qualification de reconnaissance vient de la jurisprudence, d'où l'avertissement.
    r = calculer_prescription(CIVIL, date(2020, 3, 15), [ev("paiement_partiel", date(2023, 3, 10))], as_of=AUJOURDHUI)
    assert r.date_limite == date(2028, 3, 9)
    assert "paiement partiel" in r.trace[1].effet
    assert any("Paiement partiel traité comme une reconnaissance" in a for a in r.avertissements)


def test_mise_en_demeure_sans_effet():
    # Une LRAR de mise en demeure n'interrompt pas (Cass. com., 18 mai 2022, n° 20-23.204) :
    # la date limite reste 14/03/2025, et la prescription est acquise le 15/03/2025.
    r = calculer_prescription(
        CIVIL, date(2020, 3, 15), [ev("mise_en_demeure", date(2025, 1, 10))], as_of=date(2025, 6, 1)
    )
    assert r.date_limite == date(2025, 3, 14)
    assert r.acquise is True
    etape = next(t for t in r.trace if t.evenement is TypeEvenement.mise_en_demeure)
    assert etape.nature is NatureEtape.sans_effet
    assert "sans effet sur la prescription (Cass. com., 18 mai 2022" in etape.effet
    assert etape.citations == ["cass_com_2022_05_18_20_23204"]
    assert any("n'interrompt pas la prescription" in a for a in r.avertissements)


def test_reconnaissance_apres_acquisition_sans_effet_et_renonciation_signalee():
    # Prescription acquise le 15/03/2025 ; reconnaissance du 01/06/2025 : ne l'interrompt pas
    # (rien à interrompre) ; la renonciation (art. 2250-2251) n'est pas modélisée, d'où l'avertissement.
    r = calculer_prescription(CIVIL, date(2020, 3, 15), [ev("reconnaissance", date(2025, 6, 1))], as_of=AUJOURDHUI)
    assert r.date_limite == date(2025, 3, 14) and r.acquise
    assert natures(r) == ["depart", "acquisition", "sans_effet"]
    assert any("art. 2250 et 2251" in a for a in r.avertissements)


def test_reconnaissance_le_dernier_jour_produit_effet():
    # Le 14/03/2025 est encore dans le délai (art. 2229) : nouveau délai → 14/03/2030 − 1 = 13/03/2030.
    r = calculer_prescription(CIVIL, date(2020, 3, 15), [ev("reconnaissance", date(2025, 3, 14))], as_of=AUJOURDHUI)
    assert r.date_limite == date(2030, 3, 13)


def test_reconnaissance_avant_le_point_de_depart_sans_effet():
    # Choix documenté : avant le départ la prescription ne court pas, il n'y a rien à interrompre.
    # Départ 15/03/2020 → 14/03/2025, inchangé par une reconnaissance du 01/02/2020.
    r = calculer_prescription(CIVIL, date(2020, 3, 15), [ev("reconnaissance", date(2020, 2, 1))], as_of=AUJOURDHUI)
    assert r.date_limite == date(2025, 3, 14)
    assert r.trace[0].nature is NatureEtape.sans_effet  # tri par date : l'acte précède le départ
    assert "antérieur au point de départ" in r.trace[0].effet


# ---------------------------------------------------------------------------------------------
# Demande en justice (2241 à 2243)
# ---------------------------------------------------------------------------------------------


def test_demande_puis_desistement_comme_si_aucune_demande():
    # Demande 01/06/2024 puis désistement 01/09/2025 : interruption non avenue (art. 2243).
    # Sans elle, le délai ouvert le 15/03/2020 expirait le 14/03/2025 : acquise le 15/03/2025.
    evenements = [
        ev("demande_en_justice", date(2024, 6, 1), reference="TJ-1"),
        ev("desistement", date(2025, 9, 1), reference="TJ-1"),
    ]
    r = calculer_prescription(CIVIL, date(2020, 3, 15), evenements, as_of=date(2026, 1, 1))
    assert r.date_limite == date(2025, 3, 14)
    assert r.acquise is True and r.instance_en_cours is False
    assert natures(r) == ["depart", "non_avenue", "acquisition", "non_avenue"]
    assert "c_civ_2243" in r.trace[-1].citations

    # Même résultat pour la péremption et le rejet définitif.
    for fin in ("peremption", "rejet_definitif"):
        autre = calculer_prescription(
            CIVIL, date(2020, 3, 15),
            [ev("demande_en_justice", date(2024, 6, 1)), ev(fin, date(2025, 9, 1))],
            as_of=date(2026, 1, 1),
        )
        assert autre.date_limite == date(2025, 3, 14)


def test_instance_en_cours_pas_de_date_limite():
    # Demande 01/06/2024, rien depuis : l'interruption dure jusqu'à l'extinction de l'instance
    # (art. 2242) ; pas de date limite. Si elle devenait non avenue : 14/03/2025 (déjà passé).
    r = calculer_prescription(
        CIVIL, date(2020, 3, 15), [ev("demande_en_justice", date(2024, 6, 1))], as_of=date(2025, 6, 1)
    )
    assert r.instance_en_cours is True
    assert r.date_limite is None and r.acquise is False and r.acquise_le is None
    assert r.date_limite_sans_instance == date(2025, 3, 14)
    assert r.trace[-1].nature is NatureEtape.instance_ouverte and r.trace[-1].date_limite is None
    assert any("Instance en cours" in a for a in r.avertissements)


def test_refere_interrompt_aussi():
    # « même en référé » (art. 2241 al. 1) : référé 01/02/2025, ordonnance 01/04/2025 →
    # nouveau délai du 01/04/2025 : 01/04/2030 − 1 jour = 31/03/2030.
    r = calculer_prescription(
        CIVIL, date(2020, 3, 15),
        [ev("refere", date(2025, 2, 1)), ev("fin_instance", date(2025, 4, 1))], as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2030, 3, 31)


def test_demande_jugee_nouveau_delai_a_compter_de_la_fin_d_instance():
    # Demande 01/06/2024 ; jugement mettant fin à l'instance le 20/11/2025 : nouveau délai de 5 ans
    # à compter de l'extinction de l'instance (art. 2242 et 2231) → 20/11/2030 − 1 = 19/11/2030.
    # (Le jugement est un titre exécutoire : son exécution relève de L111-4, 10 ans — à l'appelant.)
    r = calculer_prescription(
        CIVIL, date(2020, 3, 15),
        [ev("demande_en_justice", date(2024, 6, 1), reference="A"), ev("fin_instance", date(2025, 11, 20), reference="A")],
        as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2030, 11, 19)
    assert r.instance_en_cours is False
    assert r.trace[-1].nature is NatureEtape.instance_eteinte
    assert any("L111-4" in a for a in r.avertissements)


def test_reconnaissance_pendant_l_instance_sans_effet_propre():
    # Pendant l'instance la prescription est déjà interrompue : la reconnaissance du 01/01/2025 ne
    # change rien ; fin d'instance 01/03/2025 → 01/03/2030 − 1 = 28/02/2030.
    r = calculer_prescription(
        CIVIL, date(2020, 3, 15),
        [ev("demande_en_justice", date(2024, 6, 1)), ev("reconnaissance", date(2025, 1, 1)),
         ev("fin_instance", date(2025, 3, 1))],
        as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2030, 2, 28)
    assert natures(r)[2] == "sans_effet"


def test_references_incoherentes():
    with pytest.raises(PrescriptionInvalide, match="référence « X »"):
        calculer_prescription(CIVIL, date(2020, 1, 1), [ev("desistement", date(2021, 1, 1), reference="X")],
                              as_of=AUJOURDHUI)
    with pytest.raises(PrescriptionInvalide, match="antérieur à la demande"):
        calculer_prescription(
            CIVIL, date(2020, 1, 1),
            [ev("demande_en_justice", date(2022, 1, 1), reference="X"), ev("fin_instance", date(2021, 1, 1), reference="X")],
            as_of=AUJOURDHUI,
        )


def test_fin_d_instance_orpheline_signalee():
    # Aucune demande : la fin d'instance ne fait rien ; départ 01/01/2021 → 31/12/2025.
    r = calculer_prescription(CIVIL, date(2021, 1, 1), [ev("fin_instance", date(2022, 1, 1))], as_of=AUJOURDHUI)
    assert r.date_limite == date(2025, 12, 31)
    assert any("fin_instance" in a for a in r.avertissements)


# ---------------------------------------------------------------------------------------------
# Suspension (2230, 2238, 2239)
# ---------------------------------------------------------------------------------------------


def test_mediation_tardive_plancher_de_six_mois():
    # Départ 15/01/2020 → 14/01/2025. Médiation du 01/11/2024 au 14/11/2024 (art. 2238) : +13 jours
    # → 27/01/2025 ; mais le délai reprend pour six mois au moins à compter de la fin de la
    # médiation : 14/11/2024 + 6 mois − 1 jour = 13/05/2025 (art. 2238 al. 2). On retient 13/05/2025.
    r = calculer_prescription(
        CIVIL, date(2020, 1, 15),
        [ev("mediation_debut", date(2024, 11, 1)), ev("mediation_fin", date(2024, 11, 14))], as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2025, 5, 13)
    close = next(t for t in r.trace if t.nature is NatureEtape.suspension_close)
    assert "13 jours ajoutés" in close.effet and "six mois au moins" in close.effet
    assert close.citations[:2] == ["c_civ_2238", "c_civ_2230"]


def test_mediation_precoce_ajoute_les_jours_suspendus():
    # Départ 15/01/2020 → 14/01/2025. Médiation du 01/02/2021 au 01/08/2021 : 181 jours
    # (28+31+30+31+30+31) ajoutés (art. 2230) → 14/01/2025 + 181 jours = 14/07/2025 ; le plancher
    # (01/08/2021 + 6 mois − 1 = 31/01/2022) ne joue pas.
    r = calculer_prescription(
        CIVIL, date(2020, 1, 15),
        [ev("mediation_debut", date(2021, 2, 1)), ev("mediation_fin", date(2021, 8, 1))], as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2025, 7, 14)


def test_expertise_2239():
    # Départ 15/01/2020 → 14/01/2025. Expertise ordonnée le 10/05/2023, exécutée (rapport) le
    # 20/12/2024 : 590 jours suspendus (366 + 214 + 10) → 14/01/2025 + 590 j = 27/08/2026 ;
    # plancher 20/12/2024 + 6 mois − 1 = 19/06/2025, ne joue pas (art. 2239 al. 2).
    r = calculer_prescription(
        CIVIL, date(2020, 1, 15),
        [ev("mesure_instruction_ordonnee", date(2023, 5, 10)), ev("mesure_instruction_executee", date(2024, 12, 20))],
        as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2026, 8, 27)
    assert any("Cass. 2e civ., 31 janv. 2019" in a for a in r.avertissements)


def test_expertise_tardive_plancher():
    # Départ 15/01/2020 → 14/01/2025. Expertise du 01/01/2025 au 10/01/2025 : +9 jours → 23/01/2025 ;
    # plancher 10/01/2025 + 6 mois − 1 = 09/07/2025 (art. 2239 al. 2).
    r = calculer_prescription(
        CIVIL, date(2020, 1, 15),
        [ev("mesure_instruction_ordonnee", date(2025, 1, 1)), ev("mesure_instruction_executee", date(2025, 1, 10))],
        as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2025, 7, 9)


def test_suspensions_qui_se_chevauchent_ne_comptent_qu_une_fois():
    # Médiation 01/02/2021 → 01/06/2021, expertise 01/04/2021 → 01/08/2021 : le délai est arrêté du
    # 01/02/2021 au 01/08/2021, soit 181 jours (et non 120 + 122) → 14/01/2025 + 181 j = 14/07/2025.
    r = calculer_prescription(
        CIVIL, date(2020, 1, 15),
        [ev("mediation_debut", date(2021, 2, 1)), ev("mediation_fin", date(2021, 6, 1)),
         ev("mesure_instruction_ordonnee", date(2021, 4, 1)), ev("mesure_instruction_executee", date(2021, 8, 1))],
        as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2025, 7, 14)


def test_suspension_en_cours():
    # Médiation ouverte le 01/12/2024, pas close au 01/03/2025 : le délai ne court pas. Si elle
    # finissait le 01/03/2025 : 14/01/2025 + 90 jours (01/12 → 01/03) = 14/04/2025 ; plancher
    # 01/03/2025 + 6 mois − 1 = 31/08/2025 → date_limite_provisoire 31/08/2025.
    r = calculer_prescription(
        CIVIL, date(2020, 1, 15), [ev("mediation_debut", date(2024, 12, 1))], as_of=date(2025, 3, 1),
    )
    assert r.suspension_en_cours and r.date_limite is None and not r.acquise
    assert r.date_limite_provisoire == date(2025, 8, 31)


def test_petites_creances_refus():
    # Accord du débiteur constaté le 01/10/2024, refus constaté le 01/11/2024 (art. 2238 al. 1 et 3) :
    # +31 jours → 14/02/2025 ; plancher 01/11/2024 + 6 mois − 1 = 30/04/2025.
    r = calculer_prescription(
        CIVIL, date(2020, 1, 15),
        [ev("accord_petites_creances", date(2024, 10, 1)), ev("refus_petites_creances", date(2024, 11, 1))],
        as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2025, 4, 30)


# ---------------------------------------------------------------------------------------------
# Délai butoir (2232)
# ---------------------------------------------------------------------------------------------

_DATES_REPETEES = [date(2014, 6, 1), date(2019, 5, 1), date(2024, 4, 1), date(2029, 3, 1)]


def test_plafond_atteint_par_reconnaissances_repetees():
    # Départ = naissance du droit 01/01/2010 ; plafond 01/01/2030 − 1 = 31/12/2029 (art. 2232).
    # Reconnaissances : 01/06/2014 → 31/05/2019 ; 01/05/2019 → 30/04/2024 ; 01/04/2024 → 31/03/2029 ;
    # 01/03/2029 → 28/02/2034, ramené au plafond 31/12/2029.
    r = calculer_prescription(
        CIVIL, date(2010, 1, 1), [ev("reconnaissance", j) for j in _DATES_REPETEES], as_of=date(2029, 6, 1)
    )
    assert r.plafond_2232 == date(2029, 12, 31)
    assert r.date_limite == date(2029, 12, 31)
    assert r.plafond_atteint is True
    assert "plafond de 20 ans (art. 2232) atteint" in r.trace[-1].effet
    assert "c_civ_2232" in r.trace[-1].citations


def test_plafond_ecarte_par_actes_d_execution_repetes():
    # Mêmes dates, actes d'exécution forcée (art. 2244) : l'art. 2232 al. 2 écarte le plafond ;
    # le dernier acte du 01/03/2029 ouvre 5 ans → 28/02/2034.
    r = calculer_prescription(
        CIVIL, date(2010, 1, 1), [ev("acte_execution", j) for j in _DATES_REPETEES], as_of=date(2029, 6, 1)
    )
    assert r.date_limite == date(2034, 2, 28)
    assert r.plafond_atteint is False
    assert "délai butoir de 20 ans écarté" in r.trace[-1].effet


def test_plafond_et_report_du_point_de_depart():
    # Droit né le 01/01/2000, départ reporté (connaissance des faits) au 01/01/2017 : 5 ans →
    # 31/12/2021, mais plafond 01/01/2020 − 1 = 31/12/2019 (art. 2232 al. 1).
    r = calculer_prescription(CIVIL, date(2017, 1, 1), [], date_naissance_droit=date(2000, 1, 1), as_of=AUJOURDHUI)
    assert r.date_limite == date(2019, 12, 31) and r.plafond_atteint
    # Report par un terme (art. 2233, exclu du butoir) : lecture prudente, les 20 ans courent du
    # départ (01/01/2017 → 31/12/2036) ; date limite 31/12/2021.
    r2233 = calculer_prescription(
        CIVIL, date(2017, 1, 1), [], date_naissance_droit=date(2000, 1, 1), report_2233=True, as_of=AUJOURDHUI
    )
    assert r2233.date_limite == date(2021, 12, 31)
    assert r2233.plafond_2232 == date(2036, 12, 31)
    assert any("art. 2233" in a for a in r2233.avertissements)


def test_titre_executoire_sans_butoir():
    # L111-4 : 10 ans ; signification 01/03/2015 → 28/02/2025 ; acte d'exécution 10/01/2024 →
    # 10/01/2034 − 1 = 09/01/2034. Pas de plafond (L111-4 al. 2).
    r = calculer_prescription(
        regime_legal("cpce_l111_4"), date(2015, 3, 1), [ev("acte_execution", date(2024, 1, 10))], as_of=AUJOURDHUI
    )
    assert r.date_limite == date(2034, 1, 9)
    assert r.plafond_2232 is None


# ---------------------------------------------------------------------------------------------
# Forclusion (R312-35)
# ---------------------------------------------------------------------------------------------


def test_forclusion_credit_conso():
    credit = regime_legal("c_conso_r312_35")
    # Premier incident non régularisé 05/03/2024 → 04/03/2026. La reconnaissance, la médiation et
    # l'expertise n'agissent pas sur une forclusion (art. 2220) : toujours 04/03/2026.
    r = calculer_prescription(
        credit, date(2024, 3, 5),
        [ev("reconnaissance", date(2025, 1, 1)), ev("mediation_debut", date(2025, 2, 1)),
         ev("mediation_fin", date(2025, 12, 1)), ev("mesure_instruction_ordonnee", date(2025, 3, 1))],
        as_of=AUJOURDHUI,
    )
    assert r.date_limite == date(2026, 3, 4)
    assert r.plafond_2232 is None
    assert all(t.nature is NatureEtape.sans_effet for t in r.trace[1:5])
    # La demande en justice interrompt la forclusion (art. 2241) : instance 01/02/2026 → 01/10/2026,
    # nouveau délai de 2 ans → 30/09/2028.
    r2 = calculer_prescription(
        credit, date(2024, 3, 5),
        [ev("demande_en_justice", date(2026, 2, 1)), ev("fin_instance", date(2026, 10, 1))], as_of=AUJOURDHUI,
    )
    assert r2.date_limite == date(2028, 9, 30)


# ---------------------------------------------------------------------------------------------
# Régime transitoire de la loi 2008-561
# ---------------------------------------------------------------------------------------------


def test_transition_creance_nee_en_2005():
    # Commercial, 10 ans avant la réforme : départ 01/03/2005 → ancien terme 28/02/2015. Le délai de
    # 5 ans court du 19/06/2008 → 18/06/2013 (Cass. 1re civ., 12 déc. 2018) ; min = 18/06/2013.
    assert regime_transitoire_2008(date(2005, 3, 1), 10, 5) == date(2013, 6, 18)
    # Civil, 30 ans : même résultat.
    assert regime_transitoire_2008(date(2005, 3, 1), 30, 5) == date(2013, 6, 18)
    # Ancien délai plus court que le nouveau plafond : départ 10/01/1999 + 10 ans − 1 = 09/01/2009.
    assert regime_transitoire_2008(date(1999, 1, 10), 10, 5) == date(2009, 1, 9)
    # Ancien délai expiré avant la réforme : il le reste (art. 2222 al. 1) : 01/01/1990 → 31/12/1999.
    assert regime_transitoire_2008(date(1990, 1, 1), 10, 5) == date(1999, 12, 31)
    r = calculer_prescription(
        regime_legal("c_com_l110_4"), date(2005, 3, 1), [], ancienne_duree_ans=10, as_of=AUJOURDHUI
    )
    assert r.date_limite == date(2013, 6, 18) and r.acquise
    assert "loi_2008_561_art_26" in r.trace[0].citations


def test_transition_interruption_avant_2008():
    # Départ 01/03/2000 (10 ans) ; reconnaissance 01/09/2007 : nouvel ancien délai jusqu'au
    # 31/08/2017, réduit par l'art. 26 II → 18/06/2013 ; reconnaissance 01/01/2013 (loi nouvelle) :
    # 01/01/2013 + 5 ans − 1 = 31/12/2017.
    r = calculer_prescription(
        regime_legal("c_com_l110_4"), date(2000, 3, 1),
        [ev("reconnaissance", date(2007, 9, 1)), ev("reconnaissance", date(2013, 1, 1))],
        ancienne_duree_ans=10, as_of=AUJOURDHUI,
    )
    assert r.trace[1].date_limite == date(2013, 6, 18)
    assert r.date_limite == date(2017, 12, 31)


def test_transition_erreurs():
    with pytest.raises(PrescriptionInvalide, match="depart"):
        regime_transitoire_2008(REFORME_2008, 10, 5)
    with pytest.raises(PrescriptionInvalide, match="ancienne_duree_ans"):
        regime_transitoire_2008(date(2005, 1, 1), 0, 5)


def test_depart_avant_2008_sans_ancienne_duree_signale():
    r = calculer_prescription(CIVIL, date(2007, 1, 1), [], as_of=AUJOURDHUI)
    assert any("ancienne_duree_ans" in a for a in r.avertissements)


# ---------------------------------------------------------------------------------------------
# Art. 2254, ordre des événements, as_of, erreurs
# ---------------------------------------------------------------------------------------------


def test_duree_contractuelle_valide():
    # Art. 2254 al. 1 : entre 1 et 10 ans ; L218-1 : jamais en B2C ; al. 3 : pas pour le périodique.
    assert duree_contractuelle_valide(1, b2c=False)
    assert duree_contractuelle_valide(10, b2c=False)
    assert duree_contractuelle_valide(0, mois=18, b2c=False)
    assert not duree_contractuelle_valide(11, b2c=False)
    assert not duree_contractuelle_valide(0, mois=6, b2c=False)
    assert not duree_contractuelle_valide(3, b2c=True)
    assert not duree_contractuelle_valide(3, b2c=False, paiements_periodiques=True)
    with pytest.raises(PrescriptionInvalide, match="ans"):
        duree_contractuelle_valide(-1, b2c=False)


def test_regime_contractuel():
    # Clause de 3 ans : départ 01/01/2024 → 31/12/2026.
    r = calculer_prescription(regime_legal("contractuel_2254", ans=3), date(2024, 1, 1), [], as_of=AUJOURDHUI)
    assert r.date_limite == date(2026, 12, 31)
    assert any("L218-1" in a for a in r.avertissements)
    with pytest.raises(ValueError, match="2254"):
        regime_legal("contractuel_2254", ans=12)


def test_regime_invalide():
    with pytest.raises(PrescriptionInvalide, match="code"):
        regime_legal("c_civ_9999")
    with pytest.raises(ValueError, match="forclusion"):
        Regime(code="c_conso_r312_35", duree_ans=2, forclusion=True, plafond_20_ans=True)
    with pytest.raises(ValueError, match="durée nulle"):
        Regime(code="autre")


def test_ordre_de_saisie_indifferent():
    evenements = [
        ev("reconnaissance", date(2023, 3, 10)),
        ev("mediation_fin", date(2024, 3, 1)),
        ev("mediation_debut", date(2024, 1, 1)),
        ev("mise_en_demeure", date(2022, 1, 1)),
    ]
    a = calculer_prescription(CIVIL, date(2020, 3, 15), evenements, as_of=AUJOURDHUI)
    b = calculer_prescription(CIVIL, date(2020, 3, 15), list(reversed(evenements)), as_of=AUJOURDHUI)
    # 09/03/2028 + 60 jours (01/01 → 01/03/2024, année bissextile) = 08/05/2028.
    assert a.date_limite == b.date_limite == date(2028, 5, 8)
    assert [(t.date, t.effet) for t in a.trace] == [(t.date, t.effet) for t in b.trace]


def test_evenements_posterieurs_a_as_of_ignores():
    # La reconnaissance du 01/06/2026 est postérieure à as_of (01/01/2026) : ignorée et tracée.
    r = calculer_prescription(
        CIVIL, date(2020, 3, 15), [ev("reconnaissance", date(2026, 6, 1))], as_of=date(2026, 1, 1)
    )
    assert r.date_limite == date(2025, 3, 14) and r.acquise
    assert r.trace[-1].nature is NatureEtape.ignore
    assert any("postérieurs à la date d'évaluation" in a for a in r.avertissements)


def test_erreurs_d_entree():
    with pytest.raises(PrescriptionInvalide, match="date_naissance_droit"):
        calculer_prescription(CIVIL, date(2020, 1, 1), [], date_naissance_droit=date(2021, 1, 1), as_of=AUJOURDHUI)
    with pytest.raises(PrescriptionInvalide, match="depart"):
        calculer_prescription(CIVIL, "2020-01-01", [], as_of=AUJOURDHUI)  # type: ignore[arg-type]
    with pytest.raises(PrescriptionInvalide, match="as_of"):
        calculer_prescription(CIVIL, date(2020, 1, 1), [], as_of=dt.datetime(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="type"):
        E(type="relance", date=date(2020, 1, 1))
    with pytest.raises(ValueError, match="juridiction_incompetente"):
        E(type="reconnaissance", date=date(2020, 1, 1), juridiction_incompetente_ou_acte_annule=True)
    assert issubclass(PrescriptionInvalide, ValueError)


def test_resultat_serialisable():
    r = calculer_prescription(CIVIL, date(2020, 3, 15), [ev("reconnaissance", date(2023, 3, 10))], as_of=AUJOURDHUI)
    donnees = r.model_dump(mode="json")
    assert donnees["date_limite"] == "2028-03-09"
    assert donnees["trace"][1]["nature"] == "interruption"
