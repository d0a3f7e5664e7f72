"""Le décompte de la créance : un montant réclamable, calculé une fois, avec ses lignes.

CPC 1407 demande, pour une injonction de payer, « le montant de la somme réclamée avec le décompte des
différents éléments de la créance » : c'est ce que calcule :func:`calculer_decompte`, et tout ce qui
porte un montant le lit — le constat ``decompte_creance``, le bloc ``amounts`` de l'évaluation, le
montant de chaque action qui demande de l'argent, les lettres.

Le décompte, à la date d'évaluation :

- le principal de chaque facture après imputation des paiements : selon le choix du créancier
  (``contrat.imputation_paiements``) — par défaut le paiement solde le principal de la facture qu'il
  atteint (facture désignée, sinon C. civ. 1342-10), les accessoires courus étant réclamés à part ;
  ``interets_d_abord`` : le paiement paie d'abord les intérêts courus (1343-1, ancien 1254) ;
- chaque accessoire : pénalités L441-10 ou intérêts au taux légal (1231-6, 1344-1) par période de taux,
  indemnité forfaitaire de 40 € (D441-5), clause pénale stipulée et encourue (1231-5) ;
- moins la compensation légale que la bibliothèque recommande d'invoquer (1347), traitée comme un
  paiement à sa date d'effet (1347 al. 2 : « à la date où ses conditions se trouvent réunies » ;
  1347-4 : les règles d'imputation des paiements sont transposables) : elle réduit la base des
  pénalités et intérêts à compter de cette date — hypothèse dite dans le décompte.

Quels accessoires courent est qualifié par les règles (rules/decompte.yaml : ``decompte.regime_accessoires``,
``decompte.clause_penale_reclamee``) ; ce module compte, avec les calculateurs de montants_dus.

Références : CPC 1407 ; C. civ. 1231-5, 1231-6, 1342-10, 1343-1, 1344-1, 1347, 1347-4 ; C. com. L441-10,
D441-5 ; C. com. L622-28 (arrêt du cours des intérêts, via ``arret_des_accessoires``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from .._base.formatting import euros, fmt
from ..law.montants.cours import journalier
from ..models.assessment import AutreLecture, LigneDecompte
from .calculators import Computed, Context, calculator, coded_warning
from .derive import Derivation, declare_fact, provider
from ..models.dossier import Dossier
from .vocabulary import FactType
from . import montants_dus as md

ZERO = Decimal("0.00")
_QUALIFIED = ("terme_suppletif_jours",)
_CACHE = "_decompte_creance"

PRINCIPAL = "principal"
PENALITES = "penalites_l441_10"
INTERETS = "interets_moratoires"
INDEMNITE = "indemnite_forfaitaire"
CLAUSE_PENALE = "clause_penale"
ACCESSOIRES_PAYES = "accessoires_payes"
COMPENSATION = "compensation"

# Lines other institutions add to every décompte (e.g. the sums due under a title), each with its own nature:
# ``fn(dossier, as_of, derivation, arret_des_accessoires) -> list[LigneDecompte]``. A line naming an invoice is kept
# when the décompte is restricted to that invoice; a line naming none only in the whole décompte. The accessories
# of an invoice a title replaces are stopped with ``montants_dus.arret_des_accessoires_par_facture``.
LIGNES_SUPPLEMENTAIRES: list[Callable[[Dossier, date, Derivation, date | None], list[LigneDecompte]]] = []


# Invoices another institution replaces (e.g. a title covering them, CPCE L111-3): ``fn(dossier, as_of, derivation)
# -> invoice numbers``. Their principal and accessories leave the décompte, which carries the replacing claim's own
# lines (facture None) instead; their accessories also stop in the findings (``arret_des_accessoires_par_facture``).
FACTURES_REMPLACEES: list[Callable[[Dossier, date, Derivation], Collection[str]]] = []


def factures_remplacees(fn: Callable[[Dossier, date, Derivation], Collection[str]]):
    """Register ``fn``, naming the invoices whose claim another (a title) has replaced."""
    FACTURES_REMPLACEES.append(fn)
    return fn


# Invoices whose claim may not be asked of the debtor now, with the reason (a French sentence naming the finding):
# ``fn(dossier, as_of, derivation) -> {numero: motif}``. Registered by the institutions that forbid it — prescription
# acquired (C. civ. 2219), collective proceedings (C. com. L622-7, L622-21, L643-11). Read only in the consequence
# phase (calculators), once every qualified fact is known; the décompte itself stays whole (what is owed), its
# ``partie_reclamable`` is what a money action or a letter may ask for.
FACTURES_NON_RECLAMABLES: list[Callable[[Dossier, date, Derivation], dict[str, str]]] = []


def factures_non_reclamables(fn: Callable[[Dossier, date, Derivation], dict[str, str]]):
    """Register ``fn``, naming the invoices that may not be claimed from the debtor now and why."""
    FACTURES_NON_RECLAMABLES.append(fn)
    return fn


def lignes_supplementaires(fn: Callable[[Dossier, date, Derivation, date | None], list[LigneDecompte]]):
    """Register ``fn``, which adds its lines to every décompte."""
    LIGNES_SUPPLEMENTAIRES.append(fn)
    return fn


_LECTURES = {
    md.PRINCIPAL_D_ABORD: "paiements imputés sur le principal, accessoires réclamés à part",
    md.INTERETS_D_ABORD: "paiements imputés d'abord sur les pénalités ou intérêts courus (C. civ. 1343-1)",
}

# ----------------------------------------------------------------------------------------- facts

declare_fact("decompte.regime_accessoires", FactType.enum,
             "accessoires du retard qui courent : pénalités L441-10 (entre professionnels) ou intérêts au taux légal",
             choices=("penalites_l441_10", "interets_legaux"), origin="qualification")
declare_fact("decompte.clause_penale_reclamee", FactType.bool,
             "la clause pénale stipulée est encourue (débiteur mis en demeure) et réclamée au décompte",
             origin="qualification")
declare_fact("decompte.montant_reclamable", FactType.money,
             "créance réclamable à la date d'évaluation, avant compensation : principal après imputation et "
             "accessoires (pénalités ou intérêts, indemnités, clause pénale)", depends_on=_QUALIFIED)
declare_fact("decompte.montant_reclame", FactType.money,
             "montant réclamé : créance réclamable moins la compensation à invoquer", depends_on=_QUALIFIED)
declare_fact("decompte.principal_et_interets", FactType.money,
             "principal après imputation et intérêts ou pénalités de retard courus, nets de ce que les paiements en "
             "ont payé (sans indemnité forfaitaire ni clause pénale) : l'assiette du plafond des petites créances, "
             "« en principal et intérêts » (CPCE R125-1)", depends_on=_QUALIFIED)
declare_fact("decompte.accessoires_reclamables", FactType.money,
             "accessoires réclamables (pénalités ou intérêts, indemnités, clause pénale)", depends_on=_QUALIFIED)
declare_fact("decompte.premiere_exigibilite", FactType.date,
             "plus ancienne date d'exigibilité d'une facture dont quelque chose reste réclamable (principal ou "
             "accessoires)", depends_on=_QUALIFIED)
declare_fact("decompte.autre_lecture_differe", FactType.bool,
             "l'autre lecture de l'imputation des paiements (C. civ. 1343-1) donne un autre montant",
             depends_on=_QUALIFIED)


# ----------------------------------------------------------------------------------------- the result


class DecompteCreance(BaseModel):
    """The claim as of a date, line by line.

    ``lignes`` sum to ``total_apres_compensation``; without the ``compensation`` lines, to ``total``.
    ``principal``: after imputation of the payments, before set-off. ``accessoires``: penalties or
    interest, indemnities, penalty clause, net of what payments already paid of them. ``montant_reclame``
    is what a money action carries (``total_apres_compensation``).
    """

    model_config = ConfigDict(frozen=True)

    as_of: date
    arret_des_accessoires: date | None = None
    factures: list[str]
    imputation: str
    lignes: list[LigneDecompte]
    principal: Decimal
    penalites: Decimal = ZERO
    interets: Decimal = ZERO
    indemnites: Decimal = ZERO
    clause_penale: Decimal = ZERO
    autres: Decimal = ZERO
    accessoires: Decimal
    compensation: Decimal = ZERO
    date_compensation: date | None = None
    total: Decimal
    total_apres_compensation: Decimal
    montant_reclame: Decimal
    premiere_exigibilite: date | None = None
    hypotheses: list[str] = []
    avertissements: list[str] = []
    citations: list[str] = []
    autre_lecture: AutreLecture | None = None
    # The lines still running at ``as_of`` (nature, base, taux, jours): penalties or interest accruing day by
    # day at a constant rate until the next cut (rate period, payment), zero-amount ones included.
    courantes: list[tuple[str, Decimal, Decimal, int]] = []
    # When the other reading of C. civ. 1343-1 was computed: its claimed amount, principal and running lines.
    cours_autre_lecture: tuple[Decimal, Decimal, list[tuple[str, Decimal, Decimal, int]]] | None = None

    @property
    def interets_journaliers(self) -> Decimal:
        """What the running accessories add per day at ``as_of`` (« sauf à parfaire »), to the cent."""
        return journalier(self.courantes)
    # Filled on the whole décompte read by the consequence phase (`decompte_creance`): the invoices that may not be
    # claimed from the debtor now and why, and the décompte of the rest (None when nothing is excluded).
    non_reclamables: dict[str, str] = {}
    partie_reclamable: "DecompteCreance | None" = None

    @property
    def montant_reclamable_maintenant(self) -> Decimal:
        """What a money action or a letter may ask of the debtor now (the whole claim when nothing is excluded)."""
        if not self.non_reclamables:
            return self.montant_reclame
        return self.partie_reclamable.montant_reclame if self.partie_reclamable is not None else ZERO

    def part(self, nom: str) -> Decimal:
        """A named part: total / reclame (after set-off), avant_compensation, principal, accessoires,
        penalites_et_indemnites, interets, compensation."""
        parts = {
            "reclame": self.montant_reclame, "total": self.montant_reclame, "avant_compensation": self.total,
            "principal": self.principal, "accessoires": self.accessoires,
            "penalites_et_indemnites": self.penalites + self.indemnites, "interets": self.interets,
            "compensation": self.compensation, "reclamable": self.montant_reclamable_maintenant,
            "entier": self.montant_reclame,
        }
        if nom not in parts:
            raise ValueError(f"part du décompte : « {nom} » inconnue ({', '.join(parts)})")
        return parts[nom]


# ----------------------------------------------------------------------------------------- computing


def calculer_decompte(
    dossier: Dossier,
    as_of: date,
    *,
    factures: Collection[str] | None = None,
    arret_des_accessoires: date | None = None,
    derivation: Derivation | None = None,
    imputation: str | None = None,
) -> DecompteCreance:
    """The claimable amount of ``dossier`` as of ``as_of``, with its lines, computed once per evaluation.

    ``factures``: only these invoice numbers (a guarantor's covered invoices, the pre-opening claims to
    declare) — payments and set-off are still imputed across the whole dossier first (C. civ. 1342-10).
    ``arret_des_accessoires``: the last day penalties and interest run (e.g. the eve of an opening
    judgment, C. com. L622-28); the 40 € indemnity is then due only for invoices due before it.
    ``derivation``: the evaluation's derived facts (pass ``ctx.derivation`` from a calculator); without it,
    the facts are derived here. ``imputation``: a reading of C. civ. 1343-1 other than the contract's.
    """
    if derivation is None:
        derivation = _derivation(dossier, as_of)
    if factures is not None:
        inconnues = sorted(set(factures) - {f.numero for f in dossier.factures})
        if inconnues:
            raise ValueError(f"factures : numéro(s) inconnu(s) au dossier : {', '.join(inconnues)}")
    lecture = imputation or md.lecture_imputation(dossier)
    if lecture not in _LECTURES:
        raise ValueError(f"imputation : « {lecture} » inconnue (principal_d_abord, interets_d_abord)")
    cle = (frozenset(factures) if factures is not None else None, arret_des_accessoires, lecture,
           *_lu_pendant_les_fournisseurs(dossier, as_of, derivation, factures))
    cache = vars(derivation).setdefault(_CACHE, {})
    if cle not in cache:
        cache[cle] = _avec_autre_lecture(dossier, as_of, derivation, factures, arret_des_accessoires, lecture)
    return cache[cle]


def _lu_pendant_les_fournisseurs(dossier: Dossier, as_of: date, derivation: Derivation,
                                 factures: Collection[str] | None) -> tuple[Any, ...]:
    """What a décompte reads that may change while the qualified providers run, for the cache key.

    Everything else it reads is settled before them (dossier, date, base and qualification facts, invoices). The
    décompte is first computed by its own provider, then read again by the calculators: it is reused exactly when
    these are unchanged —
    - the per-invoice stops: the prescription analysis, a later provider, stops a time-barred invoice's accessories
      (usually nothing, and then one computation serves the whole evaluation);
    - the day the debtor was put on notice when a penalty clause is claimed: under a clause of demeure by
      exigibility it may read ``decompte.premiere_exigibilite``, which the décompte's own provider sets.
    """
    arrets = md.cle_des_arrets(dossier, as_of, derivation)
    facts = derivation.facts
    clause = facts.get("decompte.clause_penale_reclamee") and dossier.contrat.clause_penale and factures is None
    return arrets, (_demeure(facts) if clause else None)


def avec_partie_reclamable(dossier: Dossier, as_of: date, derivation: Derivation | None = None) -> DecompteCreance:
    """The whole décompte, with the invoices that may not be claimed from the debtor now (and why) and the
    décompte of the others: what every money action and letter asks for.

    Read in the consequence phase only (the registered institutions read qualified facts). Références : C. civ.
    2219 (prescription) ; C. com. L622-7, L622-21 I (arrêt des poursuites des créances antérieures ; non des
    créances postérieures privilégiées de L622-17 I), L643-11 (clôture) ; CPC 1407 (le décompte de ce qui est
    réclamé).
    """
    if derivation is None:
        derivation = _derivation(dossier, as_of)
    d = calculer_decompte(dossier, as_of, derivation=derivation)
    cache = vars(derivation).setdefault(_CACHE + "_reclamable", {})
    source, reclamable = cache.get(d.imputation, (None, None))
    if source is d:  # kept with the décompte it completes: a décompte computed again is completed again
        return reclamable
    entier = d
    exclues: dict[str, str] = {}
    for fn in FACTURES_NON_RECLAMABLES:
        for numero, motif in fn(dossier, as_of, derivation).items():
            exclues.setdefault(numero, motif)
    exclues = {n: exclues[n] for n in d.factures if n in exclues}  # the décompte's own order
    if exclues:
        gardees = [n for n in d.factures if n not in exclues]
        partie = calculer_decompte(dossier, as_of, factures=gardees, derivation=derivation) if gardees else None
        d = d.model_copy(update={"non_reclamables": exclues, "partie_reclamable": partie})
    cache[d.imputation] = (entier, d)
    return d


def _avec_autre_lecture(dossier: Dossier, as_of: date, derivation: Derivation, factures: Collection[str] | None,
                        arret: date | None, lecture: str) -> DecompteCreance:
    d, brut = _construire(dossier, as_of, derivation, factures, arret, lecture)
    if not dossier.paiements and not d.compensation:
        return d  # nothing to impute: both readings give the same figure
    if not _accessoires_courus_a_une_imputation(dossier, as_of, brut):
        return d  # each payment came before any accessory had run: 1343-1 has nothing to pay first
    autre = next(x for x in _LECTURES if x != lecture)
    o, _ = _construire(dossier, as_of, derivation, factures, arret, autre)
    # How the other reading's figure moves (its own running lines): whether it differs may change any day.
    d = d.model_copy(update={"cours_autre_lecture": (o.total_apres_compensation, o.principal, o.courantes)})
    if o.total_apres_compensation == d.total_apres_compensation and o.principal == d.principal:
        return d
    message = (f"Autre lecture de l'imputation des paiements — {_LECTURES[autre]} : "
               f"{euros(o.total_apres_compensation)} réclamables (dont {euros(o.principal)} de principal), au lieu "
               f"de {euros(d.total_apres_compensation)} (dont {euros(d.principal)} de principal) selon la lecture "
               f"retenue — {_LECTURES[lecture]}.")
    return d.model_copy(update={"autre_lecture": AutreLecture(
        imputation=autre, principal=o.principal, accessoires=o.accessoires, total=o.total,
        total_apres_compensation=o.total_apres_compensation, message=message)})


def _accessoires_courus_a_une_imputation(dossier: Dossier, as_of: date, brut: md.Decompte) -> bool:
    """Had penalties or interest run (a non-zero line) by the date of some payment or set-off?

    The two readings of C. civ. 1343-1 differ only in what a payment pays first when accessories have run
    and are unpaid: both impute alike, day after day, until the first payment made when something has run
    (no line of the dossier's décompte begins on or before it). Without such a payment, the other reading
    gives the same figures (the differential test checks it by computing both)."""
    premier_jour = min((ligne["du"] for ligne in brut.detail.lignes if ligne["montant"] != 0), default=None)
    if premier_jour is None:
        return False
    dates = [p.date for p in dossier.paiements if p.date <= as_of]
    dates += [i["date"] for i in brut.detail.imputation]
    return any(jour >= premier_jour for jour in dates)


def _construire(dossier: Dossier, as_of: date, derivation: Derivation, factures: Collection[str] | None,
                arret: date | None, lecture: str) -> tuple[DecompteCreance, md.Decompte]:
    facts = derivation.facts
    regime = facts.get("decompte.regime_accessoires")
    procedure = bool(facts.get("procedure_collective_ouverte"))
    hypotheses: list[str] = []
    ouverture = facts.get("date_ouverture_procedure_collective")
    arret_des_titres = arret
    if procedure and arret is None and ouverture is not None:
        # L622-28 : le jugement d'ouverture arrête le cours des intérêts et majorations des créances nées avant
        # lui ; ce qui a couru jusqu'à la veille reste dû (et se déclare). Facture par facture (arrêt enregistré
        # par procedure_collective) : celles nées après le jugement (L622-17) courent normalement.
        arret_des_titres = ouverture - timedelta(days=1)
        hypotheses.append(
            "Procédure collective ouverte : pénalités et intérêts des créances nées avant le jugement d'ouverture "
            "(fait générateur au plus tard le jour du jugement) arrêtés à la veille (C. com. L622-28), de même "
            "que ceux des titres ; ceux des créances nées après le jugement courent à leur échéance (L622-17)."
        )
    courent = regime is not None and (not procedure or arret is not None or ouverture is not None)
    avertissements: list[str] = []
    citations: list[str] = []
    brut: md.Decompte | None = None
    nature = None
    if courent and regime == "penalites_l441_10":
        nature = PENALITES
        brut = md.penalites_du_dossier(dossier, as_of, derivation, taux_contractuel=facts.get("contrat.taux_penalites_applique",
                                                                                 facts.get("contrat.taux_penalites")),
                                       date_contrat=facts.get("date_conclusion_contrat"), imputation=lecture, fin=arret)
    elif courent and regime == "interets_legaux" and facts.get("montants.categorie_taux_legal"):
        nature = INTERETS
        brut, _, _ = md.interets_du_dossier(
            dossier, as_of, derivation, categorie=facts["montants.categorie_taux_legal"],
            date_contrat=facts.get("date_conclusion_contrat"), majoration=facts.get("montants.majoration_l313_3"),
            date_titre=facts.get("date_titre_executoire"),
            par_exigibilite=facts.get("contrat.clause_demeure_par_exigibilite"), imputation=lecture, fin=arret)
    if brut is None:
        brut = md.principal_du_dossier(dossier, as_of, derivation, imputation=lecture)
    else:
        hypotheses += brut.detail.hypotheses
        avertissements += brut.avertissements
        citations += brut.citations

    remplacees = {ref for fn in FACTURES_REMPLACEES for ref in fn(dossier, as_of, derivation)}
    garder = (lambda ref: ref not in remplacees and (factures is None or ref in factures))
    etats = {s.facture.numero: s for s in derivation.invoices}
    lignes: list[LigneDecompte] = []
    courantes: list[tuple[str, Decimal, Decimal, int]] = []
    imputations = brut.detail.imputation
    compense_principal: dict[str, Decimal] = {}
    compense_accessoires: dict[str, Decimal] = {}
    paye_principal: dict[str, Decimal] = {}
    dates_compensation: list[date] = []
    for i in imputations:
        if i.get("compensation"):
            compense_principal[i["facture"]] = compense_principal.get(i["facture"], ZERO) + i["au_principal"]
            compense_accessoires[i["facture"]] = compense_accessoires.get(i["facture"], ZERO) + i["aux_interets"]
            dates_compensation.append(i["date"])
        else:
            paye_principal[i["facture"]] = paye_principal.get(i["facture"], ZERO) + i["au_principal"]
    accessoires_par_facture = {f["facture"]: f for f in brut.detail.factures}

    # 1. Principal, facture par facture (avant compensation).
    non_echues: list[str] = []
    for numero, s in etats.items():
        if not garder(numero):
            continue
        f = s.facture
        principal = f.montant_ttc - paye_principal.get(numero, ZERO)
        principal = max(principal, ZERO)
        if principal <= 0:
            continue
        if s.date_exigibilite > as_of:
            non_echues.append(numero)
            hypotheses.append(f"Facture {numero} exigible le {fmt(s.date_exigibilite)}, après la date du décompte : "
                              f"son principal ({euros(principal)}) n'est pas encore réclamable et n'y figure pas.")
            continue
        retard = "en retard" if s.date_exigibilite < as_of else "exigible ce jour"
        if md.hors_l441_10(f):  # un prêt, des loyers : ni « facture » ni « TTC »
            libelle = (f"{md.designation(f)}, exigible le {fmt(s.date_exigibilite)} ({retard}) : "
                       f"{'capital' if f.nature.value == 'pret' else 'montant'} restant dû sur {euros(f.montant_ttc)}")
        else:
            libelle = (f"Facture {numero} du {fmt(f.date_emission)}, exigible le {fmt(s.date_exigibilite)} (facture "
                       f"{retard}) : principal restant dû sur {euros(f.montant_ttc)} TTC")
        lignes.append(LigneDecompte(
            nature=PRINCIPAL, facture=numero, montant=principal, citations=["c_civ_1342_10"] if paye_principal.get(numero) else [],
            libelle=libelle))

    # 2. Pénalités ou intérêts, période par période ; ce que les paiements en ont déjà payé.
    if nature is not None:
        libelle_acc = "Pénalités de retard (C. com. L441-10 II)" if nature == PENALITES else \
            "Intérêts moratoires au taux légal (C. civ. 1231-6, 1344-1)" if md.taux_conventionnel_de_retard(dossier) is None \
            else "Intérêts de retard au taux convenu au contrat, depuis la mise en demeure (C. civ. 1231-6, 1344-1)"
        cite_acc = ["c_com_l441_10"] if nature == PENALITES else ["c_civ_1231_6", "c_civ_1344_1"]
        for ligne in brut.detail.lignes:
            if garder(ligne["facture"]) and ligne["au"] == as_of and arret is None:
                courantes.append((nature, ligne["base"], ligne["taux"], ligne["jours"]))
            if not garder(ligne["facture"]) or ligne["montant"] == 0:
                continue
            lignes.append(LigneDecompte(
                nature=nature, facture=ligne["facture"], du=ligne["du"], au=ligne["au"], jours=ligne["jours"],
                taux=ligne["taux"], base=ligne["base"], montant=ligne["montant"], citations=cite_acc,
                libelle=f"{libelle_acc}, {_designation(etats, ligne['facture'])}, du {fmt(ligne['du'])} au {fmt(ligne['au'])} : "
                        f"{ligne['jours']} j × {md.fmt_taux(ligne['taux'])} sur {euros(ligne['base'])}"))
        for numero, f in accessoires_par_facture.items():
            if garder(numero) and f["paye"] > 0:
                article = "C. civ. 1343-1" if lecture == md.INTERETS_D_ABORD else "paiement excédant le principal"
                lignes.append(LigneDecompte(
                    nature=ACCESSOIRES_PAYES, facture=numero, montant=-f["paye"],
                    citations=["c_civ_1343_1"] if lecture == md.INTERETS_D_ABORD else [],
                    libelle=f"{_designation(etats, numero).capitalize()} : {'pénalités' if nature == PENALITES else 'intérêts'} déjà payés par "
                            f"imputation des paiements ({article})"))

    # 3. Indemnité forfaitaire de 40 € (entre professionnels).
    if courent and regime == "penalites_l441_10":
        r = md.indemnites_du_dossier(dossier, as_of, derivation, fin=arret)
        for fi in r.factures:
            if fi.due and garder(fi.ref):
                payee = etats[fi.ref].reste_du <= 0
                lignes.append(LigneDecompte(
                    nature=INDEMNITE, facture=fi.ref, montant=fi.montant,
                    citations=["c_com_l441_10", "c_com_d441_5", "cjue_2023_05_04_c_78_22"],
                    libelle=f"Indemnité forfaitaire pour frais de recouvrement, facture {fi.ref} "
                            f"({'payée en retard' if payee else 'en retard'}) (C. com. L441-10 II, D441-5)"))
        hypotheses += [h for h in r.hypotheses if h not in hypotheses]

    # 4. Clause pénale stipulée et encourue.
    clause = dossier.contrat.clause_penale
    if facts.get("decompte.clause_penale_reclamee") and clause and factures is None:
        encourue = _demeure(facts)
        if encourue is not None and (arret is None or encourue <= arret):
            ancien = facts.get("date_conclusion_contrat") is not None and facts["date_conclusion_contrat"] < date(2016, 10, 1)
            lignes.append(LigneDecompte(
                nature=CLAUSE_PENALE, montant=clause, du=encourue,
                citations=["c_civ_1152_ancien"] if ancien else ["c_civ_1231_5"],
                libelle=f"Clause pénale stipulée au contrat, encourue depuis la mise en demeure du {fmt(encourue)} "
                        f"(C. civ. {'anciens art. 1152 et 1230' if ancien else 'art. 1231-5'})"))
            hypotheses.append(
                "Clause pénale réclamée pour son montant stipulé : le juge peut, même d'office, la modérer si elle "
                "est manifestement excessive ou la diminuer à proportion de l'exécution partielle (C. civ. 1231-5).")

    # 5. Lignes d'autres institutions (sommes dues au titre d'un jugement…).
    for fn in LIGNES_SUPPLEMENTAIRES:
        for ligne in fn(dossier, as_of, derivation, arret_des_titres):
            if ligne.facture is None:
                keep = factures is None or bool(set(ligne.factures_couvertes) & set(factures))
            else:
                keep = garder(ligne.facture)
            if keep:
                lignes.append(ligne)
                if ligne.au == as_of and ligne.jours is not None and ligne.taux is not None and ligne.base is not None:
                    courantes.append((ligne.nature, ligne.base, ligne.taux, ligne.jours))
                citations += [c for c in ligne.citations if c not in citations]

    # 6. Compensation à invoquer.
    date_compensation = min(dates_compensation) if dates_compensation else None
    for numero in etats:
        montant = compense_principal.get(numero, ZERO) + compense_accessoires.get(numero, ZERO)
        if garder(numero) and montant > 0:
            dates = sorted({i["date"] for i in imputations if i.get("compensation") and i["facture"] == numero})
            lignes.append(LigneDecompte(
                nature=COMPENSATION, facture=numero, montant=-montant, du=dates[0],
                citations=["c_civ_1347", "c_civ_1347_1", "c_civ_1347_4"],
                libelle=f"Compensation légale à invoquer avec les dettes du créancier, facture {numero}, effet au "
                        f"{fmt(dates[0])} (C. civ. 1347 al. 2)"))
    if date_compensation is not None:
        hypotheses.append(
            f"Compensation légale supposée invoquée (C. civ. 1347 al. 2, recommandé par la bibliothèque) : elle "
            f"produit ses effets à la date où ses conditions sont réunies (à partir du {fmt(date_compensation)}) ; "
            "elle s'impute comme un paiement (C. civ. 1347-4) et réduit la base des pénalités ou intérêts à compter "
            "de cette date. Tant qu'elle n'est pas invoquée, le solde après compensation n'est qu'une projection.")
        citations += ["c_civ_1347", "c_civ_1347_4"]

    def somme(*natures: str) -> Decimal:
        return sum((ligne.montant for ligne in lignes if ligne.nature in natures), ZERO)

    principal = somme(PRINCIPAL)
    compensation = -somme(COMPENSATION)
    total = sum((ligne.montant for ligne in lignes if ligne.nature != COMPENSATION), ZERO)
    accessoires = total - principal
    apres = total - compensation
    autres = accessoires - somme(PENALITES, INTERETS, ACCESSOIRES_PAYES, INDEMNITE, CLAUSE_PENALE)
    # First due date of an invoice with something still due: claimable lines, or a principal not yet due.
    reclamables = {ligne.facture for ligne in lignes if ligne.nature != COMPENSATION and ligne.facture and ligne.montant > 0}
    reclamables |= set(non_echues)
    if remplacees and sum((ligne.montant for ligne in lignes if ligne.facture is None and ligne.nature not in
                           (COMPENSATION, CLAUSE_PENALE)), ZERO) > 0:
        # The replacing claim (a title) is still unpaid: the invoices it replaced date its exigibility.
        reclamables |= {n for n in remplacees if n in etats and (factures is None or n in factures)}
    premiere = min((etats[n].date_exigibilite for n in reclamables), default=None)
    penalites = somme(PENALITES) + (somme(ACCESSOIRES_PAYES) if nature == PENALITES else ZERO)
    interets = somme(INTERETS) + (somme(ACCESSOIRES_PAYES) if nature == INTERETS else ZERO)
    if brut.detail.imputation:
        citations.append("c_civ_1342_10")
    return DecompteCreance(
        as_of=as_of, arret_des_accessoires=arret,
        factures=[n for n in etats if garder(n)], imputation=lecture, lignes=lignes,
        principal=principal, penalites=penalites, interets=interets, indemnites=somme(INDEMNITE),
        clause_penale=somme(CLAUSE_PENALE), autres=autres, accessoires=accessoires, compensation=compensation,
        date_compensation=date_compensation, total=total, total_apres_compensation=apres, montant_reclame=apres,
        premiere_exigibilite=premiere, hypotheses=list(dict.fromkeys(hypotheses)),
        avertissements=list(dict.fromkeys(avertissements)), citations=list(dict.fromkeys(citations)),
        courantes=courantes,
    ), brut


def _designation(etats: dict[str, Any], numero: str) -> str:
    """« facture F1 », « prêt P1 », « loyers L1 » (minuscule, dans une phrase)."""
    s = etats.get(numero)
    if s is None:
        return f"facture {numero}"
    mot, _, reste = md.designation(s.facture).partition(" ")
    return f"{mot.lower()} {reste}"


def _demeure(facts: dict[str, Any]) -> date | None:
    """The day the debtor was put on notice: the first act, or the first due date under a clause of demeure by
    exigibility (rules/demeure.yaml draws the finding from the same facts)."""
    if facts.get("contrat.clause_demeure_par_exigibilite"):
        return facts.get("date_premiere_exigibilite_impayee") or facts.get("decompte.premiere_exigibilite")
    dates = [facts.get(k) for k in ("date_premiere_sommation", "date_premiere_mise_en_demeure",
                                    "date_premiere_demande_en_justice")]
    dates = [d for d in dates if d is not None]
    return min(dates) if dates else None


# How to derive a dossier's facts as an evaluation does before its consequence phase (which needs the rule
# base's qualification phase, a layer above this one): set by the evaluation layer when it is imported.
_DERIVER: Callable[[Dossier, date], Derivation] | None = None


def set_deriver(deriver: Callable[[Dossier, date], Derivation]) -> None:
    """Called once by the evaluation layer: `calculer_decompte` without ``derivation`` derives through it."""
    global _DERIVER
    _DERIVER = deriver


def _derivation(dossier: Dossier, as_of: date) -> Derivation:
    """The derived facts of ``dossier`` as an evaluation computes them before its consequence phase."""
    if _DERIVER is None:  # pragma: no cover - importing the package imports the evaluation layer
        raise RuntimeError("calculer_decompte sans derivation : importer creances_rules (couche évaluation)")
    return _DERIVER(dossier, as_of)


# ----------------------------------------------------------------------------------------- provider


@provider("qualified")
def _faits_du_decompte(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    d = calculer_decompte(dossier, as_of, derivation=derivation)
    if facts.get("decompte.premiere_exigibilite") != d.premiere_exigibilite:
        # Under a clause of demeure by exigibility with nothing left unpaid, the penalty clause runs from this first
        # due date, which only the décompte knows: set, then read again (the cached décompte when it changes
        # nothing), so these facts are the figures the amounts block and every money action show.
        facts["decompte.premiere_exigibilite"] = d.premiere_exigibilite
        d = calculer_decompte(dossier, as_of, derivation=derivation)
    facts["decompte.montant_reclamable"] = d.total
    facts["decompte.montant_reclame"] = d.montant_reclame
    facts["decompte.accessoires_reclamables"] = d.accessoires
    facts["decompte.principal_et_interets"] = d.principal + d.penalites + d.interets
    facts["decompte.premiere_exigibilite"] = d.premiere_exigibilite
    facts["decompte.autre_lecture_differe"] = d.autre_lecture is not None


# ----------------------------------------------------------------------------------------- calculators


@calculator("decompte_creance")
def decompte_creance(ctx: Context) -> Computed | None:
    """Le montant réclamable à la date d'évaluation, avec son décompte ligne par ligne (CPC 1407)."""
    d = avec_partie_reclamable(ctx.dossier, ctx.as_of, ctx.derivation)
    if d.total <= 0:
        return None
    basis = (f"Principal après imputation {euros(d.principal)} + accessoires {euros(d.accessoires)} = "
             f"{euros(d.total)}")
    if d.compensation:
        basis += f" ; moins la compensation à invoquer {euros(d.compensation)} = {euros(d.total_apres_compensation)}"
    basis += f" (imputation : {_LECTURES[d.imputation]})."
    if d.non_reclamables:
        basis += (f" Réclamable au débiteur maintenant : {euros(d.montant_reclamable_maintenant)} — "
                  + " ; ".join(f"facture {n} exclue : {motif}" for n, motif in d.non_reclamables.items()) + ".")
    warnings = []
    if d.autre_lecture is not None:
        warnings.append(coded_warning("imputation_autre_lecture", d.autre_lecture.message))
    # The accessories' own warnings (rates beyond the tables…) come with their findings, coded: not repeated here.
    return Computed(d.montant_reclame, basis=basis, details=d, assumptions=list(d.hypotheses),
                    warnings=warnings, citations=list(d.citations))


_PARTS = {
    "reclame": "montant réclamé selon le décompte (principal après imputation et accessoires, moins la compensation "
               "à invoquer)",
    "total": "montant réclamé selon le décompte (principal après imputation et accessoires, moins la compensation "
             "à invoquer)",
    "avant_compensation": "créance selon le décompte, avant compensation",
    "principal": "principal restant dû selon le décompte (part du décompte)",
    "accessoires": "accessoires du décompte (pénalités ou intérêts, indemnités, clause pénale), part du décompte",
    "penalites_et_indemnites": "pénalités de retard et indemnités forfaitaires du décompte (part du décompte)",
    "interets": "intérêts moratoires du décompte (part du décompte)",
    "compensation": "compensation légale à invoquer (part du décompte qu'elle éteint)",
    "reclamable": "part du décompte réclamable au débiteur maintenant",
    "entier": "décompte entier, y compris les factures non réclamables maintenant (prix de la restitution d'un bien "
              "retenu, créance à déclarer)",
}


@calculator("montant_decompte")
def montant_decompte(ctx: Context, part: str = "reclame") -> Computed | None:
    """Un montant d'action lu dans le décompte : le montant réclamé, ou la part nommée (``part``)."""
    if part not in _PARTS:
        raise ValueError(f"montant_decompte : part « {part} » inconnue ({', '.join(_PARTS)})")
    d = avec_partie_reclamable(ctx.dossier, ctx.as_of, ctx.derivation)
    if part in ("reclame", "total") and d.non_reclamables:
        # An action asking for money asks only for what may be claimed now (prescribed invoices and claims
        # stayed by a collective proceeding left out), and its basis names that part.
        part = "reclamable"
    exclues = ""
    if part == "penalites_et_indemnites" and d.non_reclamables:
        # Asked of the debtor too: only the penalties and indemnities of the invoices that may be claimed now (a
        # time-barred invoice's accessories are as barred as its principal, C. civ. 2219 ; a stayed claim's too).
        d_reclamable = d.partie_reclamable
        value = d_reclamable.part(part) if d_reclamable is not None else ZERO
        exclues = " (" + " ; ".join(f"facture {n} exclue : {motif}" for n, motif in d.non_reclamables.items()) + ")"
    else:
        value = d.part(part)
    if value <= 0:
        return None
    basis = f"{euros(value)} : {_PARTS[part]}{exclues}"
    if part == "reclamable":
        basis += (" (" + " ; ".join(f"facture {n} exclue : {motif}" for n, motif in d.non_reclamables.items())
                  + f") ; décompte entier : {euros(d.montant_reclame)}.")
        return Computed(value, basis=basis)
    if part in ("reclame", "total"):
        basis += (f" — {euros(d.principal)} de principal + {euros(d.accessoires)} d'accessoires"
                  + (f" − {euros(d.compensation)} de compensation" if d.compensation else "") + ".")
    else:
        basis += f" ; montant réclamé au total : {euros(d.montant_reclame)}."
    return Computed(value, basis=basis)



DecompteCreance.model_rebuild()
