"""Rates beyond the shipped tables: a coded warning, never a guess; the user may supply them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import DossierInvalide

from creances_rules import evaluate

B2B = {
    "creancier": {"qualite": "professionnel"},
    "debiteur": {"qualite": "professionnel"},
    "contrat": {"date_conclusion": "2024-01-01"},
    "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2026-11-01", "date_echeance": "2026-11-30"}],
}


def test_beyond_the_tables_penalties_stop_at_the_last_known_rate_with_a_coded_warning():
    # L441-10 II: default rate = ECB rate on 1 July 2026 (2.40 %, from 17 June) + 10 = 12.40 % for 2026-S2.
    # 1 Dec → 31 Dec 2026 = 31 days: 10 000 × 12.40 % × 31 / 365 = 105.315… → 105.32 €.
    # The ECB rate on 1 Jan 2027 is not in the table: nothing is computed after 31 Dec 2026.
    a = evaluate(B2B, "2027-03-31")
    assert a.finding("penalites_de_retard_dues").value == Decimal("105.32")
    missing = [w for w in a.warnings if w.code == "taux_inconnu"]
    assert any("du 01/01/2027 au 31/03/2027" in w.message for w in missing)


def test_a_supplied_rate_completes_the_computation():
    # Same invoice, the user supplies the ECB rate on 1 Jan 2027 (2.65 %): 2027-S1 rate 12.65 %.
    # 1 Jan → 31 March 2027 = 90 days: 10 000 × 12.65 % × 90 / 365 = 311.917… → 311.92 €.
    # Total 105.32 + 311.92 = 417.24 €.
    a = evaluate({**B2B, "taux_fournis": {"bce": {"2027-01-01": "2.65"}}}, "2027-03-31")
    assert a.finding("penalites_de_retard_dues").value == Decimal("417.24")
    assert not any("du 01/01/2027 au 31/03/2027" in w.message for w in a.warnings)


def test_supplied_rates_are_keyed_by_half_year():
    with pytest.raises(DossierInvalide) as info:
        evaluate({**B2B, "taux_fournis": {"bce": {"2026-08-01": "2.15"}}}, "2026-09-30")
    assert "taux_fournis.bce : la clé 2026-08-01 doit être un début de semestre" in str(info.value)
