"""What may be claimed now, and from whom (issue 20): one reading of the assessment for letters, money actions,
``--resume`` and notebooks — refused where the assessment forbids it (C. civ. 2219 ; C. com. L622-7, L622-21 I ;
C. civ. 2288)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

from creances_rules import evaluate, examples
from creances_rules.tools.cli import main
from creances_rules._base.errors import CreancesError
from creances_rules.presentation.lettres import LettreRefusee, lettre
from creances_rules.evaluation.reclamable import DemandeInterdite, exiger, reclamable

# A wholesaler's two deliveries to a trader in redressement judiciaire (opened Monday 3 March 2025): F1, delivered
# before the opening judgment, is declared (L622-24) — it may not be claimed from the debtor (L622-7 I, L622-21 I);
# F2, delivered on 10 March during the observation period, is a privileged post-opening claim (L622-17 I), which
# L622-21 I does not stay.
REDRESSEMENT = {
    "creancier": {"qualite": "professionnel", "nom": "Grossiste SA"},
    "debiteur": {"qualite": "professionnel", "commercant": True, "nom": "Client SARL"},
    "contrat": {"date_conclusion": "2024-06-01"},
    "factures": [
        {"numero": "F1", "montant_ttc": "7000", "date_emission": "2025-01-02", "date_livraison": "2025-01-02",
         "date_echeance": "2025-02-01"},
        {"numero": "F2", "montant_ttc": "1200", "date_emission": "2025-03-10", "date_livraison": "2025-03-10",
         "date_echeance": "2025-04-09"},
    ],
    "procedure_collective": {"type": "redressement", "date_jugement": "2025-03-03",
                             "date_publication_bodacc": "2025-03-14", "fin_periode_observation": "2025-09-03"},
}


def _sans_f2() -> dict:
    return {**REDRESSEMENT, "factures": REDRESSEMENT["factures"][:1]}


def test_only_the_post_opening_invoice_is_claimed_from_a_debtor_in_redressement():
    a = evaluate(REDRESSEMENT, as_of="2025-04-20", engine="python")
    r = reclamable(a)
    assert r.autorise and r.factures == ("F2",) and set(r.exclues) == {"F1"}
    assert "L622-21 I" in r.exclues["F1"] and "« Poursuites individuelles suspendues »" in r.exclues["F1"]
    # F2: 1 200,00 € + L441-10 penalties at ECB 3,15 % + 10 = 13,15 % (2025-S1) from 10/04 to 20/04, 11 days:
    # 1 200 × 13,15 × 11 / 36 500 = 4,76 € ; + the 40 € indemnity (D441-5) = 1 244,76 €. F1 (7 000 € + its
    # penalties stopped on 02/03, L622-28) is declared, not claimed.
    assert r.montant == Decimal("1244.76") == a.amounts.reclamable_maintenant
    assert a.amounts.montant_reclame == Decimal("8357.90")  # the whole décompte stays what is owed
    letter = lettre(a)
    assert letter.total == Decimal("1244.76") and {x.facture for x in letter.lignes} == {"F2"}
    md = letter.to_markdown()
    assert "| F2 |" in md and "| F1 |" not in md and "Facture n° F2" in md and "F1" not in md
    assert any(n.startswith("Facture F1 non réclamée : née avant le jugement d'ouverture du 03/03/2025")
               for n in letter.notes)


def test_a_debtor_in_redressement_for_pre_opening_claims_only_gets_no_letter():
    a = evaluate(_sans_f2(), as_of="2025-04-20", engine="python")
    r = reclamable(a)
    assert not r.autorise and [o.code for o in r.obstacles] == ["poursuites_individuelles_suspendues"]
    assert r.montant == Decimal("0.00")
    for kind in ("mise_en_demeure", "agence"):
        with pytest.raises(LettreRefusee) as refus:
            lettre(a, type=kind)
        # the French message names the finding and the texts (C. com. L622-7 I, L622-21 I)
        assert "« Poursuites individuelles suspendues »" in str(refus.value) and "L622-7 I" in str(refus.value)
    assert isinstance(refus.value, DemandeInterdite) and isinstance(refus.value, CreancesError)
    with pytest.raises(DemandeInterdite):
        exiger(a)


def test_a_time_barred_consumer_claim_gets_no_letter_and_the_cli_exits_1(tmp_path):
    # C. conso. L218-2: two years. The example's invoice (4 200 €, due 15/09/2023) is time-barred well before
    # 01/06/2027 under any start and any reading of the last day (C. civ. 2228-2229).
    path = str(examples.chemin("consommateur_proche_prescription"))
    a = evaluate(path, as_of="2027-06-01", engine="python")
    assert a.finding("prescription_acquise") is not None
    r = reclamable(a)
    assert [o.code for o in r.obstacles] == ["prescription_acquise"] and r.montant == Decimal("0.00")
    assert a.amounts.reclamable_maintenant == Decimal("0.00") and set(a.amounts.non_reclamables) == {"C-2023-118"}
    out = tmp_path / "mise_en_demeure.md"
    res = CliRunner().invoke(main, ["lettre", path, "--as-of", "2027-06-01", "-o", str(out)])
    assert res.exit_code == 1 and "« Prescription acquise »" in res.output and not out.exists()
    res = CliRunner().invoke(main, ["lettre", path, "--as-of", "2027-06-01", "--forcer", "-o", str(out)])
    assert res.exit_code == 0, res.output
    notes = (tmp_path / "mise_en_demeure.notes.md").read_text(encoding="utf-8")
    assert "Lettre rédigée malgré l'évaluation (option forcer) : l'évaluation constate la prescription acquise" in notes
    # --resume says what may be claimed now
    res = CliRunner().invoke(main, ["evaluate", path, "--as-of", "2027-06-01", "--resume", "--width", "200"])
    assert "Réclamable au débiteur maintenant : 0,00 €" in res.output
    assert "facture C-2023-118 non réclamable : prescription acquise" in res.output


def test_money_actions_ask_only_for_the_invoices_not_time_barred():
    # A kitchen fitter's two invoices to a consumer (C. conso. L218-2, two years): A (1 000 €, 2021) is time-barred
    # on 02/06/2025 under any start (service, invoice or due date) ; B (2 500 €, due 17/03/2025) is not.
    # No notice was sent: no legal interest runs (C. civ. 1344-1), the décompte is principal only.
    dossier = {
        "creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "consommateur"},
        "contrat": {"date_conclusion": "2020-11-02"},
        "factures": [
            {"numero": "A", "montant_ttc": "1000", "date_emission": "2021-01-04", "date_echeance": "2021-01-18",
             "date_execution": "2021-01-04", "nature": "services"},
            {"numero": "B", "montant_ttc": "2500", "date_emission": "2025-03-03", "date_echeance": "2025-03-17",
             "date_execution": "2025-03-03", "nature": "services"},
        ],
    }
    a = evaluate(dossier, as_of="2025-06-02", engine="python")
    assert a.amounts.montant_reclame == Decimal("3500.00")  # 1 000 + 2 500: what is owed
    assert a.amounts.reclamable_maintenant == Decimal("2500.00") and set(a.amounts.non_reclamables) == {"A"}
    asked = [x for x in a.actions if x.amount is not None]
    assert asked and all(x.amount == Decimal("2500.00") for x in asked)
    assert all("part du décompte réclamable au débiteur maintenant" in x.amount_basis for x in asked)
    letter = lettre(a)
    assert letter.total == Decimal("2500.00") and {x.facture for x in letter.lignes} == {"B"}
    assert "| A |" not in letter.to_markdown()
    assert any(n.startswith("Facture A non réclamée : prescription acquise") for n in letter.notes)


def test_every_warning_about_the_debtor_reaches_the_letter_notes():
    # Before issue 20 only the first three uncertain-law warnings did.
    a = evaluate(REDRESSEMENT, as_of="2025-04-20", engine="python")
    letter = lettre(a)
    debtor = [w for w in a.warnings if not (w.rule or "").startswith("cautionnement.")]
    assert len(debtor) > 3
    for w in debtor:
        # uncertain law under « Points incertains », the others among the notes to check before sending
        assert (w.message in letter.incertitudes if w.code == "droit_incertain"
                else f"Avertissement de l'évaluation : {w.message}" in letter.notes), w.code


def test_the_notebook_shows_what_may_be_claimed_now():
    a = evaluate(REDRESSEMENT, as_of="2025-04-20", engine="python")
    html = a._repr_html_()
    assert "Réclamable au débiteur maintenant" in html and "1\u202f244,76 €" in html
    assert "Facture F1 non réclamable" in html
