"""Facts the rules read: the dossier's single-valued fields and factual aggregates derived from it.

Derived facts are *factual* (dates, counts, sums as of the assessment date); legal qualifications
(is this B2B? which default term applies?) are made by rules, never here. A derived fact that needs
a qualification declares it in ``depends_on`` and is computed after the qualification phase.

Events dated after the assessment date are ignored: the assessment says what the law says *as of*
that date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Callable

from dateutil.relativedelta import relativedelta

from ..models.dossier import Dossier, Evenement, Facture, Mention, TypeEvenement
from .vocabulary import FactSpec, FactType

FACTS: dict[str, FactSpec] = {}
# Functions adding the facts of one institution (modules under `creances_rules.institutions`):
# "base" ones run before the qualification phase, "qualified" ones after it.
PROVIDERS: dict[str, list[Callable[..., None]]] = {"base": [], "qualified": []}


def declare_fact(name: str, type_: FactType, description: str, *, choices: tuple[str, ...] = (),
                 origin: str = "derive", depends_on: tuple[str, ...] = ()) -> None:
    """Make a fact readable by rules (the checker rejects any other name)."""
    if name in FACTS and FACTS[name] != FactSpec(name, type_, description, choices, origin, depends_on):
        raise ValueError(f"fait « {name} » déclaré deux fois avec des définitions différentes")
    FACTS[name] = FactSpec(name, type_, description, choices, origin, depends_on)


_fact = declare_fact


def provider(phase: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register ``fn(dossier, as_of, derivation)`` that fills derivation.facts for its declared facts."""
    def register(fn: Callable[..., None]) -> Callable[..., None]:
        PROVIDERS[phase].append(fn)
        return fn
    return register


# --- from the dossier (single-valued fields) ------------------------------------------------------
_fact("creancier.qualite", FactType.enum, "qualité du créancier", choices=("professionnel", "particulier"), origin="dossier")
_fact("creancier.commercant", FactType.bool, "le créancier est commerçant", origin="dossier")
_fact("creancier.agence_de_recouvrement", FactType.bool, "recouvrement amiable confié à un tiers", origin="dossier")
_fact("debiteur.qualite", FactType.enum, "qualité du débiteur",
      choices=("professionnel", "consommateur", "non_professionnel", "particulier"), origin="dossier")
_fact("debiteur.commercant", FactType.bool, "le débiteur est commerçant", origin="dossier")
_fact("debiteur.departement", FactType.text, "département du débiteur", origin="dossier")
_fact("debiteur.residence", FactType.enum, "résidence du débiteur", choices=("metropole", "outre_mer", "etranger"), origin="dossier")
_fact("contrat.date_conclusion", FactType.date, "date de conclusion du contrat (si donnée)", origin="dossier")
_fact("contrat.clause_demeure_par_exigibilite", FactType.bool, "clause de mise en demeure par la seule exigibilité", origin="dossier")
_fact("contrat.taux_penalites", FactType.rate, "taux annuel des pénalités stipulé (%)", origin="dossier")
_fact("contrat.clause_penale", FactType.money, "montant de la clause pénale", origin="dossier")
_fact("contrat.clause_capitalisation", FactType.bool, "clause de capitalisation des intérêts", origin="dossier")
_fact("contrat.delai_paiement_jours", FactType.int, "délai de paiement convenu (jours)", origin="dossier")
_fact("contrat.delai_paiement_fin_de_mois", FactType.bool, "délai convenu « fin de mois »", origin="dossier")
_fact("taux_marge", FactType.rate, "taux de marge du créancier (%)", origin="dossier")

# --- qualification facts, set by rules (phase « qualification ») ------------------------------------
_fact("terme_suppletif_jours", FactType.int,
      "délai de paiement applicable à défaut d'échéance (jours)", origin="qualification")
_fact("terme_suppletif_depart", FactType.enum, "point de départ du terme supplétif",
      choices=("livraison", "emission"), origin="qualification")

# --- derived ------------------------------------------------------------------------------------------
_fact("as_of", FactType.date, "date de l'évaluation")
_fact("date_conclusion_contrat", FactType.date,
      "date de conclusion du contrat ; à défaut, supposée au plus tard à la première facture")
