"""The listing queries on the read model, giving the rows their canned SPARQL queries give.

Each method names the query in ``queries/`` it stands for; the REST layer uses one or the other
(:mod:`api.rest.listings`), and tests hold the two to the same answers. Every value is bound as
a parameter; the only text put together here is a run of ``?`` placeholders.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from kg.readmodel import items
from kg.readmodel.schema import DOWN

# DOWN with the topic bound by name, for statements that bind the rest by name too.
_DOWN_NAMED = DOWN.replace("SELECT ?", "SELECT :topic", 1)


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _named(prefix: str, values: Sequence[str]) -> tuple[str, dict[str, str]]:
    """``:a0, :a1, ...`` and their values, for an IN list in a statement with named parameters."""
    names = {f"{prefix}{i}": v for i, v in enumerate(values)}
    return ", ".join(f":{n}" for n in names), names


Borrow = Callable[[], AbstractContextManager[sqlite3.Connection]]


class Listings:
    """Reads on connections lent by ``borrow``; each public method sees one consistent state of the model."""

    def __init__(self, borrow: Borrow, base: str, *, written_for: str | None = None) -> None:
        self._borrow = borrow
        self._items = items.params(base)  # the base IRI of the ids in items' JSON (kg.vocab.Iris.base)
        # The model's stored items have the ids of the base it was built for; for another, they are written here.
        self._stored = written_for == base
        self._held: sqlite3.Connection | None = None

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Every read until the end of the block sees one state of the model (one listing's reads)."""
        with self._snapshot() as conn:
            self._held = conn
            try:
                yield
            finally:
                self._held = None

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        # Several SELECTs (a page and its total) read the same state even while a write commits.
        if self._held is not None:
            yield self._held
            return
        with self._borrow() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    def _rows(self, conn: sqlite3.Connection, sql: str, params: Sequence[Any] | Mapping[str, Any],
              ) -> list[dict[str, Any]]:
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def actors_brief(self, actors: Sequence[str]) -> list[dict[str, Any]]:
        """``actors-brief``: label, Wikidata IRI and types of actors (kg:Actor with a label)."""
        with self._snapshot() as conn:
            return self._rows(conn, "SELECT iri AS actor, label, wikidata, kinds AS types FROM entity "
                              f"WHERE iri IN ({_marks(len(actors))}) AND is_actor AND label IS NOT NULL", actors)

    def topic_label(self, topic: str) -> str | None:
        """The label of a kg:Topic (``topic``), or None if there is no such topic."""
        with self._snapshot() as conn:
            row = conn.execute("SELECT label FROM entity WHERE iri = ? AND is_topic AND label IS NOT NULL",
                               (topic,)).fetchone()
        return row[0] if row else None

    def actor_statements(self, actor: str, *, topic: str | None = None, position: str | None = None,
                         since: str | None = None, until: str | None = None, limit: int, offset: int,
                         ) -> tuple[list[dict[str, Any]], int]:
        """``actor-statements`` (one page, newest first) and ``actor-statements-total``: an actor's
        statements and those of the people affiliated with it."""
        where = ["actor IN (SELECT ? UNION SELECT member FROM affiliation WHERE org = ?)"]
        params: list[Any] = [actor, actor]
        prefix, head = "", []
        if topic is not None:
            prefix, head = DOWN, [topic]
            where.append("topic IN (SELECT t FROM down)")
        if position is not None:
            where.append("position = ?")
            params.append(position)
        if since is not None:
            where.append("date >= ?")
            params.append(since)
        if until is not None:
            where.append("date <= ?")
            params.append(until)
        condition = " AND ".join(where)
        with self._snapshot() as conn:
            page = self._rows(conn, f"{prefix}SELECT iri AS statement, actor AS speaker, date FROM stmt "
                              f"WHERE {condition} ORDER BY date DESC, iri LIMIT ? OFFSET ?",
                              [*head, *params, limit, offset])
            total = conn.execute(f"{prefix}SELECT COUNT(*) FROM stmt WHERE {condition}", [*head, *params]).fetchone()[0]
        return page, total

    def topic_actors(self, topic: str, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        """``topic-actors``, one page of it and its length: actors on a topic (narrower topics
        included), latest statement first."""
        with self._snapshot() as conn:
            page = self._rows(conn, "SELECT actor, latest, statements, sources FROM stance WHERE topic = ? "
                              "ORDER BY latest DESC, actor LIMIT ? OFFSET ?", (topic, limit, offset))
            total = conn.execute("SELECT actors FROM stance_total WHERE topic = ?", (topic,)).fetchone()
        return page, total[0] if total else 0

    def topic_history_items(self, topic: str, actors: Sequence[str]) -> list[dict[str, Any]]:
        """``topic-history`` for some actors, with each statement's item as JSON (``statement-rows``
        as :mod:`kg.readmodel.items` writes it): ``actor``, ``position`` (its label) and ``item``,
        newest first. Each actor's rows are one range of ``topic_item``, items written when the data
        changed; for a base other than the model's, the items are written here, from ``stmt``."""
        if not actors:
            return []
        marks, named = _named("a", actors)
        with self._snapshot() as conn:
            if self._stored:
                return self._rows(conn, _DOWN_NAMED + "SELECT actor, position, item FROM topic_item "
                                  f"WHERE topic IN (SELECT t FROM down) AND actor IN ({marks}) ORDER BY date DESC, iri",
                                  {"topic": topic, **named})
            # Named: without statistics, SQLite would rather walk every statement of the actor.
            return self._rows(conn, _DOWN_NAMED + "SELECT s.actor, p.label AS position, "
                              f"{items.ITEM} AS item FROM stmt s INDEXED BY stmt_by_topic {items.JOINS}"
                              f"WHERE s.topic IN (SELECT t FROM down) AND s.actor IN ({marks}) "
                              "AND s.source IS NOT NULL ORDER BY s.date DESC, s.iri",
                              {"topic": topic, **self._items, **named})

    def statement_items(self, statements: Sequence[str], actor: str) -> dict[str, str]:
        """Each statement's item as JSON, by IRI; a statement whose actor is not ``actor`` (one of
        its leaders or officials) names its speaker. Statements without what an item needs are left out."""
        if not statements:
            return {}
        marks, named = _named("s", statements)
        with self._snapshot() as conn:
            return dict(conn.execute(f"SELECT s.iri, {items.ITEM_WITH_SPEAKER} FROM stmt s {items.JOINS}"
                                     f"WHERE s.iri IN ({marks}) AND s.source IS NOT NULL",
                                     {"actor": actor, **self._items, **named}).fetchall())

    def statement_rows(self, statements: Sequence[str]) -> list[dict[str, Any]]:
        """``statement-rows``: what a listing shows of each statement."""
        with self._snapshot() as conn:
            return self._rows(conn, """
                SELECT s.iri AS statement, s.actor, a.label AS actorLabel, a.role AS actorRole, p.label AS position,
                       s.topic, t.label AS topicLabel, s.date, s.source, src.title AS sourceTitle,
                       src.url AS sourceUrl, pub.label AS publisherLabel, src.published,
                       att.label AS attributedToLabel, s.quote
                FROM stmt s""" f"{items.JOINS}WHERE s.iri IN ({_marks(len(statements))}) AND s.source IS NOT NULL",
                              statements)
