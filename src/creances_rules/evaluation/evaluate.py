"""The one place that connects the layers: dossier → derived facts → engine → assessment."""

from __future__ import annotations

import threading
import warnings as _warnings
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from ..institutions import calculators as calc
from ..institutions import decompte as _decompte
from . import coherence
from ..models.assessment import (
    Action,
    AmountItem,
    AmountLine,
    Amounts,
    Assessment,
    Citation,
    Conclusions,
    ConditionsVoie,
    DelaiIndicatif,
    EvaluationContext,
    Frais,
    Finding,
    MontantEssentiel,
    MontantsEssentiels,
    TimelineEntry,
    Warning,
)
from .._base.formatting import euros, fmt
from ..institutions.derive import Derivation, base_facts, qualified_facts
from ..rulebook.engines import durable_engine
from ..rulebook.engines.base import Engine, PhaseResult, run_phase
from ..rulebook.engines.python_engine import PythonEngine, explain_memo, why_reads
from .._base.errors import DossierInvalide, EngineError, Probleme, RuleConflictError
from ..models.dossier import Dossier
from ..models.libelles import libelle
from ..models.loading import load_dossier
from ..rulebook.book import Rulebook, _as_expr, phase_of
from ..rulebook.build import load_rulebook
from ..rulebook.schema import CalculatorCall, FactRef, FindingRef, Rule
from ..law.fraicheur import avertissements_donnees_perimees
from ..law.taux import TauxFichier, taux_actifs, taux_fichier_actif
from ..models.fichier_taux import charger_fichier_taux

_default_book: Rulebook | None = None
_lock = threading.Lock()
_fallback_warned = False


def rulebook_cache_arguments() -> dict[str, Any]:
    """What the cache may rebuild a rule base from (issue 21): the classes of the rule schema, of the
    rule base and of the vocabulary (data only), and the calculators — written by name, never
    pickled, and taken back from the live registry."""
    from ..institutions.calculators import CALCULATORS

    externals: dict[str, Any] = {f"calculator:{n}": spec for n, spec in CALCULATORS.items()}
    externals.update({f"function:{n}": spec.function for n, spec in CALCULATORS.items()})
    return {"modules": ("creances_rules.rulebook.schema", "creances_rules.rulebook.book",
                        "creances_rules.institutions.vocabulary"), "externals": externals}


def default_rulebook() -> Rulebook:
    """The built-in rule base, loaded and checked once per process."""
    global _default_book
    with _lock:
        if _default_book is None:
            from .._base.cache import load_or_build

            # cached per installed version (cold start)
            _default_book = load_or_build(load_rulebook, Rulebook, **rulebook_cache_arguments())
        return _default_book


def engine_for(book: Rulebook, name: str = "auto") -> Engine:
    """The engine evaluating ``book``: durable-rules if it loads, else the Python evaluator (warned)."""
    cache = book.__dict__.setdefault("_engines", {})
    if name in cache:
        return cache[name]
    if name == "python":
        engine: Engine = PythonEngine()
    elif name in ("durable", "auto"):
        if durable_engine.available():
            engine = durable_engine.DurableEngine()
        elif name == "durable":
            raise EngineError(f"durable-rules indisponible : {durable_engine.IMPORT_ERROR}")
        else:
            global _fallback_warned
            if not _fallback_warned:
                _warnings.warn(
                    f"durable-rules ne se charge pas ({durable_engine.IMPORT_ERROR}) : "
                    "évaluation par le moteur Python de référence.",
                    RuntimeWarning,
                    stacklevel=3,
                )
                _fallback_warned = True
            engine = PythonEngine()
    else:
        raise ValueError(f"engine : « {name} » inconnu (auto, durable, python)")
    cache[name] = engine
    return engine


def evaluate(
    dossier: Dossier | dict[str, Any] | str | Path,
    as_of: date | str | None = None,
    *,
    rules: Rulebook | Iterable[str | Path] | None = None,
    engine: str = "auto",
    trace: bool = True,
    taux: str | Path | dict[str, Any] | TauxFichier | None = None,
) -> Assessment:
    """What the law says about this claim as of ``as_of`` (default: today), and what to do next.

    ``taux``: a rates file (path of a YAML/JSON file, its content as a dict, or a loaded ``TauxFichier``) whose
    periods are added to the package's rate tables or override them; every line using one says so (« taux
    fourni par … »). The dossier's own ``taux_fournis`` still fill what neither covers (one rate lookup).
    """
    return _evaluer(dossier, as_of, rules, engine, taux, trace=trace, complet=True)


