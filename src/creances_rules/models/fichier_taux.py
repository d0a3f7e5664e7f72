"""Un fichier de taux fourni par l'utilisateur (un cabinet) : ``--taux FICHIER.yaml``, ``evaluate(..., taux=...)``.

Le fichier ajoute des périodes aux tables du paquet, ou remplace leurs valeurs pour les mêmes jours ;
chaque ligne de calcul qui s'en sert le dit (« taux fourni par … »). Il est validé (schéma JSON livré :
``creances schema taux``) et ses erreurs nomment le fichier et la ligne. Exemple ::

    fournisseur: Cabinet Martin (veille du 5 janvier 2027)
    interet_legal:
      - du: 2027-01-01                  # début du semestre (1er janvier ou 1er juillet)
        autres_cas: "2.80"              # une catégorie ou les deux
        creancier_particulier: "6.90"
        texte: Arrêté du 22 décembre 2026
        source: https://www.legifrance.gouv.fr/jorf/id/…
    bce:
      - du: 2026-11-04                  # période du taux des opérations principales de refinancement
        au: 2027-02-09
        valeur: "2.65"
        texte: Décision du Conseil des gouverneurs du 29 octobre 2026 (taux inchangé)
        source: https://www.ecb.europa.eu/press/pr/date/2026/html/…

Références : C. mon. fin., art. L313-2 (taux légal semestriel) ; C. com., art. L441-10 II (taux BCE au
1er janvier / 1er juillet).
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .._base.errors import Probleme, _ProblemList
from ..law.taux import DEBUT_TAUX_SEMESTRIELS, TauxFichier, ValeurTaux, periode_taux_legal
from .dossier import TauxAnnuel
from .loading import check_shape, decode_utf8, translate_errors

__all__ = ["FichierTaux", "FichierTauxInvalide", "charger_fichier_taux", "fichier_taux_depuis"]

MAX_OCTETS = 1_000_000


class FichierTauxInvalide(_ProblemList):
    """Un fichier de taux ne se valide pas ; un message par problème, avec fichier:ligne."""

    entete = "Fichier de taux invalide"


Confiance = Literal["verifie", "verifie_secondaire", "incertain"]


class _Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class TauxLegalDuFichier(_Modele):
    """Le taux de l'intérêt légal d'une période (C. mon. fin. L313-2) : une catégorie ou les deux, en %."""

    du: _dt.date = Field(description="premier jour de la période : 1er janvier ou 1er juillet (1er janvier avant 2015)")
    creancier_particulier: TauxAnnuel | None = Field(
        None, description="créancier personne physique n'agissant pas pour des besoins professionnels")
    autres_cas: TauxAnnuel | None = Field(None, description="tous les autres cas")
    texte: str = Field(min_length=1, description="l'arrêté (ou le décret) qui fixe le taux")
    source: str = Field(min_length=1, description="où le taux a été lu (URL)")
    confiance: Confiance = Field("incertain", description="verifie : texte officiel lu ; verifie_secondaire ; incertain")

    @model_validator(mode="after")
    def _periode(self) -> TauxLegalDuFichier:
        debut = periode_taux_legal(self.du)[0]
        if self.du != debut:
            raise ValueError(f"du : {self.du.isoformat()} n'est pas le premier jour d'une période du taux légal "
                             + ("(1er janvier ou 1er juillet)" if self.du >= DEBUT_TAUX_SEMESTRIELS
                                else "(1er janvier, taux annuel avant 2015)"))
        if self.creancier_particulier is None and self.autres_cas is None:
            raise ValueError("au moins une catégorie attendue : autres_cas et/ou creancier_particulier")
        return self


class TauxBceDuFichier(_Modele):
    """Une période du taux des opérations principales de refinancement de la BCE, en %."""

    du: _dt.date = Field(description="premier jour (date d'effet)")
    au: _dt.date = Field(description="dernier jour connu de ce taux (inclus)")
    valeur: TauxAnnuel = Field(description="taux en % par an (ex. \"2.65\")")
    texte: str = Field(min_length=1, description="la décision du Conseil des gouverneurs")
    source: str = Field(min_length=1, description="où le taux a été lu (URL)")
    date_decision: _dt.date | None = Field(None, description="jour de la décision (un jeudi ; effet le mercredi suivant)")
    confiance: Confiance = Field("incertain", description="verifie : communiqué lu ; verifie_secondaire ; incertain")

    @model_validator(mode="after")
    def _bornes(self) -> TauxBceDuFichier:
        if self.au < self.du:
            raise ValueError(f"au : {self.au.isoformat()} précède du ({self.du.isoformat()})")
        return self


class FichierTaux(_Modele):
    """Des taux fournis par l'utilisateur : périodes ajoutées aux tables du paquet ou remplaçant leurs valeurs."""

    fournisseur: str = Field(min_length=1, description="qui fournit ces taux (cabinet, service) : repris dans chaque ligne")
    description: str | None = Field(None, description="note libre : veille, date de mise à jour")
    interet_legal: list[TauxLegalDuFichier] = Field(
        [], description="taux de l'intérêt légal : une entrée par période (semestre depuis 2015), une ou deux catégories")
    bce: list[TauxBceDuFichier] = Field(
        [], description="taux BCE des opérations principales de refinancement : périodes du … au … (inclus)")

    @model_validator(mode="after")
    def _sans_chevauchement(self) -> FichierTaux:
        vus: dict[tuple[_dt.date, str], int] = {}
        for i, v in enumerate(self.interet_legal):
            for categorie in ("creancier_particulier", "autres_cas"):
                if getattr(v, categorie) is None:
                    continue
                if (v.du, categorie) in vus:
                    raise ValueError(f"interet_legal[{i}] : la période du {v.du.isoformat()} ({categorie}) figure "
                                     f"déjà en interet_legal[{vus[(v.du, categorie)]}]")
                vus[(v.du, categorie)] = i
        ordre = sorted(range(len(self.bce)), key=lambda i: self.bce[i].du)
        for a, b in zip(ordre, ordre[1:]):
            if self.bce[b].du <= self.bce[a].au:
                raise ValueError(f"bce[{b}] : la période du {self.bce[b].du.isoformat()} chevauche bce[{a}] "
                                 f"({self.bce[a].du.isoformat()} – {self.bce[a].au.isoformat()})")
        return self


