"""Court routes to an enforcement title, conservatory measures and execution, worked by hand: article,
reasoning and date arithmetic in each comment (weekdays and French public holidays checked)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules.law.delais import DelaiInvalide
from creances_rules.evaluation.evaluate import default_rulebook
from creances_rules.institutions.procedure_collective import fin_de_delai_sans_prorogation
from creances_rules.institutions.recours import distance_opposition
from creances_rules.rulebook.schema import AllOf, Comparison

ROUTES = ("procedure_petites_creances", "requete_injonction_de_payer", "refere_provision",
          "assignation_en_paiement", "mesure_conservatoire", "signifier_injonction_de_payer",
          "executer_titre", "obtenir_titre_executoire")
MED = {"type": "mise_en_demeure", "date": "2025-04-15", "forme": "lrar"}


def dossier(montant=3000, debiteur=None, evenements=None, **over) -> dict:
    base = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": debiteur or {"qualite": "consommateur"},
        "contrat": {"date_conclusion": "2024-06-01"},
        "factures": [{"numero": "F1", "montant_ttc": montant, "date_emission": "2025-03-01", "date_echeance": "2025-03-31"}],
        "evenements": [MED] if evenements is None else evenements,
    }
    base.update(over)
    return base


COMMERCANT = {"qualite": "professionnel", "commercant": True}


def codes(a) -> list[str]:
    return [x.code for x in a.actions]


def fired(a) -> set[str]:
    return {t.rule for t in a.trace if t.status == "fired"}


def warning_codes(a) -> set[str]:
    return {w.code for w in a.warnings}


def articles(action) -> list[str]:
    return [c.article for c in action.citations]


# ------------------------------------------------------------------------------ ranking of the routes


def test_small_consumer_claim_ranked_small_claims_injunction_refere_assignation_conservatory():
    # 3 000 € ≤ 5 000 € (CPCE R125-1 since 1 Jan 2020): small-claims procedure first (50), then the
    # injunction to pay (55) before the president of the tribunal judiciaire or JCP (CPC 1406, debtor not a
    # trader), référé-provision under CPC 835 (60), claim on the merits (70), conservatory measure (80).
    a = evaluate(dossier(), "2025-06-02", engine="python")
    routes = [c for c in codes(a) if c in ROUTES]
    assert routes == ["procedure_petites_creances", "requete_injonction_de_payer", "refere_provision",
                      "assignation_en_paiement", "mesure_conservatoire"]
    assert [x.priority for x in a.actions if x.code in ROUTES] == [50, 55, 60, 70, 80]
    assert articles(a.actions_of("refere_provision")[0]) == ["835", "2241"]
    pc = a.actions_of("procedure_petites_creances")[0]
    # The amount is the décompte's: 3 000 € + legal interest since the mise en demeure of 15/04/2025 (C. civ.
    # 1231-6, 1344-1; professional creditor: "autres cas" rate, 3,71 % in 2025-S1): 16/04 → 02/06/2025 = 15 + 31 + 2
    # = 48 days, 3 000 × 3,71 × 48 / 36 500 = 14,6367 → 14,64 € ; 3 000 + 14,64 = 3 014,64 €.
    assert {"L125-1", "R125-1", "R125-2"} <= set(articles(pc)) and pc.amount == Decimal("3014.64")
    assert "un mois à compter de l'envoi" in pc.purpose and "silence vaut" in pc.purpose
    ip = a.actions_of("requete_injonction_de_payer")[0]
    assert "président du tribunal" in ip.purpose and "25-70.013" in ip.purpose
    # CPC 750-1: before the tribunal judiciaire, ≤ 5 000 € → prior amicable attempt, with the caveat
    # on the article number after the recodification of 1 September 2025.
    (w,) = [w for w in a.warnings if w.code == "tentative_amiable_prealable_requise"]
    assert "750-1" in w.message and "vérifier le numéro" in w.message and "2025-660" in w.message
    # The amicable reminders are over: a mise en demeure was sent.
    assert "envoyer_mise_en_demeure" not in codes(a)


def test_large_claim_against_a_trader_injunction_first_before_the_commercial_court():
    # 12 000 € > 5 000 €: no small-claims procedure (R125-1); trader debtor → president of the tribunal
    # de commerce (CPC 1406), référé under CPC 873, claim before the tribunal de commerce (L721-3);
    # no CPC 750-1 attempt (tribunal judiciaire only).
    a = evaluate(dossier(12000, COMMERCANT), "2025-06-02", engine="python")
    routes = [c for c in codes(a) if c in ROUTES]
    assert routes[0] == "requete_injonction_de_payer"
    assert "procedure_petites_creances" not in routes
    assert "tribunal de commerce" in a.actions_of("requete_injonction_de_payer")[0].purpose
    assert articles(a.actions_of("refere_provision")[0]) == ["873", "2241"]
    assert articles(a.actions_of("assignation_en_paiement")[0]) == ["L721-3", "2241"]
    assert "tentative_amiable_prealable_requise" not in warning_codes(a)


@pytest.mark.parametrize("montant, expected", [("5000.00", True), ("5000.01", False)])
def test_small_claims_ceiling_5000_inclusive(montant, expected):
    # R125-1: « n'excédant pas 5 000 euros en principal et intérêts » → 5 000,00 € qualifies, 5 000,01 € does
    # not. Assessed on the day of the LRAR mise en demeure (15 April 2025): legal interest runs from the day
    # after (1231-6, 1344-1), so none has accrued and the claim is the principal alone.
    # Same threshold for CPC 750-1 (demande n'excédant pas 5 000 €), read on the principal on 2 June 2025.
    a = evaluate(dossier(montant), "2025-04-15", engine="python")
    assert not a.amounts.items  # no interest yet
    assert ("procedure_petites_creances" in codes(a)) is expected
    b = evaluate(dossier(montant), "2025-06-02", engine="python")
    assert ("tentative_amiable_prealable_requise" in warning_codes(b)) is expected


@pytest.mark.parametrize("montant, expected", [(3500, True), (4500, False)])
def test_small_claims_ceiling_was_4000_before_2020(montant, expected):
    # R125-1 before 1 January 2020: 4 000 €. On 2 May 2018, 3 500 € qualifies, 4 500 € does not;
    # the 2020 rule (5 000 €) does not apply yet.
    d = dossier(montant, factures=[{"numero": "F1", "montant_ttc": montant, "date_emission": "2018-02-01",
                                    "date_echeance": "2018-03-01"}],
                evenements=[{"type": "mise_en_demeure", "date": "2018-03-20", "forme": "lrar"}],
                contrat={"date_conclusion": "2017-06-01"})
    a = evaluate(d, "2018-05-02", engine="python")
    assert ("procedure_petites_creances" in codes(a)) is expected
    assert "voies_de_recouvrement.petites_creances" not in fired(a)
    # CPC 750-1 (restored for instances from 1 October 2023) is not applied in 2018.
    assert "tentative_amiable_prealable_requise" not in warning_codes(a)


def test_routes_are_offered_before_any_notice_which_is_advised_first():
    # No mise en demeure nor sommation: neither the injunction (CPC 1405) nor the assignation needs one (issue 20) —
    # the routes are offered, the notice comes first (priority 40 < 55, 70) and a warning advises it.
    a = evaluate(dossier(evenements=[]), "2025-06-02", engine="python")
    assert {"requete_injonction_de_payer", "assignation_en_paiement"} <= set(codes(a))
    assert codes(a).index("envoyer_mise_en_demeure") < codes(a).index("requete_injonction_de_payer")
    assert "mise_en_demeure_conseillee_avant_action" in warning_codes(a)
    # the summary routes (référé, small claims) and conservatory measures still wait for the notice
    assert not {"refere_provision", "procedure_petites_creances", "mesure_conservatoire"} & set(codes(a))


def test_sommation_by_commissaire_de_justice_also_closes_the_amicable_phase():
    a = evaluate(dossier(evenements=[{"type": "sommation", "date": "2025-04-15",
                                      "forme": "acte_commissaire_de_justice"}]), "2025-06-02", engine="python")
    assert "requete_injonction_de_payer" in codes(a)


def test_amicable_attempt_already_made_no_750_1_warning():
    # A mediation/conciliation attempt (event mediation_debut) satisfies CPC 750-1.
    a = evaluate(dossier(evenements=[MED, {"type": "mediation_debut", "date": "2025-05-02"}]), "2025-06-02",
                 engine="python")
    assert "assignation_en_paiement" in codes(a)
    assert "tentative_amiable_prealable_requise" not in warning_codes(a)


def test_debtor_abroad_no_small_claims_and_a_warning():
    # R125-1: the commissaire de justice is the one of the cour d'appel of the debtor's domicile: none
    # for a debtor abroad; international jurisdiction is not modelled (warning).
    a = evaluate(dossier(debiteur={"qualite": "consommateur", "residence": "etranger"}), "2025-06-02",
                 engine="python")
    assert "procedure_petites_creances" not in codes(a)
    assert any(w.code == "droit_incertain" and "étranger" in w.message for w in a.warnings)


def test_claim_already_before_a_court_no_new_route_but_conservatory_measure_possible():
    # A demande en justice is pending: nothing already done is recommended again; a conservatory measure
    # can still be sought during the proceedings (L511-1).
    a = evaluate(dossier(evenements=[MED, {"type": "demande_en_justice", "date": "2025-05-05"}]), "2025-06-02",
                 engine="python")
    assert [c for c in codes(a) if c in ROUTES] == ["mesure_conservatoire"]


def test_every_route_rule_requires_no_open_collective_proceeding():
    # Structural guard (C. com. L622-21): every rule recommending a route tests
    # procedure_collective_ouverte = false at its top level.
    book = default_rulebook()
    checked = 0
    for rid, loaded in book.rules.items():
        rule = loaded.rule
        if not any(ac.code in ROUTES for ac in rule.then.actions):
            continue
        top = rule.when.all if isinstance(rule.when, AllOf) else (rule.when,)
        assert any(isinstance(c, Comparison) and c.fact == "procedure_collective_ouverte" and c.eq is False
                   for c in top), rid
        checked += 1
    assert checked >= 12


def test_open_collective_proceeding_blocks_every_route_even_with_events():
    a = evaluate(dossier(evenements=[MED, {"type": "injonction_de_payer_rendue", "date": "2025-05-02"},
                                     {"type": "mesure_conservatoire", "date": "2025-05-03"}],
                         procedure_collective={"type": "redressement", "date_jugement": "2025-05-20",
                                               "date_publication_bodacc": "2025-05-28"}),
                 "2025-06-02", engine="python")
    assert not set(codes(a)) & set(ROUTES)
    assert "declarer_creance" in codes(a)


# ------------------------------------------------------------------------------ injunction to pay


def test_order_not_served_serve_within_six_months_no_new_request():
    # CPC 1411: order of Wednesday 15 January 2025 + 6 months = Tuesday 15 July 2025 (CPC 641).
    a = evaluate(dossier(8000, COMMERCANT, [MED, {"type": "injonction_de_payer_rendue", "date": "2025-01-15"}]),
                 "2025-03-03", engine="python")
    (s,) = a.actions_of("signifier_injonction_de_payer")
    assert s.deadline == date(2025, 7, 15) and s.priority == 8
    assert {"1411", "641", "642"} <= set(articles(s))
    assert not {"requete_injonction_de_payer", "assignation_en_paiement", "refere_provision",
                "procedure_petites_creances"} & set(codes(a))


def test_six_months_ending_on_a_holiday_are_extended_by_cpc_642():
    # CPC 1411 + 641: order of Saturday 15 February 2025 + 6 months = Friday 15 August 2025, Assumption
    # (C. trav. L3133-1) → CPC 642: Monday 18 August 2025.
    a = evaluate(dossier(8000, COMMERCANT, [MED, {"type": "injonction_de_payer_rendue", "date": "2025-02-15"}]),
                 "2025-03-03", engine="python")
    assert a.actions_of("signifier_injonction_de_payer")[0].deadline == date(2025, 8, 18)


def test_order_not_served_in_time_is_void_and_the_routes_reopen():
    # CPC 1411: last day 15 July 2025; on 16 July the order is non avenue (since 16 July) and a new
    # request (or another route) can be made.
    a = evaluate(dossier(8000, COMMERCANT, [MED, {"type": "injonction_de_payer_rendue", "date": "2025-01-15"}]),
                 "2025-07-16", engine="python")
    f = a.finding("injonction_de_payer_non_avenue")
    assert f.value is True and f.since == date(2025, 7, 16)
    assert "signifier_injonction_de_payer" not in codes(a)
    assert "requete_injonction_de_payer" in codes(a)


def test_opposition_deadline_then_enforceable_then_execution():
    # CPC 1416: served Monday 3 February 2025 + 1 month = Monday 3 March 2025 (last day to oppose).
    # On 1 March the opposition period runs: no enforceability yet, no execution.
    evs = [MED, {"type": "injonction_de_payer_rendue", "date": "2025-01-17"},
           {"type": "injonction_de_payer_signifiee", "date": "2025-02-03"}]
    a = evaluate(dossier(9000, COMMERCANT, evs), "2025-03-01", engine="python")
    assert a.finding("delai_opposition_injonction").value == date(2025, 3, 3)
    assert a.finding("injonction_de_payer_executoire") is None and "executer_titre" not in codes(a)
    # After 3 March without opposition the order (reform of 1 March 2022) is enforceable from 4 March.
    a = evaluate(dossier(9000, COMMERCANT, evs), "2025-04-01", engine="python")
    f = a.finding("injonction_de_payer_executoire")
    assert f.since == date(2025, 3, 4) and "1416 al. 2" in f.assumptions[0]
    (x,) = a.actions_of("executer_titre")
    assert x.rule == "titre_executoire.executer_injonction_de_payer"
    # The served order is a demande en justice: no other route.
    assert not {"requete_injonction_de_payer", "assignation_en_paiement"} & set(codes(a))


@pytest.mark.parametrize("debiteur, expected, distance_article", [
    # CPC 643: debtor abroad before a metropolitan court: 1 + 2 = 3 months from Monday 3 February 2025
    # = Saturday 3 May 2025 → CPC 642: Monday 5 May 2025.
    ({"qualite": "professionnel", "commercant": True, "residence": "etranger"}, date(2025, 5, 5), "643"),
    # CPC 643: debtor overseas, court assumed in metropolitan France: 1 + 1 = 2 months → Thursday 3 April 2025.
    ({"qualite": "professionnel", "commercant": True, "residence": "outre_mer"}, date(2025, 4, 3), "643"),
    # CPC 1406 + 644: debtor living in La Réunion, court of his place: no extension → Monday 3 March 2025
    # (no Réunion holiday that day).
    ({"qualite": "professionnel", "commercant": True, "residence": "outre_mer", "departement": "974"},
     date(2025, 3, 3), None),
])
def test_opposition_deadline_distance_extension(debiteur, expected, distance_article):
    evs = [MED, {"type": "injonction_de_payer_rendue", "date": "2025-01-17"},
           {"type": "injonction_de_payer_signifiee", "date": "2025-02-03"}]
    a = evaluate(dossier(9000, debiteur, evs), "2025-02-10", engine="python")
    f = a.finding("delai_opposition_injonction")
    assert f.value == expected
    cited = [c.article for c in f.citations]
    assert "1416" in cited
    assert [a for a in cited if a in ("643", "644")] == ([distance_article] if distance_article else [])


def test_opposition_made_no_enforceability():
    evs = [MED, {"type": "injonction_de_payer_rendue", "date": "2025-01-17"},
           {"type": "injonction_de_payer_signifiee", "date": "2025-02-03"},
           {"type": "opposition", "date": "2025-02-20"}]
    a = evaluate(dossier(9000, COMMERCANT, evs), "2025-04-01", engine="python")
    assert a.finding("delai_opposition_injonction") is None
    assert a.finding("injonction_de_payer_executoire") is None
    assert not set(codes(a)) & {"executer_titre", "requete_injonction_de_payer", "assignation_en_paiement"}


def test_order_before_the_2022_reform_is_flagged_not_declared_enforceable():
    # Order of 1 December 2021 (before the 1 March 2022 reform): the enforcement formula had to be asked
    # for after the opposition period; not modelled → warning, no enforceability finding.
    evs = [{"type": "mise_en_demeure", "date": "2021-10-01", "forme": "lrar"},
           {"type": "injonction_de_payer_rendue", "date": "2021-12-01"},
           {"type": "injonction_de_payer_signifiee", "date": "2021-12-10"}]
    d = dossier(9000, COMMERCANT, evs, factures=[{"numero": "F1", "montant_ttc": 9000, "date_emission": "2021-08-01",
                                                  "date_echeance": "2021-09-01"}],
                contrat={"date_conclusion": "2021-01-04"})
    a = evaluate(d, "2022-02-15", engine="python")
    assert a.finding("injonction_de_payer_executoire") is None
    assert any(w.code == "droit_incertain" and "1er mars 2022" in w.message for w in a.warnings)


# ------------------------------------------------------------------------------ conservatory measures


def test_conservatory_measure_without_title_one_month_to_start_proceedings():
    # CPCE R511-7: measure executed Monday 5 May 2025 + 1 month = Thursday 5 June 2025.
    a = evaluate(dossier(evenements=[MED, {"type": "mesure_conservatoire", "date": "2025-05-05"}]),
                 "2025-05-20", engine="python")
    (t,) = a.actions_of("obtenir_titre_executoire")
    assert t.deadline == date(2025, 6, 5) and t.priority == 5
    assert "R511-7" in articles(t)
    # Already measured: no second conservatory measure is recommended; the routes remain the means.
    assert "mesure_conservatoire" not in codes(a)
    assert "requete_injonction_de_payer" in codes(a)


def test_conservatory_measure_lapses_after_one_month_without_proceedings():
    # CPCE R511-7: last day Thursday 5 June 2025; on 6 June nothing was started → lapsed.
    a = evaluate(dossier(evenements=[MED, {"type": "mesure_conservatoire", "date": "2025-05-05"}]),
                 "2025-06-06", engine="python")
    assert "obtenir_titre_executoire" not in codes(a)
    assert "mesure_conservatoire_caduque" in warning_codes(a)


def test_conservatory_measure_followed_by_a_claim_no_r511_7_action():
    a = evaluate(dossier(evenements=[MED, {"type": "mesure_conservatoire", "date": "2025-05-05"},
                                     {"type": "demande_en_justice", "date": "2025-05-20"}]),
                 "2025-06-20", engine="python")
    assert "obtenir_titre_executoire" not in codes(a)
    assert "mesure_conservatoire_caduque" not in warning_codes(a)


def test_conservatory_option_states_its_conditions():
    a = evaluate(dossier(), "2025-06-02", engine="python")
    (m,) = a.actions_of("mesure_conservatoire")
    assert {"L511-1", "L511-2", "L511-3", "R511-6", "R511-7"} <= set(articles(m))
    assert "trois mois" in m.purpose and m.deadline is None


# ------------------------------------------------------------------------------ execution of a title


def test_title_obtained_execute_it_by_a_commissaire_de_justice():
    evs = [MED, {"type": "demande_en_justice", "date": "2025-04-20"}, {"type": "titre_executoire", "date": "2025-05-20"}]
    a = evaluate(dossier(9000, COMMERCANT, evs), "2025-06-02", engine="python")
    (x,) = a.actions_of("executer_titre")
    assert "commissaire de justice" in x.purpose and "huissier de justice avant le 1er juillet 2022" in x.purpose
    assert "art. 25" in articles(x)
    assert [c for c in codes(a) if c in ROUTES] == ["executer_titre"]


def test_execution_in_progress_nothing_recommended_an_older_act_does_not_stop_the_title():
    # An enforcement act five days old: execution is in progress (an act of less than six months, a prudence
    # choice of the library), nothing new is recommended.
    evs = [MED, {"type": "titre_executoire", "date": "2025-05-20"}, {"type": "acte_execution", "date": "2025-05-28"}]
    a = evaluate(dossier(9000, COMMERCANT, evs), "2025-06-02", engine="python")
    assert not set(codes(a)) & set(ROUTES)
    # Issue 20: a year later the act has not paid the debt; the title is still to be enforced (CPCE L111-2), within
    # the new ten years the act started (C. civ. 2244, 2231; CPCE L111-4): 28 May 2025 → last day 27 May 2035
    # (start day counted). No route to obtain a title is offered.
    a = evaluate(dossier(9000, COMMERCANT, evs), "2026-06-02", engine="python")
    assert [c for c in codes(a) if c in ROUTES] == ["executer_titre"]
    (x,) = a.actions_of("executer_titre")
    assert x.deadline == date(2035, 5, 27)


def test_title_in_its_last_year_a_single_execution_action_from_the_prescription_file():
    # CPCE L111-4: title of 1 June 2015, ten years to execute it. In its last twelve months the
    # prescription file recommends executer_titre with that deadline; this file then stays silent
    # (one recommendation, not two).
    d = dossier(9000, COMMERCANT, [{"type": "mise_en_demeure", "date": "2014-03-01", "forme": "lrar"},
                                   {"type": "demande_en_justice", "date": "2014-06-01"},
                                   {"type": "titre_executoire", "date": "2015-06-01"}],
                factures=[{"numero": "F1", "montant_ttc": 9000, "date_emission": "2014-01-01", "date_echeance": "2014-01-31"}],
                contrat={"date_conclusion": "2013-06-01"})
    a = evaluate(d, "2025-03-03", engine="python")
    (x,) = a.actions_of("executer_titre")
    assert x.rule == "prescription.executer_titre_avant_prescription" and x.deadline is not None
    assert "titre_executoire.executer_titre" not in fired(a)
    # Two years earlier, more than twelve months remain: this file recommends the execution.
    a = evaluate(d, "2023-03-01", engine="python")
    assert [x.rule for x in a.actions_of("executer_titre")] == ["titre_executoire.executer_titre"]


def test_prescribed_claim_no_route_recommended():
    # C. conso. L218-2: consumer claim due 31 January 2022, prescribed after two years (prescription
    # file); on 2 June 2025 no route is recommended (the prescription file says not to act).
    d = dossier(evenements=[{"type": "mise_en_demeure", "date": "2022-03-01", "forme": "lrar"}],
                factures=[{"numero": "F1", "montant_ttc": 3000, "date_emission": "2022-01-01", "date_echeance": "2022-01-31"}],
                contrat={"date_conclusion": "2021-06-01"})
    a = evaluate(d, "2025-06-02", engine="python")
    assert a.finding("prescription_acquise") is not None
    assert not set(codes(a)) & set(ROUTES)
    assert "tentative_amiable_prealable_requise" not in warning_codes(a)


# ------------------------------------------------------------------------------ calculators on their own


def test_distance_opposition():
    assert distance_opposition("metropole")[0] is None
    assert distance_opposition("etranger", "974")[0] == "etranger"
    assert distance_opposition("outre_mer", "971")[0] is None
    assert distance_opposition("outre_mer", "13")[0] == "outre_mer"
    with pytest.raises(DelaiInvalide, match="residence"):
        distance_opposition("lune")
    with pytest.raises(ValueError):
        distance_opposition("outre_mer", "999")


def test_fin_de_delai_sans_prorogation_keeps_the_nominal_date():
    # 29 March 2025 + 2 months = Thursday 29 May 2025 (Ascension): nominal date kept, the CPC 642 date
    # (Friday 30 May) only stated.
    ctx = SimpleNamespace(departement=None)  # the calculator reads only the debtor's département
    r = fin_de_delai_sans_prorogation(ctx, date(2025, 3, 29), 2)
    assert r.value == date(2025, 5, 29)
    assert "vendredi 30 mai 2025" in r.basis and r.warnings
    assert fin_de_delai_sans_prorogation(ctx, None, 2) is None


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
@pytest.mark.parametrize("as_of, evs", [
    ("2025-06-02", [MED]),
    ("2025-04-01", [MED, {"type": "injonction_de_payer_rendue", "date": "2025-01-17"},
                    {"type": "injonction_de_payer_signifiee", "date": "2025-02-03"}]),
    ("2025-05-20", [MED, {"type": "mesure_conservatoire", "date": "2025-05-05"}]),
])
def test_both_engines_agree(as_of, evs):
    d = dossier(4000, {"qualite": "professionnel"}, evs)
    py, du = evaluate(d, as_of, engine="python"), evaluate(d, as_of, engine="durable")
    assert fired(py) == fired(du)
    assert [(x.code, x.deadline) for x in py.actions] == [(x.code, x.deadline) for x in du.actions]
