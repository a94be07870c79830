"""Position changes: when an actor's position on a topic moved, and on what evidence.

An actor's dated statements on a topic are read day by day. The first day with reports sets
the position (when its reports disagree, the position with the most independent sources, then
the most statements, wins; a tie sets nothing yet). On each later day the position moves when
the old position is not reported that day and one new position prevails by the same rule:
that day is a change point, with the old position's last reports before it and the new
position's reports of that day as evidence. A day that still reports the old position, or
whose reports are tied, moves nothing. Denials state no position and are left out.

"Germany has softened its opposition ... but remained skeptical" is coded by the extractor as
hesitant (see :mod:`kg.extract.denials`), so a run of "oppose" reports followed by it gives a
change from oppose to hesitant on that day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from kg.analysis.findings import Change, Report
from kg.model import Position


def _prevailing(day: list[Report]) -> Position | None:
    """The position a day's reports give, or None when two positions tie."""
    weight: dict[Position, tuple[int, int]] = {}
    for position in {r.position for r in day}:
        mine = [r for r in day if r.position is position]
        weight[position] = (len({r.origin for r in mine}), len(mine))
    ranked = sorted(weight.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def timeline(statements: Iterable[Report]) -> list[Change]:
    """The change points in one actor's statements on one topic."""
    days: dict[date, list[Report]] = defaultdict(list)
    for r in statements:
        if r.date is not None and not r.is_denial:
            days[r.date].append(r)
    current: Position | None = None
    last_seen: list[Report] = []  # the current position's latest reports
    changes: list[Change] = []
    for day in sorted(days):
        reports = sorted(days[day], key=lambda r: r.iri)
        if current is not None and any(r.position is current for r in reports):
            last_seen = [r for r in reports if r.position is current]
            continue
        new = _prevailing(reports)
        if new is None:
            continue
        now = [r for r in reports if r.position is new]
        if current is not None:
            first = reports[0]
            changes.append(Change(first.actor, first.topic, tuple(last_seen), tuple(now)))
        current, last_seen = new, now
    return changes


def find_changes(topic: str, statements: Iterable[Report]) -> list[Change]:
    """The position changes on one topic, every actor, in a stable order."""
    by_actor: dict[str, list[Report]] = defaultdict(list)
    for r in statements:
        if not r.is_denial:
            by_actor[r.actor].append(r)
    changes = [c for actor in sorted(by_actor) for c in timeline(by_actor[actor])]
    return sorted(changes, key=lambda c: (c.changed_on, c.actor, c.id))