_fact("date_conclusion_contrat_supposee", FactType.bool, "la date de conclusion du contrat est supposée")
_fact("nombre_factures", FactType.int, "nombre de factures")
_fact("montant_total_factures", FactType.money, "total TTC des factures")
_fact("montant_total_paye", FactType.money, "total des paiements reçus à la date d'évaluation")
_fact("montant_restant_du", FactType.money, "principal restant dû à la date d'évaluation")
_fact("factures_sans_echeance", FactType.int, "nombre de factures sans date d'échéance stipulée")
_fact("date_premiere_exigibilite_impayee", FactType.date,
      "plus ancienne date d'exigibilité d'une facture non soldée", depends_on=("terme_suppletif_jours",))
_fact("nombre_factures_echues_impayees", FactType.int,
      "factures dont l'échéance est passée et qui restent dues", depends_on=("terme_suppletif_jours",))
_fact("jours_de_retard", FactType.int, "jours écoulés depuis la plus ancienne échéance impayée",
      depends_on=("terme_suppletif_jours",))
_fact("nombre_relances_ecrites", FactType.int, "relances écrites envoyées")
_fact("date_derniere_relance_ecrite", FactType.date, "date de la dernière relance écrite")
_fact("nombre_relances_telephoniques", FactType.int, "relances téléphoniques")
_fact("date_derniere_relance_telephonique", FactType.date, "date de la dernière relance téléphonique")
_fact("nombre_contacts_30_jours", FactType.int, "relances (écrites et téléphoniques) des 30 derniers jours")
_fact("date_premiere_mise_en_demeure", FactType.date, "date de la première mise en demeure")
_fact("date_premiere_sommation", FactType.date, "date de la première sommation (acte de commissaire de justice)")
_fact("date_premiere_demande_en_justice", FactType.date,
      "première demande en justice (assignation, référé, injonction de payer signifiée)")
_fact("mise_en_demeure_par_tiers", FactType.bool, "la dernière mise en demeure émane d'un tiers (agence)")
_fact("mise_en_demeure_forme", FactType.enum, "forme de la dernière mise en demeure",
      choices=("lrar", "lettre_simple", "email", "acte_commissaire_de_justice", "oral"))
# The mention facts and their names, written once (base_facts sets them without formatting a name).
_FAITS_MENTION_MED = tuple((m, f"mise_en_demeure_mention.{m.value}") for m in Mention)
_FAITS_MENTION_TIERS = tuple((m, f"courrier_tiers_mention.{m.value}") for m in (
    Mention.identite_agence, Mention.identite_creancier, Mention.fondement_et_detail_sommes,
    Mention.modalites_de_paiement, Mention.reproduction_l111_8))
for _m, _nom in _FAITS_MENTION_MED:
    _fact(_nom, FactType.bool, f"la dernière mise en demeure porte : {_m.value}")
_fact("courrier_tiers_envoye", FactType.bool, "une agence de recouvrement a écrit au débiteur")
for _m, _nom in _FAITS_MENTION_TIERS:
    _fact(_nom, FactType.bool, f"chaque lettre de l'agence porte : {_m.value}")
_fact("procedure_collective_ouverte", FactType.bool, "une procédure collective est ouverte contre le débiteur")


_DEMANDES_EN_JUSTICE = (TypeEvenement.demande_en_justice, TypeEvenement.refere,
                        TypeEvenement.injonction_de_payer_signifiee)


@dataclass
class InvoiceState:
    """One invoice as of the assessment date: when it fell due, why, and what remains."""

    facture: Facture
    date_exigibilite: date
    base_exigibilite: str  # French: where the due date comes from
    supposee: bool
    reste_du: Decimal


@dataclass
class Derivation:
    """Derived facts plus the per-invoice detail calculators need, and the defaults assumed."""

    facts: dict[str, Any]
    invoices: list[InvoiceState] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)


def evenements_du_type(dossier: Dossier, as_of: date, kind: TypeEvenement) -> list[Evenement]:
    """The dossier's events of one type up to the assessment date, oldest first (later ones are not yet known)."""
    return sorted((e for e in dossier.evenements if e.type is kind and e.date <= as_of), key=lambda e: e.date)


def premiere_date(events: list[Evenement], not_before: date | None = None) -> date | None:
    """The date of the first of ``events`` (sorted), on or after ``not_before`` if given."""
    dates = [e.date for e in events if not_before is None or e.date >= not_before]
    return dates[0] if dates else None


