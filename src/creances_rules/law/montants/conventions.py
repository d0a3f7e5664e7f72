"""Conventions de calcul de tous les montants : arrondi, base de 365 jours, lignes à taux constant, contrôles d'entrée.

Conventions, fixées ici une fois pour tout le paquet `creances_rules.montants` :

- Argent et taux en ``Decimal`` ; un taux est un pourcentage annuel (``Decimal("14.50")`` = 14,50 %).
- Jours : les intérêts courent du lendemain du jour de départ (échéance, mise en demeure) jusqu'au
  jour ``jusqu_au`` inclus ; nombre de jours = ``jusqu_au - depart``. Pour les pénalités, c'est le texte
  (C. com., L441-10 II : « exigibles le jour suivant la date de règlement ») ; pour les intérêts
  moratoires, c'est un choix signalé dans ``hypotheses``.
- Base annuelle de 365 jours, même en année bissextile : méthode que service-public.fr (fiche F20688)
  indique sur avis de la Banque de France ; aucun texte ne la fixe (voir ``BASE_ANNUELLE``).
- Chaque période de taux est une ligne ; son montant est arrondi au centime, demi-centime vers le
  haut (``ROUND_HALF_UP``). Le total est la somme des lignes arrondies.
- Intérêts simples : pas de capitalisation (voir :func:`interets_capitalisables`).

Références : C. mon. fin., art. L313-2 (taux) ; ordonnance n° 2016-131, art. 9 (contrats antérieurs au
1er octobre 2016 : ancien droit) ; service-public.fr, fiche F20688 (base de 365 jours).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from creances_rules.law.taux import EntreeInvalide, TauxApplicable, fin_semestre, taux_fichier_actif


BASE_ANNUELLE = Decimal(365)
CENTIME = Decimal("0.01")
ZERO = Decimal("0.00")
# Ordonnance n° 2016-131, art. 9 : contrats conclus avant le 1er octobre 2016 = ancien droit (1153, 1154).
REFORME_OBLIGATIONS = _dt.date(2016, 10, 1)
_UN_JOUR = _dt.timedelta(days=1)
# Citations : mêmes clés et URL que le catalogue data/citations.yaml.
_CITATIONS: dict[str, dict[str, str]] = {
    "c_com_l441_10": {
        "code": "C. com.",
        "article": "L441-10",
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038414392",
    },
    "c_com_l441_6_ancien": {
        "code": "C. com.",
        "article": "L441-6 (ancien)",
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037556544",
    },
    "c_com_d441_5": {
        "code": "C. com.",
        "article": "D441-5",
        "url": "https://www.legifrance.gouv.fr/codes/id/LEGITEXT000005634379",
    },
    "cjue_2023_05_04_c_78_22": {
        "code": "CJUE",
        "article": "4 mai 2023, C-78/22, ALD Automotive",
        "url": "https://eur-lex.europa.eu/legal-content/fr/ALL/?uri=CELEX%3A62022CJ0078",
    },
    "cmf_l313_2": {
        "code": "CMF",
        "article": "L313-2",
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006652081",
    },
    "cmf_l313_3": {
        "code": "CMF",
        "article": "L313-3",
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006652082",
    },
    "c_civ_1231_6": {
        "code": "C. civ.",
        "article": "1231-6",
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032010133",
    },
    "c_civ_1344_1": {
        "code": "C. civ.",
        "article": "1344-1",
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032035273",
    },
    "c_civ_1153_ancien": {
        "code": "C. civ.",
        "article": "1153 (ancien)",
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006436390",
    },
    "c_civ_1342_10": {
        "code": "C. civ.",
        "article": "1342-10",
        "url": "https://www.legifrance.gouv.fr/codes/id/LEGITEXT000006070721",
    },
    "c_civ_1343_1": {
        "code": "C. civ.",
        "article": "1343-1",
        "url": "https://www.legifrance.gouv.fr/codes/id/LEGITEXT000006070721",
    },
    "c_civ_1343_2": {
        "code": "C. civ.",
        "article": "1343-2",
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032035261",
    },
    "c_civ_1154_ancien": {
        "code": "C. civ.",
        "article": "1154 (ancien)",
        "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006436422",
    },
}


def _citations(*cles: str) -> list[dict[str, str]]:
    return [{"cle": c, **_CITATIONS[c]} for c in cles]


HYPOTHESE_BASE_365 = (
    "Base annuelle de 365 jours, y compris en année bissextile : méthode indiquée par service-public.fr "
    "(fiche F20688, « même si 2020 est une année bissextile, il convient d'utiliser 36 500 ») sur avis de la "
    "Banque de France ; aucun texte ne fixe cette convention."
)
HYPOTHESE_ARRONDI = (
    "Arrondi au centime à la fin de chaque ligne, le demi-centime étant arrondi au centime supérieur "
    "(ROUND_HALF_UP) ; le total est la somme des lignes arrondies."
)
HYPOTHESE_SIMPLES = (
    "Intérêts simples, sans capitalisation (C. civ., art. 1343-2 : seulement si le contrat le prévoit ou si "
    "une décision de justice le précise)."
)
HYPOTHESE_TAUX = "Taux exprimés en pourcentage annuel ; chaque ligne couvre une période à taux constant."


# --------------------------------------------------------------------------------------------
# Modèles de résultat


class LigneInterets(BaseModel):
    """Une période à taux constant : du ``du`` au ``au`` inclus, ``jours`` jours au ``taux`` annuel sur ``base``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    du: _dt.date
    au: _dt.date
    jours: int
    taux: Decimal
    base: Decimal
    montant: Decimal
    nature: Literal[
        "taux_bce_plus_10_points",
        "taux_contractuel",
        "plancher_3_fois_taux_legal",
        "taux_legal",
        "taux_legal_majore_5_points",
    ]
    source: str
    texte: str
    taux_fourni: bool = False


