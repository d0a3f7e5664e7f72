"""Letter drafts (SPEC §5): the mentions the rules check, the décompte read from the assessment,
placeholders for what the dossier does not say, and a .docx that opens with that content."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

from creances_rules import examples

from creances_rules import evaluate
from creances_rules.tools.cli import main
from creances_rules.presentation.lettres import L111_8_AL_2_ET_3, LettreRefusee, decompte, lettre


@pytest.fixture(scope="module")
def b2b():
    return evaluate(examples.chemin("facture_b2b_impayee"), as_of="2025-07-01", engine="python")


def test_mise_en_demeure_carries_the_mentions_and_the_decompte(b2b):
    letter = lettre(b2b, type="mise_en_demeure")
    # rules/mise_en_demeure_contenu.yaml checks these six mentions
    assert letter.mentions == {"termes_mise_en_demeure", "montant", "factures", "delai_de_paiement",
                               "demande_de_paiement", "accuse_de_reception"}
    md = letter.to_markdown()
    assert "mettons en demeure" in md and "Lettre recommandée avec demande d'avis de réception" in md
    # décompte (default imputation, the 3 000 € of 20/05 settle 2025-031's principal, C. civ. 1342-10 al. 1):
    #   principal 8 400 − 3 000 + 2 160 = 7 560,00 ;
    #   L441-10 penalties, 13,15 % (2025-S1) then 12,15 % (2025-S2):
    #     2025-031: 8 400 × 13,15 × 48 / 36 500 = 145,26 (03/04 → 20/05) ; 5 400 × 13,15 × 41 / 36 500 = 79,76
    #     (21/05 → 30/06) ; 5 400 × 12,15 × 1 / 36 500 = 1,80 (01/07) ;
    #     2025-047 (due 11/05): 2 160 × 13,15 × 50 / 36 500 = 38,91 (12/05 → 30/06) ; 2 160 × 12,15 / 36 500 = 0,72 ;
    #     total 266,45 ; indemnities 2 × 40 = 80 (D441-5) ; 7 560 + 266,45 + 80 = 7 906,45.
    lines, total = decompte(b2b)
    assert total == Decimal("7906.45") and sum(m for _, m in lines) == total
    assert "**7\u202f906,45 €**" in md
    assert "| 2025-031 | Principal restant dû (facture de 8\u202f400,00 €) |  |  |  | 5\u202f400,00 € |" in md
    # both invoices, one line per invoice and period (2025-047 due on 11/05/2025: 30 days after the 11/04
    # service, C. com. L441-10 I, so its penalties run from 12/05)
    assert "| 2025-047 | Pénalités de retard | du 12/05/2025 au 30/06/2025 (50 j) | 2\u202f160,00 € | 13,15 % | 38,91 € |" in md
    # 8 days from a receipt on 02/07/2025: 10/07/2025, a Thursday (CPC 641, 642)
    assert "au plus tard le **10 juillet 2025**" in md
    # names from the dossier; what it does not give is a visible placeholder
    assert "Atelier Durand SARL" in md and "Bâtiments de l'Ill SAS" in md
    assert "« [adresse du débiteur] »" in letter.placeholders()
    # citations with a dated link to C. civ. 1344: in the notes for the drafter, not in the letter
    assert "legifrance" not in md
    assert "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032042162/2025-07-01" in letter.notes_markdown()


def test_agency_letter_has_the_r124_4_mentions(b2b):
    letter = lettre(b2b, type="agence")
    md = letter.to_markdown()
    assert letter.mentions == {"identite_agence", "identite_creancier", "fondement_et_detail_sommes",
                               "modalites_de_paiement", "reproduction_l111_8"}
    assert "activité de recouvrement amiable" in md  # R124-4 1°
    assert "Atelier Durand SARL" in md  # 2°
    for paragraph in L111_8_AL_2_ET_3:  # 5°: reproduction of L111-8 al. 2 and 3
        assert paragraph in md
    assert "« [modalités de paiement : IBAN, adresse, moyens acceptés] »" in md  # 4°


def test_guarantor_letter_without_guarantee_is_refused_unless_forced(b2b):
    # C. civ. 2288: no cautionnement in the dossier, no guarantor to write to (issue 20)
    with pytest.raises(LettreRefusee) as refus:
        lettre(b2b, type="caution")
    assert [o.code for o in refus.value.obstacles] == ["aucune_caution"] and "aucun cautionnement" in str(refus.value)
    forced = lettre(b2b, type="caution", forcer=True)
    md = forced.to_markdown()
    assert "« [nom de la caution] »" in md and "« [date de l'acte de cautionnement] »" in md
    notes = forced.notes_markdown()
    assert "aucun cautionnement" in notes
    assert "Lettre rédigée malgré l'évaluation (option forcer) : le dossier ne décrit aucun cautionnement" in notes


def test_guarantor_letter_reads_the_guarantee_and_the_information_due():
    from creances_rules.models.loading import load_dossier

    d = load_dossier(examples.chemin("facture_b2b_impayee")).model_dump(mode="json")
    d["garanties"] = [{"type": "cautionnement", "garant": {"nom": "M. Jean Durand", "personne_physique": True},
                       "date": "2023-09-01", "montant_maximum": "5000", "solidaire": True}]
    a = evaluate(d, as_of="2025-07-01", engine="python")
    letter = lettre(a, type="caution")
    md = letter.to_markdown()
    assert "M. Jean Durand" in md and "caution solidaire" in md and "dans la limite de 5\u202f000,00 €" in md
    assert "exigibles depuis le 2 avril 2025" in md  # first invoice due 02/04/2025 (stipulated)
    assert "Bâtiments de l'Ill SAS nous doit encore les sommes suivantes" in md and "reste nous devoir" not in md
    assert "**7\u202f906,45 €**" in md  # the décompte, as in test_mise_en_demeure_carries_the_mentions_…
    # what the guarantees rules ask (C. civ. 2302, 2303) is in the notes for the lawyer, with its deadline
    if a.actions_of("informer_caution"):
        assert "Obligation d'information" in letter.notes_markdown() and "Obligation" not in md
        assert any(c.article in ("2302", "2303") for c in letter.citations)


def test_docx_opens_with_the_content(tmp_path, b2b):
    docx = pytest.importorskip("docx")
    path = lettre(b2b, type="mise_en_demeure").write(tmp_path / "mise_en_demeure.docx")
    doc = docx.Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Objet : mise en demeure de payer" in text and doc.core_properties.title == "Mise en demeure de payer"
    assert "mettons en demeure" in text and "10 juillet 2025" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    # the décompte's line for 2025-031: 8 400 − 3 000 paid on 20/05 = 5 400,00 (default imputation, 1342-10 al. 1)
    assert "2025-031" in cells and "5\u202f400,00\u00a0€" in cells  # no break before € in a narrow column
    assert "« [adresse du débiteur] »" in text


def test_cli_lettre(tmp_path):
    out = tmp_path / "agence.md"
    r = CliRunner().invoke(main, ["lettre", str(examples.chemin("facture_b2b_impayee")), "--as-of", "2025-07-01",
                                  "--type", "agence", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "champ(s) à compléter" in r.output and out.read_text(encoding="utf-8").startswith("# Lettre")
    r = CliRunner().invoke(main, ["lettre", str(examples.chemin("facture_b2b_impayee")), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 2 and ".pdf" in r.output


def test_invoices_are_matched_by_their_whole_number():
    # Issue 21: the due date was looked up on the first word of the number, so « FA » and « FA 2 »
    # got each other's (« FA » took 31/03, « FA 2 » none). No stipulated date: the L441-10 I default
    # term of 30 days from delivery (taken as the issue date) — 02/01 + 30 j = 01/02/2025 ;
    # 01/03 + 30 j = 31/03/2025. 02/02 → 30/06 = 149 days ; 01/04 → 30/06 = 91 days.
    d = {"reference": "X", "creancier": {"qualite": "professionnel", "nom": "C"},
         "debiteur": {"qualite": "professionnel", "nom": "D"},
         "factures": [{"numero": "FA", "montant_ttc": 100, "date_emission": "2025-01-02"},
                      {"numero": "FA 2", "montant_ttc": 200, "date_emission": "2025-03-01"}]}
    text = lettre(d, "2025-06-30").to_markdown()
    # penalties run from the day after each invoice's own due date (C. com. L441-10 II)
    assert "| FA | Pénalités de retard | du 02/02/2025 au 30/06/2025 (149 j)" in text
    assert "| FA 2 | Pénalités de retard | du 01/04/2025 au 30/06/2025 (91 j)" in text


def test_the_letter_never_overwrites_its_template_or_its_dossier(tmp_path):
    # Issue 21 (outputs never clobber inputs): `-o` equal to the firm's template, or a link to the dossier.
    import shutil

    from creances_rules.presentation.lettres_docx import modele_par_defaut

    modele = tmp_path / "modele.docx"
    shutil.copy(modele_par_defaut(), modele)
    before = modele.read_bytes()
    dossier = tmp_path / "d.yaml"
    shutil.copy(examples.chemin("facture_b2b_impayee"), dossier)
    r = CliRunner().invoke(main, ["lettre", str(dossier), "--modele", str(modele), "-o", str(modele), "--as-of", "2025-07-01"])
    assert r.exit_code == 2 and "est le fichier d'entrée" in r.output and modele.read_bytes() == before
    link = tmp_path / "lien.md"
    link.symlink_to(dossier)
    text = dossier.read_text(encoding="utf-8")
    r = CliRunner().invoke(main, ["lettre", str(dossier), "-o", str(link), "--as-of", "2025-07-01"])
    assert r.exit_code == 2 and dossier.read_text(encoding="utf-8") == text
