"""The coder: sentences in, statements out, in the manner of dictionary-based event coders.

For each sentence: find actors (:mod:`.mentions`), who reported it (:mod:`.attribution`) and
stance cues (:mod:`.cues`, :mod:`.stance`); give each cue a holder from the clause structure
(:mod:`.clauses`), a position after negation and conditions, a topic (:mod:`.objects`) and a
date (:mod:`.dates`). Repeats are merged per article at the end (:mod:`.merge`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kg.extract import stance
from kg.extract.attribution import SPEECH, Attribution, attribute
from kg.extract.clauses import boundaries, clause_of, relative_head, right_holders, subject
from kg.extract.coref import STATE_HEADS, Discourse
from kg.extract.cues import LEXICON, Cue
from kg.extract.dates import stated_on
from kg.extract.gazetteer import Gazetteer
from kg.extract.mentions import Mention, find_mentions
from kg.extract.merge import after_contrast, merge, one_each
from kg.extract.objects import Context, Objects, Resolved
from kg.extract.sentences import Sentence, Token, split_sentences, tokenize, words
from kg.extract.topics import TopicIndex
from kg.model import Actor, ActorType, Position, Source, Statement, Topic

_MIN_CONFIDENCE = 0.45
_EVAL_MODALS = words("would will could might only")
_EVAL_GAP = words('" a an the very most more so really truly simply absolutely clearly utterly not be '
                  "entirely quite totally deeply potentially just only")
_DEONTIC = frozenset(("must", "should", "ought", "needs", "need", "has", "have"))
_FRONTED_IF = frozenset(("if", "unless", "should", "were", "had", "suppose", "supposing", "imagine"))
_REPORTING_END = SPEECH | {"that"}
_UNNAMED = frozenset(("officials", "diplomats", "sources", "authorities"))
_STANCE_NOUNS = words("position stance policy approach line stand attitude view views decision")
_FLIP = {Position.SUPPORT: Position.OPPOSE, Position.OPPOSE: Position.SUPPORT,
         Position.HESITANT: Position.SUPPORT, Position.CONDITIONAL: Position.CONDITIONAL,
         Position.NEUTRAL: Position.NEUTRAL}


@dataclass(slots=True)
class _Sentence:
    """A sentence with everything found in it, passed around while coding it."""

    sent: Sentence
    mentions: list[Mention]
    att: Attribution
    starts: list[int]
    negs: list[Cue]
    conds: list[Cue]
    recent: Topic | None
    prior: list[Statement]

    @property
    def tokens(self) -> list[Token]:
        return self.sent.tokens


class Coder:
    """Codes one article at a time against a gazetteer and a topic dictionary."""

    def __init__(self, gazetteer: Gazetteer, topics: TopicIndex) -> None:
        self.gaz = gazetteer
        self.topics = topics
        self.objects = Objects(topics, frozenset(gazetteer.name_words))
        self._subject: str | None = None  # what an article the dictionary has no topic for is about

    def code(self, text: str, source: Source) -> list[Statement]:
        discourse = Discourse(self.gaz)
        title, _ = tokenize(source.title or "")
        ctx = self.objects.context(title, find_mentions(title, self.gaz, Discourse(self.gaz)))
        self._subject = None if ctx.topic else self.objects.subject(title, text)
        if self._subject:
            ctx.topic = self.objects.subject_topic(title, self._subject)  # "Plastics treaty"
        found: list[Statement] = []
        recent: Topic | None = None
        last: tuple[int, Mention | None] = (-1, None)
        for sent in split_sentences(text):
            mentions = find_mentions(sent.tokens, self.gaz, discourse)
            att = attribute(sent.tokens, mentions)
            if att.speaker is None and last[0] == sent.paragraph and sent.tokens and (
                    sent.tokens[0].low == '"' or sent.tokens[0].quoted):
                att.speaker, att.speaker_end = last[1], 0  # a quotation running on from the last sentence
            last = (sent.paragraph, att.speaker)
            made: list[Statement] = []
            if not sent.question and not _fronted_condition(sent.tokens):
                cues = LEXICON.find(sent.tokens)
                s = _Sentence(sent, mentions, att, boundaries(sent.tokens),
                              [c for c in cues if c.kind == "neg"], [c for c in cues if c.kind == "cond"], None,
                              found)
                made = self._sentence(s, stance.select(cues, sent.tokens), discourse, ctx, source)
                found.extend(made)
            for st in made:
                discourse.saw_topic(st.topic)
            recent = made[-1].topic if made else self._named_topic(sent, mentions, ctx)
            if recent and not made:
                discourse.saw_topic(recent)
            for m in mentions:
                if not m.outlet:
                    discourse.saw(m.actor)
            discourse.saw_group(tuple(m.actor for m in mentions if m.holder and not m.outlet
                                      and m.actor.type is ActorType.STATE))
        return merge(found, self.topics.broader)

    def _named_topic(self, sent: Sentence, mentions: list[Mention], ctx: Context) -> Topic | None:
        """A sentence that names a topic plainly is what "it" and "the plan" refer to next."""
        hit = self.objects.match(self.objects.bag(sent.tokens, 0, len(sent.tokens), mentions, []), ctx)
        return hit[0] if hit and hit[1] >= 2 else None

    # -- one sentence -------------------------------------------------------------------------

    def _sentence(self, s: _Sentence, cues: list[Cue], discourse: Discourse, ctx: Context,
                  source: Source) -> list[Statement]:
        out: list[tuple[Cue, Statement]] = []
        evals = [c for c in cues if c.kind == "eval"]
        used: set[int] = set()
        for cue in cues:
            if cue.start in used or any(k in s.att.excluded for k in range(cue.start, cue.end)):
                continue
            position, obj_end = cue.position, None
            if cue.kind == "call":
                ev = next((e for e in evals if e.start > cue.end and e.start - cue.end <= 15
                           and not _clause_break(s.tokens, cue.end, e.start)), None)
                if ev is None:
                    continue
                position, obj_end = ev.position, ev.start
                used.add(ev.start)
            elif cue.kind == "eval" and not self._copula_before(s.tokens, cue):
                continue
            for st in self._statements(s, cue, position, obj_end, discourse, ctx, source):
                out.append((cue, st))
                s.recent = st.topic
        clauses = {clause_of(s.starts, c.start, len(s.tokens)) for c, _ in out}
        extra = self._conditional_only(s, clauses, ctx, source)
        return one_each(after_contrast(s.tokens, out) + extra)

    @staticmethod
    def _copula_before(tokens: list[Token], cue: Cue) -> bool:
        k, skipped = cue.start - 1, 0
        while k >= 0 and tokens[k].low not in stance.COPULAS and tokens[k].low not in _EVAL_MODALS and (
                tokens[k].low in _EVAL_GAP or (skipped < 3 and tokens[k].word and not tokens[k].cap)):
            skipped += tokens[k].low not in _EVAL_GAP  # "was 'ambitious but achievable'"
            k -= 1
        return k >= 0 and (tokens[k].low in stance.COPULAS or tokens[k].low in _EVAL_MODALS)

    def _statements(self, s: _Sentence, cue: Cue, position: Position, obj_end: int | None,
                    discourse: Discourse, ctx: Context, source: Source) -> list[Statement]:
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
        floor = cs if cs > 0 else 0
        if cue.kind == "eval":  # '"Turning people away without examining claims is illegal"': the subject's
            floor = max(floor, next((k for k in range(cue.start - 1, floor - 1, -1)  # own "without" is not
                                     if tokens[k].low in stance.COPULAS), floor))  # the verdict's negation
        count, soft = stance.negated(cue, s.negs, tokens, floor)
        if cue.phrase.lower().startswith("insist") and not stance.requirement(tokens, cue.end, min(n, cue.end + 12)):
            position = Position.SUPPORT  # "insists that the pact is binding": support, not a condition
        final = stance.polarity(cue, position, count, soft)
        if final is None:
            return []
        if count % 2 and position is Position.SUPPORT and stance.without_after(tokens, cue, n):
            final = Position.CONDITIONAL
        relative = cs >= 2 and tokens[cs].low in ("which", "who", "whose") and tokens[cs - 1].low == ","
        closing = next((k for k in range(cs, n) if tokens[k].low == ","), n)
        relative = relative and cue.start < closing  # the cue is inside ", which ... ," not after it
        limit = closing if relative else n
        if (final is Position.SUPPORT or (final is Position.OPPOSE and cue.kind == "action")) and \
                stance.conditioned(tokens, s.conds, cue, holder_end, limit):  # "ready to lift them if ..."
            final = Position.CONDITIONAL
        reach = min(ce, cue.end + 6) if cue.kind == "noun" else cue.end + 1
        if stance.modal(tokens, cs, reach) and final is not Position.CONDITIONAL:
            if not (final is Position.SUPPORT and _signalled(tokens, cs, cue.start)):
                return []
            final = Position.CONDITIONAL  # "the Netherlands signalled it could contribute": openness, on terms
        if stance.forecast(tokens, cs, cue):
            if not (final is Position.SUPPORT and cue.start >= 2 and tokens[cue.start - 2].low == "unlikely"
                    and tokens[cue.start - 1].low == "to"):
                return []
            final = Position.HESITANT  # "are unlikely to support the lower cap": reluctant, as far as is known
        if cue.kind == "eval":
            start, end = (holder_end if cs <= holder_end <= cue.start else cs), cue.start
        elif cue.kind == "passive":
            start, end = cs, min(h.start for h in holders)
        else:
            start, end = cue.end, min(limit, obj_end or self.objects.object_end(tokens, cue, s.att.excluded))
        side = cue.kind == "verb" and position in (Position.SUPPORT, Position.OPPOSE) and not relative
        theirs = self._stance_judged(s, start, end, side, ctx.topic) if cue.kind in ("call", "eval", "verb") else None
        if not theirs and cue.phrase.lower().split()[0] in ("stand", "stood", "stands", "standing") \
                and cue.phrase.lower().endswith(" with"):
            return []  # "would stand with the Greenlandic people": solidarity, a position only beside someone's
        if theirs:
            final = theirs.position if position is Position.SUPPORT else _FLIP[theirs.position]
            found: Resolved | None = Resolved(theirs.topic, 0.9)
        else:
            found = self.objects.resolve(tokens, s.mentions, holders, cue, start, end, discourse, ctx, s.recent,
                                         s.att.excluded)
        if found is None:
            return []
        if found.flip:
            final = _FLIP[final]
        if found.condition and final is Position.SUPPORT:
            final = Position.CONDITIONAL
        confidence = cue.strength * found.factor * (1.0 if via == "subject" else 0.9)
        if stance.purpose(tokens, cs, cue):
            confidence *= 0.6  # "a move meant to increase pressure for a ceasefire": an aim, said in passing
        if confidence < _MIN_CONFIDENCE:
            return []
        group = tuple(h.actor for h in holders)
        made = [self._statement(s, h.actor, final, found.topic, cue, confidence, source, group, (cs, ce))
                for h in _unique(holders)]
        for st in made:
            st.extra["anaphoric"] = found.pronominal
            st.extra["concession"] = found.condition
        return made

    def _conditional_only(self, s: _Sentence, coded: set[tuple[int, int]], ctx: Context,
                          source: Source) -> list[Statement]:
        """"X maintains that membership would come after the war, with reforms": a condition in a
        clause with no stance cue of its own, in reported speech, is a conditional position."""
        if not s.att.speaker:
            return []  # "Ukraine would repay the loan only if ...": terms described, not a position
        for cue in s.conds:
            cs, ce = clause_of(s.starts, cue.start, len(s.tokens))
            if (cs, ce) in coded or stance.hypothetical(s.tokens, cs, cue):
                continue
            holders, _ = self._holders(s, cue, cs, ce)
            hit = self.objects.match(self.objects.bag(s.tokens, cs, ce, s.mentions, holders), ctx)
            topic = hit[0] if hit else (ctx.topic if self.objects.refers_to_matter(s.tokens, cs, ce) else None)
            if holders and topic:
                return [self._statement(s, h.actor, Position.CONDITIONAL, topic, cue, cue.strength * 0.9, source)
                        for h in _unique(holders)]
        return []

    @staticmethod
    def _stance_judged(s: _Sentence, start: int, end: int, side_taking: bool = False,
                       topic: Topic | None = None) -> Statement | None:
        """"called the chancellor's position a disgrace": judging someone's stated position takes
        the same side (praise) or the other side (criticism) on their question."""
        tokens = s.tokens
        for m in s.mentions:
            if not start <= m.start < min(end, start + 3):
                continue
            own = tokens[m.end - 1].low in _STANCE_NOUNS  # "France's stance" read as one mention
            theirs = m.end + 1 < len(tokens) and tokens[m.end].low == "'s" and tokens[m.end + 1].low in _STANCE_NOUNS
            side = side_taking and m.holder and (m.end >= len(tokens) or tokens[m.end].low in _AFTER_SIDE)
            if own or theirs or side:  # "backed Austria", "stood with Denmark": their side of the question
                said = [st for st in reversed(s.prior) if st.actor == m.actor]
                on_it = [st for st in reversed(s.prior) if st.topic == topic and (
                    st.actor == m.actor or st.actor.affiliation == m.actor.label)]  # Frederiksen for Denmark
                return next(iter(on_it), said[0] if said else None)
        return None

    # -- holders --------------------------------------------------------------------------------

    def _holders(self, s: _Sentence, cue: Cue, cs: int, ce: int) -> tuple[list[Mention], str]:
        tokens, mentions, excluded = s.tokens, s.mentions, s.att.excluded
        if cue.kind == "passive":
            return right_holders(tokens, mentions, cue.end), "subject"
        if cue.kind == "noun":
            return self._noun_holders(s, cue, cs)
        found = relative_head(tokens, mentions, cs) or subject(tokens, mentions, cs, cue.start, excluded)
        if found:
            return self._speaker_for_group(s, cue, found, cs), "subject"
        if cue.kind == "adj" and (found := self._include(s, cue)):
            return found, "subject"
        speaker = s.att.speaker
        if speaker and (self._first_person(tokens, cs, cue.start) or (
                tokens[cue.start].quoted and cs <= 1 and not _someone_else(tokens, cs, cue.start))):
            return [speaker], "speaker"
        if speaker and tokens[cs].low.endswith("ing") and speaker.end <= cs:
            return [speaker], "inherited"  # "..., Sánchez said, calling the goal counterproductive"
        if any(tokens[k].low in ("who", "whom") and tokens[k - 1].low in _ANYONE for k in range(max(cs, 1), cue.start)):
            return [], ""  # "anyone who had not condemned the invasion": someone else's stance, not the speaker's
        if not any(t.low == "," for t in tokens[cs:cue.start]) and ((
                tokens[cs].low == "whose" and cs + 1 < len(tokens) and tokens[cs + 1].low not in STATE_HEADS) or (
                cs + 1 < len(tokens) and tokens[cs].low in _SUBORDINATORS and tokens[cs + 1].low == "the"
                and cs + 2 < cue.start)):
            return [], ""  # "Poland, whose farmers have protested", "after the opposition Conservatives proposed"
        found, via = self._inherit(s, cue, cs)
        if found:
            return found, via
        if speaker and tokens[cue.start].quoted and speaker.kind != "state-head" \
                and not _someone_else(tokens, cs, cue.start):
            return [speaker], "speaker"
        if found := self._among(s, cue):
            return found, "subject"
        return [], ""

    @staticmethod
    def _among(s: _Sentence, cue: Cue) -> list[Mention]:
        """"Twelve countries abstained, among them Spain, ...": the named members of an unnamed subject."""
        tokens, n = s.tokens, len(s.tokens)
        for k in range(cue.end, min(n - 2, cue.end + 4)):
            if tokens[k].low == ",":
                lows = (tokens[k + 1].low, tokens[k + 2].low)
                skip = 3 if lows == ("among", "them") else 2 if lows[0] in ("including", "notably") else 0
                return right_holders(tokens, s.mentions, k + skip) if skip else []
        return []

    def _inherit(self, s: _Sentence, cue: Cue, cs: int) -> tuple[list[Mention], str]:
        """The subject of the nearest earlier clause: "X opposes A but prefers B"."""
        k = s.starts.index(cs) if cs in s.starts else 0
        coordinated = (s.tokens[cs].low in ("and", "but", "or") and cs and s.tokens[cs - 1].low == ",") or (
            cs > 1 and s.tokens[cs - 1].low in ("and", "but") and s.tokens[cs - 2].low == ",") or (
            s.tokens[cs].low == "and" and cs + 1 < len(s.tokens) and s.tokens[cs + 1].low in _OWN_ACTS)
            # "X said that A needed B and declined to rule out C": declining is X's act
        for prev in reversed(s.starts[:k]):
            if coordinated and prev and (s.tokens[prev - 1].low in _REPORTING_END or s.tokens[prev].low == "that"):
                continue  # "X said A, and warned that B": B's subject is X, not A's
            end = s.starts[s.starts.index(prev) + 1]
            if found := relative_head(s.tokens, s.mentions, prev) or subject(s.tokens, s.mentions, prev, end,
                                                                               s.att.excluded):
                return self._speaker_for_group(s, cue, found, cs), "inherited"
        return [], ""

    def _noun_holders(self, s: _Sentence, cue: Cue, cs: int) -> tuple[list[Mention], str]:
        tokens, mentions = s.tokens, s.mentions
        if s.att.speaker and cue.start > 0 and tokens[cue.start - 1].low in ("our", "my") and tokens[cue.start].quoted:
            return [s.att.speaker], "speaker"  # '"We have informed the mediators of our approval," Naim said'
        if cue.needs_object and not (stance.has_complement(tokens, cue) or stance.light_verb_before(tokens, cue)):
            return [], ""
        k = cue.start
        while k > 0 and (tokens[k - 1].low in ("strong", "growing", "firm", "deep", "full", "broad", "open",
                                               "continued", "unwavering", "initial", "renewed")):
            k -= 1
        before = next((m for m in mentions if m.end == k or (m.possessive and m.end + 1 == k)), None)
        if before and not before.outlet:
            return [before], "subject"
        if k > 0 and tokens[k - 1].low in ("its", "their", "his", "her"):
            found = subject(tokens, mentions, cs, k - 1, s.att.excluded)
            if found:  # "Hungary was isolated in its opposition to ..."
                return found, "subject"
        if stance.light_verb_before(tokens, cue):
            found = relative_head(tokens, mentions, cs) or subject(tokens, mentions, cs, cue.start, s.att.excluded)
            return (found, "subject") if found else self._inherit(s, cue, cs)
        if cue.end < len(tokens) and tokens[cue.end].low in ("from", "of", "by"):
            if "without" in (tokens[cue.start - 1].low if cue.start else "", tokens[cue.start - 2].low if cue.start > 1
                             else ""):
                return [], ""  # "sanctions imposed without the approval of the Security Council"
            return right_holders(tokens, mentions, cue.end + 1, 2), "subject"
        return [], ""

    def _include(self, s: _Sentence, cue: Cue) -> list[Mention]:
        """"Countries hesitant about the bid include Hungary and Slovakia"."""
        for k in range(cue.end, min(len(s.tokens), cue.end + 12)):
            if s.tokens[k].low in ("include", "includes", "included", "including", "are", "were"):
                return right_holders(s.tokens, s.mentions, k + 1)
        return []

    @staticmethod
    def _first_person(tokens: list[Token], start: int, end: int) -> bool:
        return any(t.low in ("we", "i", "our", "us") and t.quoted for t in tokens[start:end])

    def _speaker_for_group(self, s: _Sentence, cue: Cue, holders: list[Mention], cs: int) -> list[Mention]:
        """The speaker holds the position when quoted speaking for their own state or alliance
        ("'Ukraine is ready for peace,' Zelenskyy said"), or when saying what others must do
        ("Starmer said Russia must agree to a ceasefire")."""
        speaker = s.att.speaker
        if not speaker or any(h is speaker for h in holders):
            return holders
        lo = max(s.att.speaker_end, 0)
        if cue.start >= lo and any(t.low in _DEONTIC and (t.low not in ("has", "have", "needs", "need")
                                                          or _followed_by_to(s.tokens, i))
                                   for i, t in enumerate(s.tokens[lo:cue.start], lo)):
            return [speaker]
        if not s.tokens[cue.start].quoted or not all(s.tokens[h.start].quoted for h in holders):
            return holders  # 'said Washington was "looking at" it': a quoted fragment, not the speaker's sentence
        if all(self._speaks_for(speaker.actor, h.actor) for h in holders):
            return [speaker]
        return holders

    def _speaks_for(self, speaker: Actor, holder: Actor) -> bool:
        if speaker.affiliation == holder.label:
            return True
        return holder.type is ActorType.ORGANIZATION and self.gaz.members(holder, speaker)

    # -- output ---------------------------------------------------------------------------------

    def _statement(self, s: _Sentence, actor: Actor, position: Position, topic: Topic, cue: Cue,
                   confidence: float, source: Source, group: tuple[Actor, ...] = (),
                   clause: tuple[int, int] | None = None) -> Statement:
        sent = s.sent
        if self._subject and topic.label not in self.topics.topics and \
                self._subject[:5].lower() not in topic.label.lower():
            topic = Topic(f"{topic.label} ({self._subject})")  # "Production caps (plastics)"
        return Statement(
            actor=actor, position=position, topic=topic, source=source,
            date=self._date(s, clause, source), attributed_to=self._attributed(s, actor, cue, group),
            quote=sent.text, confidence=round(min(1.0, confidence), 2), cue=cue.phrase,
            start=sent.start, end=sent.end,
        )

    @staticmethod
    def _date(s: _Sentence, clause: tuple[int, int] | None, source: Source) -> date | None:
        """A date said in the cue's clause (or the clause it hangs on), else the sentence's, else
        the publication date: "the pact, agreed last year," dates the pact, not the statement."""
        if clause is None:
            return stated_on(s.sent.text, source.published)
        cs, ce = clause
        k = s.starts.index(cs) if cs in s.starts else 0
        first = s.starts[k - 1] if k else cs  # "X said on Monday that ..." puts the date one clause up
        span = s.tokens[first:ce]
        if not span:
            return source.published
        text = s.sent.text[span[0].start - s.sent.start:span[-1].end - s.sent.start]
        return stated_on(text, source.published)

    @staticmethod
    def _attributed(s: _Sentence, actor: Actor, cue: Cue, group: tuple[Actor, ...] = ()) -> str | None:
        att = s.att
        if att.reporter and att.reporter != actor.label:
            return att.reporter
        sp = att.speaker
        if sp and sp.kind == "state-head" and sp.start > cue.end and s.tokens[sp.start - 1].low == "," \
                and s.tokens[sp.head - 1 if sp.head > sp.start else sp.start].low != "'s":
            words_ = [t.text for t in s.tokens[sp.start:sp.end]]
            if words_ and words_[0].lower() in _UNNAMED:  # ", officials in London and Paris said"
                return " ".join(words_)
            if len(words_) > 1 and words_[-1].lower() in _UNNAMED:  # ", Dutch officials said"
                return " ".join(words_)
        if sp and sp.kind == "state-head" and sp.end <= cue.start and sp.actor != actor \
                and s.tokens[sp.end - 1].low in _UNNAMED | {"official", "diplomat", "source"}:
            k = sp.start  # "A senior EU official said Hungary ...": the unnamed official, not the EU
            while k > 0 and s.tokens[k - 1].low in ("senior", "top", "high-ranking", "one", "two", "three", "several"):
                k -= 1
            return " ".join(t.text for t in s.tokens[k:sp.end])
        spokes = "spokes" in (sp.actor.role or "").lower() if sp else False
        if sp and sp.actor != actor and sp.actor.label != actor.affiliation and not (
                spokes and sp.actor.affiliation == actor.label) and sp.actor not in group:
            after = att.speaker_end <= cue.start < att.speaker_stop
            trailing = sp.start > cue.end and sp.start > 0 and s.tokens[sp.start - 1].low in (",", '"', "said", "says")
            if after or trailing:
                return sp.actor.label
        return None


_SIGNALS = words("signalled signaled signals indicated indicates hinted hints suggested suggests")


def _signalled(tokens: list[Token], cs: int, end: int) -> bool:
    """'signalled (that) it could back X': the holder's own hint of openness, not the reporter's guess."""
    lo = max(0, cs - 3)
    return any(t.low in _SIGNALS for t in tokens[lo:end]) and any(
        t.low in ("could", "might", "may") for t in tokens[lo:end])


def _clause_break(tokens: list[Token], start: int, end: int) -> bool:
    """"consider building new ones, calling the policy a mistake": the evaluation is another clause's."""
    return any(t.low in (",", ";") and not t.quoted for t in tokens[start:end])


