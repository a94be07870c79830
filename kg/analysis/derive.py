"""Derivation: find claims, disputes and position changes on some topics, and replace those
topics' derived graphs (``<base>graph/derived/<topic-id>``) in one write.

Two entry points:

* :func:`derive` reads every report on the topics from the store (all topics for ``kg derive``)
  and derives from them.
* :func:`rederive` wraps an ingest's (or a retraction's) write. Before the write it works out
  the topics the write touches (those of the statements written, of the statements in the
  graphs it replaces or drops, and of reports attributed to a publisher that this write makes
  a news outlet, since that changes their origin) and reads the reports on those topics that
  the write keeps; after the write succeeded it derives from those plus the written statements
  (the same reports the store would now give back, see
  :func:`kg.analysis.read.statement_reports`). The cost is proportional to the topics touched
  and to what is stored on them, never to the whole graph, and a bulk load into an empty store
  reads nothing back.

Findings depend only on the stored statements, never on ingest order or time: a test checks
that ingesting one article at a time, in several orders, gives the findings of ``kg derive``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType

from pyoxigraph import NamedNode, Quad

from kg.analysis import read
from kg.analysis.changes import find_changes
from kg.analysis.claims import find_claims
from kg.analysis.disputes import find_disputes
from kg.analysis.findings import WINDOW_DAYS, Report, TopicFindings
from kg.model import Statement
from kg.rdf import derived_graph, findings_quads
from kg.store.base import Store
from kg.vocab import Iris


@dataclass(slots=True)
class DeriveReport:
    topics: int = 0
    statements: int = 0
    claims: int = 0
    disputes: int = 0
    changes: int = 0
    quads: int = 0
    seconds: float = 0.0
    read_seconds: float = 0.0  # reading reports from the store (included in seconds)


def findings(topic: str, reports: Sequence[Report], window: int = WINDOW_DAYS) -> TopicFindings:
    """Everything derived for one topic from its reports."""
    by_actor: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_actor[r.actor].append(r)
    # Every finding rests on two reports or more about one actor: the others cannot take part.
    reports = [r for mine in by_actor.values() if len(mine) > 1 for r in mine]
    statements = [r for r in reports if not r.is_denial]
    claims = find_claims(topic, statements, window)
    return TopicFindings(topic, claims, find_disputes(topic, reports, claims, window), find_changes(topic, statements))


def _topics(iris: Iris, topics: Iterable[NamedNode]) -> list[NamedNode]:
    """Topic IRIs minted here, sorted (anything else has no derived graph)."""
    kept = {t for t in topics if (k := iris.kind_and_slug(t.value)) and k[0] == "topic"}
    return sorted(kept, key=lambda t: t.value)


def _findings_quads(iris: Iris, topics: list[NamedNode], reports: Iterable[Report],
                    report: DeriveReport) -> tuple[list[NamedNode], list[Quad]]:
    """The derived graphs of these topics and their quads, from every report on them."""
    by_topic: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_topic[r.topic].append(r)
    quads: list[Quad] = []
    for topic in topics:
        mine = by_topic.get(topic.value, [])
        found = findings(topic.value, mine)
        report.claims += len(found.claims)
        report.disputes += len(found.disputes)
        report.changes += len(found.changes)
        quads += findings_quads(iris, found, WINDOW_DAYS)
    report.topics, report.quads = len(topics), len(quads)
    return [derived_graph(iris, iris.kind_and_slug(t.value)[1]) for t in topics], quads  # type: ignore[index]


def _write(store: Store, iris: Iris, topics: list[NamedNode], reports: Iterable[Report], report: DeriveReport) -> None:
    """Derive every topic from its reports and replace the topics' derived graphs at once."""
    reports = list(reports)
    report.statements += sum(1 for r in reports if not r.is_denial)
    graphs, quads = _findings_quads(iris, topics, reports, report)
    store.replace_graphs(graphs, quads)


