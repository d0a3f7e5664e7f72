"""Propriétés de l'échéancier : arriérés et solde bornés par le plan, jamais négatifs ; la déchéance du
terme n'est jamais antérieure à la première échéance impayée (C. civ. 1342-10 ; Cass. 1re civ., 22 juin
2017, n° 16-18.418)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from creances_rules import evaluate
from creances_rules.models.dossier import Dossier
from creances_rules.institutions.echeancier import etat_echeancier

DAY0 = date(2022, 1, 1)
amounts = st.decimals(min_value="1", max_value="5000", places=2)


@st.composite
def dossiers(draw) -> tuple[dict, date]:
    accord = DAY0 + timedelta(days=draw(st.integers(0, 900)))
    echeances, jour = [], accord
    for _ in range(draw(st.integers(1, 5))):
        jour += timedelta(days=draw(st.integers(1, 60)))
        echeances.append({"date": jour.isoformat(), "montant": str(draw(amounts))})
    total = sum(Decimal(e["montant"]) for e in echeances)
    paiements = [{"date": (accord + timedelta(days=draw(st.integers(0, 300)))).isoformat(), "montant": str(draw(amounts))}
                 for _ in range(draw(st.integers(0, 3)))]
    evenements = []
    if draw(st.booleans()):
        evenements.append({"type": "mise_en_demeure", "date": (accord + timedelta(days=draw(st.integers(1, 300)))).isoformat()})
    plan = {"date_accord": accord.isoformat(), "echeances": echeances,
            "clause_decheance_du_terme": draw(st.booleans()), "ecrit": draw(st.booleans()),
            "dispense_mise_en_demeure": draw(st.booleans())}
    if draw(st.booleans()):
        plan["preavis_decheance_jours"] = draw(st.integers(0, 60))
    d = {"creancier": {"qualite": "professionnel"},
         "debiteur": {"qualite": draw(st.sampled_from(["professionnel", "consommateur", "particulier"])),
                      "commercant": draw(st.sampled_from([True, False, None]))},
         "factures": [{"numero": "F1", "montant_ttc": str(total), "date_emission": (accord - timedelta(days=60)).isoformat(),
                       "date_echeance": (accord - timedelta(days=30)).isoformat()}],
         "paiements": paiements, "evenements": evenements, "echeancier": plan}
    return d, accord + timedelta(days=draw(st.integers(0, 400)))


@given(dossiers())
def test_arrears_and_balance_are_bounded_by_the_plan(case):
    d, as_of = case
    etat = etat_echeancier(Dossier.model_validate(d), as_of)
    total = sum(Decimal(e["montant"]) for e in d["echeancier"]["echeances"])
    assert Decimal("0") <= etat["arrieres"] <= etat["solde"] <= total
    if etat["premiere_impayee"] is not None:
        assert etat["premiere_impayee"] < as_of


@given(dossiers())
def test_deeming_never_precedes_the_first_unpaid_instalment(case):
    d, as_of = case
    a = evaluate(d, as_of, engine="python", trace=False)
    f = a.finding("decheance_du_terme_acquise")
    if f is not None:
        impayee = a.finding("echeance_impayee")
        assert impayee is not None and f.value > impayee.since and f.value <= as_of
