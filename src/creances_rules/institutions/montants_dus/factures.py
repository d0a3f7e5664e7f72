"""Ce que les décomptes lisent du dossier : l'état de chaque facture, les paiements, les taux fournis, les arrêts.

- État des factures : imputation des paiements entre factures sur le seul principal (C. civ. 1342-10), pour
  les faits qui ne dépendent pas des accessoires (factures en retard, indemnité de 40 €).
- Limites des tables : le dernier jour dont le taux des pénalités ou de l'intérêt légal est connu (tables,
  prolongées par les taux que le dossier fournit, ``taux_fournis``).
- Entrées de chaque décompte : les paiements reçus, la lecture d'imputation choisie par le créancier, la
  compensation à invoquer (en paiements datés de son effet), l'arrêt des accessoires d'une facture qu'une autre
  institution remplace (un titre), et la mémoire d'un calcul par évaluation.

Références : C. civ., art. 1342-10 (imputation entre plusieurs dettes), 1347, 1347-4 (compensation) ;
C. com., art. L441-10 II ; C. mon. fin., art. L313-2 (tables de taux).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from ...law import montants as m
from ...law import taux as t
from ..derive import Derivation
from ...models.dossier import Dossier


_UN_JOUR = timedelta(days=1)
ZERO = Decimal("0.00")
# Natures de créance hors de C. com. L441-10 : ni vente de produits ni prestation de services (L441-1 I, L441-10 II).
NATURES_HORS_L441_10 = frozenset({"pret", "loyer"})
_DESIGNATIONS = {"pret": "Prêt", "loyer": "Loyers"}


def designation(facture: Any) -> str:
    """« Facture F1 », « Prêt P1 » ou « Loyers L1 » : le mot qui désigne la créance dans les libellés."""
    nature = facture.nature.value if facture.nature is not None else None
    return f"{_DESIGNATIONS.get(nature, 'Facture')} {facture.numero}"


def hors_l441_10(facture: Any) -> bool:
    """La créance est d'une nature hors de L441-10 (prêt, loyer) : ni pénalités L441-10 ni indemnité de 40 €."""
    return facture.nature is not None and facture.nature.value in NATURES_HORS_L441_10


# --------------------------------------------------------------------------------------- état des factures


@dataclass(frozen=True)
class EtatFacture:
    """Une facture, ce qui en a été payé et quand, à la date d'évaluation, les paiements réduisant le seul principal.

    Imputation entre factures de C. civ. 1342-10, sans accessoires : sert aux faits (factures en retard,
    indemnité de 40 €), qui n'en dépendent pas. Les décomptes de pénalités et d'intérêts refont l'imputation
    jour par jour, accessoires d'abord (1343-1) : voir :func:`_decompte`.
    """

    ref: str
    montant: Decimal
    date_exigibilite: date
    debut_delai: date  # jour où le délai de paiement a commencé à courir (D441-5, transition 2013)
    allocations: tuple[tuple[date, Decimal], ...]  # parts de paiements imputées sur le principal
    date_solde: date | None  # jour où la facture a été entièrement payée
    reste_du: Decimal

    def en_retard(self, as_of: date) -> bool:
        if self.date_solde is not None:
            return self.date_solde > self.date_exigibilite
        return as_of > self.date_exigibilite

    def fin_retard(self, as_of: date) -> date:
        return self.date_solde if self.date_solde is not None else as_of


def etats_factures(
    factures: Sequence[tuple[str, Decimal, date, date]],
    paiements: Sequence[m.Paiement],
) -> tuple[list[EtatFacture], m.Imputation | None]:
    """Chaque facture ``(ref, montant, date_exigibilite, debut_delai)`` après imputation des ``paiements``.

    Références : C. civ., art. 1342-10 (imputation entre plusieurs dettes).
    """
    dettes = [m.Dette(ref=ref, montant=montant, date_exigibilite=exig) for ref, montant, exig, _ in factures]
    imputation = m.imputer_paiements(dettes, list(paiements)) if paiements else None
    par_ref = {d.ref: d for d in imputation.dettes} if imputation else {}
    out = []
    for ref, montant, exig, debut in factures:
        imputee = par_ref.get(ref)
        allocations = tuple(sorted((a.date, a.au_principal) for a in (imputee.allocations if imputee else [])
                                   if a.au_principal > 0))
        reste = imputee.principal_restant if imputee else montant
        solde: date | None = None
        if montant <= 0:
            solde = min(debut, exig)
        elif reste <= 0:
            solde = allocations[-1][0]
        out.append(EtatFacture(ref, montant, exig, debut, allocations, solde, reste))
    return out, imputation


