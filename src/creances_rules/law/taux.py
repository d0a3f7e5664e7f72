"""Taux datés : intérêt légal, taux de refinancement de la BCE, pénalités de retard entre professionnels.

Les valeurs sont des données (``creances_rules/data/taux/*.yaml``), une table par paramètre, chaque
valeur datée avec sa source, son texte (arrêté, décret ou décision de la BCE) et sa date de
vérification. Une date hors table lève :class:`TauxInconnu` : la dernière valeur n'est jamais
reconduite en silence ; l'appelant peut fournir le taux manquant (``taux_fournis``), ce qui est
alors signalé dans ``avertissements``.

Tous les taux sont des pourcentages annuels en ``Decimal`` : ``Decimal("4.06")`` signifie 4,06 %.

Références :
- C. mon. fin., art. L313-2 et D313-1-A (deux taux de l'intérêt légal, fixés par semestre depuis 2015)
  https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006652081
- C. com., art. L441-10 II (taux BCE en vigueur au 1er janvier / 1er juillet + 10 points ; plancher
  contractuel de trois fois le taux de l'intérêt légal)
  https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038414392
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "CATEGORIES",
    "Categorie",
    "EntreeInvalide",
    "RegleNonModelisee",
    "TableTaux",
    "TableTauxInvalide",
    "CONFIANCES",
    "TauxApplicable",
    "TauxFichier",
    "TauxInconnu",
    "ValeurTaux",
    "charger_table",
    "legal_connu_jusqu_au",
    "penalites_connu_jusqu_au",
    "taux_actifs",
    "taux_fichier_actif",
    "debut_semestre",
    "fin_semestre",
    "periode_taux_legal",
    "plancher_penalites",
    "table_bce",
    "table_interet_legal",
    "taux_bce",
    "taux_interet_legal",
    "taux_penalites_defaut",
]

Categorie = Literal["creancier_particulier", "autres_cas"]
CATEGORIES: tuple[str, ...] = ("creancier_particulier", "autres_cas")

# Depuis le 1er janvier 2015, le taux de l'intérêt légal est fixé par semestre (L313-2, ordonnance
# n° 2014-947) ; avant, il était annuel.
DEBUT_TAUX_SEMESTRIELS = _dt.date(2015, 1, 1)
# La règle « taux BCE au 1er janvier / 1er juillet » de L441-10 II (ex-L441-6) s'applique depuis 2013
# (legifiscal.fr, 2014 ; confiance moyenne, voir docs/montants.md). Avant, non modélisé.
DEBUT_REGLE_SEMESTRIELLE_PENALITES = _dt.date(2013, 1, 1)
# Le plancher de trois fois le taux légal vient de la loi LME (n° 2008-776), applicable au 1er janvier
# 2009 ; avant, il était de 1,5 fois : non modélisé.
DEBUT_PLANCHER_3X = _dt.date(2009, 1, 1)
MAJORATION_PENALITES_DEFAUT = Decimal("10")
MULTIPLE_PLANCHER = Decimal("3")

_DOSSIER_TABLES = "data/taux"
_CLES_RACINE_OBLIGATOIRES = {"description", "unite", "connu_jusqu_au", "valeurs"}
_CLES_RACINE_FACULTATIVES = {"references", "categories", "documentation"}
_CLES_VALEUR_OBLIGATOIRES = {"valeur", "source", "texte", "verified_on", "verification"}
_CLES_VALEUR_FACULTATIVES = {"au", "autres_sources", "date_decision", "type_operation", "note", "confiance"}
CONFIANCES: tuple[str, ...] = ("verifie", "verifie_secondaire", "incertain")
_UN_JOUR = _dt.timedelta(days=1)


class AvertissementTaux(str):
    """Un avertissement sur un taux, qui porte son code stable (``taux_fourni``) jusqu'à l'évaluation."""

    code: str


def _averti(message: str, code: str = "taux_fourni") -> AvertissementTaux:
    w = AvertissementTaux(message)
    w.code = code
    return w


class TauxInconnu(ValueError):
    """Aucun taux connu pour la date demandée (hors table) et aucun taux fourni par l'appelant."""


class TableTauxInvalide(ValueError):
    """Une table de taux (fichier YAML) est mal formée : lacune, chevauchement, champ manquant ou inconnu."""


class EntreeInvalide(ValueError):
    """Un argument d'un calculateur est invalide (type, signe, date) ; le message nomme l'argument."""


