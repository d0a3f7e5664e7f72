"""Propriétés du calcul de prescription (C. civ., art. 2230 à 2244) sur des scénarios tirés au hasard.

Chaque propriété traduit une règle : une interruption ou une suspension ne rapproche jamais le terme ;
le délai reprend pour six mois au moins après une suspension des art. 2238-2239 ; le délai butoir de
20 ans tient sauf pour ses exclusions (art. 2232 al. 2) ; l'ordre de saisie et les mises en demeure
(Cass. com., 18 mai 2022) sont sans effet.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from creances_rules.law.delais import terme_prescription
from creances_rules.law.prescription import (
    EvenementPrescription,
    NatureEtape,
    calculer_prescription,
    regime_legal,
)

E = EvenementPrescription
REGIMES = [
    regime_legal("c_civ_2224"),
    regime_legal("c_conso_l218_2"),
    regime_legal("cpce_l111_4"),
    regime_legal("c_conso_r312_35"),
    regime_legal("contractuel_2254", ans=1),
]
REGIMES_PLAFONNES = [r for r in REGIMES if r.plafond_20_ans]
PAIRES = {
    "mediation": ("mediation_debut", "mediation_fin"),
    "conciliation": ("conciliation_debut", "conciliation_fin"),
    "procedure_participative": ("procedure_participative_debut", "procedure_participative_fin"),
    "petites_creances": ("accord_petites_creances", "refus_petites_creances"),
    "mesure_instruction": ("mesure_instruction_ordonnee", "mesure_instruction_executee"),
}
POINTS_SOUMIS = ["reconnaissance", "paiement_partiel", "mise_en_demeure"]
POINTS_EXCLUS = ["mesure_conservatoire", "acte_execution"]
FINS_DEMANDE = ["fin_instance", "desistement", "peremption", "rejet_definitif"]
LOIN = date(2090, 1, 1)


def _infini(r) -> date:
    """Date limite, une instance ou une suspension en cours valant « pas encore de terme »."""
    return date.max if r.date_limite is None else r.date_limite


@st.composite
def scenarios(draw, *, demandes=True, exclues=True, regimes=REGIMES, prefixe=""):
    regime = draw(st.sampled_from(regimes))
    depart = draw(st.dates(date(2009, 1, 1), date(2035, 12, 31)))
    naissance = depart - timedelta(days=draw(st.sampled_from([0, 0, 0, 400, 3000, 6000])))
    if naissance < date(2008, 6, 19):
        naissance = depart

    def jour() -> date:
        return depart + timedelta(days=draw(st.integers(-400, 9000)))

    sortes = ["point", "suspension"] + (["demande"] if demandes else [])
    points = POINTS_SOUMIS + (POINTS_EXCLUS if exclues else [])
    evenements: list[EvenementPrescription] = []
    for k in range(draw(st.integers(0, 6))):
        sorte = draw(st.sampled_from(sortes))
        if sorte == "point":
            evenements.append(E(type=draw(st.sampled_from(points)), date=jour()))
        elif sorte == "suspension":
            debut, fin = PAIRES[draw(st.sampled_from(sorted(PAIRES)))]
            d = jour()
            ref = f"{prefixe}S{k}"
            evenements.append(E(type=debut, date=d, reference=ref))
            if draw(st.integers(0, 4)):
                evenements.append(E(type=fin, date=d + timedelta(days=draw(st.integers(0, 1500))), reference=ref))
        else:
            d = jour()
            ref = f"{prefixe}D{k}"
            al2 = draw(st.booleans())
            evenements.append(E(type=draw(st.sampled_from(["demande_en_justice", "refere"])), date=d,
                                reference=ref, juridiction_incompetente_ou_acte_annule=al2))
            if draw(st.integers(0, 4)):
                fin = draw(st.sampled_from(FINS_DEMANDE))
                evenements.append(E(type=fin, date=d + timedelta(days=draw(st.integers(0, 1500))), reference=ref))
    as_of = draw(st.sampled_from([LOIN, depart + timedelta(days=draw(st.integers(0, 10000)))]))
    return regime, depart, naissance, evenements, as_of


def _calcul(regime, depart, naissance, evenements, as_of):
    return calculer_prescription(regime, depart, evenements, date_naissance_droit=naissance, as_of=as_of)


def _duree(regime) -> dict:
    return {"ans": regime.duree_ans, "mois": regime.duree_mois}


# ---------------------------------------------------------------------------------------------


@given(scenarios(), st.sampled_from(POINTS_SOUMIS[:2] + POINTS_EXCLUS), st.integers(-400, 9000))
def test_une_interruption_ne_rapproche_jamais_le_terme(scenario, type_, decalage):
    # Art. 2231 : l'interruption ouvre un délai complet ; elle ne peut raccourcir le temps restant.
    regime, depart, naissance, evenements, as_of = scenario
    avant = _calcul(regime, depart, naissance, evenements, as_of)
    ajout = E(type=type_, date=depart + timedelta(days=decalage))
    apres = _calcul(regime, depart, naissance, [*evenements, ajout], as_of)
    assert _infini(apres) >= _infini(avant)


@given(scenarios(), st.sampled_from(sorted(PAIRES)), st.integers(-400, 9000), st.integers(0, 1500))
def test_une_suspension_ne_rapproche_jamais_le_terme(scenario, famille, decalage, duree):
    # Art. 2230 : la suspension arrête le cours sans effacer le temps couru.
    regime, depart, naissance, evenements, as_of = scenario
    avant = _calcul(regime, depart, naissance, evenements, as_of)
    debut, fin = PAIRES[famille]
    d = depart + timedelta(days=decalage)
    ajout = [E(type=debut, date=d, reference="AJOUT"), E(type=fin, date=d + timedelta(days=duree), reference="AJOUT")]
    apres = _calcul(regime, depart, naissance, [*evenements, *ajout], as_of)
    assert _infini(apres) >= _infini(avant)


@given(scenarios(demandes=False))
def test_plancher_de_six_mois_apres_2238_2239(scenario):
    # Art. 2238 al. 2 et 2239 al. 2 : après la fin effective d'une suspension, au moins six mois
    # (dans la limite du délai butoir de l'art. 2232).
    regime, depart, naissance, evenements, as_of = scenario
    r = _calcul(regime, depart, naissance, evenements, as_of)
    if r.date_limite is None:
        return
    for etape in r.trace:
        # Fin effective : plus aucune suspension ni instance, le délai court de nouveau (date connue).
        if etape.nature is NatureEtape.suspension_close and etape.date_limite is not None:
            plancher = terme_prescription(etape.date, mois=6)
            if r.plafond_2232 is not None:
                plancher = min(plancher, max(r.plafond_2232, etape.date_limite))
            assert r.date_limite >= plancher, etape.effet


@given(scenarios(demandes=False, exclues=False, regimes=REGIMES_PLAFONNES))
def test_plafond_de_vingt_ans_hors_exclusions(scenario):
    # Art. 2232 al. 1 : reconnaissances et suspensions ne portent jamais le délai au-delà de 20 ans
    # après la naissance du droit.
    regime, depart, naissance, evenements, as_of = scenario
    r = _calcul(regime, depart, naissance, evenements, as_of)
    assert r.plafond_2232 == terme_prescription(naissance, ans=20)
    for borne in (r.date_limite, r.date_limite_provisoire):
        if borne is not None:
            assert borne <= r.plafond_2232


@given(scenarios(demandes=False, exclues=False, regimes=REGIMES_PLAFONNES),
       st.sampled_from(POINTS_EXCLUS), st.integers(0, 12000))
def test_plafond_ecarte_pour_les_actes_de_l_article_2244(scenario, type_, decalage):
    # Art. 2232 al. 2 : l'effet d'une mesure conservatoire ou d'un acte d'exécution n'est pas plafonné.
    regime, depart, naissance, evenements, _ = scenario
    acte = E(type=type_, date=depart + timedelta(days=decalage))
    r = _calcul(regime, depart, naissance, [*evenements, acte], LOIN)
    effectif = any(t.index == len(evenements) and t.nature is NatureEtape.interruption for t in r.trace)
    if effectif and not r.suspension_en_cours:
        assert r.date_limite >= terme_prescription(acte.date, **_duree(regime))


@given(scenarios(), st.randoms(use_true_random=False))
def test_ordre_de_saisie_indifferent(scenario, hasard):
    regime, depart, naissance, evenements, as_of = scenario
    melange = list(evenements)
    hasard.shuffle(melange)
    a = _calcul(regime, depart, naissance, evenements, as_of)
    b = _calcul(regime, depart, naissance, melange, as_of)
    sans_index = {"trace": {"__all__": {"index"}}}
    assert a.model_dump(exclude=sans_index) == b.model_dump(exclude=sans_index)


@given(scenarios(), st.integers(-400, 12000))
def test_mise_en_demeure_ne_change_rien(scenario, decalage):
    # Cass. com., 18 mai 2022, n° 20-23.204 : la mise en demeure n'interrompt pas.
    regime, depart, naissance, evenements, as_of = scenario
    med = E(type="mise_en_demeure", date=depart + timedelta(days=decalage))
    a = _calcul(regime, depart, naissance, evenements, as_of)
    b = _calcul(regime, depart, naissance, [*evenements, med], as_of)
    champs = ("date_limite", "acquise", "acquise_le", "instance_en_cours", "suspension_en_cours",
              "date_limite_provisoire", "date_limite_sans_instance", "plafond_atteint")
    assert {c: getattr(a, c) for c in champs} == {c: getattr(b, c) for c in champs}
    if med.date <= as_of:
        assert any("n'interrompt pas la prescription" in x for x in b.avertissements)


@given(scenarios(), st.lists(st.tuples(st.sampled_from(POINTS_SOUMIS + POINTS_EXCLUS), st.integers(1, 3000)),
                             max_size=3))
def test_evenements_posterieurs_a_as_of_ignores(scenario, tardifs):
    regime, depart, naissance, evenements, as_of = scenario
    if as_of == LOIN:
        return
    ajout = [E(type=t, date=as_of + timedelta(days=n)) for t, n in tardifs]
    a = _calcul(regime, depart, naissance, evenements, as_of)
    b = _calcul(regime, depart, naissance, [*evenements, *ajout], as_of)
    assert (a.date_limite, a.acquise, a.instance_en_cours) == (b.date_limite, b.acquise, b.instance_en_cours)


@given(scenarios())
def test_coherence_du_resultat(scenario):
    regime, depart, naissance, evenements, as_of = scenario
    r = _calcul(regime, depart, naissance, evenements, as_of)
    if r.date_limite is None:
        assert (r.instance_en_cours or r.suspension_en_cours) and not r.acquise and r.acquise_le is None
    else:
        assert r.acquise == (as_of > r.date_limite)
        assert r.acquise_le == r.date_limite + timedelta(days=1)
        assert not r.instance_en_cours and not r.suspension_en_cours
    if r.date_limite_provisoire is not None:
        assert r.suspension_en_cours
    dates = [t.date for t in r.trace]
    assert dates == sorted(dates)


@given(st.sampled_from([r for r in REGIMES if not r.forclusion]), st.dates(date(2009, 1, 1), date(2035, 12, 31)),
       st.sampled_from(sorted(PAIRES)), st.integers(0, 400), st.integers(0, 200),
       scenarios(demandes=False, prefixe="x"))
def test_plancher_quand_la_suspension_finit_pres_du_terme(regime, depart, famille, avance, duree, autres):
    # Suspension qui commence peu avant le terme nominal : la reprise pour six mois (art. 2238 al. 2,
    # 2239 al. 2) est alors le plus souvent ce qui fixe la date limite.
    terme = terme_prescription(depart, **_duree(regime))
    debut = max(depart, terme - timedelta(days=avance))
    fin = debut + timedelta(days=duree)
    debut_t, fin_t = PAIRES[famille]
    evenements = [E(type=debut_t, date=debut, reference="P"), E(type=fin_t, date=fin, reference="P")]
    r = calculer_prescription(regime, depart, evenements, as_of=LOIN)
    attendu = max(terme + timedelta(days=(fin - debut).days), terme_prescription(fin, mois=6))
    if r.plafond_2232 is not None:
        attendu = min(attendu, r.plafond_2232)
    assert r.date_limite == attendu
    # Et des événements de plus (reconnaissances, suspensions, mises en demeure) ne font pas descendre
    # sous ce plancher.
    _, _, _, ajout, _ = autres
    r2 = calculer_prescription(regime, depart, [*evenements, *ajout], as_of=LOIN)
    assert _infini(r2) >= attendu


@given(st.sampled_from([r for r in REGIMES_PLAFONNES if r.duree_ans >= 2]), st.dates(date(2009, 1, 1), date(2030, 12, 31)),
       st.lists(st.integers(30, 700), min_size=5, max_size=40), st.booleans())
def test_chaine_d_interruptions_et_plafond(regime, depart, ecarts, execution):
    # Art. 2232 : une chaîne de reconnaissances s'arrête au plafond de 20 ans ; une chaîne d'actes
    # d'exécution (art. 2244, exclus du plafond) ne s'y arrête pas. Modèle simple recalculé ici.
    type_ = "acte_execution" if execution else "reconnaissance"
    plafond = terme_prescription(depart, ans=20)
    jours, d = [], depart
    for n in ecarts:
        d += timedelta(days=n * 3)
        jours.append(d)
    echeance = terme_prescription(depart, **_duree(regime))
    for j in jours:
        if j > echeance:
            break
        nouveau = terme_prescription(j, **_duree(regime))
        echeance = max(echeance, nouveau if execution else min(nouveau, plafond))
    r = calculer_prescription(regime, depart, [E(type=type_, date=j) for j in jours], as_of=LOIN)
    assert r.date_limite == echeance
    if not execution:
        assert r.date_limite <= plafond
