"""Reforms by date, besides the injunction to pay (test_rules_injonction_2026.py): the texts the library read in a
version that ends on 31/12/2026 (C. com. L441-9 and L441-10, ordonnance 2026-671; CGI 272 moving to the CIBS), the
CPCE L126-1 procedure between commerçants (loi 2026-307, single source), CPC 750-1's fifth exemption, the
« contribution pour la justice économique » before a TAE, e-invoicing, D441-5 and CJUE C-279/23.

Each expected date or amount carries its source in a comment; a warning is expected only where the date says so.
"""

from __future__ import annotations

from datetime import date

import pytest

from creances_rules import evaluate
from creances_rules.rulebook.schema import CitationRecord
from creances_rules.institutions.vocabulary import load_citations

B2B = {"creancier": {"qualite": "professionnel", "commercant": True},
       "debiteur": {"qualite": "professionnel", "commercant": True}}


def dossier(montant=9000, emission="2026-03-02", echeance="2026-04-01", mise_en_demeure="2026-04-15", **over):
    d = {**B2B, "factures": [{"numero": "F1", "montant_ttc": montant, "date_emission": emission,
                              "date_echeance": echeance}],
         "evenements": [{"type": "mise_en_demeure", "date": mise_en_demeure, "forme": "lrar"}]}
    d.update(over)
    return d


def warnings_of(a, code):
    return [w for w in a.warnings if w.code == code]


# ------------------------------------------------------------------------------ versions not read (1 Jan 2027)


def test_catalogue_records_are_valid_and_closed_versions_name_their_successor():
    cat = load_citations()
    for key, rec in cat.items():
        CitationRecord.model_validate(rec)  # the catalogue follows the rule-file citation schema
    # Ordonnance 2026-671, art. 2: new L441-9 and L441-10 from 01/01/2027; CGI 272 moves to the CIBS that day.
    for key in ("c_com_l441_9", "c_com_l441_10", "cgi_272"):
        rec = CitationRecord.model_validate(cat[key])
        assert rec.en_vigueur_au == date(2026, 12, 31)
        assert rec.version_suivante is not None and rec.version_suivante.en_vigueur_du == date(2027, 1, 1)
        assert rec.version_suivante.lue is False and rec.confiance in ("verifie_secondaire", "incertain")
    # Every successor key named exists; a successor starts the day after the version it follows.
    for key, rec in cat.items():
        s = rec.get("version_suivante")
        if s and s.get("citation"):
            assert s["citation"] in cat, key
        if s and rec.get("en_vigueur_au"):
            assert (date.fromisoformat(str(s["en_vigueur_du"])) - date.fromisoformat(str(rec["en_vigueur_au"]))).days == 1


def test_no_version_warning_while_the_read_version_is_in_force():
    # Evaluated on 31/12/2026, last day of the versions read: L441-10 is cited (penalties), nothing to say.
    a = evaluate(dossier(), "2026-12-31", engine="python")
    assert any(c.key == "c_com_l441_10" for f in a.findings for c in f.citations)
    assert not warnings_of(a, "version_non_lue")
    # The assessment is valid at most until that day: on 01/01/2027 the warning appears.
    assert a.valable_jusqu_au <= date(2026, 12, 31)
    assert evaluate(dossier(), "2026-12-01", engine="python").valable_jusqu_au <= date(2026, 12, 31)


def test_evaluation_in_2027_names_the_unread_versions_once_each():
    # On 04/01/2027 the penalty findings still cite L441-10 as read (version of 26/04/2019, closed 31/12/2026): one
    # version_non_lue warning names it, with the ordonnance 2026-671 that brings the new text.
    a = evaluate(dossier(), "2027-01-04", engine="python")
    ws = warnings_of(a, "version_non_lue")
    keys = [c.key for w in ws for c in w.citations]
    assert keys.count("c_com_l441_10") == 1
    (w,) = [w for w in ws if w.citations[0].key == "c_com_l441_10"]
    assert "2026-671" in w.message and "31/12/2026" in w.message and "01/01/2027" in w.message
    assert w.citations[0].version_au == date(2026, 12, 31)


def test_vat_recovery_cites_cgi_272_with_its_end_of_version():
    # CGI 272 is cited by the VAT-recovery action of a liquidation (collective proceedings file); evaluated in
    # 2027 its move to the CIBS (successor article not found) is named.
    d = dossier(12000, factures=[{"numero": "F1", "montant_ttc": 12000, "montant_tva": 2000, "nature": "biens",
                                  "date_emission": "2026-03-02", "date_echeance": "2026-04-01"}],
                procedure_collective={"type": "liquidation", "date_jugement": "2026-11-02",
                                      "date_publication_bodacc": "2026-11-12"})
    a = evaluate(d, "2027-01-15", engine="python")
    (tva,) = a.actions_of("recuperer_tva_creance_irrecouvrable")
    assert "cgi_272" in {c.key for c in tva.citations}
    assert any(w.citations[0].key == "cgi_272" and "impositions sur les biens et services" in w.message
               for w in warnings_of(a, "version_non_lue"))
    a = evaluate(d, "2026-12-01", engine="python")
    assert not any(w.citations[0].key == "cgi_272" for w in warnings_of(a, "version_non_lue"))


# ------------------------------------------------------------------------------ CPCE L126-1 (loi 2026-307)


