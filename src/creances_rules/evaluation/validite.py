"""Until when an assessment holds: ``valable_jusqu_au`` and the daily accrual (SPEC §2, third wave).

An assessment as of a date stays what it is, apart from the accrual of its running accessories
(``amounts.interets_journaliers``, the décompte « arrêté au … sauf à parfaire »), until the first day
something in it may change. That day is the earliest of:

- every date on or after the evaluation date in the dossier (an instalment, a payment or an event
  dated ahead, a due date), in the derived facts (a délai, the prescription date, the day a right is
  lost), in the findings and in the actions' deadlines — and the day after each (a deadline passed);
- the next rate period (rates are fixed per semester: legal rate, CMF L313-2; L441-10 penalties on the
  ECB rate of 1 January / 1 July) and the day after a rate table's known-until date, as the rate module
  tells them (`law.fraicheur.prochain_changement_taux`, the firm's and the dossier's own rates included);
- the date literals of the rule base (a rule comparing the evaluation date with a date of law);
- thresholds crossed by the accruing amounts (« en principal et intérêts » ≤ 5 000 €, a guarantor's
  maximum): the first day the amount, its running lines extended and rounded as the décompte does, reaches
  them; the 6- and 12-month marks before the prescription date (``prescription.mois_restants``);
- for a title's interest, the day its oldest arrears could fall under the five years of C. civ. 2224.

A deadline counted from the evaluation date itself (``date_conseillee`` « dès la date d'évaluation »,
« 8 jours après la date d'évaluation ») moves with it by construction: it is not a change of the
assessment, it is recomputed from the new date by the same calculator (`deadline_glissante`); only the
day it would cross a fixed deadline or its own floor counts.

``valable_jusqu_au`` is that earliest day minus one, never before the evaluation date. Prudence: a date
too early only makes a refresh re-evaluate the dossier; a date too late would be wrong, so every
margin errs early. Every candidate is a date of the calendar (not a count from the evaluation date), so
an assessment of the same dossier on any later day up to ``valable_jusqu_au`` gives the same
``valable_jusqu_au``: what a refresh carries over is what a full run computes.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Iterable, Literal, get_args, get_origin

from ..institutions.calculators import date_conseillee_au
from ..law.montants.cours import LigneCourante, accroissement, par_jour_exact
from ..law.taux import fin_semestre

_UN_JOUR = timedelta(days=1)
_HORIZON_AUTRE_LECTURE = 200  # days scanned for the other reading of 1343-1 (beyond: re-evaluate)
_HORIZON_JOURS = 40_000  # a threshold further than a century of accrual away is not a change date
_MARGE_ORDRE = 7  # days: a rolling deadline moved to the next working day (long weekends, local holidays)
# Derived facts equal to the evaluation date by construction (not a date of the dossier or of the law).
_FAITS_DU_JOUR = frozenset({"as_of", "montants.fin_des_retards"})
# Money facts moved by the accrual of penalties and interest (the décompte's figures and the accessories').
_FAITS_DU_COURS = ("decompte.", "montants.", "titres.")
# The running natures a money fact grows with (default: all of them, the prudent reading).
_NATURES_DU_FAIT: dict[str, tuple[str, ...]] = {
    "decompte.principal_et_interets": ("penalites_l441_10", "interets_moratoires"),
}
_MARGE_ARRIERES = timedelta(days=10)

# Natures of the décompte lines that accrue day by day at a constant rate (base × taux × jours / 36 500).
NATURES_COURANTES = ("penalites_l441_10", "interets_moratoires", "titre_interets")
# Which running natures each part of the décompte (`DecompteCreance.part`) contains.
PARTS_COURANTES: dict[str, tuple[str, ...]] = {
    "reclame": NATURES_COURANTES, "total": NATURES_COURANTES, "avant_compensation": NATURES_COURANTES,
    "accessoires": NATURES_COURANTES, "interets": ("interets_moratoires",),
    "penalites_et_indemnites": ("penalites_l441_10",), "principal": (), "compensation": (),
}


def _plus_mois(d: date, mois: int) -> date:
    """``d + relativedelta(months=mois)``: the same day ``mois`` months on (back, if negative), clipped to the
    end of a shorter month — as dateutil computes it, at a fraction of its cost (called for every dossier)."""
    annees, m = divmod(d.month - 1 + mois, 12)
    annee = d.year + annees
    return d.replace(year=annee, month=m + 1, day=min(d.day, monthrange(annee, m + 1)[1]))


def deadline_glissante(cible: date | None, au_plus_tot: int, as_of: date, departement: str | None) -> date:
    """A moving recommended date recomputed as of ``as_of`` (the calculator's own computation)."""
    return date_conseillee_au(cible, au_plus_tot, as_of, departement)


# ------------------------------------------------------------------------------------ collecting dates


_SCALAIRES = (str, int, float, Decimal, bool, type(None))
_SANS_DATE = frozenset(_SCALAIRES)  # for `type(x) in`: a set lookup, not a scan
_DATE, _RIEN, _DICT, _SEQ, _MODELE, _OBJET = range(6)
_SORTES: dict[type, tuple[int, tuple[str, ...]]] = {date: (_DATE, ()), dict: (_DICT, ()), list: (_SEQ, ()),
                                                    tuple: (_SEQ, ()), set: (_SEQ, ()), frozenset: (_SEQ, ())}


def _sorte(t: type) -> tuple[int, tuple[str, ...]]:
    """How to look for dates in a value of type ``t`` (cached per type); for a model, which fields may hold one."""
    sorte = _SORTES.get(t)
    if sorte is None:
        fields = getattr(t, "model_fields", None)
        if issubclass(t, date):
            sorte = (_DATE, ())
        elif issubclass(t, _SCALAIRES) or issubclass(t, Enum):
            sorte = (_RIEN, ())
        elif isinstance(fields, dict):
            champs = tuple(name for name, f in fields.items() if _peut_contenir_une_date(f.annotation, {t}))
            sorte = (_MODELE, champs) if champs else (_RIEN, ())
        elif hasattr(t, "__dict__") and not isinstance(t, type(len)):
            sorte = (_OBJET, ())
        else:
            sorte = (_RIEN, ())
        _SORTES[t] = sorte
    return sorte


def _peut_contenir_une_date(annotation: Any, vus: set[type]) -> bool:
    """Whether a field so annotated may hold a date, directly or inside (unknown: yes)."""
    if annotation is None or annotation is type(None):
        return False
    if isinstance(annotation, type):
        if issubclass(annotation, date):
            return True
        if issubclass(annotation, _SCALAIRES) or issubclass(annotation, Enum):
            return False
        fields = getattr(annotation, "model_fields", None)
        if isinstance(fields, dict) and get_args(annotation) == ():
            if annotation in vus:
                return False  # a recursive model: its dates are found where it first appears
            return any(_peut_contenir_une_date(f.annotation, vus | {annotation}) for f in fields.values())
        if get_origin(annotation) is None and annotation not in (list, tuple, dict, set, frozenset):
            return True  # another class: look inside
    origin = get_origin(annotation)
    if origin is Literal:
        return False
    args = get_args(annotation)
    if origin is None or not args:
        return True  # Any, a bare container, something unknown
    return any(_peut_contenir_une_date(a, vus) for a in args if a is not Ellipsis)


def _dates(obj: Any, out: list[date], lo: date) -> None:
    """Every date on or after ``lo`` inside ``obj`` (models, dataclasses, dicts, lists), a few levels deep
    (in no particular order: the caller takes a minimum, or sorts)."""
    stack = [(obj, 0)]
    pop, push, add = stack.pop, stack.append, out.append
    sortes, sans_date = _SORTES, _SANS_DATE
    while stack:
        x, depth = pop()
        t = type(x)
        if t in sans_date:
            continue
        kind, fields = sortes.get(t) or _sorte(t)
        if kind == _DATE:
            if x >= lo:
                add(x)
            continue
        if kind == _RIEN or depth > 6:
            continue
        if kind == _MODELE:
            d = x.__dict__
            values: Any = [d.get(name) for name in fields]
        elif kind == _SEQ:
            values = x
        elif kind == _DICT:
            values = x.values()
        else:
            try:
                values = vars(x).values()
            except TypeError:
                continue
        depth += 1
        for v in values:
            tv = type(v)
            if tv is date:  # the commonest leaf, taken here rather than pushed and popped
                if v >= lo:
                    add(v)
            elif tv not in sans_date:
                push((v, depth))


def _dates_des_citations(book: Any) -> list[date]:
    """Every version date of the citation catalogue (once per book): a version ending or starting is a change."""
    cached = book.__dict__.get("_validite_citations")
    if cached is None:
        out: list[date] = []
        for rec in book.citations.values():
            out += [d for d in (rec.get("en_vigueur_du"), rec.get("en_vigueur_au")) if isinstance(d, date)]
        cached = book.__dict__["_validite_citations"] = sorted(set(out))
    return cached


def dates_du_livre(book: Any) -> tuple[list[date], list[tuple[str, Decimal]]]:
    """The date literals of the rule base, and the (money fact, amount) its rules compare (once per book)."""
    cached = book.__dict__.get("_validite_litteraux")
    if cached is not None:
        return cached
    dates: list[date] = []
    for loaded in book.rules.values():
        _dates(loaded.rule.when, dates, date.min)
        _dates(getattr(loaded.rule, "period", None), dates, date.min)
    seuils: list[tuple[str, Decimal]] = []
    money = {name for name, spec in book.vocabulary.facts.items() if getattr(spec.type, "value", spec.type) == "money"}

    def walk(node: Any) -> None:
        if isinstance(node, (list, tuple)):
            for x in node:
                walk(x)
            return
        fields = getattr(node, "__dict__", None)
        if not fields:
            return
        if "fact" in fields and fields.get("fact") in money:
            for op in ("lt", "le", "gt", "ge", "eq", "ne"):
                v = fields.get(op)
                if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
                    seuils.append((fields["fact"], Decimal(v)))
        for v in fields.values():
            if not isinstance(v, (str, int, Decimal, date, bool)) and v is not None:
                walk(v)

    for loaded in book.rules.values():
        walk(loaded.rule.when)
    result = (sorted(set(dates)), sorted(set(seuils)))
    book.__dict__["_validite_litteraux"] = result
    return result


def _franchissement(m: Decimal, seuil: Decimal, courantes: list[LigneCourante], natures: Any,
                    as_of: date) -> date | None:
    """The first day an amount worth ``m`` on ``as_of``, growing by its running lines (each extended and rounded
    as the décompte does), reaches ``seuil`` (passes it, if it is there already); None past the horizon.
    A date of the calendar, not a count from ``as_of``: the same on any later day the lines still run."""
    def passe(jours: int) -> bool:
        v = m + accroissement(courantes, jours, natures)
        return v > seuil if m == seuil else v >= seuil

    lignes = [(base, taux) for nature, base, taux, _ in courantes if natures is None or nature in natures]
    if all(base >= 0 and taux >= 0 for base, taux in lignes):
        jour = _premier_jour_croissant(passe, seuil - m, lignes)
    else:
        jour = _premier_jour_par_dichotomie(passe)
    return None if jour is None else as_of + timedelta(days=jour)


_PLUS_LOIN = 1 << (_HORIZON_JOURS.bit_length() - 1)  # the last power of two the doubling search reaches (32 768)


def _bisection(passe: Any, lo: int, hi: int) -> int:
    """The first day in ]lo, hi] that passes, ``passe(lo)`` being false and ``passe(hi)`` true."""
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if passe(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _premier_jour_par_dichotomie(passe: Any) -> int | None:
    """The day the doubling-then-halving search finds: the first power of two that passes, then bisection below."""
    hi = 1
    while not passe(hi):
        hi *= 2
        if hi > _HORIZON_JOURS:
            return None
    lo = hi // 2  # passe(lo) is false (or lo == 0: the amount is below the threshold today)
    return _bisection(passe, lo, hi)


def _premier_jour_croissant(passe: Any, ecart: Decimal, lignes: list[tuple[Decimal, Decimal]]) -> int | None:
    """`_premier_jour_par_dichotomie`'s answer when ``passe`` is monotone (no negative base or rate: each line's
    rounded amount only grows with the days), found in a few evaluations instead of about thirty.

    Monotone, the doubling search answers the first day ≥ 1 that passes, if ``passe(32 768)``, else None. That
    day is bracketed by the exact accrual: each line rounds to the cent (half up) twice, so after ``j`` more days
    the accrual is within ``0.01 × lines`` of ``j × Σ base × taux / 36 500``. Both ends of the bracket are
    checked before the bisection inside it (a bound that failed would only widen it back to [1, 32 768])."""
    if passe(1):
        return 1
    if not passe(_PLUS_LOIN):
        return None
    par_jour = par_jour_exact([("", base, taux, 0) for base, taux in lignes])
    lo, hi = 1, _PLUS_LOIN  # passe(lo) is false, passe(hi) is true
    if par_jour > 0:
        marge = Decimal("0.01") * len(lignes)
        bas = int((ecart - marge) / par_jour)  # j × par_jour + marge ≤ ecart: the accrual is short of it
        haut = int((ecart + marge) / par_jour) + 1  # j × par_jour − marge > ecart: the accrual is past it
        if lo < bas < hi and not passe(bas):
            lo = bas
        if lo < haut < hi and passe(haut):
            hi = haut
    return _bisection(passe, lo, hi)


def _bascule_autre_lecture(autre: tuple[Any, ...], courantes: list[LigneCourante], as_of: date,
                           horizon: date) -> date | None:
    """The first day up to ``horizon`` the other reading's figure starts or stops differing from the décompte's
    (each reading's running lines extended and rounded alike), or None. ``autre``: (its claimed amount, its
    principal, its running lines, the décompte's claimed amount, the décompte's principal). Day by day (rounding
    is not monotone); reaching a horizon of ``_HORIZON_AUTRE_LECTURE`` days counts as a change (prudence)."""
    total_o, principal_o, lignes_o, total_d, principal_d = autre
    if principal_o != principal_d or sorted(lignes_o) == sorted(courantes):
        return None  # the principal differs for good, or both figures move together
    differ0 = total_o != total_d
    jours = (horizon - as_of).days
    for k in range(1, jours + 1):
        if (total_o + accroissement(lignes_o, k) != total_d + accroissement(courantes, k)) != differ0:
            return as_of + timedelta(days=k)
    return horizon if jours >= _HORIZON_AUTRE_LECTURE else None


def _libelle(label: Any) -> str:
    if isinstance(label, tuple):
        return " ".join(_libelle(x) for x in label)
    return str(label)


def prochain_changement_de_taux(as_of: date, taux_fournis: Any = None) -> date | None:
    """The first day after ``as_of`` a rate the evaluation reads changes period or stops being known
    (`law.fraicheur.prochain_changement_taux`: the rate tables, the firm's rates file, the dossier's own rates),
    or the next semester (penalty lines are cut there since 2013), whichever comes first."""
    from ..law.fraicheur import prochain_changement_taux

    semestre = fin_semestre(as_of) + _UN_JOUR
    taux = prochain_changement_taux(as_of, taux_fournis)
    return semestre if taux is None else min(semestre, taux)


def valable_jusqu_au(
    as_of: date,
    *,
    dossier: Any,
    facts: dict[str, Any],
    findings: Iterable[Any],
    actions: Iterable[tuple[Any, Any]],
    warnings: Iterable[Any],
    courantes: list[LigneCourante],
    montants: Iterable[Decimal],
    book: Any,
    raisons: list[tuple[date, str]] | None = None,
    autre_lecture: tuple[Any, ...] | None = None,
    taux_fournis: Any = None,
    echeances: Iterable[date] = (),
) -> date:
    """The last day the assessment stays what it is apart from the daily accrual (see the module doc).

    ``actions``: (action, `GlissementDeadline` or None) — a deadline counted from the evaluation date
    (``glissante``) moves with it: its own date does not count. ``montants``: the accruing amounts
    (claimed amount, principal and interest) whose threshold crossings count. ``taux_fournis``: the rates the
    evaluation reads besides the tables (``{"bce": …, "legal": …}``, as `law.fraicheur` takes them). ``echeances``: the
    invoices' due dates as derived (the dossier may not write them: 30 days after delivery under C. com. L441-10 I),
    so that the day after a due date, when its penalties start running, ends the validity."""
    futures: list[tuple[date, Any]] = []
    found: list[tuple[date, Any]] = []  # dates that count from the evaluation date itself (a deadline today)

    def dates_of(obj: Any, label: Any, strict: bool = False) -> None:
        out: list[date] = []
        _dates(obj, out, as_of + _UN_JOUR if strict else as_of)
        found.extend((d, label) for d in out)

    dates_of(dossier, "dossier")
    found += [(d, "échéance d'une facture") for d in echeances if d >= as_of]
    for name, value in facts.items():
        t = type(value)
        if t is date:
            if value >= as_of and name not in _FAITS_DU_JOUR:
                found.append((value, ("fait", name)))
        elif t not in _SANS_DATE and name not in _FAITS_DU_JOUR:
            dates_of(value, ("fait", name))
    for f in findings:
        dates_of((f.since, f.value), ("constat", f.code))
        dates_of(f.details, ("constat (détail)", f.code), strict=True)  # breakdowns computed up to as_of
    # Citations: a version of an article ending or starting (the whole catalogue's dates: prudent and cheap).
    found += [(d, "version d'un texte cité") for d in _dates_des_citations(book) if d >= as_of]
    rolling: list[tuple[int, int]] = []  # (priority, days after the evaluation date) of moving deadlines
    echeances: list[tuple[int, date, str]] = []  # fixed deadlines of actions
    for a, glissement in actions:
        if a.deadline is None:
            continue
        if glissement is not None and glissement.glissante:
            rolling.append((a.priority, glissement.au_plus_tot))
            continue
        dates_of(a.deadline, ("échéance de l'action", a.code))
        echeances.append((a.priority, a.deadline, ("échéance de l'action", a.code)))
        if glissement is not None and glissement.cible is not None:
            # A recommended date still ahead of its floor (evaluation date + au_plus_tot): the floor passes it
            # the day after cible − au_plus_tot, and the date starts moving.
            futures.append((glissement.cible - timedelta(days=glissement.au_plus_tot) + _UN_JOUR,
                            f"échéance de l'action {a.code} rattrapée par son plancher"))
    for d, label in found:
        if d > as_of:
            futures.append((d, label))
        futures.append((d + _UN_JOUR, ("lendemain", label)))
    # A moving deadline (evaluation date + k, then the next working day) overtakes a fixed one of the same priority:
    # the order of the actions changes (they are sorted by priority, then deadline).
    demain = as_of + _UN_JOUR
    for priority, k in rolling:
        futures += [(max(d - timedelta(days=k + _MARGE_ORDRE), demain), ("rattrapée par une échéance glissante", label))
                    for p, d, label in echeances if p == priority]
    # Prescription: the 6- and 12-month marks (prescription.mois_restants) before the last day.
    for name in ("prescription.date_limite", "prescription.date_limite_prudente"):
        limite = facts.get(name)
        if isinstance(limite, date):
            for m in (6, 12):
                repere = _plus_mois(limite, -m)  # mois_restants drops below m around this day
                if repere + 2 * _UN_JOUR > as_of:
                    futures.append((max(repere - _UN_JOUR, demain), f"{name} moins {m} mois"))
    # Rates: the next period, and the day after each table's known-until.
    futures.append((prochain_changement_de_taux(as_of, taux_fournis), "période de taux suivante ou fin d'une table"))
    litteraux, seuils = dates_du_livre(book)
    futures += [(d, "date d'une règle") for d in litteraux if d > as_of]
    futures += [(d + _UN_JOUR, "date d'une règle (lendemain)") for d in litteraux if d >= as_of]
    # A title's interest: the day its oldest arrears may fall under C. civ. 2224's five years.
    for titre in getattr(dossier, "titres", None) or []:
        futures.append((_plus_mois(titre.date, 60) - _MARGE_ARRIERES, "arrérages d'un titre (C. civ. 2224)"))
    # Thresholds crossed by the accrual: the first day the amount, its running lines extended, passes them.
    if courantes and par_jour_exact(courantes) > 0:
        limites = [(facts.get(name), s, name) for name, s in seuils]
        for g in getattr(dossier, "garanties", None) or []:  # a guarantor's share, capped at the maximum
            if getattr(g, "montant_maximum", None):
                limites += [(m, g.montant_maximum, "montant maximum d'une garantie") for m in montants]
        for m, s, name in limites:
            if not name.startswith(_FAITS_DU_COURS) and name != "montant maximum d'une garantie":
                continue  # the principal, a set-off: not moved by the accrual
            if isinstance(m, Decimal) and not isinstance(m, bool) and s >= m:
                jour = _franchissement(m, s, courantes, _NATURES_DU_FAIT.get(name), as_of)
                if jour is not None:
                    futures.append((jour, f"{name} : seuil de {s} €"))
    # The other reading of C. civ. 1343-1: the day its figure starts or stops differing (the warning comes or goes).
    if autre_lecture is not None:
        loin = as_of + timedelta(days=_HORIZON_AUTRE_LECTURE)
        horizon = min((d for d, _ in futures if d > as_of), default=loin)
        jour = _bascule_autre_lecture(autre_lecture, courantes, as_of, min(horizon, loin))
        if jour is not None:
            futures.append((jour, "autre lecture de l'imputation des paiements (C. civ. 1343-1)"))
    if raisons is not None:  # for a reader asking why (tests, debugging): the candidates, labelled by kind
        raisons += sorted((d, _libelle(label)) for d, label in futures if d > as_of)
    first = min((d for d, _ in futures if d > as_of), default=None)
    if first is None:
        return date.max
    return max(first - _UN_JOUR, as_of)


__all__ = ["NATURES_COURANTES", "PARTS_COURANTES", "deadline_glissante",
           "valable_jusqu_au", "prochain_changement_de_taux"]
