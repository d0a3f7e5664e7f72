"""Montants dus pour un retard, facture par facture : pénalités L441-10, intérêts moratoires, indemnité de 40 €.

Ce module relie le dossier aux calculateurs de `creances_rules.montants` ; il ne qualifie rien. Les
règles (rules/penalites_l441_10.yaml, interets_moratoires.yaml, clause_penale.yaml, capitalisation.yaml)
disent quand un montant est dû et à quel taux ; ce module compte.

- Décompte chronologique, facture par facture : les pénalités (ou intérêts) courent période de taux par
  période de taux jusqu'à chaque paiement ; le paiement est imputé entre les factures selon C. civ.
  1342-10 (`montants.imputer_paiements`, solde de chaque facture = principal + accessoires courus impayés),
  puis, sur chaque facture, d'abord sur ces accessoires, ensuite sur le principal (C. civ. 1343-1 ; ancien
  1254). Seule la part imputée sur le principal réduit la base des périodes suivantes. Le montant dû est
  ce qui reste des accessoires après ces imputations ; le principal restant dû qui en résulte est dans le
  détail (``principal_restant_du_apres_imputation``).
- Les pénalités L441-10 sont traitées comme des « intérêts » au sens de 1343-1 (lecture signalée par un
  avertissement droit_incertain : aucun texte ne le dit).
- Taux hors table : le calcul s'arrête au dernier jour dont le taux est publié, jamais au-delà ; la période
  manquante est dite dans les avertissements et le détail. Les fonctions de calcul acceptent des taux
  fournis (``taux_bce_fournis``, ``taux_legal_fournis``) ; dans une évaluation, ils viennent de
  :func:`taux_fournis`, qui n'en trouve aucun tant que le dossier n'a pas de champ pour les porter.

Références : C. com., art. L441-10 II, D441-5, L441-16 ; C. civ., art. 1231-5, 1231-6, 1344-1 (ancien
1153), 1342-10, 1343-1 (ancien 1254), 1343-2 ; C. mon. fin., art. L313-2, L313-3 ; Cass. com., 24 avr.
2024, n° 22-24.275 (pénalités et intérêts légaux ne se cumulent pas ; les pénalités sont des intérêts
moratoires). Textes de 1343-1 et de l'ancien 1254 lus : https://www.help-voisinage.fr/Code%20Civil/files/basic-html/page428.html
et https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070721/articles/LEGIARTI000006437139.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict

from .. import montants as m
from .. import taux as t
from .._format import euros, fmt
from ..calculators import coded_warning, Computed, Context, calculator
from ..derive import Derivation, declare_fact, provider
from ..facts import Dossier, TypeEvenement
from ..vocabulary import FactType

_UN_JOUR = timedelta(days=1)
ZERO = Decimal("0.00")
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

# --------------------------------------------------------------------------------------- facts

declare_fact("montants.taux_penalites_connu_jusqu_au", FactType.date,
             "dernier jour pour lequel le taux des pénalités L441-10 est connu (tables de taux)")
declare_fact("montants.taux_legal_connu_jusqu_au", FactType.date,
             "dernier jour pour lequel le taux de l'intérêt légal est connu (table de taux)")
declare_fact("montants.factures_en_retard", FactType.int,
             "factures payées après leur échéance, ou impayées et échues avant la date d'évaluation",
             depends_on=("terme_suppletif_jours",))
declare_fact("montants.debut_penalites", FactType.date,
             "premier jour de retard : lendemain de la plus ancienne échéance d'une facture en retard",
             depends_on=("terme_suppletif_jours",))
declare_fact("montants.fin_des_retards", FactType.date,
             "dernier jour de retard : date d'évaluation si une facture échue reste due, sinon dernier paiement tardif",
             depends_on=("terme_suppletif_jours",))
declare_fact("montants.taux_contractuel_sous_plancher", FactType.bool,
             "le taux de pénalités convenu est inférieur à trois fois le taux légal sur une période de retard "
             "ou à la date d'évaluation", depends_on=("terme_suppletif_jours",))
declare_fact("montants.categorie_taux_legal", FactType.enum,
             "catégorie du taux de l'intérêt légal applicable (selon la qualité du créancier)",
             choices=("creancier_particulier", "autres_cas"), origin="qualification")
declare_fact("montants.majoration_l313_3", FactType.bool,
             "le taux légal est majoré de cinq points deux mois après le titre exécutoire", origin="qualification")


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


def _etats(dossier: Dossier, derivation: Derivation, as_of: date) -> tuple[list[EtatFacture], m.Imputation | None]:
    factures = []
    for s in derivation.invoices:
        f = s.facture
        known = [d for d in (f.date_livraison, f.date_execution, f.date_emission) if d is not None]
        factures.append((f.numero, f.montant_ttc, s.date_exigibilite, min(known)))
    return etats_factures(factures, _paiements(dossier, as_of))


# --------------------------------------------------------------------------------------- limites des tables


def limite_taux_legal(taux_fournis: Mapping[date, Decimal] | None = None) -> date:
    """Dernier jour dont le taux de l'intérêt légal est connu : la table, prolongée par les taux fournis."""
    fin = t.table_interet_legal().connu_jusqu_au
    fournis = taux_fournis or {}
    while fin + _UN_JOUR in fournis:
        fin = t.periode_taux_legal(fin + _UN_JOUR)[1]
    return fin