class RegleNonModelisee(ValueError):
    """La période demandée relève d'un état du droit que le calculateur ne modélise pas."""


@dataclass(frozen=True)
class ValeurTaux:
    """Une valeur datée d'une table, valable du ``du`` au ``au`` inclus."""

    du: _dt.date
    au: _dt.date
    valeurs: Mapping[str, Decimal]
    source: str
    texte: str
    verified_on: _dt.date
    verification: str
    autres_sources: tuple[str, ...] = ()
    date_decision: _dt.date | None = None
    confiance: Mapping[str, str] | None = None  # par catégorie (clé "taux" sans catégorie)
    note: str | None = None
    fourni_par: str | None = None  # un fichier de taux fourni (cabinet), pas la table du paquet

    def confiance_de(self, categorie: str | None = None) -> str:
        """La confiance de la valeur (``verifie``, ``verifie_secondaire``, ``incertain``) pour la catégorie.

        À défaut d'une confiance déclarée : ``verifie_secondaire`` pour une valeur confirmée par au moins deux
        sources (``verification`` en ``verified_…``), ``incertain`` sinon.
        """
        if self.confiance:
            return self.confiance.get(categorie or "taux") or next(iter(self.confiance.values()))
        return "verifie_secondaire" if self.verification.startswith("verified") else "incertain"


@dataclass(frozen=True)
class TableTaux:
    """Une table de taux chargée et vérifiée (sans lacune ni chevauchement)."""

    nom: str
    description: str
    connu_jusqu_au: _dt.date
    valeurs: tuple[ValeurTaux, ...]
    categories: tuple[str, ...] | None = None

    @property
    def debut(self) -> _dt.date:
        return self.valeurs[0].du

    def valeur_au(self, d: _dt.date) -> ValeurTaux:
        """La valeur en vigueur le jour ``d`` ; :class:`TauxInconnu` hors de la table."""
        if d < self.debut or d > self.connu_jusqu_au:
            raise TauxInconnu(
                f"{self.nom} : aucun taux connu pour le {d.isoformat()} ; la table couvre du "
                f"{self.debut.isoformat()} au {self.connu_jusqu_au.isoformat()}."
            )
        # Tables courtes (quelques dizaines de lignes) : un parcours suffit.
        for v in reversed(self.valeurs):
            if v.du <= d:
                return v
        raise AssertionError("table vérifiée au chargement")  # pragma: no cover


class TauxApplicable(BaseModel):
    """Un taux (pourcentage annuel) applicable à une date, avec sa période, sa source et son texte."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    valeur: Decimal
    du: _dt.date
    au: _dt.date
    source: str
    texte: str
    table: str
    categorie: str | None = None
    fourni: bool = False
    verification: str | None = None
    avertissements: tuple[Any, ...] = ()  # str, or AvertissementTaux (its code kept)
    confiance: str | None = None
    fourni_par: str | None = None


# --------------------------------------------------------------------------------------------
# Chargement des tables


def _erreur(nom: str, message: str) -> TableTauxInvalide:
    return TableTauxInvalide(f"{nom} : {message}")


def _est_date(x: object) -> bool:
    return isinstance(x, _dt.date) and not isinstance(x, _dt.datetime)


def _decimal_depuis_chaine(nom: str, ou: str, brut: object) -> Decimal:
    # Un flottant YAML (4.06 sans guillemets) perdrait l'exactitude décimale : on exige une chaîne.
    if not isinstance(brut, str):
        raise _erreur(nom, f"{ou} : la valeur doit être une chaîne entre guillemets (ex. \"4.06\"), pas {brut!r}.")
    try:
        v = Decimal(brut)
    except InvalidOperation:
        raise _erreur(nom, f"{ou} : {brut!r} n'est pas un nombre décimal.") from None
    if not v.is_finite():
        raise _erreur(nom, f"{ou} : {brut!r} n'est pas un nombre fini.")
    return v


def _confiance(nom: str, du: _dt.date, brut: object, categories: tuple[str, ...] | None) -> Mapping[str, str] | None:
    """``confiance`` d'une valeur : un niveau pour toute la ligne, ou un niveau par catégorie."""
    if brut is None:
        return None
    ou = f"valeur du {du.isoformat()} : confiance"
    cles = categories or ("taux",)
    if isinstance(brut, str):
        brut = {c: brut for c in cles}
    if not isinstance(brut, dict) or set(brut) != set(cles):
        raise _erreur(nom, f"{ou} doit être un niveau ({', '.join(CONFIANCES)}) ou un niveau par catégorie "
                           f"({', '.join(cles)}).")
    for c, v in brut.items():
        if v not in CONFIANCES:
            raise _erreur(nom, f"{ou} ({c}) : « {v} » n'est pas un niveau ({', '.join(CONFIANCES)}).")
    return dict(brut)


