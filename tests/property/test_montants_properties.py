"""Propriétés des calculateurs de montants (pénalités L441-10, intérêts moratoires, imputation).

Dates tirées dans la période couverte par les tables : 2013-01-01 (règle semestrielle de L441-10)
au 2026-06-30 (dernier taux légal connu ; taux BCE du 1er janvier 2026 connu).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from creances_rules.law.montants import Dette, Paiement, imputer_paiements, interets_moratoires, penalites_retard

DEBUT = dt.date(2013, 1, 1)
FIN = dt.date(2026, 6, 30)
UN_CENTIME = Decimal("0.01")

montants = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2)
dates = st.dates(min_value=DEBUT, max_value=FIN)
taux_contractuels = st.none() | st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2)
categories = st.sampled_from(["creancier_particulier", "autres_cas"])


def _veille(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=1)


@given(montant=montants, echeance=dates, paiement=dates, taux=taux_contractuels)
def test_penalites_nulles_si_paiement_au_plus_tard_a_l_echeance(montant, echeance, paiement, taux):
    assume(paiement <= echeance)
    r = penalites_retard(montant, echeance, paiement, taux_contractuel=taux)
    assert r.montant == Decimal("0.00") and r.lignes == []


@given(montant=montants, a=dates, b=dates, c=dates, taux=taux_contractuels)
def test_penalites_additives_a_un_centime_pres(montant, a, b, c, taux):
    # Couper la période au jour b ne change le total que par l'arrondi de la ligne coupée : chaque
    # ligne est arrondie au demi-centime près, donc deux lignes au lieu d'une diffèrent d'au plus 1 centime.
    a, b, c = sorted((a, b, c))
    entier = penalites_retard(montant, _veille(a), c, taux_contractuel=taux)
    gauche = penalites_retard(montant, _veille(a), b, taux_contractuel=taux)
    droite = penalites_retard(montant, b, c, taux_contractuel=taux)
    assert abs(entier.montant - (gauche.montant + droite.montant)) <= UN_CENTIME
    assert entier.jours == gauche.jours + droite.jours


@given(montant=montants, echeance=dates, p1=dates, p2=dates, taux=taux_contractuels)
def test_penalites_croissantes_avec_le_retard(montant, echeance, p1, p2, taux):
    # Allonger le retard prolonge la dernière ligne ou en ajoute : aucun arrondi ne peut faire baisser le total.
    p1, p2 = sorted((p1, p2))
    assert (
        penalites_retard(montant, echeance, p1, taux_contractuel=taux).montant
        <= penalites_retard(montant, echeance, p2, taux_contractuel=taux).montant
    )


@given(
    montant=montants,
    echeance=dates,
    paiement=dates,
    t1=st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2),
    t2=st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2),
)
def test_penalites_croissantes_avec_le_taux_contractuel(montant, echeance, paiement, t1, t2):
    # Le taux appliqué est max(taux convenu, plancher), croissant en le taux convenu.
    t1, t2 = sorted((t1, t2))
    assert (
        penalites_retard(montant, echeance, paiement, taux_contractuel=t1).montant
        <= penalites_retard(montant, echeance, paiement, taux_contractuel=t2).montant
    )


@given(montant=montants, echeance=dates, paiement=dates, taux=taux_contractuels)
def test_penalites_en_decimal_et_coherentes(montant, echeance, paiement, taux):
    r = penalites_retard(montant, echeance, paiement, taux_contractuel=taux)
    assert isinstance(r.montant, Decimal) and r.montant.as_tuple().exponent == -2
    assert r.montant == sum((l.montant for l in r.lignes), Decimal("0.00"))
    assert sum(l.jours for l in r.lignes) == r.jours == max(0, (paiement - echeance).days)
    for l in r.lignes:
        assert all(isinstance(x, Decimal) for x in (l.taux, l.base, l.montant))
        # Une ligne ne franchit jamais un 1er janvier ou un 1er juillet.
        assert (l.du.year, l.du.month <= 6) == (l.au.year, l.au.month <= 6)
    # Lignes contiguës, sans trou ni recouvrement.
    for l1, l2 in zip(r.lignes, r.lignes[1:]):
        assert l2.du == l1.au + dt.timedelta(days=1)


@given(montant=montants, a=dates, b=dates, c=dates, categorie=categories, majoration=st.none() | dates)
def test_interets_moratoires_additifs_a_un_centime_pres(montant, a, b, c, categorie, majoration):
    a, b, c = sorted((a, b, c))
    kw = {"categorie_creancier": categorie, "date_majoration": majoration}
    entier = interets_moratoires(montant, a, c, **kw)
    gauche = interets_moratoires(montant, a, b, **kw)
    droite = interets_moratoires(montant, b, c, **kw)
    assert abs(entier.montant - (gauche.montant + droite.montant)) <= UN_CENTIME
    assert isinstance(entier.montant, Decimal)


@given(montant=montants, depuis=dates, j1=dates, j2=dates, categorie=categories)
def test_interets_moratoires_croissants_et_majoration_plus_chere(montant, depuis, j1, j2, categorie):
    j1, j2 = sorted((j1, j2))
    simple1 = interets_moratoires(montant, depuis, j1, categorie_creancier=categorie)
    simple2 = interets_moratoires(montant, depuis, j2, categorie_creancier=categorie)
    assert simple1.montant <= simple2.montant
    majore = interets_moratoires(montant, depuis, j2, categorie_creancier=categorie, date_majoration=depuis)
    assert simple2.montant <= majore.montant


@given(
    montants_dettes=st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2), min_size=1, max_size=5),
    paiements=st.lists(
        st.tuples(dates, st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)),
        max_size=6,
    ),
    data=st.data(),
)
def test_imputation_conserve_l_argent(montants_dettes, paiements, data):
    # Tout paiement est imputé ou déclaré non imputé, au centime près ; aucun solde ne devient négatif.
    dettes = [
        Dette(
            ref=f"F{i}",
            montant=m,
            date_exigibilite=data.draw(dates),
            interets_dus=data.draw(st.decimals(min_value=Decimal("0"), max_value=Decimal("1000"), places=2)),
        )
        for i, m in enumerate(montants_dettes)
    ]
    pmts = [Paiement(date=d, montant=m) for d, m in paiements]
    r = imputer_paiements(dettes, pmts)
    assert sum((a.montant for a in r.allocations), Decimal(0)) + r.non_impute == sum(
        (p.montant for p in pmts), Decimal(0)
    )
    du_initial = sum((d.montant + d.interets_dus for d in dettes), Decimal(0))
    du_final = sum((d.principal_restant + d.interets_restants for d in r.dettes), Decimal(0))
    assert du_initial - du_final == sum((a.montant for a in r.allocations), Decimal(0))
    for d in r.dettes:
        assert d.principal_restant >= 0 and d.interets_restants >= 0
        # 1343-1 : aucun euro au principal tant que les intérêts de la dette ne sont pas tous payés.
        interets_payes = Decimal(0)
        for a in d.allocations:
            interets_payes += a.aux_interets
            if a.au_principal > 0:
                assert interets_payes == d.interets_initiaux