def limite_taux_penalites(taux_contractuel: Decimal | None,
                          taux_bce_fournis: Mapping[date, Decimal] | None = None,
                          taux_legal_fournis: Mapping[date, Decimal] | None = None) -> date:
    """Dernier jour dont le taux des pénalités est connu.

    Sans taux convenu : fin du semestre dont le taux BCE au 1er janvier / 1er juillet est dans la table (ou
    fourni). Avec un taux convenu : dernier jour du taux légal connu, qui fixe le plancher (L441-10 II).
    """
    if taux_contractuel is not None:
        return limite_taux_legal(taux_legal_fournis)
    fin = t.fin_semestre(t.table_bce().connu_jusqu_au)
    fournis = taux_bce_fournis or {}
    while fin + _UN_JOUR in fournis:
        fin = t.fin_semestre(fin + _UN_JOUR)
    return fin


# --------------------------------------------------------------------------------------- décompte


class DetailMontant(BaseModel):
    """Le détail d'un montant dû : lignes de calcul, hypothèses, état par facture, imputation, périodes manquantes.

    ``lignes`` : une période à taux constant pour une facture (clés du, au, jours, taux, base, montant,
    source) ; la base ne baisse que de la part d'un paiement imputée sur le principal. L'évaluation en tire
    le bloc ``amounts``. ``imputation`` : pour chaque paiement et chaque facture qu'il atteint, la part payée
    aux accessoires (``aux_interets`` : pénalités ou intérêts) et au principal (``au_principal``), et le
    principal qui reste ensuite (``principal_apres``). Totaux : accessoires courus (somme des lignes), payés
    par imputation, restant dus (le montant du constat) ; principal restant dû après imputation, toutes
    factures confondues (``None`` hors décompte de pénalités ou d'intérêts).
    """

    model_config = ConfigDict(frozen=True)

    lignes: list[dict[str, Any]] = []
    hypotheses: list[str] = []
    factures: list[dict[str, Any]] = []
    imputation: list[dict[str, Any]] = []
    periodes_non_calculees: list[dict[str, Any]] = []
    accessoires_courus: Decimal = ZERO
    accessoires_payes: Decimal = ZERO
    accessoires_restant_dus: Decimal = ZERO
    principal_restant_du_apres_imputation: Decimal | None = None
    accessoires_compenses: Decimal = ZERO
    imputation_retenue: str | None = None


@dataclass
class Decompte:
    """Le résultat d'un décompte sur plusieurs factures, avant sa mise en forme (`Computed`).

    ``total`` : accessoires restant dus (courus moins payés par imputation).
    """

    total: Decimal
    detail: DetailMontant
    avertissements: list[str]
    citations: list[str]
    debut: date | None
    courus: Decimal = ZERO
    payes: Decimal = ZERO
    principal_restant: Decimal = ZERO
    compenses: Decimal = ZERO


def _ajouter(liste: list[str], messages: Sequence[str]) -> None:
    for message in messages:
        if message not in liste:
            liste.append(message)


@dataclass
class _Periode:
    """Ce qu'une période de cours produit pour une facture : montant, lignes, périodes non calculées."""

    montant: Decimal
    jours: int
    lignes: list[m.LigneInterets]
    manquantes: list[tuple[date, date, str]]
    avertissements: list[str]
    citations: list[str]


@dataclass
class _Compte:
    """Le compte d'une facture pendant le décompte : principal, accessoires courus et payés."""

    etat: EtatFacture
    depart: date | None
    principal: Decimal
    veille: date | None  # dernier jour dont les accessoires sont comptés (None : ils ne courent pas)
    impayes: Decimal = ZERO  # accessoires courus, pas encore payés
    couru: Decimal = ZERO
    paye: Decimal = ZERO
    compense: Decimal = ZERO  # accessoires éteints par une compensation invoquée
    jours: int = 0
    solde_le: date | None = None  # jour où le principal a été payé en entier
    lignes: list[dict[str, Any]] = field(default_factory=list)
    manquantes: list[dict[str, Any]] = field(default_factory=list)


