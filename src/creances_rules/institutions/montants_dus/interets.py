"""Les intérêts moratoires au taux légal, facture par facture, et leur capitalisation.

Chaque facture porte intérêt du jour où son débiteur est en demeure de la payer (premier acte postérieur à son
exigibilité qui la vise, ou son échéance avec une clause de demeure par l'exigibilité), au taux légal de la
catégorie du créancier, majoré de cinq points deux mois après un titre exécutoire ; les intérêts dus pour une
année entière produisent eux-mêmes intérêt si le contrat le prévoit.

Références : C. civ., art. 1231-6, 1344 (ancien 1139), 1344-1 (ancien 1153), 1342-10, 1343-1 (ancien 1254),
1343-2 ; C. mon. fin., art. L313-2, L313-3.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from ...law import montants as m
from ...law import taux as t
from ..._base.formatting import euros, fmt
from ..calculators import Computed, Context, calculator
from ..derive import Derivation
from ...models.dossier import Dossier, TypeEvenement
from .accessoires import (
    INTERETS_D_ABORD,
    Decompte,
    _ajouter,
    _basis_imputation,
    _computed,
    _decompte,
    _manques_message,
    phrase_non_calcule,
)
from .factures import (
    EtatFacture,
    ZERO,
    _etats,
    _fins,
    _memo,
    _paiements,
    compensations_en_paiements,
    fin_par_prescription,
    hors_l441_10,
    lecture_imputation,
    limite_taux_legal,
    taux_fournis,
)


_CATEGORIES = {"creancier_particulier": "« créancier particulier »", "autres_cas": "« autres cas »"}
# Actes qui interpellent le débiteur : les mêmes que ceux dont derive.py tire la date de la première
# mise en demeure, sommation ou demande en justice (et que lit rules/demeure.yaml).
_ACTES_DE_DEMEURE = (
    TypeEvenement.mise_en_demeure,
    TypeEvenement.sommation,
    TypeEvenement.demande_en_justice,
    TypeEvenement.refere,
    TypeEvenement.injonction_de_payer_signifiee,
)


# --------------------------------------------------------------------------------------- intérêts moratoires


def departs_interets(
    etats: Sequence[EtatFacture],
    actes: Sequence[tuple[date, tuple[str, ...]]],
    demeure: date,
    *,
    par_exigibilite: bool = False,
) -> dict[str, date | None]:
    """Pour chaque facture, le jour où son débiteur est en demeure de la payer.

    Avec une clause de demeure par la seule exigibilité : son échéance. Sinon le premier acte (mise en
    demeure, sommation, demande en justice) daté au plus tôt de son exigibilité et au plus tôt de ``demeure``,
    qui la vise (un acte qui liste des factures ne vaut que pour elles) ; ``None`` faute d'acte.

    Références : C. civ., art. 1344 (ancien 1139), 1344-1.
    """
    out: dict[str, date | None] = {}
    for e in etats:
        if par_exigibilite:
            out[e.ref] = e.date_exigibilite
            continue
        dates = [d for d, refs in actes if d >= e.date_exigibilite and d >= demeure and (not refs or e.ref in refs)]
        out[e.ref] = min(dates) if dates else None
    return out


def interets_factures(
    etats: Sequence[EtatFacture],
    departs: Mapping[str, date | None],
    as_of: date,
    *,
    categorie: t.Categorie,
    date_majoration: date | None = None,
    date_contrat: date | None = None,
    taux_legal_fournis: Mapping[date, Decimal] | None = None,
    paiements: Sequence[m.Paiement] = (),
    imputation: str = INTERETS_D_ABORD,
    compensations: Sequence[m.Paiement] = (),
    fin: date | None = None,
    fins: Mapping[str, date] | None = None,
    taux_conventionnel: Decimal | None = None,
) -> Decompte:
    """Intérêts moratoires restant dus au taux légal de la catégorie du créancier, de la demeure de chaque facture au paiement.

    ``taux_conventionnel`` : le taux de retard stipulé (un prêt, des loyers : ``contrat.taux_penalites``), qui
    remplace le taux légal (C. civ. 1231-6 al. 1 : « sauf convention contraire » n'y est pas écrit, mais le taux
    d'intérêt conventionnel d'un prêt court jusqu'au paiement, 1905 et 1907).

    ``paiements`` : imputés au fil du décompte, sur les intérêts courus d'abord, puis sur le principal (voir
    :func:`_decompte`) ; ``date_contrat`` antérieure au 1er octobre 2016 : anciens art. 1153 et 1254 cités.

    Références : C. civ., art. 1231-6 et 1344-1 (ancien 1153), 1342-10, 1343-1 (ancien 1254) ; C. mon. fin.,
    art. L313-2, L313-3.
    """
    table = t.table_interet_legal()
    limite = limite_taux_legal(taux_legal_fournis, categorie)
    libelle = _CATEGORIES.get(categorie, categorie)
    motif_limite = (f"le taux de l'intérêt légal {libelle} n'est connu que jusqu'au {fmt(limite)} (arrêté du "
                    "semestre suivant non publié dans la table).")
    motif_borne = f"période antérieure au {fmt(table.debut)}, début de la table du taux de l'intérêt légal."

    def calcul(base: Decimal, veille: date, dernier: date) -> m.CalculInterets:
        if taux_conventionnel is not None:
            jours = (dernier - veille).days
            montant = m._interets(base, taux_conventionnel, jours) if jours > 0 else ZERO
            lignes = [m.LigneInterets(du=veille + timedelta(days=1), au=dernier, jours=jours, taux=taux_conventionnel,
                                      base=base, montant=montant, nature="taux_contractuel", source="contrat",
                                      texte=f"taux convenu au contrat : {_pourcent(taux_conventionnel)}",
                                      taux_fourni=False)] if jours > 0 else []
            return m.CalculInterets(montant=montant, jours=max(jours, 0), lignes=lignes, citations=[], hypotheses=[])
        return m.interets_moratoires(base, veille, dernier, categorie_creancier=categorie,
                                     date_majoration=date_majoration, taux_fournis=taux_legal_fournis,
                                     date_contrat=date_contrat)

    hypotheses = [
        "Intérêts comptés du lendemain de la mise en demeure jusqu'au jour du paiement, ou de l'évaluation, inclus ; "
        "aucun texte lu ne fixe ce décompte (certains calculateurs comptent aussi le jour de la mise en demeure).",
        "Une facture n'est en demeure que par un acte postérieur à son exigibilité qui la vise (ou, si le contrat le "
        "prévoit, dès son échéance).",
        m.HYPOTHESE_BASE_365,
        m.HYPOTHESE_ARRONDI,
        m.HYPOTHESE_SIMPLES,
        f"Taux légal de la catégorie {libelle} (C. mon. fin. art. L313-2 : selon que le créancier est ou non "
        "une personne physique n'agissant pas pour des besoins professionnels).",
    ] if taux_conventionnel is None else [
        "Intérêts comptés du lendemain de la mise en demeure jusqu'au jour du paiement, ou de l'évaluation, inclus.",
        m.HYPOTHESE_BASE_365, m.HYPOTHESE_ARRONDI, m.HYPOTHESE_SIMPLES,
        f"Taux de retard convenu au contrat ({_pourcent(taux_conventionnel)}, contrat.taux_penalites), au lieu du taux "
        "légal : prêt ou loyers, hors de L441-10 ; le juge peut réduire une majoration manifestement excessive "
        "(clause pénale, C. civ. 1231-5).",
    ]
    d = _decompte(etats, departs, as_of, calcul, borne_inf=table.debut, motif_borne_inf=motif_borne, limite=limite,
                  motif_limite=motif_limite, hypotheses=hypotheses, paiements=paiements, accessoires="intérêts",
                  ancien_droit=date_contrat is not None and date_contrat < m.REFORME_OBLIGATIONS,
                  imputation=imputation, compensations=compensations, fin=fin, fins=fins)
    _ajouter(d.avertissements, _manques_message(d.detail, "Intérêts moratoires calculés",
                                                "Intérêts moratoires non calculés", limite, motif_limite))
    return d


def _actes(dossier: Dossier, as_of: date) -> list[tuple[date, tuple[str, ...]]]:
    return sorted((e.date, tuple(e.factures)) for e in dossier.evenements
                  if e.type in _ACTES_DE_DEMEURE and e.date <= as_of)


def interets_du_dossier(dossier: Dossier, as_of: date, derivation: Derivation, *, categorie: str,
                        date_contrat: date | None, majoration: bool | None, date_titre: date | None,
                        par_exigibilite: bool | None, imputation: str | None = None,
                        fin: date | None = None) -> tuple[Decompte, dict[str, date | None], date | None]:
    """Les intérêts moratoires au taux légal de toutes les factures, du jour où chacune est en demeure (premier acte
    postérieur à son exigibilité qui la vise, ou son échéance avec une clause de demeure par l'exigibilité) ;
    calculés une fois par évaluation. Rend le décompte, le départ de chaque facture et la date de majoration."""
    imputation = imputation or lecture_imputation(dossier)
    taux_c = taux_conventionnel_de_retard(dossier)

    def calcul():
        etats, _ = _etats(dossier, derivation, as_of)
        departs = departs_interets(etats, _actes(dossier, as_of), date.min, par_exigibilite=bool(par_exigibilite))
        date_majoration = m.date_majoration_L313_3(date_titre) if majoration and date_titre is not None else None
        d = interets_factures(etats, departs, as_of, categorie=categorie,  # type: ignore[arg-type]
                              date_majoration=date_majoration, date_contrat=date_contrat,
                              taux_legal_fournis=taux_fournis(dossier).legal_de(categorie),
                              paiements=_paiements(dossier, as_of), imputation=imputation,
                              compensations=compensations_en_paiements(dossier, as_of, derivation), fin=fin,
                              fins=_fins(dossier, as_of, derivation), taux_conventionnel=taux_c)
        return d, departs, date_majoration

    return _memo(derivation, dossier, as_of, ("interets", categorie, date_contrat, bool(majoration), date_titre,
                              bool(par_exigibilite), imputation, fin), calcul)


def _pourcent(taux: Decimal) -> str:
    return f"{taux:f}".replace(".", ",") + " %"


def taux_conventionnel_de_retard(dossier: Dossier) -> Decimal | None:
    """Le taux de retard convenu qui remplace le taux légal : celui du contrat (``contrat.taux_penalites``) quand
    toutes les créances sont un prêt ou des loyers (hors L441-10) ; sinon None (taux légal)."""
    if dossier.contrat.taux_penalites is None or not dossier.factures:
        return None
    return dossier.contrat.taux_penalites if all(hors_l441_10(f) for f in dossier.factures) else None


def _interets_du_dossier(ctx: Context, depuis: date, categorie: str, date_contrat: date | None,
                         majoration: bool | None, date_titre: date | None, par_exigibilite: bool | None):
    """What both interest calculators need: invoices after imputation, each invoice's start date, the L313-3
    date, and ``decompte(jusqu_au)`` counting the legal interest up to a day.

    ``depuis`` (the debtor's demeure, the earliest act) bounds nothing more than each invoice's own first act
    does: the start dates are those of :func:`interets_du_dossier`."""
    etats, _ = _etats(ctx.dossier, ctx.derivation, ctx.as_of)
    _, departs, date_majoration = interets_du_dossier(
        ctx.dossier, ctx.as_of, ctx.derivation, categorie=categorie, date_contrat=date_contrat, majoration=majoration,
        date_titre=date_titre, par_exigibilite=par_exigibilite)
    paiements = _paiements(ctx.dossier, ctx.as_of)
    fournis = taux_fournis(ctx.dossier).legal_de(categorie)
    imputation = lecture_imputation(ctx.dossier)
    compensations = compensations_en_paiements(ctx.dossier, ctx.as_of, ctx.derivation)

    def decompte(jusqu_au: date) -> Decompte:
        if jusqu_au == ctx.as_of:
            return interets_du_dossier(ctx.dossier, ctx.as_of, ctx.derivation, categorie=categorie,
                                       date_contrat=date_contrat, majoration=majoration, date_titre=date_titre,
                                       par_exigibilite=par_exigibilite)[0]
        return interets_factures(etats, departs, jusqu_au, categorie=categorie,  # type: ignore[arg-type]
                                 date_majoration=date_majoration, date_contrat=date_contrat,
                                 taux_legal_fournis=fournis, paiements=paiements, imputation=imputation,
                                 compensations=compensations, taux_conventionnel=taux_conventionnel_de_retard(ctx.dossier))

    return etats, departs, date_majoration, decompte


@calculator("interets_moratoires_factures")
def interets_moratoires_factures(
    ctx: Context,
    depuis: date | None,
    categorie: str | None,
    date_contrat: date | None = None,
    majoration: bool | None = None,
    date_titre: date | None = None,
    par_exigibilite: bool | None = False,
) -> Computed | None:
    """Total des intérêts moratoires au taux légal, facture par facture, depuis la mise en demeure (``depuis``)."""
    if depuis is None or categorie is None:
        return None
    etats, departs, date_majoration, decompte = _interets_du_dossier(
        ctx, depuis, categorie, date_contrat, majoration, date_titre, par_exigibilite)
    fin = fin_par_prescription(ctx.facts)
    d = decompte(min(fin, ctx.as_of) if fin is not None else ctx.as_of)
    assumptions = []
    if fin is not None:
        assumptions.append(f"Créance prescrite : intérêts arrêtés au {fmt(fin)}, veille du jour où la prescription a "
                           "été acquise (C. civ. 2219) ; rien n'en est réclamable.")
    sans_acte = [e.ref for e in etats if departs.get(e.ref) is None and e.reste_du > 0]
    if sans_acte:
        assumptions.append(f"Facture(s) {', '.join(sans_acte)} : aucune mise en demeure postérieure à leur exigibilité "
                           "ne les vise ; pas d'intérêts moratoires calculés.")
    if date_majoration is not None:
        assumptions.append(
            f"Titre exécutoire du {fmt(date_titre)} : supposé être une décision de condamnation au paiement, signifiée "
            f"ce jour-là ; le taux légal est majoré de cinq points à compter du {fmt(date_majoration)} (deux mois "
            "plus tard, C. mon. fin. art. L313-3), pour toutes les factures. Les intérêts propres à la condamnation "
            "(C. civ. art. 1231-7) ne sont pas calculés séparément.")
    libelle = _CATEGORIES.get(categorie, categorie)
    seule, fin = phrase_non_calcule(d.detail, f"Intérêts moratoires au taux légal {libelle} non calculés", d.courus)
    basis = seule or (f"Intérêts moratoires au taux légal {libelle} depuis la mise en demeure : {euros(d.courus)} "
                      f"courus, arrêtés au {fmt(ctx.as_of)} ou au jour du paiement (détail par facture et par période "
                      "de taux)" + _basis_imputation(d, "intérêts", date_contrat) + fin)
    return _computed(d, basis, assumptions)


# --------------------------------------------------------------------------------------- capitalisation


@calculator("interets_capitalisables_factures")
def interets_capitalisables_factures(
    ctx: Context,
    depuis: date | None,
    categorie: str | None,
    date_contrat: date | None = None,
    majoration: bool | None = None,
    date_titre: date | None = None,
    par_exigibilite: bool | None = False,
) -> Computed | None:
    """Intérêts moratoires échus et dus pour au moins une année entière : ceux qui produisent eux-mêmes intérêt.

    Pour chaque facture, les intérêts courus jusqu'au dernier anniversaire de sa mise en demeure (s'il est
    passé) et que les paiements imputés d'abord sur les intérêts (1343-1) n'ont pas payés à cette date, la
    capitalisation étant prévue au contrat.
    """
    if depuis is None or categorie is None:
        return None
    etats, departs, _, decompte = _interets_du_dossier(
        ctx, depuis, categorie, date_contrat, majoration, date_titre, par_exigibilite)
    fins = {f["facture"]: f["fin"] for f in decompte(ctx.as_of).detail.factures}
    total, lignes, citations = ZERO, [], []
    for e in etats:
        depart = departs.get(e.ref)
        if depart is None:
            continue
        annees = relativedelta(min(fins.get(e.ref, ctx.as_of), ctx.as_of), depart).years
        if annees < 1:
            continue
        anniversaire = depart + relativedelta(years=annees)
        d = decompte(anniversaire)
        if any(p["facture"] == e.ref for p in d.detail.periodes_non_calculees):
            continue  # rien de capitalisable ne se calcule sur une période dont le taux manque
        dus = next(f["montant"] for f in d.detail.factures if f["facture"] == e.ref)
        cap = m.interets_capitalisables(dus, depart, anniversaire, fondement="contrat", date_contrat=date_contrat)
        if not cap.capitalisable or cap.montant <= 0:
            continue
        total += cap.montant
        _ajouter(citations, [c["cle"] for c in cap.citations])
        lignes.append({"facture": e.ref, "du": depart, "au": anniversaire, "interets_echus": cap.montant,
                       "motif": cap.motif})
    if total <= 0:
        return None
    basis = (f"Intérêts échus et dus pour au moins une année entière, qui produisent intérêt en vertu de la clause "
             f"de capitalisation : {euros(total)}. Les intérêts de ces intérêts ne sont pas ajoutés au total dû.")
    return Computed(total, basis=basis, details=lignes, citations=citations,
                    assumptions=["Capitalisation à chaque anniversaire de la mise en demeure de chaque facture ; "
                                 "seuls les intérêts dus pour une année entière sont retenus."])
