"""Cautionnement: information of the guarantor and calling on the guarantor, worked by hand against the law.

Each expected value is computed in the comment above it, with the article that commands it.
Penalty rate (C. com. L441-10 II): ECB main refinancing rate + 10 points, 4.50 % on 1 January 2024 and
4.25 % on 1 July 2024, i.e. 14.50 % then 14.25 % a year, counted on 365 days.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules.models.dossier import Dossier
from creances_rules.institutions.garanties import donnees_information_caution


def dossier(**over) -> dict:
    base = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel", "commercant": True},
        "contrat": {"date_conclusion": "2023-01-10"},
        "factures": [{"numero": "F1", "montant_ttc": 30000, "date_emission": "2024-01-01",
                      "date_echeance": "2024-01-31"}],
        "garanties": [{"type": "cautionnement", "garant": {"nom": "M. Dirigeant", "personne_physique": True},
                       "date": "2023-01-10", "montant_maximum": 25000, "solidaire": True}],
    }
    base.update(over)
    return base


def garantie(**over) -> dict:
    g = {"type": "cautionnement", "garant": {"nom": "M. Dirigeant", "personne_physique": True},
         "date": "2023-01-10", "montant_maximum": 25000, "solidaire": True}
    g.update(over)
    return g


def run(d, as_of, engine="python"):
    return evaluate(d, as_of, engine=engine)


def fired(a, rule_id) -> bool:
    return next(t for t in a.trace if t.rule == rule_id).status == "fired"


def actions(a, code):
    return [x for x in a.actions if x.code == code]


# ------------------------------------------------------------------------ first payment incident (2303)


def test_guarantee_of_2023_first_incident_deadline_to_inform():
    # C. civ. 2303: inform the natural-person guarantor of the first incident "non régularisé dans le mois de
    # l'exigibilité". Due 31 January 2024, unpaid → one month from date to date, 29 February 2024 (no 31 Feb:
    # last day of the month, CPC 641), not extended (substantive délai, prudent reading).
    a = run(dossier(), "2024-02-20")
    assert fired(a, "cautionnement.information_premier_incident_2303")
    assert not fired(a, "cautionnement.information_premier_incident_l333_1")
    (incident,) = [x for x in actions(a, "informer_caution") if "2303" in x.deadline_basis]
    assert incident.deadline == date(2024, 2, 29)
    assert any(c.key == "c_civ_2303" for c in incident.citations)
    # The deadline never precedes the incident it concerns.
    assert incident.deadline >= date(2024, 1, 31)


def test_incident_regularised_within_the_month_needs_no_information():
    # 2303: only an incident not regularised within the month counts. Paid in full on 20 February 2024, within
    # the month after 31 January: no first-incident information is due.
    a = run(dossier(paiements=[{"date": "2024-02-20", "montant": 30000}]), "2024-03-15")
    assert not fired(a, "cautionnement.information_premier_incident_2303")


def test_guarantor_never_informed_called_months_later_debt_above_maximum():
    # Never informed of the incident of 31 January 2024 (deadline 29 February): the guarantor does not owe the
    # penalties échus between the incident and the information (2303) — here up to the assessment date.
    # Penalties (L441-10 II) on 30 000 €: 1 Feb–30 Jun 2024, 151 days at 14.50 %: 30 000 × 0.145 × 151/365 =
    # 1 799.59 ; 1–31 Jul 2024, 31 days at 14.25 %: 30 000 × 0.1425 × 31/365 = 363.08 ; total 2 162.67 €, plus the
    # 40 € indemnity due on 1 February (counted among the penalties, prudent reading) → 2 202.67 € lost.
    a = run(dossier(), "2024-07-31")
    assert a.finding("penalites_de_retard_dues").value == Decimal("2162.67")
    assert a.finding("caution_dechue_des_accessoires").value == Decimal("2202.67")
    # Debt covered: 30 000 + 2 162.67 + 40 = 32 202.67 € ; minus 2 202.67 lost = 30 000 € ; above the maximum
    # signed (25 000 €): the guarantor is asked for 25 000 € (C. civ. 2296 and the limit of the engagement).
    f = a.finding("montant_du_par_caution")
    assert f.value == Decimal("25000.00")
    (c,) = f.details
    assert c["dette_garantie"] == Decimal("32202.67") and c["plafonne"] is True
    (appel,) = actions(a, "appeler_caution")
    assert appel.amount == Decimal("25000.00")
    # Still to do: inform now (the loss keeps running until the information, 2303).
    assert any(x.deadline == date(2024, 7, 31) for x in actions(a, "informer_caution"))


def test_guarantor_informed_late_loses_only_the_period_until_information():
    # Informed on 15 April 2024, after the 29 February deadline: penalties échus from the incident (31 January)
    # to the eve of the information (14 April) are lost (2303). Penalties of 1 Feb–14 Apr: 29 + 31 + 14 = 74
    # days at 14.50 %: 30 000 × 0.145 × 74/365 = 881.92 ; plus the 40 € indemnity due on 1 February → 921.92 €.
    # Maximum 40 000 €, not reached: 32 202.67 − 921.92 = 31 280.75 €.
    d = dossier(garanties=[garantie(montant_maximum=40000, informations={"premier_incident": "2024-04-15"})])
    a = run(d, "2024-07-31")
    assert a.finding("caution_dechue_des_accessoires").value == Decimal("921.92")
    assert a.finding("montant_du_par_caution").value == Decimal("31280.75")
    assert not [x for x in actions(a, "informer_caution") if "2303" in (x.deadline_basis or "")]


def test_guarantor_informed_in_time_loses_nothing():
    # Informed on 20 February 2024, within the month: no sanction; the guarantor owes the whole covered debt,
    # 32 202.67 €, below the 40 000 € maximum.
    d = dossier(garanties=[garantie(montant_maximum=40000, informations={"premier_incident": "2024-02-20"})])
    a = run(d, "2024-07-31")
    assert a.finding("caution_dechue_des_accessoires") is None
    assert a.finding("montant_du_par_caution").value == Decimal("32202.67")


def test_legal_person_guarantor_is_not_owed_the_incident_information():
    # 2303 protects "toute caution personne physique" only.
    d = dossier(garanties=[garantie(garant={"nom": "Holding SAS", "personne_physique": False})])
    a = run(d, "2024-02-20")
    assert not fired(a, "cautionnement.information_premier_incident_2303")


# ------------------------------------------------------------------------ annual information (2302)


def _annual(**over) -> dict:
    # A claim with a long agreed term: emitted 15 December 2022, due 30 June 2023 — owed on 31 December 2022.
    return dossier(contrat={"date_conclusion": "2022-06-01"},
                   factures=[{"numero": "F1", "montant_ttc": 12000, "date_emission": "2022-12-15",
                              "date_echeance": "2023-06-30"}],
                   garanties=[garantie(date="2022-06-01", **over)])


def test_annual_information_before_31_march():
    # C. civ. 2302: "avant le 31 mars de chaque année", the sums owed on 31 December 2022 → last day retained
    # 30 March 2023 (before the 31st).
    a = run(_annual(), "2023-02-15")
    assert fired(a, "cautionnement.information_annuelle_2302")
    (x,) = actions(a, "informer_caution")
    assert x.deadline == date(2023, 3, 30)
    assert "31 décembre 2022" in x.deadline_basis


def test_annual_information_given_moves_to_next_year():
    # Given on 20 March 2023: the 2023 obligation is met; the next one is before 31 March 2024.
    a = run(_annual(informations={"annuelles": ["2023-03-20"]}), "2023-05-15")
    (x,) = actions(a, "informer_caution")
    assert x.deadline == date(2024, 3, 30)


def test_annual_information_missed_is_to_be_given_at_once():
    # Not given before 31 March 2023: to give at once (the loss of interest and penalties runs until it is).
    # Nothing ran yet (due 30 June 2023): no amount lost, no finding.
    a = run(_annual(), "2023-05-15")
    (x,) = actions(a, "informer_caution")
    assert x.deadline == date(2023, 5, 15)
    assert a.finding("caution_dechue_des_accessoires") is None


# ------------------------------------------------------------------------ former texts (before 2022)


def _of_2019(**over) -> dict:
    return dossier(contrat={"date_conclusion": "2019-03-01"},
                   factures=[{"numero": "F1", "montant_ttc": 8000, "date_emission": "2020-03-01",
                              "date_echeance": "2020-03-31"}],
                   garanties=[garantie(date="2019-03-01", montant_maximum=10000, **over)])


def test_guarantee_of_2019_incident_of_2020_under_the_consumer_code():
    # Incident before 1 January 2022: C. conso. L333-1 (information "dès le premier incident de paiement non
    # régularisé dans le mois de l'exigibilité") and L343-5 (sanction), not C. civ. 2303. Due 31 March 2020
    # → inform by 30 April 2020 (one month, date to date).
    a = run(_of_2019(), "2020-04-20")
    assert fired(a, "cautionnement.information_premier_incident_l333_1")
    (x,) = [x for x in actions(a, "informer_caution") if "L333-1" in x.deadline_basis]
    assert x.deadline == date(2020, 4, 30)
    assert {"c_conso_l333_1", "c_conso_l343_5"} <= {c.key for c in x.citations}
    # The guarantee itself stays under the former law (ord. 2021-1192, art. 37 II): warned.
    assert any(w.rule == "cautionnement.loi_ancienne" for w in a.warnings)


def test_guarantee_of_2019_incident_of_2023_follows_2303():
    # Ord. 2021-1192, art. 37 III: 2302 to 2304 apply from 1 January 2022 even to earlier guarantees. Incident
    # on 31 March 2023 → C. civ. 2303, inform by 30 April 2023.
    d = _of_2019()
    d["factures"] = [{"numero": "F1", "montant_ttc": 8000, "date_emission": "2023-03-01", "date_echeance": "2023-03-31"}]
    a = run(d, "2023-04-20")
    assert fired(a, "cautionnement.information_premier_incident_2303")
    (x,) = [x for x in actions(a, "informer_caution") if "2303" in x.deadline_basis]
    assert x.deadline == date(2023, 4, 30)


# ------------------------------------------------------------------------ collective proceedings, discussion


def test_safeguard_suspends_actions_against_natural_person_guarantor():
    # C. com. L622-28 al. 2: the opening judgment (1 April 2024) suspends any action against the natural-person
    # guarantor until the judgment adopting the plan (end of observation unknown): no call, a finding instead.
    d = dossier(procedure_collective={"type": "sauvegarde", "date_jugement": "2024-04-01"},
                garanties=[garantie(informations={"premier_incident": "2024-02-10"})])
    a = run(d, "2024-06-01")
    assert a.finding("poursuites_contre_caution_suspendues").value == 1
    assert not actions(a, "appeler_caution")
    assert any(w.code == "mesures_conservatoires_contre_caution" for w in a.warnings)


def test_after_observation_period_the_guarantor_can_be_called():
    # L622-28 al. 2: suspended "jusqu'au jugement arrêtant le plan" — observation ended 1 May 2024.
    d = dossier(procedure_collective={"type": "sauvegarde", "date_jugement": "2024-04-01",
                                      "fin_periode_observation": "2024-05-01"},
                garanties=[garantie(informations={"premier_incident": "2024-02-10"})])
    a = run(d, "2024-06-01")
    assert a.finding("poursuites_contre_caution_suspendues") is None
    assert actions(a, "appeler_caution")


def test_liquidation_does_not_suspend_actions_against_the_guarantor():
    # L641-3 applies only the first sentence of L622-28 in liquidation: no stay of actions against guarantors.
    d = dossier(procedure_collective={"type": "liquidation", "date_jugement": "2024-04-01"},
                garanties=[garantie(informations={"premier_incident": "2024-02-10"})])
    a = run(d, "2024-06-01")
    assert a.finding("poursuites_contre_caution_suspendues") is None
    assert actions(a, "appeler_caution")


def test_simple_guarantee_warns_of_the_benefit_of_discussion():
    # C. civ. 2305: a guarantor not bound jointly (solidairement) may require the debtor to be pursued first.
    a = run(dossier(garanties=[garantie(solidaire=False)]), "2024-07-31")
    assert any(w.code == "benefice_de_discussion" for w in a.warnings)
    a = run(dossier(), "2024-07-31")
    assert not any(w.code == "benefice_de_discussion" for w in a.warnings)


def test_only_the_covered_invoices_are_claimed_from_the_guarantor():
    # The guarantee covers F2 only (2 000 €, due 31 January 2024, informed in time): the guarantor owes F2's
    # principal and accessories, never F1's. F2 penalties 1 Feb–31 Mar 2024 = 60 days at 14.50 %:
    # 2 000 × 0.145 × 60/365 = 47.67 ; + 40 € indemnity → 2 087.67 €.
    d = dossier(factures=[{"numero": "F1", "montant_ttc": 30000, "date_emission": "2024-01-01", "date_echeance": "2024-01-31"},
                          {"numero": "F2", "montant_ttc": 2000, "date_emission": "2024-01-01", "date_echeance": "2024-01-31"}],
                garanties=[garantie(factures=["F2"], informations={"premier_incident": "2024-02-10"})])
    a = run(d, "2024-03-31")
    assert a.finding("montant_du_par_caution").value == Decimal("2087.67")


def test_letter_data_for_the_guarantor():
    # What the letters work reads: the guarantor, the covered sums (the evaluation's own figures) and the dates.
    d = dossier()
    a = run(d, "2024-07-31")
    (data,) = donnees_information_caution(a, Dossier.model_validate(d))
    assert data["garant"]["nom"] == "M. Dirigeant"
    assert data["sommes"]["montant"] == Decimal("25000.00")
    assert data["sommes"]["dette_garantie"] == Decimal("32202.67")
    assert any(i["echeance"] == date(2024, 7, 31) for i in data["informations"])


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
@pytest.mark.parametrize("as_of", ["2024-02-20", "2024-07-31"])
def test_both_engines_agree(as_of):
    d = dossier(garanties=[garantie(solidaire=False)])
    py, du = run(d, as_of, "python").model_dump(), run(d, as_of, "durable").model_dump()
    py.pop("engine"), du.pop("engine")
    assert py == du


def test_legal_person_guarantor_of_a_credit_institution_gets_the_annual_information():
    # C. civ. 2302 al. 3: also "au cautionnement souscrit par une personne morale envers un établissement de crédit
    # ou une société de financement en garantie d'un concours financier accordé à une entreprise". Owed on
    # 31 December 2022 → before 31 March 2023, last day retained 30 March 2023.
    d = _annual(garant={"nom": "Holding SAS", "personne_physique": False}, etablissement_de_credit=True)
    a = run(d, "2023-02-15")
    (x,) = actions(a, "informer_caution")
    assert x.deadline == date(2023, 3, 30)
    # Without the credit-institution link, a legal-person guarantor is owed nothing (2302 al. 1: "personne physique").
    d = _annual(garant={"nom": "Holding SAS", "personne_physique": False})
    assert not actions(run(d, "2023-02-15"), "informer_caution")


def test_annual_information_missed_in_2021_is_judged_under_the_consumer_code():
    # Guarantee of 2019; debt owed on 31 December 2020; no information before 31 March 2021: the year is judged
    # under C. conso. L333-2 and L343-6 (art. 37 III only applies 2302 from 1 January 2022). Penalties run from the
    # due date 1 April 2021 (after the 2021 deadline); the loss window starts at the guarantee date (no previous
    # information) and runs to the assessment date: every penalty line and the indemnity are lost.
    d = dossier(contrat={"date_conclusion": "2019-03-01"},
                factures=[{"numero": "F1", "montant_ttc": 5000, "date_emission": "2020-12-01",
                           "date_echeance": "2021-03-31"}],
                garanties=[garantie(date="2019-03-01", montant_maximum=10000,
                                    informations={"premier_incident": "2021-04-15"})])
    a = run(d, "2021-06-30")
    f = a.finding("caution_dechue_des_accessoires")
    (c,) = f.details
    assert any("L333-2" in w["motif"] for w in c["fenetres"])
    # Penalties 1 April–30 June 2021: 91 days at 10 % (ECB 0.00 % on 1 January 2021 + 10 points):
    # 5 000 × 0.10 × 91/365 = 124.66 ; lost with the 40 € indemnity: 164.66 €.
    assert a.finding("penalites_de_retard_dues").value == Decimal("124.66")
    assert f.value == Decimal("164.66")


# ------------------------------------------------------------------------ issue 20: plan, proportionality, 31 March


def test_after_a_safeguard_plan_the_natural_person_guarantor_relies_on_the_plan():
    # C. com. L626-11: the judgment adopting the safeguard plan (observation ended 1 May 2024, read as the plan)
    # makes it opposable to all; a natural-person guarantor may rely on its terms — the call is for the plan's
    # unpaid instalments only, which the dossier does not give: no amount (before issue 20: the whole 25 000 € cap).
    d = dossier(procedure_collective={"type": "sauvegarde", "date_jugement": "2024-04-01",
                                      "fin_periode_observation": "2024-05-01"},
                garanties=[garantie(informations={"premier_incident": "2024-02-10"})])
    a = run(d, "2024-06-01")
    assert fired(a, "cautionnement.appel_plan_sauvegarde_l626_11")
    (x,) = actions(a, "appeler_caution")
    assert x.amount is None and "L626-11" in x.purpose
    assert any(c.article == "L626-11" for c in x.citations)


@pytest.mark.parametrize("kind", ["redressement", "liquidation"])
def test_no_l626_11_outside_safeguard(kind):
    # L626-11 is a safeguard rule: in redressement the guarantor may not rely on the plan (L631-20), and a
    # liquidation has no plan — the call keeps its amount.
    d = dossier(procedure_collective={"type": kind, "date_jugement": "2024-04-01",
                                      "fin_periode_observation": "2024-05-01"},
                garanties=[garantie(informations={"premier_incident": "2024-02-10"})])
    a = run(d, "2024-06-01")
    assert not fired(a, "cautionnement.appel_plan_sauvegarde_l626_11")
    assert all(x.amount is not None for x in actions(a, "appeler_caution"))


def test_disproportion_before_2022_is_not_a_reduction():
    # Guarantee signed 1 March 2019: C. conso. L332-1 / L343-4 (old) — a manifestly disproportionate guarantee cannot
    # be relied on at all unless the guarantor can pay when called; C. civ. 2300's reduction is for guarantees
    # signed from 1 January 2022 (ord. 2021-1192, art. 37 II).
    a = run(_of_2019(informations={"premier_incident": "2020-04-10"}), "2020-06-01")
    assert fired(a, "cautionnement.formation_a_verifier_avant_2022")
    texts = [w.message for w in a.warnings if w.rule == "cautionnement.formation_a_verifier_avant_2022"]
    assert texts and "ne peut pas s'en prévaloir du tout" in texts[0] and "L332-1" in texts[0]
    assert not any("il serait réduit" in w.message and w.rule == "cautionnement.formation_a_verifier"
                   for w in a.warnings)


def test_disproportion_since_2022_is_a_reduction():
    # Guarantee signed 10 January 2023: C. civ. 2300 — reduced to what the guarantor could commit to.
    a = run(dossier(garanties=[garantie(informations={"premier_incident": "2024-02-10"})]), "2024-06-01")
    assert fired(a, "cautionnement.formation_a_verifier")
    assert not fired(a, "cautionnement.formation_a_verifier_avant_2022")
    assert any("réduit au montant à hauteur duquel elle pouvait s'engager" in w.message for w in a.warnings)


def test_annual_information_given_on_31_march_is_late():
    # C. civ. 2302: « avant le 31 mars » — information given on 31 March 2023 is not before 31 March: the 2023
    # information is missed (the loss window ends on 30 March 2023, the day before the late information) and the
    # reading is flagged; given on 30 March it is on time.
    late = run(_annual(informations={"annuelles": ["2023-03-31"]}), "2023-05-15")
    assert fired(late, "cautionnement.information_annuelle_le_31_mars")
    assert any("avant le 31 mars" in w.message and w.rule == "cautionnement.information_annuelle_le_31_mars"
               for w in late.warnings)
    on_time = run(_annual(informations={"annuelles": ["2023-03-30"]}), "2023-05-15")
    assert not fired(on_time, "cautionnement.information_annuelle_le_31_mars")
    (x,) = actions(on_time, "informer_caution")
    assert x.deadline == date(2024, 3, 30)  # next year's: the 2023 information was given in time


def test_a_disproportionate_guarantee_of_2019_cannot_be_relied_on():
    # C. conso. L332-1 / L343-4 (old), ord. 2021-1192 art. 37 II: signed 1 March 2019, manifestly disproportionate
    # — no call (the 8 000 € debt would otherwise be called up to the 10 000 € cap) …
    plain = run(_of_2019(informations={"premier_incident": "2020-04-10"}), "2020-06-01")
    assert actions(plain, "appeler_caution")
    a = run(_of_2019(informations={"premier_incident": "2020-04-10"}, disproportion_manifeste=True), "2020-06-01")
    assert not actions(a, "appeler_caution")
    assert any(w.code == "cautionnement_disproportionne_inopposable" and "L332-1" in w.message for w in a.warnings)
    # … unless the guarantor's assets, when called, allow it to pay (the creditor proves it).
    b = run(_of_2019(informations={"premier_incident": "2020-04-10"}, disproportion_manifeste=True,
                     patrimoine_suffisant_a_l_appel=True), "2020-06-01")
    assert actions(b, "appeler_caution")


def test_a_disproportionate_guarantee_since_2022_is_reduced():
    # C. civ. 2300: signed 10 January 2023, reduced to the 5 000 € the guarantor could commit to; the 30 000 €
    # debt (plus penalties) is above it: the call is 5 000 € (before: the 25 000 € cap).
    g = garantie(informations={"premier_incident": "2024-02-10"}, disproportion_manifeste=True, montant_proportionne=5000)
    a = run(dossier(garanties=[g]), "2024-06-01")
    (x,) = actions(a, "appeler_caution")
    assert x.amount == Decimal("5000.00")
    assert any(w.code == "cautionnement_reduit_2300" for w in a.warnings)
