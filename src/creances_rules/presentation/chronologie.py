"""The life of a claim as a picture: an inline SVG timeline, hand-built (no plotting dependency).

One lane per kind of date — invoices, payments, events, legal consequences (demeure, prescription…),
deadlines to come — on one time scale; the evaluation date splits past from future (the future is
shaded). Readable over ten years: year ticks (month ticks under two years), labels stacked in rows so
that none overlaps another, a label shortened only on screen (the full text is in its tooltip).
Every marker carries ``data-date`` and ``data-lane`` so that tests (and scripts) can read it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from .._base.formatting import fmt
from ..models.assessment import Assessment, TimelineEntry

WIDTH = 980
LEFT = 150  # lane titles
RIGHT = 20
ROW = 15  # height of one row of labels
CHAR = 6.1  # average width of a character at 11 px (estimate used to avoid collisions)
MAX_LABEL = 38
MAX_ROWS = 7

LANES = (
    ("factures", "Factures", "#1f5fa8"),
    ("paiements", "Paiements", "#2a8a3e"),
    ("evenements", "Démarches et événements", "#7a4fa0"),
    ("effets", "Effets de droit", "#b36b00"),
    ("delais", "Délais à venir", "#b3261e"),
)
_MOIS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


@dataclass(frozen=True)
class Point:
    date: date
    lane: str
    label: str
    futur: bool
    important: bool = False


def points(a: Assessment) -> list[Point]:
    """The assessment's timeline, sorted into lanes."""
    findings = {f.code for f in a.findings}
    actions = {x.code for x in a.actions}
    out = []
    for e in a.timeline:
        out.append(Point(e.date, _lane(e, findings, actions), e.label, e.kind == "futur",
                         e.code in ("date_prescription", "prescription_acquise", "debiteur_en_demeure")))
    return out


def _lane(e: TimelineEntry, findings: set[str], actions: set[str]) -> str:
    if e.code is None:
        return "paiements" if e.label.startswith("Paiement") else "factures"
    if e.code in actions:
        return "delais"
    if e.code in findings:
        return "delais" if e.kind == "futur" else "effets"
    return "evenements"


