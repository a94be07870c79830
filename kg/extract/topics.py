"""Topics: the object of a stance normalised to the topic dictionary (``kg/data/topics.json``),
or minted from the object phrase when the dictionary has nothing that fits.

A topic's keywords are bags of word stems ("invitation nato"): a keyword fits a phrase when
every stem starts some word of the phrase, so "NATO invitation", "invitation to join NATO"
and "invited to NATO" all fit. More stems is a better fit; ties go to the narrower topic.
Words of the article's title count a little, so "the ceasefire" in a Gaza report is the
Gaza ceasefire.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.extract.sentences import Token, tokenize, words
from kg.model import Topic
from kg.resources import data_dir

_CONTEXT_WEIGHT = 0.1
_DETERMINERS = words("the a an any this that these those its their his her our my such further "
                          "more new fresh additional")
# Object phrases that point back to an earlier topic rather than naming one.
ANAPHORS = words("it this that move bid plan idea proposal proposals decision measure measures step "
                      "initiative request push effort efforts call calls approach option them one deal "
                      "such step so issue matter question follow suit same likewise goal target proposition "
                      "project scheme policy course process offer demand demands package how whether what "
                      "why when where there debate discussion row dispute controversy principle concept "
                      "notion aim opportunity chance moment result outcome vote ruling position stance contribution "
                      "contributions participation involvement")
_TRAILING = words("under with over against into at by from than via across up out off")
_NOMINAL = ("tion", "sion", "ment", "ship", "ism", "ance", "ence", "ity", "ure", "age", "als", "ies", "ers",
            "ons", "nts", "ics", "ces", "law", "tax", "deal", "pact", "plan", "bill", "ban")
_UNDOING_LABELS = ("relief", "lifting", "easing", "removal", "repeal", "withdrawal")
_LOOSE = words("only alone too either also instead anyway now again still there here")  # "a treaty only if ..."
_STOP = words("of to for on in the a an and or with about at by from as is are was were be its their "
                   "his her our this that these those it s 's")


@dataclass(frozen=True, slots=True)
class _Keyword:
    stems: tuple[str, ...]
    topic: Topic


def _stems(text: str) -> tuple[str, ...]:
    tokens, _ = tokenize(text)
    return tuple(t.low for t in tokens if t.low not in _STOP and t.low != "'s")


def prefixes(lows: Iterable[str]) -> set[str]:
    """Every word and every prefix of four letters or more: what keyword stems are looked up in."""
    found: set[str] = set()
    for low in lows:
        parts = [low, *low.split("-")] if "-" in low else [low]  # "EU-Mercosur" names Mercosur
        for part in parts:
            found.add(part)
            for k in range(4, len(part)):
                found.add(part[:k])
    return found


@lru_cache(maxsize=65536)
def _word_prefixes(low: str) -> frozenset[str]:
    return frozenset(prefixes([low]))


class Bag(set):
    """Word prefixes of a phrase that also remember where each occurs (``at``: prefix to token
    indexes), so that of two keywords with as many words the tighter one wins: in "sanctions on
    Iran, which Tehran and Moscow condemned" the sanctions are on Iran, not on Moscow."""

    __slots__ = ("at", "held")

    def __init__(self, placed: Iterable[tuple[str, int]] = (), held: Iterable[str] = ()) -> None:
        super().__init__()
        self.at: dict[str, list[int]] = {}
        at = self.at
        for low, i in placed:
            for word in _word_prefixes(low):
                if word in at:
                    at[word].append(i)
                else:
                    at[word] = [i]
        self.update(at)
        # words only the holder's own name brought ("the Commission says the tariffs ..."): context, not content
        self.held: set[str] = prefixes(held) - self
        self.update(self.held)

    def spread(self, stems: tuple[str, ...]) -> int:
        """Fewest tokens a window holding every one of ``stems`` found here spans (0 for one stem)."""
        inside = [self.at[s] for s in stems if s in self.at]
        if len(inside) < 2:
            return 0
        return min(max(min(abs(q - p) for q in other) for other in inside[1:]) for p in inside[0])


