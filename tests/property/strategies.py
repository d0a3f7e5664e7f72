"""Hypothesis strategies for whole dossiers (dicts, as a user would write them)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from creances_rules.models.dossier import Forme, Mention, TypeEvenement

DAY0 = date(2012, 1, 1)
SPAN = (date(2026, 6, 30) - DAY0).days


def _day(lo: int = 0, hi: int = SPAN) -> st.SearchStrategy[date]:
    return st.integers(lo, hi).map(lambda n: DAY0 + timedelta(days=n))


amounts = st.decimals(min_value="1", max_value="250000", places=2)


@st.composite
def dossiers(draw) -> tuple[dict, date]:
    creancier = draw(st.sampled_from(["professionnel", "particulier"]))
    debiteur = draw(st.sampled_from(["professionnel", "consommateur", "non_professionnel", "particulier"]))
    start = draw(_day(0, SPAN - 400))
    n = draw(st.integers(1, 3))
    factures = []
    for i in range(n):
        emission = start + timedelta(days=draw(st.integers(0, 200)))
        f = {"numero": f"F{i}", "montant_ttc": str(draw(amounts)), "date_emission": emission.isoformat()}
        if draw(st.booleans()):
            f["date_echeance"] = (emission + timedelta(days=draw(st.integers(0, 120)))).isoformat()
        if draw(st.booleans()):
            f["date_livraison"] = (emission - timedelta(days=draw(st.integers(0, 20)))).isoformat()
        factures.append(f)
    contrat: dict = {}
    if draw(st.booleans()):
        contrat["date_conclusion"] = (start - timedelta(days=draw(st.integers(0, 2000)))).isoformat()
    if draw(st.booleans()):
        contrat["clause_demeure_par_exigibilite"] = True
    if draw(st.integers(0, 3)) == 0:
        contrat["delai_paiement"] = {"jours": draw(st.sampled_from([30, 45, 60, 90])), "fin_de_mois": draw(st.booleans())}
    if draw(st.integers(0, 3)) == 0:
        contrat["taux_penalites"] = str(draw(st.decimals(min_value="0", max_value="25", places=2)))
    paiements = []
    for _ in range(draw(st.integers(0, 2))):
        paiements.append({
            "date": (start + timedelta(days=draw(st.integers(0, 500)))).isoformat(),
            "montant": str(draw(st.decimals(min_value="1", max_value="50000", places=2))),
            **({"facture": f"F{draw(st.integers(0, n - 1))}"} if draw(st.booleans()) else {}),
        })
    evenements = []
    for _ in range(draw(st.integers(0, 4))):
        ev = {
            "type": draw(st.sampled_from(list(TypeEvenement))).value,
            "date": (start + timedelta(days=draw(st.integers(0, 700)))).isoformat(),
        }
        if draw(st.booleans()):
            ev["forme"] = draw(st.sampled_from(list(Forme))).value
        ev["mentions"] = [m.value for m in draw(st.sets(st.sampled_from(list(Mention)), max_size=6))]
        ev["par_tiers"] = draw(st.integers(0, 4)) == 0
        evenements.append(ev)
    dossier = {
        "creancier": {"qualite": creancier, "agence_de_recouvrement": draw(st.integers(0, 5)) == 0},
        "debiteur": {
            "qualite": debiteur,
            "departement": draw(st.sampled_from([None, "75", "57", "67", "971", "974"])),
        },
        "contrat": contrat,
        "factures": factures,
        "paiements": paiements,
        "evenements": evenements,
    }
    if dossier["debiteur"]["departement"] is None:
        del dossier["debiteur"]["departement"]
    if draw(st.integers(0, 6)) == 0:
        judgment = start + timedelta(days=draw(st.integers(30, 600)))
        dossier["procedure_collective"] = {
            "type": draw(st.sampled_from(["sauvegarde", "redressement", "liquidation"])),
            "date_jugement": judgment.isoformat(),
            **({"date_publication_bodacc": (judgment + timedelta(days=draw(st.integers(1, 30)))).isoformat()}
               if draw(st.booleans()) else {}),
        }
    if draw(st.integers(0, 4)) == 0:
        dossier["dettes_du_creancier"] = [{
            "montant": str(draw(amounts)),
            "date_exigibilite": (start + timedelta(days=draw(st.integers(0, 400)))).isoformat(),
            "connexe": draw(st.booleans()),
            "liquide": draw(st.booleans()),
        }]
    if draw(st.integers(0, 4)) == 0:
        dossier["biens_detenus"] = [{
            "description": "machine",
            "remis_jusqu_au_paiement": draw(st.booleans()),
            "connexe": draw(st.booleans()),
            "dessaisissement": draw(st.booleans()),
        }]
    as_of = start + timedelta(days=draw(st.integers(0, 2500)))
    return dossier, min(as_of, date(2026, 11, 22))
