"""Délais de procédure (CPC, art. 640 à 644) et terme de la prescription (C. civ., art. 2228-2229).

Deux horloges, qui ne se calculent pas de la même façon :

* ``fin_de_delai`` — délai de *procédure* : point de départ (art. 640), décompte en jours, mois ou
  années (art. 641), expiration à 24 heures et prorogation au premier jour ouvrable suivant un samedi,
  un dimanche ou un jour férié ou chômé (art. 642), augmentation pour distance (art. 643 et 644).
* ``terme_prescription`` — délai de *prescription* : les art. 641 et 642 du CPC ne s'y appliquent pas
  (Cass. 1re civ., 12 déc. 2018, n° 17-25.697 ; Cass. 2e civ., 7 avr. 2016, n° 15-12.960) ; le terme
  n'est jamais reporté pour un samedi, un dimanche ou un jour férié.

Références :
- CPC, art. 640 à 642 (décret n° 75-1123 du 5 décembre 1975, en vigueur le 1er janvier 1976), texte lu
  sur https://www.doctrine.fr/l/texts/codes/LEGITEXT000006070716/articles/LEGIARTI000006411002 (641)
  et .../LEGIARTI000006411003 (642) ; art. 640 lu dans sa reproduction à l'art. R213-7 C. rur. et sur
  https://aurelienbamde.com/2017/12/18/computation-des-delais-regles-generales/ ;
- CPC, art. 643 (rédaction en vigueur depuis mai 2017, lue sur
  https://kohenavocats.fr/2024/12/22/article-643-du-code-de-procedure-civile) et art. 644
  (https://legal.tricoteuses.fr/articles/LEGIARTI000034747120) ;
- C. civ., art. 2228 (https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000019017264) et 2229 ;
  Cass. 1re civ., 12 déc. 2018, n° 17-25.697, Bull. (https://www.courdecassation.fr/publications/
  bulletin-des-arrets-des-chambres-civiles/numero-12-decembre-2018/prescription-civile) ;
  Cass. 2e civ., 7 avr. 2016, n° 15-12.960 (https://cerclab.univ-lorraine.fr/s/cerclab/item/5609).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict

from creances_rules.law import _calendrier
from creances_rules.law._calendrier import DelaiInvalide, Territoire

__all__ = [
    "AVERTISSEMENT_TERME_PRESCRIPTION",
    "DISTANCES",
    "Delai",
    "DelaiInvalide",
    "Duree",
    "est_jour_ouvrable",
    "fin_de_delai",
    "jour_ferie",
    "prochain_jour_ouvrable",
    "terme_prescription",
]

# CPC, art. 643 et 644 : augmentation, en mois, des délais qu'ils visent.
DISTANCES: dict[str, int] = {"outre_mer": 1, "etranger": 2}

AVERTISSEMENT_TERME_PRESCRIPTION = (
    "Terme de prescription calculé selon une convention prudente : le jour du point de départ est "
    "compté comme premier jour du délai, de sorte qu'un délai de N ans ouvert le jour J expire la "
    "veille de l'anniversaire, à 24 heures (solution de Cass. 1re civ., 12 déc. 2018, n° 17-25.697, "
    "pour un délai ayant couru le jour de l'entrée en vigueur d'une loi). La jurisprudence n'est pas "
    "fixée pour tous les points de départ : si l'événement déclencheur survient en cours de journée, "
    "une lecture de l'art. 2228 C. civ. (jour du point de départ non compté) donnerait un jour de plus. "
    "Aucun report pour samedi, dimanche ou jour férié (Cass. 2e civ., 7 avr. 2016, n° 15-12.960)."
)

_LEGIFRANCE = "https://www.legifrance.gouv.fr/codes"
# Identifiants LEGIARTI vérifiés pour 641, 642, 644 ; pour 640 et 643 (rédaction de 2017),
# l'identifiant n'a pas été lu : le lien mène au code, ``source`` à la page où le texte a été lu.
_CITATIONS: dict[str, dict[str, str]] = {
    "640": {
        "code": "CPC",
        "article": "640",
        "url": f"{_LEGIFRANCE}/texte_lc/LEGITEXT000006070716/",
        "source": "https://aurelienbamde.com/2017/12/18/computation-des-delais-regles-generales/",
    },
    "641": {"code": "CPC", "article": "641", "url": f"{_LEGIFRANCE}/article_lc/LEGIARTI000006411002"},
    "642": {"code": "CPC", "article": "642", "url": f"{_LEGIFRANCE}/article_lc/LEGIARTI000006411003"},
    "643": {
        "code": "CPC",
        "article": "643",
        "url": f"{_LEGIFRANCE}/texte_lc/LEGITEXT000006070716/",
        "source": "https://kohenavocats.fr/2024/12/22/article-643-du-code-de-procedure-civile",
    },
    "644": {"code": "CPC", "article": "644", "url": f"{_LEGIFRANCE}/article_lc/LEGIARTI000034747120"},
}

# Territoires dont les juridictions relèvent de l'art. 644 (sinon, art. 643 : siège en métropole).
_TERRITOIRES_644 = frozenset({"971", "972", "973", "974", "976", "975", "977", "978", "986"})
_CPC_LOCAL = {"987": "Polynésie française", "988": "Nouvelle-Calédonie"}
_ENTREE_EN_VIGUEUR_CPC = dt.date(1976, 1, 1)

_JOURS_SEMAINE = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MOIS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


class Duree(BaseModel):
    """Une durée de délai exprimée en jours, mois et années (CPC, art. 641)."""

    model_config = ConfigDict(frozen=True)

    jours: int = 0
    mois: int = 0
    ans: int = 0

    def __str__(self) -> str:
        parties = [
            _pluriel(self.ans, "an", "ans"),
            f"{self.mois} mois" if self.mois else "",
            _pluriel(self.jours, "jour", "jours"),
        ]
        parties = [p for p in parties if p]
        return " et ".join(parties) if len(parties) < 3 else f"{parties[0]}, {parties[1]} et {parties[2]}"


class Delai(BaseModel):
    """Résultat de ``fin_de_delai`` : le dernier jour pour agir et comment on l'a obtenu.

    ``date`` est le dernier jour pour agir (l'acte peut être fait jusqu'à 24 heures ce jour-là) ;
    ``date_nominale`` la date d'expiration avant la prorogation de l'art. 642 ; ``reports`` la liste
    des jours sautés en application de l'art. 642, chacun avec son motif.
    """

    model_config = ConfigDict(frozen=True)

    date: dt.date
    date_nominale: dt.date
    depart: dt.date
    duree: Duree
    departement: str | None = None
    territoire: str = "France métropolitaine"
    distance: str | None = None
    reports: tuple[tuple[dt.date, str], ...] = ()
    explication: tuple[str, ...] = ()
    citations: tuple[dict[str, str], ...] = ()
    avertissements: tuple[str, ...] = ()

    def __str__(self) -> str:
        lignes = [f"Dernier jour pour agir : {date_en_toutes_lettres(self.date)}, à 24 heures."]
        lignes += [f"- {phrase}" for phrase in self.explication]
        lignes += [f"Avertissement : {a}" for a in self.avertissements]
        return "\n".join(lignes)


def date_en_toutes_lettres(jour: dt.date) -> str:
    """« vendredi 28 février 2025 », « samedi 1er mars 2025 »."""
    quantieme = "1er" if jour.day == 1 else str(jour.day)
    return f"{_JOURS_SEMAINE[jour.weekday()]} {quantieme} {_MOIS[jour.month - 1]} {jour.year}"


def _pluriel(n: int, un: str, plusieurs: str) -> str:
    return "" if n == 0 else f"{n} {un if n == 1 else plusieurs}"


def _verifier_date(valeur: Any, champ: str) -> dt.date:
    # datetime est une sous-classe de date : on la refuse pour ne pas perdre l'heure en silence.
    if isinstance(valeur, dt.datetime) or not isinstance(valeur, dt.date):
        raise DelaiInvalide(
            f"{champ} : attendu une date (datetime.date), reçu {valeur!r} de type "
            f"{type(valeur).__name__}" + (
                " ; convertir avec date.fromisoformat()." if isinstance(valeur, str)
                else " ; utiliser .date() pour ne garder que le jour." if isinstance(valeur, dt.datetime)
                else "."
            ),
            champ,
        )
    return valeur


def _verifier_duree(jours: Any, mois: Any, ans: Any) -> None:
    for champ, valeur in (("jours", jours), ("mois", mois), ("ans", ans)):
        if isinstance(valeur, bool) or not isinstance(valeur, int):
            raise DelaiInvalide(
                f"{champ} : attendu un nombre entier, reçu {valeur!r} de type {type(valeur).__name__}.",
                champ,
            )
        if valeur < 0:
            raise DelaiInvalide(f"{champ} : la durée ne peut pas être négative (reçu {valeur}).", champ)
    if jours == mois == ans == 0:
        raise DelaiInvalide(
            "jours, mois, ans : durée nulle ; indiquer au moins une durée strictement positive.", "duree"
        )


def _territoire(departement: Any) -> Territoire:
    return _calendrier.territoire(departement)


def jour_ferie(d: dt.date, departement: str | None = None) -> str | None:
    """Nom français du jour férié retenu pour ``d`` dans ``departement``, ou ``None``.

    Seuls les jours fériés qui ont un fondement dans le Code du travail (L3133-1, L3134-13 en
    Alsace-Moselle, L3422-2 outre-mer) sont retenus ; voir ``creances_rules._calendrier``.
    Références : CPC, art. 642 ; C. trav., art. L3133-1, L3134-13, L3422-2.
    """
    d = _verifier_date(d, "d")
    return _calendrier.feries(_territoire(departement), d.year).get(d)


def est_jour_ouvrable(d: dt.date, departement: str | None = None) -> bool:
    """Vrai si ``d`` n'est ni un samedi, ni un dimanche, ni un jour férié du territoire.

    C'est le « jour ouvrable » au sens de l'art. 642 CPC, qui exclut expressément le samedi (à la
    différence du droit du travail, où le samedi est ouvrable).
    Références : CPC, art. 642.
    """
    d = _verifier_date(d, "d")
    return d.weekday() < 5 and d not in _calendrier.feries(_territoire(departement), d.year)


def prochain_jour_ouvrable(d: dt.date, departement: str | None = None) -> dt.date:
    """``d`` s'il est ouvrable, sinon le premier jour ouvrable qui le suit (prorogation de l'art. 642).

    Références : CPC, art. 642 al. 2.
    """
    d = _verifier_date(d, "d")
    terr = _territoire(departement)
    return _proroger(d, terr)[0]


def _motif(d: dt.date, terr: Territoire) -> str | None:
    """Pourquoi ``d`` n'est pas ouvrable au sens de l'art. 642, ou None s'il l'est."""
    ferie = _calendrier.feries(terr, d.year).get(d)
    if d.weekday() >= 5:
        jour = _JOURS_SEMAINE[d.weekday()]
        return f"{jour} ; jour férié : {ferie}" if ferie else jour
    return f"jour férié : {ferie}" if ferie else None


def _proroger(d: dt.date, terr: Territoire) -> tuple[dt.date, list[tuple[dt.date, str]]]:
    reports: list[tuple[dt.date, str]] = []
    # Boucle : le lendemain d'un jour non ouvrable peut l'être aussi (samedi, dimanche, lundi férié…).
    while (motif := _motif(d, terr)) is not None:
        reports.append((d, motif))
        d += dt.timedelta(days=1)
    return d, reports


def fin_de_delai(
    depart: dt.date,
    *,
    jours: int = 0,
    mois: int = 0,
    ans: int = 0,
    departement: str | None = None,
    distance: str | None = None,
) -> Delai:
    """Dernier jour pour accomplir un acte de procédure, avec l'explication du calcul.

    - ``depart`` : date de l'acte, de l'événement, de la décision ou de la notification qui fait
      courir le délai (art. 640).
    - ``jours`` / ``mois`` / ``ans`` : la durée. En jours, le jour de départ ne compte pas (départ +
      N jours) ; en mois ou années, le délai expire le jour qui porte le même quantième, à défaut le
      dernier jour du mois ; mois et jours : les mois d'abord, puis les jours (art. 641). Un an vaut
      douze mois ; les mois sont ajoutés en une fois à ``depart`` (jamais mois après mois :
      31 janvier + 2 mois = 31 mars, alors que 31 janvier + 1 mois + 1 mois donnerait 28 mars).
    - ``departement`` : territoire dont le calendrier des jours fériés s'applique — en principe celui
      de la juridiction ou du lieu où l'acte doit être fait (``None`` : métropole, droit commun).
    - ``distance`` : ``"outre_mer"`` (+1 mois) ou ``"etranger"`` (+2 mois), art. 643 (juridiction
      siégeant en métropole) ou 644 (juridiction siégeant outre-mer). Ces articles ne visent que les
      délais de comparution, d'appel, d'opposition, de tierce opposition (art. 586 al. 3), de recours
      en révision et de pourvoi en cassation (ce dernier pour l'art. 643 seulement) : c'est à
      l'appelant de vérifier que l'acte en relève. L'augmentation s'ajoute aux mois du délai avant
      tout calcul, les jours étant décomptés ensuite (art. 641 al. 3 ; ex. : appel de 15 jours + 1 mois,
      signification le 12 février → 12 mars → 27 mars, aurelienbamde.com précité).

    Le résultat expire à 24 heures ; s'il tombe un samedi, un dimanche ou un jour férié, il est
    prorogé au premier jour ouvrable suivant (art. 642), en boucle.

    Lève ``DelaiInvalide`` (sous-classe de ``ValueError``) si ``depart`` n'est pas une date, si une
    durée est négative ou non entière, si la durée est nulle, si ``departement`` ou ``distance`` est
    inconnu.

    Références : CPC, art. 640, 641, 642, 643, 644.
    """
    depart = _verifier_date(depart, "depart")
    _verifier_duree(jours, mois, ans)
    terr = _territoire(departement)
    if distance is not None and distance not in DISTANCES:
        raise DelaiInvalide(
            f"distance : valeur inconnue {distance!r} ; attendu None, \"outre_mer\" ou \"etranger\".",
            "distance",
        )
    supplement = DISTANCES[distance] if distance else 0
    total_mois = ans * 12 + mois + supplement

    try:
        apres_mois = depart + relativedelta(months=total_mois)
        nominale = apres_mois + dt.timedelta(days=jours)
        fin, reports = _proroger(nominale, terr)
    except (OverflowError, ValueError):
        raise DelaiInvalide(
            "jours, mois, ans : la fin du délai sort du calendrier (après l'an 9999).", "duree"
        ) from None

    duree = Duree(jours=jours, mois=mois, ans=ans)
    explication: list[str] = []
    avertissements: list[str] = []
    articles = ["640", "641", "642"]

    explication.append(
        f"Le délai de {duree} court à compter du {date_en_toutes_lettres(depart)}, date de l'acte, "
        "de l'événement, de la décision ou de la notification qui le fait courir (CPC, art. 640)."
    )
    if depart < _ENTREE_EN_VIGUEUR_CPC:
        avertissements.append(
            "Point de départ antérieur au 1er janvier 1976 : les art. 640 à 642 du CPC n'étaient pas "
            "encore en vigueur ; le calcul est indicatif."
        )

    if supplement:
        article_distance = "644" if terr.code in _TERRITOIRES_644 else "643"
        articles.append(article_distance)
        qui = (
            "une personne demeurant à l'étranger" if distance == "etranger"
            else "une personne qui ne demeure pas dans la collectivité où siège la juridiction"
            if article_distance == "644"
            else "une personne demeurant outre-mer (Guadeloupe, Guyane, Martinique, La Réunion, "
            "Mayotte, Saint-Barthélemy, Saint-Martin, Saint-Pierre-et-Miquelon, Polynésie française, "
            "Wallis-et-Futuna, Nouvelle-Calédonie, Terres australes et antarctiques françaises)"
        )
        explication.append(
            f"Augmentation pour distance de {supplement} mois pour {qui} (CPC, art. {article_distance}) : "
            f"elle s'ajoute aux mois du délai, qui sont décomptés avant les jours (CPC, art. 641 al. 3), "
            f"soit {total_mois} mois" + (f" et {_pluriel(jours, 'jour', 'jours')}" if jours else "") + "."
        )
        vises = (
            "de comparution, d'appel, d'opposition, de tierce opposition (art. 586 al. 3), "
            + ("de recours en révision et de pourvoi en cassation" if article_distance == "643"
               else "et de recours en révision")
        )
        avertissements.append(
            f"L'augmentation de l'art. {article_distance} CPC ne vaut que pour les délais {vises} : "
            "vérifier que l'acte en relève."
        )
        if terr.code in _CPC_LOCAL:
            avertissements.append(
                f"Juridiction en {_CPC_LOCAL[terr.code]} : ni l'art. 643 ni l'art. 644 du CPC ne visent "
                "ses juridictions ; l'augmentation pour distance relève du code de procédure civile local."
            )

    if total_mois:
        if apres_mois.day == depart.day:
            explication.append(
                f"Délai en mois (CPC, art. 641 al. 2) : {total_mois} mois à compter du "
                f"{date_en_toutes_lettres(depart)} : jour du dernier mois qui porte le même quantième "
                f"({depart.day}), soit le {date_en_toutes_lettres(apres_mois)}."
            )
        else:
            explication.append(
                f"Délai en mois (CPC, art. 641 al. 2) : {total_mois} mois à compter du "
                f"{date_en_toutes_lettres(depart)} : le dernier mois n'a pas de quantième {depart.day}, "
                f"on retient donc son dernier jour, soit le {date_en_toutes_lettres(apres_mois)}."
            )
    if jours:
        if total_mois:
            explication.append(
                f"Puis les jours (CPC, art. 641 al. 3) : {_pluriel(jours, 'jour', 'jours')} de plus à "
                f"partir du {date_en_toutes_lettres(apres_mois)}, soit le {date_en_toutes_lettres(nominale)}."
            )
        else:
            explication.append(
                f"Délai en jours (CPC, art. 641 al. 1) : le jour de départ ne compte pas ; le "
                f"{'1er' if jours == 1 else f'{jours}e'} jour est le {date_en_toutes_lettres(nominale)}."
            )

    explication.append(
        f"Date d'expiration nominale : {date_en_toutes_lettres(nominale)}, à 24 heures (CPC, art. 642 al. 1)."
    )
    bases_citees: dict[tuple[str, str], str] = {}
    if reports:
        for jour, motif in reports:
            explication.append(
                f"Le {date_en_toutes_lettres(jour)} n'est pas un jour ouvrable ({motif}) : le délai est "
                "prorogé au jour suivant (CPC, art. 642 al. 2)."
            )
            ferie = _calendrier.feries(terr, jour.year).get(jour)
            for nom in (ferie.split(" ; ") if ferie else ()):
                base = _calendrier.BASE_LEGALE.get(nom)
                if base and terr.regime != "outre_mer_autonome":
                    bases_citees[(base[0], base[1])] = base[2]
        explication.append(
            f"Dernier jour pour agir : {date_en_toutes_lettres(fin)}, à 24 heures, premier jour ouvrable "
            "suivant (CPC, art. 642 al. 2)."
        )
    else:
        explication.append(
            f"Ce jour est ouvrable ({terr.nom}) : pas de prorogation (CPC, art. 642 al. 2)."
        )

    avertissements.extend(_avertissements_calendrier(terr, nominale, fin, reports))

    citations = [dict(_CITATIONS[a]) for a in articles]
    citations += [{"code": code, "article": art, "url": url} for (code, art), url in bases_citees.items()]

    return Delai(
        date=fin,
        date_nominale=nominale,
        depart=depart,
        duree=duree,
        departement=terr.code or None,
        territoire=terr.nom,
        distance=distance,
        reports=tuple(reports),
        explication=tuple(explication),
        citations=tuple(citations),
        avertissements=tuple(avertissements),
    )


def _avertissements_calendrier(
    terr: Territoire, nominale: dt.date, fin: dt.date, reports: list[tuple[dt.date, str]]
) -> list[str]:
    avertissements: list[str] = []
    usage = _calendrier.jours_d_usage(terr, fin.year).get(fin)
    if usage:
        avertissements.append(
            f"Le {date_en_toutes_lettres(fin)} est chômé par l'usage en {terr.nom} ({usage}) sans être "
            "férié selon le Code du travail : par prudence, la prorogation de l'art. 642 (« jour férié "
            "ou chômé ») n'est pas retenue ; si le greffe était fermé ce jour-là, le délai a pu être "
            "prorogé au premier jour ouvrable suivant."
        )
    motifs = " ".join(m for _, m in reports)
    if terr.regime == "alsace_moselle" and "Vendredi saint" in motifs:
        avertissements.append(
            "Vendredi saint : férié en Moselle, Bas-Rhin et Haut-Rhin (C. trav., art. L3134-13), mais "
            "selon l'ordonnance du 16 août 1892 seulement dans les communes ayant un temple protestant "
            "ou une église mixte ; la prorogation est retenue par défaut (services publics "
            "généralement fermés) — vérifier la commune de la juridiction."
        )
    if terr.code == "978" and any(j.month == 5 and j.day in (27, 28) for j in (nominale, fin)):
        avertissements.append(
            "Saint-Martin : l'art. L3422-2 C. trav. fixe la commémoration de l'abolition de l'esclavage "
            "au 27 mai, mais le 28 mai est observé depuis 2019 (circulaire du 4 mai 2018) ; seul le "
            "27 mai est retenu comme jour férié."
        )
    if terr.code == "976":
        avertissements.append(
            "Mayotte : des jours fériés supplémentaires peuvent résulter de conventions collectives ou "
            "d'usages (Miradji, Idi-el-Fitri, Idi-el-Kabir, Maoulid, selon le Code du travail) ; ils ne "
            "sont pas pris en compte."
        )
    if terr.regime == "outre_mer_autonome":
        avertissements.append(
            f"{terr.nom} : calendrier des jours fériés repris du paquet « holidays » sans vérification "
            "des textes locaux."
            + (
                " Le code de procédure civile applicable y est un code local ; le calcul selon les "
                "art. 640 à 642 du CPC est indicatif."
                if terr.code in _CPC_LOCAL
                else ""
            )
        )
    return avertissements


def terme_prescription(depart: dt.date, *, ans: int = 0, mois: int = 0, jours: int = 0) -> dt.date:
    """Dernier jour où la prescription court encore : l'action doit être engagée ce jour-là avant 24 h.

    Règle (C. civ., art. 2228 : la prescription se compte par jours ; art. 2229 : elle est acquise
    lorsque le dernier jour du terme est accompli) : ``depart`` est le premier jour du délai ; on
    calcule l'anniversaire (``depart`` + ans et mois en une seule addition, puis les jours ; si le
    quantième n'existe pas dans le mois d'arrivée, le dernier jour de ce mois), puis on retire un jour.
    Ainsi 19 juin 2008 + 5 ans → 18 juin 2013 (Cass. 1re civ., 12 déc. 2018, n° 17-25.697 :
    « le délai quinquennal de prescription ayant commencé à courir le 19 juin 2008 […] est expiré le
    18 juin 2013 à vingt-quatre heures »). Pour un départ le 29 février, le 30 ou le 31 d'un mois, la
    règle donne la veille du dernier jour du mois d'arrivée (29 février 2024 + 1 an → 27 février 2025) :
    un jour plus tôt qu'une lecture qui retiendrait le dernier jour du mois — prudence assumée.

    Différences avec ``fin_de_delai`` : les art. 641 et 642 du CPC ne s'appliquent pas à la
    prescription (Cass. 1re civ., 12 déc. 2018, précité) ; le terme n'est pas reporté s'il tombe un
    samedi, un dimanche ou un jour férié (Cass. 2e civ., 7 avr. 2016, n° 15-12.960, P+B : « le délai
    de prescription […] n'avait pas lieu d'être prorogé au premier jour ouvrable suivant son terme » ;
    déjà Cass. com., 10 janv. 2006, n° 04-10.482). Le résultat est donc toujours antérieur à celui de
    ``fin_de_delai`` pour la même durée. La convention est prudente là où la jurisprudence n'est pas
    fixée : joindre ``AVERTISSEMENT_TERME_PRESCRIPTION`` au résultat présenté à l'utilisateur.

    Ne traite ni la suspension ni l'interruption (C. civ., art. 2230 et suivants), ni le délai butoir
    de l'art. 2232.

    Références : C. civ., art. 2228 et 2229 ; Cass. 1re civ., 12 déc. 2018, n° 17-25.697 ;
    Cass. 2e civ., 7 avr. 2016, n° 15-12.960.
    """
    depart = _verifier_date(depart, "depart")
    _verifier_duree(jours, mois, ans)
    try:
        anniversaire = depart + relativedelta(months=ans * 12 + mois) + dt.timedelta(days=jours)
        return anniversaire - dt.timedelta(days=1)
    except (OverflowError, ValueError):
        raise DelaiInvalide(
            "ans, mois, jours : le terme sort du calendrier (après l'an 9999).", "duree"
        ) from None
