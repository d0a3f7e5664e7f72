"""Calendrier des jours fériés par territoire, pour la prorogation des délais (CPC, art. 642).

Références :
- C. trav., art. L3133-1 (les onze fêtes légales) :
  https://www.legifrance.gouv.fr/codes/id/LEGISCTA000033008129/
- C. trav., art. L3134-13 (Moselle, Bas-Rhin, Haut-Rhin : Vendredi saint et 26 décembre ; le Vendredi
  saint seulement « dans les communes ayant un temple protestant ou une église mixte », ordonnance du
  16 août 1892 ; réponse ministérielle à la question AN n° 3529, 13e législature,
  https://2007-2012.nosdeputes.fr/question/QE/3529) ;
- C. trav., art. L3422-2 (journées de commémoration de l'abolition de l'esclavage : 27 avril Mayotte,
  22 mai Martinique, 27 mai Guadeloupe et Saint-Martin, 10 juin Guyane, 9 octobre Saint-Barthélemy,
  20 décembre La Réunion), texte lu dans la version Légifrance au 21 mai 2019 :
  https://www.legifrance.gouv.fr/affichCode.do?idSectionTA=LEGISCTA000006178062&cidTexte=LEGITEXT000006072050

Les dates viennent du paquet ``holidays`` (``holidays.France``, noms en français) ; ce module ne
retient comme « jour férié » que les fêtes qui ont un fondement dans les textes ci-dessus. Les jours
que le paquet ajoute sans fondement dans le Code du travail (« Mi-Carême », « Vendredi saint » et
« Fête de Victor Schoelcher » en Guadeloupe, « Fête de Victor Schoelcher » en Martinique et à
Saint-Martin, le 28 mai à Saint-Martin) sont des jours *d'usage* : ils ne prorogent pas le délai,
mais le calculateur le signale. Raison : un jour chômé par l'usage peut être un « jour chômé » au
sens de l'art. 642, mais ce n'est pas certain ; dans le doute, on ne donne pas au justiciable un
délai plus long que celui que la loi lui assure. (Le 21 juillet, fête Victor Schoelcher, a cessé
d'être férié en Guadeloupe avec la loi n° 83-550 du 30 juin 1983 : réponse ministérielle, question
AN n° 61289, 9e législature, https://questions.assemblee-nationale.fr/q9/9-61289QE.htm.)

Écart relevé avec le paquet ``holidays`` 0.109 : pour Saint-Martin il donne le 28 mai ; l'art.
L3422-2 (version lue) dit 27 mai. Le 28 mai est célébré depuis 2019 sur la foi d'une circulaire du
4 mai 2018 (soualigapost.com, 16 mai 2018 et 27 mai 2024 ; le97150.fr, 13 mai 2019), mais le Code du
travail n'a pas été modifié. On retient le 27 mai (le texte) et on signale le 28 mai.
Les autres dates d'abolition du paquet (971, 972, 973, 974, 976, BL) concordent avec L3422-2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

__all__ = [
    "DelaiInvalide",
    "Territoire",
    "territoire",
    "feries",
    "jours_d_usage",
]

URL_L3133_1 = "https://www.legifrance.gouv.fr/codes/id/LEGISCTA000033008129/"
URL_CODE_DU_TRAVAIL = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006072050/"
URL_L3422_2 = (
    "https://www.legifrance.gouv.fr/affichCode.do?idSectionTA=LEGISCTA000006178062"
    "&cidTexte=LEGITEXT000006072050"
)


class DelaiInvalide(ValueError):
    """Argument invalide pour un calcul de délai ; le message (en français) nomme l'argument.

    ``champ`` porte le nom de l'argument fautif (« depart », « jours », « departement »…).
    """

    def __init__(self, message: str, champ: str) -> None:
        super().__init__(message)
        self.champ = champ


@dataclass(frozen=True)
class Territoire:
    """Un territoire et le calendrier de jours fériés qui s'y applique."""

    code: str  # code du département ou de la collectivité (INSEE), normalisé
    nom: str
    subdiv: str | None  # subdivision de ``holidays.France``
    # "metropole", "alsace_moselle", "outre_mer_ctrav" (Code du travail applicable, art. L3422-2
    # le cas échéant) ou "outre_mer_autonome" (droit local du travail et, pour NC et PF, de la
    # procédure civile : calendrier du paquet pris tel quel, non vérifié).
    regime: str


# Fêtes légales de l'art. L3133-1, sous le nom que leur donne ``holidays.France(language="fr")``.
_FETES_L3133_1 = frozenset(
    {
        "Jour de l'an",
        "Lundi de Pâques",
        "Fête du Travail",
        "Fête de la Victoire",
        "Ascension",
        "Lundi de Pentecôte",
        "Fête nationale",
        "Assomption",
        "Toussaint",
        "Armistice",
        "Noël",
    }
)
_FETES_L3134_13 = frozenset({"Vendredi saint", "Saint-Étienne"})
_ABOLITION = "Abolition de l'esclavage"

# Base légale de chaque fête retenue, pour les citations.
BASE_LEGALE: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        **{nom: ("C. trav.", "L3133-1", URL_L3133_1) for nom in _FETES_L3133_1},
        **{nom: ("C. trav.", "L3134-13", URL_CODE_DU_TRAVAIL) for nom in _FETES_L3134_13},
        _ABOLITION: ("C. trav.", "L3422-2", URL_L3422_2),
    }
)