def _erreur_yaml(nom: str, e: Exception) -> Exception | None:
    """L'erreur à lever pour une table que le lecteur YAML refuse (None si ``e`` ne vient pas de lui).
    ruamel n'est importé qu'ici, quand une table ne se lit pas : pas à chaque démarrage (issue 23)."""
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import YAMLError

    if isinstance(e, DuplicateKeyError):
        # Deux valeurs au même jour de début : un chevauchement, à nommer comme tel.
        ligne = e.problem_mark.line + 1 if e.problem_mark is not None else "?"
        cle = re.search(r'duplicate key "([^"]*)"', e.problem or "")
        return _erreur(
            nom, f"chevauchement : deux entrées pour la même clé {cle.group(1) if cle else '?'} (ligne {ligne}).")
    if isinstance(e, YAMLError):
        return _erreur(nom, f"YAML invalide : {e}")
    return None


def charger_table(chemin: str | Path | Any) -> TableTaux:
    """Charge et vérifie une table de taux YAML ; refuse lacunes, chevauchements et champs inconnus.

    ``chemin`` est un chemin de fichier ou un ``Traversable`` d'``importlib.resources``.
    """
    nom = getattr(chemin, "name", str(chemin))
    try:
        texte = chemin.read_text(encoding="utf-8") if hasattr(chemin, "read_text") else Path(chemin).read_text(
            encoding="utf-8"
        )
    except OSError as e:
        raise _erreur(nom, f"lecture impossible ({e}).") from e
    try:
        from .._base.cache import cached_yaml  # parsed once per table version (cold start, issue 14)

        doc = cached_yaml(texte)
    except Exception as e:
        erreur = _erreur_yaml(nom, e)
        if erreur is None:
            raise
        raise erreur from e
    if not isinstance(doc, dict):
        raise _erreur(nom, "le document doit être un dictionnaire.")
    manquantes = _CLES_RACINE_OBLIGATOIRES - doc.keys()
    if manquantes:
        raise _erreur(nom, f"champ(s) obligatoire(s) absent(s) : {', '.join(sorted(manquantes))}.")
    inconnues = doc.keys() - _CLES_RACINE_OBLIGATOIRES - _CLES_RACINE_FACULTATIVES
    if inconnues:
        raise _erreur(nom, f"champ(s) inconnu(s) : {', '.join(sorted(map(str, inconnues)))}.")
    connu_jusqu_au = doc["connu_jusqu_au"]
    if not _est_date(connu_jusqu_au):
        raise _erreur(nom, f"connu_jusqu_au doit être une date ISO, pas {connu_jusqu_au!r}.")
    categories = doc.get("categories")
    if categories is not None:
        if not (isinstance(categories, list) and categories and all(isinstance(c, str) for c in categories)):
            raise _erreur(nom, "categories doit être une liste de noms.")
        categories = tuple(categories)
    brutes = doc["valeurs"]
    if not isinstance(brutes, dict) or not brutes:
        raise _erreur(nom, "valeurs doit être un dictionnaire non vide, indexé par date de début.")
    for cle in brutes:
        if not _est_date(cle):
            raise _erreur(nom, f"valeurs : la clé {cle!r} n'est pas une date ISO (AAAA-MM-JJ).")

    debuts = sorted(brutes)
    lues: list[tuple[_dt.date, _dt.date | None, dict[str, Decimal], dict[str, Any]]] = []
    for du in debuts:
        e = brutes[du]
        ou = f"valeur du {du.isoformat()}"
        if not isinstance(e, dict):
            raise _erreur(nom, f"{ou} : un dictionnaire est attendu.")
        manquantes = _CLES_VALEUR_OBLIGATOIRES - e.keys()
        if manquantes:
            raise _erreur(nom, f"{ou} : champ(s) obligatoire(s) absent(s) : {', '.join(sorted(manquantes))}.")
        inconnues = e.keys() - _CLES_VALEUR_OBLIGATOIRES - _CLES_VALEUR_FACULTATIVES
        if inconnues:
            raise _erreur(nom, f"{ou} : champ(s) inconnu(s) : {', '.join(sorted(map(str, inconnues)))}.")
        au = e.get("au")
        if au is not None and (not _est_date(au) or au < du):
            raise _erreur(nom, f"{ou} : au ({au!r}) doit être une date postérieure ou égale au début.")
        for champ in ("verified_on", "date_decision"):
            if champ in e and not _est_date(e[champ]):
                raise _erreur(nom, f"{ou} : {champ} doit être une date ISO, pas {e[champ]!r}.")
        for champ in ("source", "texte", "verification"):
            if not isinstance(e[champ], str) or not e[champ].strip():
                raise _erreur(nom, f"{ou} : {champ} doit être un texte non vide.")
        brut = e["valeur"]
        if categories is None:
            valeurs = {"taux": _decimal_depuis_chaine(nom, ou, brut)}
        elif isinstance(brut, dict):
            if set(brut) != set(categories):
                raise _erreur(
                    nom, f"{ou} : catégories {sorted(map(str, brut))} au lieu de {sorted(categories)}."
                )
            valeurs = {c: _decimal_depuis_chaine(nom, f"{ou} ({c})", brut[c]) for c in categories}
        else:
            # Une seule valeur pour toutes les catégories (intérêt légal annuel unique avant 2015).
            v = _decimal_depuis_chaine(nom, ou, brut)
            valeurs = {c: v for c in categories}
        lues.append((du, au, valeurs, e))

    valeurs_finales: list[ValeurTaux] = []
    for i, (du, au, valeurs, e) in enumerate(lues):
        if i + 1 < len(lues):
            suivant = lues[i + 1][0]
            if au is None:
                au = suivant - _UN_JOUR
            elif au + _UN_JOUR < suivant:
                raise _erreur(
                    nom,
                    f"lacune : la valeur du {du.isoformat()} finit le {au.isoformat()} mais la suivante "
                    f"ne commence que le {suivant.isoformat()}.",
                )
            elif au + _UN_JOUR > suivant:
                raise _erreur(
                    nom,
                    f"chevauchement : la valeur du {du.isoformat()} court jusqu'au {au.isoformat()} alors "
                    f"que la suivante commence le {suivant.isoformat()}.",
                )
        else:
            if connu_jusqu_au < du:
                raise _erreur(
                    nom,
                    f"connu_jusqu_au ({connu_jusqu_au.isoformat()}) précède la dernière valeur ({du.isoformat()}).",
                )
            if au is None:
                au = connu_jusqu_au
            elif au != connu_jusqu_au:
                raise _erreur(
                    nom,
                    f"la dernière valeur ({du.isoformat()}) finit le {au.isoformat()} mais la table se dit "
                    f"connue jusqu'au {connu_jusqu_au.isoformat()}.",
                )
        confiance = _confiance(nom, du, e.get("confiance"), categories)
        autres = e.get("autres_sources") or ()
        if not isinstance(autres, list | tuple) or not all(isinstance(s, str) for s in autres):
            raise _erreur(nom, f"valeur du {du.isoformat()} : autres_sources doit être une liste de textes.")
        valeurs_finales.append(
            ValeurTaux(
                du=du,
                au=au,
                valeurs=valeurs,
                source=e["source"],
                texte=e["texte"],
                verified_on=e["verified_on"],
                verification=e["verification"],
                autres_sources=tuple(autres),
                date_decision=e.get("date_decision"),
                confiance=confiance,
                note=e.get("note") if isinstance(e.get("note"), str) else None,
            )
        )
    return TableTaux(
        nom=nom,
        description=str(doc["description"]),
        connu_jusqu_au=connu_jusqu_au,
        valeurs=tuple(valeurs_finales),
        categories=categories,
    )


