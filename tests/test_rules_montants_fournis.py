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
    "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2026-05-01", "date_echeance": "2026-05-31"}],
}


def test_beyond_the_tables_penalties_stop_at_the_last_known_rate_with_a_coded_warning():
    # L441-10 II: default rate = ECB rate on 1 Jan 2026 (2.15 %) + 10 = 12.15 % for 2026-S1.
    # 1 June → 30 June 2026 = 30 days: 10 000 × 12.15 % × 30 / 365 = 99.863… → 99.86 €.
    # The ECB rate on 1 July 2026 is not in the table: nothing is computed after 30 June.
    a = evaluate(B2B, "2026-09-30")
    assert a.finding("penalites_de_retard_dues").value == Decimal("99.86")
    missing = [w for w in a.warnings if w.code == "taux_inconnu"]
    assert any("du 01/07/2026 au 30/09/2026" in w.message for w in missing)


def test_a_supplied_rate_completes_the_computation():
    # Same invoice, the user supplies the ECB rate on 1 July 2026 (2.15 %): 2026-S2 rate 12.15 %.
    # 1 July → 30 Sept 2026 = 92 days: 10 000 × 12.15 % × 92 / 365 = 306.246… → 306.25 €.
    # Total 99.86 + 306.25 = 406.11 €.
    a = evaluate({**B2B, "taux_fournis": {"bce": {"2026-07-01": "2.15"}}}, "2026-09-30")
    assert a.finding("penalites_de_retard_dues").value == Decimal("406.11")
    assert not any("du 01/07/2026 au 30/09/2026" in w.message for w in a.warnings)


def test_supplied_rates_are_keyed_by_half_year():
    with pytest.raises(DossierInvalide) as info:
        evaluate({**B2B, "taux_fournis": {"bce": {"2026-08-01": "2.15"}}}, "2026-09-30")
    assert "taux_fournis.bce : la clé 2026-08-01 doit être un début de semestre" in str(info.value)