_OWN_ACTS = SPEECH | words("declined refused vowed pledged promised threatened urged called rejected dismissed")
_SUBORDINATORS = words("after before when while since because although though whereas until unless")
_AFTER_SIDE = words(", . ; and")
_ANYONE = words("anyone anybody those people everyone someone somebody athletes countries")
_AUX = words("have has had will would can could")  # not copulas: "Recognition is not against anyone"
_OWN = words("we i our us my")


def _someone_else(tokens: list[Token], start: int, end: int) -> bool:
    """'"A handful of petrostates have been allowed to block ...," said X': the quoted clause has a
    subject of its own (not "we"), so the stance is theirs, not the speaker's."""
    k = next((i for i in range(start, end) if tokens[i].low in _AUX), None)
    subj = [t for t in tokens[start:k] if t.word] if k is not None else []
    return bool(subj) and not any(t.low in _OWN for t in subj)


def _followed_by_to(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].low == "to"


def _fronted_condition(tokens: list[Token]) -> bool:
    """"If France were to back such a step, Hungary would veto it": nothing here is a position."""
    return bool(tokens) and tokens[0].low in _FRONTED_IF and (tokens[0].low in ("if", "unless", "suppose",
                                                                               "supposing", "imagine")
                                                              or (len(tokens) > 1 and tokens[1].cap))


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.actor.label not in seen:
            seen.add(m.actor.label)
            out.append(m)
    return out