@lru_cache(maxsize=None)
def _table_paquet(fichier: str) -> TableTaux:
    # Cache en lecture seule : les tables sont immuables (dataclasses figées, tuples).
    return charger_table(resources.files("creances_rules").joinpath(f"{_DOSSIER_TABLES}/{fichier}"))


def table_interet_legal() -> TableTaux:
    """La table du taux de l'intérêt légal (``taux_interet_legal.yaml``)."""
    return _table_paquet("taux_interet_legal.yaml")


def table_bce() -> TableTaux:
    """La table du taux des opérations principales de refinancement de la BCE (``taux_bce_refinancement.yaml``)."""
    return _table_paquet("taux_bce_refinancement.yaml")


# --------------------------------------------------------------------------------------------
# Périodes


def _verifier_date(d: object, argument: str) -> _dt.date:
    if not _est_date(d):
        raise EntreeInvalide(f"{argument} doit être une date (datetime.date), pas {d!r}.")
    return d  # type: ignore[return-value]


def debut_semestre(d: _dt.date) -> _dt.date:
    """Le 1er janvier ou le 1er juillet du semestre contenant ``d``."""
    return _dt.date(d.year, 1 if d.month <= 6 else 7, 1)


def fin_semestre(d: _dt.date) -> _dt.date:
    """Le 30 juin ou le 31 décembre du semestre contenant ``d``."""
    return _dt.date(d.year, 6, 30) if d.month <= 6 else _dt.date(d.year, 12, 31)


