"""Injonction de payer after décret n° 2026-96 (JO 17/02/2026, in force 01/04/2026; art. 9: its injunction provisions
apply to orders RENDERED from 01/09/2026): three months to serve (CPC 1411), enforceable only once the opposition
month AND two months after service have run out (CPC 1422 al. 2), the act of service produced at the hearing (CPC
1418). Orders rendered before keep six months and the old enforcement rule (CPC 1422, version of 01/03/2022).

Every date is worked by hand in its comment (CPC 640-642: a délai in months ends on the same day of the last month,
else its last day, and moves to the next working day after a Saturday, Sunday or public holiday; weekdays checked).
The same order described by events (injonction_de_payer_rendue / _signifiee) or by titres[] gives the same findings.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from creances_rules import evaluate
from creances_rules.institutions.recours import BASCULE_INJONCTION_2026, regime_injonction

MED = {"type": "mise_en_demeure", "date": "2026-05-04", "forme": "lrar"}
COMMERCANT = {"qualite": "professionnel", "commercant": True}


def dossier(rendue: str | None, signifiee: str | None = None, *, titres: bool = False, debiteur=None,
            extra_events=()) -> dict:
    """One order, either as events (the old form) or as a title of titres[] (the rich form)."""
    evs = [MED]
    base = {
        "creancier": {"qualite": "professionnel", "commercant": True},
        "debiteur": debiteur or COMMERCANT,
        "contrat": {"date_conclusion": "2026-01-05"},
        "factures": [{"numero": "F1", "montant_ttc": 9000, "date_emission": "2026-03-02", "date_echeance": "2026-04-01"}],
    }
    if titres:
        t = {"nature": "ordonnance_injonction_de_payer", "date": rendue}
        if signifiee:
            t["date_signification"] = signifiee
        base["titres"] = [t]
    else:
        if rendue:
            evs.append({"type": "injonction_de_payer_rendue", "date": rendue})
        if signifiee:
            evs.append({"type": "injonction_de_payer_signifiee", "date": signifiee})
    base["evenements"] = evs + list(extra_events)
    return base


def codes(a) -> list[str]:
    return [x.code for x in a.actions]


def fired(a) -> set[str]:
    return {t.rule for t in a.trace if t.status == "fired"}


def versions(citations) -> dict[str, tuple]:
    return {c.key: (c.version_du, c.version_au) for c in citations}


BOTH = pytest.mark.parametrize("titres", [False, True], ids=["evenements", "titres"])


# ------------------------------------------------------------------------------ CPC 1411: three months to serve


@BOTH
def test_order_of_14_september_2026_to_be_served_by_14_december_2026(titres):
    # CPC 1411 (décret 2026-96, order rendered from 01/09/2026): Monday 14/09/2026 + 3 months = Monday 14/12/2026
    # (CPC 641, same day of the month; a working day, no CPC 642 extension).
    a = evaluate(dossier("2026-09-14", titres=titres), "2026-10-01", engine="python")
    (s,) = a.actions_of("signifier_injonction_de_payer")
    assert s.deadline == date(2026, 12, 14) and s.priority == 8
    assert s.rule == "voies_de_recouvrement.signifier_injonction_de_payer_2026"
    assert "TROIS mois" in s.purpose and "1418" in s.purpose
    # The 2026 version of 1411 (in force 01/04/2026), not the closed one of 2022.
    assert versions(s.citations)["cpc_1411"] == (date(2026, 4, 1), None)
    assert "cpc_1411_2022" not in versions(s.citations)
    # Nothing else is recommended while the order can still be served.
    assert "requete_injonction_de_payer" not in codes(a)


@BOTH
def test_order_of_3_september_2026_unserved_on_5_december_2026_is_non_avenue(titres):
    # CPC 1411: Thursday 03/09/2026 + 3 months = Thursday 03/12/2026, last day to serve; from Friday 04/12/2026 the
    # order is non avenue. On Saturday 05/12/2026 it is, and a new route opens (under the old six months it would
    # still run until 03/03/2027).
    a = evaluate(dossier("2026-09-03", titres=titres), "2026-12-05", engine="python")
    f = a.finding("injonction_de_payer_non_avenue")
    assert f.value is True and f.since == date(2026, 12, 4)
    assert "voies_de_recouvrement.injonction_de_payer_non_avenue_2026" in fired(a)
    assert "signifier_injonction_de_payer" not in codes(a)
    assert "requete_injonction_de_payer" in codes(a)
    # On the last day itself (Thursday 03/12/2026) it can still be served.
    a = evaluate(dossier("2026-09-03", titres=titres), "2026-12-03", engine="python")
    assert a.finding("injonction_de_payer_non_avenue") is None
    assert a.actions_of("signifier_injonction_de_payer")[0].deadline == date(2026, 12, 3)


def test_first_day_of_the_new_regime_and_last_day_of_the_old_one():
    # Order of Tuesday 01/09/2026 (first day, décret 2026-96 art. 9): + 3 months = Tuesday 01/12/2026.
    a = evaluate(dossier("2026-09-01"), "2026-09-02", engine="python")
    assert a.actions_of("signifier_injonction_de_payer")[0].deadline == date(2026, 12, 1)
    # Order of Monday 31/08/2026 (old regime): + 6 months = 28/02/2027 (CPC 641 al. 2: no 31 February, last day of
    # the month), a Sunday → CPC 642: Monday 01/03/2027.
    a = evaluate(dossier("2026-08-31"), "2026-09-02", engine="python")
    (s,) = a.actions_of("signifier_injonction_de_payer")
    assert s.deadline == date(2027, 3, 1)
    assert s.rule == "voies_de_recouvrement.signifier_injonction_de_payer"
    assert versions(s.citations)["cpc_1411_2022"] == (date(2022, 3, 1), date(2026, 3, 31))


@BOTH
def test_order_served_after_three_months_is_non_avenue(titres):
    # Order of 14/09/2026, last day Monday 14/12/2026; served Tuesday 15/12/2026: too late, non avenue since 15/12.
    a = evaluate(dossier("2026-09-14", "2026-12-15", titres=titres), "2026-12-20", engine="python")
    f = a.finding("injonction_de_payer_non_avenue")
    assert f.since == date(2026, 12, 15)
    assert a.finding("injonction_de_payer_executoire") is None


# ------------------------------------------------------------------------------ CPC 1422: two months after service


@BOTH
def test_order_of_15_september_served_8_october_2026_not_enforceable_before_9_december(titres):
    # CPC 1416: served Thursday 08/10/2026 + 1 month = Sunday 08/11/2026 → CPC 642: Monday 09/11/2026, last day to
    # oppose. CPC 1422 al. 2 (order rendered from 01/09/2026): « à l'expiration d'un délai de deux mois suivant la
    # signification »: 08/10 + 2 months = Tuesday 08/12/2026; enforceable from Wednesday 09/12/2026 — not on
    # 10/11/2026 as the old rule (one month) would have said.
    d = dossier("2026-09-15", "2026-10-08", titres=titres)
    a = evaluate(d, "2026-11-10", engine="python")
    assert a.finding("delai_opposition_injonction").value == date(2026, 11, 9)
    assert a.finding("injonction_de_payer_executoire") is None and "executer_titre" not in codes(a)
    # Before that day the assessment names it (and the timeline shows it ahead).
    f = a.finding("execution_injonction_possible_le")
    assert f.value == date(2026, 12, 9) and "cpc_1422" in versions(f.citations)
    assert any(t.date == date(2026, 12, 9) and t.kind == "futur" for t in a.timeline)
    a = evaluate(d, "2026-12-08", engine="python")
    assert a.finding("injonction_de_payer_executoire") is None and "executer_titre" not in codes(a)
    assert a.finding("execution_injonction_possible_le").value == date(2026, 12, 9)
    a = evaluate(d, "2026-12-09", engine="python")
    f = a.finding("injonction_de_payer_executoire")
    assert f.since == date(2026, 12, 9)
    assert "voies_de_recouvrement.injonction_de_payer_executoire_2026" in fired(a)
    assert a.finding("execution_injonction_possible_le") is None  # reached: the enforceability finding says it
    assert versions(f.citations)["cpc_1422"] == (date(2026, 4, 1), None)
    assert any("avis d'opposition" in h for h in f.assumptions)
    assert "executer_titre" in codes(a)
    if titres:
        # The title's own computation (module titres) says the same day.
        assert a.finding("titre_executoire_obtenu").value == date(2026, 12, 9)


def test_debtor_abroad_the_longer_opposition_period_wins():
    # CPC 1416 + 643: debtor abroad, 1 + 2 = 3 months from Thursday 08/10/2026 = Friday 08/01/2027; the two months
    # of 1422 end on 08/12/2026 (no distance extension: 643 does not list this délai): the later day wins,
    # enforceable from Saturday 09/01/2027.
    d = dossier("2026-09-15", "2026-10-08", debiteur={**COMMERCANT, "residence": "etranger"})
    a = evaluate(d, "2027-01-10", engine="python")
    assert a.finding("injonction_de_payer_executoire").since == date(2027, 1, 9)
    d = dossier("2026-09-15", "2026-10-08", titres=True, debiteur={**COMMERCANT, "residence": "etranger"})
    assert evaluate(d, "2027-01-10", engine="python").finding("titre_executoire_obtenu").value == date(2027, 1, 9)


def test_service_without_order_date_from_september_2026_takes_the_later_rule():
    # Only the service (Thursday 08/10/2026) is known: the order may be of August or September 2026. The two months
    # of 1422 are applied (prudence: do not enforce too early): enforceable from 09/12/2026, not from 10/11/2026.
    a = evaluate(dossier(None, "2026-10-08"), "2026-11-20", engine="python")
    assert a.finding("injonction_de_payer_executoire") is None
    a = evaluate(dossier(None, "2026-10-08"), "2026-12-09", engine="python")
    assert a.finding("injonction_de_payer_executoire").since == date(2026, 12, 9)


# ------------------------------------------------------------------------------ the old regime is kept


@BOTH
def test_order_of_2025_keeps_six_months_and_the_one_month_rule(titres):
    # Order of Wednesday 15/01/2025: CPC 1411 (version of 01/03/2022) + 6 months = Tuesday 15/07/2025.
    a = evaluate(dossier("2025-01-15", titres=titres), "2025-03-03", engine="python")
    (s,) = a.actions_of("signifier_injonction_de_payer")
    assert s.deadline == date(2025, 7, 15) and s.rule == "voies_de_recouvrement.signifier_injonction_de_payer"
    # Served Monday 03/02/2025: CPC 1416, + 1 month = Monday 03/03/2025; CPC 1422 (2022): enforceable the next day,
    # Tuesday 04/03/2025 — evaluated today (06/12/2026), the old rule still governs that order.
    # During the opposition month (10/02/2025) the first day of enforcement is named: 04/03/2025.
    b = evaluate(dossier("2025-01-15", "2025-02-03", titres=titres), "2025-02-10", engine="python")
    assert b.finding("execution_injonction_possible_le").value == date(2025, 3, 4)
    assert "voies_de_recouvrement.execution_injonction_a_venir" in fired(b)
    a = evaluate(dossier("2025-01-15", "2025-02-03", titres=titres), "2026-12-06", engine="python")
    f = a.finding("injonction_de_payer_executoire")
    assert f.since == date(2025, 3, 4)
    assert "voies_de_recouvrement.injonction_de_payer_executoire" in fired(a)
    assert versions(f.citations)["cpc_1422_2022"] == (date(2022, 3, 1), date(2026, 3, 31))
    assert "cpc_1422" not in versions(f.citations)
    if titres:
        assert a.finding("titre_executoire_obtenu").value == date(2025, 3, 4)


def test_order_of_july_2026_still_has_six_months_in_december_2026():
    # Order of Wednesday 15/07/2026 (before 01/09/2026): + 6 months = Friday 15/01/2027; on 06/12/2026 it is alive
    # (three months would have ended on 15/10/2026 and wrongly called it non avenue).
    a = evaluate(dossier("2026-07-15"), "2026-12-06", engine="python")
    assert a.finding("injonction_de_payer_non_avenue") is None
    assert a.actions_of("signifier_injonction_de_payer")[0].deadline == date(2027, 1, 15)


# ------------------------------------------------------------------------------ CPC 1418


def test_opposition_to_a_2026_order_warns_to_produce_the_act_of_service():
    a = evaluate(dossier("2026-09-15", "2026-10-08", extra_events=[{"type": "opposition", "date": "2026-10-20"}]),
                 "2026-11-02", engine="python")
    (w,) = [w for w in a.warnings if w.code == "acte_de_signification_a_produire"]
    assert "irrecevabilité" in w.message and "1418" in w.message
    assert a.finding("injonction_de_payer_executoire") is None
    # Not for an order of the old regime.
    a = evaluate(dossier("2025-01-15", "2025-02-03", extra_events=[{"type": "opposition", "date": "2025-02-20"}]),
                 "2025-03-10", engine="python")
    assert "acte_de_signification_a_produire" not in {w.code for w in a.warnings}


# ------------------------------------------------------------------------------ one law, two descriptions


def test_rules_and_the_titles_module_say_the_same_durations():
    # The durations of the rule files (events path) and of regime_injonction (titres[] path) must agree on both sides
    # of the switch date of décret 2026-96 art. 9.
    assert BASCULE_INJONCTION_2026 == date(2026, 9, 1)
    for jour, mois, attente in ((date(2026, 8, 31), 6, None), (date(2026, 9, 1), 3, 2)):
        r = regime_injonction(jour)
        assert (r.mois_signification, r.mois_attente_execution) == (mois, attente)
        a = evaluate(dossier(jour.isoformat()), jour + timedelta(days=1), engine="python")
        read = {t.rule for t in a.trace if t.status == "fired"}
        assert ("voies_de_recouvrement.delai_signification_injonction_2026" in read) == (mois == 3)
        assert ("voies_de_recouvrement.delai_signification_injonction" in read) == (mois == 6)


@settings(deadline=None)
@given(rendue=st.dates(date(2025, 6, 1), date(2027, 6, 30)), service=st.integers(0, 200),
       apres=st.integers(0, 200))
def test_events_and_titles_give_the_same_findings(rendue, service, apres):
    # Same order, same service, same evaluation date: the injunction findings read from events and from titres[]
    # are the same (non avenue and since; enforceable and since), and the title's own date agrees.
    signifiee = rendue + timedelta(days=service)
    as_of = signifiee + timedelta(days=apres)
    out = []
    for titres in (False, True):
        a = evaluate(dossier(rendue.isoformat(), signifiee.isoformat(), titres=titres), as_of, engine="python")
        na, ex = a.finding("injonction_de_payer_non_avenue"), a.finding("injonction_de_payer_executoire")
        out.append(((na.value, na.since) if na else None, (ex.value, ex.since) if ex else None))
        if titres and ex is not None:
            assert a.finding("titre_executoire_obtenu").value == ex.since
    assert out[0] == out[1]
