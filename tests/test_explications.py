"""« Pourquoi ? » / « pourquoi pas ? » (SPEC §2): French sentences traced back to the dossier's facts.

Expected sentences are checked against the dossier and the law, on both engines: the prescription of
the B2B example (C. com. L110-4, five years from 11/04/2025, last useful day 10/04/2030 by the
convention of C. civ. 2228-2229) is not acquired on 01/07/2025.
"""

from __future__ import annotations

import pickle

import pytest
from click.testing import CliRunner

from creances_rules import examples

from creances_rules import evaluate
from creances_rules.tools.cli import main
from creances_rules.presentation.explications import CodeInconnu, sentences
from creances_rules.evaluation.evaluate import default_rulebook
from creances_rules.models.dossier import Dossier

ENGINES = ["python", "durable"]


@pytest.fixture(scope="module", params=ENGINES)
def b2b(request):
    from creances_rules.rulebook.engines import durable_engine

    if request.param == "durable" and not durable_engine.available():
        pytest.skip("durable-rules indisponible")
    return evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01", engine=request.param)


def test_why_not_prescription_follows_the_dates(b2b):
    e = b2b.why_not("prescription_acquise")
    assert not e.etabli
    # 11/04/2025 (completion of the 2nd invoice's service) + 5 years − 1 day = 10/04/2030 > 01/07/2025
    assert any("la prescription n'est pas acquise : le dernier jour utile est le 10/04/2030, après le 01/07/2025"
               in r for r in e.raisons), e.raisons


def test_explain_demeure_names_the_letter_of_the_dossier(b2b):
    e = b2b.explain("debiteur_en_demeure")
    assert e.etabli
    # C. civ. 1344: the LRAR of 16/06/2025 in the dossier's events is the interpellation
    assert e.conclusion.startswith("Débiteur mis en demeure : 16/06/2025")
    assert any("le débiteur a reçu une mise en demeure le 16/06/2025" in r
               and "événements « mise en demeure » → date" in r for r in e.raisons)  # the field, in words
    assert any(c.article == "1344" for c in e.citations)


def test_why_not_send_a_mise_en_demeure_when_one_was_sent(b2b):
    e = b2b.why_not("envoyer_mise_en_demeure")
    assert any("le débiteur a reçu une mise en demeure le 16/06/2025" in r and "en son absence" in r
               for r in e.raisons)
    # contract of 01/09/2023, after 01/10/2016: the former 1139 rule does not apply (ord. 2016-131, art. 9)
    assert any("le contrat est daté du 01/09/2023" in r and "avant le 01/10/2016" in r for r in e.raisons)


def test_why_not_declare_without_collective_proceedings(b2b):
    e = b2b.why_not("declarer_creance")
    assert all("aucune procédure collective n'est ouverte contre le débiteur" in r for r in e.raisons)


def test_explain_of_a_code_that_does_not_hold_is_why_not(b2b):
    assert b2b.explain("prescription_acquise").raisons == b2b.why_not("prescription_acquise").raisons


def test_a_code_that_holds_has_no_why_not(b2b):
    e = b2b.why_not("date_prescription")
    assert e.etabli and "il n'y a pas de « pourquoi pas »" in e.conclusion


def test_missing_facts_are_listed():
    # Under a judgment (CPCE L111-4) the per-invoice prescription counts are not computed: whether some
    # invoices only are time-barred cannot be said, and the explanation lists what is missing.
    a = evaluate(examples.chemin("jugement_puis_procedure_collective"), as_of="2025-06-15", engine="python")
    e = a.why_not("prescription_acquise_partiellement")
    assert not e.etabli and "des faits manquent" in e.conclusion
    assert any(m.startswith("factures non soldées dont la prescription est acquise") for m in e.faits_manquants)


def test_unknown_code_suggests_the_closest():
    a = evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01", engine="python")
    with pytest.raises(CodeInconnu, match="Vouliez-vous dire : « prescription_acquise »"):
        a.explain("prescription_aquise")


def test_a_copy_across_processes_says_it_cannot_explain():
    a = evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01", engine="python")
    copy = pickle.loads(pickle.dumps(a))
    assert copy.to_json() == a.to_json()
    with pytest.raises(ValueError, match="réévaluer"):
        copy.explain("debiteur_en_demeure")


def test_cli_explain():
    r = CliRunner().invoke(main, ["evaluate", str(examples.chemin("facture_b2b_impayee")), "--as-of", "2025-07-01",
                                  "--engine", "python", "--explain", "prescription_acquise"])
    assert r.exit_code == 0
    assert "le dernier jour utile est le 10/04/2030, après le 01/07/2025" in r.output
    r = CliRunner().invoke(main, ["evaluate", str(examples.chemin("facture_b2b_impayee")), "--as-of", "2025-07-01",
                                  "--engine", "python", "--explain", "prescription_aquise"])
    assert r.exit_code == 2 and "prescription_acquise" in r.output


def test_explanation_data_names_real_facts_and_fields():
    facts = default_rulebook().vocabulary.facts
    fields = set(Dossier.model_fields)
    for name, entry in sentences().items():
        assert name in facts, name
        for src in entry.get("sources") or []:
            assert src in facts or src.split(".")[0].split("[")[0] in fields, (name, src)
        for key in ("vrai", "faux", "valeur"):
            import re

            for ph in re.findall(r"\{([A-Za-z0-9_.]+)\}", entry.get(key, "")):
                assert ph == "valeur" or ph in facts, (name, ph)


def test_trace_says_why_not_in_french():
    from creances_rules.presentation.render import render_page, render_trace_text

    a = evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01", engine="python")
    text = render_trace_text(a, width=200)
    assert ("pourquoi pas : la prescription n'est pas acquise : le dernier jour utile est le 10/04/2030, "
            "après le 01/07/2025") in text
    # the debtor is a professional (dossier): the consumer rule L218-2 does not apply
    assert "le débiteur est professionnel (dossier : débiteur → qualité), alors que la règle demande : consommateur" in text
    assert "le dernier jour utile est le 10/04/2030, après le 01/07/2025" in render_page(a)