def test_small_claims_between_commercants_carry_the_l126_warning_from_the_law_date():
    # 3 000 € ≤ 5 000 € (CPCE R125-1): small-claims procedure proposed. Between commerçants, from 23/04/2026 (loi
    # 2026-307, single source) it carries a droit_incertain warning naming L126-1; before that date, none.
    a = evaluate(dossier(3000), "2026-06-01", engine="python")
    assert a.actions_of("procedure_petites_creances")
    (w,) = [w for w in warnings_of(a, "droit_incertain") if "L126-1" in w.message]
    assert "2026-307" in w.message and {c.key for c in w.citations} >= {"cpce_l126_1", "cpce_l125_1"}
    assert next(c for c in w.citations if c.key == "cpce_l126_1").confiance == "incertain"
    a = evaluate(dossier(3000, emission="2026-01-05", echeance="2026-02-04", mise_en_demeure="2026-02-20"),
                 "2026-04-22", engine="python")
    assert a.actions_of("procedure_petites_creances")
    assert not [w for w in warnings_of(a, "droit_incertain") if "L126-1" in w.message]


def test_no_l126_warning_when_the_debtor_is_not_a_commercant():
    d = dossier(3000, debiteur={"qualite": "consommateur"})
    a = evaluate(d, "2026-06-01", engine="python")
    assert a.actions_of("procedure_petites_creances")
    assert not [w for w in warnings_of(a, "droit_incertain") if "L126-1" in w.message]


# ------------------------------------------------------------------------------ CPC 750-1, 5°


def test_prior_amicable_attempt_names_the_small_claims_exemption():
    # CPC 750-1 al. 2, 5° (version of 13/05/2023): no prior attempt needed where the creditor « a vainement engagé
    # une procédure simplifiée de recouvrement des petites créances ».
    a = evaluate(dossier(3000, debiteur={"qualite": "consommateur"}), "2026-06-01", engine="python")
    (w,) = warnings_of(a, "tentative_amiable_prealable_requise")
    assert "vainement engagé une procédure simplifiée de recouvrement des petites créances" in w.message
    rec = load_citations()["cpc_750_1"]
    assert "5° Si le créancier a vainement engagé" in rec["note"]


# ------------------------------------------------------------------------------ TAE: contribution pour la justice économique


@pytest.mark.parametrize("montant, expected", [(50000, False), (50001, True)])
def test_contribution_above_50000_before_a_tae(montant, expected):
    # Décret 2024-1225, art. 1 I: « supérieure à un montant de 50 000 euros ». Debtor in Lyon (69, a TAE from
    # 01/01/2025 to 31/12/2028, arrêté of 5 July 2024). Evaluated on the due date itself (01/04/2026): no penalty
    # yet (L441-10 II: from the next day) and no indemnity, so the amount claimed is the invoice: 50 000 € is not
    # above the threshold, 50 001 € is.
    d = dossier(montant, debiteur={"qualite": "professionnel", "commercant": True, "departement": "69"},
                evenements=[])
    a = evaluate(d, "2026-04-01", engine="python")
    assert a.finding("decompte_creance").value == montant
    assert bool(warnings_of(a, "contribution_justice_economique")) is expected
    if expected:
        (w,) = warnings_of(a, "contribution_justice_economique")
        assert "50 000" in w.message and "250 salariés" in w.message
        assert {c.key for c in w.citations} >= {"loi_2023_1059_art_27", "decret_2024_1225"}


def test_no_contribution_warning_outside_a_tae_department():
    d = dossier(80000, debiteur={"qualite": "professionnel", "commercant": True, "departement": "33"})
    assert not warnings_of(evaluate(d, "2026-06-01", engine="python"), "contribution_justice_economique")


# ------------------------------------------------------------------------------ e-invoicing (CGI ann. II 242 nonies A)


@pytest.mark.parametrize("emission, rule", [
    ("2026-08-31", None),  # before the first step of the calendar
    ("2026-09-01", "facturation_l441_9.facturation_electronique_2026"),  # reception for all, issuing for GE/ETI
    ("2027-09-01", "facturation_l441_9.facturation_electronique_2027"),  # issuing for all
])
def test_e_invoicing_warning_by_issue_date(emission, rule):
    d = {**B2B, "factures": [{"numero": "F1", "montant_ttc": 1200, "date_emission": emission}]}
    a = evaluate(d, "2027-10-01", engine="python")
    ws = warnings_of(a, "facturation_electronique_a_verifier")
    if rule is None:
        assert not ws
        return
    (w,) = ws
    assert w.rule == rule and "242 nonies A" in w.message and "2021-1190" not in w.message
    assert {c.key for c in w.citations} == {"facturation_electronique_calendrier", "cgi_ann2_242_nonies_a"}


# ------------------------------------------------------------------------------ D441-5 and CJUE C-279/23


def test_indemnity_cites_the_current_d441_5_and_c_279_23():
    # D441-5, version in force since 27/02/2021: 40 € per invoice paid late (L441-10 II); CJUE 11/07/2024 C-279/23.
    a = evaluate(dossier(), "2026-06-01", engine="python")
    f = a.finding("indemnite_forfaitaire_due")
    by_key = {c.key: c for c in f.citations}
    assert by_key["c_com_d441_5"].version_du == date(2021, 2, 27)
    assert by_key["c_com_d441_5"].legifrance_id == "LEGIARTI000043197457"
    assert "cjue_2024_07_11_c_279_23" in by_key
    assert f.value == 40  # one invoice paid late: 40 € (D441-5)
