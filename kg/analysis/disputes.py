"""Disputes: different sources disagree about one actor's position on one topic, at one time.

Two statements on the same actor and topic conflict when they come from different sources,
were stated at most :data:`~kg.analysis.findings.WINDOW_DAYS` days apart, and their positions'
stance values differ by 1 or more: support against neutral, hesitant or oppose; conditional
against hesitant or oppose; neutral against oppose. Neighbouring positions (hesitant and
oppose) are nuances, not conflicts. A denial ("refuted reports that Budapest opposes ...")
conflicts with every statement of the position it denies, for that actor and topic, from
another source, stated within the window of the denial: those are what it denies.

Conflicts link reports; each connected group of linked reports is one dispute.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.analysis.findings import WINDOW_DAYS, Claim, Dispute, Report

CONFLICT = 1.0  # least difference of stance values that makes two positions conflict


def conflict(a: Report, b: Report, window: int = WINDOW_DAYS) -> bool:
    """Whether two reports on one actor and topic contradict each other."""
    if a.source == b.source or a.date is None or b.date is None or abs((a.date - b.date).days) > window:
        return False
    if a.is_denial and b.is_denial:
        return False
    if a.is_denial or b.is_denial:
        return a.position is b.position
    return abs(a.position.stance - b.position.stance) >= CONFLICT


def _root(parent: list[int], i: int) -> int:
    """Union-find: the representative of ``i``'s group (with path halving)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def find_disputes(topic: str, reports: Iterable[Report], claims: Iterable[Claim] = (),
                  window: int = WINDOW_DAYS) -> list[Dispute]:
    """The disputes on one topic, in a stable order (by first date, then id)."""
    member = {r.iri: c.id for c in claims for r in c.evidence}
    by_actor: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        if r.date is not None:
            by_actor[r.actor].append(r)
    disputes = []
    for actor in sorted(by_actor):
        items = sorted(by_actor[actor], key=lambda r: r.key)
        parent = list(range(len(items)))
        edges: list[tuple[int, int]] = []
        for i, a in enumerate(items):  # items are sorted by date: stop once past the window
            for j in range(i + 1, len(items)):
                b = items[j]
                if (b.date - a.date).days > window:  # type: ignore[operator]
                    break
                if conflict(a, b, window):
                    edges.append((i, j))
                    parent[_root(parent, i)] = _root(parent, j)
        if not edges:
            continue
        parts: dict[int, set[int]] = defaultdict(set)
        for i, j in edges:
            parts[_root(parent, i)].update((i, j))
        for part in parts.values():
            evidence = tuple(items[k] for k in sorted(part))
            denied: dict[str, set[str]] = defaultdict(set)
            for i, j in edges:
                if i in part:
                    a, b = items[i], items[j]
                    if a.is_denial != b.is_denial:
                        d, s = (a, b) if a.is_denial else (b, a)
                        denied[d.iri].add(s.iri)
            claims_in = tuple(sorted({member[r.iri] for r in evidence if r.iri in member}))
            disputes.append(Dispute(actor, topic, evidence, claims_in,
                                    tuple((d, tuple(sorted(ts))) for d, ts in sorted(denied.items()))))
    return sorted(disputes, key=lambda d: (d.first, d.id))
