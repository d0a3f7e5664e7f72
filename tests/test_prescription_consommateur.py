"""Consumers and prescription (issue 20, part A, item 4): the two years of C. conso. L218-2 run from the
performance (service completed, goods delivered), not from the invoice or its due date — Cass. 1re civ., 19 May 2021,
n° 20-12.520; Cass. 3e civ., 1 March 2023, n° 21-23.176 (« hormis les cas où le contrat ou la loi en disposent
autrement »). When the dossier gives both, the earlier start is the prudent reading (act before it) and the other is
shown; the claim is called time-barred only after the later. Once it is, nothing is claimable now (the
« réclamable maintenant » part of the décompte; a voluntary payment may still be accepted, C. civ. 2249), its
accessories stop at the lapse, and no money action is produced.

Day counting: the library counts the start day (prudent reading of C. civ. 2228-2229, Cass. 1re civ., 12 Dec. 2018,
n° 17-25.697): two years from 8 March 2023 end on 7 March 2025.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from creances_rules import evaluate


def conso(**over) -> dict:
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "consommateur"},
         "factures": [{"numero": "F1", "montant_ttc": 3000, "date_emission": "2023-03-10", "date_echeance": "2023-04-09",
                       "date_execution": "2023-03-08", "nature": "services"}],
         "evenements": [{"type": "mise_en_demeure", "date": "2023-05-02", "forme": "lrar"}]}
    d.update(over)
    return d


def test_the_two_years_run_from_the_performance_and_the_due_date_reading_is_shown():
    # Service completed 8 March 2023, invoice 10 March, due 9 April 2023. Prudent start: the performance →
    # last day 7 March 2025 (not 8 April 2025, the due-date reading, a month late). Both are said.
    a = evaluate(conso(), "2025-03-01", engine="python")
    f = a.finding("date_prescription")
    assert f.value == date(2025, 3, 7)
    note = next(h for h in f.assumptions if "L218-2" in h and "Autre lecture" in h)
    assert "7 mars 2025" in note and "8 avril 2025" in note and "20-12.520" in note and "21-23.176" in note
    (x,) = a.actions_of("interrompre_prescription")
    assert x.deadline == date(2025, 3, 7)


def test_between_the_two_readings_the_claim_is_not_called_lost():
    # 20 March 2025: past the prudent last day, not past the due-date reading (last day 8 April, 9 April at the
    # latest reading of 2228): the prescription is not acquired; act at once.
    a = evaluate(conso(), "2025-03-20", engine="python")
    assert a.finding("prescription_acquise") is None
    assert a.amounts.montant_reclame > 0


def test_once_time_barred_nothing_is_claimable_nothing_accrues_and_no_money_action():
    # Acquired on 10 April 2025 at the latest reading. On 30 June 2025: no décompte, no interest running past the
    # lapse, no money action; the advice says a voluntary payment may still be accepted (C. civ. 2249).
    a = evaluate(conso(), "2025-06-30", engine="python")
    assert a.finding("prescription_acquise").since == date(2025, 4, 10)
    assert a.amounts.reclamable_maintenant == 0 and set(a.amounts.non_reclamables) == {"F1"}
    # The interest is still stated (never claimed) but stops on the eve of the lapse, 9 April 2025 (C. civ. 2219):
    # the figure is the one the evaluation of that eve gives, and no line runs past it.
    f = a.finding("interets_moratoires_dus")
    veille = evaluate(conso(), "2025-04-09", engine="python").finding("interets_moratoires_dus")
    assert f.value == veille.value and all(ln["au"] <= date(2025, 4, 9) for ln in f.details.lignes)
    assert all(x.amount is None for x in a.actions)
    (x,) = a.actions_of("ne_pas_agir_creance_prescrite")
    assert "2249" in x.purpose or "2249" in " ".join(c.key for c in x.citations)
    # What was owed at the lapse is still stated (never claimed), and no longer grows: the same figure as on the eve.
    assert a.amounts.montant_reclame == evaluate(conso(), "2025-04-09", engine="python").amounts.montant_reclame


def test_a_time_barred_invoice_leaves_the_decompte_the_others_stay():
    # F1 (service of 10 Jan 2022) is time-barred since 11 Feb 2024 at the latest; F2 (service of 10 Jan 2025) is
    # not. Notice of 3 March 2025: interest on F2 only, 04/03 → 30/06/2025, 119 d × 3,71 % (2025-S1 « autres cas »,
    # CMF L313-2; 2025-S2 2,76 % from 1 July) on 1 200 € = 14,51 → 1 214,51 €, what every money action carries.
    d = conso(factures=[
        {"numero": "F1", "montant_ttc": 800, "date_emission": "2022-01-12", "date_execution": "2022-01-10",
         "date_echeance": "2022-02-11", "nature": "services"},
        {"numero": "F2", "montant_ttc": 1200, "date_emission": "2025-01-12", "date_execution": "2025-01-10",
         "date_echeance": "2025-02-11", "nature": "services"}],
        evenements=[{"type": "mise_en_demeure", "date": "2025-03-03", "forme": "lrar"}])
    a = evaluate(d, "2025-06-30", engine="python")
    assert a.amounts.reclamable_maintenant == Decimal("1214.51") and set(a.amounts.non_reclamables) == {"F1"}
    # F1's accessories stop at its lapse (C. civ. 2219): the interest finding is F2's alone (the notice came after
    # F1's lapse), and what is owed is F1's principal and F2's sums: 800 + 1 214,51 = 2 014,51 €.
    assert a.finding("interets_moratoires_dus").value == Decimal("14.51")
    assert a.amounts.montant_reclame == Decimal("2014.51")
    for code in ("requete_injonction_de_payer", "assignation_en_paiement"):
        assert [x.amount for x in a.actions_of(code)] == [Decimal("1214.51")]


@settings(deadline=None)
@given(execution=st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 6, 1)),
       delai=st.integers(0, 60), apres=st.integers(0, 1500), avis=st.booleans(),
       qualite=st.sampled_from(["consommateur", "professionnel"]))
def test_no_money_action_when_the_claim_is_time_barred(execution, delai, apres, avis, qualite):
    # Whatever the dates: when the assessment finds the claim time-barred, nothing is claimable and no action
    # asks for money (C. civ. 2219, 2247).
    emission = execution + timedelta(days=delai)
    d = conso(debiteur={"qualite": qualite},
              factures=[{"numero": "F1", "montant_ttc": 2500, "date_emission": emission.isoformat(),
                         "date_execution": execution.isoformat(),
                         "date_echeance": (emission + timedelta(days=30)).isoformat(), "nature": "services"}],
              evenements=([{"type": "mise_en_demeure", "date": (emission + timedelta(days=45)).isoformat(),
                            "forme": "lrar"}] if avis else []))
    as_of = min(emission + timedelta(days=400 + apres), date(2026, 6, 30))
    a = evaluate(d, as_of, engine="python")
    if a.finding("prescription_acquise") is not None:
        assert a.amounts.reclamable_maintenant == 0
        assert all(x.amount is None for x in a.actions), [(x.code, x.amount) for x in a.actions]
