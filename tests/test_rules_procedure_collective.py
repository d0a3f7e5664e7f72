"""Collective proceedings (C. com. L622-21 ff.), worked by hand: article, reasoning and date arithmetic in
each comment. Dates are checked against the calendar (weekday, French public holidays)."""

from __future__ import annotations

from datetime import date

import pytest

from creances_rules import evaluate

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
    assert decl.amount == 7000
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


@pytest.mark.parametrize("as_of", ["2025-04-01", "2025-05-30"])
def test_both_engines_agree(as_of):
    d = dossier({"type": "liquidation", "date_jugement": "2025-03-20", "date_publication_bodacc": "2025-03-29"})
    py, du = evaluate(d, as_of, engine="python"), evaluate(d, as_of, engine="durable")
    assert fired(py) == fired(du)
    assert [(x.code, x.deadline) for x in py.actions] == [(x.code, x.deadline) for x in du.actions]