HYPOTHESE_IMPUTATION = (
    "Paiements partiels (C. civ. art. 1342-10, puis 1343-1 ; ancien art. 1254 pour un contrat antérieur au "
    "1er octobre 2016) : chaque paiement est imputé entre les factures (facture désignée par le débiteur, sinon "
    "la plus ancienne échue), le solde de chacune comprenant ses accessoires ({acc}) courus et impayés au jour du "
    "paiement ; sur chaque facture, il paie d'abord ces accessoires, puis le principal. Seule la part imputée sur le "
    "principal réduit la base à compter du lendemain ; le montant indiqué est ce qui reste dû des accessoires après "
    "ces imputations, et le principal restant dû en tient compte (détail : principal_restant_du_apres_imputation)."
)
PRINCIPAL_D_ABORD = "principal_d_abord"
INTERETS_D_ABORD = "interets_d_abord"

HYPOTHESE_PRINCIPAL_D_ABORD = (
    "Paiements partiels imputés selon le choix du créancier (contrat.imputation_paiements = principal_d_abord, "
    "défaut) : chaque paiement est imputé entre les factures sur leur principal (facture désignée par le débiteur, "
    "sinon la plus ancienne échue, C. civ. art. 1342-10) et solde ce principal ; les {acc} courus restent dus et "
    "sont réclamés à part ; un paiement qui excède tout le principal paie ensuite ces {acc}. L'imputation d'abord sur "
    "les intérêts (art. 1343-1) profite au créancier, qui peut y renoncer (ancien art. 1254 : le débiteur ne peut "
    "imputer sur le capital « sans le consentement du créancier ») ; les pénalités L441-10 ne sont d'ailleurs des "
    "« intérêts » au sens de ce texte que selon une lecture incertaine. Le décompte donne le montant de l'autre "
    "lecture quand il diffère."
)
HYPOTHESE_ACCORD_CREANCIER = (
    "Aucun accord du créancier pour imputer autrement n'est renseigné au dossier (l'ancien art. 1254 réservait "
    "« le consentement du créancier » ; 1343-1 est lu comme une règle à laquelle les parties peuvent déroger)."
)
HYPOTHESE_INDEMNITE_NON_IMPUTEE = (
    "L'indemnité forfaitaire de 40 € et les frais de recouvrement n'absorbent pas les paiements ici, alors que la "
    "jurisprudence rendue sous l'ancien art. 1254 range les frais de recouvrement parmi les accessoires payés avant "
    "le capital (Cass. 1re civ., 7 févr. 1995, n° 92-14.216, lu en commentaire) : le principal restant dû calculé "
    "est, au plus, inférieur de 40 € par facture à celui de cette lecture."
)
HYPOTHESE_PERIODE_INCONNUE = (
    "Sur une période non calculée (taux ou règle inconnus), les accessoires courus ne sont pas connus : un paiement "
    "postérieur n'est imputé que sur les accessoires calculés, le reste allant au principal."
)


def _imputer_du_jour(comptes: Mapping[str, _Compte], courus: Mapping[str, Decimal], du_jour: Sequence[m.Paiement],
                     imputation: str, avertissements: list[str]) -> list[m.Allocation]:
    """Les paiements (et compensations) d'un même jour, imputés selon la lecture choisie ; rang de chacun conservé."""
    if imputation == INTERETS_D_ABORD:
        dettes = [m.Dette(ref=ref, montant=c.principal, date_exigibilite=c.etat.date_exigibilite,
                          interets_dus=c.impayes + courus[ref]) for ref, c in comptes.items()]
        r = m.imputer_paiements(dettes, list(du_jour))
        _ajouter(avertissements, r.avertissements)
        return list(r.allocations)
    # Principal d'abord : imputation entre factures sur le seul principal (1342-10), puis l'excédent aux accessoires.
    dettes = [m.Dette(ref=ref, montant=c.principal, date_exigibilite=c.etat.date_exigibilite)
              for ref, c in comptes.items()]
    r = m.imputer_paiements(dettes, list(du_jour))
    allocations = list(r.allocations)
    restes = [(i, p.montant - sum((a.montant for a in allocations if a.paiement == i), ZERO))
              for i, p in enumerate(du_jour)]
    restes = [(i, reste) for i, reste in restes if reste > 0]
    if not restes:
        _ajouter(avertissements, r.avertissements)
        return allocations
    _ajouter(avertissements, [a for a in r.avertissements if "trop-perçu" not in a])
    accessoires = [m.Dette(ref=ref, montant=ZERO, date_exigibilite=c.etat.date_exigibilite,
                           interets_dus=c.impayes + courus[ref]) for ref, c in comptes.items()]
    surplus = [m.Paiement(date=du_jour[i].date, montant=reste) for i, reste in restes]
    r2 = m.imputer_paiements(accessoires, surplus)
    _ajouter(avertissements, [a for a in r2.avertissements if "trop-perçu" in a])
    for a in r2.allocations:
        allocations.append(a.model_copy(update={"paiement": restes[a.paiement][0]}))
    return allocations


