"""Denials: statements *about* reports. "Hungary's foreign ministry refuted reports that Budapest
opposes the invitation"; "the information in the media that seven countries oppose Ukraine's
invitation is not true"; "the Kremlin dismissed as fake reports that ..."; "denied that ...".

A denial names who denies (the denier), and what the denied report says: an actor holding a
position on a topic. It becomes a :class:`~kg.model.Statement` with ``denied_by`` set (the
actor, position and topic are the denied report's), which :mod:`kg.rdf` maps to a kg:Denial,
not to a position; :mod:`kg.analysis.disputes` links it to the statements it contradicts.

Cues, case-insensitive, in one sentence:

* a denial verb before a report noun, with the report's content after "that": "refuted
  reports that X", "dismissed as fake claims that X", "denied that X", "rejected suggestions
  in the media that X";
* a report noun with its content, then a falsity predicate: "the information (in the media)
  that X is not true", "reports that X are false", "it is not true that X";
* a denial verb before a report noun with no content ("the spokesman refuted the reports"):
  the report is the latest statement earlier in the article about the denier.

The content X is coded by the coder itself, as a sentence of its own (a leading "it", "he" or
"they" standing for the denier). When it names no one who holds the position ("seven
countries oppose ..."), the denier is taken to deny it of itself. The denier is whoever comes
before the denial verb, else the sentence's speaker, else an actor named outside the content,
else the denied actor. Statements the coder made of the content itself (the denied report
restated) or of the denial verb ("dismissed" read as opposing) are dropped for the denial.

:func:`code_for_analysis` is what ``extract(article, analysis=True)`` runs: shifts of position
(:mod:`.shifts`), outlets cited by name (:mod:`.citations`), then denials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.attribution import attribute
from kg.extract.citations import attribute_cited, cited_outlet
from kg.extract.coder import Coder
from kg.extract.coref import Discourse
from kg.extract.cues import LEXICON
from kg.extract.dates import stated_on
from kg.extract.mentions import Mention, find_mentions
from kg.extract.sentences import Sentence, split_sentences, tokenize
from kg.extract.shifts import find_shifts, restore, stand_in_text
from kg.extract.topics import prefixes
from kg.model import Actor, ActorType, Position, Source, Statement, Topic

_VERB = (r"denied|denies|deny|denying|refuted|refutes|refute|refuting|rejected|rejects|reject|rejecting|"
         r"dismissed|dismisses|dismiss|dismissing|disputed|disputes|dispute|rebutted|rebuts|debunked|"
         r"rubbished|contradicted|contradicts")
_FALSE = (r"not\s+true|untrue|false|fake(?:\s+news)?|baseless|groundless|unfounded|incorrect|inaccurate|"
          r"a\s+lie|lies|nonsense|fiction|fabricated|fabrications?|disinformation|misinformation|"
          r"without\s+foundation|wrong")
_NOUN = (r"reports?|claims?|information|allegations?|suggestions?|speculation|rumou?rs|assertions?|stories|"
         r"story|articles?|news|accounts?")
_MEDIA = (r"(?:\s+(?:in|by|from|published\s+in|circulating\s+in|carried\s+by)\s+(?:the\s+|some\s+|several\s+)?"
          r"(?:\w+\s+){0,2}?(?:media|press|outlets?|newspapers?|reports?))")
_QUALIFIERS = r"(?:(?:the|these|those|such|recent|earlier|latest|media|press|foreign|western|some|several|any)\s+)*"
_THAT = r"\s*,?\s*(?:that|saying\s+that|suggesting\s+that|claiming\s+that|alleging\s+that|according\s+to\s+which)\s+"
_CONTENT = r"(?P<content>[^;]+?)"
_END = r"\s*(?:[;\"”]|[.!]?\s*$)"

# "refuted reports that X", "dismissed as fake reports that X", "rejected claims in the media that X"
VERB_NOUN = re.compile(rf"\b(?P<cue>(?:{_VERB})(?:\s+as\s+(?:{_FALSE}))?\s+{_QUALIFIERS}(?:{_NOUN}){_MEDIA}?)"
                       rf"(?:\s+as\s+(?:{_FALSE}))?(?:{_THAT}{_CONTENT}(?=,\s+(?:saying|adding|calling|and|but)\b|{_END}))?",
                       re.I)
# "denied that X"
VERB_THAT = re.compile(rf"\b(?P<cue>(?:{_VERB})\s+that)\s+{_CONTENT}(?=,\s+(?:saying|adding|calling|and|but)\b|{_END})",
                       re.I)
# "the information in the media that X is not true", "it is not true that X"
NOUN_FALSE = re.compile(rf"\b(?:the\s+|these\s+|those\s+|such\s+|any\s+)?(?:{_NOUN}){_MEDIA}?\s+that\s+{_CONTENT}\s+"
                        rf"(?P<cue>(?:is|are|was|were)\s+(?:simply\s+|absolutely\s+|completely\s+|totally\s+|"
                        rf"entirely\s+|categorically\s+)?(?:{_FALSE}))\b", re.I)
IT_FALSE = re.compile(rf"\b(?P<cue>(?:it\s+is|it's|it\s+was)\s+(?:simply\s+|absolutely\s+)?(?:{_FALSE}))\s+that\s+"
                      rf"{_CONTENT}(?={_END})", re.I)
_PRONOUN = re.compile(r"^(?:it|he|she|they|the\s+country|the\s+government)\b", re.I)
_DENIAL_VERBS = frozenset(re.sub(r"\\s\+|\(\?:|\)", " ", _VERB).replace("|", " ").split())


@dataclass(frozen=True, slots=True)
class _Hit:
    """A denial cue in a sentence: where it is, and the denied content's span if it has one."""

    cue: str
    start: int  # offsets in the sentence text
    end: int
    content: tuple[int, int] | None
    verb_first: bool