def base_facts(dossier: Dossier, as_of: date) -> Derivation:
    """Facts that need no legal qualification."""
    facts: dict[str, Any] = dict.fromkeys(FACTS)  # every declared fact, None until set (FACTS' order)
    c, d, k = dossier.creancier, dossier.debiteur, dossier.contrat
    facts.update({
        "creancier.qualite": c.qualite.value,
        "creancier.commercant": c.commercant,
        "creancier.agence_de_recouvrement": c.agence_de_recouvrement,
        "debiteur.qualite": d.qualite.value,
        "debiteur.commercant": d.commercant,
        "debiteur.departement": d.departement,
        "debiteur.residence": d.residence.value,
        "contrat.date_conclusion": k.date_conclusion,
        "contrat.clause_demeure_par_exigibilite": k.clause_demeure_par_exigibilite,
        "contrat.taux_penalites": k.taux_penalites,
        "contrat.clause_penale": k.clause_penale,
        "contrat.clause_capitalisation": k.clause_capitalisation,
        "contrat.delai_paiement_jours": k.delai_paiement.jours if k.delai_paiement else None,
        "contrat.delai_paiement_fin_de_mois": k.delai_paiement.fin_de_mois if k.delai_paiement else None,
        "taux_marge": dossier.taux_marge,
        "as_of": as_of,
    })
    out = Derivation(facts)
    first_invoice = min(f.date_emission for f in dossier.factures)
    if k.date_conclusion is None:
        facts["date_conclusion_contrat"] = first_invoice
        facts["date_conclusion_contrat_supposee"] = True
    else:
        facts["date_conclusion_contrat"] = k.date_conclusion
        facts["date_conclusion_contrat_supposee"] = False
    paid = [p for p in dossier.paiements if p.date <= as_of]
    total = sum((f.montant_ttc for f in dossier.factures), Decimal("0"))
    total_paid = sum((p.montant for p in paid), Decimal("0"))
    facts.update({
        "nombre_factures": len(dossier.factures),
        "montant_total_factures": total,
        "montant_total_paye": total_paid,
        "montant_restant_du": max(total - total_paid, Decimal("0")),
        "factures_sans_echeance": sum(1 for f in dossier.factures if f.date_echeance is None),
    })
    events = sorted((e for e in dossier.evenements if e.date <= as_of), key=lambda e: e.date)
    _events_facts(facts, events, as_of)
    facts["procedure_collective_ouverte"] = (
        dossier.procedure_collective is not None and dossier.procedure_collective.date_jugement <= as_of
    ) or any(e.type is TypeEvenement.procedure_collective_ouverte for e in events)
    for fn in PROVIDERS["base"]:
        fn(dossier, as_of, out)
    return out


def _events_facts(facts: dict[str, Any], events: list[Evenement], as_of: date) -> None:
    def of(*types: TypeEvenement) -> list[Evenement]:
        return [e for e in events if e.type in types]

    relances = of(TypeEvenement.relance)
    phones = of(TypeEvenement.relance_telephonique)
    meds = of(TypeEvenement.mise_en_demeure)
    facts["nombre_relances_ecrites"] = len(relances)
    facts["date_derniere_relance_ecrite"] = relances[-1].date if relances else None
    facts["nombre_relances_telephoniques"] = len(phones)
    facts["date_derniere_relance_telephonique"] = phones[-1].date if phones else None
    recent = as_of - timedelta(days=30)
    facts["nombre_contacts_30_jours"] = sum(1 for e in relances + phones if e.date > recent)
    facts["date_premiere_mise_en_demeure"] = meds[0].date if meds else None
    sommations = of(TypeEvenement.sommation)
    facts["date_premiere_sommation"] = sommations[0].date if sommations else None
    demandes = of(*_DEMANDES_EN_JUSTICE)
    facts["date_premiere_demande_en_justice"] = demandes[0].date if demandes else None
    if meds:
        last = meds[-1]
        facts["mise_en_demeure_par_tiers"] = last.par_tiers
        facts["mise_en_demeure_forme"] = last.forme.value if last.forme else None
        for m, name in _FAITS_MENTION_MED:
            facts[name] = m in last.mentions
    agency_letters = [e for e in events if e.par_tiers and e.type in (TypeEvenement.relance, TypeEvenement.mise_en_demeure)]
    facts["courrier_tiers_envoye"] = bool(agency_letters)
    if agency_letters:
        for m, name in _FAITS_MENTION_TIERS:
            facts[name] = all(m in e.mentions for e in agency_letters)


