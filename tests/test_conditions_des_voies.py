"""What each judicial route requires and costs (SPEC §2 `conditions`): lawyer under CPC 760-761 / 853 with the
€10 000 threshold, fees from a dated sourced tariff (never guessed), the TAE contribution above €50 000."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from creances_rules import evaluate


def dossier(montant, *, commercant=True, departement=None, evenements=()) -> dict:
    return {
        "creancier": {"qualite": "professionnel"},
        "debiteur": {"qualite": "professionnel", "commercant": commercant,
                     **({"departement": departement} if departement else {})},
        "factures": [{"numero": "F1", "montant_ttc": montant, "date_emission": "2026-01-02", "date_echeance": "2026-02-01"}],
        "evenements": [{"type": "mise_en_demeure", "date": "2026-02-10", "forme": "lrar"}, *evenements],
    }


def action(a, code):
    return next(x for x in a.actions if x.code == code)


def test_assignation_before_the_commercial_court_for_15000_requires_a_lawyer_citing_853():
    # 15 000 € due 01/02/2026, evaluated 02/03/2026: L441-10 penalties 02/02–02/03 = 29 days at 12,15 %
    # (2026-S1): 15 000 × 12,15 % × 29/365 = 144,80 € ; + 40 € = 15 184,80 € claimed > 10 000 €: CPC 853 al. 3
    # does not exempt: a lawyer is required before the tribunal de commerce.
    a = evaluate(dossier(15000), "2026-03-02")
    c = action(a, "assignation_en_paiement").conditions
    assert c.avocat_obligatoire is True
    assert [x.article for x in c.avocat_citations] == ["853"] and c.avocat_citations[0].legifrance_id == "LEGIARTI000044200291"
    assert a.amounts.montant_reclame == Decimal("15184.80")
    assert "15\u202f184,80 €" in c.avocat_motif and "10\u202f000,00 €" in c.avocat_motif


def test_assignation_before_the_commercial_court_for_8000_needs_no_lawyer():
    # 8 000 € + 29 days of penalties (8 000 × 12,15 % × 29/365 = 77,23 €) + 40 € = 8 117,23 € ≤ 10 000 € (853 al. 3).
    a = evaluate(dossier(8000), "2026-03-02")
    c = action(a, "assignation_en_paiement").conditions
    assert a.amounts.montant_reclame == Decimal("8117.23")
    assert c.avocat_obligatoire is False and c.avocat_citations[0].article == "853"


def test_tribunal_judiciaire_threshold_760_761():
    a = evaluate(dossier(15000, commercant=False), "2026-03-02")
    c = action(a, "assignation_en_paiement").conditions
    assert c.avocat_obligatoire is True and [x.article for x in c.avocat_citations] == ["760", "761"]
    a = evaluate(dossier(8000, commercant=False), "2026-03-02")
    assert action(a, "assignation_en_paiement").conditions.avocat_obligatoire is False


def test_no_lawyer_for_the_injunction_request_nor_small_claims():
    a = evaluate(dossier(15000), "2026-03-02")
    assert action(a, "requete_injonction_de_payer").conditions.avocat_obligatoire is False
    a = evaluate(dossier(3000, commercant=False), "2026-03-02")
    c = action(a, "procedure_petites_creances").conditions
    assert c.avocat_obligatoire is False
    assert c.frais[0].a_la_charge.startswith("créancier")


def test_fees_with_source_and_date_and_none_guessed():
    # Signification by a commissaire de justice: 25,79 € (base émolument, tariff of 01/03/2024–28/02/2026, arrêté
    # du 28 février 2024). On 02/02/2026 the amount is shown with its text and dates; the registry fees have no
    # amount read: named without one.
    a = evaluate(dossier(15000), "2026-02-20")
    frais = {f.code: f for f in action(a, "assignation_en_paiement").conditions.frais}
    sig = frais["signification_commissaire"]
    assert sig.montant == Decimal("25.79") and "28 février 2024" in sig.source
    assert sig.en_vigueur_du == date(2024, 3, 1) and sig.en_vigueur_au == date(2026, 2, 28) and sig.sources
    greffe = frais["greffe_tribunal_de_commerce"]
    assert greffe.montant is None and greffe.citation.article == "R743-140"


def test_past_the_tariff_the_fee_is_named_without_an_amount():
    a = evaluate(dossier(15000), "2026-03-02")
    sig = {f.code: f for f in action(a, "assignation_en_paiement").conditions.frais}["signification_commissaire"]
    assert sig.montant is None and "28/02/2026" in sig.note


def test_tae_contribution_above_50000_in_a_tae_department():
    # Lyon (69) in 2026: tribunal des activités économiques; 60 000 € claimed > 50 000 € (décret 2024-1225 art. 1):
    # the contribution is named, without an amount (it depends on the claimant's size and finances, art. 3).
    a = evaluate(dossier(60000, departement="69"), "2026-03-02")
    frais = {f.code: f for f in action(a, "assignation_en_paiement").conditions.frais}
    tae = frais["contribution_justice_economique"]
    assert tae.montant is None and tae.citation.key == "decret_2024_1225"
    a = evaluate(dossier(60000, departement="33"), "2026-03-02")  # Bordeaux: no TAE
    assert "contribution_justice_economique" not in {f.code for f in action(a, "assignation_en_paiement").conditions.frais}


def test_published_duration_only_where_a_source_gives_one():
    a = evaluate(dossier(15000, commercant=False), "2026-03-02")
    d = action(a, "assignation_en_paiement").conditions.delai_indicatif
    assert d.mois == Decimal("13.7") and d.annee == 2021 and d.source.startswith("https://")
    a = evaluate(dossier(15000), "2026-03-02")
    assert action(a, "assignation_en_paiement").conditions.delai_indicatif is None  # no source for the TC


def test_text_and_html_show_the_conditions_beside_the_route():
    a = evaluate(dossier(15000), "2026-02-20")
    text = a.to_text() if hasattr(a, "to_text") else str(a)
    assert "avocat : obligatoire (CPC 853)" in text and "25,79" in text
    html = a._repr_html_()
    assert "avocat : obligatoire (CPC 853)" in html and 'class="conditions"' in html