class TopicIndex:
    """The topic dictionary, ready to match bags of words."""

    def __init__(self, entries: list[dict]) -> None:
        self.topics: dict[str, Topic] = {}
        self.keywords: list[_Keyword] = []
        self.broader: dict[str, str | None] = {e["label"]: e.get("broader") for e in entries}
        self._by_stem: dict[str, list[_Keyword]] = {}
        self._ancestors: dict[str, set[str]] = {}
        self._stems_of: dict[str, set[str]] = {}
        for entry in entries:
            topic = Topic(entry["label"], entry.get("broader"), tuple(entry.get("aliases", ())))
            self.topics[topic.label] = topic
            for phrase in (entry["label"], *entry.get("aliases", ()), *entry.get("keywords", ())):
                stems = _stems(phrase)
                if stems:
                    keyword = _Keyword(stems, topic)
                    self.keywords.append(keyword)
                    for stem in set(stems):
                        self._by_stem.setdefault(stem, []).append(keyword)
                    self._stems_of.setdefault(topic.label, set()).update(stems)

    def match(self, words: set[str], context: set[str] = frozenset(),
              weak: frozenset[str] = frozenset()) -> tuple[Topic, float, int] | None:
        """Best topic for a phrase's word prefixes; ``context`` (title words) counts a little,
        and only when the phrase itself has a telling word (not just a name or "talks")."""
        best: tuple[float, int, Topic, int] | None = None
        matched: set[str] = set()
        needed: dict[str, int] = {}  # fewest context words any matching keyword of a topic needed
        candidates = {id(kw): kw for w in words if w in self._by_stem for kw in self._by_stem[w]}
        held = words.held if isinstance(words, Bag) else set()
        for kw in candidates.values():
            inside = outside = 0
            for s in kw.stems:
                if s in words and s not in held:
                    inside += 1
                elif s in context or s in held:
                    outside += 1
            if inside + outside < len(kw.stems):
                continue
            if outside and all(s in ANAPHORS or s in weak for s in kw.stems if s in words):
                continue  # "the bid" is no evidence of "NATO bid", even in a NATO article
            score = inside + _CONTEXT_WEIGHT * outside + 0.001 * sum(len(s) for s in kw.stems)
            if inside > 1 and isinstance(words, Bag):
                score -= 0.004 * min(words.spread(kw.stems), 10)  # words far apart are weaker evidence
            matched.add(kw.topic.label)
            needed[kw.topic.label] = min(needed.get(kw.topic.label, outside), outside)
            rank = (score, 1 if kw.topic.broader else 0, kw.topic, outside)
            if best is None or rank[:2] > best[:2]:
                best = rank
        if best is None:
            return None
        topic = self._narrowest(best[2], matched)
        return topic, best[0], needed.get(topic.label, best[3])  # topic, score, words it needed from context

    def _narrowest(self, topic: Topic, matched: set[str]) -> Topic:
        """"Taurus cruise missiles": Taurus, not the broader "cruise missiles" that scored more words."""
        for label in matched:
            if label != topic.label and topic.label in self.ancestors(label):
                topic = self.topics[label]
        return topic

    def uses(self, topic: Topic, word: str) -> bool:
        """Whether one of the topic's keywords has this word ("ban" in "ban russian gas")."""
        return bool(prefixes([word]) & self._stems_of.get(topic.label, set()))

    def related(self, a: Topic, b: Topic) -> bool:
        """Siblings under one broader topic, or one the other's ancestor."""
        return (a.broader is not None and a.broader == b.broader) or a.label in self.ancestors(b.label) \
            or b.label in self.ancestors(a.label)

    @staticmethod
    def undoes(topic: Topic) -> bool:
        """"Syria sanctions relief": a topic named for undoing something, so that opposing the thing
        itself (the sanctions) supports the topic."""
        return any(w in topic.label.lower().split() for w in _UNDOING_LABELS)

    def uses_any(self, topic: Topic, found: set[str]) -> bool:
        """Whether one of the topic's keyword words is among ``found`` (prefixes of a phrase)."""
        return not found.isdisjoint(self._stems_of.get(topic.label, ()))

    def ancestors(self, label: str) -> set[str]:
        if label in self._ancestors:
            return self._ancestors[label]
        seen: set[str] = set()
        parent = self.broader.get(label)
        while parent and parent not in seen:
            seen.add(parent)
            parent = self.broader.get(parent)
        self._ancestors[label] = seen
        return seen


def mint(tokens: list[Token]) -> Topic | None:
    """A topic named by an object phrase the dictionary does not know ("the new migration law")."""
    words = [t for t in tokens if t.word or t.low == "-"]
    while words and (words[0].low in _DETERMINERS or words[0].low == "'s"):
        words = words[1:]
    while words and (words[-1].low in _STOP or words[-1].low in _TRAILING or words[-1].low in _LOOSE):
        words = words[:-1]
    if not words or all(w.low in ANAPHORS or w.low in _STOP for w in words):
        return None
    if len(words) == 1 and (words[0].cap or len(words[0].text) < 4 or not words[0].low.endswith(_NOMINAL)):
        return None  # "reconsider" is not a topic; "conscription" and "tariffs" are
    if all(w.low.endswith("ly") or w.low in _DETERMINERS for w in words):
        return None  # "more publicly" is a manner, not a topic
    label = " ".join(w.text for w in words[:8])
    return Topic(label[:1].upper() + label[1:])


@cache
def default_topics() -> TopicIndex:
    """The shipped topic dictionary."""
    path = data_dir() / "topics.json"
    return TopicIndex(json.loads(path.read_text(encoding="utf-8")) if path.exists() else [])
