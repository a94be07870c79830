"""What a stance is about: the object phrase after a cue, normalised to a dictionary topic.

Order of preference: a dictionary topic named in the object phrase; for anaphors ("the move",
"it", "the proposal") the article's own topic (its title's) or the one last discussed; for an
unknown noun phrase, a topic minted from it. Objects that reverse a stance ("a halt to X",
"the lifting of X", "the refusal to send X") flip the position and point at X.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg.extract.attribution import SPEECH
from kg.extract.coref import Discourse
from kg.extract.cues import Cue
from kg.extract.mentions import Mention
from kg.extract.sentences import Token, words
from kg.extract.topics import ANAPHORS, Bag, TopicIndex, mint, prefixes
from kg.model import Actor, ActorType, Position, Topic

_HARD = frozenset((";", "but", "while", "whereas", "although", "though", "however"))
_SKIP = words("to about of on over for towards toward regarding in with against the a an any all "
                   "take taking took taken do doing did done go going act acting forward ahead "
                   "press pressing forge proceed proceeding push pushing seize grasp accept approve allow "
                   "authorise authorize greenlight permit "
                   "immediate further new more its their his her our own such proposed planned possible "
                   "from by")
# "calls for X", "the idea of X": look through to X.
_THROUGH = frozenset(("for", "to", "of", "on", "from", "by"))
_TRANSPARENT = words("calls call demands demand proposals proposal plans plan efforts effort idea prospect "
                          "possibility push pressure request requests return reimposition restoration "
                          "reinstatement imposition introduction adoption renewal extension")
_STOP = words(", . ; : that which who because as while but amid after due saying despite since when "
                   "during until unless if whose would will could should without where is are was were "
                   "has have had")
# "a halt to X", "an end to X", "the lifting of X": supporting these opposes X.
_REVERSING = words("halt end stop ban bans embargo embargoes suspension freeze moratorium withdrawal lifting removal "
                        "cut cuts "
                        "objections objection criticism "
                        "opt-out exemption exemptions derogation waiver "
                        "cessation scrapping abolition repeal refusal rejection veto blockade opposition "
                        "blocking obstruction reluctance resistance delay delays")
# "demanding guarantees over X" is about the guarantees, not a position on X.
_NOT_TOPICS = words("guarantees guarantee assurances assurance compensation exemptions exemption details "
                         "clarification clarity concessions information answers explanation time more "
                         "anything anyone anybody everything everyone nobody nothing something someone "
                         "reporters journalists comment")
_INDEFINITE = words("anything anyone anybody everything everyone nobody nothing something someone")
# Words that say nothing about a topic alone, however often they occur in its keywords.
GENERIC = words("join joining member members membership talks negotiations deal plan plans ban aid "
                     "support help send deliver supply path future end war bid move step new package "
                     "proposal decision idea issue question process cap target goal agreement pact accord "
                     "treaty text obligations commitments rules policies efforts ambitions requirements "
                     "standards")


@dataclass(slots=True)
class Context:
    """What the article as a whole is about: its title's words and topic."""

    words: set[str] = field(default_factory=set)
    topic: Topic | None = None


@dataclass(frozen=True, slots=True)
class Resolved:
    """A topic, the confidence factor for how it was found, and whether the object reversed it."""

    topic: Topic
    factor: float
    flip: bool = False
    pronominal: bool = False  # "it", "follow suit": no words of its own about the topic
    condition: bool = False  # "demanded more flexibility": support on conditions