def _hits(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for pattern, verb_first in ((NOUN_FALSE, False), (IT_FALSE, False), (VERB_THAT, True), (VERB_NOUN, True)):
        for m in pattern.finditer(text):
            if any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in hits):
                continue
            content = m.span("content") if m.group("content") else None
            hits.append(_Hit(re.sub(r"\s+", " ", m.group("cue")), m.start(), m.end(), content, verb_first))
    return sorted(hits, key=lambda h: h.start)


def code_for_analysis(coder: Coder, text: str, source: Source) -> list[Statement]:
    """The article's statements as the coder makes them, with shifts of position coded as the new
    position, outlets cited by name as attributions, and denials as statements with ``denied_by``."""
    shifts = find_shifts(text)
    coded = restore(coder.code(stand_in_text(text, shifts), source), text, shifts)
    coded = attribute_cited(coded, text)
    denials, dropped = Denials(coder, source).find(text, coded)
    kept = [st for i, st in enumerate(coded) if i not in dropped]
    return sorted(kept + denials, key=lambda st: (st.start if st.start is not None else -1))


class Denials:
    """Finds the denials in one article (with the coder's statements of it at hand)."""

    def __init__(self, coder: Coder, source: Source) -> None:
        self.coder = coder
        self.source = source
        self.discourse = Discourse(coder.gaz)
        self.last_denier: Actor | None = None

    def find(self, text: str, coded: list[Statement]) -> tuple[list[Statement], set[int]]:
        """``(denials, indices of coded statements to drop)``."""
        denials: list[Statement] = []
        dropped: set[int] = set()
        seen: set[tuple[str, str, str, str]] = set()
        for sent in split_sentences(text):
            mentions = find_mentions(sent.tokens, self.coder.gaz, self.discourse)
            for hit in _hits(sent.text):
                for st in self._denials(sent, hit, mentions, coded):
                    key = (st.denied_by or "", st.actor.slug, st.position.value, st.topic.slug)
                    if key not in seen:
                        seen.add(key)
                        denials.append(st)
                    dropped |= self._explained(sent, hit, st, coded)
            for m in mentions:
                if not m.outlet:
                    self.discourse.saw(m.actor)
        return denials, dropped

    # -- one denial ----------------------------------------------------------------------------

    def _denials(self, sent: Sentence, hit: _Hit, mentions: list[Mention], coded: list[Statement]) -> list[Statement]:
        denier = self._denier(sent, hit, mentions)
        if hit.content is not None:
            content = sent.text[hit.content[0]:hit.content[1]]
            denied = self._content(content, denier)
            confidence = 0.8
        else:
            denied = self._earlier(sent, denier, coded)
            confidence = 0.6
        if not denied:
            return []
        self.last_denier = denier or self.last_denier
        att = attribute(sent.tokens, mentions)
        reporter = att.reporter or cited_outlet(sent.text)
        out = []
        for actor, position, topic in denied:
            by = denier or actor
            out.append(Statement(
                actor=actor, position=position, topic=topic, source=self.source,
                date=stated_on(sent.text, self.source.published),
                attributed_to=reporter if reporter and reporter != by.label else None,
                quote=sent.text, confidence=confidence, cue=hit.cue, start=sent.start, end=sent.end,
                denied_by=by.label,
            ))
        return out

    def _denier(self, sent: Sentence, hit: _Hit, mentions: list[Mention]) -> Actor | None:
        at, end = sent.start + hit.start, sent.start + hit.end
        content = (sent.start + hit.content[0], sent.start + hit.content[1]) if hit.content else (end, end)
        tokens = sent.tokens
        if hit.verb_first:
            before = [m for m in mentions if tokens[m.end - 1].end <= at and not m.outlet]
            if before:
                return before[-1].actor
        speaker = attribute(tokens, mentions).speaker
        if speaker is not None and not speaker.outlet:
            return speaker.actor
        outside = [m for m in mentions if not m.outlet and not (content[0] <= tokens[m.start].start < content[1])]
        if outside:
            return outside[0].actor
        # "a ministry spokesman said": nobody named; whoever denied last in the article speaks again.
        return self.last_denier

    def _content(self, content: str, denier: Actor | None) -> list[tuple[Actor, Position, Topic]]:
        """Who the denied report says holds which position on what."""
        text = content.strip().rstrip(".,;")
        if denier is not None:
            text = _PRONOUN.sub(_state_of(denier).label, text, count=1)
        text = text[:1].upper() + text[1:] + "."
        coded = self.coder.code(text, self.source)
        if coded:
            return list(dict.fromkeys((st.actor, st.position, st.topic) for st in coded))
        fallback = self._bare(text)
        if fallback is None:
            return []
        holders = [m.actor for m in find_mentions(tokenize(text)[0], self.coder.gaz, Discourse(self.coder.gaz))
                   if not m.outlet and m.holder]
        if not holders and denier is None:
            return []
        return [(actor, *fallback) for actor in (holders or [_state_of(denier)])]  # type: ignore[arg-type]

    def _bare(self, text: str) -> tuple[Position, Topic] | None:
        """Position and topic of a clause whose holder the coder could not name ("seven countries oppose X")."""
        tokens, _ = tokenize(text)
        cues = [c for c in LEXICON.find(tokens) if c.position is not None and c.kind in ("verb", "adj", "noun")]
        if not cues:
            return None
        words = prefixes(t.low for t in tokens[cues[0].end:])
        context = prefixes(t.low for t in tokenize(self.source.title or "")[0])
        hit = self.coder.topics.match(words, context)
        return (cues[0].position, hit[0]) if hit else None

    def _earlier(self, sent: Sentence, denier: Actor | None,
                 coded: list[Statement]) -> list[tuple[Actor, Position, Topic]]:
        """"The spokesman refuted the reports": the latest earlier statement about the denier."""
        if denier is None:
            return []
        mine = {denier.label, _state_of(denier).label}
        before = [st for st in coded if st.start is not None and st.start < sent.start
                  and (st.actor.label in mine or st.actor.affiliation in mine)]
        if not before:
            return []
        st = before[-1]
        return [(st.actor, st.position, st.topic)]

    @staticmethod
    def _explained(sent: Sentence, hit: _Hit, denial: Statement, coded: list[Statement]) -> set[int]:
        """Coded statements of this sentence that the denial accounts for: the denied report
        restated, and the denial verb read as a stance of the denier."""
        out = set()
        verb = hit.cue.split()[0].lower()
        content = sent.text[hit.content[0]:hit.content[1]].lower() if hit.content else ""
        for i, st in enumerate(coded):
            if st.start != sent.start or st.end != sent.end:
                continue
            restated = (st.actor.slug, st.position, st.topic.slug) == (denial.actor.slug, denial.position,
                                                                        denial.topic.slug)
            # the denied content's own cue given to someone else, e.g. the speaker of a quoted denial
            quoted = bool(st.cue) and st.cue.lower() in content and st.position is denial.position
            misread = bool(st.cue) and st.cue.lower().split()[0] in _DENIAL_VERBS and verb in _DENIAL_VERBS
            if restated or quoted or misread:
                out.add(i)
        return out


def _state_of(actor: Actor) -> Actor:
    """A person's state (a spokesman speaks for it), else the actor itself."""
    if actor.type is ActorType.PERSON and actor.affiliation:
        from kg.dictionary import find_actor

        return find_actor(actor.affiliation) or actor
    return actor
