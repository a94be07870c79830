"""Who is named in a sentence, and whether each name can hold a position there.

A name is a possible holder when it stands as a noun phrase of its own ("Germany opposes",
"the German side", "Berlin remains wary"), not when it only modifies another noun
("US troops", "NATO membership", "Ukraine's bid"); modifiers still count as holders of a
stance noun right after them ("German skepticism", "Hungary's veto").
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.coref import (
    ADMIN_NOUNS,
    GROUP_NOUNS,
    PARTITIVES,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    STATE_HEADS,
    STATE_NOUNS,
    Discourse,
)
from kg.extract.cues import LEXICON
from kg.extract.gazetteer import CAPITAL, DEMONYM, NAME, SURNAME, Gazetteer, Match
from kg.extract.people import TITLES, name_span, titled_people
from kg.extract.sentences import Token, words
from kg.model import Actor, ActorType

# Words that may follow a subject: auxiliaries, adverbs, common reporting and stance verbs.
_VERBISH = words("is are was were be been has have had will would could should can may might must does do did also "
    "still already now too remains remain remained said says say told tells wants want wanted plans seeks "
    "insists insisted argues argued believes believed thinks thought hopes hoped expects fears maintains "
    "continues continued appears seems needs sees views considers claims claimed accuses accused urges "
    "urged warns warned signals signalled signaled stressed stresses added adds noted notes called calls "
    "reiterated reiterates repeated repeats made makes took takes gave gives got gets showed shows "
    "who which whose that as and or but while whereas if because when though although since yet alone "
    "itself themselves himself herself itself last this on in at for of to with by from against over "
    "about into after before during under is not n't never has once only so then however meanwhile "
    "again publicly privately reportedly firmly strongly repeatedly openly initially later finally "
    "increasingly largely broadly even just long recently previously earlier came went took gave made held "
    "stood rose fell ran sent spent left kept began brought found won lost sought chose threw drew spoke "
    "wrote struck set put let cut hit")
IRREGULAR_PAST = words("came went took gave made said told held stood rose fell ran sent spent left kept began "
                            "brought thought found won lost sought chose threw drew spoke wrote struck")
_WEEKDAYS_MONTHS = words("monday tuesday wednesday thursday friday saturday sunday january february march "
                              "april may june july august september october november december")
_NON_HOLDER_BEFORE = words("of to for from with about on against into onto toward towards than between "
                                "among at over under via despite like unlike behind inside outside by "
                                "in amid across beyond per upon within throughout around near")
_VERB_FIRST = LEXICON.first_words()
_MINISTRIES = words("ministry department office embassy mission")
_GOVERNMENT_ADJ = words("new incoming outgoing current caretaker interim coalition conservative centre-right "
                        "center-right centre-left center-left right-wing left-wing nationalist populist")


@dataclass(slots=True)
class Mention:
    """An actor named at tokens ``[start, end)``; ``head`` is where the name itself starts."""

    start: int
    end: int
    actor: Actor
    kind: str
    head: int
    holder: bool = True
    possessive: bool = False
    modifier: bool = False

    @property
    def outlet(self) -> bool:
        return self.actor.outlet


def _follows_as_subject(tokens: list[Token], end: int) -> bool:
    if end >= len(tokens):
        return True
    nxt = tokens[end]
    if not nxt.word or nxt.low in _VERBISH or nxt.low in _VERB_FIRST:
        return True
    if nxt.cap:  # "Berlin Tuesday" yes; "the US Chamber of Commerce" no: part of a longer name
        return nxt.low in _WEEKDAYS_MONTHS
    return nxt.low.endswith(("ed", "ly"))


def find_mentions(tokens: list[Token], gaz: Gazetteer, discourse: Discourse) -> list[Mention]:
    """Every actor mention in a sentence, resolved against the discourse so far."""
    matches = [m for m in gaz.find(tokens) if not _stray_surname(tokens, m, gaz, discourse)]
    matches += _minted(tokens, matches, discourse)
    people, spans = titled_people(tokens, matches)
    named = [p for p in people if p.kind == "organization"]  # "American Chemistry Council": not the US
    matches = [m for m in matches if not any(o.start <= m.start and m.end <= o.end for o in named)]
    matches = sorted(matches + people, key=lambda m: m.start)
    title_start = {name_start: start for start, name_start, _ in spans}
    absorbed = {k for start, name_start, _ in spans for k in range(start, name_start)}
    mentions: list[Mention] = []
    for m in matches:
        if m.start in absorbed:
            continue
        mention = _mention(tokens, m, title_start.get(m.start, m.start), discourse)
        if mention:
            mentions.append(mention)
    mentions += _descriptions(tokens, mentions, discourse)
    mentions.sort(key=lambda x: x.start)
    dateline = _dateline_end(tokens)
    return _home_seat([m for m in _drop_nested(mentions) if m.start >= dateline], gaz)


def _home_seat(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """"Belgian Foreign Minister Hadja Lahbib said Brussels had long banned such sales": a seat's
    name is its own country when that country or one of its people is named in the sentence."""
    seats = [m for m in mentions if m.kind == CAPITAL and m.actor.label in gaz.seat_state]
    for m in seats:
        state = gaz.seat_state[m.actor.label]
        if any(o is not m and (o.actor == state or o.actor.affiliation == state.label) for o in mentions):
            m.actor = state
    return mentions


def _stray_surname(tokens: list[Token], m: Match, gaz: Gazetteer, discourse: Discourse) -> bool:
    """A former office-holder's bare surname among other names we do not know ("companies including
    Meta and Google") is not them, unless the article has named them in full."""
    if m.kind != SURNAME or m.actor.label not in gaz.former or m.actor in discourse.people:
        return False
    before = tokens[m.start - 1].low if m.start else ""
    listed = m.end + 1 < len(tokens) and tokens[m.end].low in ("and", ",", "or") and tokens[m.end + 1].cap \
        and not gaz.find(tokens[m.end + 1:m.end + 4])
    return before in ("including", "like", "as", "firms", "companies") or listed


