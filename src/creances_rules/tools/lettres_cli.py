"""``creances lettre``: a letter draft (mise en demeure, agency letter, guarantor letter) to .docx or .md,
with its « notes pour le rédacteur » beside it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._base.errors import CreancesError


@click.command(help="Préparer un projet de lettre (mise en demeure, lettre d'agence R124-4, information de la "
                    "caution), en Word depuis le modèle du cabinet ou en aperçu Markdown, avec à côté les notes "
                    "pour le rédacteur.")
@click.argument("dossier", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", help="date de la lettre et de l'évaluation AAAA-MM-JJ (défaut : aujourd'hui)")
@click.option("--type", "kind", type=click.Choice(["mise_en_demeure", "agence", "caution"]), default="mise_en_demeure",
              show_default=True, help="la lettre (agence : la même chose que --voix agence)")
@click.option("--voix", type=click.Choice(["creancier", "avocat", "agence"]), default=None,
              help="qui écrit : le créancier (défaut), son avocat (« mon client »), une agence de recouvrement "
                   "(mentions de CPCE R124-4)")
@click.option("--modele", type=click.Path(dir_okay=False, path_type=Path),
              help="modèle Word du cabinet (.docx avec les champs décrits dans docs/lettres.md ; défaut : le "
                   "modèle livré)")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="fichier de sortie : .docx (Word) ou .md (aperçu)")
@click.option("--forcer", is_flag=True,
              help="rédiger même si l'évaluation l'interdit (prescription, procédure collective, pas de caution) ; "
                   "le motif est écrit dans les notes pour le rédacteur")
@click.option("--taux", "taux_fichier", type=click.Path(dir_okay=False, path_type=Path),
              help="fichier de taux du cabinet (YAML) : périodes ajoutées aux tables ou remplacées")
def lettre(dossier: Path, as_of: str | None, kind: str, voix: str | None, modele: Path | None, output: Path,
           forcer: bool, taux_fichier: Path | None) -> None:
    from ..presentation.lettres import LettreRefusee
    from ..presentation.lettres import lettre as draft
    from .options import _parse_date

    when = _parse_date(as_of, "--as-of")
    if output.suffix.lower() not in (".md", ".markdown", ".docx"):
        click.echo(f"-o : extension « {output.suffix} » non prise en charge (.md ou .docx)", err=True)
        sys.exit(2)
    try:
        letter = draft(dossier, when, type=kind, voix=voix, forcer=forcer, taux=taux_fichier)
        _never_an_input(output, letter.notes_path(output), [dossier, *([modele] if modele else []),
                                                            *([taux_fichier] if taux_fichier else [])])
        letter.write(output, modele=modele)
    except LettreRefusee as exc:  # the assessment forbids it (issue 20): exit 1, nothing written
        click.echo(f"{exc}\nAucune lettre écrite (--forcer pour la rédiger quand même, motif dans les notes).", err=True)
        sys.exit(1)
    except (CreancesError, ValueError, RuntimeError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    holes = letter.placeholders()
    click.echo(f"Projet écrit dans {output} ; notes pour le rédacteur dans {letter.notes_path(output)} "
               f"({len(holes)} champ(s) à compléter : {', '.join(holes) or 'aucun'}).")


def _never_an_input(output: Path, notes: Path, inputs: list[Path]) -> None:
    """Issue 21: ``-o`` (or the notes written beside it) must not be the dossier or the firm's template
    — same file, symlink or hard link — which the letter would overwrite."""
    from .._base.safe_output import same_file

    for written in (output, notes):
        for source in inputs:
            if same_file(written, source):
                raise ValueError(f"-o {output} : {written} est le fichier d'entrée {source} (même fichier, directement "
                                 "ou par un lien) ; choisissez un autre nom de sortie — rien n'a été écrit")
