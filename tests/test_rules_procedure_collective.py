"""Collective proceedings (C. com. L622-21 ff.), worked by hand: article, reasoning and date arithmetic in
each comment. Dates are checked against the calendar (weekday, French public holidays)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine

ROUTES = ("procedure_petites_creances", "requete_injonction_de_payer", "signifier_injonction_de_payer",
          "refere_provision", "assignation_en_paiement", "mesure_conservatoire", "executer_titre",
          "obtenir_titre_executoire", "envoyer_relance", "relancer_par_telephone", "envoyer_mise_en_demeure")


def dossier(pc: dict | None = None, evenements: list | None = None, **over) -> dict:
    base = {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel", "commercant": True},
        "contrat": {"date_conclusion": "2024-06-01"},
        "factures": [{"numero": "F1", "montant_ttc": 7000, "date_emission": "2025-01-02", "date_echeance": "2025-02-01"}],
        "evenements": evenements if evenements is not None else [{"type": "mise_en_demeure", "date": "2025-02-15", "forme": "lrar"}],
    }
    if pc is not None:
        base["procedure_collective"] = pc
    base.update(over)
    return base


def codes(a) -> set[str]:
    return {x.code for x in a.actions}


def fired(a) -> set[str]:
    return {t.rule for t in a.trace if t.status == "fired"}


def warning_codes(a) -> set[str]:
    return {w.code for w in a.warnings}


# ------------------------------------------------------------------------------ stay of individual actions


def test_sauvegarde_stays_actions_and_declaration_deadline_two_months_after_bodacc():
    # L622-21: the opening judgment of 3 March 2025 stops individual actions.
    # R622-24: 2 months from the BODACC publication of Friday 14 March 2025 → Wednesday 14 May 2025
    # (CPC 641, same day number), a working day.
    a = evaluate(dossier({"type": "sauvegarde", "date_jugement": "2025-03-03",
                          "date_publication_bodacc": "2025-03-14"}), "2025-04-01", engine="python")
    f = a.finding("poursuites_individuelles_suspendues")
    assert f.value is True and f.since == date(2025, 3, 3)
    assert f.rule == "procedure_collective.poursuites_suspendues"
    assert [c.article for c in f.citations] == ["L622-21"]
    (decl,) = a.actions_of("declarer_creance")
    assert decl.deadline == date(2025, 5, 14)
    assert decl.priority == 5
    assert "n'est pas établi que la prorogation de l'art. 642" in decl.deadline_basis
    assert {"L622-24", "R622-24"} <= {c.article for c in decl.citations}
    # Amount declared (L622-25, L622-28): F1 (7 000 €, due 1 Feb 2025) was late before the judgment.
    # Penalties L441-10 at ECB 3.15 % (1 Jan 2025) + 10 = 13.15 %, from 2 Feb to 2 Mar 2025 (eve of the
    # judgment) = 29 days: 7 000 × 13.15 % × 29 / 365 = 73.1356 → 73.14 €; indemnity 40 € (already late).
    # 7 000 + 73.14 + 40 = 7 113.14 €.
    assert decl.amount == Decimal("7113.14")
    # While the proceeding is open no individual route (and no amicable reminder) is recommended.
    assert not codes(a) & set(ROUTES)
    assert {"cours_des_interets_arrete", "paiements_interdits_procedure_collective"} <= warning_codes(a)


def test_redressement_cites_l631_14_and_liquidation_l641_3():
    # L631-14 (redressement) and L641-3 (liquidation) apply L622-21: same stay, other citation; the
    # exceptions set the sauvegarde rule aside (no RuleConflictError for the single finding code).
    a = evaluate(dossier({"type": "redressement", "date_jugement": "2025-03-03",
                          "date_publication_bodacc": "2025-03-14"}), "2025-04-01", engine="python")
    f = a.finding("poursuites_individuelles_suspendues")
    assert f.rule == "procedure_collective.poursuites_suspendues_redressement"
    assert [c.article for c in f.citations] == ["L631-14", "L622-21"]
    assert a.actions_of("declarer_creance")[0].label == "Déclarer la créance au mandataire judiciaire"

    a = evaluate(dossier({"type": "liquidation", "date_jugement": "2025-03-03",
                          "date_publication_bodacc": "2025-03-14"}), "2025-04-01", engine="python")
    f = a.finding("poursuites_individuelles_suspendues")
    assert f.rule == "procedure_collective.poursuites_suspendues_liquidation"
    assert [c.article for c in f.citations] == ["L641-3", "L622-21"]
    # L641-3: in liquidation the claim is declared to the liquidateur; same R622-24 deadline (14 May 2025).
    (decl,) = a.actions_of("declarer_creance")
    assert decl.label == "Déclarer la créance au liquidateur" and decl.deadline == date(2025, 5, 14)
    assert "procedure_collective.declarer_creance" not in fired(a)


def test_opening_known_only_from_an_event_uses_l622_21_and_cannot_compute_the_deadline():
    # No procedure_collective block, only an event: the type is unknown → L622-21 (sauvegarde wording)
    # with its assumption; no BODACC date → the deadline cannot be computed: declare without delay.
    a = evaluate(dossier(evenements=[{"type": "mise_en_demeure", "date": "2025-02-15", "forme": "lrar"},
                                     {"type": "procedure_collective_ouverte", "date": "2025-03-03"}]),
                 "2025-04-01", engine="python")
    f = a.finding("poursuites_individuelles_suspendues")
    assert f.since == date(2025, 3, 3) and "type de procédure non précisé" in f.assumptions[0]
    (decl,) = a.actions_of("declarer_creance")
    assert decl.deadline is None and decl.rule == "procedure_collective.declarer_creance_bodacc_inconnu"
    assert "date_publication_bodacc_inconnue" in warning_codes(a)


def test_judgment_after_the_assessment_date_is_not_yet_open():
    # The assessment says the law as of its date: a judgment of 10 April is unknown on 1 April.
    a = evaluate(dossier({"type": "sauvegarde", "date_jugement": "2025-04-10"}), "2025-04-01", engine="python")
    assert a.finding("poursuites_individuelles_suspendues") is None
    assert "declarer_creance" not in codes(a)
    assert "requete_injonction_de_payer" in codes(a)


# ------------------------------------------------------------------------------ declaration deadline


def test_creditor_outside_metropolitan_france_gets_two_more_months_nominal_date_kept_on_a_holiday():
    # R622-24 al. 2: 2 + 2 = 4 months from Friday 14 March 2025 → Monday 14 July 2025, Fête nationale
    # (C. trav. L3133-1). Whether CPC 642 extends this délai is not settled: the nominal date, 14 July,
    # is kept (conservative); under CPC 642 it would be Tuesday 15 July 2025, stated in a warning.
    a = evaluate(dossier({"type": "sauvegarde", "date_jugement": "2025-03-03", "date_publication_bodacc": "2025-03-14",
                          "creancier_hors_metropole": True}), "2025-04-01", engine="python")
    (decl,) = a.actions_of("declarer_creance")
    assert decl.deadline == date(2025, 7, 14)
    assert "mardi 15 juillet 2025" in decl.deadline_basis and "par prudence" in decl.deadline_basis
    assert any(w.code == "droit_incertain" and "15/07/2025" in w.message for w in a.warnings)
    assert "procedure_collective.delais_declaration_hors_metropole" in fired(a)


def test_between_nominal_and_extended_date_declare_and_ask_relief_by_precaution():
    # BODACC Saturday 29 March 2025 + 2 months = Thursday 29 May 2025, Ascension Day (holiday):
    # nominal date 29 May, CPC 642 reading Friday 30 May. On 30 May the declaration may still be timely
    # under the 642 reading → declare; the conservative reading says it is late → also ask the
    # juge-commissaire for relief (L622-26), within 6 months: 29 September 2025, a Monday.
    a = evaluate(dossier({"type": "sauvegarde", "date_jugement": "2025-03-20",
                          "date_publication_bodacc": "2025-03-29"}), "2025-05-30", engine="python")
    (decl,) = a.actions_of("declarer_creance")
    assert decl.deadline == date(2025, 5, 29)
    (relief,) = a.actions_of("demander_releve_de_forclusion")
    assert relief.deadline == date(2025, 9, 29) and relief.priority == 6


def test_no_declaration_recommended_once_declared_in_time():
    # R622-24: declared on 20 April 2025, before the 14 May 2025 deadline → nothing left to do.
    a = evaluate(dossier({"type": "sauvegarde", "date_jugement": "2025-03-03", "date_publication_bodacc": "2025-03-14"},
                         evenements=[{"type": "declaration_creance", "date": "2025-04-20"}]),
                 "2025-06-01", engine="python")
    assert not {"declarer_creance", "demander_releve_de_forclusion"} & codes(a)
    assert "delai_releve_forclusion_expire" not in warning_codes(a)


def test_deadline_passed_without_declaration_relief_within_six_months():
    # R622-24: Friday 10 January 2025 + 2 months = Monday 10 March 2025, passed on 1 April.
    # L622-26: relief action within 6 months of the publication: Thursday 10 July 2025.
    a = evaluate(dossier({"type": "redressement", "date_jugement": "2025-01-06",
                          "date_publication_bodacc": "2025-01-10"}), "2025-04-01", engine="python")
    assert "declarer_creance" not in codes(a)
    (relief,) = a.actions_of("demander_releve_de_forclusion")
    assert relief.deadline == date(2025, 7, 10)
    assert [c.article for c in relief.citations][:2] == ["L622-26", "R622-24"]


def test_late_declaration_still_calls_for_relief():
    # Declared on 20 March 2025, after the 10 March 2025 deadline (R622-24): the claim is foreclosed
    # unless relieved (L622-26) → relief by 10 July 2025.
    a = evaluate(dossier({"type": "redressement", "date_jugement": "2025-01-06", "date_publication_bodacc": "2025-01-10"},
                         evenements=[{"type": "declaration_creance", "date": "2025-03-20"}]),
                 "2025-04-01", engine="python")
    assert a.actions_of("demander_releve_de_forclusion")[0].deadline == date(2025, 7, 10)
    assert "declarer_creance" not in codes(a)


def test_relief_period_expired_is_a_warning_not_an_action():
    # L622-26: Wednesday 10 January 2024 + 6 months = Wednesday 10 July 2024; on 1 August 2024 the
    # relief action is out of time (save the "could not know" exception, stated in the message).
    a = evaluate(dossier({"type": "liquidation", "date_jugement": "2024-01-05", "date_publication_bodacc": "2024-01-10"},
                         factures=[{"numero": "F1", "montant_ttc": 7000, "date_emission": "2023-11-02",
                                    "date_echeance": "2023-12-01"}],
                         evenements=[]),
                 "2024-08-01", engine="python")
    assert not {"declarer_creance", "demander_releve_de_forclusion"} & codes(a)
    assert "delai_releve_forclusion_expire" in warning_codes(a)


def test_bodacc_date_from_an_event_when_the_dossier_field_is_empty():
    # The publication_bodacc event (Friday 14 March 2025) starts the 2 months: 14 May 2025.
    a = evaluate(dossier({"type": "sauvegarde", "date_jugement": "2025-03-03"},
                         evenements=[{"type": "publication_bodacc", "date": "2025-03-14"}]),
                 "2025-04-01", engine="python")
    assert a.actions_of("declarer_creance")[0].deadline == date(2025, 5, 14)
    assert "date_publication_bodacc_inconnue" not in warning_codes(a)


def test_unknown_bodacc_date_in_liquidation_declare_to_liquidateur_without_deadline():
    a = evaluate(dossier({"type": "liquidation", "date_jugement": "2025-06-02"}), "2025-06-20", engine="python")
    (decl,) = a.actions_of("declarer_creance")
    assert decl.deadline is None and decl.label == "Déclarer la créance au liquidateur"
    assert "date_publication_bodacc_inconnue" in warning_codes(a)


def test_publication_announced_after_the_assessment_date_is_not_yet_known():
    # A publication dated 14 March is not known on 10 March: the deadline cannot be computed yet.
    a = evaluate(dossier({"type": "sauvegarde", "date_jugement": "2025-03-03",
                          "date_publication_bodacc": "2025-03-14"}), "2025-03-10", engine="python")
    assert a.actions_of("declarer_creance")[0].deadline is None
    assert "date_publication_bodacc_inconnue" in warning_codes(a)


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
@pytest.mark.parametrize("as_of", ["2025-04-01", "2025-05-30"])
def test_both_engines_agree(as_of):
    d = dossier({"type": "liquidation", "date_jugement": "2025-03-20", "date_publication_bodacc": "2025-03-29"})
    py, du = evaluate(d, as_of, engine="python"), evaluate(d, as_of, engine="durable")
    assert fired(py) == fired(du)
    assert [(x.code, x.deadline) for x in py.actions] == [(x.code, x.deadline) for x in du.actions]


# ------------------------------------------------------------------------------ claim by claim (issue 10)

F1 = {"numero": "F1", "montant_ttc": 7000, "date_emission": "2025-01-02", "date_livraison": "2025-01-02",
      "date_echeance": "2025-02-01", "nature": "biens", "montant_tva": "1166.67"}
RJ = {"type": "redressement", "date_jugement": "2025-03-03", "date_publication_bodacc": "2025-03-14",
      "fin_periode_observation": "2025-09-03"}


def test_redressement_pre_opening_invoice_declared_post_opening_invoice_privileged():
    # F1 delivered 2 Jan 2025, before the judgment of Monday 3 March 2025: declared (L622-24), 7 113.14 €
    # (see the first test: 7 000 + 73.14 penalties to the eve + 40 indemnity). F2 delivered 10 March 2025,
    # after the judgment, during the observation period (ends 3 Sept 2025): not declared, payable at its due
    # date (9 April 2025) and privileged (L622-17 I and II, by L631-14). As of 1 April 2025 it is not yet due:
    # nothing to signal.
    d = dossier(RJ, factures=[F1, {"numero": "F2", "montant_ttc": 1200, "date_emission": "2025-03-10",
                                   "date_livraison": "2025-03-10", "date_echeance": "2025-04-09"}])
    a = evaluate(d, "2025-04-01", engine="python")
    (decl,) = a.actions_of("declarer_creance")
    assert decl.amount == Decimal("7113.14")
    assert a.finding("creance_a_declarer").value == Decimal("7113.14")
    assert [x["facture"] for x in a.finding("creance_a_declarer").details["lignes"]] == ["F1"]
    post = a.finding("creance_posterieure_privilegiee")
    assert post.value == Decimal("1200.00") and post.rule == "procedure_collective.creance_posterieure_privilegiee"
    assert [c.article for c in post.citations][:1] == ["L622-17"]
    assert "signaler_creance_posterieure" not in codes(a)
    # L622-17 IV: unpaid on 20 April 2025 (due 9 April) → bring it to the administrator's attention within one
    # year of the end of the observation period: 3 Sept 2025 + 12 months = Thursday 3 Sept 2026 (CPC 641).
    # The amount: L622-28 stops only the accessories of claims born before the judgment, so F2's own run —
    # L441-10 penalties from 10 to 20 April 2025 = 11 days at 13.15 % (ECB rate of 1 January 2025, 3.15 %,
    # + 10 points): 1 200 × 13.15 % × 11 / 365 = 4.755… → 4.76 €, and the 40 € indemnity (D441-5):
    # 1 200 + 4.76 + 40 = 1 244.76 €. F1's penalties still stop on the eve (declared 7 113.14 €, unchanged).
    a = evaluate(d, "2025-04-20", engine="python")
    (sig,) = a.actions_of("signaler_creance_posterieure")
    assert sig.deadline == date(2026, 9, 3) and sig.amount == Decimal("1244.76")
    f2 = [x for x in a.amounts.lignes if x.facture == "F2" and x.nature == "penalites_l441_10"]
    assert [(x.du, x.au, x.jours, x.montant) for x in f2] == [(date(2025, 4, 10), date(2025, 4, 20), 11, Decimal("4.76"))]
    # The privilege is uncertain (regularity, usefulness not in the dossier): flagged.
    assert any(w.code == "droit_incertain" and "L622-24, sixième alinéa" in w.message for w in a.warnings)
    assert a.actions_of("declarer_creance")[0].amount == Decimal("7113.14")


def test_amount_to_declare_penalties_to_the_eve_and_indemnity_only_for_invoices_already_late():
    # Judgment Monday 3 March 2025; eve = 2 March.
    # F1: due 1 Feb, late → 7 000 + 73.14 (29 days at 13.15 %) + 40 = 7 113.14 €.
    # F3: delivered 20 Feb, due 20 March 2025 (not yet due at the opening), 500 € paid on 25 Feb naming it:
    #     declared for 1 500 € "à échoir" with its due date (L622-25), no penalty, no indemnity (L441-10 II:
    #     the proceeding forbids its payment at the due date).
    # F4: delivered 1 Feb, due Sunday 2 March 2025 = the eve: lateness would start on 3 March, the judgment
    #     day → no penalty (0 day before the judgment, L622-28) and no indemnity: 1 000 €.
    # F8: delivered 25 Feb, due 30 April 2025, after the assessment date too: still declared, "à échoir",
    #     900 € (L622-25 asks for the sums not yet due and their due dates).
    # Total: 7 113.14 + 1 500 + 1 000 + 900 = 10 513.14 €.
    d = dossier({"type": "sauvegarde", "date_jugement": "2025-03-03", "date_publication_bodacc": "2025-03-14"},
                factures=[F1,
                          {"numero": "F3", "montant_ttc": 2000, "date_emission": "2025-02-20",
                           "date_livraison": "2025-02-20", "date_echeance": "2025-03-20"},
                          {"numero": "F4", "montant_ttc": 1000, "date_emission": "2025-02-01",
                           "date_livraison": "2025-02-01", "date_echeance": "2025-03-02"},
                          {"numero": "F8", "montant_ttc": 900, "date_emission": "2025-02-25",
                           "date_livraison": "2025-02-25", "date_echeance": "2025-04-30"}],
                paiements=[{"date": "2025-02-25", "montant": 500, "facture": "F3"}])
    a = evaluate(d, "2025-04-01", engine="python")
    f = a.finding("creance_a_declarer")
    assert f.value == Decimal("10513.14")
    lignes = {x["facture"]: x for x in f.details["lignes"]}
    assert lignes["F1"]["penalites"] == Decimal("73.14") and lignes["F1"]["indemnite_forfaitaire"] == 40
    assert lignes["F3"]["principal"] == 1500 and lignes["F3"]["penalites"] == 0
    assert lignes["F3"]["indemnite_forfaitaire"] == 0 and lignes["F3"]["statut"].startswith("à échoir le 20/03/2025")
    assert lignes["F4"]["penalites"] == 0 and lignes["F4"]["indemnite_forfaitaire"] == 0
    assert f.details["arret_des_accessoires"] == date(2025, 3, 2)
    assert lignes["F8"]["principal"] == 900 and lignes["F8"]["statut"].startswith("à échoir le 30/04/2025")
    assert a.actions_of("declarer_creance")[0].amount == Decimal("10513.14")


def test_invoice_born_on_the_judgment_day_is_declared_and_flagged():
    # Delivery on the very day of the judgment (3 March 2025): ante- or post-opening depends on the hour;
    # declared by prudence (L622-24) with a droit_incertain warning.
    d = dossier(RJ, factures=[{"numero": "F5", "montant_ttc": 800, "date_emission": "2025-03-03",
                               "date_livraison": "2025-03-03", "date_echeance": "2025-04-02"}])
    a = evaluate(d, "2025-03-20", engine="python")
    assert a.actions_of("declarer_creance")[0].amount == Decimal("800.00")
    assert a.finding("creance_posterieure_privilegiee") is None
    assert any(w.code == "droit_incertain" and "jour même du jugement" in w.message for w in a.warnings)


def test_invoice_born_after_the_observation_period_is_not_privileged():
    # Observation period ended 30 April 2025; F6 delivered 10 May 2025: outside L622-17 I → no privilege,
    # no signalling, not declared; said in a warning.
    d = dossier(dict(RJ, fin_periode_observation="2025-04-30"),
                factures=[F1, {"numero": "F6", "montant_ttc": 600, "date_emission": "2025-05-10",
                               "date_livraison": "2025-05-10", "date_echeance": "2025-06-09"}])
    a = evaluate(d, "2025-07-01", engine="python")
    assert a.finding("creance_posterieure_privilegiee") is None
    assert "signaler_creance_posterieure" not in codes(a)
    assert "creance_posterieure_non_privilegiee" in warning_codes(a)


def test_retention_of_title_revendication_three_months_from_publication():
    # L624-9: three months from the BODACC publication of Friday 14 March 2025 → Saturday 14 June 2025
    # (CPC 641). Nominal date kept (CPC 642 would give Monday 16 June): on 16 June the request may still be
    # in time under the 642 reading → still recommended, deadline 14 June; on 17 June it is out of time.
    d = dossier({"type": "sauvegarde", "date_jugement": "2025-03-03", "date_publication_bodacc": "2025-03-14"},
                contrat={"date_conclusion": "2024-06-01", "clause_reserve_de_propriete": True},
                factures=[dict(F1, en_nature_a_l_ouverture=True)])
    a = evaluate(d, "2025-04-01", engine="python")
    (rev,) = a.actions_of("revendiquer_marchandises")
    assert rev.deadline == date(2025, 6, 14)
    assert {"L624-9", "L624-16", "R624-13"} <= {c.article for c in rev.citations}
    assert "revendication_biens_a_verifier" not in warning_codes(a)
    assert evaluate(d, "2025-06-16", engine="python").actions_of("revendiquer_marchandises")[0].deadline == date(2025, 6, 14)
    late = evaluate(d, "2025-06-17", engine="python")
    assert "revendiquer_marchandises" not in codes(late) and "revendication_forclose" in warning_codes(late)


def test_retention_of_title_goods_not_in_kind_or_unknown():
    base = {"type": "sauvegarde", "date_jugement": "2025-03-03", "date_publication_bodacc": "2025-03-14"}
    contrat = {"date_conclusion": "2024-06-01", "clause_reserve_de_propriete": True}
    # L624-16 al. 2: goods no longer in kind at the opening cannot be claimed back.
    a = evaluate(dossier(base, contrat=contrat, factures=[dict(F1, en_nature_a_l_ouverture=False)]),
                 "2025-04-01", engine="python")
    assert "revendiquer_marchandises" not in codes(a) and "revendication_impossible" in warning_codes(a)
    # Unknown: revendicate (prudent) and check the inventory.
    a = evaluate(dossier(base, contrat=contrat, factures=[F1]), "2025-04-01", engine="python")
    assert "revendiquer_marchandises" in codes(a) and "revendication_biens_a_verifier" in warning_codes(a)
    # No clause in the dossier: no revendication, but the creditor is asked to check its terms of sale
    # (L624-16) while the three months run; not once they are over (17 June 2025).
    a = evaluate(dossier(base, factures=[F1]), "2025-04-01", engine="python")
    assert "revendiquer_marchandises" not in codes(a)
    assert "verifier_clause_reserve_de_propriete" in warning_codes(a)
    a = evaluate(dossier(base, factures=[F1]), "2025-06-17", engine="python")
    assert "verifier_clause_reserve_de_propriete" not in warning_codes(a)


LJ = {"type": "liquidation", "date_jugement": "2025-03-03", "date_publication_bodacc": "2025-03-14"}
F2S = {"numero": "F2", "montant_ttc": 1200, "date_emission": "2025-01-15", "date_execution": "2025-01-15",
       "date_echeance": "2025-02-14", "nature": "services", "montant_tva": 200}
F3B = {"numero": "F3", "montant_ttc": 2400, "date_emission": "2025-01-20", "date_livraison": "2025-01-20",
       "date_echeance": "2025-02-19", "nature": "biens", "montant_tva": 400}


def test_vat_recovery_in_liquidation_goods_vs_services_without_debits_option():
    # CGI 272, 1: in a liquidation the VAT on unpaid invoices is recoverable from the judgment (3 March 2025).
    # Goods: VAT due at delivery, paid → recoverable: F1 1 166.67 €; F3 2 400 € TTC (VAT 400) of which 600 €
    # paid → unpaid part 1 800 / 2 400 = 3/4 → 300.00 €. Services F2 without the débits option: VAT due on
    # payment only (CGI 269, 2, c), never paid → nothing to recover (warning). Total 1 466.67 €.
    # Deadline (prudent reading): 31 Dec of the second year after the judgment = 31 Dec 2027.
    d = dossier(LJ, factures=[F1, F2S, F3B], paiements=[{"date": "2025-02-10", "montant": 600, "facture": "F3"}])
    a = evaluate(d, "2025-04-01", engine="python")
    (tva,) = a.actions_of("recuperer_tva_creance_irrecouvrable")
    assert tva.amount == Decimal("1466.67") and tva.deadline == date(2027, 12, 31)
    assert "rectification" in tva.purpose and "certificat" in tva.purpose
    assert "tva_non_exigible_sans_encaissement" in warning_codes(a)
    assert any(w.code == "droit_incertain" and "RES n° 2005/70" in w.message for w in a.warnings)


def test_vat_recovery_services_with_debits_option_and_missing_vat_amount():
    # With the débits option (CGI 269, 2, c), F2's VAT (200 €) was paid on invoicing → recoverable:
    # 1 166.67 + 200 = 1 366.67 €.
    d = dossier(LJ, creancier={"qualite": "professionnel", "tva_sur_les_debits": True}, factures=[F1, F2S])
    a = evaluate(d, "2025-04-01", engine="python")
    assert a.actions_of("recuperer_tva_creance_irrecouvrable")[0].amount == Decimal("1366.67")
    assert "tva_non_exigible_sans_encaissement" not in warning_codes(a)
    # VAT amount missing on F3: never invented; the amount counts F1 only, and a warning says so.
    f3 = {k: v for k, v in F3B.items() if k != "montant_tva"}
    a = evaluate(dossier(LJ, factures=[F1, f3]), "2025-04-01", engine="python")
    assert a.actions_of("recuperer_tva_creance_irrecouvrable")[0].amount == Decimal("1166.67")
    assert "montant_tva_inconnu" in warning_codes(a)
    # Not in liquidation (redressement): no VAT recovery action yet.
    assert "recuperer_tva_creance_irrecouvrable" not in codes(evaluate(dossier(RJ, factures=[F1]), "2025-04-01",
                                                                          engine="python"))


def test_closure_for_insufficient_assets():
    # L643-11 I: the closure for insufficient assets (30 June 2026) does not give creditors back their
    # individual actions: no route, no declaration any more, a finding since 30 June 2026 and a warning
    # listing the exceptions.
    d = dossier(dict(LJ, date_cloture="2026-06-30", motif_cloture="insuffisance_d_actif"), factures=[F1],
                evenements=[{"type": "declaration_creance", "date": "2025-04-10"}])
    a = evaluate(d, "2027-01-15", engine="python")
    f = a.finding("poursuites_individuelles_non_recouvrees")
    assert f.value is True and f.since == date(2026, 6, 30)
    assert a.finding("poursuites_individuelles_suspendues") is None
    assert not codes(a) & set(ROUTES) and "declarer_creance" not in codes(a)
    assert "cloture_insuffisance_actif" in warning_codes(a)
    # VAT still recoverable: 31 Dec 2027 (2 years after the 2025 judgment) not passed.
    assert a.actions_of("recuperer_tva_creance_irrecouvrable")[0].deadline == date(2027, 12, 31)
    # On 1 Feb 2028 the prudent date is passed; counted from the closure (2026) it runs to 31 Dec 2028.
    a = evaluate(d, "2028-02-01", engine="python")
    assert a.actions_of("recuperer_tva_creance_irrecouvrable")[0].deadline == date(2028, 12, 31)


def test_closure_for_extinction_of_liabilities_is_said():
    d = dossier(dict(LJ, date_cloture="2026-06-30", motif_cloture="extinction_du_passif"), factures=[F1])
    a = evaluate(d, "2026-09-01", engine="python")
    assert "cloture_extinction_du_passif" in warning_codes(a)
    assert a.finding("poursuites_individuelles_non_recouvrees") is None
    assert not codes(a) & set(ROUTES)


@pytest.mark.skipif(not durable_engine.available(), reason="durable-rules indisponible")
@pytest.mark.parametrize("as_of", ["2025-04-20", "2025-06-16", "2026-10-01"])
def test_both_engines_agree_claim_by_claim(as_of):
    d = dossier(RJ, contrat={"date_conclusion": "2024-06-01", "clause_reserve_de_propriete": True},
                factures=[F1, F3B, {"numero": "F7", "montant_ttc": 900, "date_emission": "2025-03-20",
                                    "date_livraison": "2025-03-20", "date_echeance": "2025-04-19"}])
    py, du = evaluate(d, as_of, engine="python"), evaluate(d, as_of, engine="durable")
    assert fired(py) == fired(du)
    assert [(x.code, x.deadline, x.amount) for x in py.actions] == [(x.code, x.deadline, x.amount) for x in du.actions]
    assert [(f.code, f.value) for f in py.findings] == [(f.code, f.value) for f in du.findings]


def test_amount_to_declare_by_a_private_creditor_bears_legal_interest_to_the_eve():
    # A private creditor (not L441-10): legal interest (C. civ. 1231-6, 1344-1) from the day after the
    # mise en demeure of 15 Feb 2025 to the eve of the judgment (2 March 2025, L622-28) = 15 days, at the
    # legal rate for a private creditor, H1 2025: 7.21 % → 7 000 × 7.21 % × 15 / 365 = 20.741 → 20.74 €;
    # no 40 € indemnity (B2B only). Declared: 7 020.74 €, read through the single décompte.
    d = dossier({"type": "redressement", "date_jugement": "2025-03-03", "date_publication_bodacc": "2025-03-14"},
                creancier={"qualite": "particulier"})
    a = evaluate(d, "2025-04-01", engine="python")
    f = a.finding("creance_a_declarer")
    assert f.value == Decimal("7020.74")
    assert f.details["indemnites_forfaitaires"] == 0
    assert a.actions_of("declarer_creance")[0].amount == Decimal("7020.74")