def conclusions(
    dossier: Dossier | dict[str, Any] | str | Path,
    as_of: date | str | None = None,
    *,
    rules: Rulebook | Iterable[str | Path] | None = None,
    engine: str = "auto",
    taux: str | Path | dict[str, Any] | TauxFichier | None = None,
) -> Conclusions:
    """What `evaluate` concludes (findings, actions, the décompte's figures, warnings, ``valable_jusqu_au``), by the
    same evaluation, without building what presents it: the timeline, the amount lines, the ``why`` and the
    conditions of the actions, the `Assessment` itself. What a portfolio's compact record reads."""
    return _evaluer(dossier, as_of, rules, engine, taux, trace=False, complet=False)


def _evaluer(dossier: Any, as_of: Any, rules: Any, engine: str, taux: Any, *, trace: bool, complet: bool) -> Any:
    fichier = charger_fichier_taux(taux)
    dossier = load_dossier(dossier)
    as_of = _as_date(as_of)
    book = rules if isinstance(rules, Rulebook) else (
        load_rulebook(rules) if rules is not None else default_rulebook())
    runner = engine_for(book, engine)
    if fichier is None and taux_fichier_actif() is not None:
        # the caller's rates file (taux_actifs) holds
        return _Evaluation(book, runner, dossier, as_of, complet).run(trace)
    with taux_actifs(fichier):
        return _Evaluation(book, runner, dossier, as_of, complet).run(trace)


def _as_date(value: date | str | None) -> date:
    if value is None:
        return date.today()
    from ..models.dossier import _to_date

    try:
        return _to_date(value)  # also bounds it (1900–2200), as every date of a dossier
    except ValueError as exc:
        raise DossierInvalide([Probleme("as_of", str(exc))]) from None