class Objects:
    """Resolves the topic of a cue's object against the topic dictionary."""

    def __init__(self, topics: TopicIndex, names: frozenset[str]) -> None:
        self.topics = topics
        self.weak = frozenset(prefixes(names | GENERIC))  # names and "talks": no evidence on their own

    def context(self, tokens: list[Token], mentions: list[Mention]) -> Context:
        words = self.bag(tokens, 0, len(tokens), mentions, [])
        hit = self.topics.match(words, set(), self.weak)
        return Context(words, hit[0] if hit else None)

    def subject(self, title: list[Token], text: str) -> str | None:
        """The word of the title the article keeps coming back to ("plastics"), for an article the
        topic dictionary has nothing for: what minted topics are qualified with."""
        lows = text.lower()
        best: tuple[int, str] | None = None
        for t in title:
            if not t.word or t.cap or len(t.low) < 5 or t.low in GENERIC or t.low in ANAPHORS \
                    or t.low in _SUBJECT_STOP or t.low in self.weak:
                continue
            count = lows.count(t.low[:max(5, len(t.low) - 2)])
            if count >= 4 and (best is None or count > best[0]):
                best = (count, t.text)
        return best[1] if best else None

    @staticmethod
    def subject_topic(title: list[Token], subject: str) -> Topic:
        """The article's own question minted from its title: the subject word and the document
        nouns after it ("Global plastics treaty talks collapse ..." -> "Plastics treaty")."""
        i = next(k for k, t in enumerate(title) if t.text == subject)
        j = i + 1
        while j < len(title) and title[j].low in _DOCUMENTS and not title[j].cap:
            j += 1
        label = " ".join(t.text for t in title[i:j])
        return Topic(label[:1].upper() + label[1:])

    def bag(self, tokens: list[Token], start: int, end: int, mentions: list[Mention],
            holders: list[Mention], skip: set[int] = frozenset()) -> set[str]:
        """Word prefixes of a span, plus the names of the actors in it (coreference included);
        the holders' own names and attribution phrases ("according to") are left out."""
        held = {k for h in holders for k in range(h.start, h.end)}
        placed = [(t.low, i) for i, t in enumerate(tokens[start:end], start) if i not in held and i not in skip]
        for m in mentions:
            if start <= m.start < end and m not in holders and not m.outlet:
                placed.extend((w, m.start) for w in label_words(m.actor))
        held = [w for h in holders if h.actor.type is ActorType.ORGANIZATION for w in label_words(h.actor)]
        return Bag(placed, held)

    def match(self, words: set[str], ctx: Context) -> tuple[Topic, float, int] | None:
        hit = self.topics.match(words, ctx.words, self.weak)
        held = words.held if isinstance(words, Bag) else set()
        if hit and hit[2] and ctx.topic and hit[0] != ctx.topic:
            if self.topics.uses_any(ctx.topic, words - self.weak - held) or self.topics.related(hit[0], ctx.topic):
                return ctx.topic, hit[1], hit[2]  # "the tariffs" in a report on EV tariffs: those, not another's
            return None  # the title's words lent to a question the article is not about
        return hit

    def object_end(self, tokens: list[Token], cue: Cue, excluded: set[int]) -> int:
        k = cue.end
        while k < len(tokens) and k - cue.end < 25 and tokens[k].low not in _HARD and k not in excluded:
            k += 1
        return k

    def resolve(self, tokens: list[Token], mentions: list[Mention], holders: list[Mention], cue: Cue,
                start: int, end: int, discourse: Discourse, ctx: Context,
                local: Topic | None, excluded: set[int] = frozenset()) -> Resolved | None:
        """The topic of the object (see :meth:`_resolve`); for a topic named for undoing something
        ("Syria sanctions relief"), an object that names the thing, not its undoing, reverses."""
        found = self._resolve(tokens, mentions, holders, cue, start, end, discourse, ctx, local, excluded)
        if found is None or found.topic.label not in self.topics.topics or not self.topics.undoes(found.topic):
            return found
        content = [t.low for t in tokens[start:end] if t.word and t.low not in _SKIP]
        undone = bool(content) and content[0] in _REVERSING
        if not undone and (found.pronominal or any(w.startswith("relie") for w in content) or (content and (
                content[0] in ANAPHORS or content[0] in _DOCUMENTS))):
            return found  # "sanctions relief", "welcomed the move": the relief itself
        # "lift the sanctions on Syria", "backed the suspension" (a reversal already counted): for relief
        return replace(found, flip=not found.flip)

    def _resolve(self, tokens: list[Token], mentions: list[Mention], holders: list[Mention], cue: Cue,
                 start: int, end: int, discourse: Discourse, ctx: Context,
                 local: Topic | None, excluded: set[int] = frozenset()) -> Resolved | None:
        """The topic of the object in ``tokens[start:end]``, or None when there is no usable one.

        ``local`` is a topic already found in this sentence, which a definite description
        ("the lower threshold") most likely refers back to.
        """
        flip = False
        needs = cue.needs_object and cue.kind != "noun"  # a noun's flag is about its holder
        k = self._skip(tokens, start, end, mentions, holders)
        if cue.kind in ("verb", "intent") and k + 1 < end and tokens[k].low in _UNDO_BASE and k >= max(start, 1) \
                and "to" in (tokens[k - 1].low, tokens[k - 2].low) and (tokens[k + 1].word or tokens[k + 1].low == '"'):
            flip = True  # "urged Germany to lift the sanctions", "called on Brussels to scrap the tariffs"
            k += 1
            while k < end and tokens[k].low in ("down", "out", "off", "up", "back", "away"):
                k += 1
        rev = self._reversing(tokens, k, end) if cue.kind != "passive" else None
        if rev is not None:
            whole = self.match(self.bag(tokens, k, end, mentions, holders), ctx)
            if not (whole and self.topics.uses(whole[0], tokens[rev].low)):  # "a ban on Russian gas" is a topic
                flip = True
                bare = rev + 1 >= end or tokens[rev + 1].low not in ("to", "of", "on", "in", "against", "from")
                k = end if bare else rev + 1  # "the refusal was a mistake": refusal of the matter at hand
                while k < end and tokens[k].low in ("to", "of", "on", "in", "the", "a", "an", "its", "their", "from"):
                    k += 1
                start = k
        phrase = self._phrase(tokens, k, end)
        if cue.kind == "action" and any(t.low in ("his", "her", "its", "their", "our") for t in tokens[start:k + 1]) \
                and _document_head(phrase):
            return None  # "delivered his victory plan": presenting one's own proposal is not a stance on it
        if _scrapped(phrase) or _undoing(phrase):
            flip = not flip  # "called for the deal to be scrapped", "regrets the decision to shut down X"
        after = tokens.index(phrase[-1]) + 1 if phrase else end
        if phrase and _against_it(tokens, after, end) and not _bare_document(phrase) and not self._names_topic(
                tokens, k, after, mentions, ctx) and self._names_topic(tokens, after, end, mentions, ctx):
            flip = not flip  # "would not accept rules that discriminate against nuclear power"
        if phrase and _concession(phrase) and cue.position is Position.SUPPORT and cue.kind in ("verb", "intent") \
                and (ctx.topic or discourse.topic):
            return Resolved(ctx.topic or discourse.topic, 0.8, flip, False, True)  # "demanded more flexibility"
        if phrase and phrase[0].low in _NOT_TOPICS and not flip:
            return None
        if phrase and phrase[-1].low in _INDEFINITE:
            return None
        modifiers = {m.start: m for m in mentions if m.modifier}
        while phrase and len(phrase) > 1 and phrase[0].cap and any(
                m.start <= tokens.index(phrase[0]) < m.end for m in modifiers.values()):
            phrase = phrase[1:]  # "a US decision": the decision
        while len(phrase) > 1 and phrase[1].low in ANAPHORS and (phrase[0].low in _SHARED or (
                phrase[0].cap and phrase[0].low.endswith(("an", "ese", "ish")))):
            phrase = phrase[1:]  # "the European decision", "a common position": the decision, the position
        if len(phrase) == 2 and phrase[0].low.endswith("ing") and phrase[1].low in ("it", "them", "this"):
            phrase = phrase[1:]  # "concerns about depleting it"
        referent = ctx.topic or local or discourse.topic
        instrument = referent is not None and _is_instrument(referent)
        anaphoric = not phrase or (phrase[0].low in ANAPHORS and (phrase[0].low not in _DOCUMENTS or instrument)) or (
            _bare_document(phrase) and (instrument or _bare_document(phrase, _LEGISLATION))) or (
            cue.kind == "intent" and len(phrase) == 1 and not flip and phrase[0].low in _GO_AHEAD) or (
            cue.kind == "intent" and len(phrase) == 2 and phrase[0].low in ("keep", "continue")
            and phrase[1].low.endswith("ing"))  # "ready to keep negotiating"
        nxt = tokens[k + 1].low if k + 1 < len(tokens) else ""
        if needs and cue.kind == "verb" and phrase and phrase[0].low in ("it", "they", "he", "she", "we") \
                and nxt in _FINITE_AFTER:
            return None  # "warned that it could withdraw": about itself, not about the question
        pronoun = bool(phrase) and phrase[0].low in ("it", "this", "that", "them", "these", "those")
        if pronoun:
            phrase = []  # "to block it under qualified majority voting": it is the matter at hand
        if cue.kind == "verb" and cue.position is Position.CONDITIONAL and phrase and not self._names_topic(
                tokens, k, k + len(phrase) + 2, mentions, ctx):
            anaphoric = True  # "insisted that part of the money be spent at home": a condition on the question
        if cue.kind == "action" and not phrase and not pronoun:
            return None  # "the meeting ended without a decision": an act needs an object
        if cue.kind == "action" and phrase and phrase[0].low in ("position", "stance", "line", "view", "views"):
            return None  # "adopted its own position": taking a position, not taking up the question
        if anaphoric and (ctx.topic or local or discourse.topic):
            pronominal = not phrase or phrase[0].low in _PRONOMINAL or cue.kind == "intent"
            return Resolved(ctx.topic or local or discourse.topic, 0.85 if pronominal else 0.9, flip, pronominal)
        head_end = phrase[-1].end if phrase else 0
        head = [i for i in range(k, end) if tokens[i].start < head_end]
        hit = self.match(self.bag(tokens, k, head[-1] + 1, mentions, holders), ctx) if head else None
        if hit and hit[1] < 2 and self._unmatched_head(phrase, hit[0], bool(hit[2])):
            hit = None  # "the new migration law" is its own question, not migration policy at large
        starts_with_actor = any(m.start == k and m.holder and not m.possessive for m in mentions)
        topic = None if hit or anaphoric or starts_with_actor else mint(phrase)
        if hit:
            return Resolved(hit[0], 1.0, flip)
        if not anaphoric and cue.kind == "adj" and any(m.start == k and m.possessive for m in mentions) \
                and not self.match(self.bag(tokens, start, end, mentions, holders), ctx):
            return None  # "wary of Turkey's growing influence": someone's doings, not a question of its own
        if topic and any(t.low in _TRANSPARENT and i + 1 < len(phrase) and phrase[i + 1].low == "to"
                         for i, t in enumerate(phrase)):
            whole = self.match(self.bag(tokens, k, end, mentions, holders), ctx)
            if whole:
                return Resolved(whole[0], 0.9, flip)  # "a Commission plan to lend ... backed by frozen assets"
        definite = k > start and tokens[k - 1].low in ("the", "this", "that", "these", "those", "its", "their")
        if phrase and not hit and (back := self._refers_back(phrase, discourse, local, definite)):
            return Resolved(back, 0.85, flip)  # "lowering the cap further" after "the price cap"
        if topic and not needs and cue.kind not in ("intent", "passive"):  # a passive's object is the clause before
            if tokens[k - 1].low == "the" and local:
                return Resolved(local, 0.8, flip)
            return Resolved(topic, 0.75, flip)
        if cue.kind == "action":
            return None  # "reached the point where ...": an act counts only with its own object
        hit = self.match(self.bag(tokens, start, end, mentions, holders), ctx) if end > start else None
        if hit:
            return Resolved(hit[0], 0.95, flip)
        if needs and cue.kind not in ("call", "eval") and not (anaphoric and phrase):
            return None
        if anaphoric or cue.kind in ("adj", "noun", "passive", "call", "eval"):
            found = ctx.topic if anaphoric and ctx.topic else (local or discourse.topic)
            if anaphoric and found:
                return Resolved(found, 0.85, flip)
            whole = self.match(self.bag(tokens, 0, len(tokens), mentions, holders, excluded), ctx)
            if whole:
                return Resolved(whole[0], 0.85, flip)
        bare_neutral = cue.position is Position.NEUTRAL and not cue.phrase.lower().startswith(_CONSIDERING)
        if (cue.kind in ("adj", "noun", "call") or bare_neutral) and (ctx.topic or discourse.topic):
            # "neither backing nor opposing caps": about the question at hand
            return Resolved(ctx.topic or discourse.topic, 0.8, flip)
        return None

    def _unmatched_head(self, phrase: list[Token], topic: Topic, from_context: bool = False) -> bool:
        """Whether the phrase's head noun is a content word the matched topic does not name."""
        words = []
        for t in phrase:
            if t.low in ("of", "on", "to", "for", "in", "with", "against", "about", "over") or (
                    words and t.low.endswith("ing")):
                break  # "an opposition motion calling for ...": the head is "motion"
            words.append(t)
        head = words[-1].low if words else ""
        if any(t.cap and self.topics.uses(topic, t.low) for t in words):
            return False  # "Taurus deliveries", "Leopard tanks": the named thing is the topic
        return bool(head) and len(head) > 2 and not words[-1].cap and head not in ANAPHORS \
            and head not in GENERIC and not (head in _DOCUMENTS and topic.broader and not from_context) \
            and not self.topics.uses(topic, head) and not any(
                self.topics.uses(self.topics.topics[a], head) for a in self.topics.ancestors(topic.label)
                if a in self.topics.topics)  # "the duties" are tariffs, whichever

    def _refers_back(self, phrase: list[Token], discourse: Discourse, local: Topic | None,
                     definite: bool = False) -> Topic | None:
        """A definite noun ("the cap", "the missiles", "the checks") naming a topic just discussed."""
        heads = [t.low for i, t in enumerate(phrase) if i and phrase[i - 1].low in ("the", "this", "that", "its")]
        if definite:
            heads.insert(0, phrase[0].low)
        if not heads:
            return None
        recent = ([local] if local else []) + list(reversed(discourse.topics[-4:]))
        for topic in recent:
            if any(len(h) >= 3 and h not in ("war", "end", "new") and self.topics.uses(topic, h) for h in heads):
                return topic
        return None

    def _names_topic(self, tokens: list[Token], k: int, end: int, mentions: list[Mention], ctx: Context) -> bool:
        return self.topics.match(self.bag(tokens, k, end, mentions, []), set(), self.weak) is not None

    def refers_to_matter(self, tokens: list[Token], start: int, end: int) -> bool:
        """Whether a clause talks about "the plan", "any scheme", "it": the question at hand."""
        return any(t.low in _DOCUMENTS or t.low in ANAPHORS for t in tokens[start:end])

    @staticmethod
    def _reversing(tokens: list[Token], k: int, end: int) -> int | None:
        """Index of a reversing head noun at the start of the object ("the Slovak veto of")."""
        for i in range(k, min(end, k + 6)):
            low = tokens[i].low
            if low in _REVERSING:
                after = tokens[i + 1] if i + 1 < end else None
                if after is not None and after.word and not after.cap and after.low not in _AFTER_HEAD:
                    continue  # "an opposition motion": a modifier, not the head
                return i
            if low == "'s" or tokens[i].cap:
                continue  # "Germany's refusal"
            if low in ("of", "to", "on", "for", ",", "that", "which", "without", "with", "in", "at", "by",
                       "after", "before", "from") or not tokens[i].word:
                return None
        return None

    @staticmethod
    def _skip(tokens: list[Token], start: int, end: int, mentions: list[Mention],
              holders: list[Mention]) -> int:
        """Past prepositions, determiners, "calls for" and the holder named after a noun cue."""
        inside = {k for h in holders for k in range(h.start, h.end)}
        starts = {m.start: m for m in mentions}
        k = start
        while k < end:
            after = k + 2 if k + 1 < end and tokens[k + 1].low == "the" else k + 1
            if tokens[k].low in ("from", "by") and after in starts:
                k = starts[after].end  # "calls from the UN security council for ..."
            elif k in starts and starts[k].end < end and tokens[starts[k].end].low == "to" and k == start:
                k = starts[k].end + 1  # "urged Germany to reconsider": the aim, not Germany
            elif k == start and tokens[k].low == "the" and k + 1 in starts and starts[k + 1].end < end \
                    and tokens[starts[k + 1].end].low == "to":
                k = starts[k + 1].end + 1  # "urged the Commission to reconsider"
            elif tokens[k].low in _SKIP or tokens[k].low == '"' or k in inside or Objects._transparent(tokens, k, end):
                k += 1  # "a separate push for": the adjective, then the push
            else:
                break
        return k

    @staticmethod
    def _transparent(tokens: list[Token], k: int, end: int) -> bool:
        """"calls for X", "a separate push for X": words to look through to X."""
        if tokens[k].low in _TRANSPARENT and k + 1 < end and tokens[k + 1].low in _THROUGH:
            return True
        return k + 2 < end and tokens[k + 1].low in _TRANSPARENT and tokens[k + 2].low in ("for", "to", "of")

    @staticmethod
    def _phrase(tokens: list[Token], k: int, end: int) -> list[Token]:
        while k < end and (tokens[k].low in _ADVERBIAL or tokens[k].low.endswith("ly") or (
                tokens[k].low in ("last", "next", "this") and k + 1 < end and tokens[k + 1].low in _PERIODS)):
            k += 2 if tokens[k].low in ("last", "next", "this") else 1  # "would not contribute either"
        out: list[Token] = []
        while k < end and tokens[k].low not in _STOP and len(out) < 10:
            if tokens[k].low == '"' and out:
                break  # 'agree to a ceasefire "and end the fighting"': the quoted words are another clause
            if tokens[k].low in ("and", "but", "or") and k + 1 < end and (
                    tokens[k + 1].cap or tokens[k + 1].low.endswith("ed") or tokens[k + 1].low in SPEECH):
                break  # "against the agreement and Poland came out against it", "sign and urged"
            if tokens[k].low != '"':
                out.append(tokens[k])
            k += 1
        return out


