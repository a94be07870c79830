"""Shallow clause structure: where clauses begin, and who the subject of each one is.

No parser: boundaries are punctuation, subordinators, complementisers after reporting
verbs and quotation marks; a subject is the first name in a clause that can hold a
position, extended over coordinated lists ("Hungary and Slovakia, as well as Belgium").
"""

from __future__ import annotations

from bisect import bisect_right

from kg.extract.attribution import SPEECH
from kg.extract.mentions import IRREGULAR_PAST, Mention, holder_position_ok
from kg.extract.sentences import Token, words

_AFTER_COMMA = words("while whereas but although though which who whose as saying arguing adding warning "
                          "insisting noting stressing claiming even calling describing")
_SUBORDINATE = words("after before until once since unless")
_BARE = words("but while whereas although though because however")
_THAT_NOUNS = words("fact view belief idea claim warning concern fear fears assurance insistence position "
                         "argument hope hopes sign signal message assessment conclusion report reports "
                         "denied denies deny insisted")
_FRONTED = words("according per while although though after as when since despite in on during meanwhile "
                      "speaking however but still instead earlier later last at if unless asked with amid "
                      "following for before once until given unlike like separately yet also now today "
                      "yesterday addressing writing responding under")
_CONNECT = words("and or as well along together with plus both the including also such neither nor "
                      "either alongside ,")
_SPEECH_VERBS = SPEECH - {"states", "notes", "claims", "answers", "thought", "believes", "believed", "thinks"}
_FINITE = words("is are was were has have had will would can could should must did does do says")
_NOT_OBJECT_START = words("to on in at about for with by from of over into , . ; : that")


_OWN_ACTS = words("declined refused vowed pledged promised threatened urged warned rejected dismissed stressed "
                  "insisted added")


def _listed(tokens: list[Token], i: int) -> bool:
    """"said France, Spain, Italy and Hungary had backed": the last of a list of names, not a new clause."""
    if i >= 2 and tokens[i - 1].cap and (tokens[i - 2].low in SPEECH or tokens[i - 2].low == "that"):
        return True  # "Diplomats say Malta and Greece are unlikely to ..."
    return i >= 3 and tokens[i - 1].cap and tokens[i - 2].low == "," and tokens[i - 3].cap


def boundaries(tokens: list[Token]) -> list[int]:
    """Token indices where a clause starts, always beginning with 0."""
    starts = {0}
    n = len(tokens)
    fronted = n and (tokens[0].low in _FRONTED or tokens[0].low.endswith("ing"))
    verb_seen = False
    for i, t in enumerate(tokens):
        low = t.low
        nxt = tokens[i + 1].low if i + 1 < n else ""
        if low in SPEECH or low in _FINITE or (low.endswith("ed") and not t.cap):
            verb_seen = True
        if low == "," and nxt in ("and", "but", "or") and verb_seen and i + 2 < n and (
                tokens[i + 2].cap or tokens[i + 2].low in ("he", "she", "they", "it", "we")
                or tokens[i + 2].low in SPEECH or tokens[i + 2].low.endswith("ed")):
            starts.add(i + 2)  # "..., and Hamas also praised it": a new clause, not a list
            verb_seen = False
        elif low in (";", ":", "-", "(", ")"):
            starts.add(i + 1)
        elif low == '"' and _quote_boundary(tokens, i):
            starts.add(i)
        elif low == "and" and verb_seen and i + 2 < n and tokens[i + 1].cap and not _listed(tokens, i) and (
                tokens[i + 2].low.endswith("ed") or tokens[i + 2].low in _FINITE or tokens[i + 2].low in SPEECH
                or tokens[i + 2].low in IRREGULAR_PAST):
            starts.add(i + 1)  # "... vote against the agreement and Poland came out against it"
            verb_seen = False
        elif low == "and" and verb_seen and nxt in _OWN_ACTS and any(x.low == "that" for x in tokens[:i]):
            starts.add(i)  # "said that the US needed Greenland and declined to rule out force"
            verb_seen = False
        elif low == "," and verb_seen and i + 2 < n and tokens[i + 1].cap and not tokens[i + 1].quoted and (
                tokens[i + 2].low.endswith("ed") and tokens[i + 2].low not in ("based", "led")
                or tokens[i + 2].low in IRREGULAR_PAST):
            starts.add(i + 1)  # "Spain voted in favour, Austria abstained and Hungary voted against"
            verb_seen = False
        elif low == "," and nxt in _AFTER_COMMA:
            starts.add(i + 1)
        elif low in _BARE or (low in _SUBORDINATE and i > 0 and (tokens[i - 1].word or tokens[i - 1].low == ",")
                              and any(
                x.low.endswith("ed") or x.low in _FINITE or x.low in SPEECH for x in tokens[i + 2:i + 5])):
            starts.add(i)  # "now supports the proposal after the Commission agreed to ..."
        elif low == "that" and i and (tokens[i - 1].low in _THAT_NOUNS
                                       or any(x.low in SPEECH for x in tokens[max(0, i - 4):i])
                                       or (i + 1 < n and tokens[i + 1].cap)):
            starts.add(i + 1)  # "said that ...", "a fight that Brussels had hoped to defuse"
        elif low in _SPEECH_VERBS and nxt and nxt not in _NOT_OBJECT_START and i and not t.cap and (
                tokens[i - 1].word or not _inverted_speaker(tokens, i + 1)):
            starts.add(i + 1)
        elif low == "," and fronted:
            starts.add(i + 1)
            fronted = False
    return sorted(s for s in starts if s < n) or [0]