def _decompte(
    etats: Sequence[EtatFacture],
    departs: Mapping[str, date | None],
    as_of: date,
    calcul: Callable[[Decimal, date, date], m.CalculInterets],
    *,
    borne_inf: date,
    motif_borne_inf: str,
    limite: date,
    motif_limite: str,
    hypotheses: list[str],
    paiements: Sequence[m.Paiement] = (),
    accessoires: str = "intérêts",
    ancien_droit: bool = False,
    imputation: str = INTERETS_D_ABORD,
    compensations: Sequence[m.Paiement] = (),
    fin: date | None = None,
    fins: Mapping[str, date] | None = None,
) -> Decompte:
    """Décompte chronologique des accessoires (pénalités ou intérêts) de chaque facture, paiements imputés au fil du temps.

    Pour chaque facture, ``calcul(base, veille, dernier_jour)`` s'applique du lendemain de son départ au jour
    d'un paiement qui l'atteint (inclus), puis d'un tel paiement au suivant, puis jusqu'à ``as_of`` ; rien
    n'est compté avant ``borne_inf`` (règle non modélisée) ni après ``limite`` (taux inconnu) : ces périodes
    sont listées. À chaque date de paiement, les paiements du jour sont imputés entre les factures (1342-10,
    le solde de chacune comprenant ses accessoires courus impayés), puis, sur chaque facture, aux accessoires
    d'abord et au principal ensuite (1343-1) ; seule la part imputée sur le principal réduit la base. Une
    facture qu'aucun paiement n'atteint garde une seule période par taux.

    ``imputation`` : ``interets_d_abord`` (ci-dessus, 1343-1) ou ``principal_d_abord`` (choix du créancier : le
    paiement solde le principal de la facture qu'il atteint, imputé entre factures selon 1342-10 sur leur seul
    principal ; ce qui excède tout le principal paie ensuite les accessoires courus). ``compensations`` : les
    compensations à invoquer, chacune traitée comme un paiement désigné à sa date d'effet (C. civ. 1347 al. 2,
    1347-4 qui transpose l'imputation des paiements) ; leur part est tracée à part (``compensation`` dans
    ``imputation``). ``fin`` : dernier jour où les accessoires courent (arrêt des intérêts), ``as_of`` à défaut.

    Références : C. civ., art. 1342-10, 1343-1 (ancien art. 1254), 1347, 1347-4.
    """
    fin = as_of if fin is None else min(fin, as_of)
    fins = dict(fins or {})
    avertissements: list[str] = []
    citations: list[str] = []
    imputations: list[dict[str, Any]] = []
    comptes = {e.ref: _Compte(e, departs.get(e.ref), Decimal(e.montant), departs.get(e.ref)) for e in etats}

    def periode(c: _Compte, jusqu_au: date) -> _Periode:
        """Les accessoires de ``c`` du lendemain de ``c.veille`` à ``jusqu_au`` inclus, sur le principal actuel."""
        vide = _Periode(ZERO, 0, [], [], [], [])
        jusqu_au = min(jusqu_au, fin, fins.get(c.etat.ref, fin))
        if c.veille is None or jusqu_au <= c.veille or c.principal <= 0:
            return vide
        veille = c.veille
        manquantes: list[tuple[date, date, str]] = []
        lo = max(veille, borne_inf - _UN_JOUR)
        hi = min(jusqu_au, limite)
        manquantes.append((veille + _UN_JOUR, min(jusqu_au, lo), motif_borne_inf))
        manquantes.append((max(veille, hi) + _UN_JOUR, jusqu_au, motif_limite))
        if lo >= hi:
            return _Periode(ZERO, 0, [], manquantes, [], [])
        try:
            r = calcul(c.principal, lo, hi)
        except (t.TauxInconnu, t.RegleNonModelisee) as exc:
            manquantes.append((lo + _UN_JOUR, hi, str(exc)))
            return _Periode(ZERO, 0, [], manquantes, [], [])
        return _Periode(r.montant, sum(ligne.jours for ligne in r.lignes), list(r.lignes), manquantes,
                        list(r.avertissements), [c["cle"] for c in r.citations])

    def courir(c: _Compte, jusqu_au: date) -> None:
        """Arrête les accessoires de ``c`` à ``jusqu_au`` : ses lignes sont acquises, sa base peut changer."""
        p = periode(c, jusqu_au)
        jusqu_au = min(jusqu_au, fin, fins.get(c.etat.ref, fin))
        if c.veille is not None and jusqu_au > c.veille:
            c.veille = jusqu_au
        for du, au, motif in p.manquantes:
            if du <= au:
                c.manquantes.append({"facture": c.etat.ref, "du": du, "au": au, "motif": motif})
        _ajouter(avertissements, p.avertissements)
        _ajouter(citations, p.citations)
        for ligne in p.lignes:
            c.lignes.append({"facture": c.etat.ref, "du": ligne.du, "au": ligne.au, "jours": ligne.jours, "taux": ligne.taux,
                             "base": ligne.base, "montant": ligne.montant,
                             "source": f"Facture {c.etat.ref} : {ligne.texte}"})
        c.impayes += p.montant
        c.couru += p.montant
        c.jours += p.jours

    a_payer = sorted((p for p in paiements if p.date <= as_of), key=lambda p: p.date)
    a_compenser = sorted((p for p in compensations if p.date <= as_of), key=lambda p: p.date)
    for jour in sorted({p.date for p in a_payer} | {p.date for p in a_compenser}):
        # Les compensations du jour d'abord (leur effet remonte au jour où leurs conditions sont réunies).
        du_jour = [p for p in a_compenser if p.date == jour] + [p for p in a_payer if p.date == jour]
        n_comp = sum(1 for p in a_compenser if p.date == jour)
        # Le solde de chaque facture au jour du paiement compte ses accessoires courus jusque-là (1342-10, 1343-1).
        courus = {ref: periode(c, jour).montant for ref, c in comptes.items()}
        allocations = _imputer_du_jour(comptes, courus, du_jour, imputation, avertissements)
        for ref in dict.fromkeys(a.dette for a in allocations):
            courir(comptes[ref], jour)
        for a in allocations:
            c = comptes[a.dette]
            c.impayes -= a.aux_interets
            c.principal -= a.au_principal
            par_compensation = a.paiement < n_comp
            if par_compensation:
                c.compense += a.aux_interets
            else:
                c.paye += a.aux_interets
            if c.principal <= 0 and c.solde_le is None:
                c.solde_le = jour
            imputations.append({"date": jour, "facture": a.dette, "montant": a.montant,
                                "aux_interets": a.aux_interets, "au_principal": a.au_principal,
                                "principal_apres": c.principal, "regle": a.regle,
                                **({"compensation": True} if par_compensation else {})})
    for c in comptes.values():
        courir(c, fin)

    lignes: list[dict[str, Any]] = []
    factures: list[dict[str, Any]] = []
    manquantes: list[dict[str, Any]] = []
    for e in etats:
        c = comptes[e.ref]
        lignes += c.lignes
        manquantes += c.manquantes
        if c.depart is None or (c.couru == 0 and c.principal == 0 and not c.manquantes):
            continue  # rien couru, rien dû : facture payée avant que les accessoires ne courent
        factures.append({"facture": e.ref, "montant_ttc": e.montant, "date_exigibilite": e.date_exigibilite,
                         "depart": c.depart, "fin": c.solde_le or as_of, "jours": c.jours, "couru": c.couru,
                         "paye": c.paye, "compense": c.compense, "montant": c.couru - c.paye - c.compense,
                         "principal_restant_du": c.principal})
    courus_total = sum((c.couru for c in comptes.values()), ZERO)
    payes_total = sum((c.paye for c in comptes.values()), ZERO)
    compenses_total = sum((c.compense for c in comptes.values()), ZERO)
    principal = sum((c.principal for c in comptes.values()), ZERO)
    if imputations and imputation == PRINCIPAL_D_ABORD:
        _ajouter(citations, ["c_civ_1342_10"])
        hypotheses = [*hypotheses, HYPOTHESE_PRINCIPAL_D_ABORD.format(acc=accessoires)]
        if manquantes:
            hypotheses.append(HYPOTHESE_PERIODE_INCONNUE)
    elif imputations:
        _ajouter(citations, ["c_civ_1342_10"])
        hypotheses = [*hypotheses, HYPOTHESE_IMPUTATION.format(acc=accessoires), HYPOTHESE_ACCORD_CREANCIER,
                      HYPOTHESE_INDEMNITE_NON_IMPUTEE]
        if manquantes:
            hypotheses.append(HYPOTHESE_PERIODE_INCONNUE)
    if payes_total > 0 and imputation == INTERETS_D_ABORD:
        _ajouter(citations, ["c_civ_1254_ancien" if ancien_droit else "c_civ_1343_1"])
    debut = min((ligne["du"] for ligne in lignes), default=None)
    detail = DetailMontant(lignes=lignes, hypotheses=hypotheses, factures=factures, imputation=imputations,
                           periodes_non_calculees=manquantes, accessoires_courus=courus_total,
                           accessoires_payes=payes_total,
                           accessoires_restant_dus=courus_total - payes_total - compenses_total,
                           principal_restant_du_apres_imputation=principal,
                           accessoires_compenses=compenses_total, imputation_retenue=imputation)
    return Decompte(courus_total - payes_total - compenses_total, detail, avertissements, citations, debut,
                    courus_total, payes_total, principal, compenses_total)


