"""The coder: sentences in, statements out, in the manner of dictionary-based event coders.

For each sentence: find actors (:mod:`mentions`), who reported it (:mod:`attribution`) and
stance cues (:mod:`cues`, :mod:`stance`); give each cue a holder from the clause structure
(:mod:`clauses`), a position after negation and conditions, a topic (:mod:`topics`) and a
date (:mod:`dates`). Duplicates and near-duplicates are merged per article at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract import stance
from kg.extract.attribution import Attribution, attribute
from kg.extract.clauses import boundaries, clause_of, relative_head, right_holders, subject
from kg.extract.coref import Discourse
from kg.extract.cues import LEXICON, Cue
from kg.extract.dates import stated_on
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention, find_mentions
from kg.extract.merge import merge
from kg.extract.sentences import Sentence, Token, split_sentences, tokenize
from kg.extract.topics import ANAPHORS, TopicIndex, mint, prefixes
from kg.model import Actor, ActorType, Position, Source, Statement, Topic

_HARD = frozenset((";", "but", "while", "whereas", "although", "though", "however"))
_OBJ_SKIP = frozenset("to about of on over for towards toward regarding in with against the".split())
_OBJ_STOP = frozenset((", . ; : that which who because as while but amid after due saying despite "
                       "since when during \" until unless if").split())
_MIN_CONFIDENCE = 0.45
_EVAL_GAP = frozenset("a an the very most more so really truly simply absolutely clearly an utterly not be "
                      "entirely quite totally deeply potentially".split())


@dataclass(slots=True)
class _Sentence:
    """A sentence with everything found in it, passed around while coding it."""

    sent: Sentence
    mentions: list[Mention]
    att: Attribution
    starts: list[int]
    negs: list[Cue]
    conds: list[Cue]

    @property
    def tokens(self) -> list[Token]:
        return self.sent.tokens


class Coder:
    """Codes one article at a time against a gazetteer and a topic dictionary."""

    def __init__(self, gazetteer: Gazetteer, topics: TopicIndex) -> None:
        self.gaz = gazetteer
        self.topics = topics

    def code(self, text: str, source: Source) -> list[Statement]:
        discourse = Discourse(self.gaz)
        context = self._context(source.title or "", discourse)
        found: list[Statement] = []
        for sent in split_sentences(text):
            mentions = find_mentions(sent.tokens, self.gaz, discourse)
            att = attribute(sent.tokens, mentions)
            if not sent.question:
                cues = LEXICON.find(sent.tokens)
                s = _Sentence(sent, mentions, att, boundaries(sent.tokens),
                              [c for c in cues if c.kind == "neg"], [c for c in cues if c.kind == "cond"])
                made = self._sentence(s, stance.select(cues, sent.tokens), discourse, context, source)
                found.extend(made)
                for st in made:
                    discourse.saw_topic(st.topic)
                if not made:
                    self._note_topic(sent, mentions, discourse, context)
            for m in mentions:
                if not m.outlet:
                    discourse.saw(m.actor)
        return merge(found, self.topics.broader)

    def _context(self, title: str, discourse: Discourse) -> set[str]:
        tokens, _ = tokenize(title)
        words = [t.low for t in tokens]
        for m in find_mentions(tokens, self.gaz, discourse):
            words.extend(_label_words(m.actor))
        return prefixes(words)

    def _note_topic(self, sent: Sentence, mentions: list[Mention], discourse: Discourse,
                    context: set[str]) -> None:
        """A sentence that names a topic strongly makes it the topic "it" and "the plan" refer to."""
        hit = self.topics.match(self._bag(sent.tokens, 0, len(sent.tokens), mentions, []), context)
        if hit and hit[1] >= 2:
            discourse.saw_topic(hit[0])

    # -- one sentence -------------------------------------------------------------------------

    def _sentence(self, s: _Sentence, cues: list[Cue], discourse: Discourse, context: set[str],
                  source: Source) -> list[Statement]:
        out: list[Statement] = []
        evals = [c for c in cues if c.kind == "eval"]
        used: set[int] = set()
        for cue in cues:
            if cue.start in used or any(k in s.att.excluded for k in range(cue.start, cue.end)):
                continue
            position, obj_end = cue.position, None
            if cue.kind == "call":
                ev = next((e for e in evals if e.start > cue.end and e.start - cue.end <= 15), None)
                if ev is None:
                    continue
                position, obj_end = ev.position, ev.start
                used.add(ev.start)
            elif cue.kind == "eval" and not self._copula_before(s.tokens, cue):
                continue
            out.extend(self._statements(s, cue, position, obj_end, discourse, context, source))
        if not out:
            out.extend(self._conditional_only(s, discourse, context, source))
        return out

    @staticmethod
    def _copula_before(tokens: list[Token], cue: Cue) -> bool:
        k = cue.start - 1
        while k >= 0 and tokens[k].low in _EVAL_GAP:
            k -= 1
        return k >= 0 and tokens[k].low in stance.COPULAS

    def _statements(self, s: _Sentence, cue: Cue, position: Position, obj_end: int | None,
                    discourse: Discourse, context: set[str], source: Source) -> list[Statement]:
        tokens, n = s.tokens, len(s.tokens)
        cs, ce = clause_of(s.starts, cue.start, n)
        holders, via = self._holders(s, cue, cs, ce)
        if not holders:
            return []
        holder_end = max(h.end for h in holders)
        if cue.kind == "adj" and not stance.adjective_ok(tokens, cue, holder_end):
            return []
        if stance.hypothetical(tokens, cs, cue):
            return []
        count, soft = stance.negated(cue, s.negs, tokens, cs if cs > 0 else 0)
        final = stance.polarity(cue, position, count, soft)
        if final is None:
            return []
        confidence = cue.strength * (0.9 if via != "subject" else 1.0)
        if final is Position.SUPPORT and stance.conditioned(tokens, s.conds, cue, holder_end):
            final = Position.CONDITIONAL
        if stance.modal(tokens, cs, min(ce, cue.end + 6)):
            if final is not Position.CONDITIONAL:
                return []
        if cue.kind == "eval":
            start, end = holder_end if holder_end <= cue.start else cs, cue.start
        elif cue.kind == "passive":
            start, end = cs, min(h.start for h in holders)
        else:
            start, end = cue.end, obj_end or self._object_end(s, cue)
        topic, factor = self._topic(s, cue, start, end, holders, discourse, context)
        if topic is None:
            return []
        confidence *= factor
        if confidence < _MIN_CONFIDENCE:
            return []
        return [self._statement(s, h.actor, final, topic, cue, confidence, source)
                for h in _unique(holders)]

    def _conditional_only(self, s: _Sentence, discourse: Discourse, context: set[str],
                          source: Source) -> list[Statement]:
        """"X maintains that membership would come after the war, with reforms": conditional."""
        if not s.conds or not s.att.speaker and not any(t.low in ("would", "will", "should", "must")
                                                        for t in s.tokens):
            return []
        cue = s.conds[0]
        cs, ce = clause_of(s.starts, cue.start, len(s.tokens))
        holders, _ = self._holders(s, cue, cs, ce)
        if not holders or stance.hypothetical(s.tokens, cs, cue):
            return []
        bag = self._bag(s.tokens, cs, ce, s.mentions, holders)
        hit = self.topics.match(bag, context)
        if not hit:
            return []
        return [self._statement(s, h.actor, Position.CONDITIONAL, hit[0], cue, cue.strength * 0.9, source)
                for h in _unique(holders)]

    # -- holders --------------------------------------------------------------------------------

    def _holders(self, s: _Sentence, cue: Cue, cs: int, ce: int) -> tuple[list[Mention], str]:
        tokens, mentions, excluded = s.tokens, s.mentions, s.att.excluded
        if cue.kind == "passive":
            return right_holders(tokens, mentions, cue.end), "subject"
        if cue.kind == "noun":
            return self._noun_holders(s, cue, cs)
        found = relative_head(tokens, mentions, cs) or subject(tokens, mentions, cs, cue.start, excluded)
        if found:
            return self._speaker_for_group(s, cue, found), "subject"
        if cue.kind == "adj" and (found := self._include(s, cue, ce)):
            return found, "subject"
        speaker = s.att.speaker
        if speaker and (self._first_person(tokens, cs, cue.start) or (tokens[cue.start].quoted and cs <= 1)):
            return [speaker], "speaker"
        k = s.starts.index(cs) if cs in s.starts else 0
        for prev in reversed(s.starts[:k]):
            end = s.starts[s.starts.index(prev) + 1]
            if found := relative_head(tokens, mentions, prev) or subject(tokens, mentions, prev, end, excluded):
                return self._speaker_for_group(s, cue, found), "inherited"
        if speaker and tokens[cue.start].quoted and speaker.kind != "state-head":
            return [speaker], "speaker"
        return [], ""

    def _noun_holders(self, s: _Sentence, cue: Cue, cs: int) -> tuple[list[Mention], str]:
        tokens, mentions = s.tokens, s.mentions
        if cue.needs_object and not (stance.has_complement(tokens, cue) or stance.light_verb_before(tokens, cue)):
            return [], ""
        k = cue.start
        while k > 0 and (tokens[k - 1].low in ("strong", "growing", "firm", "deep", "full", "broad", "open",
                                               "continued", "unwavering", "initial", "renewed")):
            k -= 1
        before = next((m for m in mentions if m.end == k or (m.possessive and m.end + 1 == k)), None)
        if before and not before.outlet:
            return [before], "subject"
        if stance.light_verb_before(tokens, cue):
            found = subject(tokens, mentions, cs, cue.start, s.att.excluded)
            return (found, "subject") if found else ([], "")
        if cue.end < len(tokens) and tokens[cue.end].low in ("from", "of", "by"):
            return right_holders(tokens, mentions, cue.end + 1, 2), "subject"
        return [], ""

    def _include(self, s: _Sentence, cue: Cue, ce: int) -> list[Mention]:
        """"Countries hesitant about the bid include Hungary and Slovakia"."""
        for k in range(cue.end, min(len(s.tokens), cue.end + 12)):
            if s.tokens[k].low in ("include", "includes", "included", "including", "are", "were"):
                return right_holders(s.tokens, s.mentions, k + 1)
        return []

    @staticmethod
    def _first_person(tokens: list[Token], start: int, end: int) -> bool:
        return any(t.low in ("we", "i", "our", "us") and t.quoted for t in tokens[start:end])

    def _speaker_for_group(self, s: _Sentence, cue: Cue, holders: list[Mention]) -> list[Mention]:
        """A member quoted speaking for their alliance holds the position themselves."""
        speaker = s.att.speaker
        if not speaker or not s.tokens[cue.start].quoted:
            return holders
        if all(h.actor.type is ActorType.ORGANIZATION and self.gaz.members(h.actor, speaker.actor)
               for h in holders):
            return [speaker]
        return holders

    # -- topics --------------------------------------------------------------------------------

    def _object_end(self, s: _Sentence, cue: Cue) -> int:
        k = cue.end
        while k < len(s.tokens) and k - cue.end < 25 and s.tokens[k].low not in _HARD \
                and k not in s.att.excluded:
            k += 1
        return k

    def _bag(self, tokens: list[Token], start: int, end: int, mentions: list[Mention],
             holders: list[Mention]) -> set[str]:
        words = [t.low for t in tokens[start:end]]
        for m in mentions:
            if start <= m.start < end and m not in holders and not m.outlet:
                words.extend(_label_words(m.actor))
        for h in holders:
            if h.actor.type is ActorType.ORGANIZATION:
                words.extend(_label_words(h.actor))
        return prefixes(words)

    def _topic(self, s: _Sentence, cue: Cue, start: int, end: int, holders: list[Mention],
               discourse: Discourse, context: set[str]) -> tuple[Topic | None, float]:
        tokens = s.tokens
        hit = self.topics.match(self._bag(tokens, start, end, s.mentions, holders), context) if end > start else None
        if hit:
            return hit[0], 1.0
        phrase = self._object_phrase(tokens, start, end)
        anaphoric = not phrase or phrase[0].low in ANAPHORS or phrase[0].low in ("it", "this", "that")
        if cue.needs_object and cue.kind != "call":
            return None, 0.0
        if anaphoric or cue.kind in ("adj", "noun", "passive", "call"):
            whole = self._bag(tokens, 0, len(tokens), s.mentions, holders)
            hit = self.topics.match(whole, context)
            if hit and not anaphoric:
                return hit[0], 0.85
            if discourse.topic and anaphoric:
                return discourse.topic, 0.85
            if hit:
                return hit[0], 0.85
        topic = mint(phrase) if phrase else None
        if topic:
            return topic, 0.75
        return (discourse.topic, 0.8) if discourse.topic and cue.kind in ("adj", "noun") else (None, 0.0)

    @staticmethod
    def _object_phrase(tokens: list[Token], start: int, end: int) -> list[Token]:
        k = start
        while k < end and tokens[k].low in _OBJ_SKIP:
            k += 1
        out: list[Token] = []
        while k < end and tokens[k].low not in _OBJ_STOP and len(out) < 10:
            out.append(tokens[k])
            k += 1
        return out

    # -- output ---------------------------------------------------------------------------------

    def _statement(self, s: _Sentence, actor: Actor, position: Position, topic: Topic, cue: Cue,
                   confidence: float, source: Source) -> Statement:
        sent = s.sent
        return Statement(
            actor=actor, position=position, topic=topic, source=source,
            date=stated_on(sent.text, source.published), attributed_to=self._attributed(s, actor, cue),
            quote=sent.text, confidence=round(min(1.0, confidence), 2), cue=cue.phrase,
            start=sent.start, end=sent.end,
        )

    @staticmethod
    def _attributed(s: _Sentence, actor: Actor, cue: Cue) -> str | None:
        att = s.att
        if att.reporter and att.reporter != actor.label:
            return att.reporter
        sp = att.speaker
        if sp and sp.actor != actor:
            after = cue.start >= att.speaker_end
            trailing = sp.start > cue.end and sp.start > 0 and s.tokens[sp.start - 1].low in (",", '"', "said", "says")
            if after or trailing:
                return sp.actor.label
        return None


def _label_words(actor: Actor) -> list[str]:
    return _LABEL_WORDS.get(actor.label) or _LABEL_WORDS.setdefault(actor.label, [
        t.low for name in (actor.label, *(a for a in actor.aliases if " " not in a and len(a) <= 6))
        for t in tokenize(name)[0]])


_LABEL_WORDS: dict[str, list[str]] = {}


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.actor.label not in seen:
            seen.add(m.actor.label)
            out.append(m)
    return out
