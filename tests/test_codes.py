"""The stable codes of SPEC §3 stay in the catalogue; every code the rules use is catalogued."""

from __future__ import annotations

from creances_rules import load_rulebook
from creances_rules.institutions.vocabulary import load_codes

# SPEC §3 (the public contract apps depend on): removing or renaming one needs a deprecation path.
SPEC_FINDINGS = """creance_exigible debiteur_en_demeure penalites_de_retard_dues indemnite_forfaitaire_due
interets_moratoires_dus delai_paiement_excessif taux_penalites_inferieur_au_minimum compensation_legale_acquise
compensation_judiciaire_possible droit_de_retention date_prescription prescription_acquise
poursuites_individuelles_suspendues titre_executoire_prescrit""".split()
SPEC_ACTIONS = """envoyer_relance relancer_par_telephone envoyer_mise_en_demeure reclamer_penalites_et_indemnite
invoquer_compensation exercer_droit_de_retention suspendre_execution interrompre_prescription
procedure_petites_creances requete_injonction_de_payer signifier_injonction_de_payer refere_provision
assignation_en_paiement mesure_conservatoire declarer_creance demander_releve_de_forclusion executer_titre
ne_pas_agir_creance_prescrite""".split()


def test_spec_codes_are_all_in_the_catalogue_and_not_deprecated():
    codes = load_codes()
    for kind, expected in (("finding", SPEC_FINDINGS), ("action", SPEC_ACTIONS)):
        for code in expected:
            assert code in codes[kind], code
            assert codes[kind][code].deprecated_by is None, code


def test_every_spec_code_is_produced_by_some_rule():
    book = load_rulebook()
    produced = {f.code for r in book.rules.values() for f in r.rule.then.findings}
    produced |= {a.code for r in book.rules.values() for a in r.rule.then.actions}
    assert set(SPEC_FINDINGS + SPEC_ACTIONS) <= produced, set(SPEC_FINDINGS + SPEC_ACTIONS) - produced


def test_every_code_has_a_french_label():
    for kind, codes in load_codes().items():
        for code, spec in codes.items():
            assert spec.label and spec.label[0].isupper(), (kind, code)