def _manques_message(detail: DetailMontant, calcules: str, non_calcules: str, limite: date,
                     motif_limite: str) -> list[str]:
    """Un avertissement par nature de période non calculée, avec ses dates."""
    out = []
    au_dela = [p for p in detail.periodes_non_calculees if p["motif"] == motif_limite]
    if au_dela:
        du, au = min(p["du"] for p in au_dela), max(p["au"] for p in au_dela)
        out.append(coded_warning(
            "taux_inconnu",
            f"{calcules} jusqu'au {fmt(limite)} seulement : {motif_limite} La période du {fmt(du)} au {fmt(au)} "
            "n'est pas calculée (le dernier taux connu n'est jamais reconduit) ; le montant sera à compléter quand "
            "le taux sera publié, ou en fournissant le taux dans le dossier (champ taux_fournis).",
        ))
    for p in detail.periodes_non_calculees:
        if p["motif"] != motif_limite:
            out.append(f"{non_calcules} pour la facture {p['facture']} du {fmt(p['du'])} au {fmt(p['au'])} : "
                       f"{p['motif']}")
    return out


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


def _computed(d: Decompte, basis: str, assumptions: list[str]) -> Computed | None:
    if not d.detail.lignes and not d.detail.periodes_non_calculees:
        return None
    return Computed(d.total, basis=basis, details=d.detail, assumptions=assumptions, warnings=d.avertissements,
                    citations=d.citations)


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


