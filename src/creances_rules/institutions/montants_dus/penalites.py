"""Les montants de C. com. L441-10 : pénalités de retard, indemnité forfaitaire de 40 €, plancher du taux convenu, délai.

- Pénalités de retard, facture par facture, du lendemain de l'échéance au paiement : taux convenu (jamais moins
  que trois fois le taux légal) ou taux BCE + 10 points, semestre par semestre (L441-10 II). Elles sont traitées
  comme des « intérêts » au sens de 1343-1 (lecture signalée par un avertissement droit_incertain : aucun texte
  ne le dit).
- Indemnité forfaitaire pour frais de recouvrement : 40 € par facture payée en retard (L441-10 II, D441-5).
- Plancher du taux convenu (trois fois le taux légal « autres cas ») et délai de paiement convenu au-delà du
  plafond légal (L441-10 I), avec l'amende encourue (L441-16).

Références : C. com., art. L441-10 I et II (ex-L441-6), D441-5, L441-16 ; C. mon. fin., art. L313-2 ; C. civ.,
art. 1343-1 (ancien 1254) ; Cass. com., 24 avr. 2024, n° 22-24.275 (pénalités et intérêts légaux ne se cumulent
pas ; les pénalités sont des intérêts moratoires).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from ...law import montants as m
from ...law import taux as t
from ...law.montants.conventions import taux_memorise
from ..._base.formatting import euros, fmt
from ..calculators import coded_warning, Computed, Context, calculator
from ..derive import Derivation
from ...models.dossier import Dossier
from .accessoires import (
    INTERETS_D_ABORD,
    Decompte,
    DetailMontant,
    _ajouter,
    _basis_imputation,
    _computed,
    _decompte,
    _manques_message,
    phrase_non_calcule,
)
from .factures import (
    EtatFacture,
    _UN_JOUR,
    _etats,
    _fins,
    _memo,
    _paiements,
    compensations_en_paiements,
    fin_par_prescription,
    lecture_imputation,
    limite_taux_legal,
    limite_taux_penalites,
    taux_fournis,
)


# --------------------------------------------------------------------------------------- pénalités L441-10


def _motif_limite_penalites(limite: date, taux_contractuel: Decimal | None) -> str:
    if taux_contractuel is not None:
        return (f"le taux de l'intérêt légal, qui fixe le plancher de trois fois ce taux (L441-10 II), n'est connu "
                f"que jusqu'au {fmt(limite)} (arrêté du semestre suivant non publié dans la table).")
    return (f"le taux BCE au {fmt(limite + _UN_JOUR)}, qui fixe le taux des pénalités du semestre commençant ce "
            f"jour-là (taux BCE + 10 points, L441-10 II), n'est pas dans la table (connue jusqu'au "
            f"{fmt(t.table_bce().connu_jusqu_au)}).")


def penalites_factures(
    etats: Sequence[EtatFacture],
    as_of: date,
    *,
    taux_contractuel: Decimal | None = None,
    taux_bce_fournis: Mapping[date, Decimal] | None = None,
    taux_legal_fournis: Mapping[date, Decimal] | None = None,
    paiements: Sequence[m.Paiement] = (),
    date_contrat: date | None = None,
    imputation: str = INTERETS_D_ABORD,
    compensations: Sequence[m.Paiement] = (),
    fin: date | None = None,
    fins: Mapping[str, date] | None = None,
) -> Decompte:
    """Pénalités de retard restant dues sur chaque facture en retard, du lendemain de son échéance au paiement (ou ``as_of``).

    Taux : ``taux_contractuel`` (jamais moins que trois fois le taux légal : le plancher est appliqué), sinon
    taux BCE + 10 points, semestre par semestre. ``paiements`` : imputés au fil du décompte, sur les pénalités
    courues d'abord, puis sur le principal (voir :func:`_decompte`) ; ``date_contrat`` antérieure au
    1er octobre 2016 : l'ancien art. 1254 est cité au lieu de 1343-1.

    Références : C. com., art. L441-10 II (ex-L441-6) ; C. mon. fin., art. L313-2 ; C. civ., art. 1342-10,
    1343-1 (ancien 1254).
    """
    limite = limite_taux_penalites(taux_contractuel, taux_bce_fournis, taux_legal_fournis)
    motif_limite = _motif_limite_penalites(limite, taux_contractuel)
    if taux_contractuel is None:
        borne = t.DEBUT_REGLE_SEMESTRIELLE_PENALITES
        motif_borne = ("retard antérieur au 1er janvier 2013 : la règle du taux BCE au 1er janvier / 1er juillet "
                       "n'est modélisée qu'à partir de cette date.")
    else:
        borne = t.DEBUT_PLANCHER_3X
        motif_borne = ("retard antérieur au 1er janvier 2009 : le plancher de trois fois le taux légal (loi LME) "
                       "n'est modélisé qu'à partir de cette date.")
    # Toute facture échue : une facture payée à temps n'a plus de principal à l'échéance et ne produit rien, mais un
    # reliquat laissé par l'imputation sur les pénalités d'une autre (1343-1) doit pouvoir courir.
    departs = {e.ref: e.date_exigibilite for e in etats if e.date_exigibilite < as_of}

    def calcul(base: Decimal, veille: date, dernier: date) -> m.CalculInterets:
        return m.penalites_retard(base, veille, dernier, taux_contractuel=taux_contractuel,
                                  taux_bce_fournis=taux_bce_fournis, taux_legal_fournis=taux_legal_fournis)

    hypotheses = [
        "Pénalités dues sans rappel du lendemain de l'échéance (C. com. art. L441-10 II : « exigibles le jour suivant "
        "la date de règlement figurant sur la facture ») jusqu'au jour du paiement, ou de l'évaluation, inclus.",
        "Base : le montant TTC resté impayé (CJUE, 20 oct. 2022, C-585/20) ; le jour d'un paiement est compté sur "
        "l'ancienne base, qui baisse le lendemain de la part du paiement imputée sur le principal.",
        m.HYPOTHESE_BASE_365,
        m.HYPOTHESE_ARRONDI,
        m.HYPOTHESE_SIMPLES,
        "Taux : " + (f"taux convenu de {fmt_taux(taux_contractuel)}, porté au plancher de trois fois le taux légal "
                     "« autres cas » du semestre s'il lui est inférieur." if taux_contractuel is not None else
                     "aucun taux convenu : taux BCE en vigueur au 1er janvier (1er semestre) ou au 1er juillet "
                     "(2nd semestre), majoré de 10 points."),
        "Pénalités seules, sans intérêts au taux légal de C. civ. art. 1231-6 pour la même période : les deux sont des "
        "intérêts moratoires de même nature et ne se cumulent pas (Cass. com., 24 avr. 2024, n° 22-24.275).",
    ]
    d = _decompte(etats, departs, as_of, calcul, borne_inf=borne, motif_borne_inf=motif_borne, limite=limite,
                  motif_limite=motif_limite, hypotheses=hypotheses, paiements=paiements, accessoires="pénalités",
                  ancien_droit=date_contrat is not None and date_contrat < m.REFORME_OBLIGATIONS,
                  imputation=imputation, compensations=compensations, fin=fin, fins=fins)
    _ajouter(d.avertissements, _manques_message(d.detail, "Pénalités de retard calculées",
                                                "Pénalités de retard non calculées", limite, motif_limite))
    if d.payes > 0 and imputation == INTERETS_D_ABORD:
        _ajouter(d.avertissements, [avertissement_penalites_1343_1(d.payes, date_contrat)])
        _ajouter(d.citations, list(CITATIONS_PENALITES_INTERETS))
    return d


# Ce qui fonde la lecture « les pénalités sont des intérêts » (fichier rules/penalites_l441_10.yaml).
CITATIONS_PENALITES_INTERETS = ("cass_com_2024_04_24_22_24275", "cass_com_2011_11_02_10_14677",
                                "cass_civ1_1995_02_07_92_14216")


def avertissement_penalites_1343_1(payes: Decimal, date_contrat: date | None = None) -> str:
    """Le point de droit incertain : des paiements ont été imputés sur des pénalités L441-10 avant le principal."""
    article = ("ancien art. 1254 (contrat antérieur au 1er octobre 2016)"
               if date_contrat is not None and date_contrat < m.REFORME_OBLIGATIONS else "art. 1343-1")
    return coded_warning(
        "droit_incertain",
        f"Paiements imputés d'abord sur les pénalités de retard ({euros(payes)}), puis sur le principal (C. civ. "
        f"{article} : le paiement partiel d'une dette qui porte intérêt « s'impute d'abord sur les intérêts »). Aucun "
        "texte ne dit si les pénalités de L441-10 sont des « intérêts » au sens de cet article. Lecture retenue : oui, "
        "la Cour de cassation les qualifie d'intérêts moratoires (Cass. com., 24 avr. 2024, n° 22-24.275 ; Cass. com., "
        "2 nov. 2011, n° 10-14.677, selon ses commentateurs) et a étendu l'imputation prioritaire de l'ancien art. "
        "1254 aux accessoires de la dette (Cass. 1re civ., 7 févr. 1995, n° 92-14.216, frais de recouvrement). Si un "
        "juge imputait ces paiements sur le principal, le principal restant dû serait plus bas et les pénalités "
        "restant dues plus élevées.",
    )


def fmt_taux(v: Decimal) -> str:
    """12,15 % (pourcentage annuel, virgule décimale)."""
    return f"{v:f}".replace(".", ",") + " %"


def penalites_du_dossier(dossier: Dossier, as_of: date, derivation: Derivation, *,
                         taux_contractuel: Decimal | None, date_contrat: date | None,
                         imputation: str | None = None, fin: date | None = None) -> Decompte:
    """Les pénalités L441-10 de toutes les factures du dossier, selon la lecture d'imputation (défaut : celle du
    contrat), la compensation à invoquer, arrêtées à ``fin`` ; calculées une fois par évaluation."""
    imputation = imputation or lecture_imputation(dossier)

    def calcul() -> Decompte:
        etats, _ = _etats(dossier, derivation, as_of)
        fournis = taux_fournis(dossier)
        return penalites_factures(etats, as_of, taux_contractuel=taux_contractuel, taux_bce_fournis=fournis.bce,
                                  taux_legal_fournis=fournis.legal_de("autres_cas"),
                                  paiements=_paiements(dossier, as_of), date_contrat=date_contrat,
                                  imputation=imputation,
                                  compensations=compensations_en_paiements(dossier, as_of, derivation), fin=fin,
                                  fins=_fins(dossier, as_of, derivation))

    return _memo(derivation, dossier, as_of, ("penalites", taux_contractuel, date_contrat, imputation, fin), calcul)


def indemnites_du_dossier(dossier: Dossier, as_of: date, derivation: Derivation, *,
                          fin: date | None = None) -> m.IndemnitesForfaitaires:
    """40 € par facture payée en retard, ou échue et impayée ; avec ``fin``, seulement les factures échues avant."""
    def calcul() -> m.IndemnitesForfaitaires:
        etats, _ = _etats(dossier, derivation, as_of)
        fins = _fins(dossier, as_of, derivation)  # per-invoice stops (a title): same rule as ``fin``
        entree = [m.FactureIndemnite(ref=e.ref, date_echeance=e.date_exigibilite, date_paiement=e.date_solde,
                                     debut_delai_paiement=e.debut_delai)
                  for e in etats if (fin is None or e.date_exigibilite < fin)
                  and (e.ref not in fins or e.date_exigibilite < fins[e.ref])]
        return m.indemnites_forfaitaires(entree, au=as_of)

    return _memo(derivation, dossier, as_of, ("indemnites", fin), calcul)


@calculator("penalites_l441_10_factures")
def penalites_l441_10_factures(ctx: Context, taux_contractuel: Decimal | None = None,
                               date_contrat: date | None = None) -> Computed | None:
    """Pénalités de retard L441-10 restant dues sur les factures en retard, ligne par ligne (facture × semestre)."""
    arret = fin_par_prescription(ctx.facts)
    d = penalites_du_dossier(ctx.dossier, ctx.as_of, ctx.derivation, taux_contractuel=taux_contractuel,
                             date_contrat=date_contrat, fin=arret)
    n = sum(1 for f in d.detail.factures if f["couru"] > 0)
    seule, fin = phrase_non_calcule(d.detail, "Pénalités de retard non calculées", d.courus)
    jusqu = (f"arrêtées au {fmt(arret)}, veille du jour où la prescription a été acquise (rien n'en est réclamable)"
             if arret is not None else f"arrêtées au {fmt(ctx.as_of)} ou au jour du paiement")
    basis = seule or (f"Pénalités de retard sur {n} facture{'s' if n > 1 else ''} en retard : {euros(d.courus)} "
                      f"courues, {jusqu} (détail par facture et par semestre)"
                      + _basis_imputation(d, "pénalités", date_contrat) + fin)
    return _computed(d, basis, [])


# --------------------------------------------------------------------------------------- indemnité forfaitaire


@calculator("indemnite_forfaitaire_factures")
def indemnite_forfaitaire_factures(ctx: Context) -> Computed | None:
    """Indemnité forfaitaire de 40 € par facture payée en retard (ou échue et impayée à la date d'évaluation)."""
    r = indemnites_du_dossier(ctx.dossier, ctx.as_of, ctx.derivation)
    if r.montant <= 0:
        return None
    dues = [f for f in r.factures if f.due]
    detail = DetailMontant(
        lignes=[],
        hypotheses=[*r.hypotheses,
                    "Début du délai de paiement (transition du 1er janvier 2013) : la plus ancienne des dates de "
                    "livraison, d'exécution et d'émission de la facture."],
        factures=[f.model_dump() for f in r.factures],
    )
    basis = (f"{len(dues)} facture{'s' if len(dues) > 1 else ''} payée{'s' if len(dues) > 1 else ''} en retard × 40 € "
             f"= {euros(r.montant)} (une indemnité par facture). Si les frais de recouvrement exposés dépassent 40 €, "
             "une indemnisation complémentaire peut être demandée sur justification.")
    return Computed(r.montant, basis=basis, details=detail, warnings=list(r.avertissements),
                    citations=[c["cle"] for c in r.citations])


# --------------------------------------------------------------------------------------- plancher du taux convenu


def periodes_sous_plancher(taux_contractuel: Decimal, jours: Sequence[date],
                           taux_legal_fournis: Mapping[date, Decimal] | None = None) -> list[t.TauxApplicable]:
    """Les planchers (3 × taux légal « autres cas ») supérieurs au taux convenu, pour les périodes des ``jours``.

    Références : C. com., art. L441-10 II ; C. mon. fin., art. L313-2.
    """
    out: dict[date, t.TauxApplicable] = {}
    for d in jours:
        try:
            plancher = taux_memorise(t.plancher_penalites, d, fournis=taux_legal_fournis)
        except (t.TauxInconnu, t.RegleNonModelisee):
            continue
        if taux_contractuel < plancher.valeur:
            out[plancher.du] = plancher
    return [out[k] for k in sorted(out)]


def _jours_a_verifier(debut: date | None, fin: date | None, as_of: date) -> list[date]:
    """Un jour par période du taux légal couvrant le retard, plus la date d'évaluation."""
    jours = [as_of]
    if debut is not None and fin is not None and debut <= fin:
        d = debut
        while d <= fin:
            jours.append(d)
            d = t.periode_taux_legal(d)[1] + _UN_JOUR
    return jours


def _retards(etats: Sequence[EtatFacture], as_of: date) -> tuple[int, date | None, date | None]:
    late = [e for e in etats if e.en_retard(as_of)]
    if not late:
        return 0, None, None
    return (len(late), min(e.date_exigibilite for e in late) + _UN_JOUR, max(e.fin_retard(as_of) for e in late))


@calculator("plancher_penalites_non_respecte")
def plancher_penalites_non_respecte(ctx: Context, taux_contractuel: Decimal | None) -> Computed | None:
    """Le taux convenu est-il inférieur au plancher légal, et sur quelles périodes ?"""
    if taux_contractuel is None:
        return None
    etats, _ = _etats(ctx.dossier, ctx.derivation, ctx.as_of)
    _, debut, fin = _retards(etats, ctx.as_of)
    fournis = taux_fournis(ctx.dossier).legal_de("autres_cas")
    limite = limite_taux_legal(fournis)
    jours = [d for d in _jours_a_verifier(debut, fin, ctx.as_of) if d <= limite]
    periodes = periodes_sous_plancher(taux_contractuel, jours, fournis)
    if not periodes:
        return None
    liste = " ; ".join(f"{fmt_taux(p.valeur)} du {fmt(p.du)} au {fmt(p.au)}" for p in periodes)
    # Both readings, with their figures (issue 20): the creditor picks one with contrat.taux_sous_plancher.
    date_contrat = ctx.facts.get("date_conclusion_contrat")
    au_plancher = penalites_du_dossier(ctx.dossier, ctx.as_of, ctx.derivation, taux_contractuel=taux_contractuel,
                                       date_contrat=date_contrat).total
    par_defaut = penalites_du_dossier(ctx.dossier, ctx.as_of, ctx.derivation, taux_contractuel=None,
                                      date_contrat=date_contrat).total
    ecartee = ctx.dossier.contrat.taux_sous_plancher.value == "taux_par_defaut"
    lectures = (f"pénalités de {euros(au_plancher)} au plancher (option « taux sous le plancher » du contrat : "
                f"plancher, par défaut) ; {euros(par_defaut)} si la clause est écartée au profit du taux BCE + 10 "
                "points (option : taux par défaut)")
    basis = (f"Taux convenu de {fmt_taux(taux_contractuel)} inférieur au minimum légal de trois fois le taux de "
             f"l'intérêt légal « autres cas » : {liste}. Deux lectures, que les textes lus ne tranchent pas : "
             f"{lectures}. Lecture appliquée : {'clause écartée, taux BCE + 10 points' if ecartee else 'plancher'}. "
             "Fixer un taux non conforme est passible d'une amende administrative d'au plus "
             "75 000 € (personne physique) ou 2 000 000 € (personne morale) (C. com. art. L441-16 c).")
    details = [{"du": p.du, "au": p.au, "plancher": p.valeur, "taux_contractuel": taux_contractuel, "texte": p.texte}
               for p in periodes]
    return Computed(True, basis=basis, details=details,
                    assumptions=["Plancher apprécié pour chaque période de retard et à la date d'évaluation, dans la "
                                 "limite des taux publiés."])


@calculator("debut_plancher_non_respecte")
def debut_plancher_non_respecte(ctx: Context, taux_contractuel: Decimal | None) -> date | None:
    """Premier jour de la première période où le taux convenu est sous le plancher légal."""
    found = plancher_penalites_non_respecte(ctx, taux_contractuel)
    return found.details[0]["du"] if found is not None else None


# --------------------------------------------------------------------------------------- délais de paiement


@calculator("delai_paiement_excessif")
def delai_paiement_excessif(ctx: Context, jours: int, fin_de_mois: bool | None = False,
                            ancien_l441_6: bool = False) -> Computed:
    """Le délai convenu dépasse le plafond légal : lequel, de combien, et l'amende encourue."""
    plafond = "45 jours fin de mois" if fin_de_mois else "60 jours à compter de la date d'émission de la facture"
    convenu = f"{jours} jours{' fin de mois' if fin_de_mois else ''}"
    article = "C. com. art. L441-6 ancien, repris à L441-10 I" if ancien_l441_6 else "C. com. art. L441-10 I"
    basis = (f"Délai de paiement convenu de {convenu} : au-delà du plafond de {plafond} ({article} ; 45 jours fin de "
             "mois seulement si c'est expressément stipulé et ne constitue pas un abus manifeste à l'égard du "
             "créancier). Le non-respect des délais de paiement est passible d'une amende administrative d'au plus "
             "75 000 € pour une personne physique et 2 000 000 € pour une personne morale, portée à 150 000 € et "
             "4 000 000 € en cas de réitération dans les deux ans (C. com. art. L441-16, version du 1er novembre "
             "2021).")
    return Computed(True, basis=basis,
                    details={"jours_convenus": jours, "fin_de_mois": bool(fin_de_mois),
                             "plafond_jours": 45 if fin_de_mois else 60},
                    assumptions=["Les échéances retenues restent celles qui résultent du délai convenu ; la "
                                 "bibliothèque ne dit pas si les pénalités courent dès l'expiration du plafond légal.",
                                 "Délais sectoriels (L441-11) et facture périodique (45 jours) non examinés."])
