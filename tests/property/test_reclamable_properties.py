"""Property: nothing is asked of a debtor the assessment protects (C. civ. 2219 ; C. com. L622-7, L622-21 I)."""

from __future__ import annotations

import pytest
from hypothesis import given

from creances_rules.evaluation.evaluate import evaluate
from creances_rules.presentation.lettres import LettreRefusee, lettre
from creances_rules.evaluation.reclamable import reclamable

from .strategies import dossiers

# Actions that ask the debtor for money (or prepare an enforcement against the debtor for it).
MONEY = {
    "envoyer_relance", "relancer_par_telephone", "envoyer_mise_en_demeure", "reclamer_penalites_et_indemnite",
    "requete_injonction_de_payer", "signifier_injonction_de_payer", "refere_provision", "assignation_en_paiement",
    "procedure_petites_creances", "mesure_conservatoire", "executer_titre", "interrompre_prescription",
    "obtenir_titre_executoire", "signifier_titre", "reclamer_echeances_impayees", "reclamer_solde_echeancier",
    "mettre_en_demeure_avant_decheance", "rappeler_echeance", "proceder_saisie_vente", "saisir_remunerations",
    "obtenir_paiement_tiers_saisi", "denoncer_saisie_attribution", "completer_mise_en_demeure",
}


@given(dossiers())
def test_no_letter_nor_money_action_when_the_debtor_is_protected(case):
    dossier, as_of = case
    a = evaluate(dossier, as_of, engine="python", trace=False)
    r = reclamable(a)
    prescrite = a.finding("prescription_acquise") is not None
    protege = a.finding("poursuites_individuelles_suspendues") is not None and r.montant <= 0
    if prescrite or protege:
        assert not r.autorise
        assert {o.code for o in r.obstacles} & {"prescription_acquise", "poursuites_individuelles_suspendues"}
        for kind in ("mise_en_demeure", "agence"):
            with pytest.raises(LettreRefusee):
                lettre(a, type=kind)
        asked = [x.code for x in a.actions if x.code in MONEY]
        assert not asked, asked
    # What a money action asks for is never more than what may be claimed now.
    for x in a.actions:
        if x.code in MONEY and x.amount is not None:
            assert x.amount <= a.amounts.reclamable_maintenant, (x.code, x.amount, a.amounts.reclamable_maintenant)
