"""Régimes de prescription : durée, nature (prescription ou forclusion), délai butoir, durée conventionnelle, loi de 2008.

Un régime est désigné par un code (`CODES_REGIME`) ; sa durée est celle de la loi, ou celle que les parties
ont convenue (art. 2254, entre 1 et 10 ans, jamais face à un consommateur). Un délai ouvert avant le 19 juin
2008 dont la loi n° 2008-561 a changé la durée suit le régime transitoire de son art. 26.

Références : C. civ., art. 2220 (forclusion hors du titre XX), 2222 (loi qui réduit ou allonge un délai),
2224 (5 ans), 2228-2229 (computation), 2232 (délai butoir de 20 ans), 2254 (aménagement conventionnel) ;
C. com., art. L110-4 ; C. conso., art. L218-1, L218-2, R312-35 ; CPCE, art. L111-4 ; loi n° 2008-561 du
17 juin 2008, art. 26 II ; Cass. 1re civ., 12 déc. 2018, n° 17-25.697.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from creances_rules.law.delais import terme_prescription


# Loi n° 2008-561 du 17 juin 2008, publiée au JO du 18 juin, en vigueur le 19 juin 2008.
REFORME_2008 = dt.date(2008, 6, 19)
_PLAFOND_ANS = 20  # C. civ., art. 2232 al. 1
_PLANCHER_MOIS = 6  # C. civ., art. 2238 al. 2 et 2239 al. 2
_UN_JOUR = dt.timedelta(days=1)


class PrescriptionInvalide(ValueError):
    """Donnée invalide pour un calcul de prescription ; le message (en français) nomme le champ."""

    def __init__(self, message: str, champ: str) -> None:
        super().__init__(message)
        self.champ = champ


# code -> (citation, durée en années, forclusion, plafond de l'art. 2232)
_REGIMES_LEGAUX: dict[str, tuple[str | None, int | None, bool, bool]] = {
    "c_civ_2224": ("c_civ_2224", 5, False, True),
    "c_com_l110_4": ("c_com_l110_4", 5, False, True),
    "c_conso_l218_2": ("c_conso_l218_2", 2, False, True),
    # Forclusion : le titre XX (donc l'art. 2232) ne la régit pas, sauf texte contraire (art. 2220).
    "c_conso_r312_35": ("c_conso_r312_35", 2, True, False),
    # CPCE L111-4 al. 2 écarte expressément le délai de l'art. 2232.
    "cpce_l111_4": ("cpce_l111_4", 10, False, False),
    "contractuel_2254": ("c_civ_2254", None, False, True),
    "autre": (None, None, False, True),
}
CODES_REGIME: tuple[str, ...] = tuple(_REGIMES_LEGAUX)


@lru_cache(maxsize=64, typed=True)  # a pure function of its two numbers
def _libelle_duree(ans: int, mois: int) -> str:
    morceaux = []
    if ans:
        morceaux.append(f"{ans} an" + ("s" if ans > 1 else ""))
    if mois:
        morceaux.append(f"{mois} mois")
    return " et ".join(morceaux)


def _normaliser_code(valeur: str) -> str:
    code = valeur.strip().lower()
    if code not in _REGIMES_LEGAUX:
        raise PrescriptionInvalide(
            f"code : régime inconnu « {valeur} » ; codes admis : {', '.join(CODES_REGIME)}.", "code"
        )
    return code


class Regime(BaseModel):
    """Le délai applicable : sa durée, sa nature (prescription ou forclusion) et le délai butoir.

    ``code`` est insensible à la casse (« c_com_L110_4 » devient « c_com_l110_4 », la forme des clés
    du catalogue de citations). ``plafond_20_ans`` : le délai butoir de l'art. 2232 s'applique (hors
    ses exclusions) ; il est faux pour une forclusion (art. 2220) et pour l'exécution d'un titre
    (CPCE L111-4 al. 2).

    Références : C. civ., art. 2220, 2224, 2232, 2254 ; C. com., art. L110-4 ; C. conso., art. L218-2,
    R312-35 ; CPCE, art. L111-4.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    duree_ans: int = Field(0, ge=0, le=99)
    duree_mois: int = Field(0, ge=0, le=1188)
    forclusion: bool = False
    plafond_20_ans: bool = True

    @field_validator("code", mode="before")
    @classmethod
    def _normaliser(cls, valeur: object) -> object:
        return _normaliser_code(valeur) if isinstance(valeur, str) else valeur

    @model_validator(mode="after")
    def _verifier(self) -> Regime:
        if self.duree_ans == 0 and self.duree_mois == 0:
            raise ValueError("duree_ans, duree_mois : durée nulle ; indiquer une durée strictement positive.")
        if self.forclusion and self.plafond_20_ans:
            raise ValueError(
                "plafond_20_ans : le délai butoir de l'art. 2232 C. civ. ne régit pas un délai de "
                "forclusion (art. 2220) ; mettre plafond_20_ans=False."
            )
        if self.code == "contractuel_2254" and not duree_contractuelle_valide(
            self.duree_ans, mois=self.duree_mois, b2c=False
        ):
            raise ValueError(
                "duree_ans, duree_mois : une durée conventionnelle doit être comprise entre 1 an et "
                f"10 ans (C. civ., art. 2254 al. 1) ; reçu {_libelle_duree(self.duree_ans, self.duree_mois)}."
            )
        return self

    @property
    def libelle_duree(self) -> str:
        """« 5 ans », « 2 ans », « 1 an et 6 mois »."""
        return _libelle_duree(self.duree_ans, self.duree_mois)

    @property
    def citation(self) -> str | None:
        """Clé du catalogue de citations pour le texte qui fixe la durée."""
        return _REGIMES_LEGAUX[self.code][0]


