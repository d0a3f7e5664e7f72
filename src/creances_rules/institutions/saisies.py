"""Mesures d'exécution forcée : faits et calculs de délais (saisie-attribution, saisie des rémunérations,
saisie-vente).

Ce module ne qualifie rien : il lit les événements du dossier (troisième vague de SPEC §1) et calcule les
dates limites avec `fin_de_delai` (CPC 640 à 642) ; les durées (huit jours, un mois, trois mois, deux ans)
sont fixées par les règles de qualification de ``rules/saisie_attribution.yaml``,
``rules/saisie_remunerations.yaml`` et ``rules/saisie_vente.yaml``, avec leurs citations.

Rattachement des événements, expliqué dans chaque règle :

* une mesure est suivie par son dernier acte daté au plus tard à la date d'évaluation (dernière
  saisie-attribution, dernier commandement de chaque saisie) ; la dénonciation, le procès-verbal de
  saisie ou la saisie qui la suivent sont les premiers datés le jour même ou après ;
* une contestation ou une mainlevée qui nomme un tiers vise la mesure pratiquée entre ses mains ; sans
  tiers, elle vise la mesure la plus récente à sa date (toutes saisies confondues).

Références : CPCE, art. R211-3, R211-6, R211-11, L212-2, L212-6, R221-1, R221-5, R221-10 ; CPC, art. 640
à 642 ; C. trav., art. R3252-2, R3252-3, R3252-5.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..law import delais
from ..models.dossier import Dossier, Evenement, TypeEvenement as T
from ..law.saisie_remunerations import baremes_connus, quotite_saisissable
from .calculators import Computed, Context, calculator, coded_warning
from .decompte import montant_decompte
from .derive import Derivation, declare_fact, evenements_du_type as _events, provider
from .vocabulary import FactType

__all__ = ["MESURES_EXECUTION", "MESURES_INDISPONIBILITE", "actes_d_execution"]

# Les actes qui sont des mesures d'exécution forcée (C. civ. 2244) ; les commandements y sont rangés
# (R221-5 : « l'effet interruptif de prescription du commandement demeure »).
MESURES_EXECUTION: frozenset[T] = frozenset({
    T.saisie_attribution, T.commandement_saisie_vente, T.saisie_vente,
    T.commandement_saisie_remunerations, T.saisie_remunerations,
})
# Celles qui rendent indisponibles tout ou partie des biens du débiteur (CPC 1416 al. 2).
MESURES_INDISPONIBILITE: frozenset[T] = frozenset({T.saisie_attribution, T.saisie_vente, T.saisie_remunerations})

_UN_JOUR = timedelta(days=1)

# ----------------------------------------------------------------------------- faits

declare_fact("debiteur.compte_bancaire_connu", FactType.bool,
             "un compte bancaire du débiteur est connu (champ debiteur.compte_bancaire_connu)", origin="dossier")
declare_fact("debiteur.biens_mobiliers_connus", FactType.bool,
             "des biens meubles saisissables du débiteur sont connus (champ debiteur.biens_mobiliers_connus)",
             origin="dossier")
declare_fact("debiteur.remunerations.connue", FactType.bool,
             "la rémunération mensuelle nette du débiteur salarié est connue (champ debiteur.remunerations)")
declare_fact("debiteur.remunerations.montant_mensuel_net", FactType.money,
             "rémunération mensuelle nette du débiteur", origin="dossier")
declare_fact("debiteur.remunerations.personnes_a_charge", FactType.int,
             "personnes à la charge du débiteur (C. trav. R3252-3)", origin="dossier")
declare_fact("bareme_saisie_remunerations.connu", FactType.bool,
             "le barème des saisies des rémunérations (C. trav. R3252-2) de l'année de la date d'évaluation est connu")

declare_fact("saisie_attribution.date", FactType.date, "date de la dernière saisie-attribution (acte signifié au tiers)")
declare_fact("saisie_attribution.montant", FactType.money, "somme saisie entre les mains du tiers, si indiquée")
declare_fact("saisie_attribution.date_denonciation", FactType.date,
             "date de la dénonciation de cette saisie au débiteur (première, le jour même ou après)")
declare_fact("saisie_attribution.date_contestation", FactType.date, "date de la contestation de cette saisie")
declare_fact("saisie_attribution.date_mainlevee", FactType.date, "date de la mainlevée de cette saisie")
declare_fact("delai_denonciation_saisie_jours", FactType.int,
             "délai de dénonciation de la saisie-attribution au débiteur, en jours", origin="qualification")
declare_fact("delai_contestation_saisie_mois", FactType.int,
             "délai de contestation de la saisie-attribution, en mois depuis la dénonciation", origin="qualification")
declare_fact("saisie_attribution.date_limite_denonciation", FactType.date,
             "dernier jour pour dénoncer la saisie-attribution au débiteur", depends_on=("delai_denonciation_saisie_jours",))
declare_fact("saisie_attribution.date_limite_contestation", FactType.date,
             "dernier jour pour contester la saisie-attribution", depends_on=("delai_contestation_saisie_mois",))

declare_fact("saisie_remunerations.date_commandement", FactType.date,
             "date du dernier commandement de payer aux fins de saisie des rémunérations")
declare_fact("saisie_remunerations.date_proces_verbal", FactType.date,
             "date du procès-verbal de saisie signifié à l'employeur après ce commandement")
declare_fact("saisie_remunerations.date_contestation", FactType.date, "date de la contestation de cette saisie")
declare_fact("saisie_remunerations.date_mainlevee", FactType.date, "date de la mainlevée de cette saisie")
declare_fact("delai_commandement_remunerations_mois", FactType.int,
             "délai laissé au débiteur par le commandement avant la saisie des rémunérations, en mois",
             origin="qualification")
declare_fact("delai_proces_verbal_remunerations_mois", FactType.int,
             "délai pour signifier le procès-verbal de saisie à l'employeur, en mois depuis le commandement",
             origin="qualification")
declare_fact("saisie_remunerations.date_debut_proces_verbal", FactType.date,
             "premier jour où le procès-verbal de saisie peut être signifié à l'employeur",
             depends_on=("delai_commandement_remunerations_mois",))
declare_fact("saisie_remunerations.date_limite_proces_verbal", FactType.date,
             "dernier jour pour signifier le procès-verbal de saisie à l'employeur",
             depends_on=("delai_proces_verbal_remunerations_mois",))

declare_fact("saisie_vente.date_commandement", FactType.date, "date du dernier commandement aux fins de saisie-vente")
declare_fact("saisie_vente.date_saisie", FactType.date, "date de la saisie-vente pratiquée après ce commandement")
declare_fact("saisie_vente.date_mainlevee", FactType.date, "date de la mainlevée de cette saisie-vente")
declare_fact("delai_commandement_saisie_vente_jours", FactType.int,
             "délai laissé au débiteur par le commandement avant la saisie-vente, en jours", origin="qualification")
declare_fact("validite_commandement_saisie_vente_ans", FactType.int,
             "durée, en années, au-delà de laquelle un nouveau commandement est nécessaire", origin="qualification")
declare_fact("saisie_vente.date_debut_saisie", FactType.date, "premier jour où la saisie-vente peut commencer",
             depends_on=("delai_commandement_saisie_vente_jours",))
declare_fact("saisie_vente.date_limite", FactType.date,
             "dernier jour pour pratiquer un acte d'exécution sur ce commandement",
             depends_on=("validite_commandement_saisie_vente_ans",))
declare_fact("saisie_vente.commandement_perime", FactType.bool,
             "deux ans se sont écoulés depuis le commandement sans acte d'exécution (nouveau commandement nécessaire)",
             depends_on=("validite_commandement_saisie_vente_ans",))


def actes_d_execution(dossier: Dossier, as_of: date) -> list[Evenement]:
    """The enforcement acts of the dossier up to ``as_of`` (the generic ``acte_execution`` and the measures)."""
    kinds = MESURES_EXECUTION | {T.acte_execution}
    return sorted((e for e in dossier.evenements if e.type in kinds and e.date <= as_of), key=lambda e: e.date)


@dataclass(frozen=True)
class _Mesure:
    kind: str  # saisie_attribution | saisie_remunerations | saisie_vente
    acte: Evenement


def _mesures(dossier: Dossier, as_of: date) -> list[_Mesure]:
    kinds = {T.saisie_attribution: "saisie_attribution", T.commandement_saisie_remunerations: "saisie_remunerations",
             T.saisie_remunerations: "saisie_remunerations", T.commandement_saisie_vente: "saisie_vente",
             T.saisie_vente: "saisie_vente"}
    return [_Mesure(kinds[e.type], e) for e in sorted(dossier.evenements, key=lambda e: e.date)
            if e.type in kinds and e.date <= as_of]


def _vise(incident: Evenement, mesure: _Mesure, mesures: list[_Mesure]) -> bool:
    """Whether a contestation or a mainlevée concerns ``mesure`` (same tiers, else the latest measure)."""
    if incident.date < mesure.acte.date:
        return False
    if incident.tiers and mesure.acte.tiers:
        return incident.tiers.strip().casefold() == mesure.acte.tiers.strip().casefold()
    anterieures = [m for m in mesures if m.acte.date <= incident.date]
    return bool(anterieures) and anterieures[-1].kind == mesure.kind


def _premier_vise(dossier: Dossier, as_of: date, kind: T, mesure: _Mesure | None,
                  mesures: list[_Mesure]) -> date | None:
    if mesure is None:
        return None
    for e in _events(dossier, as_of, kind):
        if _vise(e, mesure, mesures):
            return e.date
    return None


def _premier_apres(events: list[Evenement], depuis: date | None) -> Evenement | None:
    return next((e for e in events if depuis is not None and e.date >= depuis), None)


@provider("base")
def _faits_des_saisies(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    facts = derivation.facts
    d = dossier.debiteur
    facts["debiteur.compte_bancaire_connu"] = d.compte_bancaire_connu
    facts["debiteur.biens_mobiliers_connus"] = d.biens_mobiliers_connus
    r = d.remunerations
    facts["debiteur.remunerations.connue"] = r is not None
    facts["debiteur.remunerations.montant_mensuel_net"] = r.montant_mensuel_net if r else None
    facts["debiteur.remunerations.personnes_a_charge"] = r.personnes_a_charge if r else None
    facts["bareme_saisie_remunerations.connu"] = as_of.year in baremes_connus()
    mesures = _mesures(dossier, as_of)

    def derniere(kind: T) -> _Mesure | None:
        acts = [m for m in mesures if m.acte.type is kind]
        return acts[-1] if acts else None

    sa = derniere(T.saisie_attribution)
    facts["saisie_attribution.date"] = sa.acte.date if sa else None
    facts["saisie_attribution.montant"] = sa.acte.montant if sa else None
    den = _premier_apres(_events(dossier, as_of, T.denonciation_saisie), sa.acte.date if sa else None)
    facts["saisie_attribution.date_denonciation"] = den.date if den else None
    facts["saisie_attribution.date_contestation"] = _premier_vise(dossier, as_of, T.contestation_saisie, sa, mesures)
    facts["saisie_attribution.date_mainlevee"] = _premier_vise(dossier, as_of, T.mainlevee, sa, mesures)

    cr = derniere(T.commandement_saisie_remunerations)
    facts["saisie_remunerations.date_commandement"] = cr.acte.date if cr else None
    pv = _premier_apres(_events(dossier, as_of, T.saisie_remunerations), cr.acte.date if cr else None)
    facts["saisie_remunerations.date_proces_verbal"] = pv.date if pv else None
    suivie = _Mesure("saisie_remunerations", pv) if pv else cr
    facts["saisie_remunerations.date_contestation"] = _premier_vise(dossier, as_of, T.contestation_saisie, cr, mesures)
    facts["saisie_remunerations.date_mainlevee"] = _premier_vise(dossier, as_of, T.mainlevee, suivie, mesures)

    cv = derniere(T.commandement_saisie_vente)
    facts["saisie_vente.date_commandement"] = cv.acte.date if cv else None
    sv = _premier_apres(_events(dossier, as_of, T.saisie_vente), cv.acte.date if cv else None)
    facts["saisie_vente.date_saisie"] = sv.date if sv else None
    facts["saisie_vente.date_mainlevee"] = _premier_vise(
        dossier, as_of, T.mainlevee, _Mesure("saisie_vente", sv) if sv else cv, mesures)


def _fin(depart: date | None, dep: str | None, **duree: int | None) -> date | None:
    if depart is None or not any(duree.values()):
        return None
    return delais.fin_de_delai(depart, departement=dep, **{k: v or 0 for k, v in duree.items()}).date


@provider("qualified")
def _dates_des_saisies(dossier: Dossier, as_of: date, derivation: Derivation) -> None:
    """Deadlines for the durations the qualification rules set (None when unknown)."""
    f = derivation.facts
    dep = dossier.debiteur.departement
    f["saisie_attribution.date_limite_denonciation"] = _fin(
        f.get("saisie_attribution.date"), dep, jours=f.get("delai_denonciation_saisie_jours"))
    f["saisie_attribution.date_limite_contestation"] = _fin(
        f.get("saisie_attribution.date_denonciation"), dep, mois=f.get("delai_contestation_saisie_mois"))
    cmd = f.get("saisie_remunerations.date_commandement")
    fin_mois = _fin(cmd, dep, mois=f.get("delai_commandement_remunerations_mois"))
    f["saisie_remunerations.date_debut_proces_verbal"] = fin_mois + _UN_JOUR if fin_mois else None
    f["saisie_remunerations.date_limite_proces_verbal"] = _fin(
        cmd, dep, mois=f.get("delai_proces_verbal_remunerations_mois"))
    cv = f.get("saisie_vente.date_commandement")
    huit = _fin(cv, dep, jours=f.get("delai_commandement_saisie_vente_jours"))
    f["saisie_vente.date_debut_saisie"] = huit + _UN_JOUR if huit else None
    limite = _fin(cv, dep, ans=f.get("validite_commandement_saisie_vente_ans"))
    f["saisie_vente.date_limite"] = limite
    # R221-5: any act of execution within the two years keeps the commandement alive; the seizure itself is
    # the act the dossier records (saisie_vente), or another enforcement act after the commandement.
    if limite is None:
        f["saisie_vente.commandement_perime"] = None
    else:
        actes = [e for e in actes_d_execution(dossier, as_of)
                 if cv < e.date <= limite and e.type is not T.commandement_saisie_vente]
        f["saisie_vente.commandement_perime"] = as_of > limite and not actes


# ----------------------------------------------------------------------------- calculs


def _fmt_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@calculator("detail_saisie_attribution")
def detail_saisie_attribution(ctx: Context) -> dict[str, Any]:
    """La saisie-attribution suivie : date, somme saisie, date limite et date de la dénonciation."""
    f = ctx.facts
    return {"date": f.get("saisie_attribution.date"), "montant": f.get("saisie_attribution.montant"),
            "date_limite_denonciation": f.get("saisie_attribution.date_limite_denonciation"),
            "date_denonciation": f.get("saisie_attribution.date_denonciation")}


@calculator("montant_a_executer")
def montant_a_executer(ctx: Context) -> Computed | None:
    """Montant à exécuter : les sommes dues au titre s'il est décrit avec sa condamnation, sinon le montant
    réclamable du décompte (comme ``executer_titre``)."""
    titre = ctx.findings.get("sommes_dues_au_titre")
    if titre is not None and isinstance(titre.value, Decimal):
        return Computed(titre.value, basis="sommes dues au titre (constat sommes_dues_au_titre)")
    return montant_decompte(ctx)


@calculator("montant_saisi")
def montant_saisi(ctx: Context) -> Computed | None:
    """Ce que paie le tiers saisi : la somme saisie, dans la limite de la créance (CPCE R211-6)."""
    du = montant_a_executer(ctx)
    saisi = ctx.facts.get("saisie_attribution.montant")
    if saisi is None:
        if du is None:
            return None
        return Computed(du.value, basis="somme saisie non indiquée au dossier : dans la limite de la créance "
                        f"({du.basis or 'décompte'})")
    if du is None or saisi <= du.value:
        return Computed(saisi, basis="somme saisie entre les mains du tiers (événement « saisie-attribution »)")
    return Computed(du.value, basis=f"dans la limite de la créance ({du.basis or 'décompte'}) ; somme saisie : {saisi} €")


@calculator("fenetre_proces_verbal_remunerations")
def fenetre_proces_verbal_remunerations(ctx: Context) -> Computed | None:
    """Dernier jour (et premier jour) pour signifier le procès-verbal de saisie à l'employeur (CPCE L212-2, L212-6)."""
    f = ctx.facts
    debut, fin = f.get("saisie_remunerations.date_debut_proces_verbal"), f.get("saisie_remunerations.date_limite_proces_verbal")
    cmd = f.get("saisie_remunerations.date_commandement")
    if fin is None or cmd is None:
        return None
    basis = (f"Commandement du {_fmt_date(cmd)} : procès-verbal de saisie à signifier à l'employeur à partir du "
             f"{_fmt_date(debut)} (lendemain du mois laissé au débiteur, CPCE L212-2) et au plus tard le "
             f"{_fmt_date(fin)} (trois mois du commandement, L212-6 ; CPC 641 et 642).")
    return Computed(fin, basis=basis, citations=["cpce_l212_2", "cpce_l212_6", "cpc_641", "cpc_642"])


