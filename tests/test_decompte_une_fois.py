"""The décompte is computed once per evaluation (issue 23), and its caches never give a stale answer.

Its cache (and the calculators' memo) is keyed on what may change while the qualified providers run — the
per-invoice stops the prescription analysis sets — so a décompte computed before that analysis is reused after it
exactly when the analysis stops nothing, and recomputed when it stops a time-barred invoice's accessories."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creances_rules import evaluate
from creances_rules.institutions import decompte as dc
from creances_rules.models.loading import load_dossier

AS_OF = date(2026, 12, 6)

# A consumer's two invoices (C. conso. L218-2, two years): F1, due 02/12/2022, is time-barred since December 2024;
# F2, due 02/06/2025, is not. Interest at the legal rate runs on each from its notice (C. civ. 1231-6, 1344-1).
DEUX_FACTURES = {
    "creancier": {"qualite": "professionnel", "nom": "Cuisines SA"},
    "debiteur": {"qualite": "consommateur", "nom": "M. Martin"},
    "factures": [
        {"numero": "F1", "montant_ttc": "3000", "date_emission": "2022-11-02", "date_livraison": "2022-11-02",
         "date_echeance": "2022-12-02"},
        {"numero": "F2", "montant_ttc": "1500", "date_emission": "2025-05-02", "date_livraison": "2025-05-02",
         "date_echeance": "2025-06-02"},
    ],
    "evenements": [{"type": "mise_en_demeure", "date": "2023-01-10"},
                   {"type": "mise_en_demeure", "date": "2025-07-01"}],
}


def _sans_f1() -> dict:
    return {**DEUX_FACTURES, "factures": DEUX_FACTURES["factures"][1:],
            "evenements": DEUX_FACTURES["evenements"][1:]}


def _fresh(dossier, as_of, derivation) -> dc.DecompteCreance:
    """The décompte built again, no cache read."""
    return dc._avec_autre_lecture(dossier, as_of, derivation, None, None, dc.md.lecture_imputation(dossier))


def test_a_decompte_computed_before_the_prescription_analysis_is_not_reused_when_it_stops_an_invoice():
    dossier = load_dossier(DEUX_FACTURES)
    derivation = dc._derivation(dossier, AS_OF)  # every provider run, the prescription analysis included
    # The décompte's own provider ran before the analysis: F1's interest still ran to the evaluation date.
    avant = derivation.facts["decompte.montant_reclamable"]
    apres = dc.calculer_decompte(dossier, AS_OF, derivation=derivation)
    # After it, F1's interest stops on 02/12/2024, the eve of its prescription (C. civ. 2219): a smaller figure.
    assert apres.total < avant
    assert max(x.au for x in apres.lignes if x.facture == "F1" and x.au) == date(2024, 12, 2)
    assert apres.model_dump() == _fresh(dossier, AS_OF, derivation).model_dump()
    assert evaluate(DEUX_FACTURES, AS_OF, engine="python").amounts.total == apres.total


def test_without_anything_prescribed_the_decompte_is_built_once_per_evaluation(monkeypatch):
    construits = []
    construire = dc._construire

    def compte(*args, **kwargs):
        construits.append(args[3])  # the invoices it is restricted to
        return construire(*args, **kwargs)

    monkeypatch.setattr(dc, "_construire", compte)
    a = evaluate(_sans_f1(), AS_OF, engine="python")
    assert a.finding("prescription_acquise") is None
    assert len(construits) == 1, construits  # the provider's décompte is the calculators' and the amounts'
    construits.clear()
    evaluate(DEUX_FACTURES, AS_OF, engine="python")
    # The whole décompte before the analysis, again after it stops F1's interest, and the part claimable now (F2).
    assert construits == [None, None, ["F2"]], construits


def test_the_figures_follow_the_date_and_the_payments_from_one_evaluation_to_the_next():
    # Caches live on one evaluation's derivation: another date, or one more payment, gives other figures, and
    # the first evaluation repeated gives its own again.
    premier = evaluate(_sans_f1(), AS_OF, engine="python").amounts
    plus_tard = evaluate(_sans_f1(), date(2027, 3, 1), engine="python").amounts
    paye = {**_sans_f1(), "paiements": [{"date": "2026-01-15", "montant": "500"}]}
    avec_paiement = evaluate(paye, AS_OF, engine="python").amounts
    encore = evaluate(_sans_f1(), AS_OF, engine="python").amounts
    assert plus_tard.total > premier.total and plus_tard.accessoires > premier.accessoires
    assert avec_paiement.principal_restant_du == premier.principal_restant_du - Decimal("500")
    assert encore.model_dump() == premier.model_dump()
    dossier = load_dossier(paye)
    derivation = dc._derivation(dossier, AS_OF)
    assert dc.calculer_decompte(dossier, AS_OF, derivation=derivation).model_dump() == \
        _fresh(dossier, AS_OF, derivation).model_dump()


# A clause of demeure by exigibility (C. civ. 1344) and a penalty clause; the one invoice paid late.
PAYE_EN_RETARD = {
    "creancier": {"qualite": "professionnel", "nom": "Grossiste SA"},
    "debiteur": {"qualite": "professionnel", "commercant": True, "nom": "Client SARL"},
    "contrat": {"date_conclusion": "2024-06-01", "clause_penale": "500", "clause_demeure_par_exigibilite": True},
    "factures": [{"numero": "F1", "montant_ttc": "7000", "date_emission": "2025-01-02",
                  "date_livraison": "2025-01-02", "date_echeance": "2025-02-01"}],
    "paiements": [{"date": "2025-09-01", "montant": "7000"}],
}


def test_the_notice_date_of_a_penalty_clause_read_after_the_decompte_s_own_provider_is_not_stale():
    # Under a clause of demeure by exigibility, with every invoice paid (late), the notice date of the penalty clause
    # is the décompte's own first due date (``decompte.premiere_exigibilite``), which its provider sets after its
    # first computation: the décompte read afterwards is the one built from that fact, not the provider's.
    dossier = load_dossier(PAYE_EN_RETARD)
    derivation = dc._derivation(dossier, AS_OF)
    assert derivation.facts["decompte.premiere_exigibilite"] == date(2025, 2, 1)
    d = dc.calculer_decompte(dossier, AS_OF, derivation=derivation)
    assert d.model_dump() == _fresh(dossier, AS_OF, derivation).model_dump()
    assert d.clause_penale == Decimal("500.00")


def test_the_decompte_facts_are_the_figures_shown_when_the_penalty_clause_runs_from_the_first_due_date():
    # Same dossier: clause of demeure by exigibility (C. civ. 1344), F1 7 000 € due 01/02/2025, paid 01/09/2025.
    # Late-payment penalties (C. com. L441-10), BCE rate + 10 points, both ends counted:
    #   02/02 → 30/06/2025 = 149 days at 3,15 + 10 = 13,15 % : 7 000 × 13,15 × 149 / 36 500 = 375,77
    #   01/07 → 01/09/2025 =  63 days at 2,15 + 10 = 12,15 % : 7 000 × 12,15 ×  63 / 36 500 = 146,80
    # + indemnité forfaitaire 40 € (D441-5) = 562,57 ; + clause pénale 500 € (C. civ. 1231-5), encourue from the
    # first due date = 1 062,57 €. The fact the rules read was 562,57 (computed before that date was known) while
    # the amounts block showed 1 062,57: one figure now.
    dossier = load_dossier(PAYE_EN_RETARD)
    derivation = dc._derivation(dossier, AS_OF)
    assert derivation.facts["decompte.montant_reclamable"] == Decimal("1062.57")
    assert dc.calculer_decompte(dossier, AS_OF, derivation=derivation).total == Decimal("1062.57")
    a = evaluate(dossier, AS_OF, engine="python", trace=True)
    assert a.amounts.total == Decimal("1062.57")


def test_the_invoice_states_are_computed_again_for_another_date_or_other_invoice_states():
    from creances_rules.institutions.montants_dus import factures as mf

    paye = {**_sans_f1(), "paiements": [{"date": "2026-01-15", "montant": "500"}]}
    dossier = load_dossier(paye)
    derivation = dc._derivation(dossier, AS_OF)
    etats, _ = mf._etats(dossier, derivation, AS_OF)
    assert [e.reste_du for e in etats] == [Decimal("1000.00")]
    assert mf._etats(dossier, derivation, AS_OF)[0] is etats  # once per evaluation
    # Before the payment, the whole invoice is due: another date is another answer, not the remembered one.
    assert [e.reste_du for e in mf._etats(dossier, derivation, date(2026, 1, 14))[0]] == [Decimal("1500")]
    # New invoice states (another derivation's): computed from them.
    derivation.invoices = [dataclasses.replace(s, date_exigibilite=date(2025, 7, 2)) for s in derivation.invoices]
    assert [e.date_exigibilite for e in mf._etats(dossier, derivation, AS_OF)[0]] == [date(2025, 7, 2)]


def _terme_ou_erreur(fn, depart, **duree):
    try:
        return fn(depart, **duree)
    except Exception as exc:  # the same refusal (DelaiInvalide), with the same message
        return type(exc), str(exc)


@given(st.dates(), st.integers(0, 30) | st.integers(0, 10_000), st.integers(0, 14),
       st.integers(0, 40) | st.integers(0, 10**7))
def test_the_remembered_term_of_prescription_is_the_computed_one(depart, ans, mois, jours):
    # Any day of the calendar (29 February, the 31st, up to the year 9999 and past it), any duration (nil refused).
    from creances_rules.law.delais import terme_prescription
    from creances_rules.law.prescription.regimes import _terme_prudent, _terme_tardif

    attendu = _terme_ou_erreur(terme_prescription, depart, ans=ans, mois=mois, jours=jours)
    assert _terme_ou_erreur(_terme_prudent, depart, ans=ans, mois=mois, jours=jours) == attendu
    assert _terme_ou_erreur(_terme_prudent, depart, ans=ans, mois=mois, jours=jours) == attendu
    if isinstance(attendu, date) and attendu < date.max:
        assert _terme_tardif(depart, ans=ans, mois=mois, jours=jours) == attendu + timedelta(days=1)


def test_a_remembered_term_still_refuses_a_bool_duration():
    from creances_rules.law.delais import DelaiInvalide
    from creances_rules.law.prescription.regimes import _terme_prudent

    assert _terme_prudent(date(2020, 1, 1), ans=1) == date(2020, 12, 31)
    with pytest.raises(DelaiInvalide):
        _terme_prudent(date(2020, 1, 1), ans=True)