def _memo(derivation: Derivation, cle: tuple, calcul: Callable[[], Any]) -> Any:
    """One computation per evaluation and per arguments, kept on that evaluation's derivation (no state outlives it)."""
    cache = vars(derivation).setdefault(_CACHE, {})
    if cle not in cache:
        cache[cle] = calcul()
    return cache[cle]


# Per-invoice stops of penalties and interest set by other institutions (e.g. a title covering an invoice replaces
# its accessories from the title's date): ``fn(dossier, as_of, derivation) -> {invoice number: last day}``.
ARRETS_PAR_FACTURE: list[Callable[[Dossier, date, Derivation], Mapping[str, date]]] = []


def arret_des_accessoires_par_facture(fn: Callable[[Dossier, date, Derivation], Mapping[str, date]]):
    """Register ``fn``: the last day the accessories of some invoices run (read by every décompte)."""
    ARRETS_PAR_FACTURE.append(fn)
    return fn


def _fins(dossier: Dossier, as_of: date, derivation: Derivation) -> dict[str, date]:
    out: dict[str, date] = {}
    for fn in ARRETS_PAR_FACTURE:
        for ref, jour in fn(dossier, as_of, derivation).items():
            out[ref] = min(jour, out.get(ref, jour))
    return out


def lecture_imputation(dossier: Dossier) -> str:
    """La lecture d'imputation choisie par le créancier (``contrat.imputation_paiements``)."""
    return dossier.contrat.imputation_paiements.value


def compensations_en_paiements(dossier: Dossier, as_of: date, derivation: Derivation) -> list[m.Paiement]:
    """La compensation légale que la bibliothèque recommande d'invoquer, en « paiements » désignés datés de leur effet."""
    from .compensation import compensations_a_invoquer  # compensation ne dépend pas de ce module

    return [m.Paiement(date=i.date_effet, montant=i.montant, facture=numero)
            for numero, i in compensations_a_invoquer(dossier, as_of, derivation) if i.montant > 0]


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

    return _memo(derivation, ("penalites", taux_contractuel, date_contrat, imputation, fin), calcul)


def interets_du_dossier(dossier: Dossier, as_of: date, derivation: Derivation, *, categorie: str,
                        date_contrat: date | None, majoration: bool | None, date_titre: date | None,
                        par_exigibilite: bool | None, imputation: str | None = None,
                        fin: date | None = None) -> tuple[Decompte, dict[str, date | None], date | None]:
    """Les intérêts moratoires au taux légal de toutes les factures, du jour où chacune est en demeure (premier acte
    postérieur à son exigibilité qui la vise, ou son échéance avec une clause de demeure par l'exigibilité) ;
    calculés une fois par évaluation. Rend le décompte, le départ de chaque facture et la date de majoration."""
    imputation = imputation or lecture_imputation(dossier)

    def calcul():
        etats, _ = _etats(dossier, derivation, as_of)
        departs = departs_interets(etats, _actes(dossier, as_of), date.min, par_exigibilite=bool(par_exigibilite))
        date_majoration = m.date_majoration_L313_3(date_titre) if majoration and date_titre is not None else None
        d = interets_factures(etats, departs, as_of, categorie=categorie,  # type: ignore[arg-type]
                              date_majoration=date_majoration, date_contrat=date_contrat,
                              taux_legal_fournis=taux_fournis(dossier).legal_de(categorie),
                              paiements=_paiements(dossier, as_of), imputation=imputation,
                              compensations=compensations_en_paiements(dossier, as_of, derivation), fin=fin,
                              fins=_fins(dossier, as_of, derivation))
        return d, departs, date_majoration

    return _memo(derivation, ("interets", categorie, date_contrat, bool(majoration), date_titre,
                              bool(par_exigibilite), imputation, fin), calcul)