def _paiements(dossier: Dossier, as_of: date) -> list[m.Paiement]:
    """Les paiements reçus au plus tard à la date d'évaluation, dans l'ordre du dossier."""
    return [m.Paiement(date=p.date, montant=p.montant, facture=p.facture)
            for p in dossier.paiements if p.date <= as_of and p.montant > 0]


_ETATS = "_etats_des_factures"


def _etats(dossier: Dossier, derivation: Derivation, as_of: date) -> tuple[Sequence[EtatFacture], m.Imputation | None]:
    """Each invoice of the derivation after imputation on the principal, as of ``as_of``: computed once per
    evaluation. It reads the dossier's payments and the derivation's invoice states, set once by
    ``qualified_facts`` (the memory is kept with the very list it was computed from, and the date)."""
    memo = vars(derivation).get(_ETATS)
    if memo is not None and memo[0] is derivation.invoices and memo[1] is dossier and memo[2] == as_of:
        return memo[3]
    etats, imputation = _calculer_etats(dossier, derivation, as_of)
    resultat = (tuple(etats), imputation)  # shared by every reader: a tuple of frozen states
    vars(derivation)[_ETATS] = (derivation.invoices, dossier, as_of, resultat)
    return resultat


def _calculer_etats(dossier: Dossier, derivation: Derivation, as_of: date) -> tuple[list[EtatFacture], m.Imputation | None]:
    factures = []
    for s in derivation.invoices:
        f = s.facture
        known = [d for d in (f.date_livraison, f.date_execution, f.date_emission) if d is not None]
        factures.append((f.numero, f.montant_ttc, s.date_exigibilite, min(known)))
    return etats_factures(factures, _paiements(dossier, as_of))


# --------------------------------------------------------------------------------------- limites des tables


def limite_taux_legal(taux_fournis: Mapping[date, Decimal] | None = None, categorie: str = "autres_cas") -> date:
    """Dernier jour dont le taux de l'intérêt légal est connu : la table, prolongée par le fichier de taux actif et
    les taux fournis par le dossier (une seule recherche : ``taux.legal_connu_jusqu_au``)."""
    return t.legal_connu_jusqu_au(categorie, taux_fournis)


def limite_taux_penalites(taux_contractuel: Decimal | None,
                          taux_bce_fournis: Mapping[date, Decimal] | None = None,
                          taux_legal_fournis: Mapping[date, Decimal] | None = None) -> date:
    """Dernier jour dont le taux des pénalités est connu.

    Sans taux convenu : fin du semestre dont le taux BCE au 1er janvier / 1er juillet est connu (table, fichier de
    taux actif ou dossier). Avec un taux convenu : dernier jour du taux légal connu, qui fixe le plancher (L441-10 II).
    """
    if taux_contractuel is not None:
        return limite_taux_legal(taux_legal_fournis)
    return t.penalites_connu_jusqu_au(taux_bce_fournis)


# --------------------------------------------------------------------------------------- taux fournis


@dataclass(frozen=True)
class TauxFournis:
    """Taux fournis par l'utilisateur pour des périodes absentes des tables, indexés par le début de la période."""

    bce: Mapping[date, Decimal]
    legal: Mapping[str, Mapping[date, Decimal]]  # par catégorie du taux légal

    def legal_de(self, categorie: str | None) -> Mapping[date, Decimal]:
        return self.legal.get(categorie or "autres_cas", {})


def taux_fournis(dossier: Dossier) -> TauxFournis:
    """Les taux que le dossier fournit (``taux_fournis``) pour les périodes absentes des tables.

    Seul point de lecture : faits de limite et calculateurs passent tous par cette fonction.
    """
    fournis = dossier.taux_fournis
    legal: dict[str, dict[date, Decimal]] = {"autres_cas": {}, "creancier_particulier": {}}
    for debut, taux in fournis.interet_legal.items():
        for categorie in legal:
            valeur = getattr(taux, categorie)
            if valeur is not None:
                legal[categorie][debut] = valeur
    return TauxFournis(bce=dict(fournis.bce), legal=legal)


# --------------------------------------------------------------------------------------- calculs du dossier, une fois


_CACHE = "_accessoires_du_dossier"


def _memo(derivation: Derivation, dossier: Dossier, as_of: date, cle: tuple, calcul: Callable[[], Any]) -> Any:
    """One computation per evaluation and per arguments, kept on that evaluation's derivation (no state outlives it)."""
    cache = vars(derivation).setdefault(_CACHE, {})
    # The per-invoice stops change what is computed, and one of them is set during the qualified providers (the
    # prescription analysis: time-barred invoices stop accruing): the stops themselves are part of the key, so a
    # figure computed before that analysis is reused after it exactly when the analysis stops nothing new.
    cle = (*cle, cle_des_arrets(dossier, as_of, derivation))
    if cle not in cache:
        cache[cle] = calcul()
    return cache[cle]


