"""Debts that are not sales of goods or services (issue 20, part A, item 2): a loan or rent is outside C. com.
L441-10 (its scope: « produits » and « prestation de services », L441-1 I): no penalties, no 40 € (D441-5); legal
interest from the formal notice (C. civ. 1231-6, 1344-1) or the contract's late rate; the wording says « prêt »,
and a guarantor's share follows the same décompte.

Legal rates « autres cas » (CMF L313-2): 2024-S2 4,92 %, 2025-S1 3,71 %, 2025-S2 2,76 %, 2026-S1 2,62 %.
Interest: base × rate × days / 36 500, each line rounded to the cent.
"""

from __future__ import annotations

from decimal import Decimal

from creances_rules import evaluate

AS_OF = "2026-06-30"


def pret(**over) -> dict:
    """A bank's balance on a business loan, due on the forfeiture of 16 Sept 2024, formal notice of 7 Oct 2024."""
    d = {
        "creancier": {"qualite": "professionnel", "nom": "Banque Populaire du Sud"},
        "debiteur": {"qualite": "professionnel", "commercant": True, "nom": "SARL Atelier Morel"},
        "contrat": {"date_conclusion": "2021-03-01"},
        "factures": [{"numero": "PRET-2021-0457", "nature": "pret", "montant_ttc": 48250,
                      "date_emission": "2024-09-16", "date_echeance": "2024-09-16"}],
        "evenements": [{"type": "mise_en_demeure", "date": "2024-10-07", "forme": "lrar",
                        "mentions": ["termes_mise_en_demeure", "montant", "delai_de_paiement", "accuse_de_reception"]}],
        "garanties": [{"type": "cautionnement", "garant": {"nom": "M. Morel", "personne_physique": True},
                       "date": "2021-03-01", "montant_maximum": 60000, "solidaire": True,
                       "informations": {"premier_incident": "2024-10-01", "annuelles": ["2025-03-14", "2026-03-13"]}}],
    }
    d.update(over)
    return d


def test_a_bank_loan_bears_legal_interest_from_the_notice_not_l441_10_penalties():
    # Principal 48 250 €. Legal interest from the day after the notice (1231-6, 1344-1), « autres cas »:
    #   08/10 → 31/12/2024  85 d × 4,92 % = 552,83 ; 2025-S1 181 d × 3,71 % = 887,68 ;
    #   2025-S2 184 d × 2,76 % = 671,32 ; 2026-S1 181 d × 2,62 % = 626,88 → 2 738,71 €.
    # Claimable: 48 250 + 2 738,71 = 50 988,71 € (with L441-10 penalties at ECB + 10 points and the 40 € it would
    # be about 20 000 € more: the review's 71 302,92 € instead of 51 077,31 € on its own dossier).
    a = evaluate(pret(), AS_OF, engine="python")
    assert a.finding("penalites_de_retard_dues") is None and a.finding("indemnite_forfaitaire_due") is None
    assert a.finding("interets_moratoires_dus").value == Decimal("2738.71")
    dec = a.finding("decompte_creance")
    assert dec.value == Decimal("50988.71") == a.amounts.montant_reclame
    for code in ("requete_injonction_de_payer", "assignation_en_paiement"):
        assert [x.amount for x in a.actions_of(code)] == [Decimal("50988.71")]
    assert "reclamer_penalites_et_indemnite" not in {x.code for x in a.actions}
    # Wording: a loan, not an invoice (no « facture », no « TTC »).
    libelles = [ln.libelle for ln in dec.details.lignes]
    assert libelles[0].startswith("Prêt PRET-2021-0457") and all("acture" not in x and "TTC" not in x for x in libelles)
    # The guarantor (informed in time: C. civ. 2302, 2303) owes the same décompte, below the 60 000 € cap (2296).
    (appel,) = a.actions_of("appeler_caution")
    assert appel.amount == Decimal("50988.71")


def test_the_contracts_late_rate_replaces_the_legal_rate_for_a_loan():
    # contrat.taux_penalites = 6 % (the loan's late rate): from 08/10/2024 to 30/06/2026, 631 days:
    #   48 250 × 6 × 631 / 36 500 = 5 004,78 € → 48 250 + 5 004,78 = 53 254,78 €.
    d = pret()
    d["contrat"] = {"date_conclusion": "2021-03-01", "taux_penalites": 6}
    a = evaluate(d, AS_OF, engine="python")
    assert a.finding("decompte_creance").value == Decimal("53254.78")
    assert a.finding("penalites_de_retard_dues") is None and a.finding("taux_penalites_inferieur_au_minimum") is None


def test_rent_among_commercial_invoices_gets_no_l441_10_and_a_warning():
    # B2B: a goods invoice (L441-10 applies) and a rent (outside it). Rent: no penalties, no 40 €; its legal
    # interest is not computed in a mixed dossier (a floor, said by a warning). The goods invoice keeps its 40 €.
    d = pret(garanties=[], factures=[
        {"numero": "F1", "nature": "biens", "montant_ttc": 1000, "date_emission": "2026-01-05", "date_echeance": "2026-02-04"},
        {"numero": "L-2026-01", "nature": "loyer", "montant_ttc": 2000, "date_emission": "2026-01-01", "date_echeance": "2026-01-05"}])
    a = evaluate(d, AS_OF, engine="python")
    assert a.finding("indemnite_forfaitaire_due").value == Decimal("40.00")  # F1 only (D441-5)
    dec = a.finding("decompte_creance").details
    assert {ln.facture for ln in dec.lignes if ln.nature == "penalites_l441_10"} == {"F1"}
    assert "interets_pret_ou_loyer_non_calcules" in {w.code for w in a.warnings}
    # The rent's line is worded as rent.
    assert any(ln.libelle.startswith("Loyers L-2026-01") for ln in dec.lignes if ln.nature == "principal")
