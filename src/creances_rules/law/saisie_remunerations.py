"""Fraction saisissable d'une rémunération mensuelle, d'après le barème annuel de l'année.

Références : C. trav., art. L3252-2 (quotités par tranches, correctif par personne à charge),
R3252-2 (proportions : 1/20, 1/10, 1/5, 1/4, 1/3, 2/3, puis la totalité), R3252-3 (correctif par
personne à charge), R3252-4 (révision annuelle), R3252-5 (le montant forfaitaire du RSA pour une
personne seule reste toujours au salarié).

Le barème est annuel : la rémunération mensuelle nette est portée à l'année (× 12), la fraction
annuelle est calculée tranche par tranche en valeur exacte, puis ramenée au mois (÷ 12) et arrondie au
centime (demi au centime supérieur). Les barèmes mensuels publiés arrondissent les seuils au centime :
leur résultat peut différer d'un centime.

Une année absente du barème n'est pas calculée : le résultat le dit (``mensuelle`` vaut None), avec, à
titre indicatif, le calcul sur le dernier barème connu. Le montant du RSA non connu à la date
(revalorisation d'avril non lue) : le dernier montant connu est appliqué et le résultat le signale.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any

from .._base.formatting import euros

__all__ = ["BaremeSaisie", "QuotiteSaisissable", "Tranche", "bareme_connu_jusqu_au", "baremes_connus",
           "quotite_saisissable"]

_CENT = Decimal("0.01")
FICHIER = "bareme_saisie_remunerations.yaml"


@dataclass(frozen=True)
class BaremeSaisie:
    """One year of the R3252-2 scale, with where it was read."""

    annee: int
    seuils: tuple[Decimal, ...]
    par_personne_a_charge: Decimal
    texte: str
    sources: tuple[str, ...]
    confiance: str


@dataclass(frozen=True)
class Tranche:
    de: Decimal
    a: Decimal | None  # None: no upper bound
    fraction: str
    base: Decimal
    montant: Decimal


@dataclass
class QuotiteSaisissable:
    """The seizable part of a monthly net wage; ``mensuelle`` is None when the year's scale is unknown."""

    le: _dt.date
    remuneration_mensuelle: Decimal
    personnes_a_charge: int
    mensuelle: Decimal | None
    annuelle: Decimal | None = None
    laisse_au_salarie: Decimal | None = None
    minimum_rsa: Decimal | None = None
    bareme: BaremeSaisie | None = None
    tranches: list[Tranche] = field(default_factory=list)
    explication: str = ""
    avertissements: list[str] = field(default_factory=list)
    indicatif: Decimal | None = None  # unknown year: the last known scale's monthly result, for information


@dataclass(frozen=True)
class _Donnees:
    fractions: tuple[tuple[Fraction, str], ...]
    baremes: dict[int, BaremeSaisie]
    connu_jusqu_au: _dt.date
    rsa: tuple[tuple[_dt.date, Decimal], ...]
    rsa_connu_jusqu_au: _dt.date


def _money(x: Fraction | Decimal) -> Decimal:
    if isinstance(x, Fraction):
        x = Decimal(x.numerator) / Decimal(x.denominator)
    return x.quantize(_CENT, rounding=ROUND_HALF_UP)


def _fmt(x: Decimal) -> str:
    return euros(x)


def _date(x: Any) -> _dt.date:
    return x if isinstance(x, _dt.date) else _dt.date.fromisoformat(str(x))


def lire_donnees(doc: dict[str, Any]) -> _Donnees:
    """Validate the data file's document (six increasing thresholds per year, one row per 1 January)."""
    noms = [str(f) for f in doc["fractions"]]
    fractions = tuple((Fraction(n), n) for n in noms)
    baremes: dict[int, BaremeSaisie] = {}
    for debut, row in sorted(doc["valeurs"].items(), key=lambda kv: _date(kv[0])):
        debut = _date(debut)
        if (debut.month, debut.day) != (1, 1):
            raise ValueError(f"barème du {debut} : un barème vaut pour une année civile (1er janvier)")
        seuils = tuple(Decimal(str(s)) for s in row["seuils"])
        if len(seuils) != len(fractions) or list(seuils) != sorted(set(seuils)):
            raise ValueError(f"barème {debut.year} : {len(fractions)} seuils strictement croissants attendus")
        baremes[debut.year] = BaremeSaisie(debut.year, seuils, Decimal(str(row["par_personne_a_charge"])),
                                           str(row["texte"]), tuple(row.get("sources", ())),
                                           str(row.get("confiance", "incertain")))
    rsa_doc = doc["rsa_personne_seule"]
    rsa = tuple(sorted((_date(d), Decimal(str(r["valeur"]))) for d, r in rsa_doc["valeurs"].items()))
    return _Donnees(fractions, baremes, _date(doc["connu_jusqu_au"]), rsa, _date(rsa_doc["connu_jusqu_au"]))


@lru_cache(maxsize=1)
def _donnees_paquet() -> _Donnees:
    from .._base.cache import cached_yaml  # parsed once per version of the scale, not at every start

    texte = resources.files("creances_rules").joinpath(f"data/{FICHIER}").read_text("utf-8")
    return lire_donnees(cached_yaml(texte))


def bareme_connu_jusqu_au() -> _dt.date:
    """The last day the shipped scale covers (``connu_jusqu_au`` of the data file)."""
    return _donnees_paquet().connu_jusqu_au


