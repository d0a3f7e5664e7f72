"""The bound on a dossier's amounts (10^12 €) sums every amount, wherever it sits, and no rate: the walk that skips the
fields holding no amount (by their type) gives the sum of the walk that visits every value."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from creances_rules.models import dossier as m
from creances_rules.models.examples import chemin, noms
from creances_rules.models.loading import dossier_from_dict, load_dossier

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_portfolio import synthetic  # noqa: E402
from tests.property.strategies import dossiers  # noqa: E402


def every_value_walk(model) -> Decimal:
    """The reference: every field of every model, rates (``taux…``) excluded."""
    total, stack = Decimal(0), [model]
    while stack:
        node = stack.pop()
        if isinstance(node, Decimal):
            total += node
        elif node is None or isinstance(node, (str, date, int, Enum)):
            continue
        elif isinstance(node, BaseModel):
            stack.extend(v for k, v in node.__dict__.items() if not k.startswith("taux"))
        elif isinstance(node, (tuple, list)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return total


RICH = {
    "creancier": {"qualite": "professionnel", "commercant": True},
    "debiteur": {"qualite": "consommateur", "remunerations": {"montant_mensuel_net": "2100.50"}},
    "contrat": {"clause_penale": "150", "taux_penalites": "12"},
    "factures": [{"numero": "F1", "montant_ttc": "1200.00", "montant_tva": "200", "date_emission": "2024-01-10"}],
    "paiements": [{"date": "2024-03-01", "montant": "100.25"}],
    "dettes_du_creancier": [{"description": "avoir", "montant": "33.33", "date_exigibilite": "2024-02-01"}],
    "garanties": [{"type": "cautionnement", "date": "2023-12-01", "montant_maximum": "5000",
                   "garant": {"nom": "G", "personne_physique": True}}],
    "taux_marge": "25",
    "taux_fournis": {"bce": {"2024-01-01": "4.5"}},
}


def test_amounts_everywhere_are_counted_and_rates_are_not():
    d = dossier_from_dict(RICH)
    expected = Decimal("1200.00") + 200 + Decimal("100.25") + Decimal("33.33") + 5000 + 150 + Decimal("2100.50")
    assert m._total_amounts(d) == every_value_walk(d) == expected


@pytest.mark.parametrize("case", ["synthetic", "examples"])
def test_the_walk_over_fields_with_amounts_is_the_walk_over_every_value(case):
    found = [dossier_from_dict(d) for d in synthetic(200, seed=3)] if case == "synthetic" else [
        load_dossier(chemin(nom)) for nom in noms()]
    assert len(found) >= 3
    for d in found:
        assert m._total_amounts(d) == every_value_walk(d)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(dossiers())
def test_the_walk_over_fields_with_amounts_is_the_walk_over_every_value_on_drawn_dossiers(case):
    d = dossier_from_dict(case[0])
    assert m._total_amounts(d) == every_value_walk(d)
