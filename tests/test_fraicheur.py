"""Données datées : ce que le paquet sait, jusqu'à quand, et ce qu'une évaluation en dit au-delà (issue 19).

Montants recalculés à la main en commentaire : base × taux × jours / 36 500, arrondi au centime par ligne.
Taux des tables : pénalités par défaut (C. com. L441-10 II, BCE au 1er janvier / 1er juillet + 10 points)
2026-S1 12,15 % (BCE 2,15 %), 2026-S2 12,40 % (BCE 2,40 % depuis le 17/06/2026) ; 2027-S1 inconnu (table BCE
arrêtée au 03/11/2026) ; taux légal (C. mon. fin. L313-2) 2026-S2 « autres cas » 2,75 %, connu jusqu'au 31/12/2026.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest

from creances_rules import evaluate
from creances_rules.law import taux as t
from creances_rules.law.fraicheur import donnees_datees, prochain_changement_taux, tables_de_taux
from creances_rules.models.fichier_taux import FichierTauxInvalide, charger_fichier_taux
from creances_rules.presentation.render import render_page, render_text

from .taux_essai import FICHIER_BCE

D = dt.date
M = Decimal
B2B = {"creancier": {"qualite": "professionnel", "nom": "Fournisseur SAS"},
       "debiteur": {"qualite": "professionnel", "nom": "Client SAS"},
       "contrat": {"date_conclusion": "2024-01-10"}}
B2C = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "consommateur"},
       "contrat": {"date_conclusion": "2025-06-01"}}
FACTURE_NOV = {"numero": "F1", "montant_ttc": 10000, "date_emission": "2026-11-01", "date_echeance": "2026-11-30"}

# Le fichier de taux d'essai du cabinet (BCE 2,65 % du 04/11/2026), avec un taux légal 2027-S1 d'essai.
FICHIER = FICHIER_BCE + """\
interet_legal:
  - du: 2027-01-01
    autres_cas: "3.00"
    texte: Arrêté de décembre 2026 (essai)
    source: https://www.legifrance.gouv.fr/essai