_NOMS_OUTRE_MER = {
    "971": ("Guadeloupe", "971"),
    "972": ("Martinique", "972"),
    "973": ("Guyane", "973"),
    "974": ("La Réunion", "974"),
    "976": ("Mayotte", "976"),
    # Collectivités d'outre-mer (codes INSEE, insee.fr/fr/information/7929495).
    "975": ("Saint-Pierre-et-Miquelon", "PM"),
    "977": ("Saint-Barthélemy", "BL"),
    "978": ("Saint-Martin", "MF"),
}
_NOMS_AUTONOMES = {
    "984": ("Terres australes et antarctiques françaises", "TF"),
    "986": ("Wallis-et-Futuna", "WF"),
    "987": ("Polynésie française", "PF"),
    "988": ("Nouvelle-Calédonie", "NC"),
}
_SUBDIVS_AUTONOMES = frozenset(subdiv for _, subdiv in _NOMS_AUTONOMES.values())
_ALSACE_MOSELLE = {"57": "Moselle", "67": "Bas-Rhin", "68": "Haut-Rhin"}


def _normaliser(departement: object) -> str:
    if isinstance(departement, bool) or not isinstance(departement, (str, int)):
        raise DelaiInvalide(
            f"departement : attendu un code de département sous forme de texte (ex. « 75 », « 2A », "
            f"« 974 »), reçu {departement!r} de type {type(departement).__name__}.",
            "departement",
        )
    code = str(departement).strip().upper()
    if code.isdigit() and len(code) == 1:
        code = code.zfill(2)
    return code


@lru_cache(maxsize=256)
def _territoire(code: str) -> Territoire:
    if code in _ALSACE_MOSELLE:
        # ``holidays`` ne connaît pas « 67 » ni « 68 » : l'Alsace y est la subdivision « 6AE ».
        return Territoire(code, _ALSACE_MOSELLE[code], "57" if code == "57" else "6AE", "alsace_moselle")
    if code in _NOMS_OUTRE_MER:
        nom, subdiv = _NOMS_OUTRE_MER[code]
        return Territoire(code, nom, subdiv, "outre_mer_ctrav")
    if code in _NOMS_AUTONOMES:
        nom, subdiv = _NOMS_AUTONOMES[code]
        return Territoire(code, nom, subdiv, "outre_mer_autonome")
    if code in {"2A", "2B"}:
        return Territoire(code, "Corse-du-Sud" if code == "2A" else "Haute-Corse", None, "metropole")
    if len(code) == 2 and code.isdigit() and 1 <= int(code) <= 95 and code != "20":
        return Territoire(code, f"département {code}", None, "metropole")
    indice = " (la Corse est « 2A » ou « 2B »)" if code == "20" else ""
    raise DelaiInvalide(
        f"departement : code inconnu {code!r}{indice}. Attendu un département métropolitain "
        f"(« 01 » à « 95 », « 2A », « 2B »), d'outre-mer (« 971 » à « 974 », « 976 ») ou une "
        f"collectivité (« 975 », « 977 », « 978 », « 984 », « 986 », « 987 », « 988 »).",
        "departement",
    )


def territoire(departement: object | None) -> Territoire:
    """Le territoire d'un code de département (``None`` : France métropolitaine sans droit local)."""
    if departement is None:
        return Territoire("", "France métropolitaine", None, "metropole")
    return _territoire(_normaliser(departement))


@lru_cache(maxsize=4096)
def _calendriers(subdiv: str | None, annee: int) -> tuple[Mapping[dt.date, str], Mapping[dt.date, str]]:
    """(jours fériés légaux, jours d'usage) d'une subdivision pour une année, noms en français."""
    import holidays  # on first use: importing the package is ~10 % of a cold start (issue 23)

    paquet = holidays.France(subdiv=subdiv, years=annee, language="fr")
    legaux: dict[dt.date, list[str]] = {}
    usage: dict[dt.date, list[str]] = {}
    for jour in sorted(paquet):
        for nom in paquet.get_list(jour):
            if subdiv in _SUBDIVS_AUTONOMES or nom in _FETES_L3133_1:
                legal = True
            elif nom in _FETES_L3134_13:
                legal = subdiv in {"57", "6AE"}
            elif nom == _ABOLITION:
                legal = subdiv != "MF"
                if not legal:
                    nom = f"{_ABOLITION} (28 mai, date suivie en pratique ; l'art. L3422-2 dit 27 mai)"
            else:
                legal = False
            (legaux if legal else usage).setdefault(jour, []).append(nom)
    if subdiv == "MF" and annee >= 2012:
        # L3422-2 3° : 27 mai à Saint-Martin (date ajoutée par le décret n° 2012-553 du 23 avril 2012).
        legaux.setdefault(dt.date(annee, 5, 27), []).append(_ABOLITION)
    return (
        MappingProxyType({j: " ; ".join(n) for j, n in legaux.items()}),
        MappingProxyType({j: " ; ".join(n) for j, n in usage.items()}),
    )


def feries(territoire_: Territoire, annee: int) -> Mapping[dt.date, str]:
    """Jours fériés retenus pour la prorogation de l'art. 642 (date → nom français)."""
    return _calendriers(territoire_.subdiv, annee)[0]


def jours_d_usage(territoire_: Territoire, annee: int) -> Mapping[dt.date, str]:
    """Jours chômés par l'usage, sans base dans le Code du travail : signalés, jamais retenus."""
    return _calendriers(territoire_.subdiv, annee)[1]
