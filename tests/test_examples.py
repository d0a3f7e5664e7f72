"""The example dossiers installed with the package (``creances_rules.models.examples``), hand-checked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import examples

from creances_rules import evaluate


def test_three_examples_are_installed():
    assert {"facture_b2b_impayee", "consommateur_proche_prescription",
            "jugement_puis_procedure_collective"} <= set(examples.noms())
    with pytest.raises(ValueError, match="exemple « nope » inconnu"):
        examples.chemin("nope")


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_b2b_invoice(engine):
    from creances_rules.rulebook.engines import durable_engine

    if engine == "durable" and not durable_engine.available():
        pytest.skip("durable-rules indisponible")
    a = evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01", engine=engine)
    # C. civ. 1344: LRAR of 16/06/2025
    assert a.finding("debiteur_en_demeure").value == date(2025, 6, 16)
    # C. com. L110-4: 5 years from 11/04/2025 (completion of invoice 2025-047), day of departure counted
    # (C. civ. 2228-2229 convention): 11/04/2025 + 5 years − 1 day = 10/04/2030
    assert a.finding("date_prescription").value == date(2030, 4, 10)


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_consumer_claim_near_prescription(engine):
    from creances_rules.rulebook.engines import durable_engine

    if engine == "durable" and not durable_engine.available():
        pytest.skip("durable-rules indisponible")
    a = evaluate(examples.chemin("consommateur_proche_prescription"), as_of="2025-07-01", engine=engine)
    # C. conso. L218-2: two years from the performance, the kitchen fitted on 31/08/2023 (Cass. 1re civ., 19 May
    # 2021, n° 20-12.520; 3e civ., 1 March 2023, n° 21-23.176 — issue 20), the letters not interrupting (Cass. com.
    # 18 mai 2022): 31/08/2023 + 2 years − 1 day = 30/08/2025; the due-date reading (15/09/2023 → 14/09/2025) is
    # shown beside it.
    assert a.finding("date_prescription").value == date(2025, 8, 30)
    assert any("14 septembre 2025" in h for h in a.finding("date_prescription").assumptions)
    act = a.actions_of("interrompre_prescription")[0]
    assert act.deadline == date(2025, 8, 30) and a.actions[0].code == "interrompre_prescription"
    assert a.amounts.principal_restant_du == Decimal("4200.00")  # nothing paid
    assert a.finding("prescription_acquise") is None


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_judgment_then_collective_proceedings(engine):
    from creances_rules.rulebook.engines import durable_engine

    if engine == "durable" and not durable_engine.available():
        pytest.skip("durable-rules indisponible")
    a = evaluate(examples.chemin("jugement_puis_procedure_collective"), as_of="2025-06-15", engine=engine)
    # 6 300 + 3 900 − 2 500 paid on 20/09/2019 = 7 700,00 €
    assert a.amounts.principal_restant_du == Decimal("7700.00")
    # C. com. R622-24: two months from the BODACC publication of 03/06/2025 → 03/08/2025 (nominal date,
    # no extension past the Sunday: the prudent reading)
    decl = a.actions_of("declarer_creance")[0]
    assert decl.deadline == date(2025, 8, 3)
    assert a.finding("poursuites_individuelles_suspendues") is not None  # C. com. L622-21
    # CPCE L111-4: ten years; the payment of 20/09/2019 acknowledges the debt (C. civ. 2240):
    # 20/09/2019 + 10 years − 1 day = 19/09/2029
    assert a.finding("date_prescription").value == date(2029, 9, 19)
