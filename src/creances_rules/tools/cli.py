"""Command line: ``creances evaluate | delai``, and the commands other modules register below.

Bad input exits with status 2 and one French message per problem; never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from .._base.errors import CreancesError
from .._base.version import __version__
from .options import EXIT_BAD_INPUT, _fail, _parse_date  # noqa: F401 - EXIT_BAD_INPUT read by the tests


class _Groupe(click.Group):
    """The ``creances`` group: click's own messages in French while it runs (`_click_fr`). The commands of
    other modules (`_LAZY`) are imported when named, or listed by ``--help``: ``creances evaluate`` does
    not pay for the portfolio, the HTTP service or the author tools at every start (cold start, issue 23)."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("subcommand_metavar", "COMMANDE [ARGUMENTS]...")
        super().__init__(*args, **kwargs)

    def main(self, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        from ._click_fr import francais

        with francais():
            return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in _LAZY:
            self.add_command(_LAZY[name](), name)
        return super().get_command(ctx, name)


# Commands defined in their own modules: name -> function importing and returning the command.
_LAZY: dict[str, Callable[[], click.Command]] = {}


@click.group(cls=_Groupe, help="Le droit du recouvrement de créances, règle par règle, avec ses citations.")
@click.version_option(version=__version__, prog_name="creances", help="Afficher la version et quitter.",
                      message="%(prog)s, version %(version)s")
def main() -> None:
    pass


@main.command(help="Évaluer un dossier (YAML ou JSON) à une date.")
@click.argument("dossier", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", help="date d'évaluation AAAA-MM-JJ (défaut : aujourd'hui)")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path),
              help="répertoire de règles supplémentaire (chargé par-dessus les règles intégrées)")
@click.option("--engine", type=click.Choice(["auto", "durable", "python"]), default="auto", show_default=True)
@click.option("--trace", is_flag=True, help="afficher aussi les règles examinées (format texte)")
@click.option("--resume", is_flag=True, help="version courte : décompte, trois prochaines actions, dates (format texte)")
@click.option("--explain", "explain_codes", multiple=True, metavar="CODE",
              help="expliquer pourquoi un constat, une action ou un avertissement vaut, ou pourquoi pas")
@click.option("--width", type=int, help="largeur du texte (défaut : celle du terminal)")
@click.option("--taux", "taux_fichier", type=click.Path(dir_okay=False, path_type=Path),
              help="fichier de taux du cabinet (YAML) : périodes ajoutées aux tables ou remplacées, signalées comme "
                   "fournies (schéma : creances schema --of taux)")
def evaluate(dossier: Path, as_of: str | None, fmt: str, rules_dirs: tuple[Path, ...], engine: str, trace: bool,
             resume: bool, explain_codes: tuple[str, ...], width: int | None, taux_fichier: Path | None) -> None:
    from ..evaluation.evaluate import evaluate as run
    from ..rulebook.build import load_rulebook

    when = _parse_date(as_of, "--as-of")
    try:
        rules = load_rulebook(rules_dirs) if rules_dirs else None
        assessment = run(dossier, when, rules=rules, engine=engine, taux=taux_fichier)
    except CreancesError as exc:
        _fail(str(exc))
        return
    if explain_codes:
        for code in explain_codes:
            try:
                click.echo(str(assessment.explain(code)))
            except ValueError as exc:
                _fail(str(exc))
        return
    if fmt == "json":
        click.echo(assessment.to_json())
    elif fmt == "html":
        from ..presentation.render import render_page

        click.echo(render_page(assessment))
    else:
        from ..presentation.render import render_text, render_trace_text

        click.echo(render_text(assessment, width=width, resume=resume))
        if trace:
            click.echo("")
            click.echo(render_trace_text(assessment, width=width))


@main.command(help="Calculer un délai de procédure (CPC 640 à 642) et l'expliquer.")
@click.argument("depart")
@click.option("--jours", type=int, default=0)
@click.option("--mois", type=int, default=0)
@click.option("--ans", type=int, default=0)
@click.option("--departement", help='département du lieu où l\'acte doit être fait (ex. "67", "974")')
@click.option("--distance", type=click.Choice(["outre_mer", "etranger"]), help="augmentation des art. 643-644")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def delai(depart: str, jours: int, mois: int, ans: int, departement: str | None, distance: str | None, fmt: str) -> None:
    from ..law.delais import fin_de_delai

    start = _parse_date(depart, "DATE")
    try:
        result = fin_de_delai(start, jours=jours, mois=mois, ans=ans, departement=departement, distance=distance)
    except ValueError as exc:
        _fail(str(exc))
        return
    click.echo(result.model_dump_json(indent=2) if fmt == "json" else str(result))


# Commands defined in their own modules register here (one line each, one block per concern).
# --- decompte ---
# --- fin decompte ---
# --- titres ---
# --- fin titres ---
# --- judiciaire ---
# --- fin judiciaire ---
# --- collective ---
# --- fin collective ---
# --- garanties ---
# --- fin garanties ---
# --- taux ---
def _taux() -> click.Command:
    from .taux_cli import taux

    return taux


_LAZY["taux"] = _taux
# --- fin taux ---
# --- juristes ---
def _lettre() -> click.Command:
    from .lettres_cli import lettre

    return lettre


_LAZY["lettre"] = _lettre
# --- fin juristes ---
# --- auteurs ---
def _regles(name: str) -> Callable[[], click.Command]:
    def load() -> click.Command:
        from .regles_cli import COMMANDS

        return next(command for command in COMMANDS if command.name == name)
    return load


for _name in ("check", "test", "rules", "faits", "calculateurs", "schema", "docs"):  # regles_cli.COMMANDS
    _LAZY[_name] = _regles(_name)
# --- fin auteurs ---
# --- portefeuille ---
def _batch() -> click.Command:
    from ..portfolio.batch import batch

    return batch


_LAZY["batch"] = _batch
# --- fin portefeuille ---
# --- serveur ---
def _serve() -> click.Command:
    from .serveur.commande import serve  # the HTTP service (extra « serveur », imported on use)

    return serve


_LAZY["serve"] = _serve
# --- fin serveur ---


if __name__ == "__main__":  # python -m creances_rules.tools.cli
    main()