# Nouns that, bare, point back to the matter at hand: "the agreement", "the deal", "the text".
_DOCUMENTS = words("agreement deal pact accord treaty text package law bill legislation regulation "
                        "directive reform resolution motion framework arrangement compromise settlement "
                        "proposal plan scheme initiative measure measures mechanism instrument declaration "
                        "communique statement loan fund facility programme program mission operation "
                        "scheme tranche announcement offer response counterproposal blueprint roadmap "
                        "ceasefire transfer transfers delivery deliveries request sale sales")
_EMPTY_ADJ = words("new proposed planned draft current latest final whole entire existing controversial "
                        "contested disputed so-called same original revised amended overall comprehensive broader "
                        "wider partial full lasting permanent temporary possible potential interim phased initial "
                        "first second fresh long-term short-term durable latest updated two-phase three-phase "
                        "ambitious landmark historic")


_SUBJECT_STOP = words("global world first after amid over against about under their these those which where "
                      "while again could would should still says said report reports report talks collapse "
                      "collapses rejects reject rejected backs back calls urges warns")
_CONSIDERING = ("look", "stud", "review", "examin", "weigh", "mull")  # these need an object of their own
_SHARED = words("common joint unified united shared collective")
_FINITE_AFTER = words("could would will might may must should is was are were has had have can cannot")
_PRONOMINAL = words("it this that them these those so same suit follow likewise")
_PERIODS = words("week month year spring summer autumn fall winter weekend")
_ADVERBIAL = words("either too also instead anyway yet now again still even")
_AFTER_HEAD = words("to of on in against by from for over was is were are would will has had have "
                         "and or as that which")
