"""Integration review (after issues 19–25 landed together): what one helper's French wording meets in another's
output. Each dossier below was minimised from a generated portfolio where the text report showed an internal
code, a dossier path or an ISO date to the reader (issue 22's rule: none of them in the prose)."""

from __future__ import annotations

import re

import pytest

from creances_rules import evaluate
from creances_rules.presentation.render import render_text

from .test_francais import _problemes

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
URL = re.compile(r"https?://\S+")


def _lisible(a) -> list[str]:
    text = render_text(a, width=100)
    return _problemes(text) + ISO.findall(URL.sub(" ", text))


def test_payment_before_invoice_saisie_without_denonciation_read_in_french():
    # A title (01/09/2024), a saisie-attribution on 01/10/2024 never denounced: caduque after eight days
    # (CPCE R211-3) — the rule's note named « denonciation_saisie »; a payment of 01/02/2024 before the
    # invoice of 01/03/2024 — the coherence warning named « paiements[0] » and printed 2024-02-01; L441-9 cited
    # « version en vigueur jusqu'au 2026-12-31 » (the version_suivante of ordonnance 2026-671).
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
         "factures": [{"numero": "F1", "montant_ttc": "1000.00", "date_emission": "2024-03-01"}],
         "paiements": [{"date": "2024-02-01", "montant": "100.00"}],
         "evenements": [{"type": "titre_executoire", "date": "2024-09-01"},
                        {"type": "saisie_attribution", "date": "2024-10-01", "montant": "500.00"}]}
    a = evaluate(d, "2024-11-15", engine="python")
    assert [w.code for w in a.warnings].count("paiement_anterieur_a_la_facture") == 1
    text = render_text(a, width=100)
    assert "Paiement n° 1 du 01/02/2024 (100,00 €) antérieur à l'émission de la première facture (01/03/2024)" in \
        " ".join(text.split())
    assert _lisible(a) == []


def test_saisie_vente_kept_alive_by_an_act_has_no_past_deadline():
    # Commandement aux fins de saisie-vente du 10/06/2013; a saisie des rémunérations on 02/12/2014, within the two
    # years (R221-5: 10/06/2013 + 2 ans = 10/06/2015): the commandement is not perimé. On 08/09/2020 the action
    # proceder_saisie_vente was still given the deadline 10/06/2015, five years past, and not said to be past.
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
         "factures": [{"numero": "F1", "montant_ttc": "9000.00", "date_emission": "2012-01-02",
                       "date_echeance": "2012-02-01"}],
         "evenements": [{"type": "titre_executoire", "date": "2013-01-15"},
                        {"type": "commandement_saisie_vente", "date": "2013-06-10"},
                        {"type": "saisie_remunerations", "date": "2014-12-02"}]}
    a = evaluate(d, "2020-09-08", engine="python")
    assert a.finding("prescription_acquise") is None  # title of 15/01/2013: ten years (CPCE L111-4)
    actions = a.actions_of("proceder_saisie_vente")
    assert actions and all(x.deadline is None or x.deadline >= a.as_of for x in actions)
    # Within the two years the window is still given: on 01/06/2015 the last day is 10/06/2015 (a Wednesday).
    b = evaluate(d, "2014-06-01", engine="python")
    assert [x.deadline.isoformat() for x in b.actions_of("proceder_saisie_vente")] == ["2015-06-10"]


def test_prescription_and_procedure_notes_name_events_in_words():
    # A « fin de médiation » with no start (C. civ. 2238: no suspension without a start) was warned as
    # « mediation_fin du 11 juin 2014 » ; a contractual penalty rate under the floor of three times the legal rate
    # (L441-10 II) named the option « sanction_taux_insuffisant="taux_defaut" ».
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
         "contrat": {"taux_penalites": "1.00"},
         "factures": [{"numero": "F1", "montant_ttc": "1000.00", "date_emission": "2024-01-02",
                       "date_echeance": "2024-02-01"}],
         "evenements": [{"type": "mediation_fin", "date": "2024-06-11"}]}
    a = evaluate(d, "2024-11-15", engine="python")
    text = " ".join(render_text(a, width=100).split())
    assert "Événement « fin de médiation » du 11 juin 2024 : aucun début correspondant" in text
    assert "« sanction du taux insuffisant »" in text
    assert _lisible(a) == []


def test_penalties_action_leaves_out_a_time_barred_invoice():
    # F0 (1,00 €, 01/01/2013) and F1 (1,00 €, 02/01/2013), due 30 days later (31/01 and 01/02/2013), B2B, penalty
    # rate 0 in the contract (floor: 3 × legal rate, L441-10 II). Five years (C. com. L110-4): F0 lapses on
    # 01/02/2018, F1 not yet. The décompte is 82,14 €, claimable now 41,07 € (F1: 1,00 € + 40,00 € indemnity
    # D441-5 + 0,07 € penalties); reclamer_penalites_et_indemnite asked 80,14 € — F0's 40 € and penalties
    # included. It may ask only F1's: 41,07 − 1,00 = 40,07 €.
    d = {"creancier": {"qualite": "professionnel"}, "debiteur": {"qualite": "professionnel"},
         "contrat": {"delai_paiement": {"jours": 30, "fin_de_mois": False}, "taux_penalites": "0.00"},
         "factures": [{"numero": "F0", "montant_ttc": "1.00", "date_emission": "2013-01-01"},
                      {"numero": "F1", "montant_ttc": "1.00", "date_emission": "2013-01-02"}]}
    a = evaluate(d, "2018-02-01", engine="python")
    assert list(a.amounts.non_reclamables) == ["F0"]
    assert str(a.amounts.reclamable_maintenant) == "41.07"
    (x,) = a.actions_of("reclamer_penalites_et_indemnite")
    assert str(x.amount) == "40.07" and "facture F0 exclue" in x.amount_basis
    assert x.amount <= a.amounts.reclamable_maintenant


def test_broken_json_is_reported_in_french():
    # « Expecting value » (the json module's English) reached batch records and the HTTP service's 422 (issue 22).
    from creances_rules import DossierInvalide
    from creances_rules.models.loading import parse_text

    with pytest.raises(DossierInvalide) as e:
        parse_text('{"factures": [', "corps")
    assert "JSON invalide : valeur attendue (colonne 15)" in str(e.value) and "Expecting" not in str(e.value)