def derive(store: Store, iris: Iris, topics: Iterable[NamedNode] | None = None) -> DeriveReport:
    """Re-derive the findings on ``topics`` (every topic for None) from what the store holds, and
    replace their derived graphs. A topic with no statements left loses its derived graph."""
    started = time.perf_counter()
    report = DeriveReport()
    wanted = _topics(iris, read.all_topics(store, iris) if topics is None else topics)
    if wanted:
        reports = read.reports(store, None if topics is None else wanted)
        report.read_seconds = time.perf_counter() - started
        _write(store, iris, wanted, reports, report)
    report.seconds = time.perf_counter() - started
    return report


@dataclass(slots=True)
class Rederivation:
    """The context of one write: see :func:`rederive`.

    Everything is derived before the write. When none of the topics has a derived graph yet,
    the writer takes the findings into its own write (:meth:`take`), so statements and findings
    land in one transaction (and a bulk load carries them along); otherwise, and for a drop,
    they are written once the write has succeeded. ``report`` says what was derived.
    """

    store: Store
    iris: Iris
    graphs: Sequence[NamedNode]
    statements: list[Statement]
    report: DeriveReport = field(default_factory=DeriveReport)
    _graphs: list[NamedNode] = field(default_factory=list)
    _quads: list[Quad] = field(default_factory=list)
    _fresh: bool = False
    _taken: bool = False

    def __enter__(self) -> Rederivation:
        started = time.perf_counter()
        store, iris, report = self.store, self.iris, self.report
        touched = {iris.topic(st.topic.slug) for st in self.statements}
        touched |= read.topics_of_sources(store, list(self.graphs))
        publishers = read.publishers(self.statements, iris)
        agents = read.attributed_agents(self.statements, iris)
        candidates = sorted({NamedNode(p) for p in publishers} | set(agents), key=lambda a: a.value)
        known = read.outlets_among(store, candidates)
        # This write types its publishers as news outlets (those the dictionary does not know
        # as something else): reports attributed to one that was not an outlet change origin.
        becoming = {p for p, outlet in publishers.items() if outlet}
        fresh = sorted((NamedNode(p) for p in becoming - known), key=lambda a: a.value)
        touched |= read.topics_attributed_to(store, fresh)
        topics = _topics(iris, touched)
        if not topics:
            return self
        replaced = {g.value for g in self.graphs}
        kept = [r for r in read.reports(store, topics, frozenset(becoming)) if r.source not in replaced]
        report.read_seconds = time.perf_counter() - started
        written = read.statement_reports(self.statements, iris, known | becoming, around=kept)
        report.statements = sum(1 for r in (*kept, *written) if not r.is_denial)
        self._graphs, self._quads = _findings_quads(iris, topics, [*kept, *written], report)
        existing = {g.value for g in store.graph_names()}
        self._fresh = not any(g.value in existing for g in self._graphs)
        report.seconds = time.perf_counter() - started
        return self

    def take(self) -> tuple[list[NamedNode], list[Quad]]:
        """The derived graphs and quads, for the writer to write with its own (when that is free:
        no derived graph to replace); else nothing, and they are written after the write."""
        if not self._fresh:
            return [], []
        self._taken = True
        return self._graphs, self._quads

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None or self._taken or not self._graphs:
            return
        started = time.perf_counter()
        self.store.replace_graphs(self._graphs, self._quads)
        self.report.seconds += time.perf_counter() - started


class _Off:
    report = None

    def __enter__(self) -> _Off:
        return self

    def take(self) -> tuple[list[NamedNode], list[Quad]]:
        return [], []

    def __exit__(self, *exc: object) -> None:
        return None


def rederive(store: Store, iris: Iris, graphs: Sequence[NamedNode], statements: Iterable[Statement],
             *, enabled: bool = True) -> Rederivation | _Off:
    """Around a write that replaces (or drops) ``graphs`` with ``statements``: the topics it
    touches are re-derived once it succeeded (nothing is, if it fails or ``enabled`` is off)."""
    return Rederivation(store, iris, graphs, list(statements)) if enabled else _Off()
