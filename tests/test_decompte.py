"""The décompte (issue 9): one claimable amount, computed once, read by amounts, findings and actions.

Each figure is computed by hand in the comment: base × taux × jours / 36 500, rounded to the cent per line
(half-cent up); days from the day after the start to the end day inclusive; the day of a payment (or of a
set-off's effect) is counted on the old base. Rates of the package's tables: L441-10 default penalties
2024-S1 14,50 % (ECB 4,50 % + 10), 2025-S1 13,15 % (ECB 3,15 % + 10).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.engines import durable_engine
from creances_rules.institutions.decompte import calculer_decompte
from creances_rules.models.loading import load_dossier

D = Decimal
B2B = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"}}
ENGINES = ["python"] + (["durable"] if durable_engine.available() else [])
ROUTES = {"procedure_petites_creances", "requete_injonction_de_payer", "refere_provision", "assignation_en_paiement",
          "mesure_conservatoire", "envoyer_mise_en_demeure", "envoyer_relance", "relancer_par_telephone",
          "interrompre_prescription"}


def money_actions(a):
    return [x for x in a.actions if x.amount is not None]


# ------------------------------------------------------------------------------ paid late in full

PAYEE_EN_RETARD = {**B2B, "contrat": {"date_conclusion": "2023-06-01"},
                   "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2024-01-02",
                                 "date_echeance": "2024-01-31"}],
                   "paiements": [{"date": "2024-03-01", "montant": 10000}]}


@pytest.mark.parametrize("engine", ENGINES)
def test_late_invoice_paid_in_full_leaves_penalties_and_40_euros_claimable(engine):
    # C. com. L441-10 II: penalties run from 01/02/2024 without reminder, at the ECB rate of 1 Jan 2024 (4,50 %)
    # + 10 = 14,50 %, up to the payment day 01/03/2024: 29 (Feb. 2024) + 1 = 30 days:
    #   10 000 × 14,50 × 30 / 36 500 = 4 350 000 / 36 500 = 119,1781 → 119,18 €.
    # Default imputation (contrat.imputation_paiements = principal_d_abord): the 10 000 € settle the principal;
    # the accrued penalties stay claimed apart. D441-5: 40 € for the invoice paid late.
    # Décompte: 0 + 119,18 + 40 = 159,18 €.
    a = evaluate(PAYEE_EN_RETARD, "2024-04-01", engine=engine)
    f = a.finding("decompte_creance")
    assert f.value == D("159.18") and f.since == date(2024, 1, 31)
    assert a.finding("penalites_de_retard_dues").value == D("119.18")
    assert a.finding("indemnite_forfaitaire_due").value == D("40.00")
    assert (a.amounts.principal_restant_du, a.amounts.accessoires, a.amounts.total) == (D("0.00"), D("159.18"),
                                                                                         D("159.18"))
    assert [(x.nature, x.montant) for x in a.amounts.lignes] == [("penalites_l441_10", D("119.18")),
                                                                 ("indemnite_forfaitaire", D("40.00"))]
    assert "payée en retard" in a.amounts.lignes[1].libelle
    # The claim for the accessories is a claim: exigible since the due date (L441-10 II: due the day after),
    # with a prescription date — C. civ. 2224, 5 years (no party said to be a trader), from the due date
    # 31/01/2024, the payment of the principal not read as acknowledging the penalties (prudent reading);
    # the library's convention counts the day of departure (C. civ. 2228-2229) → 30/01/2029 — and a route to
    # recover it (here the amicable ones: reminder, mise en demeure, with the décompte's amount).
    assert a.finding("creance_exigible").since == date(2024, 1, 31)
    assert a.finding("date_prescription").value == date(2029, 1, 30)
    assert any(x.code in ROUTES for x in a.actions)
    for x in money_actions(a):
        if x.code in ROUTES:
            assert x.amount == D("159.18"), x.code


@pytest.mark.parametrize("engine", ENGINES)
def test_invoice_still_unpaid_is_said_late_not_paid_late(engine):
    # Same invoice, nothing paid: 40 € for an invoice "en retard" (not "payée en retard").
    a = evaluate({**PAYEE_EN_RETARD, "paiements": []}, "2024-04-01", engine=engine)
    indemnite = next(x for x in a.amounts.lignes if x.nature == "indemnite_forfaitaire")
    assert "(en retard)" in indemnite.libelle and "payée" not in indemnite.libelle
    assert "facture en retard" in a.amounts.lignes[0].libelle


# ------------------------------------------------------------------------------ three invoices, 1342-10

TROIS_FACTURES = {**B2B, "contrat": {"date_conclusion": "2024-06-01"},
                  "factures": [
                      {"numero": "F1", "montant_ttc": 3000, "date_emission": "2025-01-01", "date_echeance": "2025-01-31"},
                      {"numero": "F2", "montant_ttc": 2000, "date_emission": "2025-01-29", "date_echeance": "2025-02-28"},
                      {"numero": "F3", "montant_ttc": 1000, "date_emission": "2025-03-01", "date_echeance": "2025-03-31"}],
                  "paiements": [{"date": "2025-04-15", "montant": 4000}]}


@pytest.mark.parametrize("engine", ENGINES)
def test_three_invoices_unallocated_payment_principal_first(engine):
    # 4 000 € paid 15/04/2025 without designation. C. civ. 1342-10 al. 2: all three invoices are due; equal
    # interest; the oldest first: F1 receives 3 000 € (its principal), F2 the remaining 1 000 €.
    # L441-10 penalties at 13,15 % (2025-S1), as of 15/05/2025:
    #   F1: 3 000 from 01/02 to 15/04 = 28 + 31 + 15 = 74 d: 3 000 × 13,15 × 74 / 36 500 = 2 919 300 / 36 500
    #       = 79,9808 → 79,98 ; then nothing (principal settled).
    #   F2: 2 000 from 01/03 to 15/04 = 31 + 15 = 46 d: 2 000 × 13,15 × 46 / 36 500 = 1 209 800 / 36 500 = 33,1452
    #       → 33,15 ; 1 000 from 16/04 to 15/05 = 15 + 15 = 30 d: 1 000 × 13,15 × 30 / 36 500 = 394 500 / 36 500
    #       = 10,8082 → 10,81.
    #   F3 (untouched): 1 000 from 01/04 to 15/05 = 30 + 15 = 45 d: 591 750 / 36 500 = 16,2123 → 16,21.
    # Penalties 79,98 + 33,15 + 10,81 + 16,21 = 140,15 ; indemnities 3 × 40 = 120 (D441-5) ; principal 1 000 + 1 000.
    # Décompte: 2 000 + 140,15 + 120 = 2 260,15 €.
    a = evaluate(TROIS_FACTURES, "2025-05-15", engine=engine)
    assert a.finding("penalites_de_retard_dues").value == D("140.15")
    assert a.finding("decompte_creance").value == D("2260.15")
    assert (a.amounts.principal_restant_du, a.amounts.total, a.amounts.imputation) == (
        D("2000.00"), D("2260.15"), "principal_d_abord")
    assert [(x.facture, x.montant) for x in a.amounts.lignes if x.nature == "principal"] == [
        ("F2", D("1000.00")), ("F3", D("1000.00"))]
    # The other reading (1343-1, next test) gives 2 261,37 €: said in one line, with its figure.
    assert a.amounts.autre_lecture.total_apres_compensation == D("2261.37")
    (w,) = [w for w in a.warnings if w.code == "imputation_autre_lecture"]
    assert "2\u202f261,37 €" in w.message and "2\u202f260,15 €" in w.message


@pytest.mark.parametrize("engine", ENGINES)
def test_three_invoices_unallocated_payment_interest_first(engine):
    # Same dossier, the creditor imputes first on the accrued penalties (C. civ. 1343-1, interets_d_abord).
    # On 15/04/2025 the balances are: F1 3 000 + 79,98 ; F2 2 000 + 33,15 ; F3 1 000 + (01/04 → 15/04, 15 d:
    # 197 250 / 36 500 = 5,40). 1342-10, oldest first: F1 gets 3 079,98 (79,98 penalties, 3 000 principal);
    # F2 the remaining 920,02: 33,15 penalties, 886,87 principal → F2 principal 2 000 − 886,87 = 1 113,13.
    #   F2: 1 113,13 from 16/04 to 15/05 = 30 d: 1 113,13 × 13,15 × 30 / 36 500 = 439 129,785 / 36 500 = 12,0310
    #       → 12,03.
    #   F3 (untouched): 16,21 as above.
    # Accrued 79,98 + 33,15 + 12,03 + 16,21 = 141,37 ; paid by imputation 79,98 + 33,15 = 113,13 ; still due 28,24.
    # Décompte: principal 1 113,13 + 1 000 = 2 113,13 ; + 28,24 + 120 = 2 261,37 €.
    d = {**TROIS_FACTURES, "contrat": {**TROIS_FACTURES["contrat"], "imputation_paiements": "interets_d_abord"}}
    a = evaluate(d, "2025-05-15", engine=engine)
    assert a.finding("penalites_de_retard_dues").value == D("28.24")
    assert a.finding("decompte_creance").value == D("2261.37")
    assert (a.amounts.principal_restant_du, a.amounts.total, a.amounts.imputation) == (
        D("2113.13"), D("2261.37"), "interets_d_abord")
    assert sum((x.montant for x in a.amounts.lignes if x.nature == "accessoires_payes"), D(0)) == D("-113.13")
    assert a.amounts.autre_lecture.total_apres_compensation == D("2260.15")


# ------------------------------------------------------------------------------ set-off against a B2B invoice

COMPENSATION = {**B2B, "contrat": {"date_conclusion": "2024-06-01"},
                "factures": [{"numero": "F1", "montant_ttc": 10000, "date_emission": "2025-01-01",
                              "date_echeance": "2025-01-31"}],
                "dettes_du_creancier": [{"description": "avoir", "montant": 4000, "date_exigibilite": "2025-03-01"}]}


@pytest.mark.parametrize("engine", ENGINES)
def test_setoff_reduces_the_penalty_base_from_its_effect_date(engine):
    # C. civ. 1347-1: the creditor's debt of 4 000 € is fungible, certain, liquid, due 01/03/2025; the invoice is
    # due since 31/01/2025: conditions met on 01/03/2025, the set-off's effect date once invoked (1347 al. 2),
    # imputed like a payment (1347-4) on the principal (default reading). L441-10 penalties at 13,15 %:
    #   10 000 from 01/02 to 01/03 = 28 + 1 = 29 d: 10 000 × 13,15 × 29 / 36 500 = 3 813 500 / 36 500 = 104,4795
    #     → 104,48 ;
    #   6 000 from 02/03 to 30/04 = 30 + 30 = 60 d: 6 000 × 13,15 × 60 / 36 500 = 4 734 000 / 36 500 = 129,6986
    #     → 129,70.
    # Penalties 234,18 ; + 40 € (D441-5). Décompte before set-off: 10 000 + 234,18 + 40 = 10 274,18 ; set-off
    # 4 000 ; balance claimed 6 274,18 €. (Without the set-off, 89 days on 10 000: 320,64 € of penalties.)
    a = evaluate(COMPENSATION, "2025-04-30", engine=engine)
    assert a.finding("compensation_legale_acquise").value == D("4000.00")
    assert a.finding("penalites_de_retard_dues").value == D("234.18")
    assert (a.amounts.total, a.amounts.compensation, a.amounts.total_apres_compensation) == (
        D("10274.18"), D("4000.00"), D("6274.18"))
    assert a.finding("decompte_creance").value == D("6274.18")
    (c,) = [x for x in a.amounts.lignes if x.nature == "compensation"]
    assert (c.montant, c.du) == (D("-4000.00"), date(2025, 3, 1))
    assert [(x.du, x.au, x.base) for x in a.amounts.lignes if x.nature == "penalites_l441_10"] == [
        (date(2025, 2, 1), date(2025, 3, 1), D("10000.00")), (date(2025, 3, 2), date(2025, 4, 30), D("6000.00"))]
    assert any("1347 al. 2" in h and "réduit la base" in h for h in a.amounts.hypotheses)
    assert a.actions_of("invoquer_compensation")[0].amount == D("4000.00")
    for x in money_actions(a):
        if x.code in ROUTES:
            assert x.amount == D("6274.18"), x.code


# ------------------------------------------------------------------------------ the public function


def test_parts_for_other_concerns_restrict_invoices_and_stop_accessories():
    # Three-invoice dossier, principal first. factures=["F3"]: F3 only, the payment still imputed across the
    # dossier first (1342-10): 1 000 principal + 16,21 penalties + 40 = 1 056,21.
    # arret_des_accessoires=2025-04-10 (e.g. the eve of an opening judgment, L622-28): F3 from 01/04 to 10/04 =
    # 10 d: 1 000 × 13,15 × 10 / 36 500 = 131 500 / 36 500 = 3,6027 → 3,60 ; 40 € (due before the stop).
    dossier = load_dossier(TROIS_FACTURES)
    d = calculer_decompte(dossier, date(2025, 5, 15), factures=["F3"])
    assert (d.principal, d.penalites, d.indemnites, d.total) == (D("1000.00"), D("16.21"), D("40.00"), D("1056.21"))
    d = calculer_decompte(dossier, date(2025, 5, 15), factures=["F3"], arret_des_accessoires=date(2025, 4, 10))
    assert (d.penalites, d.total) == (D("3.60"), D("1043.60"))
    with pytest.raises(ValueError, match="F9"):
        calculer_decompte(dossier, date(2025, 5, 15), factures=["F9"])


def test_cli_json_one_figure_in_amounts_the_finding_and_each_money_action():
    # examples/facture_b2b_impayee.yaml as of 01/07/2025 (B2B, default imputation): 3 000 € paid on 2025-031
    # settle its principal → principal 5 400 + 2 160 = 7 560 €; penalties 266,45 € and 2 × 40 € → 7 906,45 €
    # (the lines are checked by hand in the other tests; here: the same figure everywhere it is read).
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from creances_rules.tools.cli import main

    example = str(Path(__file__).parents[1] / "examples" / "facture_b2b_impayee.yaml")
    r = CliRunner().invoke(main, ["evaluate", example, "--as-of", "2025-07-01", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    amounts = data["amounts"]
    figure = D(amounts["montant_reclame"])
    assert figure == D(amounts["total"]) == sum((D(x["montant"]) for x in amounts["lignes"]), D(0))
    assert D(amounts["principal_restant_du"]) == D("7560.00")
    (finding,) = [f for f in data["findings"] if f["code"] == "decompte_creance"]
    assert D(finding["value"]) == figure
    money = [x for x in data["actions"] if x["amount"] is not None]
    assert money
    for x in money:
        assert D(x["amount"]) == figure or "part" in x["amount_basis"], x["code"]
    assert D(next(x for x in money if x["code"] == "reclamer_penalites_et_indemnite")["amount"]) == D(
        amounts["accessoires"])


@pytest.mark.parametrize("engine", ENGINES)
def test_open_proceeding_the_claim_is_the_one_declared(engine):
    # C. com. L622-28: the opening judgment stops penalties and interest; what ran up to the eve is owed and
    # declared (L622-24). So the claimable amount of the décompte and the declaration carry one figure when every
    # invoice arose and fell due before the opening: here the packaged example (redressement opened 20/05/2025,
    # two 2016 invoices). The figure itself is computed through the same calculator by the declaration; what
    # this asserts is that no second figure exists (issue 9: a part never exceeds the whole).
    from creances_rules import examples

    a = evaluate(examples.chemin("jugement_puis_procedure_collective"), as_of=date(2025, 6, 15), engine=engine)
    declared = a.finding("creance_a_declarer").value
    assert a.finding("decompte_creance").value == declared == a.amounts.montant_reclame
    assert [x.amount for x in a.actions_of("declarer_creance")] == [declared]
    # The accessories stop on the eve (19/05/2025): no line of the décompte runs past it.
    assert all(l.au is None or l.au <= date(2025, 5, 19) for l in a.amounts.lignes)


TITRE_PARTIEL = {
    "creancier": {"qualite": "professionnel", "commercant": True},
    "debiteur": {"qualite": "professionnel", "commercant": True, "departement": "75"},
    "factures": [{"numero": "F1", "montant_ttc": "12000.00", "date_emission": "2024-01-10", "date_echeance": "2024-02-10"},
                 {"numero": "F2", "montant_ttc": "3000.00", "date_emission": "2024-01-10", "date_echeance": "2024-02-10"}],
    "titres": [{"nature": "jugement", "date": "2025-03-01", "date_signification": "2025-03-10", "factures": ["F1"],
                "condamnation": {"principal": "12000.00", "article_700": "1500.00"}}],
    "garanties": [{"type": "cautionnement", "garant": {"nom": "M. Dupont"}, "date": "2023-06-01",
                   "montant_maximum": "20000.00", "solidaire": True, "factures": ["F1"],
                   "informations": {"premier_incident": "2024-02-20", "annuelles": ["2024-03-01", "2025-03-01"]}}],
}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_title_covering_one_invoice_is_what_is_enforced_and_what_its_guarantor_owes(engine):
    # The judgment of 01/03/2025 covers F1 only. Its sums (CPCE L111-3; C. civ. 1231-7: legal interest from the
    # decision): 12 000 principal + 1 500 article 700 + 12 000 × 3,71 % (legal rate 2025-S1, "autres cas", CMF
    # L313-2) × 92 days (02/03 → 01/06/2025) / 365 = 112,21 + the art. 700 award's own interest (1231-7, Cass. 2e civ.,
    # 6 May 1999, n° 96-20.827): 1 500 × 3,71 % × 92 / 365 = 14,03 → 13 626,24 €. No +5 points yet (L313-3: two months
    # after enforceability; proceedings date unknown, so the pre-2020 rule, the later date: one-month appeal period
    # from service 10/03 → enforceable 11/04/2025 (CPC 500, 528, 538), +5 points only from 12/06/2025).
    a = evaluate(TITRE_PARTIEL, as_of=date(2025, 6, 1), engine=engine)
    titre = a.finding("sommes_dues_au_titre").value
    assert titre == D("13626.24")
    # The commissaire de justice enforces what the title orders (CPCE L111-2): not F2, which it does not cover.
    (executer,) = a.actions_of("executer_titre")
    assert executer.amount == titre and "sommes_dues_au_titre" in executer.amount_basis
    assert executer.amount < a.amounts.montant_reclame  # F2 (3 000 € + its penalties) stays outside the title
    # The guarantor of F1 owes the title's sums that replaced F1 (within its 20 000 € maximum), not zero.
    (appel,) = a.actions_of("appeler_caution")
    assert appel.amount == titre
