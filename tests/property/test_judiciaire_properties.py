"""Properties of the judicial road (issue 10): nothing claims money once the claim is time-barred; no route is
recommended while its own preconditions fail; the prescription is never called acquired while a reading of the
last day (C. civ. 2228) still leaves time."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from creances_rules import evaluate
from creances_rules.law.delais import fin_de_delai

from .strategies import dossiers

# Actions that ask the debtor (or a court, or an enforcement officer) for the claim's money.
MONEY = frozenset({
    "envoyer_relance", "relancer_par_telephone", "envoyer_mise_en_demeure", "completer_mise_en_demeure",
    "reclamer_penalites_et_indemnite", "interrompre_prescription", "procedure_petites_creances",
    "requete_injonction_de_payer", "signifier_injonction_de_payer", "refere_provision", "assignation_en_paiement",
    "mesure_conservatoire", "executer_titre", "obtenir_titre_executoire", "appeler_caution",
})
ROUTES = frozenset({"procedure_petites_creances", "requete_injonction_de_payer", "refere_provision",
                    "assignation_en_paiement", "signifier_injonction_de_payer", "executer_titre"})


@st.composite
def judicial_dossiers(draw) -> tuple[dict, date]:
    """A general dossier, plus what the judicial road reads: a dispute, an injunction order and its service
    (as events or as a title entry, in time or late, to the person or not), enforcement acts."""
    dossier, as_of = draw(dossiers())
    start = date.fromisoformat(dossier["factures"][0]["date_emission"])
    dossier["debiteur"]["commercant"] = draw(st.sampled_from([None, True, False]))
    dossier["debiteur"]["residence"] = draw(st.sampled_from(["metropole", "metropole", "outre_mer", "etranger"]))
    if draw(st.booleans()):
        dossier["contestation"] = {
            "date": (start + timedelta(days=draw(st.integers(0, 400)))).isoformat(),
            "objet": draw(st.sampled_from(["existence", "montant", "qualite_prestation", "autre"])),
            "serieuse": draw(st.sampled_from([None, True, False])),
        }
    if draw(st.booleans()):
        ordre = start + timedelta(days=draw(st.integers(30, 500)))
        service = ordre + timedelta(days=draw(st.integers(0, 260)))
        if draw(st.booleans()):
            dossier["evenements"] = [*dossier["evenements"],
                                     {"type": "mise_en_demeure", "date": (ordre - timedelta(days=20)).isoformat()},
                                     {"type": "injonction_de_payer_rendue", "date": ordre.isoformat()},
                                     *([{"type": "injonction_de_payer_signifiee", "date": service.isoformat()}]
                                       if draw(st.booleans()) else [])]
        else:
            dossier["titres"] = [{
                "nature": "ordonnance_injonction_de_payer", "date": ordre.isoformat(),
                **({"date_signification": service.isoformat(), "signifie_a_personne": draw(st.booleans())}
                   if draw(st.booleans()) else {}),
            }]
        if draw(st.booleans()):
            acte = service + timedelta(days=draw(st.integers(1, 200)))
            dossier["evenements"] = [*dossier["evenements"], {"type": "acte_execution", "date": acte.isoformat()}]
    return dossier, as_of


def _orders(dossier: dict, as_of: date) -> list[date]:
    dates = [date.fromisoformat(e["date"]) for e in dossier["evenements"] if e["type"] == "injonction_de_payer_rendue"]
    dates += [date.fromisoformat(t["date"]) for t in dossier.get("titres", ())
              if t["nature"] == "ordonnance_injonction_de_payer"]
    return sorted(d for d in dates if d <= as_of)


@given(judicial_dossiers())
def test_no_assessment_both_advises_not_to_act_and_claims_money(case):
    dossier, as_of = case
    a = evaluate(dossier, as_of)
    codes = {x.code for x in a.actions}
    if "ne_pas_agir_creance_prescrite" in codes or a.finding("prescription_acquise") is not None:
        assert not codes & MONEY, sorted(codes & MONEY)


@given(judicial_dossiers())
def test_no_route_is_recommended_while_its_own_preconditions_fail(case):
    dossier, as_of = case
    a = evaluate(dossier, as_of)
    actions = {x.code: x for x in a.actions}
    routes = set(actions) & ROUTES
    if not routes:
        return
    # Every route: the claim is not time-barred, no collective proceeding stays individual actions.
    assert a.finding("prescription_acquise") is None
    assert a.finding("poursuites_individuelles_suspendues") is None
    c = dossier.get("contestation")
    disputed = c is not None and date.fromisoformat(c["date"]) <= as_of
    orders = _orders(dossier, as_of)
    non_avenue = a.finding("injonction_de_payer_non_avenue") is not None
    if "refere_provision" in actions:
        # CPC 835 al. 2 / 873 al. 2: only for an obligation not seriously disputable.
        assert not (disputed and c.get("serieuse") is True)
    if "procedure_petites_creances" in actions:
        # CPCE L125-1: the debtor must agree; R125-1: debtor in France; C. civ. 2238: suspends only on agreement,
        # so not with under six months of prescription left.
        assert not (disputed and c.get("serieuse") is not False)
        assert dossier["debiteur"].get("residence", "metropole") != "etranger"
        limite = a.finding("date_prescription")
        assert limite is None or limite.value >= as_of + relativedelta(months=6)
    if "requete_injonction_de_payer" in actions:
        # A new request only once the earlier order is non avenue (CPC 1411).
        assert not orders or non_avenue
    if "signifier_injonction_de_payer" in actions:
        # CPC 1411: within six months of the order (CPC 640-642).
        dep = dossier["debiteur"].get("departement")
        assert orders and as_of <= fin_de_delai(orders[-1], mois=6, departement=dep).date
    if "executer_titre" in actions and actions["executer_titre"].rule == "titre_executoire.executer_injonction_de_payer":
        assert not non_avenue


@st.composite
def near_the_last_day(draw) -> tuple[dict, date, date]:
    """One unpaid invoice with a due date, no interrupting event, assessed a few days around the end."""
    commercial = draw(st.booleans())
    echeance = date(2014, 1, 1) + timedelta(days=draw(st.integers(0, 3650)))
    ans = 5 if commercial else 2  # C. com. L110-4 ; C. conso. L218-2
    dossier = {
        "creancier": {"qualite": "professionnel", "commercant": commercial},
        "debiteur": {"qualite": "professionnel", "commercant": True} if commercial else {"qualite": "consommateur"},
        "contrat": {"date_conclusion": (echeance - timedelta(days=60)).isoformat()},
        "factures": [{"numero": "F1", "montant_ttc": "1500.00", "date_emission": (echeance - timedelta(days=30)).isoformat(),
                      "date_echeance": echeance.isoformat(), "nature": "services"}],
        "evenements": [{"type": "relance", "date": (echeance + timedelta(days=10)).isoformat()}],
    }
    # Latest reading of C. civ. 2228 (start day not counted): the period ends on the anniversary at 24 h.
    anniversaire = echeance + relativedelta(years=ans)
    if draw(st.booleans()):
        # An act on the one uncertain day: it interrupts only under the latest reading.
        dossier["evenements"].append({"type": "demande_en_justice", "date": anniversaire.isoformat()})
        acte = True
    else:
        acte = False
    as_of = anniversaire + timedelta(days=draw(st.integers(-3, 3)))
    return dossier, as_of, anniversaire if not acte else date.max


@given(near_the_last_day())
def test_prescription_never_acquired_while_a_reading_of_the_last_day_leaves_time(case):
    dossier, as_of, derniere_fin = case
    a = evaluate(dossier, as_of)
    acquise = a.finding("prescription_acquise") is not None
    # Acquired exactly when the latest possible end is past (2229); never before.
    assert acquise == (as_of > derniere_fin)
    if not acquise:
        assert "ne_pas_agir_creance_prescrite" not in {x.code for x in a.actions}
    # Between the two readings the point is flagged uncertain.
    if derniere_fin != date.max and as_of == derniere_fin:
        assert any(w.rule == "prescription.acquisition_incertaine" for w in a.warnings)


@given(judicial_dossiers())
def test_both_engines_agree_on_disputes_injunctions_and_courts(case):
    # Same rules, same answer: durable-rules and the Python evaluator (skipped where durable is unavailable).
    from creances_rules.rulebook.engines import durable_engine
    if not durable_engine.available():
        return
    dossier, as_of = case
    first, second = evaluate(dossier, as_of, engine="durable").to_dict(), evaluate(dossier, as_of, engine="python").to_dict()
    first.pop("engine"), second.pop("engine")
    assert first == second