def _dateline_end(tokens: list[Token]) -> int:
    """"KYIV, Ukraine —" opens a wire story: where it was filed, not who said anything."""
    if tokens and len(tokens[0].text) > 2 and tokens[0].text.isupper():
        for k in range(1, min(len(tokens), 8)):
            if tokens[k].low == "-":
                return k + 1
    return 0


def _minted(tokens: list[Token], matches: list[Match], discourse: Discourse) -> list[Match]:
    """Earlier titled people named again by surname ("Smith told Politico")."""
    taken = {k for m in matches for k in range(m.start, m.end)}
    found: list[Match] = []
    for i, t in enumerate(tokens):
        if i in taken or not t.cap:
            continue
        end = name_span(tokens, i) or i + 1
        name = " ".join(x.text for x in tokens[i:end])
        actor = discourse.minted.get(name) or discourse.minted.get(t.text)
        if actor:
            size = end - i if name in discourse.minted else 1
            found.append(Match(i, i + size, actor, SURNAME))
            taken.update(range(i, i + size))
    return found


def _mention(tokens: list[Token], m: Match, start: int, discourse: Discourse) -> Mention | None:
    actor, end, n = m.actor, m.end, len(tokens)
    nxt = tokens[end].low if end < n else ""
    possessive = nxt == "'s"
    after = end + 1 if possessive else end
    head_noun = tokens[after].low if after < n else ""
    if actor.type is ActorType.PERSON:
        if head_noun in ADMIN_NOUNS and (state := discourse.admin_state(actor)):
            return Mention(start, after + 1, state, "admin", m.start)
        return Mention(start, end, actor, m.kind, m.start, holder=not possessive, possessive=possessive)
    if possessive and actor.type is ActorType.STATE and after + 1 < n and tokens[after].cap \
            and tokens[after + 1].low in _MINISTRIES:  # "China's Commerce Ministry said"
        return Mention(start, after + 2, actor, "state-head", m.start)
    if possessive and actor.type is ActorType.STATE and head_noun in _GOVERNMENT_ADJ and after + 1 < n \
            and tokens[after + 1].low in ("government", "cabinet", "administration", "leadership", "coalition"):
        return Mention(start, after + 2, actor, "state-head", m.start)  # "Germany's new government"
    if head_noun in STATE_HEADS and not actor.outlet:
        two = tuple(t.low for t in tokens[after:after + 2])
        partitive = start > 0 and tokens[start - 1].low in PARTITIVES
        return Mention(start, after + (2 if two == ("foreign", "ministry") else 1), actor, "state-head", m.start,
                       holder=not partitive)
    if m.kind == DEMONYM:
        if start > 0 and tokens[start - 1].low == "the" and (person := _titled(tokens, end, actor, discourse)):
            return Mention(start - 1, person[1], person[0], "description", m.start)
        return Mention(start, end, actor, m.kind, m.start, holder=False, modifier=True)
    if actor.outlet:
        return Mention(start, end, actor, "outlet", m.start, holder=False, possessive=possessive)
    modifier = not possessive and not _follows_as_subject(tokens, end)
    return Mention(start, end, actor, m.kind, m.start, holder=not (possessive or modifier),
                   possessive=possessive, modifier=modifier)