"""


@pytest.fixture
def fichier(tmp_path):
    p = tmp_path / "taux_cabinet.yaml"
    p.write_text(FICHIER, encoding="utf-8")
    return p


def test_20000_echus_le_15_mai_2026_evalues_le_30_novembre():
    # C. com. L441-10 II. 16/05 → 30/06/2026 = 46 j à 12,15 % : 20 000 × 12,15 × 46 / 36 500 = 306,2465… → 306,25 ;
    # 01/07 → 30/11/2026 = 153 j à 12,40 % : 20 000 × 12,40 × 153 / 36 500 = 1 039,5616… → 1 039,56 ;
    # total 306,25 + 1 039,56 = 1 345,81.
    a = evaluate({**B2B, "factures": [{"numero": "F1", "montant_ttc": 20000, "date_emission": "2026-04-15",
                                       "date_echeance": "2026-05-15"}]}, "2026-11-30", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == M("1345.81")
    assert [(x["du"], x["jours"], x["taux"], x["montant"]) for x in p.details.lignes] == [
        (D(2026, 5, 16), 46, M("12.15"), M("306.25")), (D(2026, 7, 1), 153, M("12.40"), M("1039.56"))]
    assert not [w for w in a.warnings if w.code in ("taux_inconnu", "donnees_perimees")]


def test_une_evaluation_en_2027_calcule_2026_et_nomme_2027_s1_inconnu():
    # 01/12 → 31/12/2026 = 31 j à 12,40 % : 10 000 × 12,40 × 31 / 36 500 = 105,3151 → 105,32 ; 2027-S1 : taux BCE
    # au 01/01/2027 inconnu → du 01/01/2027 au 31/03/2027 non calculé, nommé, jamais reconduit.
    a = evaluate({**B2B, "factures": [FACTURE_NOV]}, "2027-03-31", engine="python")
    p = a.finding("penalites_de_retard_dues")
    assert p.value == M("105.32")
    assert [(x["du"], x["au"]) for x in p.details.periodes_non_calculees] == [(D(2027, 1, 1), D(2027, 3, 31))]
    perimees = [w for w in a.warnings if w.code == "donnees_perimees"]
    assert len(perimees) == 1 and "pénalités L441-10" in perimees[0].message and "31/12/2026" in perimees[0].message
    (item,) = [i for i in a.amounts.items if i.code == "penalites_de_retard_dues"]
    assert [(x["du"], x["au"]) for x in item.periodes_non_calculees] == [(D(2027, 1, 1), D(2027, 3, 31))]
    resume = render_text(a, width=200, resume=True)
    entete = resume.split("DÉCOMPTE")[0]
    assert "ATTENTION" in entete and "connu jusqu'au 31/12/2026" in entete
    assert "non calculé du 01/01/2027 au 31/03/2027" in entete
    complet = render_text(a, width=200)
    assert "105,32 € calculés, plus la période du 01/01/2027 au 31/03/2027 non calculée" in complet
    assert "sur 0 facture" not in complet


def test_un_fichier_de_taux_complete_2027_et_chaque_ligne_le_dit(fichier):
    # Taux BCE fourni au 01/01/2027 : 2,65 % → 12,65 %. 01/01 → 31/03/2027 = 90 j : 10 000 × 12,65 × 90 / 36 500
    # = 311,9178 → 311,92 ; total 105,32 + 311,92 = 417,24.
    a = evaluate({**B2B, "factures": [FACTURE_NOV]}, "2027-03-31", engine="python", taux=fichier)
    p = a.finding("penalites_de_retard_dues")
    assert p.value == M("417.24") and not p.details.periodes_non_calculees
    l2027 = [x for x in p.details.lignes if x["du"] == D(2027, 1, 1)]
    assert l2027 and l2027[0]["taux"] == M("12.65") and "taux fourni par Cabinet Martin" in l2027[0]["source"]
    assert "taux fourni par Cabinet Martin" not in [x for x in p.details.lignes if x["du"] < D(2027, 1, 1)][0]["source"]
    assert not [w for w in a.warnings if w.code in ("taux_inconnu", "donnees_perimees")]
    assert [w.code for w in a.warnings if "Cabinet Martin" in w.message] == ["taux_fourni"]
    # Hors du bloc, plus aucun fichier actif : la recherche retombe sur les seules tables.
    assert t.taux_fichier_actif() is None
    with pytest.raises(t.TauxInconnu):
        t.taux_penalites_defaut(D(2027, 1, 1))


def test_le_fichier_et_les_taux_du_dossier_alimentent_une_seule_recherche(fichier):
    # Le dossier fournit le taux légal 2027-S1 « autres cas » (2,50 %) ; le fichier en donne 3,00 % : le fichier
    # (extension des tables) prime, le dossier ne comble que ce que ni l'un ni l'autre ne couvre.
    jeu = charger_fichier_taux(fichier)
    with t.taux_actifs(jeu):
        v = t.taux_interet_legal(D(2027, 2, 1), "autres_cas", {D(2027, 1, 1): M("2.50")})
        assert v.valeur == M("3.00") and v.fourni and v.fourni_par == "Cabinet Martin"
        assert t.legal_connu_jusqu_au("autres_cas") == D(2027, 6, 30)
        assert t.legal_connu_jusqu_au("creancier_particulier") == D(2026, 12, 31)
        v = t.taux_interet_legal(D(2027, 2, 1), "creancier_particulier", {D(2027, 1, 1): M("6.90")})
        assert v.valeur == M("6.90") and v.fourni_par == "le dossier (taux_fournis)"


def test_interets_entierement_hors_table_jamais_0_euro():
    # Mise en demeure du 15/01/2027, évaluation au 06/03/2027 : aucun jour n'a de taux publié.
    a = evaluate({**B2C, "factures": [{"numero": "F1", "montant_ttc": 4200, "date_emission": "2026-06-01",
                                       "date_echeance": "2026-06-15"}],
                  "evenements": [{"type": "mise_en_demeure", "date": "2027-01-15", "forme": "lrar"}]},
                 "2027-03-06", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert f.value == M("0") and not f.details.lignes
    assert "non calculés du 16/01/2027 au 06/03/2027" in f.basis and "0,00" not in f.basis
    texte = render_text(a, width=200)
    assert "Intérêts moratoires au taux légal dus : montant inconnu (taux non publié du 16/01/2027 au 06/03/2027)" \
        in texte
    assert "Intérêts moratoires au taux légal dus : 0,00 €" not in texte
    assert "ATTENTION" in render_text(a, width=200, resume=True).split("DÉCOMPTE")[0]
    page = render_page(a)
    assert "montant inconnu (taux non publié du 16/01/2027 au 06/03/2027)" in page and ">0,00 €<" not in page


def test_fichier_de_taux_invalide_fichier_et_ligne(tmp_path):
    p = tmp_path / "mauvais.yaml"
    p.write_text("fournisseur: Cabinet\ninteret_legal:\n  - du: 2027-02-01\n    autres_cas: '2.80'\n"
                 "    texte: Arrêté\n    source: x\nbce:\n  - du: 2027-01-04\n    au: 2027-01-09\n"
                 "    valeur: deux\n    texte: D\n    source: y\n", encoding="utf-8")
    with pytest.raises(FichierTauxInvalide) as e:
        charger_fichier_taux(p)
    message = str(e.value)
    assert f"{p}:3 (interet_legal[0]) : du : 2027-02-01 n'est pas le premier jour" in message
    assert f"{p}:10 (bce[0].valeur) : taux annuel en pourcentage attendu" in message


def test_chaque_table_est_contigue_et_connue_jusqu_a_sa_derniere_ligne():
    # Item 4 de l'issue 19 : aucune lacune, aucun chevauchement, connu_jusqu_au = fin de la dernière ligne.
    dossier = resources.files("creances_rules").joinpath("data/taux")
    fichiers = sorted(f.name for f in dossier.iterdir() if f.name.endswith(".yaml"))
    assert fichiers == ["taux_bce_refinancement.yaml", "taux_interet_legal.yaml"]
    for nom in fichiers:
        table = t.charger_table(dossier.joinpath(nom))
        for a, b in zip(table.valeurs, table.valeurs[1:]):
            assert a.au + dt.timedelta(days=1) == b.du, (nom, a.du)
        assert table.valeurs[-1].au == table.connu_jusqu_au, nom
    cles = {d.cle: d for d in donnees_datees()}
    assert cles["taux_interet_legal"].connu_jusqu_au == D(2026, 12, 31)
    assert cles["taux_bce"].connu_jusqu_au == D(2026, 11, 3)
    assert cles["taux_penalites_l441_10"].connu_jusqu_au == D(2026, 12, 31)
    assert cles["tribunaux_activites_economiques"].connu_jusqu_au == D(2028, 12, 31)


def test_prochain_changement_taux():
    # Les taux changent au 1er janvier / 1er juillet ; au-delà du 31/12/2026, plus rien n'est connu.
    assert prochain_changement_taux(D(2026, 3, 10)) == D(2026, 7, 1)
    assert prochain_changement_taux(D(2026, 12, 6)) == D(2027, 1, 1)
    assert prochain_changement_taux(D(2027, 2, 1)) is None


def test_tables_de_taux_donnees_simples(fichier):
    r = tables_de_taux(D(2026, 1, 1))
    s2 = [x for x in r["interet_legal"]["lignes"] if x["du"] == D(2026, 7, 1)][0]
    assert s2["categories"]["autres_cas"]["valeur"] == "2.75"
    assert s2["categories"]["creancier_particulier"]["confiance"] == "incertain"
    pen = {x["du"]: x for x in r["penalites_l441_10"]["lignes"]}
    assert pen[D(2026, 1, 1)]["taux_defaut"]["valeur"] == "12.15"
    assert pen[D(2026, 7, 1)]["taux_defaut"]["valeur"] == "12.40" and pen[D(2026, 7, 1)]["plancher"]["valeur"] == "8.25"
    assert r["bce"]["connu_jusqu_au"] == D(2026, 11, 3) and "29 octobre 2026" in r["bce"]["note"]
    with t.taux_actifs(charger_fichier_taux(fichier)):
        r = tables_de_taux(D(2026, 7, 1))
    pen = {x["du"]: x for x in r["penalites_l441_10"]["lignes"]}
    assert pen[D(2027, 1, 1)]["taux_defaut"]["valeur"] == "12.65"
    assert pen[D(2027, 1, 1)]["taux_defaut"]["fourni_par"] == "Cabinet Martin"
    assert r["fichier"]["fournisseur"] == "Cabinet Martin"


@pytest.mark.parametrize(("creancier", "attendu"), [
    # Créancier professionnel → taux « autres cas » (C. mon. fin. L313-2) : 21/06 → 30/06/2026 = 10 j à 2,62 % :
    # 10 000 × 2,62 × 10 / 36 500 = 7,1780… → 7,18 ; 01/07 → 10/07 = 10 j à 2,75 % : 7,5342… → 7,53 ; total 14,71.
    ("professionnel", [("2.62", "7.18"), ("2.75", "7.53")]),
    # Créancier particulier → taux « créancier particulier » : 10 j à 6,67 % : 18,2740… → 18,27 ;
    # 10 j à 6,84 % (arrêté du 26 juin 2026, confiance incertaine) : 18,7397… → 18,74 ; total 37,01.
    ("particulier", [("6.67", "18.27"), ("6.84", "18.74")]),
])
def test_interets_moratoires_du_30_juin_au_1er_juillet_2026_dans_une_evaluation(creancier, attendu):
    a = evaluate({"creancier": {"qualite": creancier}, "debiteur": {"qualite": "particulier"},
                  "contrat": {"date_conclusion": "2026-01-10"},
                  "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2026-04-01",
                                "date_echeance": "2026-05-01"}],
                  "evenements": [{"type": "mise_en_demeure", "date": "2026-06-20", "forme": "lrar"}]},
                 "2026-07-10", engine="python")
    f = a.finding("interets_moratoires_dus")
    assert [(x["du"], x["au"], x["taux"], x["montant"]) for x in f.details.lignes] == [
        (D(2026, 6, 21), D(2026, 6, 30), M(attendu[0][0]), M(attendu[0][1])),
        (D(2026, 7, 1), D(2026, 7, 10), M(attendu[1][0]), M(attendu[1][1]))]
    assert f.value == M(attendu[0][1]) + M(attendu[1][1])


def test_veille_md_nomme_chaque_donnee_datee():
    # docs/veille.md dit, pour chaque donnée datée du paquet, où elle est tenue et quand elle change.
    from pathlib import Path

    veille = (Path(__file__).resolve().parents[1] / "docs" / "veille.md").read_text(encoding="utf-8")
    for d in donnees_datees():
        fichier = d.ou.split(" ")[0]
        assert fichier.split("/")[-1] in veille, d.cle
