"""The typed record of a portfolio (SPEC §5): one row per dossier, real types, and how to bring it to a later date.

Columns (Arrow / Parquet):

========================== ================= ==========================================================
``line``                   int64             line of the input file (CSV: the dossier's first row)
``reference``              string            the dossier's reference
``ok``                     bool              evaluated (else ``erreur`` says why)
``erreur``                 string            the problems, one per line (« chemin : message »)
``montant_reclame``        decimal128(18, 2) the one claimable amount (décompte, after set-off)
``principal``              decimal128(18, 2) principal after imputation of payments
``accessoires``            decimal128(18, 2) penalties or interest, indemnities, penalty clause
``interets_journaliers``   decimal128(18, 2) what the running accessories add per day (« sauf à parfaire »)
``prochaine_action``       string            code of the first action (by priority, then deadline)
``prochaine_action_echeance`` date32         its deadline
``prochaine_action_montant``  decimal128(18, 2) its amount
``date_prescription``      date32            last day to interrupt prescription (finding ``date_prescription``)
``prescription_acquise``   bool              finding ``prescription_acquise``
``procedure_collective``   bool              a collective proceeding is open at the evaluation date
``nb_avertissements``      int32             number of warnings
``valable_jusqu_au``       date32            last day the conclusions hold apart from the daily accrual
``as_of``                  date32            evaluation date
``empreinte``              string            content hash of the input record and of the rule base (refresh)
``etat``                   string            what a refresh needs to bring the row to a later date (JSON)
``evaluation``             string            the whole assessment as JSON (absent with ``--compact``)
========================== ================= ==========================================================

Amounts are ``decimal128(18, 2)``, not float64: the library counts in exact cents (``Decimal``), a refresh
must give the same figure to the cent as a full run, and a float sum over a portfolio drifts; DuckDB and
pyarrow read decimals natively (pandas gets ``Decimal`` objects: ``.astype(float)`` where a float will do).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from decimal import Decimal
from typing import Any

# Imported here, not in `actualiser`: it runs once per carried-over row (an import statement there costs a
# few µs a row). This module is itself imported only when a batch runs (batch.py imports it lazily).
from ..evaluation.validite import PARTS_COURANTES
from ..institutions.calculators import date_conseillee_au
from ..law.montants.cours import accroissement

COLONNES_MONTANTS = ("montant_reclame", "principal", "accessoires", "interets_journaliers", "prochaine_action_montant")
COLONNES_DATES = ("prochaine_action_echeance", "date_prescription", "valable_jusqu_au", "as_of")
COLONNES = ("line", "reference", "ok", "erreur", "montant_reclame", "principal", "accessoires", "interets_journaliers",
            "prochaine_action", "prochaine_action_echeance", "prochaine_action_montant", "date_prescription",
            "prescription_acquise", "procedure_collective", "nb_avertissements", "valable_jusqu_au", "as_of",
            "empreinte", "etat")
# The columns that describe the dossier as of the date (what a refresh must reproduce exactly).
COLONNES_METIER = COLONNES[1:17]


def schema(complet: bool) -> Any:
    """The Arrow schema of the typed record; ``complet``: with the whole assessment (``evaluation``)."""
    import pyarrow as pa

    montant = pa.decimal128(18, 2)
    types = {"line": pa.int64(), "reference": pa.string(), "ok": pa.bool_(), "erreur": pa.string(),
             "prochaine_action": pa.string(), "prescription_acquise": pa.bool_(), "procedure_collective": pa.bool_(),
             "nb_avertissements": pa.int32(), "empreinte": pa.string(), "etat": pa.string()}
    types |= {c: montant for c in COLONNES_MONTANTS} | {c: pa.date32() for c in COLONNES_DATES}
    fields = [pa.field(c, types[c]) for c in COLONNES]
    if complet:
        fields.append(pa.field("evaluation", pa.string()))
    return pa.schema(fields)


def ligne(a: Any) -> dict[str, Any]:
    """The typed record of an assessment (without ``line``, ``empreinte``, ``evaluation``)."""
    actions = a.actions
    first = actions[0] if actions else None
    prescription = next((f for f in a.findings if f.code == "date_prescription"), None)
    ctx = a._context
    facts = ctx.facts if ctx is not None and ctx.facts is not None else {}
    etat = a._actualisation
    return {
        "reference": a.reference, "ok": True, "erreur": None,
        "montant_reclame": a.amounts.montant_reclame, "principal": a.amounts.principal_restant_du,
        "accessoires": a.amounts.accessoires, "interets_journaliers": a.amounts.interets_journaliers,
        "prochaine_action": first.code if first else None,
        "prochaine_action_echeance": first.deadline if first else None,
        "prochaine_action_montant": first.amount if first else None,
        "date_prescription": prescription.value if prescription is not None and isinstance(prescription.value, date)
        else None,
        "prescription_acquise": any(f.code == "prescription_acquise" for f in a.findings),
        "procedure_collective": bool(facts.get("procedure_collective_ouverte")),
        "nb_avertissements": len(a.warnings),
        "valable_jusqu_au": a.valable_jusqu_au, "as_of": a.as_of,
        "etat": _etat_json(etat) if etat is not None else None,
    }


def ligne_erreur(reference: str | None, problems: list[dict[str, str]], as_of: date) -> dict[str, Any]:
    text = "\n".join(f"{p['path']} : {p['message']}" if p.get("path") else p.get("message", "") for p in problems)
    row = {c: None for c in COLONNES_METIER}
    row.update(reference=reference, ok=False, erreur=text, as_of=as_of, prescription_acquise=None,
               procedure_collective=None)
    return row


def _etat_json(etat: dict[str, Any]) -> str:
    g = etat.get("glissement")
    return json.dumps({
        "c": [[n, str(b), str(t), j] for n, b, t, j in etat["courantes"]],
        "g": [g.cible.isoformat() if g.cible else None, g.au_plus_tot] if g is not None else None,
        "p": etat.get("part"), "d": etat.get("departement"),
        "v": str(etat["valeur_part"]) if etat.get("valeur_part") is not None else None,
    }, separators=(",", ":"))


def actualiser(row: dict[str, Any], as_of: date) -> dict[str, Any] | None:
    """``row`` (a typed record of an earlier date) brought to ``as_of`` without the rule engine, or None when it
    cannot be (not evaluated, past its ``valable_jusqu_au``, an amount another calculator makes).

    Exact to the cent: each running line of the décompte is extended to ``as_of`` and rounded as the décompte
    rounds it (`law.montants.cours.accroissement`); a deadline counted from the evaluation date is recomputed by the same
    calculation (`institutions.calculators.date_conseillee_au`); everything else holds until ``valable_jusqu_au``."""
    if not row.get("ok") or row.get("etat") is None or row.get("as_of") is None or row.get("valable_jusqu_au") is None:
        return None
    old = row["as_of"]
    if not old <= as_of <= row["valable_jusqu_au"]:
        return None
    etat = json.loads(row["etat"])
    courantes = [(n, Decimal(b), Decimal(t), j) for n, b, t, j in etat["c"]]
    jours = (as_of - old).days
    part = etat.get("p")
    out = dict(row)
    if courantes and jours:
        if part == "autre" or (part is not None and row.get("prochaine_action_montant") is None
                               and PARTS_COURANTES.get(part)):
            return None  # an amount made by another calculator, or appearing once the accrual makes it positive
        if part is not None and PARTS_COURANTES.get(part) and row.get("prochaine_action_montant") is not None:
            # The amount grows with the accrual: carried over only when it is, on the earlier date, the whole
            # décompte's figure for its part (an amount restricted to some invoices is re-evaluated).
            suivi = etat.get("v")
            if suivi is None or Decimal(suivi) != row["prochaine_action_montant"]:
                return None
        delta = accroissement(courantes, jours)
        out["montant_reclame"] = row["montant_reclame"] + delta
        out["accessoires"] = row["accessoires"] + delta
        part_delta = accroissement(courantes, jours, PARTS_COURANTES.get(part, ())) if part is not None else None
        if part_delta is not None and row.get("prochaine_action_montant") is not None:
            out["prochaine_action_montant"] = row["prochaine_action_montant"] + part_delta
        if part_delta is not None and etat.get("v") is not None:
            etat["v"] = str(Decimal(etat["v"]) + part_delta)  # the part's figure on the new date
        etat["c"] = [[n, b, t, j + jours] for n, b, t, j in etat["c"]]
        out["etat"] = json.dumps(etat, separators=(",", ":"))
    g = etat.get("g")
    if g is not None and row.get("prochaine_action_echeance") is not None:
        cible = date.fromisoformat(g[0]) if g[0] else None
        out["prochaine_action_echeance"] = date_conseillee_au(cible, g[1], as_of, etat.get("d"))
    out["as_of"] = as_of
    return out


__all__ = ["COLONNES", "COLONNES_METIER", "ParquetTypeWriter", "actualiser", "contenu_dossier", "contexte_evaluation",
           "empreinte", "lire_precedent", "ligne", "ligne_erreur", "schema", "LignesPrecedentes"]


# ------------------------------------------------------------------------------------------ files


class ParquetTypeWriter:
    """Typed rows into a Parquet file, one row group per ``BATCH`` rows or per ``OCTETS`` bytes of full assessments
    (``evaluation``), whichever comes first: memory stays flat, also with the full assessment (45–60 KB a dossier:
    2 000 of them held at once, then copied into Arrow, made several hundred MB)."""

    BATCH = 2_000
    OCTETS = 8 * 2**20

    def __init__(self, path: Any, complet: bool):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = schema(complet)
        self.names = self.schema.names
        self.writer = pq.ParquetWriter(str(path), self.schema)
        self.rows: list[dict[str, Any]] = []
        self.octets = 0

    def write_row(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        self.octets += len(row.get("evaluation") or "")
        if len(self.rows) >= self.BATCH or self.octets >= self.OCTETS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            columns = {name: [r.get(name) for r in self.rows] for name in self.names}
            self.writer.write_table(self.pa.table(columns, schema=self.schema))
            self.rows = []
            self.octets = 0

    def close(self) -> None:
        self.flush()
        self.writer.close()


class LignesPrecedentes:
    """The rows of an earlier run that a refresh may carry over, by content hash (``get`` gives a row as a dict).
    Each row is held as a tuple of its columns, not a dict: a refresh holds every kept row of the previous file
    (≈ 1 KB a row this way against ≈ 2 KB as dicts, measured on the benchmark's portfolio)."""

    __slots__ = ("colonnes", "lignes")

    def __init__(self, colonnes: tuple[str, ...]):
        self.colonnes = colonnes
        self.lignes: dict[str, tuple[Any, ...]] = {}

    def get(self, key: str, default: Any = None) -> dict[str, Any] | None:
        values = self.lignes.get(key)
        return dict(zip(self.colonnes, values)) if values is not None else default

    def __len__(self) -> int:
        return len(self.lignes)

    def __contains__(self, key: object) -> bool:
        return key in self.lignes


def lire_precedent(path: Any, as_of: date) -> LignesPrecedentes:
    """The rows of an earlier typed Parquet file (or of a directory of them: a partitioned dataset) that a refresh
    at ``as_of`` may keep, by ``empreinte`` (evaluated, not after ``as_of``, still valid on ``as_of``), read one
    row group at a time."""
    import pyarrow.parquet as pq

    path = Path(path)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    wanted = ("empreinte", "etat", *COLONNES_METIER)
    out = LignesPrecedentes(wanted)
    ok, cle, jour, valable = (wanted.index(c) for c in ("ok", "empreinte", "as_of", "valable_jusqu_au"))
    for file in files:
        f = pq.ParquetFile(str(file))
        names = set(f.schema_arrow.names)
        missing = [c for c in wanted if c not in names]
        if missing:
            raise ValueError(f"{file} : pas un résultat typé de « creances batch » (colonnes absentes : "
                             f"{', '.join(missing)})")
        for i in range(f.num_row_groups):
            group = f.read_row_group(i, columns=list(wanted))
            for row in zip(*(group.column(c).to_pylist() for c in wanted)):
                if (row[ok] and row[cle] and row[jour] is not None and row[jour] <= as_of
                        and row[valable] is not None and row[valable] >= as_of):
                    out.lignes[row[cle]] = row
    return out


def contenu_dossier(dossier: Any) -> bytes:
    """The content of a dossier given as a dict (canonical JSON): what its hash is taken over."""
    if isinstance(dossier, dict):
        return json.dumps(dossier, sort_keys=True, default=str, ensure_ascii=False).encode()
    return repr(dossier).encode()


def empreinte(contexte: bytes, contenu: bytes) -> str:
    """Content hash of a record under ``contexte`` (`contexte_evaluation`)."""
    return hashlib.blake2b(contexte + b"\0" + contenu, digest_size=16).hexdigest()


def contexte_evaluation(book: Any, taux: Any = None) -> bytes:
    """What an evaluation depends on besides the dossier and the date: the package version, the rule base, the
    rate tables and the firm's rates file (``--taux``: its periods and its name, which the lines cite). A row
    computed under another context is never carried over."""
    from importlib import resources

    from .._base.version import __version__ as version

    digest = hashlib.blake2b(f"{version}\0{book.fingerprint}".encode(), digest_size=16)
    tables = resources.files("creances_rules").joinpath("data/taux")
    for name in sorted(p.name for p in tables.iterdir()):
        digest.update(tables.joinpath(name).read_bytes())
    if taux is not None:
        from ..models.fichier_taux import charger_fichier_taux

        digest.update(b"\0taux\0" + repr(charger_fichier_taux(taux)).encode())
    return digest.hexdigest().encode()