def principal_du_dossier(dossier: Dossier, as_of: date, derivation: Derivation, *,
                         imputation: str | None = None) -> Decompte:
    """Les paiements et la compensation à invoquer imputés sur le seul principal, quand aucun accessoire ne court."""
    imputation = imputation or lecture_imputation(dossier)

    def calcul() -> Decompte:
        etats, _ = _etats(dossier, derivation, as_of)

        def rien(base: Decimal, veille: date, dernier: date) -> m.CalculInterets:
            raise AssertionError("aucun accessoire ne court")  # departs vides : jamais appelé

        return _decompte(etats, {}, as_of, rien, borne_inf=date.min, motif_borne_inf="", limite=as_of,
                         motif_limite="", hypotheses=[], paiements=_paiements(dossier, as_of),
                         imputation=imputation, compensations=compensations_en_paiements(dossier, as_of, derivation))

    return _memo(derivation, ("principal", imputation), calcul)


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

    return _memo(derivation, ("indemnites", fin), calcul)


@calculator("penalites_l441_10_factures")
def penalites_l441_10_factures(ctx: Context, taux_contractuel: Decimal | None = None,
                               date_contrat: date | None = None) -> Computed | None:
    """Pénalités de retard L441-10 restant dues sur les factures en retard, ligne par ligne (facture × semestre)."""
    d = penalites_du_dossier(ctx.dossier, ctx.as_of, ctx.derivation, taux_contractuel=taux_contractuel,
                             date_contrat=date_contrat)
    n = sum(1 for f in d.detail.factures if f["couru"] > 0)
    basis = (f"Pénalités de retard sur {n} facture{'s' if n > 1 else ''} en retard : {euros(d.courus)} courues, "
             f"arrêtées au {fmt(ctx.as_of)} ou au jour du paiement (détail par facture et par semestre)"
             + _basis_imputation(d, "pénalités", date_contrat))
    return _computed(d, basis, [])


def _basis_imputation(d: Decompte, accessoires: str, date_contrat: date | None) -> str:
    """La fin de la phrase de base : ce que les paiements ont déjà payé des accessoires, et ce qui reste dû."""
    fin = ""
    if d.compenses > 0:
        fin = f" ; {euros(d.compenses)} éteints par la compensation à invoquer (C. civ. 1347, 1347-4)"
    if d.detail.imputation_retenue == PRINCIPAL_D_ABORD:
        if d.payes <= 0 and d.compenses <= 0:
            return "."
        paye = (f", dont {euros(d.payes)} payés par ce qui excède le principal dans les paiements"
                if d.payes > 0 else "")
        return f"{paye}{fin} : restent dus {euros(d.total)}."
    if d.payes <= 0:
        return f"{fin} : restent dus {euros(d.total)}." if fin else "."
    article = ("ancien art. 1254" if date_contrat is not None and date_contrat < m.REFORME_OBLIGATIONS
               else "art. 1343-1")
    return (f", dont {euros(d.payes)} déjà payés par les paiements, imputés d'abord sur les {accessoires} (C. civ. "
            f"{article}) : restent dus {euros(d.total)}. Principal restant dû après imputation : "
            f"{euros(d.principal_restant)}.")


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
            plancher = t.plancher_penalites(d, taux_legal_fournis)
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
    basis = (f"Taux convenu de {fmt_taux(taux_contractuel)} inférieur au minimum légal de trois fois le taux de "
             f"l'intérêt légal « autres cas » : {liste}. Les pénalités sont calculées au plancher (lecture retenue ; "
             "autre lecture possible, non tranchée par les textes lus : la clause serait écartée au profit du taux "
             "BCE + 10 points). Fixer un taux non conforme est passible d'une amende administrative d'au plus "
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
) -> Decompte:
    """Intérêts moratoires restant dus au taux légal de la catégorie du créancier, de la demeure de chaque facture au paiement.

    ``paiements`` : imputés au fil du décompte, sur les intérêts courus d'abord, puis sur le principal (voir
    :func:`_decompte`) ; ``date_contrat`` antérieure au 1er octobre 2016 : anciens art. 1153 et 1254 cités.

    Références : C. civ., art. 1231-6 et 1344-1 (ancien 1153), 1342-10, 1343-1 (ancien 1254) ; C. mon. fin.,
    art. L313-2, L313-3.
    """
    table = t.table_interet_legal()
    limite = limite_taux_legal(taux_legal_fournis)
    libelle = _CATEGORIES.get(categorie, categorie)
    motif_limite = (f"le taux de l'intérêt légal {libelle} n'est connu que jusqu'au {fmt(limite)} (arrêté du "
                    "semestre suivant non publié dans la table).")
    motif_borne = f"période antérieure au {fmt(table.debut)}, début de la table du taux de l'intérêt légal."

    def calcul(base: Decimal, veille: date, dernier: date) -> m.CalculInterets:
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
                                 compensations=compensations)

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
    d = decompte(ctx.as_of)
    assumptions = []
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
    basis = (f"Intérêts moratoires au taux légal {libelle} depuis la mise en demeure : {euros(d.courus)} courus, "
             f"arrêtés au {fmt(ctx.as_of)} ou au jour du paiement (détail par facture et par période de taux)"
             + _basis_imputation(d, "intérêts", date_contrat))
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


