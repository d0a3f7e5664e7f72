"""The answer for one dossier as of a date (SPEC §2): findings, actions, amounts, timeline, trace.

JSON-serialisable (``to_json``), readable by a lawyer (``to_text``), and shown as HTML in a notebook
(``_repr_html_``).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)


class Citation(_Out):
    """An exact legal reference: code, article, the version in force, and its Légifrance link."""

    key: str
    code: str
    article: str
    intitule: str | None = None
    version_du: date | None = None
    version_au: date | None = None
    url: str | None = None
    legifrance_id: str | None = None
    verified_on: date | None = None
    confiance: str | None = None

    def __str__(self) -> str:
        # Articles of a code read "C. civ., art. 1344"; case law, treaties and practice notes are
        # cited by their own designation ("Cass. com., 18 mai 2022, n° 20-23.204").
        is_article = re.match(r"^[LRDA]?\d+(-\d+)*( \(ancien\))?$", self.article) is not None
        text = f"{self.code}, art. {self.article}" if is_article else f"{self.code}, {self.article}"
        if self.version_au:
            text += f" (version en vigueur jusqu'au {self.version_au.isoformat()})"
        return text


class Finding(_Out):
    code: str
    label: str
    value: Any = True
    since: date | None = None
    citations: list[Citation] = []
    assumptions: list[str] = []
    basis: str | None = None
    details: Any = None
    rule: str


class Action(_Out):
    code: str
    label: str
    purpose: str
    priority: int
    deadline: date | None = None
    deadline_basis: str | None = None
    amount: Decimal | None = None
    citations: list[Citation] = []
    why: list[str] = []
    rule: str


class AmountLine(_Out):
    du: date
    au: date
    jours: int
    taux: Decimal
    base: Decimal
    montant: Decimal
    source: str | None = None


class AmountItem(_Out):
    """One accessory still due: ``montant`` = the sum of its ``lignes`` less what partial payments
    already absorbed (``deja_impute``, C. civ. 1343-1: payments go to interest first)."""

    code: str
    label: str
    montant: Decimal
    lignes: list[AmountLine] = []
    deja_impute: Decimal | None = None
    citations: list[Citation] = []
    hypotheses: list[str] = []


class Amounts(_Out):
    """What can be claimed today. ``compensation`` is the legal set-off the creditor can invoke
    (C. civ. 1347: it extinguishes both debts only once invoked): ``total_apres_compensation`` shows
    the balance if it is invoked; ``total`` leaves it out."""

    principal_restant_du: Decimal = Decimal("0.00")
    items: list[AmountItem] = []
    total: Decimal = Decimal("0.00")
    compensation: Decimal | None = None
    total_apres_compensation: Decimal | None = None


class TimelineEntry(_Out):
    date: date
    label: str
    kind: Literal["passe", "futur"]
    code: str | None = None


class RuleTrace(_Out):
    rule: str
    title: str
    institution: str
    phase: str
    status: Literal["fired", "not_applicable", "undetermined", "overridden"]
    failed_condition: str | None = None
    values_read: dict[str, Any] = {}
    missing_facts: list[str] = []
    overridden_by: list[str] = []


class Warning(_Out):
    code: str
    message: str
    citations: list[Citation] = []
    rule: str | None = None


class Assessment(_Out):
    as_of: date
    reference: str | None = None
    engine: str
    rulebook: str = Field(description="empreinte des fichiers de règles utilisés")
    findings: list[Finding] = []
    actions: list[Action] = []
    amounts: Amounts = Amounts()
    timeline: list[TimelineEntry] = []
    trace: list[RuleTrace] = []
    warnings: list[Warning] = []
    assumptions: list[str] = []

    def finding(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.code == code), None)

    def actions_of(self, code: str) -> list[Action]:
        return [a for a in self.actions if a.code == code]

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_text(self) -> str:
        from .render import render_text

        return render_text(self)

    def _repr_html_(self) -> str:
        from .render import render_html

        return render_html(self)