def _jour(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class _Evaluation:
    def __init__(self, book: Rulebook, engine: Engine, dossier: Dossier, as_of: date, complet: bool = True):
        self.book, self.engine, self.dossier, self.as_of = book, engine, dossier, as_of
        self.complet = complet  # False: the conclusions only, nothing that merely presents them (`conclusions`)
        self.findings: dict[str, Finding] = {}
        self.finding_rule: dict[str, str] = {}
        self.actions: list[Action] = []
        self.warnings: list[Warning] = []
        self.assumptions: list[str] = []
        self.results: dict[str, PhaseResult] = {}
        # Per action (by id): (how its deadline moves with the evaluation date, the décompte part its amount is).
        self.action_meta: dict[int, tuple[Any, str | None]] = {}

    def run(self, with_trace: bool) -> Assessment | Conclusions:
        self.warnings.extend(coherence.warnings_for(self.dossier, self.as_of))  # odd but valid input, said
        derivation = base_facts(self.dossier, self.as_of)
        qualification = run_phase(self.engine, self.book, "qualification", derivation.facts)
        self.results["qualification"] = qualification
        set_by: dict[str, str] = {}
        for rid in qualification.fired:
            rule = self.book.rule(rid)
            for name, value in rule.then.set.items():
                if name in set_by and derivation.facts.get(name) != value:
                    raise RuleConflictError(
                        f"« {name} » reçoit deux valeurs, de {set_by[name]} et de {rid}, "
                        "sans exception (exception_to) entre ces règles"
                    )
                derivation.facts[name], set_by[name] = value, rid
            self._materialise(rule, derivation)
        derivation = qualified_facts(self.dossier, self.as_of, derivation)
        self.derivation = derivation
        consequence = run_phase(self.engine, self.book, "consequence", derivation.facts, qualification.established)
        self.results["consequence"] = consequence
        for rid in consequence.fired:
            self._materialise(self.book.rule(rid), derivation)
        self.assumptions = list(dict.fromkeys(derivation.assumptions + self.assumptions))
        from ..institutions.decompte import avec_partie_reclamable

        self._donnees_perimees()
        # the whole décompte, with what may be claimed now (prescribed or stayed invoices left out, issue 20)
        self.decompte = avec_partie_reclamable(self.dossier, self.as_of, derivation)
        # the warnings added here cite only texts already cited: the list of unread versions stays the same
        suivantes = self._suivantes_non_lues()
        self.warnings.extend(self._versions_non_lues(suivantes))
        actions = sorted(self.actions, key=lambda a: (a.priority, a.deadline or date.max, a.code))
        valable = self._valable_jusqu_au(actions)
        prochaine = self._prochaine_version_non_lue(suivantes)
        if prochaine is not None and prochaine - timedelta(days=1) < valable:
            valable = prochaine - timedelta(days=1)  # the day before, version_non_lue would appear
        if not self.complet:
            return Conclusions(as_of=self.as_of, reference=self.dossier.reference, rulebook=self.book.fingerprint,
                               findings=list(self.findings.values()), actions=actions,
                               amounts=self._montants_essentiels(), warnings=self.warnings, valable_jusqu_au=valable,
                               _actualisation=self._actualisation(actions),
                               _context=EvaluationContext(self.book, self.results, derivation.facts, self.dossier))
        assessment = Assessment(
            as_of=self.as_of,
            reference=self.dossier.reference,
            engine=self.engine.name,
            rulebook=self.book.fingerprint,
            findings=list(self.findings.values()),
            actions=actions,
            amounts=self._amounts(),
            timeline=self._timeline(),
            trace=self._trace() if with_trace else [],
            warnings=self.warnings,
            assumptions=self.assumptions,
            valable_jusqu_au=valable,
        )
        assessment._actualisation = self._actualisation(actions)
        # Kept by reference for `explain` / `why_not` (no copy; dropped when pickled).
        assessment._context = EvaluationContext(self.book, self.results, derivation.facts, self.dossier)
        return assessment

    def _donnees_perimees(self) -> None:
        """``donnees_perimees``: the evaluation date is past a dated table's last known day (rates file and the
        dossier's own rates counted); the unknown part itself is named by ``taux_inconnu``."""
        from ..institutions.montants_dus import taux_fournis

        fournis = taux_fournis(self.dossier)
        lues = set()  # the dated data this evaluation read
        if "penalites_de_retard_dues" in self.findings:
            lues.add("taux_penalites_l441_10")
            if self.dossier.contrat.taux_penalites is not None:
                lues.add("taux_interet_legal")  # the floor of an agreed rate (L441-10 II)
        if self.findings.keys() & {"interets_moratoires_dus", "sommes_dues_au_titre"}:
            lues.add("taux_interet_legal")
        if "juridiction_competente" in self.findings:
            lues.add("tribunaux_activites_economiques")
        if "quotite_saisissable_remunerations" in self.findings or any(
                w.code == "bareme_inconnu" for w in self.warnings):
            lues.add("bareme_saisie_remunerations")
        for message in avertissements_donnees_perimees(self.as_of, {"bce": fournis.bce, "legal": fournis.legal},
                                                       lues):
            self.warnings.append(Warning(code="donnees_perimees", message=message))

    # ------------------------------------------------------------------ conclusions

    def _context(self, derivation: Derivation) -> calc.Context:
        return calc.Context(self.dossier, self.as_of, derivation, self.findings)

    def _resolve(self, expr: Any, ctx: calc.Context) -> Any:
        expr = _expression(self.book, expr)
        if isinstance(expr, FactRef):
            return ctx.facts.get(expr.fact)
        if isinstance(expr, FindingRef):
            found = self.findings.get(expr.finding)
            return found.value if found else None
        if isinstance(expr, CalculatorCall):
            spec = self.book.vocabulary.calculators[expr.calculator]
            args = {k: self._resolve_arg(v, ctx) for k, v in expr.args.items()}
            return spec.function(ctx, **args)
        return expr

    def _resolve_arg(self, raw: Any, ctx: calc.Context) -> Any:
        if isinstance(raw, list):
            return [self._plain(self._resolve(v, ctx)) for v in raw]
        return self._plain(self._resolve(raw, ctx))

    @staticmethod
    def _plain(value: Any) -> Any:
        return value.value if isinstance(value, calc.Computed) else value

    def _citations(self, keys: Iterable[str]) -> list[Citation]:
        out = []
        made = self.book.__dict__.setdefault("_citation_models", {})  # immutable: built once per key
        for key in dict.fromkeys(keys):
            if key in made:
                out.append(made[key])
                continue
            rec = self.book.citations.get(key)
            if rec is None:
                continue
            made[key] = Citation(
                key=key, code=rec["code"], article=str(rec["article"]), intitule=rec.get("intitule"),
                version_du=rec.get("en_vigueur_du"), version_au=rec.get("en_vigueur_au"), url=rec.get("url"),
                legifrance_id=rec.get("legifrance_id"), verified_on=rec.get("verified_on"),
                confiance=rec.get("confiance"),
            )
            out.append(made[key])
        return out

    def _suivantes_non_lues(self) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        """(key, record, next version) for each cited text whose next version is recorded and not read."""
        a_suivante = _memo(self.book, "_suivantes_non_lues")  # key -> (record, next version), per rule base
        if not a_suivante:
            a_suivante.update({key: (rec, rec["version_suivante"]) for key, rec in self.book.citations.items()
                               if rec.get("version_suivante") and not rec["version_suivante"].get("lue")})
            a_suivante.setdefault(None, None)  # computed (a rule base with none stays computed)
        cited = [c.key for f in self.findings.values() for c in f.citations if c.key in a_suivante]
        cited += [c.key for a in self.actions for c in a.citations if c.key in a_suivante]
        cited += [c.key for w in self.warnings for c in w.citations if c.key in a_suivante]
        return [(key, *a_suivante[key]) for key in dict.fromkeys(cited)]

    def _prochaine_version_non_lue(self, suivantes: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> date | None:
        """The first day, after the evaluation date, on which a cited text changes to a version not read."""
        jours = [_jour(s["en_vigueur_du"]) for _, _, s in suivantes]
        futurs = [j for j in jours if j > self.as_of]
        return min(futurs) if futurs else None

    def _versions_non_lues(self, suivantes: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> list[Warning]:
        """A cited text whose recorded version ended before the evaluation date, its successor unread: say so.

        The library keeps answering with the version it read (often unchanged in substance), and names the
        successor it has not read (code ``version_non_lue``), once per citation.
        """
        out = []
        for key, rec, suivante in suivantes:
            if self.as_of < _jour(suivante["en_vigueur_du"]):
                continue
            fin = rec.get("en_vigueur_au")
            fin_txt = f" a cessé d'être en vigueur le {_jour(fin):%d/%m/%Y}" if fin else ""
            out.append(Warning(code="version_non_lue", citations=self._citations([key]), message=(
                f"{rec['code']} {rec['article']} : la version lue par la bibliothèque{fin_txt} ; la version en "
                f"vigueur depuis le {_jour(suivante['en_vigueur_du']):%d/%m/%Y} ({suivante['texte_source']}) n'a "
                "pas été lue. Les constats qui citent ce texte suivent l'ancienne rédaction : vérifier le texte en "
                "vigueur à la date d'évaluation.")))
        return out

    def _materialise(self, rule: Rule, derivation: Derivation) -> None:
        ctx = self._context(derivation)
        self.assumptions += list(rule.then.assumptions)
        for fc in rule.then.findings:
            raw = self._resolve(fc.value, ctx)
            computed = raw if isinstance(raw, calc.Computed) else calc.Computed(raw)
            if computed.value is None or computed.value is False:
                continue  # a finding appears only when it holds (SPEC §3)
            since = self._plain(self._resolve(fc.since, ctx)) if fc.since is not None else None
            details = self._plain(self._resolve(fc.details, ctx)) if fc.details is not None else computed.details
            if fc.code in self.findings:
                raise RuleConflictError(
                    f"le constat « {fc.code} » est conclu par {self.finding_rule[fc.code]} et par {rule.id}, "
                    "sans exception (exception_to) entre ces règles"
                )
            self.finding_rule[fc.code] = rule.id
            self.findings[fc.code] = Finding(
                code=fc.code, label=self.book.vocabulary.code("finding", fc.code).label, value=computed.value,
                since=since, citations=self._citations([*rule.citations, *computed.citations]),
                assumptions=[*fc.assumptions, *computed.assumptions], basis=computed.basis,
                details=details, rule=rule.id,
            )
            self._computed_warnings(computed, rule)
        for ac in rule.then.actions:
            deadline = self._resolve(ac.deadline, ctx) if ac.deadline is not None else None
            raw_amount = self._resolve(ac.amount, ctx) if ac.amount is not None else None
            amount = self._plain(raw_amount)
            amount_basis = raw_amount.basis if isinstance(raw_amount, calc.Computed) else None
            source = _expression(self.book, ac.amount)
            if isinstance(source, FindingRef) and source.finding in self.findings:
                # A part of the claim computed by its own institution (e.g. the pre-opening claims to declare).
                found = self.findings[source.finding]
                amount_basis = f"part de la créance : {found.label} (constat {found.code})" + (
                    f" — {found.basis}" if found.basis else "")
            elif isinstance(source, FactRef) and amount_basis is None and isinstance(amount, Decimal):
                spec = self.book.vocabulary.facts.get(source.fact)
                amount_basis = f"part de la créance : {spec.description if spec else source.fact} (fait {source.fact})"
            glissement = deadline.details if isinstance(deadline, calc.Computed) and isinstance(
                deadline.details, calc.GlissementDeadline) else None
            glissement = _depuis_le_jour(self.book, ac.deadline, glissement)
            basis = deadline.basis if isinstance(deadline, calc.Computed) else None
            if isinstance(deadline, calc.Computed):
                self._computed_warnings(deadline, rule)
            part = _part_du_decompte(source)
            why, conditions = self._presentation(rule, ac, ctx) if self.complet else ([], None)
            self.actions.append(Action(
                code=ac.code, label=ac.label or self.book.vocabulary.code("action", ac.code).label,
                purpose=ac.purpose, priority=ac.priority, deadline=self._plain(deadline), deadline_basis=basis,
                amount=amount if isinstance(amount, Decimal) else None,
                amount_basis=amount_basis if isinstance(amount, Decimal) else None,
                citations=self._citations([*rule.citations, *(deadline.citations if isinstance(deadline, calc.Computed) else [])]),
                why=why, rule=rule.id, conditions=conditions,
            ))
            self.action_meta[id(self.actions[-1])] = (glissement, part)
        for wc in rule.then.warnings:
            self.warnings.append(Warning(code=wc.code, message=wc.message,
                                         citations=self._citations(wc.citations or rule.citations), rule=rule.id))

    def _presentation(self, rule: Rule, ac: Any, ctx: calc.Context) -> tuple[list[str], ConditionsVoie | None]:
        """What an action shows and no conclusion depends on: the facts its rule read (``why``) and the conditions of
        its route (pure calculators: no warning, no finding comes out of them)."""
        conditions = self._conditions(self._plain(self._resolve(ac.conditions, ctx))) if ac.conditions else None
        return _pourquoi(self.book, rule.id, self._view_of(rule.id)), conditions

    def _conditions(self, value: Any) -> ConditionsVoie | None:
        """The conditions a calculator returned (plain dict), with their citation keys made citations."""
        if not isinstance(value, dict):
            return None
        frais = []
        for f in value.get("frais") or ():
            cited = self._citations([f["citation"]]) if f.get("citation") else []
            frais.append(Frais(**{k: v for k, v in f.items() if k != "citation"}, citation=cited[0] if cited else None))
        delai = value.get("delai_indicatif")
        return ConditionsVoie(avocat_obligatoire=value.get("avocat_obligatoire"), avocat_motif=value.get("avocat_motif"),
                              avocat_citations=self._citations(value.get("avocat_citations") or ()),
                              frais=frais, delai_indicatif=DelaiIndicatif(**delai) if delai else None)

    def _view_of(self, rule_id: str) -> dict[str, Any]:
        """The facts (and earlier conclusions) the rule's stratum was evaluated on."""
        # where a rule sits depends on the rule base only: looked up once per rule base, not per action
        where = _memo(self.book, "_stratum_of")
        if rule_id not in where:
            phase = phase_of(self.book.rule(rule_id))
            where[rule_id] = phase, next(i for i, stratum in enumerate(self.book.strata[phase]) if rule_id in stratum)
        phase, index = where[rule_id]
        return self.results[phase].views[index]

    def _computed_warnings(self, computed: calc.Computed, rule: Rule) -> None:
        for message in computed.warnings:
            if not any(w.message == message for w in self.warnings):
                code = getattr(message, "code", "droit_incertain")
                self.warnings.append(Warning(code=code, message=str(message), rule=rule.id))

    # ------------------------------------------------------------------ amounts, timeline, trace

    def _accessoires(self) -> Iterable[tuple[str, Finding | None, list[Any], Decimal | None, Decimal, list[Any]]]:
        """Each accessory still due, from the one décompte (institutions/decompte.py): (code, its finding, its lines,
        already imputed, amount, periods not computed) — read by the amounts block and the compact record alike."""
        d = self.decompte
        par_nature: dict[str, list[Any]] = {}  # the décompte's lines by nature, in their order
        for ligne in d.lignes:
            par_nature.setdefault(ligne.nature, []).append(ligne)
        # what partial payments already absorbed (accessories first, C. civ. 1343-1): one figure for every accessory
        absorbe = -sum((ligne.montant for ligne in par_nature.get(_decompte.ACCESSOIRES_PAYES, ())), Decimal("0"))
        for code, nature in (("penalites_de_retard_dues", _decompte.PENALITES),
                             ("interets_moratoires_dus", _decompte.INTERETS),
                             ("indemnite_forfaitaire_due", _decompte.INDEMNITE),
                             ("clause_penale_stipulee", _decompte.CLAUSE_PENALE)):
            lignes = par_nature.get(nature, [])
            f = self.findings.get(code)
            manquantes = [{"facture": p.get("facture"), "du": p["du"], "au": p["au"], "motif": p["motif"]}
                          for p in ((getattr(f.details, "periodes_non_calculees", None) or []) if f else [])]
            if not lignes and not manquantes:
                continue
            payes = absorbe if nature in (_decompte.PENALITES, _decompte.INTERETS) and absorbe > 0 else None
            montant = sum((ligne.montant for ligne in lignes), Decimal("0")) - (payes or Decimal("0"))
            yield code, f, lignes, payes, montant, manquantes

    def _totaux(self) -> dict[str, Any]:
        """The décompte's totals, as the amounts block and the compact record show them (set-off: only if any)."""
        d = self.decompte
        totaux = {"principal_restant_du": d.principal, "total": d.total, "interets_journaliers": d.interets_journaliers,
                  "montant_reclame": d.montant_reclame, "accessoires": d.accessoires}
        if d.compensation:
            totaux.update(compensation=d.compensation, total_apres_compensation=d.total_apres_compensation)
        return totaux

    def _montants_essentiels(self) -> MontantsEssentiels:
        return MontantsEssentiels(**self._totaux(), items=[
            MontantEssentiel(code, montant) for code, _, _, _, montant, _ in self._accessoires()])

    def _amounts(self) -> Amounts:
        """The amounts block, read from the one décompte (institutions/decompte.py)."""
        d = self.decompte
        items = []
        for code, f, lignes, payes, montant, manquantes in self._accessoires():
            lines = [AmountLine(facture=ligne.facture, du=ligne.du, au=ligne.au, jours=ligne.jours, taux=ligne.taux,
                                base=ligne.base, montant=ligne.montant, source=ligne.libelle)
                     for ligne in lignes if ligne.du is not None and ligne.jours is not None]
            label = f.label if f is not None else self.book.vocabulary.code("finding", code).label
            items.append(AmountItem(code=code, label=label, montant=montant, lignes=lines, deja_impute=payes,
                                    periodes_non_calculees=manquantes,
                                    citations=f.citations if f is not None else self._citations(
                                        [c for ligne in lignes for c in ligne.citations]),
                                    hypotheses=list(getattr(f.details, "hypotheses", []) or []) if f else []))
        return Amounts(**self._totaux(), items=items, imputation=d.imputation, lignes=d.lignes,
                       autre_lecture=d.autre_lecture, hypotheses=d.hypotheses,
                       reclamable_maintenant=d.montant_reclamable_maintenant, non_reclamables=d.non_reclamables)

    def _valable_jusqu_au(self, actions: list[Action]) -> date:
        from ..institutions.montants_dus import taux_fournis
        from .validite import valable_jusqu_au

        fournis = taux_fournis(self.dossier)
        d = self.decompte
        metas = [(a, self.action_meta.get(id(a), (None, None))[0]) for a in actions]
        return valable_jusqu_au(
            self.as_of, dossier=self.dossier, facts=self.derivation.facts, findings=self.findings.values(),
            actions=[(a, g) for a, g in metas], warnings=self.warnings, courantes=d.courantes,
            montants=[d.montant_reclame, d.total, d.principal + d.penalites + d.interets], book=self.book,
            autre_lecture=(*d.cours_autre_lecture, d.total_apres_compensation, d.principal)
            if d.cours_autre_lecture is not None else None,
            taux_fournis={"bce": fournis.bce, "legal": fournis.legal},
            echeances=[s.date_exigibilite for s in self.derivation.invoices])

    def _actualisation(self, actions: list[Action]) -> dict[str, Any]:
        """What brings the typed record to a later date without the engine: the running lines, and for the
        first action how its deadline moves and which part of the décompte its amount is."""
        first = actions[0] if actions else None
        glissement, part = self.action_meta.get(id(first), (None, None)) if first is not None else (None, None)
        return {"courantes": self.decompte.courantes,
                "glissement": glissement if glissement is not None and glissement.glissante else None,
                "part": part if first is not None and first.amount is not None else None,
                # the whole décompte's figure for that part: the amount follows it only if it is that figure
                "valeur_part": self.decompte.part(part) if part not in (None, "autre") else None,
                "departement": self.dossier.debiteur.departement}

    def _timeline(self) -> list[TimelineEntry]:
        entries: list[TimelineEntry] = []

        def add(d: date | None, label: str, code: str | None = None) -> None:
            if d is not None:
                entries.append(TimelineEntry(date=d, label=label, kind="passe" if d <= self.as_of else "futur", code=code))

        for s in self.derivation.invoices:
            add(s.facture.date_emission, f"Facture {s.facture.numero} émise ({euros(s.facture.montant_ttc)})")
            add(s.date_exigibilite, f"Facture {s.facture.numero} exigible ({s.base_exigibilite})")
        for p in self.dossier.paiements:
            if p.date <= self.as_of:
                add(p.date, f"Paiement reçu : {euros(p.montant)}")
        for e in self.dossier.evenements:
            if e.date <= self.as_of:
                add(e.date, f"Événement : {libelle(e.type)}", e.type.value)
        for f in self.findings.values():
            if isinstance(f.value, date):
                add(f.value, f.label, f.code)  # e.g. the last day to interrupt prescription
                if f.since is not None and f.since != f.value:
                    spec = self.book.vocabulary.code("finding", f.code)
                    add(f.since, (spec and spec.since_label) or f"{f.label} — point de départ", f.code)
            elif f.since is not None:
                add(f.since, f"{f.label} — depuis cette date", f.code)
        for a in self.actions:
            add(a.deadline, f"{a.label} (au plus tard)", a.code)
        return sorted(entries, key=lambda e: (e.date, e.kind))

    def _trace(self) -> list[dict[str, Any]]:
        """Each rule examined, as the fields of a `RuleTrace`: `Assessment` validates the whole list in one call
        (the same validation as one ``RuleTrace(**fields)`` per rule, without a Python call per rule)."""
        out = []
        for phase, result in self.results.items():
            fired, overridden = set(result.fired), result.overridden
            for index, (stratum_reads, rules) in enumerate(_trace_rules(self.book, phase)):
                view = result.views[index]
                # each fact the stratum's rules read, read and formatted once: (key, flag) -> as read_values reads it
                read = {kf: (view.get(kf[0]) is True) if kf[1] else view.get(kf[0]) for kf in stratum_reads}
                shown = {kf: _fmt(value) for kf, value in read.items()}
                for rid, title, institution, reads, keys in rules:
                    values = tuple(map(read.__getitem__, reads))  # = read_values(book, rid, view).values()
                    failed, missing = None, []
                    if rid in fired:
                        status = "fired"
                    elif rid in overridden:
                        status = "overridden"
                    else:  # = explain(rule.when, view), needed only for a rule that did not apply
                        value, failed, lean_missing = explain_memo(self.book, rid, view, values)
                        status = "undetermined" if value is None else "not_applicable"
                        if value is None:
                            missing = list(lean_missing)
                    out.append({
                        "rule": rid, "title": title, "institution": institution, "phase": phase, "status": status,
                        "failed_condition": failed, "values_read": dict(zip(keys, map(shown.__getitem__, reads))),
                        "missing_facts": missing, "overridden_by": overridden.get(rid, []),
                    })
        return out


_TraceRule = tuple[str, str, str, tuple[tuple[str, bool], ...], tuple[str, ...]]


def _trace_rules(book: Rulebook, phase: str) -> list[tuple[tuple[tuple[str, bool], ...], list[_TraceRule]]]:
    """A phase's strata as the trace reads them: per stratum, every ``(fact, is_established_flag)`` its rules read,
    and per rule (id, title, institution, its reads `why_reads`, their fact names). Prepared once per rule base
    (its rules and strata never change once loaded)."""
    prepared = _memo(book, "_trace_rules")
    if phase not in prepared:
        strata = []
        for stratum in book.strata.get(phase, []):
            rules = [(rid, book.rules[rid].rule.title, book.rules[rid].institution, why_reads(book, rid),
                      tuple(key for key, _ in why_reads(book, rid))) for rid in stratum]
            strata.append((tuple(dict.fromkeys(kf for rule in rules for kf in rule[3])), rules))
        prepared[phase] = strata
    return prepared[phase]


def _memo(book: Rulebook, name: str) -> dict[Any, Any]:
    """A cache of what is derived from the rule base alone, kept on it (dies with it)."""
    return book.__dict__.setdefault(name, {})


def _expression(book: Rulebook, raw: Any) -> Any:
    """``_as_expr(raw)``, parsed once per rule base instead of at every evaluation.

    Exact: a rule's expressions are data of frozen models, never changed after loading; the memo is keyed by the
    dict's identity and holds the dict itself, so that identity cannot be reused by another object while the
    entry lives. The expressions reached from a parsed one (its ``args``) are the parsed object's own, stable too.
    """
    if not isinstance(raw, dict):
        return raw
    parsed = _memo(book, "_expressions")
    hit = parsed.get(id(raw))
    if hit is None or hit[0] is not raw:
        hit = parsed[id(raw)] = (raw, _as_expr(raw))
    return hit[1]


def _depuis_le_jour(book: Rulebook, expr: Any, glissement: Any) -> Any:
    """A recommended date counted from the evaluation date itself (``depart: {fact: as_of}``) moves with it."""
    expr = _expression(book, expr)
    if glissement is None or not isinstance(expr, CalculatorCall) or expr.calculator != "date_conseillee":
        return glissement
    depart = _expression(book, expr.args.get("depart"))
    if isinstance(depart, FactRef) and depart.fact == "as_of":
        jours = expr.args.get("jours", 0)
        if isinstance(jours, int):
            return calc.GlissementDeadline(None, max(jours, glissement.au_plus_tot), True)
    return glissement


def _part_du_decompte(source: Any) -> str:
    """Which part of the décompte an action's amount is (`DecompteCreance.part`), or "autre" when another
    calculator makes it (a guarantor's share, a title's sums…)."""
    if isinstance(source, CalculatorCall):
        if source.calculator == "montant_decompte":
            part = source.args.get("part", "reclame")
            return part if isinstance(part, str) else "autre"
        if source.calculator == "decompte_creance":
            return "reclame"
    if isinstance(source, FindingRef) and source.finding == "decompte_creance":
        return "reclame"
    if isinstance(source, FactRef) and source.fact == "decompte.montant_reclame":
        return "reclame"
    return "autre"


def _pourquoi(book: Rulebook, rule_id: str, facts: dict[str, Any]) -> list[str]:
    """An action's ``why``: ``[_why(k, v) for k, v in read_values(book, rule_id, facts).items()]`` in one pass, each
    line's fixed words prepared once per rule (a flag's two sentences, a fact's « name = »)."""
    prepared = _memo(book, "_pourquoi")
    lines = prepared.get(rule_id)
    if lines is None:
        lines = prepared[rule_id] = tuple(
            (key, flag, _why(key, True), _why(key, False), None) if key.startswith("established:")
            else (key, flag, None, None, f"{key} = ") for key, flag in why_reads(book, rule_id))
    out = []
    for key, flag, oui, non, fact in lines:
        value = (facts.get(key) is True) if flag else facts.get(key)  # = read_values
        out.append((oui if value else non) if fact is None else fact + ("inconnu" if value is None else fmt(value)))
    return out


def _why(name: str, value: Any) -> str:
    """One fact read by the rule, in words: « nombre_relances_ecrites = 0 », « établi : creance_exigible »."""
    if name.startswith("established:"):
        return f"{'établi' if value else 'non établi'} : {name.removeprefix('established:')}"
    return f"{name} = {'inconnu' if value is None else fmt(value)}"


def _fmt(value: Any) -> Any:
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def qualified_derivation(dossier: Dossier, as_of: date) -> Derivation:
    """The derived facts of ``dossier`` as an evaluation computes them before its consequence phase (the
    décompte computed on its own, `calculer_decompte` without ``derivation``, derives through this)."""
    book = default_rulebook()
    derivation = base_facts(dossier, as_of)
    qualification = run_phase(engine_for(book, "python"), book, "qualification", derivation.facts)
    for rid in qualification.fired:
        derivation.facts.update(book.rule(rid).then.set)
    return qualified_facts(dossier, as_of, derivation)


_decompte.set_deriver(qualified_derivation)

