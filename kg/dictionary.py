"""The actor and topic dictionaries shipped in ``kg/data``: the same names everywhere.

Extraction matches names against them; ingest uses them to describe actors (type, Wikidata
id, aliases, affiliation, role) even when a curated row gives only a name.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from kg.ids import fold, slugify
from kg.model import Actor, ActorType, Topic
from kg.resources import data_dir

ACTOR_FILES = {
    "states.json": ActorType.STATE,
    "people.json": ActorType.PERSON,
    "organizations.json": ActorType.ORGANIZATION,
    "outlets.json": ActorType.ORGANIZATION,
}


def _read(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def _actor(entry: dict, kind: ActorType, outlet: bool) -> Actor:
    aliases = [*entry.get("aliases", []), *entry.get("capitals", []), *entry.get("demonyms", [])]
    return Actor(
        label=entry["label"],
        type=kind,
        wikidata=entry.get("wikidata"),
        aliases=tuple(dict.fromkeys(a for a in aliases if a != entry["label"])),
        affiliation=entry.get("affiliation"),
        role=entry.get("role"),
        outlet=outlet,
    )


@cache
def actors() -> dict[str, Actor]:
    """Every dictionary actor by slug."""
    found: dict[str, Actor] = {}
    for name, kind in ACTOR_FILES.items():
        for entry in _read(data_dir() / "actors" / name):
            actor = _actor(entry, kind, outlet=name == "outlets.json")
            found.setdefault(actor.slug, actor)
    return found


@cache
def actor_entries() -> tuple[tuple[Actor, dict], ...]:
    """Each dictionary actor with its raw entry, for fields an Actor does not carry
    (demonyms, capitals, titles, groups, former) that the extractor's gazetteer needs."""
    found: dict[str, tuple[Actor, dict]] = {}
    for name, kind in ACTOR_FILES.items():
        for entry in _read(data_dir() / "actors" / name):
            actor = _actor(entry, kind, outlet=name == "outlets.json")
            found.setdefault(actor.slug, (actor, entry))
    return tuple(found.values())


@cache
def _actor_names() -> dict[str, Actor]:
    names: dict[str, Actor] = {}
    for actor in actors().values():
        for name in (actor.label, *actor.aliases):
            names.setdefault(fold(name), actor)
    return names


def find_actor(name: str) -> Actor | None:
    """The dictionary actor with this name or alias, diacritics and case ignored."""
    return actors().get(slugify(name)) or _actor_names().get(fold(name))


@cache
def topics() -> dict[str, Topic]:
    """Every dictionary topic by slug."""
    found: dict[str, Topic] = {}
    for entry in _read(data_dir() / "topics.json"):
        topic = Topic(entry["label"], entry.get("broader"), tuple(entry.get("aliases", [])))
        found.setdefault(topic.slug, topic)
    return found


@cache
def _topic_names() -> dict[str, Topic]:
    names: dict[str, Topic] = {}
    for topic in topics().values():
        for name in (topic.label, *topic.aliases):
            names.setdefault(fold(name), topic)
    return names


def find_topic(name: str) -> Topic | None:
    """The dictionary topic with this label or alias."""
    return topics().get(slugify(name)) or _topic_names().get(fold(name))