# Where the prescription module keeps its analysis on the derivation (institutions/prescription_des_creances.py).
PRESCRIPTION_ANALYSEE = "_analyse_prescription"

# Per-invoice stops of penalties and interest set by other institutions (e.g. a title covering an invoice replaces
# its accessories from the title's date): ``fn(dossier, as_of, derivation) -> {invoice number: last day}``.
ARRETS_PAR_FACTURE: list[Callable[[Dossier, date, Derivation], Mapping[str, date]]] = []


def arret_des_accessoires_par_facture(fn: Callable[[Dossier, date, Derivation], Mapping[str, date]]):
    """Register ``fn``: the last day the accessories of some invoices run (read by every décompte)."""
    ARRETS_PAR_FACTURE.append(fn)
    return fn


@arret_des_accessoires_par_facture
def _arret_hors_l441_10(dossier: Dossier, as_of: date, derivation: Derivation) -> dict[str, date]:
    """Entre professionnels, un prêt ou des loyers parmi des factures commerciales : pas de pénalités L441-10 ni
    d'indemnité de 40 € sur eux (leurs accessoires s'arrêtent avant de courir). Quand toutes les créances sont de
    cette nature, le décompte passe aux intérêts au taux légal (rules/decompte.yaml) et rien n'est arrêté ici."""
    if not (dossier.creancier.qualite.value == "professionnel" and dossier.debiteur.qualite.value == "professionnel"):
        return {}
    hors = {f.numero for f in dossier.factures if hors_l441_10(f)}
    if not hors or len(hors) == len(dossier.factures):
        return {}
    return {s.facture.numero: s.date_exigibilite for s in derivation.invoices if s.facture.numero in hors}


_FINS = "_arrets_par_facture"


def _fins(dossier: Dossier, as_of: date, derivation: Derivation) -> Mapping[str, date]:
    """The last day the accessories of each stopped invoice run: the earliest of the registered stops.

    Kept on the derivation while the prescription analysis stays what it was: the registered stops read the
    dossier, the date, the invoices and facts settled before the qualified providers run (qualification, base
    facts), and that analysis, the one thing a qualified provider adds that they read. Do not mutate the result."""
    return _arrets(dossier, as_of, derivation)[0]


def cle_des_arrets(dossier: Dossier, as_of: date, derivation: Derivation) -> tuple[tuple[str, date], ...]:
    """The per-invoice stops as a cache key: a computation reading them is reused only under the same stops."""
    return _arrets(dossier, as_of, derivation)[1]


def _arrets(dossier: Dossier, as_of: date,
            derivation: Derivation) -> tuple[Mapping[str, date], tuple[tuple[str, date], ...]]:
    analyse = vars(derivation).get(PRESCRIPTION_ANALYSEE, _ABSENTE)
    memo = vars(derivation).get(_FINS)
    if memo is not None and memo[0] is analyse and memo[1] is dossier and memo[2] == as_of:
        return memo[3]
    out: dict[str, date] = {}
    for fn in ARRETS_PAR_FACTURE:
        for ref, jour in fn(dossier, as_of, derivation).items():
            out[ref] = min(jour, out.get(ref, jour))
    resultat = (MappingProxyType(out), tuple(sorted(out.items())))  # shared: read-only
    vars(derivation)[_FINS] = (analyse, dossier, as_of, resultat)
    return resultat


_ABSENTE = object()


def fin_par_prescription(facts: Mapping[str, Any]) -> date | None:
    """Le dernier jour où les accessoires courent quand toute la créance est prescrite : la veille du jour où la
    prescription a été acquise (C. civ. 2219 : plus rien ne court après) ; None sinon (ou pour un titre, L111-4)."""
    if not facts.get("prescription.acquise") or facts.get("prescription_regime") == "cpce_l111_4":
        return None
    acquise_le = facts.get("prescription.acquise_le")
    return acquise_le - _UN_JOUR if acquise_le is not None else None


def lecture_imputation(dossier: Dossier) -> str:
    """La lecture d'imputation choisie par le créancier (``contrat.imputation_paiements``)."""
    return dossier.contrat.imputation_paiements.value


def compensations_en_paiements(dossier: Dossier, as_of: date, derivation: Derivation) -> list[m.Paiement]:
    """La compensation légale que la bibliothèque recommande d'invoquer, en « paiements » désignés datés de leur effet."""
    from ..compensation import compensations_a_invoquer  # compensation ne dépend pas de ce module

    return [m.Paiement(date=i.date_effet, montant=i.montant, facture=numero)
            for numero, i in compensations_a_invoquer(dossier, as_of, derivation) if i.montant > 0]
