"""Derivation: read the statements of some topics, find claims, disputes and changes, and
replace those topics' derived graphs in one write.

Incremental by topic: an ingest re-derives the topics it touched (those of the statements
written, of the statements its replaced graphs held, and of reports attributed to a
publisher that just became a news outlet, since that changes their origin). Findings depend
only on the stored statements, never on ingest order or time.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from pyoxigraph import NamedNode

from kg.analysis import read
from kg.analysis.changes import find_changes
from kg.analysis.claims import find_claims
from kg.analysis.disputes import find_disputes
from kg.analysis.findings import WINDOW_DAYS, Report, TopicFindings
from kg.dictionary import find_actor
from kg.model import Actor, Statement
from kg.rdf import derived_graph, findings_quads
from kg.store.base import Store
from kg.vocab import Iris


@dataclass(frozen=True, slots=True)
class DeriveReport:
    topics: int
    statements: int
    claims: int
    disputes: int
    changes: int
    quads: int
    seconds: float


def findings(topic: str, reports: Sequence[Report], window: int = WINDOW_DAYS) -> TopicFindings:
    """Everything derived for one topic from its reports."""
    statements = [r for r in reports if not r.is_denial]
    claims = find_claims(topic, statements, window)
    return TopicFindings(topic, claims, find_disputes(topic, reports, claims, window), find_changes(topic, statements))


def derive(store: Store, iris: Iris, topics: Iterable[NamedNode] | None = None) -> DeriveReport:
    """Re-derive the findings on ``topics`` (every topic for None) and replace their derived graphs.

    A topic with no statements left loses its derived graph.
    """
    started = time.perf_counter()
    wanted = read.all_topics(store, iris) if topics is None else set(topics)
    wanted = {t for t in wanted if iris.kind_and_slug(t.value) and iris.kind_and_slug(t.value)[0] == "topic"}  # type: ignore[index]
    if not wanted:
        return DeriveReport(0, 0, 0, 0, 0, 0, time.perf_counter() - started)
    reports = read.reports(store, None if topics is None else wanted)
    by_topic: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_topic[r.topic].append(r)
    quads = []
    counts = [0, 0, 0]
    for topic in sorted(t.value for t in wanted):
        found = findings(topic, by_topic.get(topic, []))
        counts[0] += len(found.claims)
        counts[1] += len(found.disputes)
        counts[2] += len(found.changes)
        quads += findings_quads(iris, found, WINDOW_DAYS)
    graphs = sorted({derived_graph(iris, iris.kind_and_slug(t.value)[1]) for t in wanted},  # type: ignore[index]
                    key=lambda g: g.value)
    store.replace_graphs(graphs, quads)
    return DeriveReport(len(wanted), sum(1 for r in reports if not r.is_denial), *counts, len(quads),
                        time.perf_counter() - started)


def _publisher_iri(iris: Iris, name: str) -> NamedNode:
    return iris.actor((find_actor(name) or Actor(name)).slug)


@contextmanager
def rederive(store: Store, iris: Iris, graphs: Sequence[NamedNode], statements: Iterable[Statement],
             *, enabled: bool = True) -> Iterator[None]:
    """Around a write that replaces or drops ``graphs`` with ``statements``: work out which
    topics it touches before, and re-derive them after it succeeded."""
    if not enabled:
        yield
        return
    statements = list(statements)
    touched = {iris.topic(st.topic.slug) for st in statements}
    touched |= read.topics_of_sources(store, list(graphs))
    publishers = sorted({_publisher_iri(iris, st.source.publisher) for st in statements if st.source.publisher},
                        key=lambda a: a.value)
    fresh = read.not_outlets(store, publishers)
    yield
    if fresh:  # a publisher newly described as an outlet changes the origin of reports attributed to it
        now = set(fresh) - set(read.not_outlets(store, fresh))
        touched |= read.topics_attributed_to(store, sorted(now, key=lambda a: a.value))
    derive(store, iris, touched)
