"""Propriétés du cautionnement sur des dossiers tirés au hasard.

- La caution n'est jamais appelée pour plus que le montant maximum signé ni pour plus que la dette garantie
  (C. civ. 2296), et les cautions ensemble jamais pour plus que la dette.
- Une date limite d'information de la caution ne précède jamais l'incident qu'elle concerne (C. civ. 2303 ;
  C. conso. L333-1), et l'information annuelle est datée avant le 31 mars (2302).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from creances_rules import evaluate
from creances_rules.institutions.derive import base_facts, qualified_facts
from creances_rules.models.dossier import Dossier
from creances_rules.institutions.garanties import analyser_cautionnements

DAY0 = date(2019, 1, 1)


def _day(lo: int, hi: int) -> st.SearchStrategy[date]:
    return st.integers(lo, hi).map(lambda n: DAY0 + timedelta(days=n))


amounts = st.decimals(min_value="1", max_value="100000", places=2)


@st.composite
def dossiers(draw) -> tuple[dict, date]:
    start = draw(_day(0, 2000))
    factures = []
    for i in range(draw(st.integers(1, 3))):
        emission = start + timedelta(days=draw(st.integers(0, 200)))
        echeance = emission + timedelta(days=draw(st.integers(0, 90)))
        factures.append({"numero": f"F{i}", "montant_ttc": str(draw(amounts)), "date_emission": emission.isoformat(),
                         "date_echeance": echeance.isoformat()})
    last = max(date.fromisoformat(f["date_echeance"]) for f in factures)
    paiements = []
    for _ in range(draw(st.integers(0, 2))):
        paiements.append({"date": (start + timedelta(days=draw(st.integers(0, 400)))).isoformat(),
                          "montant": str(draw(amounts))})
    garanties = []
    for _ in range(draw(st.integers(1, 2))):
        g = {"type": "cautionnement", "date": (start - timedelta(days=draw(st.integers(0, 900)))).isoformat(),
             "garant": {"personne_physique": draw(st.booleans())}, "solidaire": draw(st.booleans())}
        if draw(st.booleans()):
            g["montant_maximum"] = str(draw(amounts))
        if draw(st.booleans()):
            g["factures"] = [draw(st.sampled_from([f["numero"] for f in factures]))]
        infos: dict = {}
        if draw(st.booleans()):
            infos["premier_incident"] = (start + timedelta(days=draw(st.integers(0, 300)))).isoformat()
        if draw(st.booleans()):
            infos["annuelles"] = [date(start.year + 1, 3, draw(st.integers(1, 31))).isoformat()]
        if infos:
            g["informations"] = infos
        garanties.append(g)
    d = {"creancier": {"qualite": draw(st.sampled_from(["professionnel", "particulier"]))},
         "debiteur": {"qualite": "professionnel", "commercant": draw(st.sampled_from([True, False, None]))},
         "contrat": {"date_conclusion": (start - timedelta(days=10)).isoformat()},
         "factures": factures, "paiements": paiements, "garanties": garanties}
    if draw(st.booleans()):
        d["procedure_collective"] = {"type": draw(st.sampled_from(["sauvegarde", "redressement", "liquidation"])),
                                     "date_jugement": (last + timedelta(days=draw(st.integers(0, 200)))).isoformat()}
    as_of = last + timedelta(days=draw(st.integers(-30, 700)))
    return d, min(as_of, date(2026, 6, 30))


@given(dossiers())
def test_guarantor_never_asked_more_than_maximum_nor_debt(case):
    d, as_of = case
    a = evaluate(d, as_of, engine="python", trace=False)
    f = a.finding("montant_du_par_caution")
    if f is None:
        return
    for c in f.details:
        assert Decimal("0") <= c["montant"] <= c["dette_garantie"]
        if c["montant_maximum"] is not None:
            assert c["montant"] <= c["montant_maximum"]
    assert f.value <= max(c["dette_garantie"] for c in f.details) * len(f.details)
    assert f.value <= sum((c["dette_garantie"] for c in f.details), Decimal("0"))
    for x in a.actions:
        if x.code == "appeler_caution":
            assert x.amount == f.value


@given(dossiers())
def test_information_deadlines_never_precede_the_incident(case):
    d, as_of = case
    dossier = Dossier.model_validate(d)
    derivation = qualified_facts(dossier, as_of, base_facts(dossier, as_of))
    for a in analyser_cautionnements(dossier, as_of, derivation.invoices):
        if a.incident is not None:
            assert a.echeance_incident > a.incident
            assert a.incident >= a.garantie.date
        for e in a.echeances_annuelles:
            assert (e["echeance"].month, e["echeance"].day) == (3, 30)
            assert e["echeance"].year > a.garantie.date.year
        for w in a.fenetres:
            assert w.du <= w.au
            if a.incident is not None and "premier incident" in w.motif:
                assert w.du == a.incident
