"""Temporal coverage: for every contract date, exactly one version of a rule applies (ord. 2016-131, art. 9)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from creances_rules import evaluate

REFORM = date(2016, 10, 1)
VERSIONS = {"demeure.interpellation_1344", "demeure.interpellation_1139_ancien"}
MED_VERSIONS = {"relances_amiables.mise_en_demeure", "relances_amiables.mise_en_demeure_1139_ancien",
                "relances_amiables.mise_en_demeure_accessoires_deja_dus"}


def _case(concluded: date, with_notice: bool) -> dict:
    return {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel"},
        "contrat": {"date_conclusion": concluded.isoformat()},
        "factures": [{"numero": "F1", "montant_ttc": 1000, "date_emission": "2023-01-02", "date_echeance": "2023-02-01"}],
        "evenements": [{"type": "mise_en_demeure", "date": "2023-03-01", "forme": "lrar"}] if with_notice else [],
    }


@given(st.integers(-2000, 2000).map(lambda n: REFORM + timedelta(days=n)), st.booleans())
def test_exactly_one_version_of_demeure_and_of_the_notice_applies(concluded, with_notice):
    a = evaluate(_case(concluded, with_notice), "2023-06-01", engine="python")
    fired = {t.rule for t in a.trace if t.status == "fired"}
    expected_old = concluded < REFORM
    if with_notice:
        assert fired & VERSIONS == {"demeure.interpellation_1139_ancien" if expected_old else "demeure.interpellation_1344"}
        assert not fired & MED_VERSIONS
    else:
        assert not fired & VERSIONS
        # Between professionals, from the 2016 reform the notice's own version says penalties already run
        # (C. com. L441-10 II; issue 20).
        assert fired & MED_VERSIONS == {"relances_amiables.mise_en_demeure_1139_ancien" if expected_old
                                        else "relances_amiables.mise_en_demeure_accessoires_deja_dus"}


def test_the_boundary_days():
    # 30 Sept 2016: old law; 1 Oct 2016: new law (art. 9: "contrats conclus avant cette date").
    for day, rule in ((date(2016, 9, 30), "demeure.interpellation_1139_ancien"), (REFORM, "demeure.interpellation_1344")):
        a = evaluate(_case(day, True), "2023-06-01", engine="python")
        assert a.finding("debiteur_en_demeure").rule == rule
