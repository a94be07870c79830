"""Coreference inside one article: who "he", "the Ukrainian President", "the German side",
"the alliance" and "the Biden administration" are.

The :class:`Discourse` remembers the actors named so far, most recent first; resolution only
ever looks backwards, so the same article always resolves the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.gazetteer import Gazetteer
from kg.extract.sentences import Token, words
from kg.model import Actor, ActorType, Topic

# Nouns after a demonym or state name that make it speak for the state ("the German side").
STATE_HEADS = words("side government governments leadership authorities officials official diplomats "
                         "delegation administration cabinet ministry foreign ministry negotiators camp leaders "
                         "leader capital position stance presidency parliament lawmakers establishment "
                         "regime representatives envoys counterparts officialdom executive spokesperson "
                         "spokesman spokeswoman source sources delegate negotiator ambassador envoy")
# Before a demonym with a head noun, these make it a few of them, not the state ("some Ukrainian lawmakers").
PARTITIVES = words("some several many few one two three four five six most other certain")
# Definite descriptions of organisations and of "the country" last named.
GROUP_NOUNS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("alliance",): ("NATO", "North Atlantic Treaty Organization"),
    ("military", "alliance"): ("NATO",),
    ("transatlantic", "alliance"): ("NATO",),
    ("bloc",): ("European Union", "EU"),
    ("27-member", "bloc"): ("European Union", "EU"),
    ("27-nation", "bloc"): ("European Union", "EU"),
    ("union",): ("European Union", "EU"),
    ("commission",): ("European Commission",),
    ("world", "body"): ("United Nations", "UN"),
}
STATE_NOUNS = frozenset({"country", "nation", "kingdom", "republic"})
PRONOUNS_PERSON = frozenset({"he", "she"})
PRONOUNS_GROUP = frozenset({"they"})
PRONOUNS_SPEAKER = frozenset({"we", "i"})
ADMIN_NOUNS = frozenset({"administration", "government", "cabinet", "camp", "team", "white"})


@dataclass(slots=True)
class Discourse:
    """What the article has named so far, most recent last."""

    gazetteer: Gazetteer
    people: list[Actor] = field(default_factory=list)
    states: list[Actor] = field(default_factory=list)
    groups: list[tuple[Actor, ...]] = field(default_factory=list)
    minted: dict[str, Actor] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)

    def saw(self, actor: Actor) -> None:
        """Remember an actor as the most recently named of its kind."""
        if actor.type is ActorType.PERSON:
            _bump(self.people, actor)
            if actor.wikidata is None:
                for name in (actor.label, *actor.aliases):
                    self.minted.setdefault(name, actor)
        elif actor.type is ActorType.STATE:
            _bump(self.states, actor)

    def saw_group(self, actors: tuple[Actor, ...]) -> None:
        if len(actors) > 1:
            self.groups.append(actors)

    def saw_topic(self, topic: Topic) -> None:
        _bump(self.topics, topic)

    @property
    def topic(self) -> Topic | None:
        return self.topics[-1] if self.topics else None

    def person(self, state: Actor | None = None, title: str | None = None) -> Actor | None:
        """The most recent person, optionally of a state and holding a title."""
        for actor in reversed(self.people):
            if state and actor.affiliation != state.label:
                continue
            if title and not self._holds(actor, title):
                continue
            return actor
        if state and title:
            return self.gazetteer.office_holder(state, title)
        return None

    def _holds(self, actor: Actor, title: str) -> bool:
        titles = self.gazetteer.titles.get(actor.label, ())
        return title in titles or title in (actor.role or "").lower()

    def group_noun(self, lows: tuple[str, ...]) -> Actor | None:
        """"the alliance" -> NATO, "the bloc" -> European Union, "the country" -> last state."""
        if lows in GROUP_NOUNS:
            for label in GROUP_NOUNS[lows]:
                if actor := self.gazetteer.by_label.get(label):
                    return actor
            return None
        if len(lows) == 1 and lows[0] in STATE_NOUNS and self.states:
            return self.states[-1]
        return None

    def admin_state(self, person: Actor) -> Actor | None:
        """"the Biden administration" speaks for the state its leader leads."""
        return self.gazetteer.by_label.get(person.affiliation or "")


def _bump(items: list, item: object) -> None:
    if item in items:
        items.remove(item)
    items.append(item)


def lows_of(tokens: list[Token], start: int, end: int) -> tuple[str, ...]:
    return tuple(t.low for t in tokens[start:end])
