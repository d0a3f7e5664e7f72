"""Le décompte chronologique des accessoires (pénalités ou intérêts) de chaque facture, paiements imputés au fil du temps.

Les pénalités (ou intérêts) courent période de taux par période de taux jusqu'à chaque paiement ; le paiement
est imputé entre les factures selon C. civ. 1342-10 (`montants.imputer_paiements`, solde de chaque facture =
principal + accessoires courus impayés), puis, sur chaque facture, d'abord sur ces accessoires, ensuite sur le
principal (C. civ. 1343-1 ; ancien 1254) — ou, au choix du créancier, sur le principal d'abord. Seule la part
imputée sur le principal réduit la base des périodes suivantes. Le montant dû est ce qui reste des accessoires
après ces imputations ; le principal restant dû qui en résulte est dans le détail
(``principal_restant_du_apres_imputation``). Taux hors table : le calcul s'arrête au dernier jour dont le taux
est publié, jamais au-delà ; la période manquante est dite dans les avertissements et le détail.

Références : C. civ., art. 1342-10, 1343-1 (ancien 1254), 1347, 1347-4. Textes de 1343-1 et de l'ancien 1254
lus : https://www.help-voisinage.fr/Code%20Civil/files/basic-html/page428.html et
https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070721/articles/LEGIARTI000006437139.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from ...law import montants as m
from ...law import taux as t
from ..._base.formatting import euros, fmt
from ..calculators import coded_warning, Computed
from ..derive import Derivation
from ...models.dossier import Dossier
from .factures import (
    EtatFacture,
    ZERO,
    _UN_JOUR,
    _etats,
    _memo,
    _paiements,
    compensations_en_paiements,
    lecture_imputation,
)


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
    "ces imputations, et le principal restant dû en tient compte (détail : principal restant dû après imputation)."
)
PRINCIPAL_D_ABORD = "principal_d_abord"
INTERETS_D_ABORD = "interets_d_abord"
HYPOTHESE_PRINCIPAL_D_ABORD = (
    "Paiements partiels imputés selon le choix du créancier (imputation sur le principal d'abord, choix "
    "par défaut) : chaque paiement est imputé entre les factures sur leur principal (facture désignée par le débiteur, "
    "sinon la plus ancienne échue, C. civ. art. 1342-10) et solde ce principal ; les sommes courues à ce titre ({acc}) "
    "restent dues et sont réclamées à part ; un paiement qui excède tout le principal paie ensuite ces {acc}. L'imputation d'abord sur "
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
    # ``calcul`` is a pure function of (base, first eve, last day) for this décompte: on a payment day each invoice's
    # accrued accessories are computed to weigh the payment, then again for the invoices it reaches (same base, same
    # days). Kept by those arguments, the base with its exponent (it is printed in the lines).
    calculs: dict[tuple[Decimal, int, date, date], m.CalculInterets] = {}

    def calcul_une_fois(base: Decimal, lo: date, hi: date) -> m.CalculInterets:
        cle = (base, base.as_tuple().exponent, lo, hi)
        if cle not in calculs:
            calculs[cle] = calcul(base, lo, hi)
        return calculs[cle]

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
            r = calcul_une_fois(c.principal, lo, hi)
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
            (f"{calcules} jusqu'au {fmt(limite)} seulement : " if detail.lignes else f"{non_calcules} : ")
            + f"{motif_limite} La période du {fmt(du)} au {fmt(au)} n'est pas calculée (le dernier taux connu n'est "
            "jamais reconduit) ; le montant sera à compléter quand le taux sera publié, ou en fournissant le taux "
            "(fichier de taux du cabinet, option --taux, ou taux fournis dans le dossier).",
        ))
    for p in detail.periodes_non_calculees:
        if p["motif"] != motif_limite:
            out.append(f"{non_calcules} pour la facture {p['facture']} du {fmt(p['du'])} au {fmt(p['au'])} : "
                       f"{p['motif']}")
    return out


def periode_non_calculee(detail: DetailMontant) -> tuple[date, date] | None:
    """Du premier au dernier jour des périodes non calculées (taux ou règle inconnus), toutes factures confondues."""
    p = detail.periodes_non_calculees
    if not p:
        return None
    return min(x["du"] for x in p), max(x["au"] for x in p)


def phrase_non_calcule(detail: DetailMontant, non_calcules: str, courus: Decimal) -> tuple[str, str]:
    """(phrase de base entière, ou "" ; fin à ajouter) quand une partie n'est pas calculée : jamais « 0,00 € » ni
    « sur 0 facture » pour un accessoire dont le taux est inconnu, mais la période nommée.

    ``non_calcules`` : le sujet, accordé (« Pénalités de retard non calculées »).
    """
    periode = periode_non_calculee(detail)
    if periode is None:
        return "", ""
    du, au = periode
    if courus == 0 and not detail.lignes:
        return (f"{non_calcules} du {fmt(du)} au {fmt(au)} : taux inconnu, le dernier taux publié n'est pas reconduit "
                "(montant à compléter quand le taux sera connu, ou avec un taux fourni).", "")
    return "", f" Période non calculée : du {fmt(du)} au {fmt(au)} (taux inconnu)."


def _computed(d: Decompte, basis: str, assumptions: list[str]) -> Computed | None:
    if not d.detail.lignes and not d.detail.periodes_non_calculees:
        return None
    return Computed(d.total, basis=basis, details=d.detail, assumptions=assumptions, warnings=d.avertissements,
                    citations=d.citations)


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

    return _memo(derivation, dossier, as_of, ("principal", imputation), calcul)