def periode_taux_legal(d: _dt.date) -> tuple[_dt.date, _dt.date]:
    """La période de fixation du taux légal contenant ``d`` : le semestre depuis 2015, l'année avant.

    Références : C. mon. fin., art. L313-2 (rédaction de l'ordonnance n° 2014-947, au 1er janvier 2015).
    """
    if d >= DEBUT_TAUX_SEMESTRIELS:
        return debut_semestre(d), fin_semestre(d)
    return _dt.date(d.year, 1, 1), _dt.date(d.year, 12, 31)


def _verifier_taux_fournis(
    taux_fournis: Mapping[_dt.date, Decimal] | None, argument: str, *, semestriel_seulement: bool
) -> Mapping[_dt.date, Decimal]:
    if taux_fournis is None:
        return {}
    if not isinstance(taux_fournis, Mapping):
        raise EntreeInvalide(f"{argument} doit être un dictionnaire {{date de début de période: Decimal}}.")
    for cle, v in taux_fournis.items():
        if not _est_date(cle):
            raise EntreeInvalide(f"{argument} : la clé {cle!r} n'est pas une date.")
        debut_valide = cle.day == 1 and (
            cle.month in (1, 7) if (semestriel_seulement or cle >= DEBUT_TAUX_SEMESTRIELS) else cle.month == 1
        )
        if not debut_valide:
            raise EntreeInvalide(
                f"{argument} : la clé {cle.isoformat()} doit être le début d'une période de taux "
                "(1er janvier ou 1er juillet ; 1er janvier seulement avant 2015 pour le taux légal)."
            )
        if isinstance(v, bool) or not isinstance(v, Decimal | int) or not Decimal(v).is_finite():
            raise EntreeInvalide(f"{argument}[{cle.isoformat()}] doit être un Decimal fini, pas {v!r}.")
    return taux_fournis


def _fmt(v: Decimal) -> str:
    return f"{v:f}".replace(".", ",")


# --------------------------------------------------------------------------------------------
# Taux fournis par un fichier (un cabinet) : une seule recherche, tables du paquet comprises


@dataclass(frozen=True)
class TauxFichier:
    """Des périodes de taux qu'un fichier fournit (``--taux FICHIER.yaml``, ``evaluate(..., taux=...)``).

    Elles s'ajoutent aux tables du paquet ou remplacent leurs valeurs pour les mêmes jours ; chaque ligne
    de calcul qui les utilise le dit (« taux fourni par … »). ``interet_legal`` : une valeur par période
    de fixation (semestre depuis 2015), avec une ou deux catégories ; ``bce`` : des périodes du taux des
    opérations principales de refinancement, ``du`` / ``au`` explicites.
    """

    fournisseur: str
    chemin: str | None = None
    interet_legal: tuple[ValeurTaux, ...] = ()
    bce: tuple[ValeurTaux, ...] = ()

    def legal_au(self, d: _dt.date, categorie: str) -> ValeurTaux | None:
        for v in self.interet_legal:
            if v.du <= d <= v.au and categorie in v.valeurs:
                return v
        return None

    def bce_au(self, d: _dt.date) -> ValeurTaux | None:
        for v in self.bce:
            if v.du <= d <= v.au:
                return v
        return None


_ACTIF: ContextVar[TauxFichier | None] = ContextVar("creances_rules_taux_fichier", default=None)


@contextmanager
def taux_actifs(fichier: TauxFichier | None) -> Iterator[TauxFichier | None]:
    """Pendant le bloc, toute recherche de taux lit d'abord ``fichier`` (``None`` : les seules tables)."""
    jeton = _ACTIF.set(fichier)
    try:
        yield fichier
    finally:
        _ACTIF.reset(jeton)


def taux_fichier_actif() -> TauxFichier | None:
    """Le fichier de taux en vigueur pour l'évaluation en cours (``None`` : les tables du paquet seules)."""
    return _ACTIF.get()


