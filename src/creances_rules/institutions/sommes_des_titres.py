"""Les sommes dues au titre d'une condamnation : intérêts (C. civ. 1231-7, CMF L313-3), paiements, arriérés prescrits.

Un titre chiffré (``titres[]`` avec sa ``condamnation``) porte ses propres sommes : le principal, les intérêts au
taux et du jour qu'il fixe (à défaut, au taux légal du jour de la décision, C. civ. 1231-7), majorés de cinq
points deux mois après que la décision est devenue exécutoire (CMF L313-3), l'indemnité de l'article 700 CPC et
les dépens. Ce module les compte à la date d'évaluation ; le module ``titres`` dit quand le titre est exécutoire
et ce qu'il remplace ; les règles (``rules/sommes_dues_au_titre.yaml``) disent quand ces sommes sont dues.

Références : C. civ., art. 1231-7, 1343-1, 2224 ; CMF, art. L313-2, L313-3 ; CPCE, art. L111-3, L111-4.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..law import montants as m
from ..law import prescription as p
from .._base.formatting import euros, fmt, pourcent
from .calculators import Computed, Context, calculator, coded_warning
from .derive import Derivation
from ..models.dossier import Dossier, ImputationPaiements, TauxTitre, Titre
from ..models.assessment import LigneDecompte
from . import decompte as dc
from . import montants_dus as md
from .montants_dus import limite_taux_legal, taux_fournis
from .titres import _DECISIONS, _INTERRUPTIONS, ForceExecutoire, _couvertes, _titres, force_executoire

__all__ = ["SommesTitre", "paiements_imputes_aux_titres", "sommes_dues_au_titre", "toutes_les_sommes"]

_UN_JOUR = timedelta(days=1)
ZERO = Decimal("0.00")

# --------------------------------------------------------------------------------------- sommes dues


@dataclass
class SommesTitre:
    """Les sommes dues au titre d'un titre à une date : lignes d'intérêts, paiements imputés, arriérés écartés."""

    titre: int  # index dans titres[]
    nature: str
    date: date
    force: ForceExecutoire
    principal: Decimal
    principal_restant: Decimal
    frais: Decimal  # article 700 et dépens restant dus
    titre_condamnation_700: Decimal
    titre_condamnation_depens: Decimal
    interets_courus: Decimal
    interets_payes: Decimal
    interets_prescrits: Decimal
    interets_dus: Decimal
    total: Decimal
    date_majoration: date | None
    limite_arrieres: date | None  # premier jour dont les intérêts ne sont pas prescrits (5 ans)
    lignes: list[dict[str, Any]]
    imputations: list[dict[str, Any]]
    periodes_non_calculees: list[dict[str, Any]]
    hypotheses: list[str]
    avertissements: list[str]
    citations: list[str]
    imputation: str = "/".join(("interets", "frais", "principal"))  # ordre retenu
    autre_lecture: dict[str, Any] | None = None  # l'autre lecture de l'imputation, quand elle diffère

    def as_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["force"] = {"date": self.force.date, "regime": self.force.regime, "explication": self.force.explication}
        return d


def _paiements_du_titre(dossier: Dossier, as_of: date, index: int) -> list[tuple[date, Decimal]]:
    """Paiements postérieurs au titre qu'il absorbe : ceux qui visent une facture qu'il couvre ; sans désignation,
    ceux postérieurs au plus ancien titre, qui les prend tous."""
    titres = _titres(dossier, as_of)
    titre = dossier.titres[index]
    couvertes = set(_couvertes(titre, dossier))
    premier = titres[0][0] if titres else None
    out = []
    for pmt in sorted(dossier.paiements, key=lambda x: x.date):
        if not (titre.date < pmt.date <= as_of) or pmt.montant <= 0:
            continue
        if (pmt.facture is not None and pmt.facture in couvertes) or (pmt.facture is None and index == premier):
            out.append((pmt.date, pmt.montant))
    return out


def paiements_imputes_aux_titres(dossier: Dossier, as_of: date) -> set[int]:
    """Index (dans ``paiements[]``) des paiements que les titres absorbent : la décompte des factures les ignore."""
    titres = _titres(dossier, as_of)
    if not titres:
        return set()
    out = set()
    for j, pmt in enumerate(dossier.paiements):
        for i, titre in titres:
            couvertes = set(_couvertes(titre, dossier))
            if titre.date < pmt.date <= as_of and (
                    (pmt.facture is not None and pmt.facture in couvertes) or (pmt.facture is None and i == titres[0][0])):
                out.add(j)
    return out


def _limite_arrieres(dossier: Dossier, titre: Titre, as_of: date, paiements: list[tuple[date, Decimal]]) -> date:
    """Premier jour dont les intérêts échus ne sont pas prescrits à ``as_of`` (C. civ. 2224, interruptions comprises).

    Recherche dichotomique sur le jour d'échéance : la prescription d'un jour d'intérêts court de ce jour ;
    elle est calculée par `creances_rules.prescription` (actes d'exécution, reconnaissances, paiements).
    """
    regime = p.regime_legal("c_civ_2224")
    evenements = [p.EvenementPrescription(type=_INTERRUPTIONS[e.type], date=e.date)
                  for e in dossier.evenements if e.type in _INTERRUPTIONS and titre.date < e.date <= as_of]
    evenements += [p.EvenementPrescription(type=p.TypeEvenement.paiement_partiel, date=d) for d, _ in paiements]

    # Un droit n'est dit perdu qu'à la lecture la plus tardive : le calcul de prescription compte le jour du
    # départ (convention prudente pour agir) ; acquise à la veille de as_of, elle l'est dans toutes les lectures.
    veille = as_of - _UN_JOUR

    def vivant(jour: date) -> bool:
        return jour > veille or not p.calculer_prescription(regime, jour, list(evenements), as_of=veille).acquise

    lo, hi = titre.date, as_of  # vivant(as_of) est toujours vrai
    if vivant(lo):
        return lo
    while (hi - lo).days > 1:
        mid = lo + timedelta(days=(hi - lo).days // 2)
        if vivant(mid):
            hi = mid
        else:
            lo = mid
    return hi


# Ordres d'imputation des paiements postérieurs au titre. C. civ. 1343-1 : les intérêts d'abord ; l'article 700 et
# les dépens sont lus comme des accessoires de la dette, payés avant le principal (Cass. 1re civ., 7 févr. 1995,
# n° 92-14.216, pour les frais de recouvrement) — l'autre lecture (dettes distinctes, après le principal) est
# calculée et donnée quand elle diffère.
ORDRE_1343_1 = ("interets", "frais", "principal")
ORDRE_1343_1_FRAIS_APRES = ("interets", "principal", "frais")
ORDRE_PRINCIPAL_D_ABORD = ("principal", "frais", "interets")
_LECTURES = {
    ORDRE_1343_1: "intérêts, puis article 700 et dépens, puis principal (C. civ. 1343-1 ; frais lus comme accessoires "
                  "de la dette, Cass. 1re civ., 7 févr. 1995, n° 92-14.216)",
    ORDRE_1343_1_FRAIS_APRES: "intérêts, puis principal, puis article 700 et dépens (C. civ. 1343-1 ; frais lus comme "
                              "des dettes distinctes, payées après le principal)",
    ORDRE_PRINCIPAL_D_ABORD: "principal, puis article 700 et dépens, puis intérêts (imputation convenue avec le "
                             "créancier, titres[].imputation_paiements)",
}


def ordre_imputation(titre: Titre) -> tuple[str, ...]:
    """L'ordre retenu : C. civ. 1343-1 (intérêts d'abord), sauf accord du créancier porté au dossier."""
    if titre.imputation_paiements is ImputationPaiements.principal_d_abord:
        return ORDRE_PRINCIPAL_D_ABORD
    return ORDRE_1343_1


def sommes_dues_au_titre(titre: Titre, index: int, dossier: Dossier, as_of: date, categorie: str) -> SommesTitre | None:
    """Les sommes que le titre rend dues à ``as_of`` (None sans condamnation chiffrée), et l'autre lecture.

    Paiements postérieurs au titre : imputés d'abord sur les intérêts (C. civ. 1343-1), sauf accord du créancier
    porté au dossier (``titres[].imputation_paiements``) ; l'article 700 et les dépens avant le principal (lecture
    retenue), l'autre lecture (après le principal) étant calculée et donnée dans ``autre_lecture`` quand elle diffère.

    Références : C. civ., art. 1231-7, 1343-1, 2224 ; CMF, art. L313-2, L313-3 ; CPCE, art. L111-4 ;
    Cass. 1re civ., 7 févr. 1995, n° 92-14.216 ; Cass. 2e civ., 6 mai 1999, n° 96-20.827.
    """
    if titre.condamnation is None:
        return None
    ordre = ordre_imputation(titre)
    s = _calculer(titre, index, dossier, as_of, categorie, ordre)
    if not s.imputations:
        return s
    autre = ORDRE_1343_1_FRAIS_APRES if ordre == ORDRE_1343_1 else ORDRE_1343_1
    o = _calculer(titre, index, dossier, as_of, categorie, autre)
    if o.total == s.total and o.principal_restant == s.principal_restant:
        return s
    message = (f"Titre du {fmt(titre.date)} — autre lecture de l'imputation des paiements postérieurs ({_LECTURES[autre]}) : "
               f"{euros(o.total)} dus (dont {euros(o.principal_restant)} de principal et {euros(o.frais)} d'article 700 "
               f"et de dépens), au lieu de {euros(s.total)} (dont {euros(s.principal_restant)} de principal) selon la "
               f"lecture retenue ({_LECTURES[ordre]}).")
    s.autre_lecture = {"imputation": "/".join(autre), "libelle": _LECTURES[autre], "total": o.total,
                       "principal_restant": o.principal_restant, "frais": o.frais, "interets_dus": o.interets_dus,
                       "interets_prescrits": o.interets_prescrits, "message": message}
    s.avertissements.append(coded_warning("imputation_autre_lecture", message))
    return s


def _calculer(titre: Titre, index: int, dossier: Dossier, as_of: date, categorie: str,
              ordre: tuple[str, ...]) -> SommesTitre:
    cond = titre.condamnation
    assert cond is not None
    force = force_executoire(titre, dossier, as_of)
    interets = cond.interets
    legal = interets is None or interets.taux is TauxTitre.legal
    depuis = (interets.depuis if interets and interets.depuis else titre.date)
    decision = titre.nature in _DECISIONS
    # L313-3 : toute condamnation pécuniaire par décision de justice, l'article 700 et les dépens compris.
    majoration_decision = m.date_majoration_L313_3(force.date) if decision and force.date is not None else None
    date_majoration = majoration_decision if legal else None
    a700, depens = cond.article_700 or ZERO, cond.depens or ZERO
    citations = ["c_civ_1231_7", "cpce_l111_3", "c_civ_1343_1"]
    hypotheses = [
        f"Intérêts {'au taux légal' if legal else f'au taux conventionnel de {interets.taux_conventionnel} %'} sur le "
        f"principal de la condamnation, comptés du lendemain du {fmt(depuis)} "
        f"({'date fixée par le titre' if interets and interets.depuis else 'date de la décision, C. civ. 1231-7'}) "
        f"au {fmt(as_of)} inclus.",
        m.HYPOTHESE_BASE_365, m.HYPOTHESE_ARRONDI, m.HYPOTHESE_SIMPLES,
        "Les pénalités, indemnités et intérêts échus avant le titre sur les factures qu'il couvre sont supposés compris "
        "dans la condamnation (ou rejetés par elle) : seules les sommes du titre sont dues ensuite.",
        f"Paiements postérieurs au titre imputés dans l'ordre : {_LECTURES[ordre]}.",
    ]
    avertissements = list(force.avertissements)
    if a700 > 0 or depens > 0:
        hypotheses.append(
            f"L'indemnité de l'article 700 et les dépens portent intérêt au taux légal du lendemain de la décision, le "
            f"{fmt(titre.date)} (C. civ. 1231-7 : « toute condamnation à une indemnité » ; Cass. 2e civ., 6 mai 1999, "
            "n° 96-20.827, pour l'article 700)" + (", majoré de cinq points comme la condamnation principale (CMF "
            "L313-3)." if majoration_decision else "."))
        citations.append("cass_civ2_1999_05_06_96_20827")
        if ordre[1] == "frais":
            citations.append("cass_civ1_1995_02_07_92_14216")
    if legal:
        citations.append("cmf_l313_2")
    if date_majoration is not None or (majoration_decision is not None and (a700 > 0 or depens > 0)):
        citations.append("cmf_l313_3")
        hypotheses.append(
            f"Taux légal majoré de cinq points à compter du {fmt(majoration_decision)}, deux mois après que la décision "
            f"est devenue exécutoire le {fmt(force.date)} (CMF L313-3) ; le juge de l'exécution peut supprimer ou "
            "réduire la majoration.")
    elif legal and not decision:
        hypotheses.append("Acte notarié : pas de majoration de L313-3, réservée aux condamnations par décision de justice.")
    paiements = _paiements_du_titre(dossier, as_of, index)
    fournis = taux_fournis(dossier).legal_de(categorie)
    limite_taux = limite_taux_legal(fournis, categorie)
    fin = min(as_of, limite_taux) if (legal or a700 > 0 or depens > 0) else as_of
    manques: list[dict[str, Any]] = []
    if fin < as_of and as_of > depuis:
        manques.append({"du": max(fin, depuis) + _UN_JOUR, "au": as_of,
                        "motif": f"taux de l'intérêt légal connu jusqu'au {fmt(limite_taux)} seulement (aucun taux deviné)"})
        avertissements.append(f"Intérêts du titre non calculés après le {fmt(limite_taux)} : taux de l'intérêt légal "
                              "non publié dans la table (fournir taux_fournis.interet_legal).")
    limite = _limite_arrieres(dossier, titre, as_of, paiements) if as_of > titre.date else titre.date

    principal = cond.principal
    restes = {"article_700": a700, "depens": depens}
    # Lignes d'intérêts, segment par segment : une base ne change qu'à un paiement imputé sur elle. Les intérêts de
    # l'article 700 et des dépens courent du lendemain de la décision, au taux légal (1231-7).
    lignes: list[dict[str, Any]] = []
    imputations: list[dict[str, Any]] = []
    courant = min(depuis, titre.date)  # dernier jour déjà compté
    debut_principal = depuis

    def au_taux_legal(base: Decimal, a: date, z: date, majoration: date | None) -> list[tuple]:
        calc = m.interets_moratoires(base, a - _UN_JOUR, z, categorie_creancier=categorie,  # type: ignore[arg-type]
                                     date_majoration=majoration, taux_fournis=fournis)
        for w in calc.avertissements:
            if w not in avertissements and "Majoration de 5 points" not in w:
                avertissements.append(w)
        return [(ln.du, ln.au, ln.jours, ln.taux, ln.montant, ln.nature, ln.texte) for ln in calc.lignes]

    def compter(jusqu_au: date) -> None:
        nonlocal courant
        if jusqu_au <= courant:
            return
        coupures = [c for c in (titre.date + _UN_JOUR, debut_principal + _UN_JOUR, limite) if courant < c <= jusqu_au]
        for a, z in _segments(courant + _UN_JOUR, jusqu_au, coupures):
            bases = []
            if principal > 0 and a > debut_principal:
                bases.append(("principal", principal))
            if a > titre.date:
                bases += [(objet, base) for objet, base in restes.items() if base > 0]
            for objet, base in bases:
                if objet != "principal" or legal:
                    nouvelles = au_taux_legal(base, a, z, majoration_decision if objet != "principal" else date_majoration)
                else:
                    jours = (z - a).days + 1
                    taux_c = interets.taux_conventionnel  # type: ignore[union-attr]
                    nouvelles = [(a, z, jours, taux_c, m._interets(base, taux_c, jours), "taux_contractuel",
                                  f"taux conventionnel fixé par le titre : {pourcent(taux_c)}")]
                for du, au, jours, taux_l, montant, nature, texte in nouvelles:
                    lignes.append({"du": du, "au": au, "jours": jours, "taux": taux_l, "base": base, "montant": montant,
                                   "nature": nature, "source": texte, "paye": ZERO, "objet": objet,
                                   "apres_titre": du > titre.date})
        courant = jusqu_au

    def payer_interets(montant: Decimal) -> Decimal:
        for ln in sorted(lignes, key=lambda x: x["du"]):  # les plus anciens d'abord
            du = ln["montant"] - ln["paye"]
            part = min(du, montant)
            ln["paye"] += part
            montant -= part
            if montant <= 0:
                break
        return montant

    for jour, montant in paiements:
        compter(min(jour, fin))
        reste = montant
        parts = {"date": jour, "montant": montant, "aux_interets": ZERO, "aux_frais": ZERO, "au_principal": ZERO}
        for quoi in ordre:
            if reste <= 0:
                break
            if quoi == "interets":
                avant = reste
                reste = payer_interets(reste)
                parts["aux_interets"] += avant - reste
            elif quoi == "frais":
                for objet in restes:  # l'article 700, puis les dépens
                    part = min(restes[objet], reste)
                    restes[objet] -= part
                    reste -= part
                    parts["aux_frais"] += part
            else:
                part = min(principal, reste)
                principal -= part
                reste -= part
                parts["au_principal"] += part
        parts["excedent"] = reste
        parts["principal_apres"] = principal
        imputations.append(parts)
    compter(fin)

    courus = sum((ln["montant"] for ln in lignes), ZERO)
    payes = sum((ln["paye"] for ln in lignes), ZERO)
    prescrits = ZERO
    for ln in lignes:
        ln["statut"] = "du"
        if ln["apres_titre"] and ln["au"] < limite and ln["montant"] > ln["paye"]:
            ln["statut"] = "prescrit"
            prescrits += ln["montant"] - ln["paye"]
        elif ln["montant"] == ln["paye"]:
            ln["statut"] = "paye"
    if prescrits > 0:
        citations.append("c_civ_2224")
        hypotheses.append(
            f"Intérêts échus après la décision et avant le {fmt(limite)} ({euros(prescrits)}) écartés : créance "
            "périodique prescrite par cinq ans (C. civ. 2224), faute d'acte interruptif ; l'exécution du titre lui-même "
            "reste possible pendant dix ans (CPCE L111-4). Compté à la date d'évaluation : l'acte d'exécution fait plus "
            "tard en écarte davantage.")
    if dossier.debiteur.qualite.value == "consommateur" and dossier.creancier.qualite.value == "professionnel":
        avertissements.append(
            "Débiteur consommateur : selon l'avis de la Cour de cassation du 4 juillet 2016, les créances périodiques "
            "nées du titre suivent la prescription de la créance d'origine, qui peut être de deux ans (C. conso. "
            "L218-2) ; la bibliothèque retient cinq ans (C. civ. 2224), la lecture la plus longue.")
    interets_depens = sum((ln["montant"] for ln in lignes if ln["objet"] == "depens"), ZERO)
    if interets_depens > 0:
        encore = sum((ln["montant"] - ln["paye"] for ln in lignes if ln["objet"] == "depens" and ln["statut"] == "du"),
                     ZERO)
        avertissements.append(coded_warning(
            "droit_incertain",
            f"Intérêts sur les dépens comptés du lendemain de la décision au taux légal ({euros(interets_depens)} "
            f"courus, dont {euros(encore)} restant dus) : C. civ. 1231-7, lecture retenue. Aucune source lue ne le juge "
            "pour les dépens, qui ne sont pas une « indemnité » et ne sont souvent liquidés qu'après la décision ; "
            "sans eux, les paiements auraient davantage réduit le principal et le restant dû serait plus bas."))
    frais = sum(restes.values(), ZERO)
    dus = courus - payes - prescrits
    total = principal + frais + dus
    return SommesTitre(
        titre=index, nature=titre.nature.value, date=titre.date, force=force, principal=cond.principal,
        principal_restant=principal, frais=frais, titre_condamnation_700=a700,
        titre_condamnation_depens=depens, interets_courus=courus, interets_payes=payes,
        interets_prescrits=prescrits, interets_dus=dus, total=total, date_majoration=date_majoration,
        limite_arrieres=limite if prescrits > 0 else None, lignes=lignes, imputations=imputations,
        periodes_non_calculees=manques, hypotheses=hypotheses, avertissements=avertissements,
        citations=list(dict.fromkeys(citations + force.citations)), imputation="/".join(ordre))


def _segments(debut: date, fin: date, coupures: list[date]) -> list[tuple[date, date]]:
    bornes = sorted({c for c in coupures if debut < c <= fin})
    out, a = [], debut
    for c in bornes:
        out.append((a, c - _UN_JOUR))
        a = c
    out.append((a, fin))
    return out


def toutes_les_sommes(dossier: Dossier, as_of: date, categorie: str) -> list[SommesTitre]:
    """Les sommes de chaque titre chiffré de ``titres[]`` à ``as_of`` (le décompte de la créance les lit)."""
    out = []
    for i, titre in _titres(dossier, as_of):
        s = sommes_dues_au_titre(titre, i, dossier, as_of, categorie)
        if s is not None:
            out.append(s)
    return out


_CACHE = "_sommes_des_titres"


def _sommes(dossier: Dossier, as_of: date, derivation: Derivation, jusqu_au: date | None = None) -> list[SommesTitre]:
    """Les sommes des titres, calculées une fois par évaluation (le constat et le décompte lisent les mêmes)."""
    categorie = derivation.facts.get("montants.categorie_taux_legal") or "autres_cas"
    jour = min(as_of, jusqu_au) if jusqu_au is not None else as_of
    cache = vars(derivation).setdefault(_CACHE, {})
    if (jour, categorie) not in cache:
        cache[(jour, categorie)] = toutes_les_sommes(dossier, jour, categorie)
    return cache[(jour, categorie)]


@dc.lignes_supplementaires
def _lignes_des_titres(dossier: Dossier, as_of: date, derivation: Derivation,
                       arret: date | None) -> list[LigneDecompte]:
    """Les sommes de chaque titre chiffré, en lignes du décompte (CPC 1407 : chaque élément de la créance)."""
    tout: list[LigneDecompte] = []
    for s in _sommes(dossier, as_of, derivation, arret):
        lignes: list[LigneDecompte] = []
        qui = f"Titre du {fmt(s.date)} ({s.nature.replace('_', ' ')})"
        lignes.append(LigneDecompte(nature=dc.PRINCIPAL, montant=s.principal, du=s.date, citations=["cpce_l111_3"],
                                    libelle=f"{qui} : condamnation en principal"))
        for ln in s.lignes:
            majore = ln["nature"] == "taux_legal_majore_5_points"
            sur = {"article_700": " de l'indemnité de l'article 700", "depens": " des dépens"}.get(ln["objet"], "")
            lignes.append(LigneDecompte(
                nature="titre_interets", du=ln["du"], au=ln["au"], jours=ln["jours"], taux=ln["taux"],
                base=ln["base"], montant=ln["montant"],
                citations=(["c_civ_1231_7", *(["cmf_l313_3"] if majore else []),
                            *(["cass_civ2_1999_05_06_96_20827"] if ln["objet"] == "article_700" else [])]
                           if ln["nature"] != "taux_contractuel" else []),
                libelle=f"{qui} : intérêts{sur} du {fmt(ln['du'])} au {fmt(ln['au'])}, {ln['jours']} j × "
                        f"{md.fmt_taux(ln['taux'])}{' (taux légal majoré de 5 points, CMF L313-3)' if majore else ''} "
                        f"sur {euros(ln['base'])}"))
        if s.interets_prescrits > 0:
            lignes.append(LigneDecompte(
                nature="titre_interets_prescrits", montant=-s.interets_prescrits, au=s.limite_arrieres,
                citations=["c_civ_2224", "cass_avis_2016_07_04"],
                libelle=f"{qui} : intérêts échus avant le {fmt(s.limite_arrieres)}, prescrits (C. civ. 2224 : "
                        "cinq ans pour les intérêts postérieurs à la décision)"))
        for nom, montant, article in (("titre_article_700", s.titre_condamnation_700, "article 700 CPC"),
                                      ("titre_depens", s.titre_condamnation_depens, "dépens")):
            if montant > 0:
                lignes.append(LigneDecompte(nature=nom, montant=montant, du=s.date, citations=["cpce_l111_3"],
                                            libelle=f"{qui} : {article}"))
        for imp in s.imputations:
            if imp["au_principal"] > 0:
                lignes.append(LigneDecompte(nature=dc.PRINCIPAL, montant=-imp["au_principal"], du=imp["date"],
                                            libelle=f"{qui} : paiement du {fmt(imp['date'])} imputé sur le principal"))
            autres = imp["aux_interets"] + imp["aux_frais"]
            if autres > 0:
                lignes.append(LigneDecompte(
                    nature="titre_paiements", montant=-autres, du=imp["date"],
                    citations=["c_civ_1343_1"] if imp["aux_interets"] > 0 and s.imputation.startswith("interets") else [],
                    libelle=f"{qui} : paiement du {fmt(imp['date'])} imputé sur les intérêts ({euros(imp['aux_interets'])}) "
                            f"et l'article 700 et les dépens ({euros(imp['aux_frais'])})"))
        # The invoices the title stands for (none listed: all of them), so a part restricted to some invoices
        # (a guarantor's) keeps the title's sums that replaced them.
        couvertes = tuple(dossier.titres[s.titre].factures) or tuple(f.numero for f in dossier.factures)
        tout += [ligne.model_copy(update={"factures_couvertes": couvertes}) for ligne in lignes]
    return tout

# --------------------------------------------------------------------------------------- calculateur


@calculator("sommes_dues_au_titre")
def sommes_dues_au_titre_calc(ctx: Context) -> Computed | None:
    """Total des sommes dues au titre des titres chiffrés (principal, intérêts, majoration, article 700, dépens).

    Le taux légal est celui de la catégorie du créancier (fait montants.categorie_taux_legal, CMF L313-2) ; le
    décompte de la créance porte les mêmes sommes, calculées une fois.
    """
    sommes = _sommes(ctx.dossier, ctx.as_of, ctx.derivation)
    if not sommes:
        return None
    total = sum((s.total for s in sommes), ZERO)
    parts = []
    for s in sommes:
        parts.append(
            f"Titre du {fmt(s.date)} : principal {euros(s.principal_restant)}, intérêts {euros(s.interets_dus)} "
            f"({euros(s.interets_courus)} courus, {euros(s.interets_payes)} payés, {euros(s.interets_prescrits)} "
            f"prescrits), article 700 et dépens {euros(s.frais)} : {euros(s.total)}.")
    assumptions = list(dict.fromkeys(h for s in sommes for h in s.hypotheses))
    warnings = list(dict.fromkeys(w for s in sommes for w in s.avertissements))
    citations = list(dict.fromkeys(c for s in sommes for c in s.citations))
    return Computed(total, basis=" ".join(parts), details=[s.as_dict() for s in sommes], assumptions=assumptions,
                    warnings=warnings, citations=citations)
