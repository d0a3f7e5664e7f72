"""The judicial road without traps (issue 10, parts 1, 3 and 4), worked by hand: the article and the
computation in each comment (weekdays and French public holidays checked). Each case runs on both engines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine

ENGINES = ["python", pytest.param("durable", marks=pytest.mark.skipif(
    not durable_engine.available(), reason="durable-rules indisponible"))]
MONEY = {"envoyer_relance", "relancer_par_telephone", "envoyer_mise_en_demeure", "completer_mise_en_demeure",
         "reclamer_penalites_et_indemnite", "interrompre_prescription", "procedure_petites_creances",
         "requete_injonction_de_payer", "signifier_injonction_de_payer", "refere_provision",
         "assignation_en_paiement", "mesure_conservatoire", "executer_titre", "obtenir_titre_executoire"}

COMMERCANT = {"qualite": "professionnel", "commercant": True}
MED_2024 = {"type": "mise_en_demeure", "date": "2024-11-15", "forme": "lrar"}


def b2b(evenements=(), titres=(), **over) -> dict:
    d = {
        "creancier": dict(COMMERCANT),
        "debiteur": dict(COMMERCANT),
        "contrat": {"date_conclusion": "2024-01-10"},
        "factures": [{"numero": "F1", "montant_ttc": 8000, "date_emission": "2024-10-01", "date_echeance": "2024-10-31"}],
        "evenements": [MED_2024, *evenements],
        "titres": list(titres),
    }
    d.update(over)
    return d


def codes(a) -> list[str]:
    return [x.code for x in a.actions]


def warnings(a, rule=None) -> set[str]:
    return {w.code for w in a.warnings if rule is None or w.rule == rule}


def action(a, code):
    return next((x for x in a.actions if x.code == code), None)


# ------------------------------------------------------------------- 1. injunction to pay served late


@pytest.mark.parametrize("engine", ENGINES)
def test_order_served_after_six_months_is_non_avenue_and_a_new_request_is_recommended(engine):
    # CPC 1411: order of Wednesday 15 January 2025 + 6 months = Tuesday 15 July 2025 (CPC 641, a working
    # day: no 642 extension), last day to serve it. Served Monday 21 July 2025: too late, the order is
    # non avenue from 16 July 2025. It never becomes enforceable (no executer_titre, no opposition
    # deadline); a new request for an injunction is recommended (priority 55: no dispute, so before the
    # référé 60 and the claim on the merits 70).
    # Prescription (L110-4, 5 years): due 31 October 2024 → last day 30 October 2029 (31/10/2029 − 1 day);
    # the late service is given no interrupting effect (uncertain: droit_incertain), so no instance runs.
    d = b2b([{"type": "injonction_de_payer_rendue", "date": "2025-01-15"},
             {"type": "injonction_de_payer_signifiee", "date": "2025-07-21"}])
    a = evaluate(d, "2025-10-01", engine=engine)
    f = a.finding("injonction_de_payer_non_avenue")
    assert (f.value, f.since, f.rule) == (True, date(2025, 7, 16), "voies_de_recouvrement.injonction_de_payer_signifiee_hors_delai")
    assert a.finding("injonction_de_payer_executoire") is None and a.finding("delai_opposition_injonction") is None
    assert "executer_titre" not in codes(a)
    assert action(a, "requete_injonction_de_payer").priority == 55
    assert "droit_incertain" in warnings(a, "voies_de_recouvrement.injonction_de_payer_signifiee_hors_delai")
    assert a.finding("date_prescription").value == date(2029, 10, 30)


@pytest.mark.parametrize("engine", ENGINES)
def test_same_late_service_read_from_the_title_entry(engine):
    # Same dates given as titres[] (nature ordonnance_injonction_de_payer, date_signification): 21 July 2025
    # > 15 July 2025 (CPC 1411): non avenue; not a title, so no execution and no sums under it.
    d = b2b(titres=[{"nature": "ordonnance_injonction_de_payer", "date": "2025-01-15",
                     "date_signification": "2025-07-21", "signifie_a_personne": True,
                     "condamnation": {"principal": 8000}}])
    a = evaluate(d, "2025-10-01", engine=engine)
    assert a.finding("injonction_de_payer_non_avenue").since == date(2025, 7, 16)
    assert "executer_titre" not in codes(a) and "requete_injonction_de_payer" in codes(a)
    assert a.finding("sommes_dues_au_titre") is None


@pytest.mark.parametrize("engine", ENGINES)
def test_order_served_in_time_stays_enforceable(engine):
    # Control: order 17 January 2025, served Monday 3 February 2025 (< 17 July 2025, CPC 1411) to the
    # person: opposition until 3 March 2025 (CPC 1416 al. 1, 641, a Monday), enforceable from 4 March 2025.
    d = b2b(titres=[{"nature": "ordonnance_injonction_de_payer", "date": "2025-01-17",
                     "date_signification": "2025-02-03", "signifie_a_personne": True}])
    a = evaluate(d, "2025-04-01", engine=engine)
    assert a.finding("delai_opposition_injonction").value == date(2025, 3, 3)
    assert a.finding("injonction_de_payer_executoire").since == date(2025, 3, 4)
    assert a.finding("injonction_de_payer_non_avenue") is None and "executer_titre" in codes(a)


@pytest.mark.parametrize("engine", ENGINES)
def test_service_not_to_the_person_opposition_runs_from_the_first_enforcement_measure(engine):
    # CPC 1416 al. 2: served on Monday 3 February 2025 otherwise than to the person. Without any enforcement
    # act, the opposition stays open (warning opposition_toujours_recevable, no deadline finding).
    order = {"nature": "ordonnance_injonction_de_payer", "date": "2025-01-17",
             "date_signification": "2025-02-03", "signifie_a_personne": False}
    a = evaluate(b2b(titres=[order]), "2025-04-01", engine=engine)
    assert a.finding("delai_opposition_injonction") is None
    assert "opposition_toujours_recevable" in warnings(a)
    # First enforcement measure (seizure) on Monday 2 June 2025: one month later, Wednesday 2 July 2025
    # (CPC 641), last day for the opposition.
    b = evaluate(b2b([{"type": "acte_execution", "date": "2025-06-02"}], titres=[order]), "2025-06-10", engine=engine)
    f = b.finding("delai_opposition_injonction")
    assert (f.value, f.rule) == (date(2025, 7, 2), "voies_de_recouvrement.delai_opposition_1416_al2")
    assert "opposition_toujours_recevable" not in warnings(b)


# ------------------------------------------------------------------- 3. uncertain last day, prudent both ways


def prescribed(evenements=(), **over) -> dict:
    # L110-4 (both traders): invoice due Tuesday 31 March 2020. Prudent reading of C. civ. 2228 (start day
    # counted, Cass. 1re civ., 12 déc. 2018): last day 31/03/2025 − 1 day = Sunday 30 March 2025 (no
    # extension for a prescription). Other reading (start day not counted): Monday 31 March 2025.
    d = b2b(factures=[{"numero": "F1", "montant_ttc": 8000, "date_emission": "2020-03-01", "date_echeance": "2020-03-31"}],
            **over)
    d["evenements"] = list(evenements)
    return d


@pytest.mark.parametrize("engine", ENGINES)
def test_on_the_uncertain_day_the_claim_is_not_called_time_barred_and_the_act_is_due_today(engine):
    # As of 31 March 2025: past the prudent end (30 March), not past the late one (31 March): uncertain.
    # No prescription_acquise, no "ne pas agir"; interrupt today (deadline 31 March 2025, priority 5).
    a = evaluate(prescribed(), "2025-03-31", engine=engine)
    assert a.finding("prescription_acquise") is None
    assert "ne_pas_agir_creance_prescrite" not in codes(a)
    x = action(a, "interrompre_prescription")
    assert (x.priority, x.deadline) == (5, date(2025, 3, 31))
    assert a.finding("date_prescription").value == date(2025, 3, 31)
    assert "droit_incertain" in warnings(a, "prescription.acquisition_incertaine")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_day_after_the_latest_end_the_claim_is_time_barred_and_nothing_asks_for_money(engine):
    # As of 1 April 2025, past both readings: acquired, certainly since 1 April 2025 (2229). Not to act;
    # no action asks for money (penalties L441-10 included) — C. civ. 2219, 2247.
    a = evaluate(prescribed(), "2025-04-01", engine=engine)
    f = a.finding("prescription_acquise")
    assert (f.value, f.since) == (True, date(2025, 4, 1))
    assert "ne_pas_agir_creance_prescrite" in codes(a)
    assert not MONEY & set(codes(a))
    assert a.finding("penalites_de_retard_dues") is not None  # the figure is still stated, never claimed


@pytest.mark.parametrize("engine", ENGINES)
def test_a_claim_filed_on_the_uncertain_day_keeps_the_point_uncertain(engine):
    # Claim filed Monday 31 March 2025: too late under the prudent reading (acquired on 31 March), in time
    # under the other (2241: the proceedings then stop the period, 2242). Never called time-barred.
    a = evaluate(prescribed(evenements=[{"type": "demande_en_justice", "date": "2025-03-31"}]), "2025-09-01", engine=engine)
    assert a.finding("prescription_acquise") is None and "ne_pas_agir_creance_prescrite" not in codes(a)
    assert "droit_incertain" in warnings(a, "prescription.acquisition_incertaine")


# ------------------------------------------------------------------- 4. disputes and routes


def consumer(contestation=None, montant=3000, **over) -> dict:
    d = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "consommateur"},
        "contrat": {"date_conclusion": "2024-06-01"},
        "factures": [{"numero": "F1", "montant_ttc": montant, "date_emission": "2025-03-01", "date_echeance": "2025-03-31",
                      "nature": "services"}],
        "evenements": [{"type": "mise_en_demeure", "date": "2025-04-15", "forme": "lrar"}],
    }
    if contestation is not None:
        d["contestation"] = contestation
    d.update(over)
    return d


@pytest.mark.parametrize("engine", ENGINES)
def test_serious_dispute_no_refere_no_small_claims_and_the_claim_on_the_merits_first(engine):
    # The debtor disputes the quality of the service, seriously: référé-provision needs an obligation not
    # seriously disputable (CPC 835 al. 2) → not proposed; small claims need the debtor's agreement (L125-1)
    # → not proposed; assignation on the merits first (45), then the injunction (55) with its likely
    # opposition (1416); 3 000 € ≤ 5 000 € before the tribunal judiciaire: prior amicable attempt (750-1).
    a = evaluate(consumer({"date": "2025-04-20", "objet": "qualite_prestation", "serieuse": True}), "2025-06-02", engine=engine)
    assert "refere_provision" not in codes(a) and "procedure_petites_creances" not in codes(a)
    assert codes(a).index("assignation_en_paiement") < codes(a).index("requete_injonction_de_payer")
    assert action(a, "assignation_en_paiement").priority == 45
    assert {"contestation_opposition_probable", "tentative_amiable_prealable_requise"} <= warnings(a)


@pytest.mark.parametrize("engine", ENGINES)
def test_dispute_of_unknown_seriousness_keeps_the_refere_with_a_warning(engine):
    a = evaluate(consumer({"date": "2025-04-20", "objet": "montant"}), "2025-06-02", engine=engine)
    assert "refere_provision" in codes(a)
    assert "refere_provision_contestation_a_apprecier" in warnings(a)
    # Without any dispute the ranking is the usual one: small claims (50) first, no dispute warning.
    b = evaluate(consumer(), "2025-06-02", engine=engine)
    assert codes(b).index("procedure_petites_creances") < codes(b).index("requete_injonction_de_payer")
    assert not {"contestation_opposition_probable", "refere_provision_contestation_a_apprecier"} & warnings(b)


@pytest.mark.parametrize("engine", ENGINES)
def test_small_claims_ceiling_counts_principal_and_interest(engine):
    # CPCE R125-1 (since 1 Jan 2020): claims « n'excédant pas 5 000 euros en principal et intérêts ».
    # Consumer debtor, professional creditor: legal interest (C. civ. 1231-6, 1344-1) from the day after the
    # LRAR mise en demeure of 15 April 2025 to 2 June 2025 = 15 (16–30 April) + 31 (May) + 2 = 48 days, at
    # 3.71 % (« autres cas », 1st half 2025, arrêté du 17 décembre 2024), 365-day year:
    #   4 950 € × 3.71 % × 48 / 365 = 24.150… → 24.15 €; 4 950 + 24.15 = 4 974.15 € ≤ 5 000 → proposed;
    #   4 980 € × 3.71 % × 48 / 365 = 24.297… → 24.30 €; 4 980 + 24.30 = 5 004.30 € > 5 000 → not proposed,
    #   although the principal alone (4 980 €) is under the ceiling.
    a = evaluate(consumer(montant=4950), "2025-06-02", engine=engine)
    assert a.amounts.items[0].montant == Decimal("24.15")
    assert "procedure_petites_creances" in codes(a)
    b = evaluate(consumer(montant=4980), "2025-06-02", engine=engine)
    assert b.amounts.principal_restant_du == Decimal("4980.00") and b.amounts.items[0].montant == Decimal("24.30")
    assert "procedure_petites_creances" not in codes(b)
    assert "requete_injonction_de_payer" in codes(b)  # the injunction stays open above the ceiling


@pytest.mark.parametrize("engine", ENGINES)
def test_small_claims_not_proposed_with_under_six_months_of_prescription(engine):
    # C. conso. L218-2 (2 years): services due Sunday 31 March 2024 → last day 30 March 2026 (prudent
    # reading). As of 2 November 2025: 4 months 28 days left (< 6): small claims suspend the period only
    # once the debtor agrees (C. civ. 2238), his silence for a month is a refusal (R125-2): not proposed,
    # warned; the interrupting act is urgent (priority 5).
    d = consumer(factures=[{"numero": "F1", "montant_ttc": 2000, "date_emission": "2024-03-01",
                            "date_echeance": "2024-03-31", "nature": "services"}],
                 evenements=[{"type": "mise_en_demeure", "date": "2024-04-15", "forme": "lrar"}])
    a = evaluate(d, "2025-11-02", engine=engine)
    assert a.finding("date_prescription").value == date(2026, 3, 30)
    assert "procedure_petites_creances" not in codes(a)
    assert "petites_creances_ne_suspend_pas" in warnings(a)
    assert action(a, "interrompre_prescription").priority == 5
    # As of 2 September 2025: 6 months 28 days left: proposed.
    b = evaluate(d, "2025-09-02", engine=engine)
    assert "procedure_petites_creances" in codes(b) and "petites_creances_ne_suspend_pas" not in warnings(b)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("departement, as_of, attendu, regle", [
    # C. com., annexe 7-4: no tribunal de commerce in the Moselle: commercial chamber of the TJ (Metz…).
    ("57", "2025-06-02", "chambre commerciale du tribunal judiciaire", "juridiction_competente.alsace_moselle"),
    ("67", "2025-06-02", "chambre commerciale du tribunal judiciaire", "juridiction_competente.alsace_moselle"),
    # C. com. D732-1, annexe 7-3: La Réunion, tribunaux mixtes de commerce of Saint-Denis and Saint-Pierre.
    ("974", "2025-06-02", "tribunal mixte de commerce", "juridiction_competente.tribunal_mixte_de_commerce"),
    # Arrêté du 5 juillet 2024: Paris is a tribunal des activités économiques from 1 January 2025 …
    ("75", "2025-06-02", "tribunal des activités économiques si le débiteur demeure dans son ressort, sinon tribunal de commerce",
     "juridiction_competente.tribunal_des_activites_economiques"),
    # … but not in 2024, and Toulouse (31) is not one of the twelve.
    ("75", "2024-12-31", "tribunal de commerce", "juridiction_competente.tribunal_de_commerce"),
    ("31", "2025-06-02", "tribunal de commerce", "juridiction_competente.tribunal_de_commerce"),
])
def test_the_commercial_court_by_territory_and_date(engine, departement, as_of, attendu, regle):
    d = b2b(debiteur={**COMMERCANT, "departement": departement},
            factures=[{"numero": "F1", "montant_ttc": 8000, "date_emission": "2024-10-01", "date_echeance": "2024-10-31"}])
    a = evaluate(d, as_of, engine=engine)
    f = a.finding("juridiction_competente")
    assert (f.value, f.rule) == (attendu, regle)


@pytest.mark.parametrize("engine", ENGINES)
def test_non_merchant_creditor_against_a_merchant_may_choose_the_court(engine):
    # Cass. com., 18 nov. 2020, n° 19-19.463 (second-hand): the non-merchant plaintiff chooses the civil or
    # the commercial court; a non-merchant debtor is sued before the tribunal judiciaire only.
    a = evaluate(b2b(creancier={"qualite": "professionnel", "commercant": False}), "2025-06-02", engine=engine)
    assert "option_de_competence" in warnings(a)
    b = evaluate(consumer(), "2025-06-02", engine=engine)
    assert b.finding("juridiction_competente").rule == "juridiction_competente.tribunal_judiciaire"
    assert "option_de_competence" not in warnings(b)
