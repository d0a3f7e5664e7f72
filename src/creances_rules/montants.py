"""Montants dus pour un retard de paiement : pénalités L441-10, intérêts moratoires, indemnité de 40 €, imputation des paiements.

Conventions, fixées ici une fois pour tout le module :

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

Références : C. com., art. L441-10 et D441-5 ; C. civ., art. 1231-6, 1344-1 (ancien 1153), 1342-10,
1343-1, 1343-2 ; C. mon. fin., art. L313-2, L313-3.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from typing import Annotated, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from creances_rules.taux import (
    CATEGORIES,
    Categorie,
    EntreeInvalide,
    RegleNonModelisee,
    TauxApplicable,
    TauxInconnu,
    fin_semestre,
    periode_taux_legal,
    plancher_penalites,
    taux_interet_legal,
    taux_penalites_defaut,
)

__all__ = [
    "Allocation",
    "BASE_ANNUELLE",
    "CalculInterets",
    "Capitalisation",
    "Dette",
    "DetteImputee",
    "EntreeInvalide",
    "FactureIndemnite",
    "IndemniteFacture",
    "IndemnitesForfaitaires",
    "Imputation",
    "LigneInterets",
    "Paiement",
    "RegleNonModelisee",
    "TauxInconnu",
    "chiffre_affaires_compensatoire",
    "date_majoration_L313_3",
    "imputer_paiements",
    "indemnite_forfaitaire",
    "indemnites_forfaitaires",
    "interets_capitalisables",
    "interets_moratoires",
    "penalites_retard",
]

BASE_ANNUELLE = Decimal(365)
CENTIME = Decimal("0.01")
ZERO = Decimal("0.00")
INDEMNITE_FORFAITAIRE = Decimal("40.00")
# D441-5 (décret n° 2012-1115) : indemnité due pour les créances dont le délai de paiement a commencé à
# courir à compter de l'entrée en vigueur, le 1er janvier 2013.
DEBUT_INDEMNITE_FORFAITAIRE = _dt.date(2013, 1, 1)
# Ordonnance n° 2016-131, art. 9 : contrats conclus avant le 1er octobre 2016 = ancien droit (1153, 1154).
REFORME_OBLIGATIONS = _dt.date(2016, 10, 1)
# Ordonnance n° 2019-359 : L441-6 devient L441-10 le 26 avril 2019.
ENTREE_EN_VIGUEUR_L441_10 = _dt.date(2019, 4, 26)
MAJORATION_L313_3 = Decimal("5")

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
    avertissements: list[str] = Field(default_factory=list)
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


def _interets(base: Decimal, taux: Decimal, jours: int) -> Decimal:
    # Précision large pour que le seul arrondi qui compte soit celui au centime.
    with localcontext() as ctx:
        ctx.prec = 60
        brut = base * taux * jours / (100 * BASE_ANNUELLE)
    return _arrondi(brut)


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


# --------------------------------------------------------------------------------------------
# Pénalités de retard entre professionnels


def penalites_retard(
    montant: Decimal,
    date_echeance: _dt.date,
    jusqu_au: _dt.date,
    *,
    taux_contractuel: Decimal | None = None,
    taux_bce_fournis: Mapping[_dt.date, Decimal] | None = None,
    taux_legal_fournis: Mapping[_dt.date, Decimal] | None = None,
    sanction_taux_insuffisant: Literal["plancher", "taux_defaut"] = "plancher",
) -> CalculInterets:
    """Les pénalités de retard de paiement entre professionnels, du lendemain de l'échéance au ``jusqu_au`` inclus.

    ``montant`` : somme restée impayée (TTC pour une facture). ``jusqu_au`` : date du paiement ou date
    d'arrêté du décompte. Taux : ``taux_contractuel`` (pourcentage annuel) s'il est stipulé, mais jamais
    moins de trois fois le taux légal « autres cas » du semestre ; sans taux convenu, le taux BCE en
    vigueur au 1er janvier / 1er juillet majoré de 10 points. Le calcul est coupé à chaque 1er janvier
    et 1er juillet. ``taux_bce_fournis`` / ``taux_legal_fournis`` : taux des semestres hors table, indexés
    par le 1er janvier / 1er juillet. ``sanction_taux_insuffisant`` : ``"plancher"`` (le taux trop bas est
    porté au plancher, lecture par défaut) ou ``"taux_defaut"`` (la clause est écartée et le taux BCE + 10
    s'applique) — les textes lus ne tranchent pas.

    Références : C. com., art. L441-10 II (ex-L441-6) ; C. mon. fin., art. L313-2.
    """
    base = _decimal(montant, "montant")
    _date(date_echeance, "date_echeance")
    _date(jusqu_au, "jusqu_au")
    if taux_contractuel is not None:
        taux_contractuel = _decimal(taux_contractuel, "taux_contractuel")
    if sanction_taux_insuffisant not in ("plancher", "taux_defaut"):
        raise EntreeInvalide(
            f"sanction_taux_insuffisant doit valoir \"plancher\" ou \"taux_defaut\", pas {sanction_taux_insuffisant!r}."
        )

    hypotheses = [
        f"Jours de retard comptés du lendemain de l'échéance ({(date_echeance + _UN_JOUR).isoformat()}) au "
        f"{jusqu_au.isoformat()} inclus : C. com., art. L441-10 II (pénalités « exigibles le jour suivant la date "
        "de règlement figurant sur la facture »).",
        HYPOTHESE_BASE_365,
        HYPOTHESE_ARRONDI,
        HYPOTHESE_SIMPLES,
        HYPOTHESE_TAUX,
        "Base des pénalités : le montant fourni, inchangé sur la période (TTC pour une facture : CJUE, 20 oct. "
        "2022, C-585/20). En cas de paiements partiels, calculer chaque tranche séparément.",
    ]
    citations = _citations("c_com_l441_10")
    if jusqu_au <= date_echeance:
        return _resultat_nul(
            hypotheses, citations, "Aucun retard : paiement ou arrêté du compte au plus tard le jour de l'échéance."
        )
    debut = date_echeance + _UN_JOUR
    if debut < ENTREE_EN_VIGUEUR_L441_10:
        citations = _citations("c_com_l441_10", "c_com_l441_6_ancien")

    avertissements: list[str] = []
    constats: list[str] = []
    lignes: list[LigneInterets] = []
    plancher_applique = False
    for a, b in _decouper(debut, jusqu_au, _debuts_de_semestre(debut, jusqu_au)):
        taux: TauxApplicable
        source = texte = None  # a contractual rate has its own; otherwise the rate table's
        if taux_contractuel is None:
            taux = taux_penalites_defaut(a, taux_bce_fournis)
            valeur, nature = taux.valeur, "taux_bce_plus_10_points"
        else:
            plancher = plancher_penalites(a, taux_legal_fournis)
            _ajouter(avertissements, plancher.avertissements)
            if taux_contractuel >= plancher.valeur:
                taux, valeur, nature = plancher, taux_contractuel, "taux_contractuel"
                source = "taux convenu entre les parties (conditions de règlement)"
                texte = (f"Taux contractuel de {_fmt(valeur)} %, au moins égal au plancher de {_fmt(plancher.valeur)} % "
                         "(C. com., art. L441-10 II)")
            else:
                if "taux_penalites_inferieur_au_minimum" not in constats:
                    constats.append("taux_penalites_inferieur_au_minimum")
                if sanction_taux_insuffisant == "plancher":
                    taux, valeur, nature = plancher, plancher.valeur, "plancher_3_fois_taux_legal"
                    plancher_applique = True
                    _ajouter(
                        avertissements,
                        [
                            f"Taux contractuel de {_fmt(taux_contractuel)} % inférieur au minimum légal de "
                            f"{_fmt(plancher.valeur)} % (3 × taux légal) du {plancher.du.isoformat()} au "
                            f"{plancher.au.isoformat()} : le plancher est appliqué. Autre lecture possible, non "
                            "tranchée par les textes lus : la clause serait écartée au profit du taux BCE + 10 points "
                            "(option sanction_taux_insuffisant=\"taux_defaut\"). Une telle clause expose aussi à "
                            "l'amende administrative de C. com., art. L441-16."
                        ],
                    )
                else:
                    taux = taux_penalites_defaut(a, taux_bce_fournis)
                    valeur, nature = taux.valeur, "taux_bce_plus_10_points"
                    _ajouter(
                        avertissements,
                        [
                            f"Taux contractuel de {_fmt(taux_contractuel)} % inférieur au minimum légal de "
                            f"{_fmt(plancher.valeur)} % du {plancher.du.isoformat()} au {plancher.au.isoformat()} : "
                            "la clause est écartée et le taux légal par défaut (BCE + 10 points) s'applique. Autre "
                            "lecture possible : le taux serait seulement porté au plancher."
                        ],
                    )
        _ajouter(avertissements, taux.avertissements)
        lignes.append(_ligne(a, b, base, valeur, nature, source or taux.source, texte or taux.texte, taux.fourni))
    if plancher_applique:
        citations = [*citations, *_citations("cmf_l313_2")]
    return CalculInterets(
        montant=sum((ligne.montant for ligne in lignes), ZERO),
        jours=(jusqu_au - date_echeance).days,
        lignes=lignes,
        citations=citations,
        hypotheses=hypotheses,
        avertissements=avertissements,
        constats=constats,
        plancher_applique=plancher_applique,
        taux_fournis_utilises=any(ligne.taux_fourni for ligne in lignes),
    )


# --------------------------------------------------------------------------------------------
# Intérêts moratoires au taux légal


def date_majoration_L313_3(date_signification: _dt.date) -> _dt.date:
    """Le premier jour au taux légal majoré de 5 points : lendemain de l'expiration de deux mois après que la décision est devenue exécutoire.

    ``date_signification`` : jour où la décision de condamnation est devenue exécutoire, en pratique sa
    signification (CPC, art. 503). Les deux mois expirent le jour du deuxième mois qui porte le même
    quantième, ou le dernier jour de ce mois s'il n'en a pas (comme CPC, art. 641 al. 2 ; 31 décembre →
    28 ou 29 février) ; la majoration court le lendemain. Exemple de service-public.fr (F20688) :
    exécutoire le 17 septembre 2015 → taux simple jusqu'au 17 novembre, majoré à partir du 18 novembre.
    Pas de report au jour ouvrable suivant (CPC 642) : ce n'est pas un délai pour agir.

    Références : C. mon. fin., art. L313-3 (le juge de l'exécution peut supprimer ou réduire la majoration).
    """
    _date(date_signification, "date_signification")
    return date_signification + relativedelta(months=2) + _UN_JOUR


def interets_moratoires(
    montant: Decimal,
    depuis: _dt.date,
    jusqu_au: _dt.date,
    *,
    categorie_creancier: Categorie,
    date_majoration: _dt.date | None = None,
    taux_fournis: Mapping[_dt.date, Decimal] | None = None,
    date_contrat: _dt.date | None = None,
) -> CalculInterets:
    """Les intérêts moratoires au taux légal, du lendemain de ``depuis`` (mise en demeure) au ``jusqu_au`` inclus.

    Le taux est celui de la catégorie du créancier (``"creancier_particulier"`` : personne physique
    n'agissant pas pour des besoins professionnels ; sinon ``"autres_cas"``), période par période :
    semestre depuis 2015, année avant. À partir de ``date_majoration`` (premier jour majoré, voir
    :func:`date_majoration_L313_3`) le taux est majoré de 5 points. ``taux_fournis`` : taux légaux des
    périodes hors table, indexés par leur premier jour. ``date_contrat`` : si le contrat est antérieur
    au 1er octobre 2016, l'ancien article 1153 est cité au lieu de 1231-6 et 1344-1.

    Références : C. civ., art. 1231-6 et 1344-1 (ancien art. 1153) ; C. mon. fin., art. L313-2, L313-3.
    """
    base = _decimal(montant, "montant")
    _date(depuis, "depuis")
    _date(jusqu_au, "jusqu_au")
    if categorie_creancier not in CATEGORIES:
        raise EntreeInvalide(
            f"categorie_creancier doit valoir {' ou '.join(CATEGORIES)}, pas {categorie_creancier!r}."
        )
    if date_majoration is not None:
        _date(date_majoration, "date_majoration")
    if date_contrat is not None:
        _date(date_contrat, "date_contrat")

    if date_contrat is not None and date_contrat < REFORME_OBLIGATIONS:
        citations = _citations("c_civ_1153_ancien", "cmf_l313_2")
    else:
        citations = _citations("c_civ_1231_6", "c_civ_1344_1", "cmf_l313_2")
    hypotheses = [
        f"Intérêts comptés du lendemain de la mise en demeure ({(depuis + _UN_JOUR).isoformat()}) au "
        f"{jusqu_au.isoformat()} inclus (nombre de jours = {jusqu_au.isoformat()} − {depuis.isoformat()}). "
        "Aucun texte lu ne fixe ce décompte ; certains calculateurs comptent aussi le jour de la mise en demeure "
        "(un jour de plus).",
        HYPOTHESE_BASE_365,
        HYPOTHESE_ARRONDI,
        HYPOTHESE_SIMPLES,
        HYPOTHESE_TAUX,
        f"Taux légal de la catégorie « {categorie_creancier} » (C. mon. fin., art. L313-2 : selon que le créancier "
        "est ou non une personne physique n'agissant pas pour des besoins professionnels).",
    ]
    if date_contrat is None:
        hypotheses.append(
            "Date du contrat non fournie : articles cités dans leur rédaction issue de l'ordonnance n° 2016-131 "
            "(contrats conclus à compter du 1er octobre 2016 ; avant, ancien art. 1153)."
        )
    if jusqu_au <= depuis:
        return _resultat_nul(hypotheses, citations, "Aucun jour d'intérêts : jusqu_au n'est pas postérieur à depuis.")
    debut = depuis + _UN_JOUR
    coupures: list[_dt.date] = []
    d = debut
    while True:
        d = periode_taux_legal(d)[1] + _UN_JOUR
        if d > jusqu_au:
            break
        coupures.append(d)
    avertissements: list[str] = []
    if date_majoration is not None and date_majoration <= jusqu_au:
        coupures.append(date_majoration)
        citations = [*citations, *_citations("cmf_l313_3")]
        avertissements.append(
            f"Majoration de 5 points à partir du {date_majoration.isoformat()} (C. mon. fin., art. L313-3) : le juge "
            "de l'exécution peut la supprimer ou en réduire le montant."
        )
    lignes: list[LigneInterets] = []
    for a, b in _decouper(debut, jusqu_au, coupures):
        til = taux_interet_legal(a, categorie_creancier, taux_fournis)
        _ajouter(avertissements, til.avertissements)
        majore = date_majoration is not None and a >= date_majoration
        valeur = til.valeur + MAJORATION_L313_3 if majore else til.valeur
        texte = (f"{til.texte} : {_fmt(til.valeur)} % majoré de 5 points (C. mon. fin., art. L313-3)" if majore
                 else f"{til.texte} : {_fmt(til.valeur)} %")
        lignes.append(_ligne(a, b, base, valeur, "taux_legal_majore_5_points" if majore else "taux_legal",
                             til.source, texte, til.fourni))
    return CalculInterets(
        montant=sum((ligne.montant for ligne in lignes), ZERO),
        jours=(jusqu_au - depuis).days,
        lignes=lignes,
        citations=citations,
        hypotheses=hypotheses,
        avertissements=avertissements,
        taux_fournis_utilises=any(ligne.taux_fourni for ligne in lignes),
    )


# --------------------------------------------------------------------------------------------
# Indemnité forfaitaire pour frais de recouvrement (40 € par facture payée en retard)


def indemnite_forfaitaire(nombre_factures_en_retard: int) -> Decimal:
    """L'indemnité forfaitaire de 40 € due par facture payée en retard.

    Références : C. com., art. L441-10 II et D441-5 (décret n° 2012-1115, en vigueur le 1er janvier 2013) ;
    CJUE, 4 mai 2023, C-78/22 (due pour chaque retard de paiement).
    """
    if isinstance(nombre_factures_en_retard, bool) or not isinstance(nombre_factures_en_retard, int):
        raise EntreeInvalide(
            f"nombre_factures_en_retard doit être un entier, pas {nombre_factures_en_retard!r}."
        )
    if nombre_factures_en_retard < 0:
        raise EntreeInvalide(f"nombre_factures_en_retard doit être positif ou nul, pas {nombre_factures_en_retard}.")
    return INDEMNITE_FORFAITAIRE * nombre_factures_en_retard


class FactureIndemnite(BaseModel):
    """Une facture pour le calcul de l'indemnité : échéance, paiement éventuel, début du délai de paiement."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str
    date_echeance: _dt.date
    date_paiement: _dt.date | None = None
    # Jour où le délai de paiement a commencé à courir (en général l'émission de la facture ou la
    # livraison) ; sert à la règle transitoire du 1er janvier 2013.
    debut_delai_paiement: _dt.date | None = None


class IndemniteFacture(BaseModel):
    """Le détail de l'indemnité pour une facture."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str
    date_echeance: _dt.date
    en_retard: bool
    due: bool
    montant: Decimal
    motif: str


class IndemnitesForfaitaires(BaseModel):
    """L'indemnité forfaitaire totale et son détail par facture."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    montant: Decimal
    factures: list[IndemniteFacture]
    citations: list[dict[str, str]]
    hypotheses: list[str]
    avertissements: list[str] = Field(default_factory=list)


def indemnites_forfaitaires(factures: Sequence[FactureIndemnite], *, au: _dt.date) -> IndemnitesForfaitaires:
    """L'indemnité de 40 € pour chaque facture payée en retard (ou encore impayée et échue le jour ``au``).

    Une facture est en retard si elle a été payée après son échéance, ou si, impayée, son échéance
    est antérieure à ``au``. L'indemnité n'est due que si le délai de paiement a commencé à courir
    à compter du 1er janvier 2013.

    Références : C. com., art. L441-10 II et D441-5 ; décret n° 2012-1115 du 2 octobre 2012 (entrée en
    vigueur) ; CJUE, 4 mai 2023, C-78/22.
    """
    _date(au, "au")
    if isinstance(factures, str | bytes) or not isinstance(factures, Sequence):
        raise EntreeInvalide("factures doit être une liste de FactureIndemnite.")
    refs = [f.ref for f in factures]
    if len(set(refs)) != len(refs):
        raise EntreeInvalide("factures : deux factures portent la même référence (ref).")
    detail: list[IndemniteFacture] = []
    avertissements: list[str] = []
    for f in factures:
        if not isinstance(f, FactureIndemnite):
            raise EntreeInvalide(f"factures : élément {f!r} qui n'est pas une FactureIndemnite.")
        if f.date_paiement is not None:
            en_retard = f.date_paiement > f.date_echeance
            quand = f"payée le {f.date_paiement.isoformat()}"
        else:
            en_retard = au > f.date_echeance
            quand = f"impayée au {au.isoformat()}"
        if not en_retard:
            detail.append(
                IndemniteFacture(
                    ref=f.ref,
                    date_echeance=f.date_echeance,
                    en_retard=False,
                    due=False,
                    montant=ZERO,
                    motif=f"Pas de retard : échéance du {f.date_echeance.isoformat()}, {quand}.",
                )
            )
            continue
        debut = f.debut_delai_paiement
        if (debut is not None and debut < DEBUT_INDEMNITE_FORFAITAIRE) or (
            debut is None and f.date_echeance < DEBUT_INDEMNITE_FORFAITAIRE
        ):
            detail.append(
                IndemniteFacture(
                    ref=f.ref,
                    date_echeance=f.date_echeance,
                    en_retard=True,
                    due=False,
                    montant=ZERO,
                    motif=(
                        "Délai de paiement commencé avant le 1er janvier 2013 : indemnité non due "
                        "(décret n° 2012-1115, entrée en vigueur)."
                    ),
                )
            )
            continue
        if debut is None and f.date_echeance < _dt.date(2014, 1, 1):
            avertissements.append(
                f"Facture {f.ref} : début du délai de paiement inconnu ; l'indemnité suppose qu'il a commencé à "
                "courir à compter du 1er janvier 2013."
            )
        detail.append(
            IndemniteFacture(
                ref=f.ref,
                date_echeance=f.date_echeance,
                en_retard=True,
                due=True,
                montant=INDEMNITE_FORFAITAIRE,
                motif=f"Échéance du {f.date_echeance.isoformat()}, {quand} : 40 € (une indemnité par facture).",
            )
        )
    return IndemnitesForfaitaires(
        montant=sum((d.montant for d in detail), ZERO),
        factures=detail,
        citations=_citations("c_com_l441_10", "c_com_d441_5", "cjue_2023_05_04_c_78_22"),
        hypotheses=[
            "Une indemnité de 40 € par facture payée en retard (CJUE, 4 mai 2023, C-78/22 : pour chaque retard de "
            "paiement).",
            "Les frais de recouvrement supérieurs à 40 € ne sont dus que sur justification (L441-10 II) : non calculés.",
            "Non vérifié ici : une procédure collective qui interdit le paiement à l'échéance prive le créancier "
            "de l'indemnité.",
        ],
        avertissements=avertissements,
    )


# --------------------------------------------------------------------------------------------
# Imputation des paiements


def _pas_de_float(v: object) -> object:
    if isinstance(v, float):
        raise ValueError("montant en float refusé : utiliser Decimal (ex. Decimal(\"1234.56\"))")
    return v


MontantPositif = Annotated[Decimal, BeforeValidator(_pas_de_float), Field(ge=0)]
MontantStrictementPositif = Annotated[Decimal, BeforeValidator(_pas_de_float), Field(gt=0)]


class Dette(BaseModel):
    """Une dette du débiteur envers le créancier (une facture), pour l'imputation des paiements."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str
    montant: MontantPositif
    date_exigibilite: _dt.date
    # Intérêts (ou pénalités) échus sur cette dette, arrêtés par l'appelant : 1343-1 les paie en premier.
    interets_dus: MontantPositif = ZERO
    # Intérêt du débiteur à acquitter cette dette plutôt qu'une autre (plus haut = payée d'abord), apprécié
    # par l'appelant : taux plus élevé, sûreté, clause pénale… 0 par défaut (intérêt égal).
    rang_interet: int = 0


class Paiement(BaseModel):
    """Un paiement reçu ; ``facture`` : la dette que le débiteur a désignée en payant, s'il l'a fait."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: _dt.date
    montant: MontantStrictementPositif
    facture: str | None = None


class Allocation(BaseModel):
    """La part d'un paiement imputée sur une dette : aux intérêts d'abord, puis au principal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    paiement: int  # rang du paiement dans la liste fournie (0 = premier)
    date: _dt.date
    dette: str
    montant: Decimal
    aux_interets: Decimal
    au_principal: Decimal
    regle: Literal[
        "choix_du_debiteur",
        "plus_grand_interet_du_debiteur",
        "plus_ancienne",
        "proportionnelle",
    ]


class DetteImputee(BaseModel):
    """L'état d'une dette après imputation de tous les paiements."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str
    principal_initial: Decimal
    interets_initiaux: Decimal
    interets_restants: Decimal
    principal_restant: Decimal
    allocations: list[Allocation]


class Imputation(BaseModel):
    """Le résultat de l'imputation : par dette, le reste dû et la trace ; plus l'excédent non imputé."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dettes: list[DetteImputee]
    allocations: list[Allocation]
    non_impute: Decimal
    citations: list[dict[str, str]]
    hypotheses: list[str]
    avertissements: list[str] = Field(default_factory=list)


def imputer_paiements(dettes: Sequence[Dette], paiements: Sequence[Paiement]) -> Imputation:
    """Impute chaque paiement sur les dettes : choix du débiteur, sinon imputation légale ; intérêts avant principal.

    Ordre légal (1342-10 al. 2) : dettes échues au jour du paiement (à défaut, les autres) ; parmi elles,
    celles que le débiteur avait le plus d'intérêt d'acquitter — simplification : ``rang_interet`` fourni
    par l'appelant, égal par défaut ; à égalité, la plus ancienne — simplification : la première exigible ;
    à égalité, proportionnellement au solde. Sur chaque dette, le paiement va d'abord aux intérêts
    (1343-1), même si le débiteur l'a désignée. Un paiement désigné qui dépasse la dette voit son excédent
    imputé selon l'ordre légal. Les paiements sont traités par date (ordre fourni à date égale).

    Références : C. civ., art. 1342-10 et 1343-1 (anciens art. 1253 à 1256).
    """
    for nom, seq, cls in (("dettes", dettes, Dette), ("paiements", paiements, Paiement)):
        if isinstance(seq, str | bytes) or not isinstance(seq, Sequence):
            raise EntreeInvalide(f"{nom} doit être une liste de {cls.__name__}.")
        for x in seq:
            if not isinstance(x, cls):
                raise EntreeInvalide(f"{nom} : élément {x!r} qui n'est pas un {cls.__name__}.")
    refs = [d.ref for d in dettes]
    if len(set(refs)) != len(refs):
        raise EntreeInvalide("dettes : deux dettes portent la même référence (ref).")
    # L'imputation proportionnelle répartit des centimes : des montants plus fins n'auraient pas de sens.
    for nom, seq, champs in (("dettes", dettes, ("montant", "interets_dus")), ("paiements", paiements, ("montant",))):
        for i, x in enumerate(seq):
            for champ in champs:
                if getattr(x, champ) != getattr(x, champ).quantize(CENTIME):
                    raise EntreeInvalide(f"{nom}[{i}].{champ} doit être un montant au centime, pas {getattr(x, champ)}.")
    par_ref = {d.ref: d for d in dettes}
    for i, p in enumerate(paiements):
        if p.facture is not None and p.facture not in par_ref:
            raise EntreeInvalide(f"paiements[{i}].facture : aucune dette de référence {p.facture!r}.")

    interets = {d.ref: Decimal(d.interets_dus) for d in dettes}
    principal = {d.ref: Decimal(d.montant) for d in dettes}
    allocations: list[Allocation] = []
    avertissements: list[str] = []
    non_impute = ZERO

    def solde(ref: str) -> Decimal:
        return interets[ref] + principal[ref]

    def imputer(i: int, p: Paiement, ref: str, somme: Decimal, regle: str) -> None:
        aux_interets = min(somme, interets[ref])
        au_principal = somme - aux_interets
        interets[ref] -= aux_interets
        principal[ref] -= au_principal
        allocations.append(
            Allocation(
                paiement=i,
                date=p.date,
                dette=ref,
                montant=somme,
                aux_interets=aux_interets,
                au_principal=au_principal,
                regle=regle,  # type: ignore[arg-type]
            )
        )

    ordre = sorted(range(len(paiements)), key=lambda i: paiements[i].date)
    for i in ordre:
        p = paiements[i]
        reste = Decimal(p.montant)
        if p.facture is not None and solde(p.facture) > 0:
            part = min(reste, solde(p.facture))
            imputer(i, p, p.facture, part, "choix_du_debiteur")
            reste -= part
            if reste > 0:
                avertissements.append(
                    f"Paiement du {p.date.isoformat()} : {_fmt(reste)} € au-delà du solde de {p.facture} désignée, "
                    "imputés selon l'ordre légal."
                )
        elif p.facture is not None:
            avertissements.append(
                f"Paiement du {p.date.isoformat()} : la dette désignée {p.facture} est déjà soldée ; imputation légale."
            )
        while reste > 0:
            ouvertes = [d for d in dettes if solde(d.ref) > 0]
            if not ouvertes:
                break
            echues = [d for d in ouvertes if d.date_exigibilite <= p.date]
            if not echues:
                _ajouter(
                    avertissements,
                    [f"Paiement du {p.date.isoformat()} : aucune dette échue ; imputé sur des dettes non encore échues."],
                )
            candidates = echues or ouvertes
            rang_max = max(d.rang_interet for d in candidates)
            meilleures = [d for d in candidates if d.rang_interet == rang_max]
            plus_ancienne = min(d.date_exigibilite for d in meilleures)
            groupe = [d for d in meilleures if d.date_exigibilite == plus_ancienne]
            if len(groupe) > 1:
                regle = "proportionnelle"
            elif len(meilleures) < len(candidates):
                regle = "plus_grand_interet_du_debiteur"
            else:
                regle = "plus_ancienne"
            total = sum((solde(d.ref) for d in groupe), ZERO)
            if reste >= total or len(groupe) == 1:
                for d in groupe:
                    part = min(reste, solde(d.ref))
                    imputer(i, p, d.ref, part, regle)
                    reste -= part
                continue
            # Prorata des soldes, arrondi au centime inférieur ; les centimes restants vont aux
            # dettes dans l'ordre des références, pour que la somme imputée soit exacte.
            parts = {d.ref: (reste * solde(d.ref) / total).quantize(CENTIME, rounding=ROUND_DOWN) for d in groupe}
            manque = reste - sum(parts.values(), ZERO)
            for d in sorted(groupe, key=lambda d: d.ref):
                if manque <= 0:
                    break
                supplement = min(manque, solde(d.ref) - parts[d.ref], CENTIME)
                parts[d.ref] += supplement
                manque -= supplement
            for d in groupe:
                if parts[d.ref] > 0:
                    imputer(i, p, d.ref, parts[d.ref], "proportionnelle")
            reste = manque
            break
        if reste > 0:
            non_impute += reste
            avertissements.append(
                f"Paiement du {p.date.isoformat()} : {_fmt(reste)} € excèdent toutes les dettes (trop-perçu), non imputés."
            )
    legales = [a for a in allocations if a.regle != "choix_du_debiteur"]
    if legales:
        avertissements.append(
            "Imputation légale simplifiée (C. civ., art. 1342-10) : le « plus grand intérêt » du débiteur n'est pas "
            "apprécié ici (il dépend des faits : taux, sûretés, clause pénale) ; il n'est pris en compte que par le "
            "rang_interet fourni. « La plus ancienne » est lue comme la première exigible."
        )
    return Imputation(
        dettes=[
            DetteImputee(
                ref=d.ref,
                principal_initial=Decimal(d.montant),
                interets_initiaux=Decimal(d.interets_dus),
                interets_restants=interets[d.ref],
                principal_restant=principal[d.ref],
                allocations=[a for a in allocations if a.dette == d.ref],
            )
            for d in dettes
        ],
        allocations=allocations,
        non_impute=non_impute,
        citations=_citations("c_civ_1342_10", "c_civ_1343_1"),
        hypotheses=[
            "Intérêts dus sur chaque dette arrêtés par l'appelant (interets_dus) ; les intérêts qui courent entre "
            "deux paiements ne sont pas recalculés ici.",
            "Sur chaque dette, le paiement s'impute d'abord sur les intérêts, puis sur le principal (C. civ., "
            "art. 1343-1), y compris quand le débiteur a désigné la dette.",
        ],
        avertissements=avertissements,
    )


# --------------------------------------------------------------------------------------------
# Capitalisation (anatocisme)


class Capitalisation(BaseModel):
    """Si des intérêts échus peuvent produire intérêt, et pourquoi."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    capitalisable: bool
    montant: Decimal
    motif: str
    citations: list[dict[str, str]]


def interets_capitalisables(
    interets: Decimal,
    du: _dt.date,
    au: _dt.date,
    *,
    fondement: Literal["contrat", "decision_de_justice"] | None,
    date_contrat: _dt.date | None = None,
) -> Capitalisation:
    """Dit si les intérêts échus entre ``du`` (exclu) et ``au`` (inclus) peuvent être capitalisés, et pour quel montant.

    Deux conditions : les intérêts sont dus pour au moins une année entière (``au`` ≥ ``du`` + 1 an) ; le
    contrat le prévoit ou une décision de justice le précise (``fondement``, dit par l'appelant).

    Références : C. civ., art. 1343-2 (ancien art. 1154 pour les contrats antérieurs au 1er octobre 2016 :
    demande en justice ou convention spéciale).
    """
    montant = _decimal(interets, "interets")
    _date(du, "du")
    _date(au, "au")
    if fondement not in (None, "contrat", "decision_de_justice"):
        raise EntreeInvalide(f"fondement doit valoir \"contrat\", \"decision_de_justice\" ou None, pas {fondement!r}.")
    if date_contrat is not None:
        _date(date_contrat, "date_contrat")
    ancien = date_contrat is not None and date_contrat < REFORME_OBLIGATIONS
    citations = _citations("c_civ_1154_ancien" if ancien else "c_civ_1343_2")
    article = "ancien art. 1154" if ancien else "art. 1343-2"
    if fondement is None:
        return Capitalisation(
            capitalisable=False,
            montant=ZERO,
            motif=f"Ni le contrat ni une décision de justice ne prévoit la capitalisation (C. civ., {article}).",
            citations=citations,
        )
    un_an = du + relativedelta(years=1)
    if au < un_an:
        return Capitalisation(
            capitalisable=False,
            montant=ZERO,
            motif=(
                f"Intérêts dus depuis moins d'une année entière (du {du.isoformat()} au {au.isoformat()} ; une année "
                f"entière est atteinte le {un_an.isoformat()}) (C. civ., {article})."
            ),
            citations=citations,
        )
    return Capitalisation(
        capitalisable=True,
        montant=_arrondi(montant),
        motif=(
            f"Intérêts dus pour au moins une année entière et capitalisation prévue par "
            f"{'le contrat' if fondement == 'contrat' else 'une décision de justice'} (C. civ., {article})."
        ),
        citations=citations,
    )


# --------------------------------------------------------------------------------------------
# Indicateur de gestion


def chiffre_affaires_compensatoire(montant_impaye: Decimal, taux_marge: Decimal) -> Decimal:
    """Le chiffre d'affaires supplémentaire qu'il faut réaliser pour compenser une créance impayée : impayé / taux de marge.

    ``taux_marge`` est une fraction (``Decimal("0.05")`` pour 5 %), strictement positive et au plus 1.
    Indicateur de gestion, sans base légale. Résultat arrondi au centime (ROUND_HALF_UP).
    """
    impaye = _decimal(montant_impaye, "montant_impaye")
    marge = _decimal(taux_marge, "taux_marge", positif=False)
    if marge <= 0 or marge > 1:
        raise EntreeInvalide(
            f"taux_marge doit être une fraction strictement positive et au plus égale à 1 (0.05 pour 5 %), pas {marge}."
        )
    with localcontext() as ctx:
        ctx.prec = 60
        return _arrondi(impaye / marge)