@calculator("fenetre_saisie_vente")
def fenetre_saisie_vente(ctx: Context) -> Computed | None:
    """Dernier jour pour un acte d'exécution sur le commandement aux fins de saisie-vente, et premier jour de
    la saisie (CPCE R221-10, R221-5)."""
    f = ctx.facts
    debut, fin, cmd = (f.get("saisie_vente.date_debut_saisie"), f.get("saisie_vente.date_limite"),
                       f.get("saisie_vente.date_commandement"))
    if fin is None or cmd is None:
        return None
    if ctx.as_of > fin:
        # The two years have run and the commandement is not perimé (the rule saisie_vente.saisir requires it):
        # an act of execution intervened within them (R221-5), so the commandement stays effective and the seizure
        # has no two-year limit left to meet — no deadline, rather than a date already past.
        return None
    basis = (f"Commandement du {_fmt_date(cmd)} : saisie possible à partir du {_fmt_date(debut)} (expiration des "
             f"huit jours, CPCE R221-10) ; au-delà du {_fmt_date(fin)} sans acte d'exécution, un nouveau "
             "commandement sera nécessaire (deux ans, R221-5 ; CPC 641 et 642).")
    return Computed(fin, basis=basis, citations=["cpce_r221_10", "cpce_r221_5", "cpc_641", "cpc_642"])


@calculator("quotite_saisissable_mensuelle")
def quotite_saisissable_mensuelle(ctx: Context) -> Computed | None:
    """Fraction saisissable de la rémunération mensuelle nette du débiteur, au barème de l'année d'évaluation
    (C. trav. R3252-2, R3252-3, R3252-5)."""
    r = ctx.dossier.debiteur.remunerations
    if r is None:
        return None
    q = quotite_saisissable(r.montant_mensuel_net, r.personnes_a_charge, ctx.as_of)
    details = {"annee": q.le.year, "remuneration_mensuelle": q.remuneration_mensuelle,
               "personnes_a_charge": q.personnes_a_charge, "annuelle": q.annuelle,
               "laisse_au_salarie": q.laisse_au_salarie, "minimum_rsa": q.minimum_rsa,
               "tranches": [t.__dict__ for t in q.tranches],
               "bareme": {"texte": q.bareme.texte, "sources": list(q.bareme.sources),
                          "confiance": q.bareme.confiance} if q.bareme else None}
    return Computed(q.mensuelle, basis=q.explication, details=details,
                    warnings=[coded_warning("droit_incertain", w) for w in q.avertissements],
                    citations=["c_trav_r3252_2", "c_trav_r3252_3", "c_trav_r3252_5"])