def baremes_connus() -> dict[int, BaremeSaisie]:
    """The scales shipped with the package, by year."""
    return dict(_donnees_paquet().baremes)


def _calcul(annuel: Fraction, bareme: BaremeSaisie, personnes: int,
            fractions: tuple[tuple[Fraction, str], ...]) -> tuple[Fraction, list[Tranche]]:
    """Exact annual seizable part, tranche by tranche (R3252-2), thresholds raised per dependant (R3252-3)."""
    correctif = Fraction(bareme.par_personne_a_charge) * personnes
    total, bas, tranches = Fraction(0), Fraction(0), []
    for seuil, (frac, nom) in zip(bareme.seuils, fractions):
        haut = Fraction(seuil) + correctif
        if annuel <= bas:
            break
        base = min(annuel, haut) - bas
        total += base * frac
        tranches.append(Tranche(_money(bas), _money(haut), nom, _money(base), _money(base * frac)))
        bas = haut
    if annuel > bas:
        total += annuel - bas
        tranches.append(Tranche(_money(bas), None, "totalité", _money(annuel - bas), _money(annuel - bas)))
    return total, tranches


def _rsa(d: _Donnees, le: _dt.date) -> tuple[Decimal | None, bool]:
    """The RSA amount in force on ``le`` and whether it is known (False: the last known one)."""
    connus = [v for debut, v in d.rsa if debut <= le]
    if not connus:
        return None, False
    return connus[-1], le <= d.rsa_connu_jusqu_au


def quotite_saisissable(remuneration_mensuelle: Decimal | int | str, personnes_a_charge: int = 0,
                        le: _dt.date | None = None, *, donnees: _Donnees | None = None) -> QuotiteSaisissable:
    """The part of a monthly net wage an employer withholds under a wage seizure, on date ``le``.

    ``remuneration_mensuelle``: net of social contributions and of income tax withheld at source
    (C. trav. L3252-3 — read secondhand); ``personnes_a_charge``: dependants proven by the debtor
    (R3252-3). The scale of the calendar year of ``le`` applies.
    """
    d = donnees or _donnees_paquet()
    le = le or _dt.date.today()
    net = Decimal(str(remuneration_mensuelle))
    if net < 0 or personnes_a_charge < 0:
        raise ValueError("rémunération et personnes à charge positives attendues")
    res = QuotiteSaisissable(le=le, remuneration_mensuelle=net, personnes_a_charge=personnes_a_charge, mensuelle=None)
    annuel = Fraction(net) * 12
    bareme = d.baremes.get(le.year)
    if bareme is None:
        dernier = d.baremes[max(d.baremes)]
        total, _ = _calcul(annuel, dernier, personnes_a_charge, d.fractions)
        res.indicatif = _money(total / 12)
        res.avertissements.append(
            f"Barème des saisies des rémunérations de {le.year} non connu (C. trav. R3252-2 : barème connu "
            f"jusqu'au {d.connu_jusqu_au.strftime('%d/%m/%Y')}) : la fraction saisissable n'est pas calculée. "
            f"À titre indicatif, avec le barème {dernier.annee} : {_fmt(res.indicatif)} par mois.")
        res.explication = res.avertissements[-1]
        return res
    total, res.tranches = _calcul(annuel, bareme, personnes_a_charge, d.fractions)
    res.bareme, res.annuelle = bareme, _money(total)
    mensuelle = _money(total / 12)
    rsa, rsa_connu = _rsa(d, le)
    res.minimum_rsa = rsa
    plafond = max(net - rsa, Decimal(0)) if rsa is not None else None
    lignes = " ; ".join(
        f"{t.fraction} de {_fmt(t.base)} = {_fmt(t.montant)}" for t in res.tranches)
    expl = (f"Barème {bareme.annee} ({bareme.texte}) : rémunération nette de {_fmt(net)} par mois, soit "
            f"{_fmt(_money(annuel))} par an ; seuils relevés de {_fmt(bareme.par_personne_a_charge)} par personne à "
            f"charge ({personnes_a_charge}) ; {lignes} ; total annuel {_fmt(res.annuelle)}, soit {_fmt(mensuelle)} "
            "par mois (÷ 12, arrondi au centime).")
    if plafond is not None and mensuelle > plafond:
        mensuelle = plafond
        expl += (f" Limitée à {_fmt(plafond)} pour laisser au salarié le montant forfaitaire du RSA pour une "
                 f"personne seule ({_fmt(rsa)}, C. trav. R3252-5).")
    # Past the RSA table, the floor is said in a warning only where it could bind (the last known amount
    # plus a tenth, well above a yearly revaluation); otherwise in the explanation.
    reste = net - mensuelle
    if rsa is None or (not rsa_connu and reste < rsa * Decimal("1.1")):
        res.avertissements.append(
            f"Montant du RSA pour une personne seule au {le.strftime('%d/%m/%Y')} non connu (table connue jusqu'au "
            f"{d.rsa_connu_jusqu_au.strftime('%d/%m/%Y')}) : le salarié doit toujours garder ce montant "
            f"(C. trav. R3252-5){f' ; dernier montant connu appliqué : {_fmt(rsa)}' if rsa else ''}.")
    elif not rsa_connu:
        expl += (f" Montant du RSA à cette date non lu (dernier connu : {_fmt(rsa)}) ; le salarié garde "
                 f"{_fmt(reste)}, bien au-delà.")
    res.mensuelle = mensuelle
    res.laisse_au_salarie = net - mensuelle
    res.explication = expl
    return res