def _ligne(doc: Any, loc: tuple[Any, ...]) -> int | None:
    """La ligne (à partir de 1) de l'élément ``loc`` dans le document ruamel (round-trip), ou de son parent."""
    node, ligne = doc, 1
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(part, int) and isinstance(node, list):
                if lc is not None:
                    ligne = lc.item(part)[0] + 1
                node = node[part]
            elif isinstance(node, dict) and part in node:
                if lc is not None:
                    ligne = lc.key(part)[0] + 1
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    return ligne


def _loc(chemin: str) -> tuple[Any, ...]:
    """``bce[1].au`` → ``("bce", 1, "au")``."""
    out: list[Any] = []
    for nom, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", chemin):
        out.append(int(index) if index else nom)
    return tuple(out)


def fichier_taux_depuis(data: Any, where: str = "", doc: Any = None) -> TauxFichier:
    """Valide un fichier de taux déjà lu (dictionnaire) et le rend prêt pour :func:`taux.taux_actifs`.

    ``doc`` : le document ruamel (round-trip) d'où viennent les données, pour nommer la ligne de chaque erreur.
    """
    if not isinstance(data, dict):
        raise FichierTauxInvalide([Probleme(where, "le fichier de taux doit être un objet (clés : valeurs)")])
    try:
        modele = FichierTaux.model_validate(data)
    except ValidationError as exc:
        problemes = []
        for p in translate_errors(exc, FichierTaux):
            ligne = _ligne(doc, _loc(p.ou)) if doc is not None else None
            ou = f"{where}:{ligne}" if ligne else where
            problemes.append(Probleme(f"{ou} ({p.ou})" if p.ou and ou else (ou or p.ou), p.message))
        raise FichierTauxInvalide(problemes) from None
    return _vers_taux(modele, where)


def _vers_taux(f: FichierTaux, where: str) -> TauxFichier:
    legaux = []
    for v in f.interet_legal:
        valeurs = {c: getattr(v, c) for c in ("creancier_particulier", "autres_cas") if getattr(v, c) is not None}
        legaux.append(ValeurTaux(du=v.du, au=periode_taux_legal(v.du)[1], valeurs=valeurs, source=v.source,
                                 texte=v.texte, verified_on=_dt.date.min, verification="fourni",
                                 confiance={c: v.confiance for c in valeurs}, fourni_par=f.fournisseur))
    bce = [ValeurTaux(du=v.du, au=v.au, valeurs={"taux": v.valeur}, source=v.source, texte=v.texte,
                      verified_on=_dt.date.min, verification="fourni", date_decision=v.date_decision,
                      confiance={"taux": v.confiance}, fourni_par=f.fournisseur) for v in f.bce]
    return TauxFichier(fournisseur=f.fournisseur, chemin=where or None, interet_legal=tuple(legaux),
                       bce=tuple(sorted(bce, key=lambda v: v.du)))


def charger_fichier_taux(source: str | Path | dict[str, Any] | TauxFichier | None) -> TauxFichier | None:
    """Un fichier de taux (chemin YAML/JSON, dictionnaire déjà lu, ou ``TauxFichier``), validé.

    Lève :class:`FichierTauxInvalide` (messages en français, ``fichier:ligne``) si le fichier est illisible
    ou invalide.
    """
    if source is None or isinstance(source, TauxFichier):
        return source
    if isinstance(source, dict):
        return fichier_taux_depuis(source)
    path = Path(source)
    where = str(path)
    try:
        if path.stat().st_size > MAX_OCTETS:
            raise FichierTauxInvalide([Probleme(where, f"fichier trop volumineux (au plus {MAX_OCTETS} octets)")])
        raw = path.read_bytes()
    except OSError as exc:
        raise FichierTauxInvalide([Probleme(where, f"fichier illisible : {exc.strerror or exc}")]) from None
    texte = decode_utf8(raw, where, FichierTauxInvalide)
    from ruamel.yaml import YAML  # imported when a rates file is read, not at every start (issue 23)
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        doc = yaml.load(texte)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"{where}:{mark.line + 1}" if mark else where
        raise FichierTauxInvalide([Probleme(place, f"YAML invalide : {getattr(exc, 'problem', None) or exc}")]) from None
    check_shape(doc, where, FichierTauxInvalide)
    return fichier_taux_depuis(_simple(doc), where, doc)


def _simple(node: Any) -> Any:
    """Le document ruamel en dictionnaires et listes ordinaires (dates conservées)."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, _dt.date) else k: _simple(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_simple(v) for v in node]
    if isinstance(node, _dt.datetime):
        return node
    return node