def regime_legal(code: str, *, ans: int | None = None, mois: int = 0) -> Regime:
    """Le régime légal désigné par ``code``, avec sa durée ; ``ans``/``mois`` pour 2254 et « autre ».

    Références : C. civ., art. 2224 et 2254 ; C. com., art. L110-4 ; C. conso., art. L218-2, R312-35 ;
    CPCE, art. L111-4.
    """
    if not isinstance(code, str):
        raise PrescriptionInvalide(f"code : attendu une chaîne, reçu {code!r}.", "code")
    normalise = _normaliser_code(code)
    _, duree, forclusion, plafond = _REGIMES_LEGAUX[normalise]
    if duree is None:
        if ans is None and not mois:
            raise PrescriptionInvalide(
                f"ans : le régime « {normalise} » n'a pas de durée légale ; indiquer ans (et mois).", "ans"
            )
        return Regime(code=normalise, duree_ans=ans or 0, duree_mois=mois, forclusion=forclusion,
                      plafond_20_ans=plafond)
    if ans is not None or mois:
        raise PrescriptionInvalide(
            f"ans, mois : la durée du régime « {normalise} » est fixée par la loi ({duree} ans) ; "
            "ne pas la fournir.",
            "ans",
        )
    return Regime(code=normalise, duree_ans=duree, forclusion=forclusion, plafond_20_ans=plafond)


def duree_contractuelle_valide(
    ans: int, *, b2c: bool, mois: int = 0, paiements_periodiques: bool = False
) -> bool:
    """Vrai si les parties peuvent fixer cette durée de prescription par contrat.

    Entre 1 an et 10 ans (art. 2254 al. 1) ; jamais dans un contrat entre un professionnel et un
    consommateur (C. conso., art. L218-1) ; jamais pour ce qui est payable par années ou à termes
    périodiques plus courts — loyers, charges, intérêts des sommes prêtées… (art. 2254 al. 3).

    Références : C. civ., art. 2254 ; C. conso., art. L218-1.
    """
    for champ, valeur in (("ans", ans), ("mois", mois)):
        if isinstance(valeur, bool) or not isinstance(valeur, int) or valeur < 0:
            raise PrescriptionInvalide(
                f"{champ} : attendu un entier positif ou nul, reçu {valeur!r}.", champ
            )
    if b2c or paiements_periodiques:
        return False
    total_mois = ans * 12 + mois
    return 12 <= total_mois <= 120


