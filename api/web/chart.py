"""Charts as SVG written here, so pages need no chart library and no script to show them.

* :func:`timeline` — an actor's positions over time, one lane per topic: each statement is a
  mark at its date, higher for support and lower for opposition, coloured by position and
  linked to the statement below the chart. Lanes use percentage coordinates, so they stretch
  to any width (a phone's too) without distorting marks or text.
* :func:`matrix_svg` — the matrix of actors by topics as a standalone SVG file (the PNG export
  draws this on a canvas in the browser).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

from api.web.data import POSITIONS, Matrix

if TYPE_CHECKING:
    from api.rest.models import PositionItem

# Fill and text colours per position: a blue-to-red diverging scheme that stays readable for
# the common colour-vision deficiencies; pages always print the position's name as well.
COLOURS = {
    "support": ("#1f5f99", "#ffffff"),
    "conditional": ("#8fc0e3", "#0b2a45"),
    "neutral": ("#d4d4d4", "#1f1f1f"),
    "hesitant": ("#f4a874", "#4a1d02"),
    "oppose": ("#b3202e", "#ffffff"),
}
LANE = 76  # px: five levels, 14 px apart, with room for the marks
LEVEL = {p: 10 + 14 * i for i, p in enumerate(POSITIONS)}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pretty(d: date | str | None) -> str:
    """``24 Oct 2024``; ISO strings are read first."""
    if isinstance(d, str):
        try:
            d = date.fromisoformat(d[:10])
        except ValueError:
            return d
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if d else "undated"


@dataclass(frozen=True, slots=True)
class Scale:
    lo: date
    hi: date

    @classmethod
    def over(cls, dates: list[date]) -> Scale:
        lo, hi = min(dates), max(dates)
        pad = max(timedelta(days=20), (hi - lo) * 0.06)
        return cls(lo - pad, hi + pad)

    def x(self, d: date) -> float:
        """Percent of the lane's width."""
        return round(100 * (d - self.lo).days / max(1, (self.hi - self.lo).days), 2)

    def ticks(self) -> list[tuple[date, str]]:
        """First days of months, years or decades, at most seven, with their labels."""
        months = (self.hi.year - self.lo.year) * 12 + self.hi.month - self.lo.month + 1
        step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= 6), 240)
        start = self.lo.year * 12 + self.lo.month  # the month after lo's
        start += (-start) % step if step >= 12 else 0
        found = []
        n = start
        while True:
            d = date(n // 12, n % 12 + 1, 1)
            if d > self.hi:
                break
            if d >= self.lo:
                found.append((d, str(d.year) if step >= 12 else f"{MONTHS[d.month - 1]} {d.year}"))
            n += step
        return found


def timeline(items: list[PositionItem], topics: list[tuple[str, str, str]]) -> str:
    """HTML for the chart: a row per topic (label, lane), then a shared time axis."""
    dated = [i for i in items if i.date]
    if not dated:
        return ""
    scale = Scale.over([i.date for i in dated if i.date])
    ticks = scale.ticks()
    rows = []
    for topic_id, label, latest in topics:
        mine = sorted((i for i in dated if i.topic.id == topic_id), key=lambda i: (i.date, i.statement))
        if not mine:
            continue
        rows.append(_lane(topic_id, label, latest, mine, scale, ticks))
    grid = "".join(f'<line x1="{scale.x(d)}%" x2="{scale.x(d)}%" y1="0" y2="100%" class="tick"/>' for d, _ in ticks)
    odd = ' class="odd"'
    axis = "".join(f'<text x="{scale.x(d)}%" y="14" text-anchor="middle"{odd if n % 2 else ""}>'
                   f"{escape(text)}</text>" for n, (d, text) in enumerate(ticks))
    return (
        '<div class="tl" role="group" aria-label="Positions over time, one lane per topic">'
        + "".join(r.replace("<!--grid-->", grid) for r in rows)
        + '<div class="tl-row tl-axis-row"><span></span><span></span>'
        + '<svg class="tl-axis" width="100%" height="20" aria-hidden="true" focusable="false">'
        + axis + "</svg></div></div>"
    )


def _lane(topic_id: str, label: str, latest: str, items: list[PositionItem], scale: Scale,
          ticks: list[tuple[date, str]]) -> str:
    marks: dict[tuple[date, str], list[PositionItem]] = defaultdict(list)
    for i in items:
        marks[(i.date, i.position)].append(i)  # type: ignore[index]
    guides = "".join(
        f'<line x1="0" x2="100%" y1="{LEVEL[p]}" y2="{LEVEL[p]}" class="guide{" mid" if p == "neutral" else ""}"/>'
        for p in POSITIONS)
    # The path through time: flat while a position holds, then a step to the next one.
    path = []
    ordered = sorted(marks, key=lambda k: (k[0], -LEVEL[k[1]]))
    for (d1, p1), (d2, p2) in zip(ordered, ordered[1:], strict=False):
        x1, x2 = scale.x(d1), scale.x(d2)
        path.append(f'<line x1="{x1}%" x2="{x2}%" y1="{LEVEL[p1]}" y2="{LEVEL[p1]}" class="path"/>')
        if p1 != p2:
            path.append(f'<line x1="{x2}%" x2="{x2}%" y1="{LEVEL[p1]}" y2="{LEVEL[p2]}" class="path"/>')
    dots = []
    for (d, p), group in sorted(marks.items(), key=lambda kv: (kv[0][0], LEVEL[kv[0][1]])):
        fill, _ = COLOURS.get(p, COLOURS["neutral"])
        who = []
        for i in group:
            bits = [i.attributed_to or i.source.publisher or i.source.title or "a source"]
            if i.speaker:
                bits.append(f"said by {i.speaker.label}")
            who.append(", ".join(b for b in bits if b))
        title = f"{label}: {p} on {pretty(d)} ({'; '.join(who)})"
        r = 7 + min(3, len(group) - 1)
        leader = ' class="leader"' if any(i.via == "affiliation" for i in group) else ""
        dots.append(
            f'<a href="#st-{group[0].statement}" class="mark mark-{p}" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>"
            f'<circle cx="{scale.x(d)}%" cy="{LEVEL[p]}" r="{r}" fill="{fill}"{leader}/>'
            + (f'<text x="{scale.x(d)}%" y="{LEVEL[p] + 3.5}" text-anchor="middle" class="count">{len(group)}</text>'
               if len(group) > 1 else "")
            + "</a>")
    summary = f"{label}: latest position {latest}; {len(items)} statement{'s' if len(items) != 1 else ''}"
    levels = "".join(f'<span style="top:{LEVEL[p] - 7}px">{p}</span>' for p in POSITIONS)
    return (
        f'<div class="tl-row"><a class="tl-topic" href="/ui/topics/{escape(topic_id)}">{escape(label)}'
        f' <span class="badge pos-{latest}">{latest}</span></a>'
        f'<div class="tl-levels" aria-hidden="true">{levels}</div>'
        f'<svg class="tl-lane" width="100%" height="{LANE}" role="group" aria-label="{escape(summary)}">'
        f"<!--grid-->{guides}{''.join(path)}{''.join(dots)}</svg></div>"
    )


def matrix_svg(m: Matrix, title: str) -> str:
    """The matrix as a standalone SVG document (fonts: the reader's sans-serif)."""
    cell_w, cell_h, pad = 92, 26, 12
    label_w = max([len(a["label"]) for a in m.actors] + [10]) * 7 + 24
    head_h = min(220, max([len(t["label"]) for t in m.topics] + [8]) * 5 + 30)
    width = max(label_w + cell_w * len(m.topics) + pad * 2, 460)
    height = 40 + head_h + cell_h * len(m.actors) + 70
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{pad}" y="24" font-size="16" font-weight="600" fill="#111">{escape(title)}</text>',
    ]
    top = 40 + head_h
    for j, t in enumerate(m.topics):
        x = pad + label_w + j * cell_w + cell_w / 2
        out.append(f'<text transform="translate({x},{top - 8}) rotate(-40)" fill="#111">{escape(t["label"])}</text>')
    for i, a in enumerate(m.actors):
        y = top + i * cell_h
        if i % 2:
            out.append(f'<rect x="{pad}" y="{y}" width="{label_w + cell_w * len(m.topics)}" height="{cell_h}" '
                       'fill="#f4f4f4"/>')
        kind = f" ({a['type']})" if a["type"] else ""
        out.append(f'<text x="{pad + 4}" y="{y + 17}" fill="#111">{escape(a["label"])}'
                   f'<tspan fill="#666">{escape(kind)}</tspan></text>')
        for j, t in enumerate(m.topics):
            cell = m.cells.get((a["id"], t["id"]))
            if not cell:
                continue
            fill, ink = COLOURS.get(cell["position"], COLOURS["neutral"])
            x = pad + label_w + j * cell_w
            out.append(f'<rect x="{x + 2}" y="{y + 2}" width="{cell_w - 4}" height="{cell_h - 4}" rx="3" '
                       f'fill="{fill}"/><text x="{x + cell_w / 2}" y="{y + 17}" text-anchor="middle" fill="{ink}">'
                       f'{escape(cell["position"])}</text>')
    y = top + cell_h * len(m.actors) + 30
    x = pad
    for p in POSITIONS:
        fill, ink = COLOURS[p]
        out.append(f'<rect x="{x}" y="{y}" width="14" height="14" rx="2" fill="{fill}"/>'
                   f'<text x="{x + 19}" y="{y + 11}" fill="#111">{p}</text>')
        x += 30 + len(p) * 7
    out.append(f'<text x="{pad}" y="{y + 34}" fill="#666">Each cell: the actor\'s latest position on the topic.</text>')
    out.append("</svg>")
    return "\n".join(out)