def _mention_fichier(f: TauxFichier) -> str:
    return f"taux fourni par {f.fournisseur}" + (f" ({f.chemin})" if f.chemin else "")


def _depuis_fichier(f: TauxFichier, v: ValeurTaux, cle: str, table: TableTaux, categorie: str | None,
                    de_la_table: Decimal | None, quoi: str) -> TauxApplicable:
    valeur = v.valeurs[cle]
    mention = _mention_fichier(f)
    avertissements = [_averti(f"{quoi} du {v.du.isoformat()} au {v.au.isoformat()}"
                              + (f" ({categorie})" if categorie else "") + f" : {_fmt(valeur)} %, {mention}.")]
    if de_la_table is not None and de_la_table != valeur:
        avertissements.append(_averti(f"{quoi} : le taux fourni ({_fmt(valeur)} %) remplace celui de la table "
                                      f"{table.nom} ({_fmt(de_la_table)} %) du {v.du.isoformat()} au "
                                      f"{v.au.isoformat()}."))
    return TauxApplicable(
        valeur=valeur, du=v.du, au=v.au, source=v.source or mention, texte=f"{mention} : {v.texte}",
        table=table.nom, categorie=categorie, fourni=True, verification=v.verification,
        avertissements=tuple(avertissements), confiance=v.confiance_de(cle), fourni_par=f.fournisseur,
    )


def _dans_table(table: TableTaux, d: _dt.date) -> bool:
    return table.debut <= d <= table.connu_jusqu_au


# --------------------------------------------------------------------------------------------
# Taux publics


def taux_interet_legal(
    d: _dt.date,
    categorie: Categorie,
    taux_fournis: Mapping[_dt.date, Decimal] | None = None,
) -> TauxApplicable:
    """Le taux de l'intérêt légal en vigueur le jour ``d`` pour la catégorie de créancier donnée.

    ``categorie`` : ``"creancier_particulier"`` (personne physique n'agissant pas pour des besoins
    professionnels) ou ``"autres_cas"``. Avant 2015 un seul taux annuel vaut pour les deux.
    Une seule recherche : le fichier de taux actif (:func:`taux_actifs`), sinon la table du paquet,
    sinon ``taux_fournis`` (taux du dossier pour des périodes absentes des deux, indexés par le début
    de la période : 1er janvier / 1er juillet).

    Références : C. mon. fin., art. L313-2 et D313-1-A ; arrêtés semestriels (voir la table).
    """
    _verifier_date(d, "d")
    if categorie not in CATEGORIES:
        raise EntreeInvalide(f"categorie doit valoir {' ou '.join(CATEGORIES)}, pas {categorie!r}.")
    fournis = _verifier_taux_fournis(taux_fournis, "taux_fournis", semestriel_seulement=False)
    table = table_interet_legal()
    du, au = periode_taux_legal(d)
    fichier = taux_fichier_actif()
    v_fichier = fichier.legal_au(d, categorie) if fichier is not None else None
    if v_fichier is not None:
        de_la_table = table.valeur_au(d).valeurs[categorie] if _dans_table(table, d) else None
        return _depuis_fichier(fichier, v_fichier, categorie, table, categorie, de_la_table,  # type: ignore[arg-type]
                               "Taux de l'intérêt légal")
    if _dans_table(table, d):
        v = table.valeur_au(d)
        valeur = v.valeurs[categorie]
        avertissements: tuple[str, ...] = ()
        if du in fournis and Decimal(fournis[du]) != valeur:
            avertissements = (
                f"Taux légal fourni pour la période commençant le {du.isoformat()} ({_fmt(Decimal(fournis[du]))} %) "
                f"ignoré : la table donne {_fmt(valeur)} % ({v.texte}).",
            )
        return TauxApplicable(
            valeur=valeur,
            du=v.du,
            au=v.au,
            source=v.source,
            texte=v.texte,
            table=table.nom,
            categorie=categorie,
            verification=v.verification,
            avertissements=avertissements,
            confiance=v.confiance_de(categorie),
        )
    if du in fournis:
        valeur = Decimal(fournis[du])
        return TauxApplicable(
            valeur=valeur,
            du=du,
            au=au,
            source="taux fourni par l'utilisateur",
            texte="taux fourni par l'utilisateur (absent de la table)",
            table=table.nom,
            categorie=categorie,
            fourni=True,
            avertissements=(_averti(
                f"Taux de l'intérêt légal du {du.isoformat()} au {au.isoformat()} ({categorie}) fourni par "
                f"l'utilisateur : {_fmt(valeur)} %. La table {table.nom} ne couvre que du "
                f"{table.debut.isoformat()} au {table.connu_jusqu_au.isoformat()} ; vérifiez l'arrêté."),
            ),
            confiance="incertain",
            fourni_par="le dossier (taux_fournis)",
        )
    raise TauxInconnu(
        f"{table.nom} : taux de l'intérêt légal inconnu pour le {d.isoformat()} (catégorie {categorie}) ; "
        f"la table couvre du {table.debut.isoformat()} au {table.connu_jusqu_au.isoformat()}. "
        f"Fournissez-le par taux_fournis[{du.isoformat()}] ou dans un fichier de taux (--taux)."
    )