_UNDONE = words("scrapped abandoned dropped shelved halted suspended lifted ended blocked withdrawn "
                     "cancelled canceled rejected frozen postponed delayed repealed axed killed")


_HOSTILE = words("discriminate discriminates undermine undermines weaken weakens penalise penalises penalize "
                 "penalizes restrict restricts hamper hampers threaten threatens harm harms hurt hurts block "
                 "blocks ban bans exclude excludes")


def _against_it(tokens: list[Token], k: int, end: int) -> bool:
    """"rules that discriminate against X", "anything which would undermine X": X is what is defended."""
    if k + 1 >= end or tokens[k].low not in ("that", "which"):
        return False
    k += 1
    if tokens[k].low in ("would", "could", "might", "may", "will") and k + 1 < end:
        k += 1
    return tokens[k].low in _HOSTILE


_UNDO_BASE = words("lift scrap drop abandon withdraw reconsider rethink revoke repeal cancel halt stop end suspend "
                   "shelve ditch reverse rescind delay postpone freeze ease loosen dismantle shut")
_UNDO = words("shut close phase abandon scrap end halt stop suspend lift withdraw cut cancel drop freeze "
              "dismantle decommission")


def _undoing(phrase: list[Token]) -> bool:
    """"the decision to shut down Germany's reactors": a choice to undo the thing in question."""
    lows = [t.low for t in phrase[:4]]
    return len(lows) >= 3 and lows[0] in ("decision", "move", "choice", "vote") and lows[1] == "to" \
        and lows[2] in _UNDO


