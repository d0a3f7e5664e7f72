"""``creances lettre``: a letter draft (mise en demeure, agency letter, guarantor letter) to .md or .docx."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._base.errors import CreancesError


@click.command(help="Préparer un projet de lettre (mise en demeure, lettre d'agence R124-4, information de la caution).")
@click.argument("dossier", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", help="date de la lettre et de l'évaluation AAAA-MM-JJ (défaut : aujourd'hui)")
@click.option("--type", "kind", type=click.Choice(["mise_en_demeure", "agence", "caution"]), default="mise_en_demeure",
              show_default=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="fichier de sortie : .md ou .docx")
def lettre(dossier: Path, as_of: str | None, kind: str, output: Path) -> None:
    from .options import _parse_date
    from ..presentation.lettres import lettre as draft

    when = _parse_date(as_of, "--as-of")
    if output.suffix.lower() not in (".md", ".markdown", ".docx"):
        click.echo(f"-o : extension « {output.suffix} » non prise en charge (.md ou .docx)", err=True)
        sys.exit(2)
    try:
        letter = draft(dossier, when, type=kind)
        letter.write(output)
    except (CreancesError, ValueError, RuntimeError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    holes = letter.placeholders()
    click.echo(f"Projet écrit dans {output} ({len(holes)} champ(s) à compléter : {', '.join(holes) or 'aucun'}).")