def taux_bce(d: _dt.date) -> TauxApplicable:
    """Le taux des opérations principales de refinancement de la BCE en vigueur le jour ``d`` (date d'effet).

    Le fichier de taux actif (:func:`taux_actifs`) prime sur la table du paquet pour les jours qu'il couvre.

    Références : décisions du Conseil des gouverneurs de la BCE (voir la table) ; usage : C. com.,
    art. L441-10 II.
    """
    _verifier_date(d, "d")
    table = table_bce()
    fichier = taux_fichier_actif()
    v_fichier = fichier.bce_au(d) if fichier is not None else None
    if v_fichier is not None:
        de_la_table = table.valeur_au(d).valeurs["taux"] if _dans_table(table, d) else None
        return _depuis_fichier(fichier, v_fichier, "taux", table, None, de_la_table,  # type: ignore[arg-type]
                               "Taux BCE")
    v = table.valeur_au(d)
    return TauxApplicable(
        valeur=v.valeurs["taux"],
        du=v.du,
        au=v.au,
        source=v.source,
        texte=v.texte,
        table=table.nom,
        verification=v.verification,
        confiance=v.confiance_de(),
    )


def taux_penalites_defaut(
    d: _dt.date, taux_bce_fournis: Mapping[_dt.date, Decimal] | None = None
) -> TauxApplicable:
    """Le taux légal des pénalités de retard à défaut de taux convenu : taux BCE du 1er janvier ou du 1er juillet + 10 points.

    Pour un jour du premier semestre, le taux BCE en vigueur au 1er janvier ; du second, au 1er juillet.
    Le taux BCE vient de :func:`taux_bce` (fichier de taux actif, puis table) ; ``taux_bce_fournis`` :
    taux BCE en vigueur au 1er janvier / 1er juillet, pour les semestres que ni le fichier ni la table
    ne couvrent (taux du dossier).

    Références : C. com., art. L441-10 II (ex-L441-6) ;
    https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038414392
    """
    _verifier_date(d, "d")
    if d < DEBUT_REGLE_SEMESTRIELLE_PENALITES:
        raise RegleNonModelisee(
            f"Pénalités L441-10 au {d.isoformat()} : la règle du taux BCE au 1er janvier / 1er juillet n'est "
            "modélisée qu'à partir du 1er janvier 2013."
        )
    fournis = _verifier_taux_fournis(taux_bce_fournis, "taux_bce_fournis", semestriel_seulement=True)
    s, f = debut_semestre(d), fin_semestre(d)
    table = table_bce()
    avertissements: tuple[str, ...] = ()
    fichier = taux_fichier_actif()
    confiance: str | None
    fourni_par: str | None = None
    if _dans_table(table, s) or (fichier is not None and fichier.bce_au(s) is not None):
        b = taux_bce(s)
        bce, source, fourni, verification, origine = b.valeur, b.source, b.fourni, b.verification, b.texte
        avertissements, confiance, fourni_par = b.avertissements, b.confiance, b.fourni_par
        if s in fournis and Decimal(fournis[s]) != bce:
            avertissements = (*avertissements,
                              f"Taux BCE fourni pour le {s.isoformat()} ({_fmt(Decimal(fournis[s]))} %) ignoré : "
                              f"{'le fichier de taux' if fourni else 'la table'} donne {_fmt(bce)} %.")
    elif s in fournis:
        bce, source, fourni, verification = Decimal(fournis[s]), "taux fourni par l'utilisateur", True, None
        origine = "taux fourni par l'utilisateur (absent de la table)"
        confiance, fourni_par = "incertain", "le dossier (taux_fournis)"
        avertissements = (_averti(
            f"Taux BCE au {s.isoformat()} fourni par l'utilisateur : {_fmt(bce)} %. La table {table.nom} n'est "
            f"connue que jusqu'au {table.connu_jusqu_au.isoformat()} ; vérifiez les décisions de la BCE."),
        )
    else:
        raise TauxInconnu(
            f"{table.nom} : taux BCE inconnu au {s.isoformat()} (début du semestre du {d.isoformat()}) ; la table "
            f"couvre du {table.debut.isoformat()} au {table.connu_jusqu_au.isoformat()}. "
            f"Fournissez-le par taux_bce_fournis[{s.isoformat()}] ou dans un fichier de taux (--taux)."
        )
    valeur = bce + MAJORATION_PENALITES_DEFAUT
    return TauxApplicable(
        valeur=valeur,
        du=s,
        au=f,
        source=source,
        texte=(
            f"C. com., art. L441-10 II : taux BCE en vigueur le {s.isoformat()} ({_fmt(bce)} % ; {origine}) "
            f"majoré de 10 points = {_fmt(valeur)} %"
        ),
        table=table.nom,
        fourni=fourni,
        verification=verification,
        avertissements=avertissements,
        confiance=confiance,
        fourni_par=fourni_par,
    )


