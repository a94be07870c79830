"""Dictionary actors found in token streams: one hash lookup per token, longest match wins.

Built once from :func:`kg.dictionary.actor_entries`, so names, capitals (as metonyms) and
demonyms of every state, person, organisation and outlet in the dictionary are found,
diacritics and case folded, with case kept where it matters ("US" is not "us").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from kg import dictionary
from kg.extract.sentences import Token, fold_token, tokenize
from kg.model import Actor, ActorType

NAME, CAPITAL, DEMONYM, SURNAME = "name", "capital", "demonym", "surname"
# Lowercase words that cannot start a dictionary name on their own ("the" in "the Netherlands").
_WEAK_FIRST = frozenset({"the", "of", "and"})


@dataclass(frozen=True, slots=True)
class Match:
    """A dictionary name at tokens ``[start, end)`` of a sentence."""

    start: int
    end: int
    actor: Actor
    kind: str


@dataclass(frozen=True, slots=True)
class _Name:
    lows: tuple[str, ...]
    shapes: tuple[str, ...]  # per token: "exact" (US), "cap" (Germany) or "any"
    actor: Actor
    kind: str


def _shape(text: str) -> str:
    letters = text.replace(".", "")
    if letters.isupper() and len(letters) >= 2:
        return "exact" if len(letters) <= 2 else "cap"
    return "title" if text[:1].isupper() else "any"


def _fits(shape: str, token: Token) -> bool:
    """Case must agree where it tells names from words: "US" not "us", "Brussels" not a
    dateline's "BRUSSELS" (which would otherwise make every wire story about Belgium)."""
    if shape == "any":
        return True
    if shape == "exact":
        return token.text.replace(".", "").isupper()
    if shape == "title":
        return token.cap and not (len(token.text) > 3 and token.text.isupper())
    return token.cap


class Gazetteer:
    """Every dictionary name, plus the facts coreference needs (groups, titles, holders)."""

    def __init__(self, entries: tuple[tuple[Actor, dict], ...]) -> None:
        self._index: dict[str, list[_Name]] = defaultdict(list)  # single-word names by word
        self._pairs: dict[tuple[str, str], list[_Name]] = defaultdict(list)  # longer names by first two
        self.by_label: dict[str, Actor] = {}
        self.groups: dict[str, frozenset[str]] = {}
        self.titles: dict[str, tuple[str, ...]] = {}
        self.former: set[str] = set()
        self.demonym_of: dict[str, Actor] = {}
        self.name_words: set[str] = set()
        self._seats: dict[str, str] = {}
        self.seat_state: dict[str, Actor] = {}  # organisation seated in a state's capital -> that state
        seen: set[tuple[str, ...]] = set()
        surnames: list[tuple[str, Actor]] = []
        for actor, entry in entries:  # a seat named for an organisation ("Brussels" for the EU) means it,
            if actor.type is ActorType.ORGANIZATION:  # not the country it is in: claimed first
                for name in entry.get("capitals", ()):
                    self._add(name, actor, CAPITAL, seen)
                    self._seats[fold_token(name)] = actor.label
        for actor, entry in entries:
            self.by_label[actor.label] = actor
            self.groups[actor.label] = frozenset(entry.get("groups", ()))
            self.titles[actor.label] = tuple(t.lower() for t in entry.get("titles", ()))
            if entry.get("former"):
                self.former.add(actor.label)
            for name in (actor.label, *entry.get("aliases", ())):
                self._add(name, actor, NAME, seen)
            for name in entry.get("capitals", ()):
                if actor.type is ActorType.STATE and fold_token(name) in self._seats:
                    self.seat_state[self._seats[fold_token(name)]] = actor  # EU -> Belgium for "Brussels"
                self._add(name, actor, CAPITAL, seen)
            for name in entry.get("demonyms", ()):
                self._add(name, actor, DEMONYM, seen)
                self.demonym_of.setdefault(fold_token(name), actor)
            if actor.type is ActorType.PERSON and " " in actor.label:
                surnames.append((actor.label.split()[-1], actor))
        for name, actor in surnames:  # "Fico" for Robert Fico, unless the dictionary says otherwise
            if len(name) >= 3 and name[0].isupper():
                self._add(name, actor, SURNAME, seen)
        for names in self._pairs.values():
            names.sort(key=lambda n: -len(n.lows))

    def _add(self, name: str, actor: Actor, kind: str, seen: set[tuple[str, ...]]) -> None:
        tokens, _ = tokenize(name)
        lows = tuple(t.low for t in tokens)
        if not lows or lows in seen or (len(lows) == 1 and lows[0] in _WEAK_FIRST):
            return
        seen.add(lows)
        if actor.type is not ActorType.PERSON and not actor.outlet:
            self.name_words.update(lows)
        shapes = tuple(_shape(t.text) for t in tokens)
        name = _Name(lows, shapes, actor, kind)
        if len(lows) == 1:
            self._index[lows[0]].append(name)
        else:
            self._pairs[(lows[0], lows[1])].append(name)

    def find(self, tokens: list[Token]) -> list[Match]:
        """Non-overlapping dictionary names in ``tokens``, longest first at each position."""
        found: list[Match] = []
        i, n = 0, len(tokens)
        while i < n:
            hit = None
            pair = self._pairs.get((tokens[i].low, tokens[i + 1].low), ()) if i + 1 < n else ()
            for name in (*pair, *self._index.get(tokens[i].low, ())):
                size = len(name.lows)
                if i + size <= n and all(
                    tokens[i + k].low == name.lows[k] and (
                        _fits(name.shapes[k], tokens[i + k]) or (k > 0 and name.shapes[k] == "title"))
                    for k in range(size)
                ):
                    hit = Match(i, i + size, name.actor, name.kind)
                    break
            if hit and hit.kind == SURNAME and hit.end < n and _first_name_of_another(tokens[hit.end]):
                hit = None  # "Dan Jørgensen" is not Nicușor Dan: a surname is not followed by another name
            if hit:
                found.append(hit)
                i = hit.end
            else:
                i += 1
        return found

    def members(self, group: Actor, actor: Actor) -> bool:
        """Whether ``actor`` (a state, or a person through their state) belongs to ``group``."""
        if actor.affiliation == group.label:
            return True
        state = self.by_label.get(actor.affiliation or "") if actor.type is ActorType.PERSON else actor
        names = {fold_token(n) for n in (group.label, *group.aliases)}
        return bool(state and any(fold_token(g) in names for g in self.groups.get(state.label, ())))

    def office_holder(self, state: Actor, title: str) -> Actor | None:
        """The one current dictionary person with this title for this state or organisation."""
        found = [a for label, a in self.by_label.items()
                 if a.type is ActorType.PERSON and a.affiliation == state.label
                 and title in self.titles.get(label, ()) and label not in self.former]
        return found[0] if len(found) == 1 else None


def _first_name_of_another(nxt: Token) -> bool:
    return nxt.cap and nxt.text.replace("-", "").isalpha() and not nxt.text.isupper() and len(nxt.text) > 2 \
        and nxt.low not in _NOT_SURNAME_NEXT


_NOT_SURNAME_NEXT = frozenset(("said", "says", "told", "on", "in", "and", "but", "the", "monday", "tuesday",
                               "wednesday", "thursday", "friday", "saturday", "sunday"))


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the shipped dictionary, built once per process."""
    return Gazetteer(dictionary.actor_entries())
