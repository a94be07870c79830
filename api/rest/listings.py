"""Where the positions listings read from: the read model when it is in step, else SPARQL.

Both give the rows of the same canned queries, so a listing is the same either way; a remote
store (replicas share no local state) and an embedded store whose read model is being rebuilt
use the canned queries in ``queries/``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from pyoxigraph import NamedNode

from api.deps import Services
from api.rest.common import count, run, slug
from api.rest.items import position_item


class Listings(Protocol):
    def reading(self) -> AbstractContextManager[None]:
        """One consistent state for every read in the block (one listing)."""
        ...

    def actors_brief(self, actors: Sequence[str]) -> list[dict[str, Any]]: ...

    def topic_label(self, topic: str) -> str | None: ...

    def actor_statements(self, actor: str, *, topic: str | None = None, position: str | None = None,
                         since: str | None = None, until: str | None = None, limit: int, offset: int,
                         ) -> tuple[list[dict[str, Any]], int]: ...

    def topic_actors(self, topic: str, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]: ...

    def topic_history_items(self, topic: str, actors: Sequence[str]) -> list[dict[str, Any]]: ...

    def statement_items(self, statements: Sequence[str], actor: str) -> dict[str, str]: ...

    def statement_rows(self, statements: Sequence[str]) -> list[dict[str, Any]]: ...


class SparqlListings:
    """The same listings from the canned queries (values bound, never pasted)."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc

    def reading(self) -> AbstractContextManager[None]:
        # Each canned query reads the store as it is; a write may land between two of them.
        return contextlib.nullcontext()

    def _id(self, iri: str | None) -> str | None:
        return slug(self.svc.iris, iri)

    def actors_brief(self, actors: Sequence[str]) -> list[dict[str, Any]]:
        return run(self.svc, "actors-brief", many={"actor": [NamedNode(a) for a in actors]}) if actors else []

    def topic_label(self, topic: str) -> str | None:
        found = run(self.svc, "topic", {"topic": self._id(topic)})
        return found[0]["label"] if found else None

    def actor_statements(self, actor: str, *, topic: str | None = None, position: str | None = None,
                         since: str | None = None, until: str | None = None, limit: int, offset: int,
                         ) -> tuple[list[dict[str, Any]], int]:
        values = {"actor": self._id(actor), "topic": self._id(topic), "since": since, "until": until,
                  "position": position.rsplit("#", 1)[-1] if position else None}
        # One page leaves the store, and the total is counted there.
        page = run(self.svc, "actor-statements", values, page=(limit, offset))
        return page, count(self.svc, "actor-statements-total", values)

    def topic_actors(self, topic: str, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        actors = run(self.svc, "topic-actors", {"topic": self._id(topic)})
        return actors[offset: offset + limit], len(actors)

    def topic_history_items(self, topic: str, actors: Sequence[str]) -> list[dict[str, Any]]:
        if not actors:
            return []
        terms = [NamedNode(a) for a in actors]
        history = run(self.svc, "topic-history", {"topic": self._id(topic)}, many={"actor": terms})
        rows = {r["statement"]: r for r in self.statement_rows([h["statement"] for h in history])}
        return [{"actor": h["actor"], "position": row["position"],
                 "item": position_item(self.svc.iris, row).model_dump_json()}
                for h in history if (row := rows.get(h["statement"])) is not None]

    def statement_items(self, statements: Sequence[str], actor: str) -> dict[str, str]:
        return {r["statement"]: position_item(self.svc.iris, r, actor).model_dump_json()
                for r in self.statement_rows(statements)}

    def statement_rows(self, statements: Sequence[str]) -> list[dict[str, Any]]:
        if not statements:
            return []
        return run(self.svc, "statement-rows", many={"statement": [NamedNode(s) for s in statements]})


def listings(svc: Services) -> Listings:
    """The read model if this store has one and it is in step with the store; SPARQL otherwise."""
    views = getattr(svc.store, "views", None)
    if views is not None and views.ready:
        return views.listings(svc.iris.base)  # type: ignore[no-any-return]
    return SparqlListings(svc)
