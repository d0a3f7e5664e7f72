"""``creances batch``: a portfolio file in, one output record per input record out (SPEC §5).

Input (by extension):

- ``.jsonl`` — one dossier per line (a JSON object, the dossier of SPEC §1). Blank lines are not
  records (they are skipped); every other line is one record, even if it is not valid JSON.
- ``.csv`` — the flat layout of the common case (`CSV_COLUMNS`, docs/batch.md): one row per invoice;
  consecutive rows with the same ``reference`` form one dossier (its first row carries the dossier's
  columns, later rows may repeat them or leave them empty — a different value is an error). UTF-8,
  comma-separated, header row required; an empty cell is an absent field.

Output (by extension): ``.jsonl`` — one JSON object per input record, in input order:
``{"line", "reference", "ok": true, "assessment": {...}}`` or
``{"line", "reference", "ok": false, "errors": [{"path", "message"}]}``;
``.parquet`` (extra ``batch``: pyarrow) — the same columns, ``assessment`` as a JSON string.
``--compact`` writes the compact record (`creances_rules.compact`) instead of the full assessment.
Nothing is lost: as many output records as input records. A progress bar (tqdm, extra ``batch``)
goes to the terminal's stderr, the summary at the end.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import click

from .._base.errors import DossierInvalide, Probleme, apercu

# The evaluation layers are imported when a batch runs, not when the CLI starts (`creances delai`
# must not pay for them).

MAX_LINE_BYTES = 4 * 1024 * 1024

# The flat CSV layout: column → (dossier path, level). "dossier" columns are the same on every row
# of a dossier; "facture" columns describe this row's invoice; "paiement" columns a payment of it.
CSV_COLUMNS: dict[str, tuple[str, str]] = {
    "reference": ("reference", "dossier"),
    "creancier_qualite": ("creancier.qualite", "dossier"),
    "creancier_nom": ("creancier.nom", "dossier"),
    "creancier_commercant": ("creancier.commercant", "dossier"),
    "debiteur_qualite": ("debiteur.qualite", "dossier"),
    "debiteur_nom": ("debiteur.nom", "dossier"),
    "debiteur_commercant": ("debiteur.commercant", "dossier"),
    "debiteur_departement": ("debiteur.departement", "dossier"),
    "contrat_date_conclusion": ("contrat.date_conclusion", "dossier"),
    "contrat_delai_paiement_jours": ("contrat.delai_paiement.jours", "dossier"),
    "contrat_taux_penalites": ("contrat.taux_penalites", "dossier"),
    "mise_en_demeure_date": ("evenements.mise_en_demeure.date", "dossier"),
    "mise_en_demeure_forme": ("evenements.mise_en_demeure.forme", "dossier"),
    "facture_numero": ("numero", "facture"),
    "facture_montant_ttc": ("montant_ttc", "facture"),
    "facture_date_emission": ("date_emission", "facture"),
    "facture_date_echeance": ("date_echeance", "facture"),
    "facture_date_livraison": ("date_livraison", "facture"),
    "facture_nature": ("nature", "facture"),
    "paiement_date": ("date", "paiement"),
    "paiement_montant": ("montant", "paiement"),
}
_BOOL = {"true": True, "vrai": True, "oui": True, "1": True, "false": False, "faux": False, "non": False, "0": False}
_BOOLEAN_COLUMNS = {"creancier_commercant", "debiteur_commercant"}
_INT_COLUMNS = {"contrat_delai_paiement_jours"}


@dataclass
class Record:
    line: int
    dossier: Any  # a dict, or `Invalid` when the record could not be read


class FileError(Exception):
    """The whole input cannot be read (unknown format, missing header): exit 2, nothing written."""


# ------------------------------------------------------------------------------------------ reading


def read_records(path: Path) -> Iterator[Record]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _read_jsonl(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise FileError(f"{path} : format d'entrée inconnu « {suffix or '(sans extension)'} » (.jsonl ou .csv)")


def _read_jsonl(path: Path) -> Iterator[Record]:
    from ..models.loading import parse_text
    from .workers import Invalid

    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            if len(raw) > MAX_LINE_BYTES:
                yield Record(number, Invalid([Probleme("", f"ligne trop longue ({len(raw)} octets ; au plus {MAX_LINE_BYTES})")]))
                continue
            try:
                data = parse_text(raw.strip(), "")
            except DossierInvalide as exc:  # the record carries its line: the path is within the line
                yield Record(number, Invalid([Probleme(p.ou.removeprefix(":1").removeprefix(":"), p.message)
                                              for p in exc.problemes]))
                continue
            if not isinstance(data, dict):
                yield Record(number, Invalid([Probleme("", f"objet JSON attendu (un dossier), reçu « {apercu(data)} »")]))
                continue
            yield Record(number, data)


def _read_csv(path: Path) -> Iterator[Record]:
    handle = path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(handle)
    try:
        header = [h.strip() for h in next(reader, [])]
        unknown = [h for h in header if h not in CSV_COLUMNS]
        if unknown:
            raise FileError(f"{path}:1 : colonnes inconnues {', '.join(apercu(u) for u in unknown)} ; "
                            f"colonnes permises : {', '.join(CSV_COLUMNS)}")
        if header and "reference" not in header:
            raise FileError(f"{path}:1 : la colonne « reference » est obligatoire (elle groupe les factures d'un dossier)")
    except (FileError, csv.Error) as exc:
        handle.close()
        raise FileError(str(exc)) from None
    return _csv_groups(handle, reader, header)


def _csv_groups(handle: Any, reader: Any, header: list[str]) -> Iterator[Record]:
    with handle:
        group: list[tuple[int, dict[str, str]]] = []
        start = 2
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. a NUL byte or a field past the size limit: one bad record
                from .workers import Invalid

                if group:
                    yield Record(start, _dossier_from_rows(group))
                    group = []
                yield Record(reader.line_num, Invalid([Probleme(f"ligne {reader.line_num}", f"CSV invalide : {exc}")]))
                continue
            line = reader.line_num
            cells = {h: v.strip() for h, v in zip(header, row) if v.strip() != ""}
            if len(row) > len(header):
                cells["__extra__"] = str(len(row))
            if group and cells.get("reference") and cells.get("reference") == group[0][1].get("reference"):
                group.append((line, cells))
                continue
            if group:
                yield Record(start, _dossier_from_rows(group))
            group, start = [(line, cells)], line
        if group:
            yield Record(start, _dossier_from_rows(group))


def _dossier_from_rows(rows: list[tuple[int, dict[str, str]]]) -> Any:
    from .workers import Invalid

    problems: list[Probleme] = []
    dossier: dict[str, Any] = {}
    factures: list[dict[str, Any]] = []
    paiements: list[dict[str, Any]] = []
    for line, cells in rows:
        where = f"ligne {line}"
        if "__extra__" in cells:
            problems.append(Probleme(where, f"{cells.pop('__extra__')} cellules : plus que de colonnes dans l'en-tête"))
        if any("\udc80" <= ch <= "\udcff" for v in cells.values() for ch in v):
            problems.append(Probleme(where, "texte non encodé en UTF-8 ; réenregistrez le fichier en UTF-8"))
            continue
        facture: dict[str, Any] = {}
        paiement: dict[str, Any] = {}
        for column, text in cells.items():
            target, level = CSV_COLUMNS[column]
            try:
                value = _cell(column, text)
            except ValueError as exc:
                problems.append(Probleme(f"{where}, colonne {column}", str(exc)))
                continue
            if level == "facture":
                facture[target] = value
            elif level == "paiement":
                paiement[target] = value
            else:
                previous = _get(dossier, target)
                if previous is not None and previous != value:
                    problems.append(Probleme(f"{where}, colonne {column}",
                                             f"« {apercu(text)} » diffère de la première ligne du dossier (« {apercu(previous)} »)"))
                else:
                    _set(dossier, target, value)
        if facture:
            factures.append(facture)
            if paiement and "numero" in facture:
                paiement["facture"] = facture["numero"]
        if paiement:
            paiements.append(paiement)
    if problems:
        return Invalid(problems, reference=dossier.get("reference"))
    mise_en_demeure = dossier.pop("evenements", {}).get("mise_en_demeure")
    if mise_en_demeure:
        dossier["evenements"] = [{"type": "mise_en_demeure", **mise_en_demeure}]
    dossier["factures"] = factures
    if paiements:
        dossier["paiements"] = paiements
    return dossier


def _cell(column: str, text: str) -> Any:
    if column in _BOOLEAN_COLUMNS:
        if text.lower() not in _BOOL:
            raise ValueError(f"vrai/faux attendu (true/false), reçu « {apercu(text)} »")
        return _BOOL[text.lower()]
    if column in _INT_COLUMNS:
        if not text.isdigit() or len(text) > 6:
            raise ValueError(f"nombre entier attendu, reçu « {apercu(text)} »")
        return int(text)
    return text


def _get(data: dict[str, Any], dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


# ------------------------------------------------------------------------------------------ writing


class _JsonlWriter:
    def __init__(self, path: Path):
        self.handle = path.open("w", encoding="utf-8")

    def write(self, line: int, reference: str | None, ok: bool, errors: list[dict[str, str]], result: str | None) -> None:
        head = json.dumps({"line": line, "reference": reference, "ok": ok}, ensure_ascii=False)[:-1]
        if ok:
            self.handle.write(f'{head}, "assessment": {result}}}\n')
        else:
            self.handle.write(f'{head}, "errors": {json.dumps(errors, ensure_ascii=False)}}}\n')

    def close(self) -> None:
        self.handle.close()


class _ParquetWriter:
    BATCH = 2_000

    def __init__(self, path: Path):
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise FileError("sortie Parquet : installez l'extra « batch » (pip install 'creances-rules[batch]')") from None
        self.pa = pa
        self.schema = pa.schema([
            ("line", pa.int64()), ("reference", pa.string()), ("ok", pa.bool_()),
            ("errors", pa.list_(pa.struct([("path", pa.string()), ("message", pa.string())]))),
            ("assessment", pa.string()),
        ])
        self.writer = pq.ParquetWriter(str(path), self.schema)
        self.rows: dict[str, list[Any]] = {name: [] for name in self.schema.names}

    def write(self, line: int, reference: str | None, ok: bool, errors: list[dict[str, str]], result: str | None) -> None:
        for name, value in zip(self.schema.names, (line, reference, ok, errors, result)):
            self.rows[name].append(value)
        if len(self.rows["line"]) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows["line"]:
            self.writer.write_table(self.pa.table(self.rows, schema=self.schema))
            self.rows = {name: [] for name in self.schema.names}

    def close(self) -> None:
        self.flush()
        self.writer.close()


def _writer(path: Path) -> _JsonlWriter | _ParquetWriter:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _JsonlWriter(path)
    if suffix == ".parquet":
        return _ParquetWriter(path)
    raise FileError(f"{path} : format de sortie inconnu « {suffix or '(sans extension)'} » (.jsonl ou .parquet)")


# ------------------------------------------------------------------------------------------ running


@dataclass
class Summary:
    records: int = 0
    ok: int = 0
    errors: int = 0
    first_errors: list[str] | None = None
    seconds: float = 0.0

    def text(self) -> str:
        rate = f", {self.records / self.seconds:,.0f} dossiers/s".replace(",", " ") if self.seconds else ""
        lines = [f"{self.records} dossiers lus : {self.ok} évalués, {self.errors} en erreur "
                 f"({self.seconds:.1f} s{rate})."]
        if self.first_errors:
            lines.append("Premières erreurs :")
            lines += [f"  - {e}" for e in self.first_errors]
        return "\n".join(lines)


def run_batch(source: Path, target: Path, as_of: date, *, workers: int = 1, engine: str = "auto",
              compact: bool = False, progress: bool | None = None) -> Summary:
    """Evaluate every record of ``source`` into ``target``; return the summary. Raises `FileError`."""
    from .workers import evaluate_many

    records = read_records(source)
    writer = _writer(target)
    summary = Summary(first_errors=[])
    lines: dict[int, int] = {}
    started = time.perf_counter()

    def dossiers() -> Iterator[Any]:
        for index, record in enumerate(records):
            lines[index] = record.line
            yield record.dossier

    bar = _progress(progress)
    try:
        for result in evaluate_many(dossiers(), as_of, workers=workers, engine=engine,
                                    output="compact" if compact else "json"):
            line = lines.pop(result.index)
            summary.records += 1
            if result.ok:
                summary.ok += 1
                out = json.dumps(result.output, ensure_ascii=False) if compact else result.output
                writer.write(line, result.reference, True, [], out)
            else:
                summary.errors += 1
                if len(summary.first_errors) < 10:
                    first = result.problems[0] if result.problems else {"path": "", "message": result.error or ""}
                    summary.first_errors.append(f"ligne {line} : {first['path'] + ' : ' if first['path'] else ''}{first['message']}")
                writer.write(line, result.reference, False, result.problems, None)
            bar.update(1)
    finally:
        bar.close()
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary


class _Counter:
    """Without tqdm: a line every 10 000 records on stderr (only on a terminal)."""

    def __init__(self, enabled: bool):
        self.n, self.enabled = 0, enabled

    def update(self, k: int) -> None:
        self.n += k
        if self.enabled and self.n % 10_000 == 0:
            click.echo(f"\r{self.n} dossiers…", err=True, nl=False)

    def close(self) -> None:
        if self.enabled and self.n >= 10_000:
            click.echo("", err=True)


def _progress(enabled: bool | None) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty()
    try:
        from tqdm import tqdm
    except ImportError:
        return _Counter(enabled)
    return tqdm(disable=not enabled, unit=" dossiers", file=sys.stderr, mininterval=0.5)


@click.command(help="Évaluer un portefeuille (JSONL ou CSV) : un enregistrement de sortie par dossier d'entrée.")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-o", "--output", "target", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="fichier de sortie .jsonl ou .parquet")
@click.option("--as-of", "as_of", help="date d'évaluation AAAA-MM-JJ (défaut : aujourd'hui)")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True, help="processus d'évaluation")
@click.option("--engine", type=click.Choice(["auto", "durable", "python"]), default="auto", show_default=True)
@click.option("--compact", is_flag=True, help="enregistrement compact (codes, valeurs, dates, montants) au lieu de l'évaluation complète")
@click.option("--progress/--no-progress", default=None, help="barre de progression (défaut : sur un terminal)")
def batch(source: Path, target: Path, as_of: str | None, workers: int, engine: str, compact: bool,
          progress: bool | None) -> None:
    from .._base.errors import CreancesError
    from ..evaluation.evaluate import _as_date

    try:
        when = _as_date(as_of)
        summary = run_batch(source, target, when, workers=workers, engine=engine, compact=compact, progress=progress)
    except FileError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    except CreancesError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    click.echo(summary.text(), err=True)


__all__ = ["CSV_COLUMNS", "Record", "FileError", "Summary", "read_records", "run_batch", "batch"]
