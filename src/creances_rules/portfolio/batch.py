"""``creances batch``: a portfolio file in, one output record per input record out (SPEC §5).

Input (by extension):

- ``.jsonl`` — one dossier per line (a JSON object, the dossier of SPEC §1). Blank lines are not
  records (they are skipped); every other line is one record, even if it is not valid JSON.
- ``.csv`` — the flat layout of the common case (`CSV_COLUMNS`, docs/portefeuilles.md): one row per
  invoice; the rows with the same ``reference`` form one dossier wherever they are in the file (its
  record comes out at the place of its first row; the dossier's columns are read on its first row,
  later rows may repeat them or leave them empty — a different value is an error). UTF-8, header row
  required, each column once; an empty cell is an absent field. Amounts are plain decimals
  (``1500.00``) unless the export's convention is given: ``CsvFormat`` (``--decimal``,
  ``--separateur-milliers``, ``--separateur``, the names of pandas' ``read_csv``).

Output (by extension): ``.jsonl`` — one JSON object per input record, in input order:
``{"line", "reference", "ok": true, "assessment": {...}}`` or
``{"line", "reference", "ok": false, "errors": [{"path", "message"}]}``;
``.parquet`` (extra ``batch``: pyarrow) — the typed columns of SPEC §5 (`creances_rules.portfolio.sortie_typee`),
the whole assessment as JSON in ``evaluation``. ``--compact`` writes the compact record
(`creances_rules.portfolio.compact`) instead of the full assessment (Parquet: no ``evaluation`` column).
``--precedent OLD.parquet`` refreshes an earlier typed result: unchanged records still valid are carried over.
Nothing is lost: as many output records as input records. Nothing is destroyed: the output is
written beside the target and renamed at the end (`creances_rules._base.safe_output`), never over the
input; an interrupted JSONL run resumes with ``--reprendre``. A progress bar (tqdm, extra ``batch``)
goes to the terminal's stderr, the summary at the end.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections import deque
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import click

from .._base.errors import DossierInvalide, Probleme, apercu
from .suivi import Summary, count_records, progress_bar, progress_enabled
from .._base.montant_texte import normalise_number, plain_amount_text

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
_AMOUNT_COLUMNS = {"facture_montant_ttc", "paiement_montant"}
_RATE_COLUMNS = {"contrat_taux_penalites"}


_UNREAD = object()


class Record:
    """One input record: its line, its dossier (a dict, or `Invalid` when it could not be read) and, for JSONL,
    its own bytes (its content hash, for a refresh). A JSONL record is parsed on first use of ``dossier``: a
    refresh that carries a row over by its hash never parses it (the hash is over the bytes, exact)."""

    __slots__ = ("line", "_dossier", "contenu")

    def __init__(self, line: int, dossier: Any = _UNREAD, contenu: bytes | None = None):
        self.line, self._dossier, self.contenu = line, dossier, contenu

    @property
    def dossier(self) -> Any:
        if self._dossier is _UNREAD:
            self._dossier = _parse_jsonl(self.contenu or b"")
        return self._dossier

    def empreinte(self, contexte: bytes) -> str:
        """Content hash of the record under ``contexte`` (the rule base and rate tables it is evaluated with)."""
        from .sortie_typee import contenu_dossier, empreinte

        return empreinte(contexte, self.contenu if self.contenu is not None else contenu_dossier(self.dossier))


class FileError(Exception):
    """The whole input cannot be read (unknown format, missing header): exit 2, nothing written."""


# ------------------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class CsvFormat:
    """How a CSV export writes its numbers and fields (the names of pandas' ``read_csv``): ``decimal``
    the decimal mark, ``thousands`` the grouping separator (None: none allowed), ``delimiter`` the
    field separator. The default is the plain form: ``1500.00``, comma-separated."""

    decimal: str = "."
    thousands: str | None = None
    delimiter: str = ","

    def check(self) -> None:
        if len(self.decimal) != 1 or self.decimal.isdigit() or self.decimal.isspace():
            raise FileError(f"--decimal « {self.decimal} » : un seul caractère, « . » ou « , »")
        if self.thousands is not None and (len(self.thousands) != 1 or self.thousands.isdigit()
                                           or self.thousands == self.decimal):
            raise FileError(f"--separateur-milliers « {self.thousands} » : un seul caractère, autre que la "
                            f"marque décimale (ex. « » espace, « . »)")
        if len(self.delimiter) != 1 or self.delimiter == '"' or self.delimiter.isalnum():
            # a delimiter may equal the decimal mark: the cells that hold it are quoted ("1 500,00")
            raise FileError(f"--separateur « {self.delimiter} » : un seul caractère (« , » ou « ; »)")


def read_records(path: Path, csv_format: CsvFormat | None = None) -> Iterator[Record]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _read_jsonl(path)
    if suffix == ".csv":
        return _read_csv(path, csv_format or CsvFormat())
    raise FileError(f"{path} : format d'entrée inconnu « {suffix or '(sans extension)'} » (.jsonl ou .csv)")


def _read_jsonl(path: Path) -> Iterator[Record]:
    from .workers import Invalid

    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            if len(raw) > MAX_LINE_BYTES:
                yield Record(number, Invalid([Probleme("", f"ligne trop longue ({len(raw)} octets ; au plus {MAX_LINE_BYTES})")]))
                continue
            yield Record(number, contenu=raw.strip())  # parsed when its dossier is asked for (`Record.dossier`)


def _parse_jsonl(raw: bytes) -> Any:
    """The dossier of one JSONL line, or `Invalid` saying why it is not one."""
    from ..models.loading import parse_text
    from .workers import Invalid

    try:
        data = parse_text(raw, "")
    except DossierInvalide as exc:  # the record carries its line: the path is within the line
        return Invalid([Probleme(p.ou.removeprefix(":1").removeprefix(":"), p.message) for p in exc.problemes])
    if not isinstance(data, dict):
        return Invalid([Probleme("", f"objet JSON attendu (un dossier), reçu « {apercu(data)} »")])
    return data


def _read_csv(path: Path, fmt: CsvFormat) -> Iterator[Record]:
    fmt.check()
    handle = path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(handle, delimiter=fmt.delimiter)
    try:
        header = [h.strip() for h in next(reader, [])]
        unknown = [h for h in header if h not in CSV_COLUMNS]
        if unknown:
            hint = ""
            if len(header) == 1 and fmt.delimiter == "," and ";" in header[0]:
                hint = " (séparateur « ; » ? ajoutez --separateur \";\")"
            raise FileError(f"{path}:1 : colonnes inconnues {', '.join(apercu(u) for u in unknown)}{hint} ; "
                            f"colonnes permises : {', '.join(CSV_COLUMNS)}")
        doubled = sorted({h for h in header if header.count(h) > 1})
        if doubled:
            raise FileError(f"{path}:1 : colonne(s) en double {', '.join(apercu(d) for d in doubled)} : chaque "
                            "colonne une seule fois (une cellule masquerait l'autre)")
        if header and "reference" not in header:
            raise FileError(f"{path}:1 : la colonne « reference » est obligatoire (elle groupe les factures d'un dossier)")
        last = _last_line_of_each_reference(path, fmt, header.index("reference") if header else 0)
    except (FileError, csv.Error) as exc:
        handle.close()
        raise FileError(str(exc)) from None
    except OSError as exc:
        handle.close()
        raise FileError(f"{path} : lecture impossible ({exc.strerror or exc})") from None
    return _csv_groups(handle, reader, header, fmt, last)


def _last_line_of_each_reference(path: Path, fmt: CsvFormat, column: int) -> dict[str, int]:
    """First pass: the line of the last row of each reference (its dossier is complete there)."""
    last: dict[str, int] = {}
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, delimiter=fmt.delimiter)
        next(reader, None)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:
                continue
            reference = row[column].strip() if column < len(row) else ""
            if reference:
                last[reference] = reader.line_num
    return last


def _count_records(source: Path, fmt: CsvFormat | None) -> int | None:
    """How many output records ``source`` makes (the progress bar's total), or None when it cannot be told."""
    if source.suffix.lower() != ".csv":
        return count_records(source)
    fmt = fmt or CsvFormat()
    try:
        with source.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            reader = csv.reader(handle, delimiter=fmt.delimiter)
            header = [h.strip() for h in next(reader, [])]
            column = header.index("reference")
            references: set[str] = set()
            alone = 0
            while True:  # as `_csv_groups` makes records: one per reference, per row without one, per bad row
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error:
                    alone += 1
                    continue
                reference = row[column].strip() if column < len(row) else ""
                if reference:
                    references.add(reference)
                else:
                    alone += 1
            return len(references) + alone
    except (OSError, ValueError, csv.Error):
        return None


class _Slot:
    """One output record in the making: the rows of one reference, or a record already complete."""

    __slots__ = ("line", "rows", "record")

    def __init__(self, line: int, rows: list[tuple[int, dict[str, str]]] | None = None, record: Record | None = None):
        self.line, self.rows, self.record = line, rows, record


def _csv_groups(handle: Any, reader: Any, header: list[str], fmt: CsvFormat,
                last: dict[str, int]) -> Iterator[Record]:
    """The rows of one reference form one dossier wherever they are in the file (docs/portefeuilles.md):
    the record comes out at the place of its first row, once its last row is read; a row without a
    reference is a record of its own. Records stay in the order of their first row."""
    from .workers import Invalid

    with handle:
        queue: deque[_Slot] = deque()
        open_slots: dict[str, _Slot] = {}
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. a NUL byte or a field past the size limit: one bad record
                queue.append(_Slot(reader.line_num, record=Record(reader.line_num, Invalid(
                    [Probleme(f"ligne {reader.line_num}", f"CSV invalide : {exc}")]))))
            else:
                line = reader.line_num
                cells = {h: v.strip() for h, v in zip(header, row) if v.strip() != ""}
                if len(row) > len(header):
                    cells["__extra__"] = str(len(row))
                reference = cells.get("reference", "")
                slot = open_slots.get(reference) if reference else None
                if slot is None:
                    slot = _Slot(line, rows=[])
                    queue.append(slot)
                    if reference:
                        open_slots[reference] = slot
                assert slot.rows is not None
                slot.rows.append((line, cells))
                if not reference or last.get(reference, line) <= line:
                    slot.record = Record(slot.line, _dossier_from_rows(slot.rows, fmt))
                    slot.rows = None
                    open_slots.pop(reference, None)
            while queue and queue[0].record is not None:
                yield queue.popleft().record  # type: ignore[misc]
        for slot in queue:  # the file changed between the two passes: close what is open
            yield slot.record or Record(slot.line, _dossier_from_rows(slot.rows or [], fmt))


def _dossier_from_rows(rows: list[tuple[int, dict[str, str]]], fmt: CsvFormat = CsvFormat()) -> Any:
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
                value = _cell(column, text, fmt)
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


def _cell(column: str, text: str, fmt: CsvFormat = CsvFormat()) -> Any:
    if column in _BOOLEAN_COLUMNS:
        if text.lower() not in _BOOL:
            raise ValueError(f"vrai/faux attendu (true/false), reçu « {apercu(text)} »")
        return _BOOL[text.lower()]
    if column in _INT_COLUMNS:
        if not text.isdigit() or len(text) > 6:
            raise ValueError(f"nombre entier attendu, reçu « {apercu(text)} »")
        return int(text)
    if column in _AMOUNT_COLUMNS:
        if fmt.decimal == "." and fmt.thousands is None:
            return plain_amount_text(text)  # the same reading as a JSON or YAML dossier
        return normalise_number(text, fmt.decimal, fmt.thousands)
    if column in _RATE_COLUMNS and (fmt.decimal != "." or fmt.thousands is not None):
        percent = text.rstrip().endswith("%")
        return normalise_number(text.rstrip().rstrip("%"), fmt.decimal, fmt.thousands) + ("%" if percent else "")
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
    """One JSON object per line, appended to the temporary file of `SafeOutput` (which starts empty,
    or holds the records of an interrupted run being resumed)."""

    def __init__(self, path: Path):
        self.handle = path.open("a", encoding="utf-8")

    def write(self, line: int, reference: str | None, ok: bool, errors: list[dict[str, str]], result: str | None) -> None:
        head = json.dumps({"line": line, "reference": reference, "ok": ok}, ensure_ascii=False)[:-1]
        if ok:
            self.handle.write(f'{head}, "assessment": {result}}}\n')
        else:
            self.handle.write(f'{head}, "errors": {json.dumps(errors, ensure_ascii=False)}}}\n')

    def close(self) -> None:
        self.handle.close()


class _TypedParquetWriter:
    """The typed columns of SPEC §5 (`creances_rules.portfolio.sortie_typee`), in row groups; the whole assessment
    in ``evaluation`` unless compact."""

    def __init__(self, path: Path, complet: bool):
        try:
            from .sortie_typee import ParquetTypeWriter

            self.inner = ParquetTypeWriter(path, complet)
        except ImportError:
            raise FileError("sortie Parquet : installez l'extra « batch » (pip install 'creances-rules[batch]')") from None

    def write_row(self, row: dict[str, Any]) -> None:
        self.inner.write_row(row)

    def close(self) -> None:
        self.inner.close()


OUTPUT_SUFFIXES = (".jsonl", ".parquet")


def _writer(path: Path, suffix: str, compact: bool = False) -> _JsonlWriter | _TypedParquetWriter:
    return _JsonlWriter(path) if suffix == ".jsonl" else _TypedParquetWriter(path, complet=not compact)


# ------------------------------------------------------------------------------------------ running


class Interrupted(Exception):
    """The run stopped (Ctrl-C, a signal): the records written so far are kept for `--reprendre`."""


def run_batch(source: Path, target: Path, as_of: date | None, *, workers: int = 1, engine: str = "auto",
              compact: bool = False, progress: bool | None = None, resume: bool = False,
              csv_format: CsvFormat | None = None, precedent: Path | None = None, taux: Any = None) -> Summary:
    """Evaluate every record of ``source`` into ``target``; return the summary. Raises `FileError`.

    The target is written through a temporary file beside it and replaces it only at the end: the
    input is never the output (same file, symlink or hard link: refused), a failed or killed run
    leaves the previous target as it was. A JSONL run that stops keeps what it wrote
    (``.NAME.partiel``); ``resume=True`` continues it — the same file as one uninterrupted run.
    ``as_of=None``: today, or on resumption the date of the interrupted run.

    Parquet: the typed columns (`sortie_typee`). ``precedent``: an earlier typed result (``-o X.parquet
    --compact``): a record whose content hash is unchanged and whose row is still valid at ``as_of``
    (``valable_jusqu_au``) is brought to ``as_of`` without the rule engine (`sortie_typee.actualiser`); the
    others are evaluated. The same file as a full run.
    """
    from ..evaluation.evaluate import _as_date, default_rulebook
    from .sortie_typee import actualiser, contexte_evaluation, ligne_erreur
    from .workers import Deja, evaluate_many
    from .._base.safe_output import OutputError, SafeOutput, os_message

    suffix = target.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise FileError(f"{target} : format de sortie inconnu « {suffix or '(sans extension)'} » (.jsonl ou .parquet)")
    if resume and suffix != ".jsonl":
        raise FileError(f"--reprendre : seulement pour une sortie .jsonl (une sortie Parquet interrompue se refait)")
    parquet = suffix == ".parquet"
    old = _precedent(precedent, parquet, compact, as_of)
    records = read_records(source, csv_format)  # a bad header is refused before anything is written
    out = SafeOutput(target, inputs=[source], keep_partial=suffix == ".jsonl", resume=resume)
    try:
        out.open()
    except OutputError as exc:
        raise FileError(str(exc)) from None
    settings_path = out.temp.with_name(out.temp.name + ".json")
    summary = Summary()
    try:
        settings = _run_settings(source, as_of, compact, engine, csv_format)
        skip, last_line = 0, None
        if resume:
            settings = _check_resumption(settings_path, settings, as_of)
            skip, last_line = _take_over_partial(out.temp, summary)
            summary.resumed = skip
        elif out.keep_partial:  # what --reprendre must find the same
            settings_path.write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
        when = _as_date(settings["as_of"])
        writer = _writer(out.temp, suffix, compact)
    except OutputError as exc:
        out.abort(keep=resume)
        raise FileError(str(exc)) from None
    except OSError as exc:
        out.abort(keep=resume)
        raise FileError(os_message(exc, out.temp)) from None
    except BaseException:
        out.abort(keep=resume)
        raise
    lines: dict[int, tuple[int, str | None]] = {}
    contexte = contexte_evaluation(default_rulebook(), taux) if parquet else b""
    started = time.perf_counter()

    def dossiers() -> Iterator[Any]:
        for index, record in enumerate(_after(records, skip, last_line)):
            key = record.empreinte(contexte) if parquet else None
            lines[index] = (record.line, key)
            row = old.get(key) if old else None
            kept = actualiser(row, when) if row is not None else None
            yield Deja(kept) if kept is not None else record.dossier

    output = ("ligne" if compact else "ligne_complete") if parquet else ("compact" if compact else "json")
    total = _count_records(source, csv_format) if progress_enabled(progress) else None
    bar = progress_bar(progress, total, initial=skip)
    try:
        try:
            for result in evaluate_many(dossiers(), when, workers=workers, engine=engine, output=output, taux=taux):
                line, key = lines.pop(result.index)
                summary.count(line, result.ok, result.problems, result.error)
                if parquet:
                    row = dict(result.output) if result.ok else ligne_erreur(result.reference, result.problems, when)
                    summary.repris += bool(result.ok and "empreinte" in row)  # a row carried over keeps its hash
                    row.update(line=line, empreinte=key)
                    writer.write_row(row)
                elif result.ok:
                    out_text = json.dumps(result.output, ensure_ascii=False, separators=(",", ":")) if compact \
                        else result.output
                    writer.write(line, result.reference, True, [], out_text)
                else:
                    writer.write(line, result.reference, False, result.problems, None)
                bar.update(1)
        finally:
            bar.close()
            writer.close()
        out.commit()
    except OutputError as exc:
        out.abort()
        raise FileError(str(exc) + _kept(out, suffix)) from None
    except OSError as exc:  # no space left, a disk gone: never a traceback, never a half target
        out.abort()
        raise FileError(os_message(exc, target) + _kept(out, suffix)) from None
    except KeyboardInterrupt:
        out.abort()
        raise Interrupted(f"interrompu après {summary.records} dossiers" + _kept(out, suffix)) from None
    except BaseException:
        out.abort()
        raise
    try:
        settings_path.unlink()
    except OSError:
        pass
    summary.seconds = time.perf_counter() - started
    return summary


def _precedent(precedent: Path | None, parquet: bool, compact: bool, as_of: date | None) -> Any:
    """The rows of the previous result that a refresh may carry over, by content hash (none without one)."""
    if precedent is None:
        return {}
    if not parquet:
        raise FileError("--precedent : la sortie doit être un fichier .parquet (colonnes typées)")
    if not compact:
        raise FileError("--precedent : l'actualisation porte sur les colonnes typées ; ajoutez --compact "
                        "(l'évaluation complète de chaque dossier ne se reporte pas sans le réévaluer)")
    from .sortie_typee import lire_precedent

    try:
        return lire_precedent(precedent, as_of or date.today())
    except (OSError, ValueError) as exc:
        raise FileError(f"--precedent : {exc}") from None
    except Exception as exc:  # pyarrow's own errors (not a Parquet file…)
        raise FileError(f"--precedent : {precedent} illisible ({type(exc).__name__} : {apercu(str(exc), 200)})") from None


def _kept(out: Any, suffix: str) -> str:
    if suffix == ".jsonl" and out.temp.exists():
        return (f" ; les enregistrements déjà écrits sont gardés dans {out.temp} : relancez la même commande "
                "avec --reprendre pour continuer")
    return f" ; {out.requested} n'a pas été modifié"


def _run_settings(source: Path, as_of: date | None, compact: bool, engine: str,
                  csv_format: CsvFormat | None) -> dict[str, Any]:
    info = source.stat()
    fmt = csv_format or CsvFormat()
    return {"source": os.path.realpath(source), "taille": info.st_size, "modifie_ns": info.st_mtime_ns,
            "as_of": (as_of or date.today()).isoformat(), "compact": compact, "engine": engine,
            "csv": [fmt.decimal, fmt.thousands, fmt.delimiter]}


def _check_resumption(path: Path, settings: dict[str, Any], as_of: date | None) -> dict[str, Any]:
    from .._base.safe_output import OutputError

    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise OutputError(f"--reprendre : paramètres de l'exécution interrompue illisibles ({path.name}) ; "
                          "relancez sans --reprendre") from None
    if as_of is None:
        settings["as_of"] = saved.get("as_of")
    labels = {"source": "fichier d'entrée", "taille": "fichier d'entrée (taille)", "modifie_ns": "fichier d'entrée (modifié depuis)",
              "as_of": "--as-of", "compact": "--compact", "engine": "--engine", "csv": "options CSV"}
    different = [labels[k] for k in labels if saved.get(k) != settings.get(k)]
    if different:
        raise OutputError("--reprendre : l'exécution interrompue avait d'autres paramètres "
                          f"({', '.join(dict.fromkeys(different))}) ; reprenez avec les mêmes (date {saved.get('as_of')}) "
                          "ou relancez sans --reprendre")
    return settings


def _take_over_partial(path: Path, summary: Summary) -> tuple[int, int | None]:
    """Count the complete records of the partial file (a last line cut by the interruption is
    dropped) and add them to the summary; return how many input records they stand for."""
    from .._base.safe_output import OutputError

    with path.open("rb+") as handle:
        data = handle.read()
        complete = data.rfind(b"\n") + 1
        if complete < len(data):
            handle.truncate(complete)
    count, last = 0, None
    for raw in data[:complete].splitlines():
        try:
            record = json.loads(raw)
            line, ok = int(record["line"]), bool(record["ok"])
        except (ValueError, KeyError, TypeError):
            raise OutputError(f"--reprendre : {path.name} ligne {count + 1} n'est pas un enregistrement de sortie ; "
                              "relancez sans --reprendre") from None
        summary.count(line, ok, record.get("errors") or [])
        count, last = count + 1, line
    return count, last


def _after(records: Iterator[Record], skip: int, last_line: int | None) -> Iterator[Record]:
    """The input records after the first ``skip`` (already written), checking that they line up."""
    from .._base.safe_output import OutputError

    index = -1
    for index, record in enumerate(records):
        if index < skip - 1:
            continue
        if index == skip - 1:
            if record.line != last_line:
                raise OutputError(f"--reprendre : le fichier partiel ne correspond pas à l'entrée (son dernier "
                                  f"enregistrement est la ligne {last_line}, l'entrée y a la ligne {record.line}) ; "
                                  "relancez sans --reprendre")
            continue
        yield record
    if index < skip - 1:
        raise OutputError(f"--reprendre : le fichier partiel a plus d'enregistrements ({skip}) que l'entrée ; "
                          "relancez sans --reprendre")


@click.command(help="Évaluer un portefeuille (JSONL ou CSV) : un enregistrement de sortie par dossier d'entrée.")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-o", "--output", "target", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="fichier de sortie .jsonl ou .parquet (jamais le fichier d'entrée ; écrit à côté puis renommé)")
@click.option("--as-of", "as_of", help="date d'évaluation AAAA-MM-JJ (défaut : aujourd'hui)")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True, help="processus d'évaluation")
@click.option("--engine", type=click.Choice(["auto", "durable", "python"]), default="auto", show_default=True)
@click.option("--compact", is_flag=True, help="enregistrement compact (codes, valeurs, dates, montants) au lieu de l'évaluation complète")
@click.option("--progress/--no-progress", default=None, help="barre de progression (défaut : sur un terminal)")
@click.option("--reprendre", "resume", is_flag=True,
              help="continuer une exécution JSONL interrompue (mêmes paramètres) à partir des enregistrements déjà écrits")
@click.option("--decimal", "decimal", default=".", show_default=True,
              help="CSV : marque décimale des montants et taux (« , » pour un export français)")
@click.option("--separateur-milliers", "thousands", default=None,
              help="CSV : séparateur de milliers des montants (ex. \" \" ; espaces insécables acceptées), aucun par défaut")
@click.option("--separateur", "delimiter", default=",", show_default=True, help="CSV : séparateur de colonnes (« ; » pour Excel en français)")
@click.option("--precedent", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="résultat Parquet précédent (--compact) : ne réévaluer que les dossiers modifiés ou dont la "
                   "validité (valable_jusqu_au) est passée ; même résultat qu'une évaluation complète")
@click.option("--taux", "taux_fichier", type=click.Path(dir_okay=False, path_type=Path),
              help="fichier de taux du cabinet (YAML), lu une fois et appliqué à chaque dossier")
def batch(source: Path, target: Path, as_of: str | None, workers: int, engine: str, compact: bool,
          progress: bool | None, resume: bool, decimal: str, thousands: str | None, delimiter: str,
          precedent: Path | None, taux_fichier: Path | None) -> None:
    from .._base.errors import CreancesError
    from ..evaluation.evaluate import _as_date

    try:
        from ..models.fichier_taux import charger_fichier_taux

        when = _as_date(as_of) if as_of else None
        jeu = charger_fichier_taux(taux_fichier)  # a bad rates file stops the run before any record (file:line)
        summary = run_batch(source, target, when, workers=workers, engine=engine, compact=compact, progress=progress,
                            resume=resume, csv_format=CsvFormat(decimal, thousands, delimiter), precedent=precedent,
                            taux=jeu)
    except (FileError, CreancesError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    except Interrupted as exc:
        click.echo(str(exc), err=True)
        sys.exit(130)
    click.echo(summary.text(), err=True)


__all__ = ["CSV_COLUMNS", "CsvFormat", "FileError", "Interrupted", "Record", "Summary", "batch", "read_records", "run_batch"]
