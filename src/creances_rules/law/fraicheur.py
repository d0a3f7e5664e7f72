"""Jusqu'où les données datées du paquet sont connues, et ce que le paquet sait des taux (``creances taux``).

Chaque donnée datée déclare le dernier jour qu'elle couvre (``connu_jusqu_au``). Une évaluation postérieure
calcule la partie connue, nomme la partie inconnue (avertissement ``taux_inconnu``) et porte l'avertissement
``donnees_perimees`` ; rien n'est reconduit. :func:`tables_de_taux` rend les tables (données simples, que la
ligne de commande met en forme et qu'un serveur peut servir telles quelles) ; :func:`prochain_changement_taux`
dit le prochain jour où un taux change ou cesse d'être connu (pour ``valable_jusqu_au``).

Références : C. mon. fin., art. L313-2 (taux légal semestriel) ; C. com., art. L441-10 II (taux BCE au
1er janvier / 1er juillet + 10 points ; plancher de trois fois le taux légal) ; loi n° 2023-1059, art. 26 et
arrêté du 5 juillet 2024 (tribunaux des activités économiques, expérimentation 2025-2028).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import taux as t
from .saisie_remunerations import bareme_connu_jusqu_au

__all__ = [
    "DonneeDatee",
    "FIN_EXPERIMENTATION_TAE",
    "avertissements_donnees_perimees",
    "donnees_datees",
    "prochain_changement_taux",
    "tables_de_taux",
]

# Arrêté du 5 juillet 2024, art. 1er : expérimentation de quatre ans à compter du 1er janvier 2025 (règle
# juridiction_competente.debiteur_commercant_tae, période jusqu'au 31 décembre 2028).
FIN_EXPERIMENTATION_TAE = _dt.date(2028, 12, 31)


@dataclass(frozen=True)
class DonneeDatee:
    """Une donnée datée du paquet : jusqu'où elle est connue, où la lire, quand elle change."""

    cle: str
    libelle: str
    connu_jusqu_au: _dt.date | None  # None : calculée par une règle, sans table datée
    ou: str
    prochaine_mise_a_jour: str
    commande: str