def regime_transitoire_2008(depart: dt.date, ancienne_duree_ans: int, nouvelle_duree_ans: int, *,
                            tardive: bool = False) -> dt.date:
    """Dernier jour d'une prescription ouverte avant le 19 juin 2008 dont la loi 2008-561 a changé la durée.

    Durée réduite : le nouveau délai court du 19 juin 2008, sans que la durée totale dépasse
    l'ancienne (loi 2008-561, art. 26 II ; C. civ., art. 2222 al. 2) : dernier jour =
    min(fin de l'ancien délai, 18 juin 2013) pour 5 ans (Cass. 1re civ., 12 déc. 2018, n° 17-25.697).
    Durée allongée : la loi nouvelle s'applique au délai en cours, compte tenu du temps écoulé
    (art. 2222 al. 1). Un délai expiré avant le 19 juin 2008 le reste.

    ``tardive`` : lecture de l'art. 2228 qui ne compte pas le jour du départ (un jour de plus à chaque
    terme), voir `calculer_prescription`.

    Références : loi n° 2008-561 du 17 juin 2008, art. 26 ; C. civ., art. 2222, 2228, 2229.
    """
    if isinstance(depart, dt.datetime) or not isinstance(depart, dt.date):
        raise PrescriptionInvalide(f"depart : attendu une date (datetime.date), reçu {depart!r}.", "depart")
    if depart >= REFORME_2008:
        raise PrescriptionInvalide(
            f"depart : le régime transitoire ne vise que les délais ouverts avant le 19 juin 2008 "
            f"(reçu {depart.isoformat()}).",
            "depart",
        )
    for champ, valeur in (
        ("ancienne_duree_ans", ancienne_duree_ans),
        ("nouvelle_duree_ans", nouvelle_duree_ans),
    ):
        if isinstance(valeur, bool) or not isinstance(valeur, int) or valeur <= 0:
            raise PrescriptionInvalide(
                f"{champ} : attendu un nombre d'années entier > 0, reçu {valeur!r}.", champ
            )
    terme = _terme_tardif if tardive else _terme_prudent
    fin_ancienne = terme(depart, ans=ancienne_duree_ans)
    if fin_ancienne < REFORME_2008:
        return fin_ancienne
    if nouvelle_duree_ans < ancienne_duree_ans:
        # Le nouveau délai court du 19 juin 2008 à 0 heure (entrée en vigueur de la loi) : ce jour compte
        # entier, sans incertitude (Cass. 1re civ., 12 déc. 2018, n° 17-25.697 : expiré le 18 juin 2013).
        return min(fin_ancienne, _terme_prudent(REFORME_2008, ans=nouvelle_duree_ans))
    return terme(depart, ans=nouvelle_duree_ans)


@lru_cache(maxsize=4096, typed=True)
def _terme_prudent(depart: dt.date, *, ans: int = 0, mois: int = 0, jours: int = 0) -> dt.date:
    """``terme_prescription`` (C. civ. 2228-2229: the anniversary, clipped to the last day of its month, then the
    days, less one day), without building a relativedelta for a valid date and duration; anything else (another
    type, a negative or nil duration, a term past the year 9999) goes to ``terme_prescription``, which refuses it.

    A pure function of a date and a duration, asked for the same ones again and again (each invoice's two
    readings, its 20-year cap, the same due dates across a portfolio): kept in a bounded memory (typed: a bool is
    refused as a duration, never answered as 1). Errors are raised again each time, never kept."""
    if (type(depart) is dt.date and type(ans) is int and type(mois) is int and type(jours) is int
            and ans >= 0 and mois >= 0 and jours >= 0 and (ans or mois or jours)):
        n = depart.month - 1 + ans * 12 + mois
        annee, mois_du_terme = depart.year + n // 12, n % 12 + 1
        if annee <= dt.MAXYEAR:
            anniversaire = dt.date(annee, mois_du_terme, min(depart.day, monthrange(annee, mois_du_terme)[1]))
            try:
                return anniversaire + dt.timedelta(days=jours) - _UN_JOUR
            except OverflowError:
                pass
    return terme_prescription(depart, ans=ans, mois=mois, jours=jours)


def _terme_tardif(depart: dt.date, *, ans: int = 0, mois: int = 0, jours: int = 0) -> dt.date:
    """Le terme selon la lecture de l'art. 2228 qui ne compte pas le jour du départ : un jour plus tard.

    ``terme_prescription`` compte le jour du départ (départ + durée − 1 jour, lecture prudente) ; l'autre
    lecture (« dies a quo non computatur ») fait expirer le délai le jour anniversaire à 24 heures.
    Références : C. civ., art. 2228, 2229.
    """
    return _terme_prudent(depart, ans=ans, mois=mois, jours=jours) + _UN_JOUR
