"""The life of a claim as a picture: an inline SVG timeline, hand-built (no plotting dependency).

One lane per kind of date — invoices, payments, events, legal consequences (demeure, prescription…),
deadlines to come — on one time scale; the evaluation date splits past from future (the future is
shaded). Made to be printed: each date is a numbered marker, and under the lanes the numbers are listed
with the date and the whole label, wrapped (nothing is cut, nothing lives only in a tooltip); numbers are
stacked in rows so that none overlaps another, and set beside the evaluation line, never under it; a
long stretch without any date (events in 2025, prescription in 2030) is cut out of the axis and drawn
as a break, so that the dense period gets the width. Every marker carries ``data-date``,
``data-lane`` and ``data-numero`` so that tests (and scripts) can read it back.
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


LANES_ORDER = {key: i for i, (key, _, _) in enumerate(LANES)}


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


BREAK = 34  # width of a compressed gap of the time axis, in px
LEGEND_ROW = 15


@dataclass(frozen=True)
class Echelle:
    """A time scale that gives the dense periods their room: a gap between two dates longer than an eighth of
    the span (and than 400 days) is cut out and drawn as a short break; the rest is linear."""

    segments: tuple[tuple[int, int, float, float, bool], ...]  # (from ordinal, to ordinal, x from, x to, break)

    def x(self, d: date) -> float:
        o = d.toordinal()
        for a, b, xa, xb, _ in self.segments:
            if o <= b:
                o = max(o, a)
                return round(xa + (o - a) / max(b - a, 1) * (xb - xa), 1)
        a, b, xa, xb, _ = self.segments[-1]
        return round(xb, 1)

    def coupures(self) -> list[tuple[int, int, float, float]]:
        return [(a, b, xa, xb) for a, b, xa, xb, cut in self.segments if cut]

    def visible(self, d: date) -> bool:
        o = d.toordinal()
        return any(a <= o <= b for a, b, _, _, cut in self.segments if not cut)


def echelle(dates: list[date], left: float, right: float) -> Echelle:
    ds = sorted(set(dates))
    span = max((ds[-1] - ds[0]).days, 1)
    pad = max(span // 40, 3)
    start, end = ds[0].toordinal() - pad, ds[-1].toordinal() + pad
    margin = max(span // 50, 20)  # days kept on each side of a cut, so that its dates stay legible
    cuts = [(a.toordinal() + margin, b.toordinal() - margin) for a, b in zip(ds, ds[1:])
            if (b - a).days > max(span / 8, 400)]
    bounds: list[tuple[int, int, bool]] = []
    cursor = start
    for a, b in cuts:
        bounds.append((cursor, a, False))
        bounds.append((a, b, True))
        cursor = b
    bounds.append((cursor, end, False))
    linear_days = sum(b - a for a, b, cut in bounds if not cut) or 1
    linear = sum(1 for _, _, cut in bounds if not cut)
    room = (right - left) - BREAK * len(cuts)
    segments = []
    x = float(left)
    for a, b, cut in bounds:
        # half the room by length of time, half shared equally: a short busy period is not squeezed
        w = BREAK if cut else room * (0.5 * (b - a) / linear_days + 0.5 / linear)
        segments.append((a, b, x, x + w, cut))
        x += w
    return Echelle(tuple(segments))


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


def _wrap(text: str, chars: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [""]


def svg(a: Assessment, *, width: int = WIDTH) -> str:
    """The timeline of ``a`` as a standalone ``<svg>`` element (French labels, inline styles), printable:
    each date is a numbered marker and the numbers are listed, in full, under the lanes (nothing cut off,
    nothing only in a tooltip); a long empty stretch of time is cut out of the axis."""
    pts = sorted(points(a), key=lambda p: (p.date, LANES_ORDER[p.lane], p.label))
    scale = echelle([p.date for p in pts] + [a.as_of], LEFT, width - RIGHT)
    x = scale.x
    xa = x(a.as_of)
    numero = {id(p): n for n, p in enumerate(pts, 1)}

    parts: list[str] = []
    y = 34  # below the axis labels
    lane_layout = []
    for key, title, colour in LANES:
        mine = [p for p in pts if p.lane == key]
        if not mine:
            continue
        rows_end: list[float] = []  # right edge of the last number of each row
        placed = []
        for p in mine:
            px = x(p.date)
            text = str(numero[id(p)])
            w = len(text) * CHAR + 4
            left = px - w / 2
            if left < xa + 2 and left + w > xa - 2:  # never over the evaluation line: beside it
                left = xa + 3 if px >= xa else xa - 3 - w
            row = next((i for i, r in enumerate(rows_end) if r + 3 <= left), None)
            if row is None:
                if len(rows_end) >= MAX_ROWS:
                    placed.append((p, px, None, text, left, w))
                    continue
                rows_end.append(-1e9)
                row = len(rows_end) - 1
            rows_end[row] = left + w
            placed.append((p, px, row, text, left, w))
        height = 14 + max(len(rows_end), 1) * ROW + 12
        lane_layout.append((key, title, colour, y, height, placed))
        y += height + 6
    lanes_bottom = y
    y_eval_label = lanes_bottom + 12
    # the legend: every numbered date in full, wrapped, in one column
    per_line = int((width - 60) / CHAR)
    legend: list[tuple[int, Point, list[str]]] = []
    ly = y_eval_label + 22
    for p in pts:
        lines = _wrap(f"{fmt(p.date)} — {p.label}", per_line)
        legend.append((ly, p, lines))
        ly += LEGEND_ROW * len(lines)
    total_h = ly + 6

    parts.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="creances-chronologie" role="img" '
                 f'width="{width}" height="{total_h}" viewBox="0 0 {width} {total_h}" '
                 f'font-family="system-ui, sans-serif" font-size="11" data-as-of="{a.as_of.isoformat()}">')
    parts.append(f"<title>Chronologie de la créance au {fmt(a.as_of)}</title>")
    parts.append('<rect class="fond" width="100%" height="100%" fill="white"/>')  # legible on dark themes
    # the future, shaded
    parts.append(f'<rect class="futur" x="{xa}" y="20" width="{max(width - RIGHT - xa, 0)}" '
                 f'height="{lanes_bottom - 20}" fill="#f4f1ea"/>')
    # time axis and ticks, segment by segment (a cut-out stretch has none)
    last_label_end = -1e9
    for a0, b0, xa0, xb0, cut in scale.segments:
        if cut:
            continue
        for d, label, major in _ticks(date.fromordinal(a0), date.fromordinal(b0)):
            if d.toordinal() < a0 or d.toordinal() > b0:
                continue
            tx = x(d)
            if tx < xa0 + 1 and d.toordinal() != a0:
                continue
            if tx < last_label_end + 4 or tx + len(label) * CHAR > width:
                label = ""  # would run into the previous label or out of the picture: the line alone marks it
            else:
                last_label_end = tx + 2 + len(label) * CHAR
            bold = ' font-weight="bold"' if major else ""
            parts.append(f'<g class="graduation" data-date="{d.isoformat()}">'
                         f'<line x1="{tx}" y1="20" x2="{tx}" y2="{lanes_bottom}" stroke="#ddd" '
                         f'stroke-width="{1 if major else 0.6}"/>'
                         f'<text x="{tx + 2}" y="14" fill="#555"{bold}>'
                         f"{escape(label)}</text></g>")
    for a0, b0, xa0, xb0 in scale.coupures():
        du, au = date.fromordinal(a0), date.fromordinal(b0)
        parts.append(f'<g class="coupure" data-du="{du.isoformat()}" data-au="{au.isoformat()}">'
                     f'<title>période sans événement, raccourcie : du {fmt(du)} au {fmt(au)}</title>'
                     f'<rect x="{xa0 + 4}" y="20" width="{max(xb0 - xa0 - 8, 2)}" height="{lanes_bottom - 20}" '
                     'fill="white"/>'
                     f'<path d="M{xa0 + 6},{lanes_bottom} L{xa0 + 12},20 M{xb0 - 12},{lanes_bottom} L{xb0 - 6},20" '
                     'stroke="#999" stroke-width="1" fill="none"/></g>')
    for key, title, colour, top, height, placed in lane_layout:
        axis = top + height - 8
        parts.append(f'<g class="couloir" data-lane="{key}">')
        parts.append(f'<text x="6" y="{axis + 4}" fill="{colour}" font-weight="bold">{escape(title)}</text>')
        parts.append(f'<line x1="{LEFT}" y1="{axis}" x2="{width - RIGHT}" y2="{axis}" stroke="{colour}" '
                     'stroke-opacity="0.35"/>')
        for p, px, row, text, left, w in placed:
            full = f"{fmt(p.date)} — {p.label}"
            fill = "white" if p.futur else colour
            r = 5 if p.important else 4
            parts.append(f'<g class="evenement{" futur" if p.futur else ""}" data-date="{p.date.isoformat()}" '
                         f'data-lane="{key}" data-numero="{text}"><title>{escape(full)}</title>'
                         f'<circle cx="{px}" cy="{axis}" r="{r}" fill="{fill}" stroke="{colour}" stroke-width="1.5"/>')
            if row is not None:
                ty = axis - 10 - row * ROW
                centre = left + w / 2
                weight = ' font-weight="bold"' if p.important else ""
                if abs(centre - px) > 1:
                    parts.append(f'<line x1="{px}" y1="{axis - r}" x2="{centre}" y2="{ty + 2}" stroke="{colour}" '
                                 'stroke-opacity="0.4"/>')
                parts.append(f'<text x="{round(centre, 1)}" y="{ty}" text-anchor="middle" fill="#222"{weight}>'
                             f"{escape(text)}</text>")
            parts.append("</g>")
        parts.append("</g>")
    # the evaluation date, over the lanes (never over a number: they are placed beside it)
    right_side = xa + 150 < width
    parts.append(f'<g class="date-evaluation" data-date="{a.as_of.isoformat()}">'
                 f'<line x1="{xa}" y1="18" x2="{xa}" y2="{lanes_bottom}" stroke="#222" stroke-width="1.5" '
                 'stroke-dasharray="4 3"/>'
                 f'<text x="{xa + 3 if right_side else xa - 3}" y="{y_eval_label}" '
                 f'text-anchor="{"start" if right_side else "end"}" fill="#222" font-weight="bold">'
                 f"évaluation au {escape(fmt(a.as_of))}</text></g>")
    # the legend: number, date and full label of every marker
    parts.append('<g class="legende">')
    for top, p, lines in legend:
        n = numero[id(p)]
        colour = next(c for k, _, c in LANES if k == p.lane)
        weight = ' font-weight="bold"' if p.important else ""
        parts.append(f'<g class="repere" data-numero="{n}" data-date="{p.date.isoformat()}">'
                     f'<text x="{LEFT - 8}" y="{top}" text-anchor="end" fill="{colour}" font-weight="bold">{n}</text>')
        for i, line in enumerate(lines):
            parts.append(f'<text x="{LEFT}" y="{top + i * LEGEND_ROW}" fill="#222"{weight}>{escape(line)}</text>')
        parts.append("</g>")
    parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
