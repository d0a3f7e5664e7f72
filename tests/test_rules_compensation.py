"""Compensation (C. civ. 1347 s.) and exception d'inexécution (1219): details and calculators (more dated cases in tests/cas/test_compensation.yaml).

Each expected figure is computed in the comment above it, with the article it applies. Unless said
otherwise: contract of 2020 (new law), assessment on 1 June 2024, B2B claim, invoice F1 of 5 000 €
due on 31 January 2024.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules.institutions.compensation import (
    CompensationInvalide,
    CreanceACompenser,
    DetteACompenser,
    Imputation,
    compenser,
)

AS_OF = date(2024, 6, 1)
D = Decimal


def dossier(*, dettes=(), factures=None, contrat="2020-01-01", paiements=(), procedure=None, **extra):
    out = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel"},
        "factures": factures or [{"numero": "F1", "montant_ttc": 5000, "date_emission": "2024-01-02",
                                  "date_echeance": "2024-01-31"}],
        "dettes_du_creancier": list(dettes),
        "paiements": list(paiements),
    }
    if contrat is not None:
        out["contrat"] = {"date_conclusion": contrat}
    if procedure is not None:
        out["procedure_collective"] = procedure
    out.update(extra)
    return out


def run(d, as_of=AS_OF, engine="python"):
    return evaluate(d, as_of, engine=engine)


def fired(a):
    return {t.rule for t in a.trace if t.status == "fired"}


def warning_codes(a):
    return [w.code for w in a.warnings]


# ----------------------------------------------------------------------------- compensation légale


def test_avoir_exigible_apres_la_facture():
    # 1347-1 : facture 5 000 € exigible le 31/01/2024, avoir 1 200 € exigible le 15/03/2024 ;
    # 1347 al. 2 : effet à la date où les conditions sont réunies = la plus tardive = 15/03/2024 ;
    # à due concurrence : min(5 000 ; 1 200) = 1 200 € ; reste dû 5 000 − 1 200 = 3 800 €.
    a = run(dossier(dettes=[{"description": "avoir", "montant": 1200, "date_exigibilite": "2024-03-15"}]))
    f = a.finding("compensation_legale_acquise")
    assert f.value == D("1200.00")
    assert f.since == date(2024, 3, 15)
    assert f.rule == "compensation.legale_1347"
    assert f.details["principal_restant_du_avant_compensation"] == D("5000.00")
    assert f.details["principal_restant_du_apres_compensation"] == D("3800.00")
    assert f.details["dettes"][0]["date_effet"] == date(2024, 3, 15)
    assert f.details["dettes"][0]["statut"] == "compensée en totalité"
    assert {c.key for c in f.citations} >= {"c_civ_1347", "c_civ_1347_1"}
    (act,) = [x for x in a.actions_of("invoquer_compensation")]
    assert act.amount == D("1200.00") and act.priority == 5
    assert "invoquée" in act.purpose


def test_plusieurs_factures_une_dette_imputation_chronologique():
    # F1 3 000 € (31/01/2024), F2 2 000 € (01/03/2024) ; avoir 3 500 € exigible le 15/02/2024.
    # 15/02 : F1 et l'avoir coexistent → 3 000 € compensés le 15/02 ; reste de l'avoir 500 €.
    # 01/03 : F2 exigible → 500 € compensés le 01/03. Total 3 500 € ; première date 15/02/2024 ;
    # principal 5 000 − 3 500 = 1 500 €.
    factures = [
        {"numero": "F1", "montant_ttc": 3000, "date_emission": "2024-01-02", "date_echeance": "2024-01-31"},
        {"numero": "F2", "montant_ttc": 2000, "date_emission": "2024-02-01", "date_echeance": "2024-03-01"},
    ]
    a = run(dossier(factures=factures, dettes=[{"description": "avoir", "montant": 3500,
                                                  "date_exigibilite": "2024-02-15"}]))
    f = a.finding("compensation_legale_acquise")
    assert (f.value, f.since) == (D("3500.00"), date(2024, 2, 15))
    assert [(i["facture"], i["montant"], i["date_effet"]) for i in f.details["imputations"]] == [
        ("facture F1", D("3000.00"), date(2024, 2, 15)),
        ("facture F2", D("500.00"), date(2024, 3, 1)),
    ]
    assert f.details["dettes"][0]["dates_effet"] == [date(2024, 2, 15), date(2024, 3, 1)]
    assert f.details["dettes"][0]["date_effet"] == date(2024, 3, 1)
    assert f.details["principal_restant_du_apres_compensation"] == D("1500.00")


def test_dette_superieure_a_la_creance_limitee_a_la_creance():
    # Facture 1 000 € (31/01), dette 1 500 € (10/02) : à due concurrence = 1 000 € ; le créancier
    # reste devoir 1 500 − 1 000 = 500 € ; principal restant 0 €.
    factures = [{"numero": "F1", "montant_ttc": 1000, "date_emission": "2024-01-02", "date_echeance": "2024-01-31"}]
    a = run(dossier(factures=factures, dettes=[{"montant": 1500, "date_exigibilite": "2024-02-10"}]))
    f = a.finding("compensation_legale_acquise")
    assert (f.value, f.since) == (D("1000.00"), date(2024, 2, 10))
    assert f.details["principal_restant_du_apres_compensation"] == D("0.00")
    assert f.details["dettes_du_creancier_restant_dues"] == D("500.00")
    assert f.details["dettes"][0]["reste_du_par_le_creancier"] == D("500.00")


def test_paiement_partiel_reduit_la_creance_compensable():
    # Paiement de 4 000 € le 20/02/2024 : reste 1 000 € sur F1 ; dette 1 500 € exigible le 01/03/2024 ;
    # compensation min(1 000 ; 1 500) = 1 000 € le 01/03/2024 ; principal restant 0 €.
    a = run(dossier(paiements=[{"date": "2024-02-20", "montant": 4000}],
                    dettes=[{"montant": 1500, "date_exigibilite": "2024-03-01"}]))
    f = a.finding("compensation_legale_acquise")
    assert (f.value, f.since) == (D("1000.00"), date(2024, 3, 1))
    assert f.details["principal_restant_du_apres_compensation"] == D("0.00")


def test_dette_non_exigible_pas_de_compensation_legale_mais_judiciaire():
    # Dette exigible le 01/07/2024, après la date d'évaluation : 1347-1 non rempli (exigibilité).
    # 1348 : certaine, non exigible → compensation judiciaire possible, min(5 000 ; 1 200) = 1 200 €,
    # effet à la date de la décision (dette non connexe) ; principal si prononcée 3 800 €.
    a = run(dossier(dettes=[{"montant": 1200, "date_exigibilite": "2024-07-01"}]))
    assert a.finding("compensation_legale_acquise") is None
    assert "compensation.legale_1347" not in fired(a)
    j = a.finding("compensation_judiciaire_possible")
    assert j.value == D("1200.00") and j.since is None
    assert j.details["dettes"][0]["date_effet"] is None
    assert j.details["dettes"][0]["conditions_manquantes"] == ["exigible"]
    assert j.details["principal_restant_du_si_compensation_prononcee"] == D("3800.00")
    (act,) = a.actions_of("invoquer_compensation")
    assert act.amount == D("1200.00") and act.priority == 50


def test_insaisissable_ecartee_les_autres_dettes_compensees():
    # Dette insaisissable 300 € (écartée, 1347-2) et avoir 1 200 € (15/03) : seul l'avoir se compense.
    a = run(dossier(dettes=[
        {"montant": 300, "date_exigibilite": "2024-02-01", "insaisissable": True},
        {"montant": 1200, "date_exigibilite": "2024-03-15"},
    ]))
    f = a.finding("compensation_legale_acquise")
    assert (f.value, f.since) == (D("1200.00"), date(2024, 3, 15))
    assert f.details["dettes"][0]["montant_compense"] == D("0.00")
    assert "1347-2" in f.details["dettes"][0]["statut"]
    assert "compensation_exclue" in warning_codes(a)


def test_dette_non_fongible_ne_se_compense_pas():
    # 1347-1 : obligation de livrer une chose (non fongible), non connexe : ni compensation ni suspension.
    a = run(dossier(dettes=[{"montant": 900, "date_exigibilite": "2024-02-01", "fongible": False}]))
    assert a.finding("compensation_legale_acquise") is None
    assert a.finding("compensation_judiciaire_possible") is None
    assert not a.actions_of("suspendre_execution")


def test_creance_payee_pas_de_compensation():
    # Facture soldée le 15/02/2024 : plus rien à compenser, aucune action ni avertissement.
    a = run(dossier(paiements=[{"date": "2024-02-15", "montant": 5000}],
                    dettes=[{"montant": 1200, "date_exigibilite": "2024-03-15"},
                            {"montant": 50, "date_exigibilite": "2024-03-15", "insaisissable": True}]))
    assert a.finding("compensation_legale_acquise") is None
    assert not a.actions_of("invoquer_compensation")
    assert "compensation_exclue" not in warning_codes(a)


def test_contrat_de_2015_ancien_article_1290():
    # Ord. 2016-131 art. 9 : contrat conclu le 01/03/2015 → anciens art. 1289 à 1291.
    # Dette 2 000 € exigible le 10/01/2017, facture exigible le 01/02/2017 : les deux dettes coexistent
    # le 01/02/2017, compensation de plein droit de 2 000 € ce jour-là.
    factures = [{"numero": "F1", "montant_ttc": 5000, "date_emission": "2017-01-02", "date_echeance": "2017-02-01"}]
    a = run(dossier(contrat="2015-03-01", factures=factures,
                    dettes=[{"montant": 2000, "date_exigibilite": "2017-01-10"}]), as_of=date(2017, 6, 1))
    f = a.finding("compensation_legale_acquise")
    assert (f.value, f.since) == (D("2000.00"), date(2017, 2, 1))
    assert f.rule == "compensation.legale_1290_ancien"
    assert "de plein droit" in f.details["regime"]
    assert {c.key for c in f.citations} >= {"c_civ_1290_ancien", "c_civ_1291_ancien"}
    trace = {t.rule: t for t in a.trace}
    assert trace["compensation.legale_1347"].status == "overridden"
    # Invoquée malgré tout : la jurisprudence l'exigeait (rapport au Président).
    (act,) = a.actions_of("invoquer_compensation")
    assert act.amount == D("2000.00")
    assert "droit_incertain" in warning_codes(a)


def test_date_de_conclusion_inconnue_est_signalee():
    # Sans date de contrat, elle est supposée au 02/01/2024 (première facture) → art. 1347 ; averti.
    a = run(dossier(contrat=None, dettes=[{"montant": 1200, "date_exigibilite": "2024-03-15"}]))
    assert a.finding("compensation_legale_acquise").rule == "compensation.legale_1347"
    assert "date_conclusion_supposee" in warning_codes(a)


# ----------------------------------------------------------------------------- compensation judiciaire


def test_dette_connexe_non_liquide_effet_a_la_premiere_exigibilite():
    # 1348-1 : indemnité connexe non chiffrée (800 €, estimation) ; le juge ne peut refuser la
    # compensation ; effet réputé au jour de l'exigibilité de la première obligation = facture, 31/01/2024.
    a = run(dossier(dettes=[{"description": "indemnité", "montant": 800, "liquide": False, "connexe": True}]))
    j = a.finding("compensation_judiciaire_possible")
    assert j.value == D("800.00")
    assert j.rule == "compensation.judiciaire_1348"
    (dette,) = j.details["dettes"]
    assert dette["date_effet"] == date(2024, 1, 31)
    assert dette["conditions_manquantes"] == ["liquide", "exigible"]
    assert "1348-1" in dette["explication"]


def test_judiciaire_dans_la_limite_de_la_creance_restante():
    # Dette légale 4 500 € (10/02) : compensée ; reste de créance 5 000 − 4 500 = 500 € ;
    # dette non liquide 1 000 € : compensation judiciaire limitée à min(500 ; 1 000) = 500 € ;
    # principal si prononcée : 5 000 − 4 500 − 500 = 0 €.
    a = run(dossier(dettes=[{"montant": 4500, "date_exigibilite": "2024-02-10"},
                            {"montant": 1000, "date_exigibilite": "2024-02-10", "liquide": False}]))
    assert a.finding("compensation_legale_acquise").value == D("4500.00")
    j = a.finding("compensation_judiciaire_possible")
    assert j.value == D("500.00")
    assert j.details["creance_exigible_restante_apres_compensation_legale"] == D("500.00")
    assert j.details["principal_restant_du_si_compensation_prononcee"] == D("0.00")


def test_judiciaire_premiere_exigibilite_apres_compensation_legale():
    # F1 3 000 € (31/01) entièrement compensée par l'avoir de 3 000 € (15/02) ; reste F2 2 000 €
    # (01/03) ; indemnité connexe non liquide : effet au 01/03/2024, première exigibilité restante.
    factures = [
        {"numero": "F1", "montant_ttc": 3000, "date_emission": "2024-01-02", "date_echeance": "2024-01-31"},
        {"numero": "F2", "montant_ttc": 2000, "date_emission": "2024-02-01", "date_echeance": "2024-03-01"},
    ]
    a = run(dossier(factures=factures, dettes=[
        {"montant": 3000, "date_exigibilite": "2024-02-15"},
        {"montant": 800, "liquide": False, "connexe": True},
    ]))
    j = a.finding("compensation_judiciaire_possible")
    assert j.value == D("800.00")
    assert j.details["dettes"][0]["date_effet"] == date(2024, 3, 1)


def test_judiciaire_contrat_ancien_avertit():
    factures = [{"numero": "F1", "montant_ttc": 5000, "date_emission": "2017-01-02", "date_echeance": "2017-02-01"}]
    a = run(dossier(contrat="2015-03-01", factures=factures,
                    dettes=[{"montant": 600, "liquide": False}]), as_of=date(2017, 6, 1))
    assert a.finding("compensation_judiciaire_possible").value == D("600.00")
    assert "compensation.judiciaire_ancien_droit" in fired(a)


# ----------------------------------------------------------------------------- procédure collective

REDRESSEMENT = {"type": "redressement", "date_jugement": "2024-03-01"}


def test_procedure_collective_dette_non_connexe_posterieure_au_jugement():
    # L622-7 I : jugement du 01/03/2024 ; dette non connexe exigible le 01/04/2024 : conditions non
    # réunies avant le jugement → pas de compensation ; avertissement.
    a = run(dossier(procedure=REDRESSEMENT, dettes=[{"montant": 1000, "date_exigibilite": "2024-04-01"}]))
    assert a.finding("compensation_legale_acquise") is None
    assert not a.actions_of("invoquer_compensation")
    assert "compensation.exclusion_procedure_collective" in fired(a)
    assert "compensation_exclue" in warning_codes(a)


def test_procedure_collective_conditions_reunies_le_jour_du_jugement_trop_tard():
    # Le jugement prend effet dès le jour de son prononcé (Cass. com., 23 oct. 2024) : une dette non
    # connexe exigible le 01/03/2024, jour du jugement, ne se compense pas.
    a = run(dossier(procedure=REDRESSEMENT, dettes=[{"montant": 1000, "date_exigibilite": "2024-03-01"}]))
    assert a.finding("compensation_legale_acquise") is None
    assert "compensation_exclue" in warning_codes(a)


def test_procedure_collective_compensation_acquise_avant_le_jugement():
    # Dette non connexe exigible le 15/02/2024, facture le 31/01/2024 : conditions réunies le 15/02,
    # avant le jugement du 01/03/2024 → compensation de 1 000 € acquise (Cass. com., 23 oct. 2024).
    a = run(dossier(procedure=REDRESSEMENT, dettes=[{"montant": 1000, "date_exigibilite": "2024-02-15"}]))
    f = a.finding("compensation_legale_acquise")
    assert (f.value, f.since) == (D("1000.00"), date(2024, 2, 15))
    assert f.rule == "compensation.legale_procedure_collective"
    assert f.details["date_jugement_ouverture"] == date(2024, 3, 1)
    assert f.details["principal_restant_du_apres_compensation"] == D("4000.00")
    (act,) = a.actions_of("invoquer_compensation")
    assert act.amount == D("1000.00") and "Déclarer la créance" in act.purpose
    assert "compensation_exclue" not in warning_codes(a)


def test_procedure_collective_dette_connexe_apres_le_jugement():
    # L622-7 I : « à l'exception du paiement par compensation de créances connexes » ; dette connexe de
    # 1 000 € exigible le 01/04/2024 → compensée ce jour-là malgré le jugement du 01/03/2024.
    a = run(dossier(procedure=REDRESSEMENT,
                    dettes=[{"montant": 1000, "date_exigibilite": "2024-04-01", "connexe": True},
                            {"montant": 700, "date_exigibilite": "2024-04-01"}]))
    f = a.finding("compensation_legale_acquise")
    assert (f.value, f.since) == (D("1000.00"), date(2024, 4, 1))
    statut = {d["dette"]: d["statut"] for d in f.details["dettes"]}
    assert "L622-7" in statut["dettes_du_creancier[1]"]
    assert "compensation_exclue" in warning_codes(a)  # la dette non connexe de 700 €


def test_procedure_collective_judiciaire_seulement_connexe():
    # Dettes non liquides : 600 € connexe (compensable par le juge, 1348-1 et L622-7) et 400 € non
    # connexe (interdite) → compensation judiciaire possible de 600 € seulement.
    a = run(dossier(procedure=REDRESSEMENT, dettes=[
        {"montant": 600, "liquide": False, "connexe": True},
        {"montant": 400, "liquide": False},
    ]))
    j = a.finding("compensation_judiciaire_possible")
    assert j.value == D("600.00")
    assert j.rule == "compensation.judiciaire_procedure_collective"
    assert [d["dette"] for d in j.details["dettes"]] == ["dettes_du_creancier[0]"]
    assert "compensation_exclue" in warning_codes(a)


def test_procedure_collective_par_evenement():
    # Le jugement peut n'être connu que par un événement ; même solution qu'au test précédent non connexe.
    d = dossier(dettes=[{"montant": 1000, "date_exigibilite": "2024-04-01"}],
                evenements=[{"type": "procedure_collective_ouverte", "date": "2024-03-01"}])
    a = run(d)
    assert a.finding("compensation_legale_acquise") is None
    assert "compensation_exclue" in warning_codes(a)


def test_procedure_collective_ancien_droit():
    # Contrat de 2015, dette exigible le 10/01/2017, facture le 01/02/2017, jugement le 01/03/2017 :
    # compensation de plein droit le 01/02/2017, avant le jugement (ancien 1290 ; Cass. com. 3 juin 1997).
    factures = [{"numero": "F1", "montant_ttc": 5000, "date_emission": "2017-01-02", "date_echeance": "2017-02-01"}]
    a = run(dossier(contrat="2015-03-01", factures=factures,
                    procedure={"type": "liquidation", "date_jugement": "2017-03-01"},
                    dettes=[{"montant": 2000, "date_exigibilite": "2017-01-10"}]), as_of=date(2017, 6, 1))
    f = a.finding("compensation_legale_acquise")
    assert (f.value, f.since) == (D("2000.00"), date(2017, 2, 1))
    assert f.rule == "compensation.legale_procedure_collective_1290_ancien"


# ----------------------------------------------------------------------------- the calculator alone


def test_compenser_seul():
    # Factures A 100 € (01/01) et B 50 € (01/03) ; dettes X 120 € non connexe (01/02), Y 40 € connexe
    # (01/04) ; jugement d'ouverture le 15/03 :
    # 01/02 : A × X = 100 € ; 01/03 : B × reste de X (20 €) = 20 € ; 01/04 : X épuisée, Y connexe × reste
    # de B (30 €) = 30 €. Total 150 €.
    got = compenser(
        [CreanceACompenser("A", date(2024, 1, 1), D("100")), CreanceACompenser("B", date(2024, 3, 1), D("50"))],
        [DetteACompenser("X", date(2024, 2, 1), D("120")), DetteACompenser("Y", date(2024, 4, 1), D("40"), True)],
        date_limite_non_connexes=date(2024, 3, 15),
    )
    assert got == [
        Imputation("A", "X", date(2024, 2, 1), D("100")),
        Imputation("B", "X", date(2024, 3, 1), D("20")),
        Imputation("B", "Y", date(2024, 4, 1), D("30")),
    ]


def test_compenser_non_connexe_bloque_par_le_jugement():
    # Même dette X mais jugement le 15/01 : le 01/02 est postérieur, X non connexe → rien.
    got = compenser([CreanceACompenser("A", date(2024, 1, 1), D("100"))],
                    [DetteACompenser("X", date(2024, 2, 1), D("120"))],
                    date_limite_non_connexes=date(2024, 1, 15))
    assert got == []


@pytest.mark.parametrize("kwargs, message", [
    ({"creances": [("A", date(2024, 1, 1), D("1"))], "dettes": []}, "creances[0]"),
    ({"creances": [], "dettes": [DetteACompenser("X", date(2024, 1, 1), D("-1"))]}, "dettes[0].montant"),
    ({"creances": [], "dettes": [DetteACompenser("X", "2024-01-01", D("1"))]}, "dettes[0].date_exigibilite"),
    ({"creances": [], "dettes": [], "date_limite_non_connexes": "2024-01-01"}, "date_limite_non_connexes"),
])
def test_compenser_entree_invalide(kwargs, message):
    with pytest.raises(CompensationInvalide, match=re.escape(message)) as err:
        compenser(**kwargs)
    assert isinstance(err.value, ValueError)


# ----------------------------------------------------------------------------- exception d'inexécution

LIVRAISON = {"description": "livraison du solde de la commande", "montant": 3000, "fongible": False, "connexe": True}


def test_exception_d_inexecution_1219():
    # 1219 : facture exigible le 31/01/2024 et impayée ; prestation en nature connexe encore due →
    # suspension possible, montant exigible 5 000 € ; gravité appréciée par le juge (avertissement).
    a = run(dossier(dettes=[LIVRAISON]))
    (act,) = a.actions_of("suspendre_execution")
    assert act.amount == D("5000.00") and act.rule == "exception_d_inexecution.refus_1219"
    assert {c.key for c in act.citations} == {"c_civ_1219"}
    assert "droit_incertain" in warning_codes(a)
    # une obligation en nature ne se compense pas (1347-1)
    assert a.finding("compensation_legale_acquise") is None


def test_exception_d_inexecution_contrat_ancien_jurisprudence():
    # Contrat de 2015 : pas d'art. 1219 (ord. 2016-131 art. 9) ; exception de source jurisprudentielle.
    factures = [{"numero": "F1", "montant_ttc": 5000, "date_emission": "2017-01-02", "date_echeance": "2017-02-01"}]
    a = run(dossier(contrat="2015-03-01", factures=factures, dettes=[LIVRAISON]), as_of=date(2017, 6, 1))
    (act,) = a.actions_of("suspendre_execution")
    assert act.rule == "exception_d_inexecution.refus_jurisprudentiel_ancien"
    assert "1220" in act.purpose
    trace = {t.rule: t.status for t in a.trace}
    assert trace["exception_d_inexecution.refus_1219"] == "overridden"


def test_exception_d_inexecution_creance_non_exigible():
    # Facture non échue au 01/06/2024 : pas d'inexécution du débiteur, pas de suspension (1219).
    factures = [{"numero": "F1", "montant_ttc": 5000, "date_emission": "2024-05-02", "date_echeance": "2024-07-31"}]
    a = run(dossier(factures=factures, dettes=[LIVRAISON]))
    assert not a.actions_of("suspendre_execution")


def test_exception_d_inexecution_procedure_collective():
    # L622-13 I : sauvegarde ouverte le 02/05/2024 ; le cocontractant doit exécuter malgré l'impayé
    # antérieur → pas d'action, avertissement.
    a = run(dossier(dettes=[LIVRAISON], procedure={"type": "sauvegarde", "date_jugement": "2024-05-02"}))
    assert not a.actions_of("suspendre_execution")
    assert "exception_d_inexecution.procedure_collective" in fired(a)
    assert "droit_incertain" in warning_codes(a)


@pytest.mark.parametrize("dette", [
    {**LIVRAISON, "connexe": False},  # sans lien avec la créance : pas de réciprocité
    {**LIVRAISON, "fongible": True, "date_exigibilite": "2024-02-01"},  # somme connexe : compensation
])
def test_exception_d_inexecution_ne_joue_pas(dette):
    a = run(dossier(dettes=[dette]))
    assert not a.actions_of("suspendre_execution")


# ----------------------------------------------------------------------------- both engines


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
def test_les_deux_moteurs_concluent_de_meme():
    d = dossier(
        factures=[
            {"numero": "F1", "montant_ttc": 3000, "date_emission": "2024-01-02", "date_echeance": "2024-01-31"},
            {"numero": "F2", "montant_ttc": 2000, "date_emission": "2024-02-01", "date_echeance": "2024-03-01"},
        ],
        dettes=[
            {"montant": 1000, "date_exigibilite": "2024-02-15"},
            {"montant": 500, "date_exigibilite": "2024-04-01", "connexe": True},
            {"montant": 400, "liquide": False, "connexe": True},
            {"montant": 300, "date_exigibilite": "2024-02-01", "insaisissable": True},
            LIVRAISON,
        ],
        procedure={"type": "redressement", "date_jugement": "2024-03-20"},
    )
    py, du = run(d, engine="python"), run(d, engine="durable")

    def summary(a):
        return (sorted((f.code, str(f.value), str(f.since)) for f in a.findings),
                sorted((x.code, x.rule, str(x.amount)) for x in a.actions),
                sorted((w.code, w.rule) for w in a.warnings))

    assert summary(py) == summary(du)
    # 15/02 : F1 × 1 000 € (non connexe, avant le jugement du 20/03) ; 01/04 : F1 reste 2 000 € ×
    # dette connexe 500 € → 1 500 € compensés ; judiciaire connexe : min(5 000 − 1 500 ; 400) = 400 €.
    assert py.finding("compensation_legale_acquise").value == D("1500.00")
    assert py.finding("compensation_judiciaire_possible").value == D("400.00")