def plancher_penalites(
    d: _dt.date, taux_legal_fournis: Mapping[_dt.date, Decimal] | None = None
) -> TauxApplicable:
    """Le taux minimal des pénalités convenues : trois fois le taux de l'intérêt légal « autres cas » de la période de ``d``.

    Le créancier de L441-10 agit pour des besoins professionnels : son taux légal est celui des
    « autres cas » (L313-2). Le plancher suit les périodes du taux légal (semestre depuis 2015, année avant).

    Références : C. com., art. L441-10 II ; C. mon. fin., art. L313-2.
    """
    _verifier_date(d, "d")
    if d < DEBUT_PLANCHER_3X:
        raise RegleNonModelisee(
            f"Plancher des pénalités au {d.isoformat()} : le plancher de trois fois le taux légal (loi LME) "
            "n'est modélisé qu'à partir du 1er janvier 2009."
        )
    til = taux_interet_legal(d, "autres_cas", taux_legal_fournis)
    valeur = MULTIPLE_PLANCHER * til.valeur
    return TauxApplicable(
        valeur=valeur,
        du=til.du,
        au=til.au,
        source=til.source,
        texte=(
            f"C. com., art. L441-10 II : 3 × taux de l'intérêt légal « autres cas » ({_fmt(til.valeur)} % ; "
            f"{til.texte}) = {_fmt(valeur)} %"
        ),
        table=til.table,
        categorie="autres_cas",
        fourni=til.fourni,
        verification=til.verification,
        avertissements=til.avertissements,
        confiance=til.confiance,
        fourni_par=til.fourni_par,
    )


# --------------------------------------------------------------------------------------------
# Jusqu'où les taux sont connus (tables, fichier actif, taux du dossier)


def legal_connu_jusqu_au(categorie: str, taux_fournis: Mapping[_dt.date, Decimal] | None = None) -> _dt.date:
    """Dernier jour dont le taux légal de ``categorie`` est connu sans interruption depuis le début de la table :
    la table, prolongée période par période par le fichier de taux actif et par ``taux_fournis``."""
    fin = table_interet_legal().connu_jusqu_au
    fichier = taux_fichier_actif()
    fournis = taux_fournis or {}
    while fin < _dt.date.max - _dt.timedelta(days=400):
        suivant = fin + _UN_JOUR
        if not (suivant in fournis or (fichier is not None and fichier.legal_au(suivant, categorie) is not None)):
            break
        fin = periode_taux_legal(suivant)[1]
    return fin


def penalites_connu_jusqu_au(taux_bce_fournis: Mapping[_dt.date, Decimal] | None = None) -> _dt.date:
    """Dernier jour dont le taux par défaut des pénalités L441-10 est connu : fin du dernier semestre dont le
    taux BCE du premier jour est connu (table, fichier de taux actif, ``taux_bce_fournis``), sans interruption."""
    table = table_bce()
    fichier = taux_fichier_actif()
    fournis = taux_bce_fournis or {}
    fin = fin_semestre(table.connu_jusqu_au)  # le 1er jour du semestre de connu_jusqu_au est dans la table
    while fin < _dt.date.max - _dt.timedelta(days=400):
        s = fin + _UN_JOUR
        if not (s in fournis or (fichier is not None and fichier.bce_au(s) is not None)):
            break
        fin = fin_semestre(s)
    return fin