class CalculInterets(BaseModel):
    """Le résultat d'un calcul d'intérêts ou de pénalités, ligne par ligne, avec ses sources et hypothèses."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    montant: Decimal
    jours: int
    lignes: list[LigneInterets]
    citations: list[dict[str, str]]
    hypotheses: list[str]
    # Any: a coded warning (a str subclass carrying ``code``, e.g. « taux_fourni ») keeps its code.
    avertissements: list[Any] = Field(default_factory=list)
    constats: list[str] = Field(default_factory=list)
    plancher_applique: bool = False
    taux_fournis_utilises: bool = False


# --------------------------------------------------------------------------------------------
# Contrôles d'entrée


def _date(x: object, argument: str) -> _dt.date:
    if not isinstance(x, _dt.date) or isinstance(x, _dt.datetime):
        raise EntreeInvalide(f"{argument} doit être une date (datetime.date), pas {x!r}.")
    return x


def _decimal(x: object, argument: str, *, positif: bool = True) -> Decimal:
    # Un float porterait une erreur binaire (0.1 != 1/10) : refusé, comme pour l'argent partout ici.
    if isinstance(x, bool) or not isinstance(x, Decimal | int):
        raise EntreeInvalide(f"{argument} doit être un Decimal (pas un float), pas {x!r}.")
    v = Decimal(x)
    if not v.is_finite():
        raise EntreeInvalide(f"{argument} doit être un nombre fini, pas {x!r}.")
    if positif and v < 0:
        raise EntreeInvalide(f"{argument} doit être positif ou nul, pas {v}.")
    return v


def _arrondi(x: Decimal) -> Decimal:
    return x.quantize(CENTIME, rounding=ROUND_HALF_UP)


# Précision large pour que le seul arrondi qui compte soit celui au centime : un contexte fixe de 60 chiffres (les
# autres réglages, ceux du contexte par défaut), le même quel que soit le contexte de l'appelant.
_PRECIS = Context(prec=60)
_DIVISEUR = 100 * BASE_ANNUELLE


def _interets(base: Decimal, taux: Decimal, jours: int) -> Decimal:
    """base × taux × jours / 36 500, arrondi une fois au centime (demi-centime vers le haut)."""
    if base and taux and jours:
        return _interets_non_nuls(base, taux, jours)
    return _calcul_interets(base, taux, jours)


@lru_cache(maxsize=4096)
def _interets_non_nuls(base: Decimal, taux: Decimal, jours: int) -> Decimal:
    # Fonction pure de trois nombres, demandée souvent pour les mêmes (le cours d'une ligne prolongée jour après
    # jour, les deux lectures d'un décompte) : des arguments égaux (1,0 et 1,00) donnent le même montant non nul au
    # centime, donc la mémoire est exacte. Un produit nul n'y passe pas : son signe (0,00 ou -0,00) suit celui des
    # arguments. Bornée : la mémoire du processus reste plate.
    return _calcul_interets(base, taux, jours)


def _calcul_interets(base: Decimal, taux: Decimal, jours: int) -> Decimal:
    precis = _PRECIS
    return _arrondi(precis.divide(precis.multiply(precis.multiply(base, taux), jours), _DIVISEUR))


# The rate lookups of law.taux, remembered for the rates file they were made under (a new file, a new memory): a
# pure function of the day, its other arguments, the rates the dossier supplies, that file and the package tables
# (read once per process). Bounded: emptied past _TAUX_MAX entries. Errors (unknown rate…) are raised again.
_TAUX_MAX = 4096
_memoire_taux: tuple[object, dict[tuple[Any, ...], TauxApplicable]] = (object(), {})


def taux_memorise(recherche: Callable[..., TauxApplicable], d: _dt.date, *args: Any,
                  fournis: Mapping[_dt.date, Decimal] | None) -> TauxApplicable:
    """``recherche(d, *args, fournis)``, one of the rate lookups of law.taux, computed once per set of inputs."""
    global _memoire_taux
    fichier = taux_fichier_actif()
    sous, memoire = _memoire_taux  # one read: the memory and the file it belongs to go together
    if sous is not fichier:
        memoire = {}
        _memoire_taux = (fichier, memoire)
    # The supplied rates as written (3,15 and 3,150 print differently; a float is refused, never matched). A day and
    # a datetime are never equal, so the day itself tells them apart.
    cle = (recherche, d, args, type(fournis), _comme_ecrits(fournis) if fournis else None)
    taux = memoire.get(cle)
    if taux is None:
        taux = recherche(d, *args, fournis)
        if len(memoire) >= _TAUX_MAX:
            memoire.clear()
        memoire[cle] = taux
    return taux


def _comme_ecrits(fournis: Mapping[_dt.date, Decimal]) -> tuple[tuple[Any, type, str], ...]:
    return tuple((k, type(v), str(v)) for k, v in fournis.items())


def _ligne(du: _dt.date, au: _dt.date, base: Decimal, taux: Decimal, nature: str, source: str | None,
           texte: str | None, fourni: bool) -> LigneInterets:
    """One period at one rate: both ends counted, the amount rounded to the cent once."""
    jours = (au - du).days + 1
    return LigneInterets(du=du, au=au, jours=jours, taux=taux, base=base, montant=_interets(base, taux, jours),
                         nature=nature, source=source, texte=texte, taux_fourni=fourni)


def _fmt(v: Decimal) -> str:
    return f"{v:f}".replace(".", ",")


def _ajouter(liste: list[str], messages: Iterable[str]) -> None:
    for m in messages:
        if m not in liste:
            liste.append(m)


def _decouper(debut: _dt.date, fin: _dt.date, coupures: Iterable[_dt.date]) -> Iterator[tuple[_dt.date, _dt.date]]:
    """Découpe [debut, fin] en périodes qui commencent à chaque date de ``coupures`` comprise dedans."""
    bornes = sorted({c for c in coupures if debut < c <= fin})
    a = debut
    for c in bornes:
        yield a, c - _UN_JOUR
        a = c
    yield a, fin


def _debuts_de_semestre(debut: _dt.date, fin: _dt.date) -> Iterator[_dt.date]:
    d = fin_semestre(debut) + _UN_JOUR
    while d <= fin:
        yield d
        d = fin_semestre(d) + _UN_JOUR


def _resultat_nul(hypotheses: list[str], citations: list[dict[str, str]], motif: str) -> CalculInterets:
    return CalculInterets(
        montant=ZERO, jours=0, lignes=[], citations=citations, hypotheses=[*hypotheses, motif]
    )
