"""Properties of the sums due under a title: the total is the sum of its parts, a payment never
increases it (within five years of the decision), interest lost to prescription is never claimed, and the enforceability date never
precedes the service of the decision (CPC 503)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from creances_rules.models.dossier import Dossier
from creances_rules.institutions.sommes_des_titres import sommes_dues_au_titre
from creances_rules.institutions.titres import force_executoire

JOURS = st.integers(min_value=0, max_value=3000)


def _dossier(debut: date, signif: int, instance_2020: bool, taux: str, paiements: list[tuple[int, int]],
             imputation: str) -> Dossier:
    titre = {"nature": "jugement", "date": debut.isoformat(), "imputation_paiements": imputation,
             "date_introduction_instance": (date(2020, 3, 1) if instance_2020 else date(2015, 3, 1)).isoformat(),
             "date_signification": (debut + timedelta(days=signif)).isoformat(),
             "condamnation": {"principal": 10000, "article_700": 500, "depens": 120,
                              "interets": ({"taux": "conventionnel", "taux_conventionnel": 7} if taux == "conv"
                                           else {"taux": "legal"})}}
    return Dossier.model_validate({
        "creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
        "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2015-01-05", "date_echeance": "2015-02-04"}],
        "paiements": [{"date": (debut + timedelta(days=j)).isoformat(), "montant": mt} for j, mt in paiements],
        "titres": [titre],
    })


@settings(deadline=None)
@given(debut=st.dates(min_value=date(2016, 1, 1), max_value=date(2021, 12, 31)), signif=st.integers(0, 200),
       instance_2020=st.booleans(), taux=st.sampled_from(["legal", "conv"]),
       paiements=st.lists(st.tuples(st.integers(1, 1500), st.integers(1, 4000)), max_size=3),
       imputation=st.sampled_from(["principal_d_abord", "interets_d_abord"]), apres=JOURS)
def test_title_sums_are_consistent(debut, signif, instance_2020, taux, paiements, imputation, apres):
    # Within five years of the decision nothing is prescribed: beyond, a payment is also an acknowledgment
    # (C. civ. 2240) that keeps older interest alive, and may rightly increase what is due.
    as_of = min(debut + timedelta(days=signif + apres), debut + timedelta(days=1800), date(2026, 6, 30))
    d = _dossier(debut, signif, instance_2020 and debut >= date(2020, 3, 1), taux, paiements, imputation)
    s = sommes_dues_au_titre(d.titres[0], 0, d, as_of, "autres_cas")
    assert s.total == s.principal_restant + s.frais + s.interets_dus
    assert s.interets_dus == s.interets_courus - s.interets_payes - s.interets_prescrits >= 0
    assert sum((ln["montant"] for ln in s.lignes), Decimal("0")) == s.interets_courus
    assert all(ln["statut"] != "prescrit" or ln["apres_titre"] for ln in s.lignes)
    sans = sommes_dues_au_titre(_dossier(debut, signif, instance_2020 and debut >= date(2020, 3, 1), taux, [],
                                         imputation).titres[0], 0, d.model_copy(update={"paiements": ()}), as_of,
                                "autres_cas")
    assert s.total <= sans.total  # a payment never increases what is due
    f = force_executoire(d.titres[0], d, as_of)
    if f.date is not None:
        assert f.date >= d.titres[0].date_signification
