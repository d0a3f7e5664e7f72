"""``amounts.interets_journaliers`` and ``valable_jusqu_au`` (SPEC §2, third wave), hand-computed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from creances_rules import evaluate
from creances_rules.institutions.calculators import date_conseillee_au as deadline_glissante
from creances_rules.law.montants.cours import accroissement, journalier

# 10 000 € due 31/01/2025 between professionals, no agreed rate: L441-10 II penalties at the ECB rate of
# 1 January 2025 + 10 points = 3.15 + 10 = 13.15 % (C. com. L441-10 II), running from 01/02/2025.
B2B = {
    "reference": "B2B",
    "creancier": {"qualite": "professionnel"},
    "debiteur": {"qualite": "professionnel", "departement": "75"},
    "factures": [{"numero": "F1", "montant_ttc": "10000.00", "date_emission": "2025-01-01",
                  "date_echeance": "2025-01-31"}],
}


def test_daily_accrual_of_running_penalties():
    a = evaluate(B2B, "2025-03-02")
    # 10 000 × 13.15 / 36 500 = 3.6027… → 3.60 € a day (montants.conventions: base 365, half-cent up).
    assert a.amounts.interets_journaliers == Decimal("3.60")
    assert a.to_dict()["amounts"]["interets_journaliers"] == "3.60"
    assert "sauf à parfaire : 3,60 € par jour" in a.to_text(width=200)


def test_daily_accrual_is_zero_once_paid_and_sums_the_running_lines():
    paid = {**B2B, "paiements": [{"date": "2025-02-15", "montant": "10000.00"}]}
    assert evaluate(paid, "2025-03-02").amounts.interets_journaliers == Decimal("0.00")  # nothing runs any more
    # Two lines: 10 000 € at 13.15 % and 2 000 € at 13.15 %: (10 000 + 2 000) × 13.15 / 36 500 = 4.3232… → 4.32 €.
    lines = [("penalites_l441_10", Decimal("10000.00"), Decimal("13.15"), 30),
             ("penalites_l441_10", Decimal("2000.00"), Decimal("13.15"), 10)]
    assert journalier(lines) == Decimal("4.32")
    # 5 more days, each line rounded once (as the décompte does): 10 000 × 13.15 × 35 / 36 500 = 126.095… → 126.10,
    # minus 108.08 (30 days) = 18.02; 2 000 × 13.15 × 15 / 36 500 = 10.808… → 10.81, minus 7.21 (10 days) = 3.60.
    assert accroissement(lines, 5) == Decimal("21.62")


def test_valid_until_the_eve_of_the_next_rate_period():
    a = evaluate(B2B, "2025-03-02")
    # Rates are fixed per semester (L441-10 II: ECB rate of 1 January / 1 July): the 2025-S2 rate starts on
    # 01/07/2025; the recommended steps count from the evaluation date and move with it.
    assert a.valable_jusqu_au == date(2025, 6, 30)
    later = evaluate(B2B, "2025-06-30")
    assert [x.code for x in later.actions] == [x.code for x in a.actions]


def test_a_payment_dated_ahead_ends_the_validity_the_day_before():
    a = evaluate({**B2B, "paiements": [{"date": "2025-04-10", "montant": "500.00"}]}, "2025-03-02")
    assert a.valable_jusqu_au == date(2025, 4, 9)  # on 10/04 the base of the penalties changes


def test_a_fixed_deadline_ends_the_validity_the_day_before():
    # A consumer's debt: two years (C. conso. L218-2) from the due date 31/03/2023 → last day 30/03/2025
    # (C. civ. 2228-2229 as the library counts it); interrupting it is due by then.
    cons = {"reference": "C", "creancier": {"qualite": "professionnel"},
            "debiteur": {"qualite": "consommateur", "departement": "75"},
            "factures": [{"numero": "F1", "montant_ttc": "800.00", "date_emission": "2023-03-01",
                          "date_echeance": "2023-03-31"}]}
    a = evaluate(cons, "2025-03-02")
    assert a.finding("date_prescription").value == date(2025, 3, 30)
    assert a.valable_jusqu_au == date(2025, 3, 29)


def test_a_threshold_crossed_by_the_accrual_ends_the_validity_before_it():
    # 4 900 € at 13.15 %. On 02/03/2025 (30 days): 4 900 + 52.96 = 4 952.96 « en principal et intérêts » (CPCE
    # R125-1's 5 000 € ceiling, rules/voies_de_recouvrement.yaml). The penalty line, extended and rounded once:
    # 56 days → 4 900 × 13.15 × 56 / 36 500 = 98.86; 57 days → 100.62: the amount passes 5 000 € on the 57th day of
    # delay, 29/03/2025 (01/02 + 56 days). So the assessment of 02/03 holds until 28/03/2025.
    small = {**B2B, "factures": [{**B2B["factures"][0], "montant_ttc": "4900.00"}]}
    a = evaluate(small, "2025-03-02")
    assert a._context.facts["decompte.principal_et_interets"] == Decimal("4952.96")
    assert a.valable_jusqu_au == date(2025, 3, 28)
    assert evaluate(small, "2025-03-28")._context.facts["decompte.principal_et_interets"] == Decimal("4998.86")
    assert evaluate(small, "2025-03-29")._context.facts["decompte.principal_et_interets"] == Decimal("5000.62")
    # A calendar date, not a count of days: evaluated a week later, the same.
    assert evaluate(small, "2025-03-09").valable_jusqu_au == date(2025, 3, 28)


def test_a_deadline_counted_from_the_evaluation_date_moves_with_it():
    # « dès la date d'évaluation », on a working day (CPC 642 calendar): Sunday 02/03/2025 → Monday 03/03/2025.
    assert deadline_glissante(None, 0, date(2025, 3, 2), "75") == date(2025, 3, 3)
    # « 8 jours après la date d'évaluation » from Monday 03/03 → Tuesday 11/03/2025.
    assert deadline_glissante(None, 8, date(2025, 3, 3), "75") == date(2025, 3, 11)
    # A start + days still ahead of the floor keeps its own date (a Friday).
    assert deadline_glissante(date(2025, 3, 14), 0, date(2025, 3, 3), "75") == date(2025, 3, 14)
    a, b = evaluate(B2B, "2025-03-02"), evaluate(B2B, "2025-03-04")
    assert a.actions[0].code == b.actions[0].code == "envoyer_relance"
    assert (a.actions[0].deadline, b.actions[0].deadline) == (date(2025, 3, 3), date(2025, 3, 4))
    assert a.valable_jusqu_au == b.valable_jusqu_au


def test_valid_until_is_never_before_the_evaluation_date():
    a = evaluate({**B2B, "evenements": [{"type": "relance", "date": "2025-03-02", "forme": "email"}]}, "2025-03-02")
    assert a.valable_jusqu_au == date(2025, 3, 2)  # an event of the day: tomorrow may differ
    assert a.valable_jusqu_au >= a.as_of
    assert timedelta(0) == a.valable_jusqu_au - a.as_of


def test_the_threshold_day_found_from_the_exact_accrual_is_the_bisection_s_day():
    # _franchissement brackets the crossing day with the exact accrual before bisecting: it must answer the
    # day the plain doubling-then-halving search answers, including a threshold reached today, never
    # reached, or reached only by the rounding of tiny lines (where the bracket's arithmetic is loosest).
    import random

    from creances_rules.evaluation import validite as v

    rng = random.Random(23)
    natures = ("penalites_l441_10", "interets_moratoires", "titre_interets")
    for _ in range(1500):
        lignes = [(rng.choice(natures), Decimal(rng.randint(0, 10 ** rng.randint(0, 8))) / 100,
                   Decimal(rng.randint(0, 2500)) / 100, rng.randint(0, 900)) for _ in range(rng.randint(1, 4))]
        m = Decimal(rng.randint(0, 10**7)) / 100
        seuil = m + Decimal(rng.choice([0, 1, rng.randint(0, 10 ** rng.randint(0, 8))])) / 100
        keep = rng.choice([None, natures[:2]])

        def passe(jours, lignes=lignes, m=m, seuil=seuil, keep=keep):
            value = m + accroissement(lignes, jours, keep)
            return value > seuil if m == seuil else value >= seuil

        chosen = [(b, t) for n, b, t, _ in lignes if keep is None or n in keep]
        expected = v._premier_jour_par_dichotomie(passe)
        assert v._premier_jour_croissant(passe, seuil - m, chosen) == expected
        as_of = date(2025, 3, 3)
        assert v._franchissement(m, seuil, lignes, keep, as_of) == (
            None if expected is None else as_of + timedelta(days=expected))


def test_months_are_added_as_dateutil_adds_them():
    from dateutil.relativedelta import relativedelta

    from creances_rules.evaluation.validite import _plus_mois

    day = date(2019, 12, 1)
    while day < date(2025, 3, 1):  # month ends, 29 February, year boundaries both ways
        for months in (-12, -6, -1, 1, 13, 60):
            assert _plus_mois(day, months) == day + relativedelta(months=months)
        day += timedelta(days=1)


def test_dates_are_collected_at_every_level_the_walk_reaches_and_not_below():
    from creances_rules.evaluation.validite import _dates

    lo = date(2025, 1, 1)
    inner = [date(2025, 6, 1), date(2024, 1, 1), {"x": (date(2026, 1, 1), "texte", None, Decimal(3))}]
    deep = {"a": inner}
    for _ in range(6):  # dict (depth 0), list (1), dict (2) … : containers deeper than 6 are not opened
        deep = {"n": [deep, date(2025, 2, 1)]}
    out: list[date] = []
    _dates(deep, out, lo)
    assert sorted(out) == [date(2025, 2, 1)] * 3  # the lists at depths 1, 3 and 5; not 7 and below
    out = []
    _dates({"a": inner, "b": date(2025, 1, 1), "c": [date(2030, 1, 1)]}, out, lo)
    assert sorted(out) == [date(2025, 1, 1), date(2025, 6, 1), date(2026, 1, 1), date(2030, 1, 1)]
