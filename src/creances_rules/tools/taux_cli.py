"""``creances taux``: the rate tables the package knows, and until when.

Legal interest rate by creditor category (C. mon. fin. L313-2), ECB main refinancing rate, L441-10 default
rate and floor per half-year (C. com. L441-10 II): each period with its text, source and confidence, each
table with the last day it is known; ``--taux FICHIER`` adds a firm's rates file (shown as supplied).
The data come from :func:`law.fraicheur.tables_de_taux` (plain data: a server can serve them as they are);
this module only formats them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from .._base.errors import CreancesError
from .options import _fail, _parse_date

_CONFIANCE = {"verifie": "vérifié (texte officiel)", "verifie_secondaire": "vérifié (source secondaire)",
              "incertain": "incertain"}
_CATEGORIES = {"creancier_particulier": "créancier particulier", "autres_cas": "autres cas"}


def _d(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def _pc(v: str | None) -> str:
    return "inconnu" if v is None else v.replace(".", ",") + " %"


def _origine(ligne: dict[str, Any]) -> str:
    fourni = f" — taux fourni par {ligne['fourni_par']}" if ligne.get("fourni_par") else ""
    return f"{ligne['texte']} ; source : {ligne['source']} ; confiance : {_CONFIANCE.get(ligne['confiance'], ligne['confiance'])}{fourni}"


def texte_des_tables(data: dict[str, Any]) -> str:
    """The French text of :func:`tables_de_taux`'s data."""
    out: list[str] = []
    if data.get("fichier"):
        f = data["fichier"]
        out += [f"Fichier de taux : {f['fournisseur']}" + (f" ({f['chemin']})" if f.get("chemin") else ""), ""]
    til = data["interet_legal"]
    out.append(f"TAUX DE L'INTÉRÊT LÉGAL ({til['references']}) — connu jusqu'au {_d(til['connu_jusqu_au'])}")
    for ligne in til["lignes"]:
        valeurs = "   ".join(f"{_CATEGORIES[c]} {_pc(v['valeur']) if v else 'inconnu'}"
                             for c, v in ligne["categories"].items())
        out.append(f"  du {_d(ligne['du'])} au {_d(ligne['au'])}   {valeurs}")
        origines = {c: _origine(v) for c, v in ligne["categories"].items() if v is not None}
        if len(set(origines.values())) == 1:
            out.append(f"      {next(iter(origines.values()))}")
        else:
            out += [f"      {_CATEGORIES[c]} : {o}" for c, o in origines.items()]
    bce = data["bce"]
    out += ["", f"TAUX BCE DES OPÉRATIONS PRINCIPALES DE REFINANCEMENT — connu jusqu'au {_d(bce['connu_jusqu_au'])}"]
    if bce.get("note"):
        out.append(f"  ({bce['note']})")
    for ligne in bce["lignes"]:
        out.append(f"  du {_d(ligne['du'])} au {_d(ligne['au'])}   {_pc(ligne['valeur'])}")
        out.append(f"      {_origine(ligne)}")
    pen = data["penalites_l441_10"]
    out += ["", f"PÉNALITÉS DE RETARD ({pen['references']}) : taux par défaut (taux BCE au 1er jour du semestre "
                f"+ 10 points) et plancher d'un taux convenu (3 × taux légal « autres cas ») — connu jusqu'au "
                f"{_d(pen['connu_jusqu_au'])}"]
    for ligne in pen["lignes"]:
        defaut, plancher = ligne["taux_defaut"], ligne["plancher"]
        out.append(f"  du {_d(ligne['du'])} au {_d(ligne['au'])}   taux par défaut "
                   f"{_pc(defaut['valeur']) if defaut else 'inconnu'}   plancher "
                   f"{_pc(plancher['valeur']) if plancher else 'inconnu'}")
        for x in (defaut, plancher):
            if x is not None and x.get("fourni_par"):
                out.append(f"      taux fourni par {x['fourni_par']}")
    out += ["", "DONNÉES DATÉES (docs/veille.md : quand et où les mettre à jour)"]
    for d in data["donnees_datees"]:
        jusqu = (f"connu jusqu'au {_d(d['connu_jusqu_au'])}" if d["connu_jusqu_au"]
                 else "calculé par règle (pas de table datée)")
        out.append(f"  {d['libelle']} : {jusqu} ; {d['prochaine_mise_a_jour']} ({d['ou']})")
    return "\n".join(out)


def _json(x: Any) -> Any:
    if isinstance(x, dt.date):
        return x.isoformat()
    raise TypeError(type(x).__name__)


@click.command(help="Les tables de taux : taux de l'intérêt légal par catégorie, taux BCE, taux par défaut et "
                    "plancher des pénalités L441-10 par semestre, chacun avec son texte, sa source, sa confiance, "
                    "et la date jusqu'à laquelle chaque table est connue.")
@click.option("--taux", "fichier", type=click.Path(dir_okay=False, path_type=Path),
              help="fichier de taux du cabinet (YAML) : périodes ajoutées ou remplacées, signalées comme fournies")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--depuis", help="AAAA-MM-JJ : seulement les périodes qui finissent ce jour-là ou après (défaut : toutes)")
def taux(fichier: Path | None, fmt: str, depuis: str | None) -> None:
    from ..law.fraicheur import tables_de_taux
    from ..law.taux import taux_actifs
    from ..models.fichier_taux import charger_fichier_taux

    debut = _parse_date(depuis, "--depuis")
    try:
        jeu = charger_fichier_taux(fichier)
    except CreancesError as exc:
        _fail(str(exc))
        return
    with taux_actifs(jeu):
        data = tables_de_taux(debut)
    if fmt == "json":
        click.echo(json.dumps(data, default=_json, ensure_ascii=False, indent=2))
    else:
        click.echo(texte_des_tables(data))