def _scrapped(phrase: list[Token]) -> bool:
    lows = [t.low for t in phrase]
    return any(lows[i] == "to" and lows[i + 1] == "be" and lows[i + 2] in _UNDONE for i in range(len(lows) - 2))


_INSTRUMENTS = ("agreement", "deal", "pact", "treaty", "accord", "plan", "proposal", "package", "loan", "ceasefire",
                "truce", "target", "law", "regulation", "reform", "sanctions", "mechanism", "framework", "cap",
                "membership", "accession", "invitation", "recognition", "deliveries", "missiles", "tanks", "jets",
                "aid", "assets", "ban", "tax", "hubs", "processing", "budget", "borrowing", "guarantees", "troops")
# "ready to sign", "willing to help": a bare verb that carries on with the matter at hand.
_GO_AHEAD = words("sign join follow proceed act help contribute participate comply cooperate agree ratify "
                       "approve commit engage deliver implement compromise negotiate talk")


def _is_instrument(topic: Topic) -> bool:
    """Whether "the deal" or "the plan" can be this topic: an agreement, measure or proposal, not a
    dispute or a policy field ("US tariffs on the EU" is the dispute; "a deal" would end it)."""
    label = topic.label.lower()
    return any(word in label for word in _INSTRUMENTS)


_CONCESSIONS = words("flexibility exemption exemptions concessions concession guarantees safeguards "
                     "compensation derogation derogations assurances changes amendments carve-out carve-outs leeway")