def _inverted_speaker(tokens: list[Token], k: int) -> bool:
    """", said Orbán." or ", said the Hungarian prime minister, ...": the speaker, not a new clause."""
    if k < len(tokens) and tokens[k].low == "the":
        k += 1
    j = k
    while j < len(tokens) and (tokens[j].cap or tokens[j].low in ("prime", "minister", "president", "foreign",
                                                                  "spokesperson", "spokesman", "spokeswoman")):
        j += 1
    return j > k and (j >= len(tokens) or tokens[j].low in (".", ",", ";", "in", "on", "at", "during"))


def _quote_boundary(tokens: list[Token], i: int) -> bool:
    """A quotation mark opening or closing a quoted sentence ends a clause; one around a
    phrase inside a clause ("would 'only boomerang' on Europe") does not."""
    if i == 0 or i == len(tokens) - 1:
        return True
    if tokens[i].quoted:  # closing
        return tokens[i - 1].low in (",", ".", "?", "!")
    return tokens[i - 1].low in (",", ":", ";", "-")


def clause_of(starts: list[int], i: int, n: int) -> tuple[int, int]:
    """``(start, end)`` of the clause holding token ``i``."""
    k = bisect_right(starts, i) - 1
    return starts[k], starts[k + 1] if k + 1 < len(starts) else n


def group(tokens: list[Token], mentions: list[Mention], first: int) -> list[Mention]:
    """The mention at index ``first`` and any coordinated with it."""
    out = [mentions[first]]
    for m in mentions[first + 1:]:
        if m.outlet or not (m.holder or m.kind == "state-head"):
            break
        between = [t.low for t in tokens[out[-1].end:m.start]]
        if all(b in _CONNECT for b in between) or _parenthetical(between):
            out.append(m)
        else:
            break
    return out


def _parenthetical(between: list[str]) -> bool:
    """", both led by pro-Russian governments, as well as" between two list items."""
    if len(between) > 12 or not between or between[0] != ",":
        return False
    last = max(i for i, b in enumerate(between) if b == ",")
    return last > 0 and all(b in _CONNECT for b in between[last:]) and any(
        b in ("and", "as", "along", "together", "plus") for b in between[last:])


def subject(tokens: list[Token], mentions: list[Mention], start: int, end: int,
            excluded: set[int]) -> list[Mention]:
    """The first possible holder between ``start`` and ``end``, with its list."""
    for i, m in enumerate(mentions):
        if m.start < start or m.start >= end or m.start in excluded:
            continue
        if m.holder and holder_position_ok(tokens, m):
            return [g for g in group(tokens, mentions, i) if g.end <= end or g is m]
    return []


def right_holders(tokens: list[Token], mentions: list[Mention], begin: int, reach: int = 4) -> list[Mention]:
    """Holders right after a passive cue or "include": "resistance from Hungary and Slovakia"."""
    for i, m in enumerate(mentions):
        if begin <= m.start <= begin + reach and (m.holder or m.kind == "state-head" or m.possessive) \
                and all(t.low in _BEFORE_RIGHT for t in tokens[begin:m.start]):
            return group(tokens, mentions, i)
    return []


_BEFORE_RIGHT = words("the key several some many both countries states members allies including such as : ,")


def relative_head(tokens: list[Token], mentions: list[Mention], start: int) -> list[Mention]:
    """For a clause ", which has long opposed ...", the names the relative pronoun stands for."""
    if start < 2 or tokens[start].low not in ("which", "who") or tokens[start - 1].low != ",":
        return []
    for i, m in enumerate(mentions):
        if m.end == start - 1 and (m.holder or m.kind == "state-head"):
            for k in range(i + 1):
                found = group(tokens, mentions, k)
                if m in found:
                    return found
    return []
