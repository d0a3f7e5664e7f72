"""Properties of the décompte (issue 9) that must hold for any dossier.

- Its totals are the sums of its lines (CPC 1407: the amount claimed IS the sum of its elements).
- Every money action carries the décompte's claimed amount, or a part its ``amount_basis`` names.
- A set-off (C. civ. 1347) never increases what is claimed; neither does a payment: each extinguishes
  principal or accrued accessories to its amount, and the accessories afterwards run on a base that is never
  higher (C. civ. 1342-10, 1343-1 under either reading, 1347-4).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from creances_rules import evaluate
from creances_rules.institutions.decompte import COMPENSATION, _PARTS, avec_partie_reclamable, calculer_decompte
from creances_rules.models.loading import load_dossier

from .strategies import dossiers

ZERO = Decimal("0.00")
readings = st.sampled_from(["principal_d_abord", "interets_d_abord"])


def _with_reading(dossier: dict, reading: str) -> dict:
    return {**dossier, "contrat": {**dossier["contrat"], "imputation_paiements": reading}}


def _claimed(dossier: dict, as_of: date) -> Decimal:
    return calculer_decompte(load_dossier(dossier), as_of).montant_reclame


def _time_barred(dossier: dict, as_of: date) -> bool:
    """Some invoice is not claimable now (time-barred, or stayed): its accessories stop at its lapse (issue 20). A
    payment is also an acknowledgment (C. civ. 2240) and a set-off changes what is paid when: either may keep such an
    invoice alive and running, so « never increases » is checked where every invoice is claimable."""
    # avec_partie_reclamable, not calculer_decompte: only the former fills non_reclamables (a bare décompte left it
    # empty, so a dossier whose three invoices had lapsed, revived by a 0,01 € payment — an acknowledgment of one
    # invoice, C. civ. 2240 — passed this guard and « increased » what is claimed by running one more day).
    return bool(avec_partie_reclamable(load_dossier(dossier), as_of).non_reclamables)


@given(dossiers(), readings)
def test_totals_are_the_sums_of_the_lines(case, reading):
    dossier, as_of = case
    d = calculer_decompte(load_dossier(_with_reading(dossier, reading)), as_of)
    assert d.total_apres_compensation == sum((x.montant for x in d.lignes), ZERO)
    assert d.total == sum((x.montant for x in d.lignes if x.nature != COMPENSATION), ZERO)
    assert d.montant_reclame == d.total_apres_compensation == d.total - d.compensation
    assert d.principal + d.accessoires == d.total
    assert d.principal >= 0 and d.compensation >= 0


@given(dossiers())
def test_every_money_action_carries_the_decompte_or_a_named_part(case):
    dossier, as_of = case
    a = evaluate(dossier, as_of, engine="python", trace=False)
    # with the invoices not claimable now (prescribed, stayed by a collective proceeding) and the rest (issue 20)
    d = avec_partie_reclamable(load_dossier(dossier), as_of)
    assert a.amounts.reclamable_maintenant == d.montant_reclamable_maintenant <= d.montant_reclame
    assert a.amounts.total == d.total and a.amounts.principal_restant_du == d.principal
    assert a.amounts.montant_reclame == d.montant_reclame
    if d.compensation:
        assert a.amounts.total_apres_compensation == d.montant_reclame
    finding = a.finding("decompte_creance")
    if finding is not None:
        assert finding.value == d.montant_reclame
    for action in a.actions:
        if action.amount is None or action.rule.startswith("compensation.judiciaire"):
            continue  # a judicial set-off's amount is what the judge may set off, not a sum claimed
        if action.amount == d.montant_reclame:
            continue
        # Otherwise the basis names the part the action is for, and the amount is that part: a part of the
        # décompte, or the finding of the institution that computes it (e.g. the pre-opening claims to declare).
        assert action.amount_basis and "part" in action.amount_basis, (action.code, action.amount_basis)
        named = [p for p, text in _PARTS.items() if text in action.amount_basis]
        constats = [f for f in a.findings if f"(constat {f.code})" in action.amount_basis]
        if "(fait " in action.amount_basis:
            continue  # a part its institution keeps as a fact (an instalment, the arrears of a payment plan)
        assert named or constats, (action.code, action.amount_basis)
        if named:
            # A part of what may be claimed from the debtor now: with invoices excluded (time-barred, stayed by a
            # collective proceeding), the part of the décompte of the others, and the basis names the exclusions.
            # Drawn case: F0 and F1 of 1,00 €, F0 time-barred on 02/01/2017: the penalties and indemnity asked are
            # F1's 0,40 €, not 0,80 € with F0's (C. civ. 2219: a time-barred debt's accessories are not claimed).
            # (A legal set-off's part stays the whole décompte's: it may extinguish a debt that was not yet
            # time-barred when both coexisted — its basis then names no exclusion.)
            source = d
            if "exclue" in action.amount_basis:
                assert d.non_reclamables and d.partie_reclamable is not None, (action.code, action.amount_basis)
                source = d.partie_reclamable
            assert action.amount == source.part(named[0]), (action.code, named[0])
        else:
            assert action.amount == constats[0].value, (action.code, constats[0].code)


@given(dossiers(), readings, st.data())
def test_a_setoff_never_increases_what_is_claimed(case, reading, data):
    dossier, as_of = case
    if not dossier.get("dettes_du_creancier"):
        # Four drawn dossiers in five have no debt of the creditor: one is drawn here rather than the dossier
        # discarded (discarding that many made Hypothesis's filter health check fail now and then).
        depart = min((date.fromisoformat(f["date_emission"]) for f in dossier["factures"]), default=as_of)
        dossier = {**dossier, "dettes_du_creancier": [{
            "montant": str(data.draw(st.decimals(min_value="0.01", max_value="20000", places=2), label="montant")),
            "date_exigibilite": (depart + timedelta(days=data.draw(st.integers(0, 400), label="jours"))).isoformat(),
            "connexe": data.draw(st.booleans(), label="connexe"),
            "liquide": data.draw(st.booleans(), label="liquide"),
        }]}
    dossier = _with_reading(dossier, reading)
    without = {k: v for k, v in dossier.items() if k != "dettes_du_creancier"}
    assume(not _time_barred(dossier, as_of) and not _time_barred(without, as_of))
    assert _claimed(dossier, as_of) <= _claimed(without, as_of)


@given(dossiers(), readings, st.integers(0, 900), st.decimals(min_value="0.01", max_value="20000", places=2),
       st.booleans())
def test_a_payment_never_increases_what_is_claimed(case, reading, offset, montant, designee):
    dossier, as_of = case
    # Known limit, said in rules/compensation.yaml (not_modelled): the set-off is computed on what remains due at
    # the assessment date, so a payment made after the set-off took effect displaces it instead of being an undue
    # payment; with creditor's debts a later payment may then leave a few cents of penalties. Excluded here.
    assume(not dossier.get("dettes_du_creancier"))
    dossier = _with_reading(dossier, reading)
    first = min(date.fromisoformat(f["date_emission"]) for f in dossier["factures"])
    jour = first + timedelta(days=offset)
    assume(jour <= as_of)
    paiement = {"date": jour.isoformat(), "montant": str(montant),
                **({"facture": dossier["factures"][0]["numero"]} if designee else {})}
    more = {**dossier, "paiements": [*dossier["paiements"], paiement]}
    assume(not _time_barred(more, as_of) and not _time_barred(dossier, as_of))
    assert _claimed(more, as_of) <= _claimed(dossier, as_of)


@given(dossiers(), readings)
def test_the_other_reading_is_skipped_only_when_it_gives_the_same_figures(case, reading):
    """`calculer_decompte` computes the other reading of 1343-1 only when a payment (or set-off) came on or
    after the first day an accessory ran. Computing both every time must give the same answer: when the
    shortcut applies, the other reading (computed here by brute force) has the same total and principal."""
    from creances_rules.institutions import decompte as dm

    dossier, as_of = case
    loaded = load_dossier(_with_reading(dossier, reading))
    d = calculer_decompte(loaded, as_of)
    other = "interets_d_abord" if reading == "principal_d_abord" else "principal_d_abord"
    o = calculer_decompte(loaded, as_of, imputation=other)
    differs = (o.total_apres_compensation, o.principal) != (d.total_apres_compensation, d.principal)
    assert (d.autre_lecture is not None) == differs
    if differs:
        assert d.autre_lecture.total_apres_compensation == o.total_apres_compensation
        assert d.autre_lecture.principal == o.principal
