"""Tests des tables de taux et de leurs accesseurs (creances_rules.law.taux).

Chaque valeur attendue est recopiée à la main des fichiers de recherche du projet
(taux_interet_legal.csv, taux_interet_legal_avant_2015.csv, taux_bce_refinancement.csv,
penalites_L441-10_taux_par_semestre.csv) et, pour les plus récentes, de l'arrêté cité.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from creances_rules.law.taux import (
    CONFIANCES,
    EntreeInvalide,
    RegleNonModelisee,
    TableTauxInvalide,
    TauxInconnu,
    charger_table,
    periode_taux_legal,
    plancher_penalites,
    table_bce,
    table_interet_legal,
    taux_bce,
    taux_interet_legal,
    taux_penalites_defaut,
)

D = dt.date

# ---------------------------------------------------------------------------------------------
# Taux de l'intérêt légal (C. mon. fin., L313-2 ; arrêtés semestriels depuis 2015)


@pytest.mark.parametrize(
    ("jour", "particulier", "autres"),
    [
        # 2015-S1 : arrêté du 23 décembre 2014 — 4,06 % / 0,93 % (premier semestre à deux taux).
        (D(2015, 1, 1), "4.06", "0.93"),
        (D(2015, 6, 30), "4.06", "0.93"),
        # 2015-S2 : arrêté du 24 juin 2015 — 4,29 % / 0,99 % : le changement a lieu le 1er juillet.
        (D(2015, 7, 1), "4.29", "0.99"),
        # 2023-S2 : arrêté du 27 juin 2023 (JORF du 30/06/2023) — 6,82 % (et non 6,83) / 4,22 %.
        (D(2023, 9, 15), "6.82", "4.22"),
        # 2024-S1 : arrêté du 21 décembre 2023 — 8,01 % / 5,07 %.
        (D(2024, 2, 29), "8.01", "5.07"),
        # 2026-S1 : arrêté du 15 décembre 2025 (JORF du 26/12/2025) — 6,67 % / 2,62 %.
        (D(2026, 6, 30), "6.67", "2.62"),
        # 2026-S2 : arrêté du 26 juin 2026 (JORF du 30/06/2026, sources secondaires) — 6,84 % / 2,75 %.
        (D(2026, 7, 1), "6.84", "2.75"),
        (D(2026, 12, 31), "6.84", "2.75"),
    ],
)
def test_taux_legal_deux_categories_depuis_2015(jour, particulier, autres):
    assert taux_interet_legal(jour, "creancier_particulier").valeur == Decimal(particulier)
    assert taux_interet_legal(jour, "autres_cas").valeur == Decimal(autres)


@pytest.mark.parametrize(
    ("jour", "taux"),
    [
        (D(2005, 1, 1), "2.05"),  # décret n° 2005-130 du 10 février 2005
        (D(2010, 8, 1), "0.65"),  # décret n° 2010-127 du 10 février 2010
        (D(2012, 12, 31), "0.71"),  # décret n° 2012-182 du 7 février 2012
        (D(2014, 12, 31), "0.04"),  # décret n° 2014-98 du 4 février 2014
    ],
)
def test_taux_legal_annuel_unique_avant_2015(jour, taux):
    # Avant 2015 un seul taux annuel, identique pour les deux catégories de créancier.
    p = taux_interet_legal(jour, "creancier_particulier")
    a = taux_interet_legal(jour, "autres_cas")
    assert p.valeur == a.valeur == Decimal(taux)
    assert (p.du, p.au) == (D(jour.year, 1, 1), D(jour.year, 12, 31))


def test_taux_legal_porte_source_et_texte():
    t = taux_interet_legal(D(2026, 3, 1), "creancier_particulier")
    assert (t.du, t.au) == (D(2026, 1, 1), D(2026, 6, 30))
    assert t.source == "https://juriblio.fr/arretes/arrete-du-15-decembre-2025/187383136"
    assert t.texte == "Arrêté du 15 décembre 2025 (JORF n°0302 du 26/12/2025)"
    assert t.verification == "verified_2plus" and not t.fourni and t.avertissements == ()


def test_taux_legal_apres_la_table_refuse_sans_taux_fourni():
    # L'arrêté du 1er semestre 2027 n'a pas été trouvé : pas de reconduction silencieuse de 2,75 %.
    with pytest.raises(TauxInconnu) as e:
        taux_interet_legal(D(2027, 1, 1), "autres_cas")
    message = str(e.value)
    assert "taux_interet_legal.yaml" in message and "2027-01-01" in message and "2026-12-31" in message
    assert isinstance(e.value, ValueError)


def test_taux_legal_avant_la_table_refuse():
    with pytest.raises(TauxInconnu, match="2004-12-31"):
        taux_interet_legal(D(2004, 12, 31), "autres_cas")


def test_taux_legal_fourni_hors_table_est_utilise_et_signale():
    t = taux_interet_legal(D(2027, 3, 1), "autres_cas", {D(2027, 1, 1): Decimal("2.50")})
    assert t.valeur == Decimal("2.50") and t.fourni
    assert (t.du, t.au) == (D(2027, 1, 1), D(2027, 6, 30))
    assert len(t.avertissements) == 1 and "fourni par l'utilisateur" in t.avertissements[0]


def test_taux_legal_fourni_dans_la_table_est_ignore_et_signale():
    # La table prime : 2024-S1 « autres cas » = 5,07 % (arrêté du 21 décembre 2023).
    t = taux_interet_legal(D(2024, 3, 1), "autres_cas", {D(2024, 1, 1): Decimal("9")})
    assert t.valeur == Decimal("5.07") and not t.fourni
    assert "ignoré" in t.avertissements[0]


@pytest.mark.parametrize(
    ("fournis", "attendu"),
    [
        ({D(2026, 8, 1): Decimal("2")}, "2026-08-01"),  # pas un début de semestre
        ({D(2026, 7, 1): 2.5}, "Decimal"),  # flottant refusé
        ({"2026-07-01": Decimal("2")}, "n'est pas une date"),
    ],
)
def test_taux_fournis_invalides(fournis, attendu):
    with pytest.raises(EntreeInvalide, match=attendu):
        taux_interet_legal(D(2026, 9, 1), "autres_cas", fournis)


def test_categorie_et_date_invalides():
    with pytest.raises(EntreeInvalide, match="categorie"):
        taux_interet_legal(D(2024, 1, 1), "professionnel")  # type: ignore[arg-type]
    with pytest.raises(EntreeInvalide, match="datetime.date"):
        taux_interet_legal(dt.datetime(2024, 1, 1), "autres_cas")


def test_periode_taux_legal():
    assert periode_taux_legal(D(2014, 7, 15)) == (D(2014, 1, 1), D(2014, 12, 31))
    assert periode_taux_legal(D(2015, 7, 15)) == (D(2015, 7, 1), D(2015, 12, 31))


# ---------------------------------------------------------------------------------------------
# Taux BCE (opérations principales de refinancement), par date d'effet


@pytest.mark.parametrize(
    ("jour", "taux"),
    [
        (D(2008, 7, 9), "4.25"),  # décision du 3 juillet 2008 (taux de soumission minimal)
        (D(2016, 3, 15), "0.05"),  # veille de l'effet du 16 mars 2016
        (D(2016, 3, 16), "0.00"),
        (D(2022, 7, 26), "0.00"),  # la hausse du 21 juillet 2022 prend effet le 27 juillet
        (D(2022, 7, 27), "0.50"),
        (D(2024, 9, 18), "3.65"),  # baisse de 60 points de base (resserrement de l'écart MRO/dépôt)
        (D(2026, 6, 16), "2.15"),  # veille de la hausse décidée le 11 juin 2026
        (D(2026, 6, 17), "2.40"),  # décision du 11 juin 2026, effet le 17 juin
        (D(2026, 9, 15), "2.40"),
        (D(2026, 9, 16), "2.65"),  # décision du 10 septembre 2026, effet le 16 septembre
        (D(2026, 11, 3), "2.65"),  # dernier jour connu (décision du 29 octobre 2026 non trouvée)
    ],
)
def test_taux_bce(jour, taux):
    assert taux_bce(jour).valeur == Decimal(taux)


def test_taux_bce_hors_table():
    # Décision du 29 octobre 2026 non trouvée : elle pourrait s'appliquer dès l'opération réglée le
    # mercredi 4 novembre 2026.
    with pytest.raises(TauxInconnu, match="2026-11-04"):
        taux_bce(D(2026, 11, 4))
    with pytest.raises(TauxInconnu, match="taux_bce_refinancement.yaml"):
        taux_bce(D(2008, 7, 8))


# ---------------------------------------------------------------------------------------------
# Pénalités L441-10 : taux par défaut (BCE au 1er janvier / 1er juillet + 10) et plancher (3 × TIL)

# Copie de penalites_L441-10_taux_par_semestre.csv : (début de semestre, taux par défaut, plancher).
SEMESTRES_CSV = [
    ("2013-01-01", "10.75", "0.12"),
    ("2013-07-01", "10.50", "0.12"),
    ("2014-01-01", "10.25", "0.12"),
    ("2014-07-01", "10.15", "0.12"),
    ("2015-01-01", "10.05", "2.79"),
    ("2015-07-01", "10.05", "2.97"),
    ("2016-01-01", "10.05", "3.03"),
    ("2016-07-01", "10.00", "2.79"),
    ("2017-01-01", "10.00", "2.70"),
    ("2017-07-01", "10.00", "2.70"),
    ("2018-01-01", "10.00", "2.67"),
    ("2018-07-01", "10.00", "2.64"),
    ("2019-01-01", "10.00", "2.58"),
    ("2019-07-01", "10.00", "2.61"),
    ("2020-01-01", "10.00", "2.61"),
    ("2020-07-01", "10.00", "2.52"),
    ("2021-01-01", "10.00", "2.37"),
    ("2021-07-01", "10.00", "2.28"),
    ("2022-01-01", "10.00", "2.28"),
    ("2022-07-01", "10.00", "2.31"),
    ("2023-01-01", "12.50", "6.18"),
    ("2023-07-01", "14.00", "12.66"),
    ("2024-01-01", "14.50", "15.21"),
    ("2024-07-01", "14.25", "14.76"),
    ("2025-01-01", "13.15", "11.13"),
    ("2025-07-01", "12.15", "8.28"),
    ("2026-01-01", "12.15", "7.86"),
    # 2026-S2 : BCE au 1er juillet 2026 = 2,40 % (depuis le 17 juin) → 12,40 % ; plancher 3 × 2,75 = 8,25 %.
    ("2026-07-01", "12.40", "8.25"),
]


@pytest.mark.parametrize(("debut", "defaut", "plancher"), SEMESTRES_CSV)
def test_penalites_par_semestre_conformes_au_csv(debut, defaut, plancher):
    # Le taux vaut pour tout le semestre : on le demande au premier et au dernier jour.
    d = D.fromisoformat(debut)
    fin = D(d.year, 6, 30) if d.month == 1 else D(d.year, 12, 31)
    for jour in (d, fin):
        t = taux_penalites_defaut(jour)
        assert t.valeur == Decimal(defaut)
        assert (t.du, t.au) == (d, fin)
        assert plancher_penalites(jour).valeur == Decimal(plancher)


def test_plancher_calcule_sur_le_taux_du_semestre():
    # 2024-S1 : 3 × 5,07 = 15,21 ; 2024-S2 : 3 × 4,92 = 14,76 — chacun sur le taux de son semestre.
    assert plancher_penalites(D(2024, 6, 30)).valeur == 3 * Decimal("5.07") == Decimal("15.21")
    assert plancher_penalites(D(2024, 7, 1)).valeur == 3 * Decimal("4.92") == Decimal("14.76")
    # Avant 2015 : taux annuel unique 2014 = 0,04 % → 0,12 % sur toute l'année.
    p = plancher_penalites(D(2014, 9, 1))
    assert p.valeur == Decimal("0.12") and (p.du, p.au) == (D(2014, 1, 1), D(2014, 12, 31))


def test_taux_defaut_2022_s2_ignore_la_hausse_du_27_juillet():
    # Taux BCE au 1er juillet 2022 = 0,00 % (hausse effective le 27 juillet) → 10,00 % tout le semestre.
    assert taux_penalites_defaut(D(2022, 12, 31)).valeur == Decimal("10.00")
    assert "2022-07-01" in taux_penalites_defaut(D(2022, 12, 31)).texte


def test_taux_defaut_2027_s1_inconnu_puis_fourni():
    # Le taux BCE au 1er janvier 2027 n'est pas connu (table arrêtée au 3 novembre 2026).
    with pytest.raises(TauxInconnu, match="2027-01-01"):
        taux_penalites_defaut(D(2027, 3, 1))
    t = taux_penalites_defaut(D(2027, 3, 1), {D(2027, 1, 1): Decimal("2.65")})
    # 2,65 + 10 = 12,65 %, signalé comme fourni.
    assert t.valeur == Decimal("12.65") and t.fourni and "fourni par l'utilisateur" in t.avertissements[0]


def test_taux_defaut_2026_s2_regle_du_1er_juillet():
    # L441-10 II : taux BCE en vigueur le 1er juillet 2026 = 2,40 % (hausse du 17 juin) ; la hausse à 2,65 %
    # du 16 septembre ne change rien au 2nd semestre → 2,40 + 10 = 12,40 % jusqu'au 31 décembre.
    for jour in (D(2026, 7, 1), D(2026, 9, 16), D(2026, 12, 31)):
        t = taux_penalites_defaut(jour)
        assert t.valeur == Decimal("12.40") and (t.du, t.au) == (D(2026, 7, 1), D(2026, 12, 31))
    # 1er semestre 2026 : BCE au 1er janvier 2026 = 2,15 % → 12,15 %.
    assert taux_penalites_defaut(D(2026, 6, 30)).valeur == Decimal("12.15")


def test_plancher_2027_s1_inconnu():
    with pytest.raises(TauxInconnu, match="2027-01-01"):
        plancher_penalites(D(2027, 1, 1))
    # 3 × 2,50 = 7,50 avec un taux « autres cas » fourni.
    assert plancher_penalites(D(2027, 1, 1), {D(2027, 1, 1): Decimal("2.50")}).valeur == Decimal("7.50")


def test_regles_non_modelisees_avant_2013_et_2009():
    with pytest.raises(RegleNonModelisee, match="2013"):
        taux_penalites_defaut(D(2012, 12, 31))
    with pytest.raises(RegleNonModelisee, match="2009"):
        plancher_penalites(D(2008, 12, 31))


# ---------------------------------------------------------------------------------------------
# Tables livrées : couverture temporelle et métadonnées


@pytest.mark.parametrize("table", [table_interet_legal, table_bce])
def test_chaque_jour_a_exactement_une_valeur(table):
    t = table()
    jour = t.debut
    while jour <= t.connu_jusqu_au:
        couvrantes = [v for v in t.valeurs if v.du <= jour <= v.au]
        assert len(couvrantes) == 1, jour
        jour += dt.timedelta(days=1)


@pytest.mark.parametrize("table", [table_interet_legal, table_bce])
def test_metadonnees_des_tables(table):
    t = table()
    for v in t.valeurs:
        assert v.verified_on in (D(2026, 11, 22), D(2026, 12, 6))
        assert v.texte and v.source
        if v.verified_on == D(2026, 11, 22):
            assert v.source.startswith("http")
            assert v.verification.startswith("verified") or v.verification.startswith("rate_verified")
        else:
            # Lignes de décembre 2026 : sources lues par l'outil de recherche (dépôts publics, sans URL
            # propre), chacune avec sa confiance déclarée.
            assert v.autres_sources and v.confiance and set(v.confiance.values()) <= set(CONFIANCES)
        assert v.confiance_de() in CONFIANCES


def test_bornes_des_tables():
    assert (table_interet_legal().debut, table_interet_legal().connu_jusqu_au) == (D(2005, 1, 1), D(2026, 12, 31))
    assert (table_bce().debut, table_bce().connu_jusqu_au) == (D(2008, 7, 9), D(2026, 11, 3))
    assert len(table_interet_legal().valeurs) == 10 + 24
    assert len(table_bce().valeurs) == 38


def test_confiance_des_lignes_de_2026():
    # Le 6,84 % (créancier particulier) ne repose que sur deux sources faibles : incertain ; le 2,75 %, sur
    # trois sources secondaires concordantes.
    s2 = table_interet_legal().valeur_au(D(2026, 7, 1))
    assert s2.confiance_de("creancier_particulier") == "incertain"
    assert s2.confiance_de("autres_cas") == "verifie_secondaire"
    assert taux_interet_legal(D(2026, 8, 1), "creancier_particulier").confiance == "incertain"
    assert taux_bce(D(2026, 9, 16)).confiance == "verifie_secondaire"


# ---------------------------------------------------------------------------------------------
# Chargeur : tables cassées

ENTETE = """description: test
unite: pourcent_par_an
connu_jusqu_au: {fin}
valeurs:
"""


def _valeur(du: str, valeur: str = '"1.00"', au: str | None = None, extra: str = "") -> str:
    lignes = [f"  {du}:"]
    if au:
        lignes.append(f"    au: {au}")
    lignes += [
        f"    valeur: {valeur}",
        "    source: https://exemple.invalid/source",
        "    texte: Arrêté de test",
        "    verified_on: 2026-11-22",
        "    verification: verified_2plus",
    ]
    if extra:
        lignes.append(f"    {extra}")
    return "\n".join(lignes) + "\n"


def _ecrire(tmp_path, contenu: str, nom: str = "table_cassee.yaml"):
    f = tmp_path / nom
    f.write_text(contenu, encoding="utf-8")
    return f


def test_table_valide_minimale(tmp_path):
    f = _ecrire(
        tmp_path,
        ENTETE.format(fin="2020-12-31") + _valeur("2020-01-01", au="2020-06-30") + _valeur("2020-07-01", '"2.00"'),
    )
    t = charger_table(f)
    assert [(v.du, v.au, v.valeurs["taux"]) for v in t.valeurs] == [
        (D(2020, 1, 1), D(2020, 6, 30), Decimal("1.00")),
        (D(2020, 7, 1), D(2020, 12, 31), Decimal("2.00")),
    ]


def test_table_refuse_une_lacune(tmp_path):
    f = _ecrire(
        tmp_path,
        ENTETE.format(fin="2020-12-31") + _valeur("2020-01-01", au="2020-06-29") + _valeur("2020-07-01"),
    )
    with pytest.raises(TableTauxInvalide) as e:
        charger_table(f)
    m = str(e.value)
    assert "table_cassee.yaml" in m and "lacune" in m and "2020-06-29" in m and "2020-07-01" in m


def test_table_refuse_un_chevauchement(tmp_path):
    f = _ecrire(
        tmp_path,
        ENTETE.format(fin="2020-12-31") + _valeur("2020-01-01", au="2020-07-15") + _valeur("2020-07-01"),
    )
    with pytest.raises(TableTauxInvalide) as e:
        charger_table(f)
    m = str(e.value)
    assert "table_cassee.yaml" in m and "chevauchement" in m and "2020-07-15" in m and "2020-07-01" in m


def test_table_refuse_deux_valeurs_le_meme_jour(tmp_path):
    f = _ecrire(tmp_path, ENTETE.format(fin="2020-12-31") + _valeur("2020-01-01") + _valeur("2020-01-01"))
    with pytest.raises(TableTauxInvalide, match=r"table_cassee\.yaml.*2020-01-01"):
        charger_table(f)


def test_table_refuse_une_fin_incoherente_avec_connu_jusqu_au(tmp_path):
    f = _ecrire(tmp_path, ENTETE.format(fin="2020-12-31") + _valeur("2020-01-01", au="2020-06-30"))
    with pytest.raises(TableTauxInvalide, match="2020-06-30.*2020-12-31"):
        charger_table(f)


@pytest.mark.parametrize(
    ("valeur", "extra", "attendu"),
    [
        ("1.00", "", "chaîne entre guillemets"),  # flottant YAML
        ('"abc"', "", "nombre décimal"),
        ('"1.00"', "sourc: https://faute.invalid", "champ(s) inconnu(s) : sourc"),
    ],
)
def test_table_refuse_valeurs_et_champs_invalides(tmp_path, valeur, extra, attendu):
    f = _ecrire(tmp_path, ENTETE.format(fin="2020-12-31") + _valeur("2020-01-01", valeur, extra=extra))
    with pytest.raises(TableTauxInvalide, match=attendu.replace("(", r"\(").replace(")", r"\)")):
        charger_table(f)


def test_table_refuse_un_champ_obligatoire_absent(tmp_path):
    contenu = ENTETE.format(fin="2020-12-31") + _valeur("2020-01-01").replace("    texte: Arrêté de test\n", "")
    with pytest.raises(TableTauxInvalide, match="texte"):
        charger_table(_ecrire(tmp_path, contenu))


def test_table_refuse_des_categories_incompletes(tmp_path):
    contenu = (
        "description: test\nunite: pourcent_par_an\ncategories: [creancier_particulier, autres_cas]\n"
        "connu_jusqu_au: 2020-12-31\nvaleurs:\n"
        + _valeur("2020-01-01", valeur="\n      creancier_particulier: \"4.00\"")
    )
    with pytest.raises(TableTauxInvalide, match="catégories"):
        charger_table(_ecrire(tmp_path, contenu))