def _titled(tokens: list[Token], i: int, state: Actor, discourse: Discourse) -> tuple[Actor, int] | None:
    """"the Ukrainian President" -> the president of Ukraine named earlier (or in office)."""
    for size in (3, 2, 1):
        title = tuple(t.low for t in tokens[i:i + size])
        if len(title) == size and title in TITLES:
            if i + size < len(tokens) and name_span(tokens, i + size):
                return None
            person = discourse.person(state, " ".join(title))
            return (person, i + size) if person else None
    return None


def _descriptions(tokens: list[Token], mentions: list[Mention], discourse: Discourse) -> list[Mention]:
    """Pronouns and definite descriptions: "he", "the alliance", "the country", "the president"."""
    taken = {k for m in mentions for k in range(m.start, m.end)}
    found: list[Mention] = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        if i in taken:
            continue
        if t.low in PRONOUNS_PERSON and (p := _nearest_person(tokens, mentions, i) or discourse.person()):
            found.append(Mention(i, i + 1, p, "pronoun", i))
        elif t.low in PRONOUNS_GROUP and discourse.groups and not t.quoted and i == 0:
            for actor in discourse.groups[-1]:
                found.append(Mention(i, i + 1, actor, "pronoun", i))
        elif t.low == "the" and i + 1 < n:
            for size in (2, 1):
                lows = tuple(x.low for x in tokens[i + 1:i + 1 + size])
                if len(lows) < size or any(k in taken for k in range(i, i + 1 + size)):
                    continue
                if (lows in GROUP_NOUNS or (size == 1 and lows[0] in STATE_NOUNS)) \
                        and (actor := discourse.group_noun(lows)):
                    found.append(Mention(i, i + 1 + size, actor, "description", i,
                                         holder=_follows_as_subject(tokens, i + 1 + size)))
                    break
                if lows in TITLES and not (i + 1 + size < n and tokens[i + 1 + size].cap) \
                        and (p := discourse.person(title=" ".join(lows))):
                    found.append(Mention(i, i + 1 + size, p, "description", i))
                    break
        elif t.low in ("officials", "diplomats", "sources", "authorities", "leaders", "government") and i + 2 < n \
                and tokens[i + 1].low in ("in", "from", "at"):
            k = i + 3 if tokens[i + 2].low == "the" else i + 2  # "officials at the Pentagon"
            hit = next((m for m in mentions if m.start == k and not m.actor.outlet
                        and m.actor.type is not ActorType.PERSON), None)
            if hit:
                found.append(Mention(i, hit.end, hit.actor, "state-head", hit.start))
    return found


def _nearest_person(tokens: list[Token], mentions: list[Mention], i: int) -> Actor | None:
    """"Strack-Zimmermann ... said she would vote": the last person named earlier in the sentence
    as a subject ("Meloni, who has close ties with Trump, said she ..." is Meloni)."""
    people = [m for m in mentions if m.end <= i and m.actor.type is ActorType.PERSON and m.holder
              and m.kind != "pronoun" and holder_position_ok(tokens, m)]
    return people[-1].actor if people else None


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and m.kind == "pronoun" and out[-1].kind == "pronoun" and m.start == out[-1].start:
            out.append(m)  # "they": every member of the group
            continue
        if out and m.start < out[-1].end:
            if m.kind == "state-head" and out[-1].kind != "state-head" and m.start <= out[-1].start:
                out[-1] = m
            continue
        out.append(m)
    return out


def holder_position_ok(tokens: list[Token], m: Mention) -> bool:
    """A mention right after a preposition is an object ("support for Ukraine"), not a holder."""
    k = m.start - 1
    while k >= 0 and tokens[k].low in ("the", "a", "an", "both", "all", "fellow", "other", "neighbouring",
                                       "neighboring", "key", "several", "some", "many", "most"):
        k -= 1
    if k >= 1 and tokens[k].low == "by" and tokens[k - 1].low in ("led", "headed", "spearheaded", "championed"):
        return True  # "several member states, led by Hungary, are blocking"
    return k < 0 or tokens[k].low not in _NON_HOLDER_BEFORE


__all__ = ["Mention", "find_mentions", "holder_position_ok", "NAME", "CAPITAL"]