# --------------------------------------------------------------------------------------- clause pénale, divers


@calculator("clause_penale_stipulee")
def clause_penale_stipulee(ctx: Context, montant: Decimal | None, demeure: date | None = None,
                           ancien_droit: bool = False) -> Computed | None:
    """La clause pénale stipulée : son montant, si elle est encourue, et ce que le juge peut en faire."""
    if montant is None or montant <= 0:
        return None
    articles = "anciens art. 1152 et 1230" if ancien_droit else "art. 1231-5"
    if demeure is not None:
        etat = f"encourue depuis la mise en demeure du {fmt(demeure)}"
    else:
        etat = "pas encore encourue : sauf inexécution définitive, elle ne l'est qu'une fois le débiteur mis en demeure"
    basis = (f"Clause pénale de {euros(montant)}, {etat} (C. civ., {articles}). Le juge peut, même d'office, la "
             "réduire si elle est manifestement excessive (ou l'augmenter si elle est dérisoire), et la diminuer à "
             "proportion de l'exécution partielle. Encourue, elle est portée au décompte pour son montant stipulé, "
             "sauf face à un consommateur (voir le constat decompte_creance).")
    return Computed(montant, basis=basis,
                    assumptions=["Montant repris du contrat : c'est au juge d'en apprécier le caractère excessif."])


@calculator("chiffre_affaires_compensatoire")
def chiffre_affaires_compensatoire(ctx: Context, montant: Decimal | None, taux_marge: Decimal | None) -> Computed | None:
    """Le chiffre d'affaires à réaliser pour compenser l'impayé : principal restant dû / taux de marge."""
    if montant is None or taux_marge is None or montant <= 0 or taux_marge <= 0:
        return None
    valeur = m.chiffre_affaires_compensatoire(montant, taux_marge / 100)
    basis = (f"{euros(montant)} restant dus / marge de {fmt_taux(taux_marge)} = {euros(valeur)} de chiffre d'affaires "
             "à réaliser pour retrouver la marge perdue. Indicateur de gestion, sans portée juridique.")
    return Computed(valeur, basis=basis,
                    assumptions=["Calculé sur le principal restant dû TTC porté au dossier ; certains praticiens le "
                                 "calculent sur le montant hors taxes."])


@calculator("somme_des_montants")
def somme_des_montants(ctx: Context, montants: list[Decimal | None]) -> Decimal | None:
    """La somme des montants connus (None si aucun)."""
    known = [v for v in montants if isinstance(v, Decimal)]
    return sum(known, ZERO) if known else None


# --------------------------------------------------------------------------------------- providers


@provider("base")
def _faits_de_base(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    # La date du premier titre exécutoire (fait « date_titre_executoire ») vient du module recours.
    fournis = taux_fournis(dossier)
    facts["montants.taux_penalites_connu_jusqu_au"] = limite_taux_penalites(
        dossier.contrat.taux_penalites, fournis.bce, fournis.legal_de("autres_cas"))
    # La catégorie (qualité du créancier) est qualifiée plus tard : la limite la plus prudente des deux.
    facts["montants.taux_legal_connu_jusqu_au"] = min(limite_taux_legal(fournis.legal_de(c)) for c in t.CATEGORIES)


@provider("qualified")
def _faits_de_retard(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    etats, _ = _etats(dossier, derivation, as_of)
    # An invoice whose accessories stop before they run (a title replaced it) produces no penalty or indemnity.
    fins = _fins(dossier, as_of, derivation)
    etats = [e for e in etats if e.ref not in fins or fins[e.ref] > e.date_exigibilite]
    n, debut, fin = _retards(etats, as_of)
    facts["montants.factures_en_retard"] = n
    facts["montants.debut_penalites"] = debut
    facts["montants.fin_des_retards"] = fin
    taux = dossier.contrat.taux_penalites
    if taux is None:
        facts["montants.taux_contractuel_sous_plancher"] = None
        return
    fournis = taux_fournis(dossier).legal_de("autres_cas")
    limite = limite_taux_legal(fournis)
    jours = [d for d in _jours_a_verifier(debut, fin, as_of) if d <= limite]
    evaluable = False
    for d in jours:
        try:
            t.plancher_penalites(d, fournis)
            evaluable = True
            break
        except (t.TauxInconnu, t.RegleNonModelisee):
            continue
    facts["montants.taux_contractuel_sous_plancher"] = (
        bool(periodes_sous_plancher(taux, jours, fournis)) if evaluable else None)