def _concession(phrase: list[Token]) -> bool:
    """"more flexibility for heavy industry", "exemptions for farmers": conditions, not a topic."""
    head = [t.low for t in phrase[:4] if t.low not in ("more", "greater", "further", "some", "new", "extra", "provide",
                                                         "offer", "give", "grant", "seek", "want", "get")]
    return bool(head) and head[0] in _CONCESSIONS or (len(phrase) >= 2 and phrase[0].low == "more"
                                                       and phrase[1].low == "time")


def _document_head(phrase: list[Token]) -> bool:
    """"his victory plan": a phrase whose head noun is a document or proposal."""
    head = [t for t in phrase if t.word]
    for i, t in enumerate(head):
        if t.low in ("of", "to", "for", "on", "that", "which", "with", "in"):
            head = head[:i]
            break
    return bool(head) and head[-1].low in _DOCUMENTS


def _bare_document(phrase: list[Token], heads: frozenset[str] = frozenset()) -> bool:
    """"the agreement", "an agreement that puts our farms at risk", "the proposed pact"."""
    words = [t for t in phrase if t.low not in ("the", "a", "an", "this", "that", "its", "their") and t.word]
    head = []
    for t in words:
        if t.low in ("that", "which", "who", "to", "of", "on", "for", "with", "under", "by", "in", "at", "from",
                     "over", "against", "between", "since", "during", "before", "after") or t.low.isdigit():
            break
        head.append(t)
    content = [t for t in head if t.low not in _EMPTY_ADJ and not t.cap and t.low != "'s"]
    return len(content) == 1 and content[0].low in (heads or _DOCUMENTS)


# "the proposal", "the text", "the regulation": what a report on a legislative question is about,
# whatever its label says (unlike "a deal", which in a report on a dispute would end it).
_LEGISLATION = words("proposal proposals text regulation law legislation bill directive draft measure measures")


_LABEL_WORDS: dict[str, list[str]] = {}


def label_words(actor: Actor) -> list[str]:
    """Folded words of an actor's label and short aliases ("nato", "eu")."""
    from kg.extract.sentences import tokenize

    if actor.label not in _LABEL_WORDS:
        names = (actor.label, *(a for a in actor.aliases if " " not in a and a.replace(".", "").isupper()))
        _LABEL_WORDS[actor.label] = [t.low for name in names for t in tokenize(name)[0]]
    return _LABEL_WORDS[actor.label]