def qualified_facts(dossier: Dossier, as_of: date, derivation: Derivation) -> Derivation:
    """Facts that need the qualification phase (default payment term): due dates and lateness."""
    facts = derivation.facts
    term_days, term_from = facts.get("terme_suppletif_jours"), facts.get("terme_suppletif_depart")
    states: list[InvoiceState] = []
    for f in dossier.factures:
        due, basis, assumed = _due_date(f, dossier, term_days, term_from, derivation.assumptions)
        states.append(InvoiceState(f, due, basis, assumed, f.montant_ttc))
    _impute_simply(states, dossier, as_of)
    unpaid = [s for s in states if s.reste_du > 0]
    overdue = [s for s in unpaid if s.date_exigibilite < as_of]
    first_due = min((s.date_exigibilite for s in unpaid), default=None)
    facts["date_premiere_exigibilite_impayee"] = first_due
    facts["nombre_factures_echues_impayees"] = len(overdue)
    facts["jours_de_retard"] = (as_of - first_due).days if first_due and first_due < as_of else (0 if first_due else None)
    derivation.invoices = states
    for fn in PROVIDERS["qualified"]:
        fn(dossier, as_of, derivation)
    return derivation


def _due_date(f: Facture, dossier: Dossier, term_days: int | None, term_from: str | None,
              assumptions: list[str]) -> tuple[date, str, bool]:
    if f.date_echeance is not None:
        return f.date_echeance, "échéance stipulée sur la facture", False
    agreed = dossier.contrat.delai_paiement
    if agreed is not None:
        start, since = _depart_delai_convenu(f, agreed.depart.value, assumptions)
        due = start + timedelta(days=agreed.jours)
        if agreed.fin_de_mois:
            # "45 jours fin de mois" read as: date + N days, then end of that month (DGCCRF's first method).
            due = due + relativedelta(day=31)
        return due, (f"délai convenu au contrat ({agreed.jours} jours{' fin de mois' if agreed.fin_de_mois else ''}"
                     f"{since})"), False
    if term_days is None:
        return f.date_emission, "payable à réception (aucun terme)", True
    if term_from == "livraison":
        start = f.date_livraison or f.date_execution
        if start is None:
            start = f.date_emission
            assumptions.append(
                f"Facture {f.numero} : date de livraison ou d'exécution inconnue ; "
                f"le délai supplétif court de la date d'émission ({f.date_emission.strftime('%d/%m/%Y')})."
            )
        return start + timedelta(days=term_days), f"délai supplétif de {term_days} jours après livraison/exécution", True
    return f.date_emission + timedelta(days=term_days), "payable à réception (aucun terme stipulé)", True


def _depart_delai_convenu(f: Facture, depart: str, assumptions: list[str]) -> tuple[date, str]:
    """Where the agreed term starts (``contrat.delai_paiement.depart``), and how to say it.

    Émission by default; « réception » is the debtor's receipt of the invoice, « livraison » the delivery
    or performance. An unknown start falls back to the issue date, said in the assumptions (the later
    start cannot be presumed). The legal cap is counted from the issue date whatever the agreed start
    (C. com. L441-10 I): `institutions.delais_paiement` compares the two.
    """
    if depart == "emission":
        return f.date_emission, ""
    if depart == "reception":
        known, what = f.date_reception, "réception de la facture"
    else:
        known, what = f.date_livraison or f.date_execution, "livraison ou exécution"
    if known is None:
        assumptions.append(
            f"Facture {f.numero} : le délai convenu court de la {what}, date inconnue ; il est compté de "
            f"l'émission ({f.date_emission.strftime('%d/%m/%Y')})."
        )
        return f.date_emission, f" à compter de la {what}, supposée à l'émission"
    return known, f" à compter de la {what} du {known.strftime('%d/%m/%Y')}"


def _impute_simply(states: list[InvoiceState], dossier: Dossier, as_of: date) -> None:
    """Payments to the invoice they name, otherwise to the oldest due invoice (C. civ. 1342-10 al. 2)."""
    paid = sorted((p for p in dossier.paiements if p.date <= as_of), key=lambda p: p.date)
    by_number = {s.facture.numero: s for s in states}
    free = Decimal("0")
    for p in paid:
        if p.facture is not None:
            target = by_number[p.facture]
            used = min(p.montant, target.reste_du)
            target.reste_du -= used
            free += p.montant - used
        else:
            free += p.montant
    for s in sorted(states, key=lambda s: (s.date_exigibilite, s.facture.numero)):
        used = min(free, s.reste_du)
        s.reste_du -= used
        free -= used


