"""Droit de rétention (C. civ. 2286, 1612, 1948; C. com. L622-7 II): details and bases (the dated cases are in tests/cas/test_retention.yaml).

Unless said otherwise: a garage (professional) repaired a private customer's car, invoice R-12 of
1 800 € due on 1 February 2024, assessment on 1 March 2024.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine

AS_OF = date(2024, 3, 1)
D = Decimal
VOITURE = {"description": "véhicule réparé", "valeur": 9000, "connexe": True}


def dossier(*biens, facture=None, paiements=(), procedure=None):
    out = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "particulier"},
        "factures": [facture or {"numero": "R-12", "montant_ttc": 1800, "date_emission": "2024-01-15",
                                 "date_echeance": "2024-02-01"}],
        "biens_detenus": list(biens),
        "paiements": list(paiements),
    }
    if procedure is not None:
        out["procedure_collective"] = procedure
    return out


def run(d, as_of=AS_OF, engine="python"):
    return evaluate(d, as_of, engine=engine)


def fired(a):
    return {t.rule for t in a.trace if t.status == "fired"}


def warning_codes(a):
    return [w.code for w in a.warnings]


def test_garagiste_vehicule_connexe():
    # 2286 3° : la créance de réparation (1 800 €, exigible le 01/02/2024) est née à l'occasion de la
    # détention du véhicule, toujours détenu → un bien retenu ; action pour toute la créance, 1 800 €.
    a = run(dossier(VOITURE))
    f = a.finding("droit_de_retention")
    assert f.value == 1 and f.rule == "droit_de_retention.retention_2286"
    (bien,) = f.details
    assert bien["bien"] == "biens_detenus[0]" and bien["valeur"] == D("9000.00")
    assert "2286 2° et 3°" in bien["fondement"]
    assert "9\u202f000,00 €" in f.basis
    assert {c.key for c in f.citations} >= {"c_civ_2286", "c_civ_1612", "c_civ_1948"}
    (act,) = a.actions_of("exercer_droit_de_retention")
    assert act.amount == D("1800.00") and act.rule == "droit_de_retention.exercer" and act.priority == 6


def test_chose_remise_jusqu_au_paiement():
    # 2286 1° : chose remise jusqu'au paiement de la créance.
    a = run(dossier({"description": "carte grise", "remis_jusqu_au_paiement": True}))
    f = a.finding("droit_de_retention")
    assert f.value == 1
    assert "2286 1°" in f.details[0]["fondement"]
    assert f.details[0]["valeur"] is None


def test_plusieurs_biens_seuls_les_biens_lies_et_detenus_sont_retenus():
    # Quatre biens : remis jusqu'au paiement (retenu, 1°), connexe (retenu, 2°/3°), sans lien
    # (exclu : aucun cas de 2286), rendu volontairement (perdu, 2286 dernier al.) → 2 biens retenus ;
    # valeur déclarée connue pour un seul (9 000 €).
    a = run(dossier(
        {"description": "double des clés", "remis_jusqu_au_paiement": True},
        VOITURE,
        {"description": "remorque sans lien", "valeur": 2000},
        {"description": "moto rendue", "valeur": 4000, "connexe": True, "dessaisissement": True},
    ))
    f = a.finding("droit_de_retention")
    assert f.value == 2
    assert [b["bien"] for b in f.details] == ["biens_detenus[0]", "biens_detenus[1]"]
    assert "valeur de certains biens inconnue" in f.basis
    assert {"droit_de_retention.sans_lien", "droit_de_retention.dessaisissement"} <= fired(a)
    assert warning_codes(a).count("droit_de_retention_exclu") == 2


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
def test_les_deux_moteurs_concluent_de_meme():
    d = dossier(
        {"description": "double des clés", "remis_jusqu_au_paiement": True},
        VOITURE,
        {"description": "remorque sans lien", "valeur": 2000},
        {"description": "moto rendue", "connexe": True, "dessaisissement": True},
    )
    for day in (date(2024, 1, 20), AS_OF):  # avant puis après l'échéance du 01/02/2024
        py, du = run(d, day, "python"), run(d, day, "durable")
        assert sorted((f.code, str(f.value)) for f in py.findings) == sorted((f.code, str(f.value)) for f in du.findings)
        assert sorted((x.code, x.rule) for x in py.actions) == sorted((x.code, x.rule) for x in du.actions)
        assert sorted((w.code, w.rule) for w in py.warnings) == sorted((w.code, w.rule) for w in du.warnings)
    # Avant l'échéance : pas de rétention (créance non exigible), avertissement 1612/1613.
    assert run(d, date(2024, 1, 20)).finding("droit_de_retention") is None