def _ticks(start: date, end: date) -> list[tuple[date, str, bool]]:
    """(date, label, major): years over long spans, months (labelled every 1, 3 or 6) over short ones."""
    years = end.year - start.year
    # the year the picture starts in, named at its left edge
    out: list[tuple[date, str, bool]] = [(start, str(start.year), False)]
    if years >= 2:
        step = 1 if years <= 20 else 5  # a year is ~45 px wide or more up to twenty years
        for y in range(start.year + 1, end.year + 1):
            if (y - start.year) % step == 0:
                out.append((date(y, 1, 1), str(y), True))
        return out
    months = (end.year - start.year) * 12 + end.month - start.month
    every = 1 if months <= 8 else 3 if months <= 18 else 6
    y, m = start.year, start.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        d = date(y, m, 1)
        if d > end:
            break
        if (m - 1) % every == 0:
            out.append((d, f"{_MOIS[m - 1]} {y}" if m == 1 or every > 1 else _MOIS[m - 1], m == 1))
    return out


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def svg(a: Assessment, *, width: int = WIDTH) -> str:
    """The timeline of ``a`` as a standalone ``<svg>`` element (French labels, inline styles)."""
    pts = points(a)
    dates = [p.date for p in pts] + [a.as_of]
    start, end = min(dates), max(dates)
    span = max((end - start).days, 1)
    pad = max(span // 40, 3)
    start_ord, end_ord = start.toordinal() - pad, end.toordinal() + pad
    plot = width - LEFT - RIGHT

    def x(d: date) -> float:
        return round(LEFT + (d.toordinal() - start_ord) / (end_ord - start_ord) * plot, 1)

    parts: list[str] = []
    y = 34  # below the axis labels
    lane_layout = []
    for key, title, colour in LANES:
        mine = sorted((p for p in pts if p.lane == key), key=lambda p: (p.date, p.label))
        if not mine:
            continue
        rows_end: list[float] = []  # right edge of the last label of each row
        placed = []
        hidden = 0
        for p in mine:
            px = x(p.date)
            text = _short(p.label)
            w = (len(text) + 11) * CHAR + 8  # "JJ/MM/AAAA " precedes the label
            # a label starts at its marker and runs right; near the right edge it runs left.
            left = px if px + w <= width - 2 else px - w
            row = next((i for i, r in enumerate(rows_end) if r + 4 <= left), None)
            if row is None:
                if len(rows_end) >= MAX_ROWS:
                    hidden += 1
                    placed.append((p, px, None, text, left))
                    continue
                rows_end.append(0)
                row = len(rows_end) - 1
            rows_end[row] = left + w
            placed.append((p, px, row, text, left))
        height = 14 + max(len(rows_end), 1) * ROW + 12
        lane_layout.append((key, title, colour, y, height, placed, hidden))
        y += height + 6
    total_h = y + 22  # room for the evaluation date's label under the lanes

    parts.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="creances-chronologie" role="img" '
                 f'width="{width}" height="{total_h}" viewBox="0 0 {width} {total_h}" '
                 f'font-family="system-ui, sans-serif" font-size="11" data-as-of="{a.as_of.isoformat()}">')
    parts.append(f"<title>Chronologie de la créance au {fmt(a.as_of)}</title>")
    parts.append('<rect class="fond" width="100%" height="100%" fill="white"/>')  # legible on dark themes
    xa = x(a.as_of)
    # the future, shaded
    parts.append(f'<rect class="futur" x="{xa}" y="20" width="{max(width - RIGHT - xa, 0)}" height="{total_h - 24}" '
                 'fill="#f4f1ea"/>')
    # time axis and ticks
    ticks = _ticks(date.fromordinal(start_ord), date.fromordinal(end_ord))
    if len(ticks) > 1 and x(ticks[1][0]) - x(ticks[0][0]) < 45:
        ticks = ticks[1:]  # the left-edge year would collide with the next tick's label
    for d, label, major in ticks:
        tx = x(d)
        if tx + len(label) * CHAR > width:
            label = ""  # a label cut by the right edge says nothing: the line alone marks the date
        bold = ' font-weight="bold"' if major else ""
        parts.append(f'<g class="graduation" data-date="{d.isoformat()}">'
                     f'<line x1="{tx}" y1="20" x2="{tx}" y2="{total_h - 4}" stroke="#ddd" '
                     f'stroke-width="{1 if major else 0.6}"/>'
                     f'<text x="{tx + 2}" y="14" fill="#555"{bold}>'
                     f"{escape(label)}</text></g>")
    for key, title, colour, top, height, placed, hidden in lane_layout:
        axis = top + height - 8
        parts.append(f'<g class="couloir" data-lane="{key}">')
        parts.append(f'<text x="6" y="{axis + 4}" fill="{colour}" font-weight="bold">{escape(title)}</text>')
        parts.append(f'<line x1="{LEFT}" y1="{axis}" x2="{width - RIGHT}" y2="{axis}" stroke="{colour}" '
                     'stroke-opacity="0.35"/>')
        for p, px, row, text, left in placed:
            full = f"{fmt(p.date)} — {p.label}"
            fill = "white" if p.futur else colour
            r = 5 if p.important else 4
            parts.append(f'<g class="evenement{" futur" if p.futur else ""}" data-date="{p.date.isoformat()}" '
                         f'data-lane="{key}"><title>{escape(full)}</title>'
                         f'<circle cx="{px}" cy="{axis}" r="{r}" fill="{fill}" stroke="{colour}" stroke-width="1.5"/>')
            if row is not None:
                ly = axis - 12 - row * ROW
                parts.append(f'<line x1="{px}" y1="{axis - r}" x2="{px}" y2="{ly + 3}" stroke="{colour}" '
                             'stroke-opacity="0.4"/>')
                anchor = "start" if left >= px else "end"
                tx = px + 3 if anchor == "start" else px - 3
                weight = ' font-weight="bold"' if p.important else ""
                parts.append(f'<text x="{tx}" y="{ly}" text-anchor="{anchor}" fill="#222"{weight}>'
                             f"{escape(fmt(p.date))} {escape(text)}</text>")
            parts.append("</g>")
        if hidden:
            parts.append(f'<text x="{width - RIGHT}" y="{top + 10}" text-anchor="end" fill="#777">'
                         f"+{hidden} date(s) sans étiquette (voir le tableau)</text>")
        parts.append("</g>")
    # the evaluation date, over everything
    parts.append(f'<g class="date-evaluation" data-date="{a.as_of.isoformat()}">'
                 f'<line x1="{xa}" y1="18" x2="{xa}" y2="{total_h - 4}" stroke="#222" stroke-width="1.5" '
                 'stroke-dasharray="4 3"/>'
                 f'<text x="{xa + 3 if xa + 150 < width else xa - 3}" y="{total_h - 6}" '
                 f'text-anchor="{"start" if xa + 150 < width else "end"}" fill="#222" font-weight="bold">'
                 f"évaluation au {escape(fmt(a.as_of))}</text></g>")
    parts.append("</svg>")
    return "".join(parts)
