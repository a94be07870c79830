"""Corroboration: statements from different sources that say the same thing become one claim.

Statements "say the same thing" when they give the same actor the same position on the same
topic. Sorted by date, they are cut wherever two consecutive dates are more than
:data:`~kg.analysis.findings.WINDOW_DAYS` apart (single linkage), so a claim is one stretch of
reporting; undated statements form a stretch of their own. A stretch carried by at least two
sources is a claim. Its independent sources are the distinct origins of its statements: the
outlet a statement is attributed to when that is a news outlet ("Politico reported"), else its
source's publisher, else the source itself. Three outlets repeating Politico are one source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.analysis.findings import WINDOW_DAYS, Claim, Report


def stretches(reports: Iterable[Report], window: int = WINDOW_DAYS) -> list[list[Report]]:
    """Reports (of one actor, position and topic) cut into runs of dates at most ``window`` apart."""
    dated = sorted((r for r in reports if r.date), key=lambda r: r.key)
    runs: list[list[Report]] = []
    for r in dated:
        if runs and r.date and runs[-1][-1].date and (r.date - runs[-1][-1].date).days <= window:
            runs[-1].append(r)
        else:
            runs.append([r])
    undated = sorted((r for r in reports if not r.date), key=lambda r: r.iri)
    if undated:
        runs.append(undated)
    return runs


def groups(statements: Iterable[Report], window: int = WINDOW_DAYS) -> list[tuple[tuple[str, str], list[Report]]]:
    """Every stretch of statements, keyed by (actor, position): claims and would-be claims."""
    by_key: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for r in statements:
        if not r.is_denial:
            by_key[r.actor, r.position.value].append(r)
    return [(key, run) for key in sorted(by_key) for run in stretches(by_key[key], window)]


def find_claims(topic: str, statements: Iterable[Report], window: int = WINDOW_DAYS) -> list[Claim]:
    """The claims on one topic, in a stable order (by first date, then id)."""
    claims = []
    for (actor, _), run in groups(statements, window):
        if len({r.source for r in run}) >= 2:
            claims.append(Claim(actor, run[0].position, topic, tuple(run)))
    return sorted(claims, key=lambda c: (c.first is None, c.first, c.id))
