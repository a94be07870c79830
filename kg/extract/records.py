"""Statements as the JSON objects ``kg extract --format json`` prints and the scorer reads."""

from __future__ import annotations

from collections.abc import Iterable

from kg.model import Statement
from kg.vocab import Iris


def to_record(st: Statement, iris: Iris) -> dict[str, object]:
    """One statement as a flat JSON-ready dict, IRIs minted under the given base."""
    actor, topic = st.actor, st.topic
    stated = st.stated_on
    record = {
        "actor": actor.label,
        "actor_id": iris.actor(actor.slug).value,
        "actor_wikidata": actor.wikidata,
        "actor_type": actor.type.value if actor.type else None,
        "position": st.position.value,
        "topic": topic.label,
        "topic_id": iris.topic(topic.slug).value,
        "attributed_to": st.attributed_to,
        "source": iris.source(st.source.slug).value,
        "date": stated.isoformat() if stated else None,
        "quote": st.quote,
        "start": st.start,
        "end": st.end,
        "confidence": st.confidence,
        "cue": st.cue,
    }
    if st.denied_by is not None:  # a denial: denied_by says the actor does not hold the position
        record["denied_by"] = st.denied_by
    return record


def to_records(statements: Iterable[Statement], base_iri: str) -> list[dict[str, object]]:
    """Every statement as a record, in article order."""
    iris = Iris(base_iri if base_iri.endswith(("/", "#")) else base_iri + "/")
    return [to_record(st, iris) for st in statements]