def _fmt(d: _dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def donnees_datees(taux_fournis: Mapping[str, Any] | None = None) -> list[DonneeDatee]:
    """Les données datées que l'évaluation lit, chacune avec le dernier jour connu (fichier de taux actif et
    taux fournis par le dossier compris : ``taux_fournis`` = ``{"bce": {...}, "legal": {categorie: {...}}}``)."""
    fournis = taux_fournis or {}
    legal = fournis.get("legal", {})
    bce = fournis.get("bce", {})
    til = min(t.legal_connu_jusqu_au(c, legal.get(c)) for c in t.CATEGORIES)
    return [
        DonneeDatee(
            "taux_interet_legal", "taux de l'intérêt légal (C. mon. fin. L313-2)", til,
            "data/taux/taux_interet_legal.yaml",
            "arrêtés semestriels publiés fin juin (2nd semestre) et fin décembre (1er semestre suivant)",
            "creances taux"),
        DonneeDatee(
            "taux_bce", "taux des opérations principales de refinancement de la BCE",
            t.table_bce().connu_jusqu_au, "data/taux/taux_bce_refinancement.yaml",
            "après chaque réunion de politique monétaire du Conseil des gouverneurs (environ toutes les six semaines)",
            "creances taux"),
        DonneeDatee(
            "taux_penalites_l441_10", "taux par défaut des pénalités L441-10 (taux BCE au 1er janvier / 1er juillet "
            "+ 10 points)", t.penalites_connu_jusqu_au(bce), "data/taux/taux_bce_refinancement.yaml",
            "connu pour un semestre dès que le taux BCE en vigueur à son premier jour l'est", "creances taux"),
        DonneeDatee(
            "tribunaux_activites_economiques", "liste des tribunaux des activités économiques (expérimentation)",
            FIN_EXPERIMENTATION_TAE, "rules/juridiction_competente.yaml",
            "fin de l'expérimentation le 31/12/2028 : prolongation ou généralisation à lire", "creances rules"),
        DonneeDatee(
            "bareme_saisie_remunerations", "barème des saisies des rémunérations (C. trav. R3252-2, R3252-3)",
            bareme_connu_jusqu_au(), "data/bareme_saisie_remunerations.yaml",
            "décret de révision publié en décembre pour l'année suivante (C. trav. R3252-4)", "creances rules"),
        DonneeDatee(
            "jours_feries", "jours fériés (prorogation des délais, CPC 642)", None,
            "_calendrier.py (paquet holidays, filtré par C. trav. L3133-1, L3134-13, L3422-2)",
            "calculés par règle pour toute année ; à revoir si la loi crée ou supprime une fête légale",
            "creances delai"),
    ]


def avertissements_donnees_perimees(as_of: _dt.date, taux_fournis: Mapping[str, Any] | None = None,
                                    lues: set[str] | None = None) -> list[str]:
    """Un message par donnée datée que ``as_of`` dépasse (code ``donnees_perimees``) ; ``lues`` : les clés des
    données que l'évaluation a lues (toutes à défaut)."""
    out = []
    for d in donnees_datees(taux_fournis):
        if lues is not None and d.cle not in lues:
            continue
        if d.connu_jusqu_au is None or as_of <= d.connu_jusqu_au or d.cle == "taux_bce":
            # Le taux BCE brut ne sert qu'au 1er janvier / 1er juillet : sa fraîcheur est celle des pénalités.
            continue
        out.append(
            f"Données datées dépassées : {d.libelle} connu jusqu'au {_fmt(d.connu_jusqu_au)} seulement ; "
            f"l'évaluation au {_fmt(as_of)} va au-delà. La partie postérieure n'est pas calculée (rien n'est "
            f"reconduit) ; {d.prochaine_mise_a_jour}. Fournir les valeurs (fichier de taux du cabinet, option "
            f"--taux, ou taux fournis dans le dossier) ou mettre le paquet à jour ; « {d.commande} » montre ce qu'il sait."
        )
    return out


def prochain_changement_taux(apres: _dt.date, taux_fournis: Mapping[str, Any] | None = None) -> _dt.date | None:
    """Le premier jour postérieur à ``apres`` où un taux que l'évaluation lit change de période ou cesse d'être
    connu : début de la période suivante du taux légal ou du semestre des pénalités (ils changent ensemble
    depuis 2015), ou lendemain du dernier jour connu d'une table (fichier de taux actif et taux du dossier
    compris). ``None`` si aucun taux n'est plus connu après ``apres`` (tout est déjà hors table).
    """
    fournis = taux_fournis or {}
    candidats = [t.periode_taux_legal(apres)[1] + _dt.timedelta(days=1)]
    legal = fournis.get("legal", {})
    limites = [t.legal_connu_jusqu_au(c, legal.get(c)) for c in t.CATEGORIES]
    limites.append(t.penalites_connu_jusqu_au(fournis.get("bce", {})))
    candidats += [fin + _dt.timedelta(days=1) for fin in limites if fin >= apres]
    futurs = [c for c in candidats if c > apres]
    if all(fin < apres for fin in limites):
        return None
    return min(futurs) if futurs else None


# ------------------------------------------------------------------------------------------------ tables


def _taux(v: Decimal | None) -> str | None:
    return None if v is None else f"{v:f}"


def _ligne(a: t.TauxApplicable) -> dict[str, Any]:
    return {"du": a.du, "au": a.au, "valeur": _taux(a.valeur), "texte": a.texte, "source": a.source,
            "confiance": a.confiance, "fourni_par": a.fourni_par}


def tables_de_taux(depuis: _dt.date | None = None) -> dict[str, Any]:
    """Les tables de taux en vigueur (paquet + fichier de taux actif), en données simples.

    ``interet_legal`` : une ligne par période avec ses deux catégories ; ``bce`` : une ligne par période du taux
    MRO ; ``penalites_l441_10`` : par semestre, le taux par défaut (BCE au premier jour + 10) et le plancher
    (3 × taux légal « autres cas »). Chaque ligne porte texte, source, confiance et, si un fichier la fournit,
    ``fourni_par`` ; chaque table, son ``connu_jusqu_au``. ``depuis`` : ne garder que les périodes qui finissent
    à partir de ce jour.
    """
    debut = depuis or _dt.date.min
    til = t.table_interet_legal()
    legal_fin = max(t.legal_connu_jusqu_au(c) for c in t.CATEGORIES)
    legal: list[dict[str, Any]] = []
    d = til.debut
    while d <= legal_fin:
        du, au = t.periode_taux_legal(d)
        ligne: dict[str, Any] = {"du": du, "au": au, "categories": {}}
        for c in t.CATEGORIES:
            try:
                ligne["categories"][c] = _ligne(t.taux_interet_legal(du, c))  # type: ignore[arg-type]
            except t.TauxInconnu:
                ligne["categories"][c] = None
        if au >= debut:
            legal.append(ligne)
        d = au + _dt.timedelta(days=1)
    tb = t.table_bce()
    fichier = t.taux_fichier_actif()
    bce = [{"du": v.du, "au": v.au, "valeur": _taux(v.valeurs["taux"]), "texte": v.texte, "source": v.source,
            "date_decision": v.date_decision, "confiance": v.confiance_de(), "fourni_par": None}
           for v in tb.valeurs if v.au >= debut]
    if fichier is not None:
        bce += [{"du": v.du, "au": v.au, "valeur": _taux(v.valeurs["taux"]), "texte": v.texte, "source": v.source,
                 "date_decision": v.date_decision, "confiance": v.confiance_de(), "fourni_par": v.fourni_par}
                for v in fichier.bce if v.au >= debut]
        bce.sort(key=lambda r: (r["du"], r["fourni_par"] is not None))
    penalites = []
    s = t.DEBUT_REGLE_SEMESTRIELLE_PENALITES
    fin_pen = t.penalites_connu_jusqu_au()
    while s <= max(fin_pen, legal_fin):
        f = t.fin_semestre(s)
        ligne = {"du": s, "au": f, "taux_defaut": None, "plancher": None}
        try:
            ligne["taux_defaut"] = _ligne(t.taux_penalites_defaut(s))
        except t.TauxInconnu:
            pass
        try:
            ligne["plancher"] = _ligne(t.plancher_penalites(s))
        except (t.TauxInconnu, t.RegleNonModelisee):
            pass
        if f >= debut:
            penalites.append(ligne)
        s = f + _dt.timedelta(days=1)
    return {
        "interet_legal": {"connu_jusqu_au": legal_fin, "table_connue_jusqu_au": til.connu_jusqu_au,
                          "references": "C. mon. fin., art. L313-2 et D313-1-A", "lignes": legal},
        "bce": {"connu_jusqu_au": max([tb.connu_jusqu_au] + [r["au"] for r in bce if r["fourni_par"]]),
                "table_connue_jusqu_au": tb.connu_jusqu_au,
                "note": "Décision de la BCE du 29 octobre 2026 non trouvée : un changement s'appliquerait dès le "
                        "4 novembre 2026." if tb.connu_jusqu_au == _dt.date(2026, 11, 3) else None,
                "references": "décisions du Conseil des gouverneurs de la BCE", "lignes": bce},
        "penalites_l441_10": {"connu_jusqu_au": fin_pen, "references": "C. com., art. L441-10 II",
                              "lignes": penalites},
        "fichier": None if fichier is None else {"fournisseur": fichier.fournisseur, "chemin": fichier.chemin},
        "donnees_datees": [{"cle": d.cle, "libelle": d.libelle, "connu_jusqu_au": d.connu_jusqu_au, "ou": d.ou,
                            "prochaine_mise_a_jour": d.prochaine_mise_a_jour, "commande": d.commande}
                           for d in donnees_datees()],
    }
