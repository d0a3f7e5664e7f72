"""``creances serve``: start the HTTP service (uvicorn) on this machine."""

from __future__ import annotations

import os
import sys
from importlib.util import find_spec
from pathlib import Path

import click

from ..options import EXIT_BAD_INPUT
from .config import ENV_JETON, Configuration, verifier


@click.command(name="serve", help="Servir la bibliothèque en HTTP (OpenAPI sur /openapi.json, page d'essai sur /).")
@click.option("--hote", default="127.0.0.1", show_default=True,
              help="adresse d'écoute (hors boucle locale : un jeton est exigé)")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--workers", type=int, default=1, show_default=True, help="processus (la base de règles est chargée une fois par processus)")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path),
              help="répertoire de règles du cabinet, chargé par-dessus les règles intégrées")
@click.option("--taux", "taux", type=click.Path(path_type=Path), help="fichier de taux du cabinet (creances taux)")
@click.option("--modele", type=click.Path(dir_okay=False, path_type=Path),
              help="modèle Word du cabinet pour les lettres (papier à en-tête, signature)")
@click.option("--jeton", help=f"jeton exigé de chaque appel (« Authorization: Bearer … ») ; ou la variable {ENV_JETON}")
@click.option("--cors", multiple=True, metavar="ORIGINE", help="origine autorisée à appeler depuis un navigateur (aucune par défaut)")
@click.option("--taille-max", "taille_max", type=int, default=1_000_000, show_default=True, help="corps de requête le plus grand, en octets")
@click.option("--delai-max", "delai_max", type=float, default=30.0, show_default=True, help="durée maximale d'une évaluation, en secondes")
def serve(hote: str, port: int, workers: int, rules_dirs: tuple[Path, ...], taux: Path | None,
          modele: Path | None, jeton: str | None,
          cors: tuple[str, ...], taille_max: int, delai_max: float) -> None:
    if find_spec("fastapi") is None or find_spec("uvicorn") is None:
        click.echo("creances serve : installer l'extra « serveur » (pip install '.[serveur]')", err=True)
        sys.exit(EXIT_BAD_INPUT)
    config = Configuration(regles=tuple(str(d.resolve()) for d in rules_dirs),
                           taux=str(taux.resolve()) if taux else None,
                           modele=str(modele.resolve()) if modele else None,
                           jeton=jeton or os.environ.get(ENV_JETON) or None, cors=cors,
                           taille_max=taille_max, delai_max=delai_max)
    problemes = verifier(hote, config)
    if workers < 1:
        problemes.append("--workers : au moins 1")
    if problemes:
        for p in problemes:
            click.echo(p, err=True)
        sys.exit(EXIT_BAD_INPUT)
    os.environ.update(config.to_environment())  # uvicorn's workers build the app from the environment
    from ..serveur import create_app

    try:
        create_app(config)  # load the rule base now: a bad --rules directory fails here, in French
    except Exception as exc:  # noqa: BLE001 - any load error, said once, no traceback
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    import uvicorn

    click.echo(f"creances serve : http://{hote}:{port}/ (OpenAPI : /openapi.json, documentation : /docs)", err=True)
    uvicorn.run("creances_rules.tools.serveur:create_app", factory=True, host=hote, port=port, workers=workers,
                log_level="warning")
