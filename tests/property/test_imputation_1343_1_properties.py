"""Propriétés du décompte chronologique avec imputation des paiements (C. civ. 1342-10, puis 1343-1).

Ce que la loi impose et qui doit tenir pour tout dossier : chaque paiement imputé se partage, sans reste, entre
accessoires (pénalités ou intérêts) et principal ; les accessoires passent d'abord (1343-1), donc le principal ne
baisse que de la part qui les dépasse et ne remonte jamais ; la base d'une période est le principal diminué des
seules parts imputées sur le principal avant elle ; sans paiement, le décompte est celui d'avant (une ligne par
période de taux sur le montant de la facture). Dates dans les tables : 2013-01-01 au 2026-06-30.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from creances_rules.institutions.montants_dus import etats_factures, interets_factures, penalites_factures
from creances_rules.law.montants import Paiement, interets_moratoires, penalites_retard

DEBUT = dt.date(2013, 1, 1)
FIN = dt.date(2026, 6, 30)
ZERO = Decimal("0.00")

dates = st.dates(min_value=DEBUT, max_value=FIN)
montants = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
factures_st = st.lists(st.tuples(montants, dates), min_size=1, max_size=3)
paiements_st = st.lists(st.tuples(dates, montants, st.integers(min_value=-1, max_value=2)), max_size=4)
nature_st = st.sampled_from(["penalites", "penalites_convenues", "interets_particulier", "interets_autres_cas"])


def _dossier(factures, paiements):
    refs = [f"F{i + 1}" for i in range(len(factures))]
    lignes = [(ref, m, echeance, echeance - dt.timedelta(days=30)) for ref, (m, echeance) in zip(refs, factures)]
    pmts = [Paiement(date=d, montant=m, facture=refs[i] if 0 <= i < len(refs) else None) for d, m, i in paiements]
    return lignes, pmts


def _decompte(nature, lignes, pmts, as_of):
    etats, _ = etats_factures(lignes, pmts)
    if nature.startswith("penalites"):
        taux = Decimal("12.00") if nature == "penalites_convenues" else None
        return etats, penalites_factures(etats, as_of, taux_contractuel=taux, paiements=pmts)
    categorie = "creancier_particulier" if nature == "interets_particulier" else "autres_cas"
    departs = {e.ref: e.date_exigibilite for e in etats}  # clause de demeure par la seule exigibilité
    return etats, interets_factures(etats, departs, as_of, categorie=categorie, paiements=pmts)


@given(factures=factures_st, paiements=paiements_st, as_of=dates, nature=nature_st)
def test_chaque_paiement_se_partage_entre_accessoires_et_principal(factures, paiements, as_of, nature):
    lignes, pmts = _dossier(factures, paiements)
    _, d = _decompte(nature, lignes, pmts, as_of)
    imputation = d.detail.imputation
    for a in imputation:
        assert a["aux_interets"] >= 0 and a["au_principal"] >= 0
        assert a["aux_interets"] + a["au_principal"] == a["montant"]
    # Rien n'est imputé au-delà de ce qui a été payé ; un reste non imputé (trop-perçu) suppose que tout est payé.
    paye = sum((p.montant for p in pmts if p.date <= as_of), ZERO)
    impute = sum((a["montant"] for a in imputation), ZERO)
    assert impute <= paye
    if impute < paye:
        assert d.detail.principal_restant_du_apres_imputation == ZERO and d.total == ZERO
    # Accessoires : courus = somme des lignes ; payés = somme des parts « intérêts » ; restant dus = la différence.
    assert d.detail.accessoires_courus == sum((x["montant"] for x in d.detail.lignes), ZERO)
    assert d.detail.accessoires_payes == sum((a["aux_interets"] for a in imputation), ZERO)
    assert d.total == d.detail.accessoires_restant_dus == d.detail.accessoires_courus - d.detail.accessoires_payes
    assert all(f["montant"] == f["couru"] - f["paye"] >= 0 for f in d.detail.factures)


@given(factures=factures_st, paiements=paiements_st, as_of=dates, nature=nature_st)
def test_le_principal_ne_baisse_que_de_la_part_imputee_sur_lui(factures, paiements, as_of, nature):
    lignes, pmts = _dossier(factures, paiements)
    etats, d = _decompte(nature, lignes, pmts, as_of)
    final = ZERO
    for ref, montant, _, _ in lignes:
        parts = [a for a in d.detail.imputation if a["facture"] == ref]
        # Le principal ne remonte jamais, et il vaut le montant moins les seules parts imputées sur lui.
        apres = [a["principal_apres"] for a in parts]
        assert apres == sorted(apres, reverse=True)
        reste = montant - sum((a["au_principal"] for a in parts), ZERO)
        assert reste >= 0 and (not parts or parts[-1]["principal_apres"] == reste)
        final += reste
        # La base de chaque période : le montant moins les parts au principal des paiements d'avant son premier jour.
        for x in d.detail.lignes:
            if x["source"].startswith(f"Facture {ref} :"):
                assert x["base"] == montant - sum((a["au_principal"] for a in parts if a["date"] < x["du"]), ZERO)
    assert d.detail.principal_restant_du_apres_imputation == final
    # Les accessoires payés d'abord : jamais moins de principal restant que si tout allait au principal.
    assert final >= sum((e.reste_du for e in etats), ZERO)


@given(factures=factures_st, as_of=dates, nature=nature_st)
def test_sans_paiement_le_decompte_est_celui_d_avant(factures, as_of, nature):
    # Sans paiement, rien n'est imputé : chaque facture en retard porte ses accessoires sur son montant, du lendemain
    # de l'échéance à la date d'évaluation, comme le calculateur appelé directement.
    lignes, _ = _dossier(factures, [])
    _, d = _decompte(nature, lignes, [], as_of)
    attendu = ZERO
    for _, montant, echeance, _ in lignes:
        if as_of <= echeance:
            continue
        if nature.startswith("penalites"):
            taux = Decimal("12.00") if nature == "penalites_convenues" else None
            attendu += penalites_retard(montant, echeance, as_of, taux_contractuel=taux).montant
        else:
            categorie = "creancier_particulier" if nature == "interets_particulier" else "autres_cas"
            attendu += interets_moratoires(montant, echeance, as_of, categorie_creancier=categorie).montant
    assert d.detail.imputation == [] and d.detail.accessoires_payes == ZERO
    assert d.total == attendu
    assert d.detail.principal_restant_du_apres_imputation == sum((m for _, m, _, _ in lignes), ZERO)
