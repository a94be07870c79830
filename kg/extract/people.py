"""People named with a title: "outgoing US Ambassador to NATO Julianne Smith".

A name after a title is a person even when the dictionary has never heard of them; the
state or organisation inside the title is their affiliation and the title their role.
Titles in front of a dictionary person are absorbed into that person's mention, so
"Hungarian Prime Minister Viktor Orbán" is one mention, not Hungary plus Orbán.
"""

from __future__ import annotations

from kg.extract.gazetteer import DEMONYM, Match
from kg.extract.sentences import Token, alternatives, words
from kg.model import Actor, ActorType

TITLES: frozenset[tuple[str, ...]] = frozenset(tuple(t.split()) for t in alternatives(
    "president|prime minister|foreign minister|defence minister|defense minister|finance minister|"
    "interior minister|economy minister|deputy prime minister|minister|vice president|vice-president|"
    "chancellor|ambassador|envoy|special envoy|spokesperson|spokesman|spokeswoman|secretary of state|"
    "secretary-general|secretary general|senator|sen.|lawmaker|mep|commissioner|high representative|"
    "foreign policy chief|chief|adviser|advisor|national security adviser|general|gen.|admiral|king|queen|"
    "premier|taoiseach|leader|head|speaker|chair|chairman|chairwoman|representative|rep.|governor|"
    "mayor|diplomat|negotiator|commander|president-elect|press secretary|chief of staff|"
    "foreign affairs minister|minister of foreign affairs|minister of defence|minister of defense|"
    "defence secretary|defense secretary|foreign secretary|home secretary|deputy foreign minister|"
    "secretary|opposition leader|party leader|state secretary|army chief|foreign policy adviser|"
    "ex-president|ex-prime minister|emir|crown prince|sheikh|ayatollah|supreme leader|pope|cardinal|"
    "archbishop|director|director-general|ceo|executive|dr.|professor|prof.|analyst|expert|official|"
    "gov.|attorney general|majority leader|minority leader|house speaker|first minister|chief minister|"
    "congressman|congresswoman|state senator|lt. gov.|lieutenant governor|rapporteur|campaigner|activist"
)
)
_MAX_TITLE = max(len(t) for t in TITLES)
MODIFIERS = words("outgoing incoming former then acting deputy senior top chief new interim current "
                       "veteran newly elected caretaker longtime long-time ex the a an its his her their "
                       "european foreign defence defense nato eu un 's")
_TEMPORAL = words("outgoing incoming former then acting new interim current veteran newly elected caretaker "
                  "longtime long-time ex the a an")
PARTICLES = words("von van der de da di del la le al al- bin ibn el du dos das ter ten")
# Words that start with a capital but are not names.
_NOT_NAMES = words("the a an on in at of for to and but or as while after before during with "
                        "said says told monday tuesday wednesday thursday friday saturday sunday "
                        "january february march april may june july august september october november "
                        "december this that these those it he she they we i his her their its")


_TITLE_FIRST = frozenset(t[0] for t in TITLES)


def _title_at(tokens: list[Token], i: int) -> int:
    """End of the longest title starting at token ``i`` (0 when none)."""
    if tokens[i].low not in _TITLE_FIRST:
        return 0
    for size in range(min(_MAX_TITLE, len(tokens) - i), 0, -1):
        if tuple(t.low for t in tokens[i:i + size]) in TITLES:
            return i + size
    return 0


def title_end_before(tokens: list[Token], end: int) -> int:
    """Start of a title phrase ending right before token ``end`` ("US Ambassador to NATO"), or ``end``."""
    for size in range(min(_MAX_TITLE, end), 0, -1):
        if tuple(t.low for t in tokens[end - size:end]) in TITLES:
            return end - size
    return end


def name_span(tokens: list[Token], i: int) -> int:
    """End of a capitalised personal name starting at ``i`` (at least two words), or 0."""
    j, words = i, 0
    while j < len(tokens):
        t = tokens[j]
        if (t.cap or (words and t.low.startswith(("al-", "el-", "ad-", "as-", "ash-", "bin-")) and "-" in t.text
                      and t.text.split("-", 1)[1][:1].isupper())) \
                and t.text.replace("-", "").replace("’", "").replace("'", "").isalpha() \
                and t.low not in _NOT_NAMES and not t.text.isupper():
            words += 1
            j += 1
        elif t.low in PARTICLES and words and j + 1 < len(tokens) and tokens[j + 1].cap:
            j += 1
        else:
            break
        if words == 4:
            break
    return j if words >= 2 else 0


def titled_people(tokens: list[Token], matches: list[Match]) -> tuple[list[Match], list[tuple[int, int, int]]]:
    """New person mentions from title-and-name patterns, and title spans to absorb.

    Returns ``(people, spans)``: minted people as matches, and ``(title_start, name_start, name_end)``
    for every titled name (known or not) so callers can merge the title into the mention.
    """
    taken = {k for m in matches for k in range(m.start, m.end)}
    by_start = {m.start: m for m in matches}
    people: list[Match] = []
    spans: list[tuple[int, int, int]] = []
    i = 0
    while i < len(tokens):
        end = _title_at(tokens, i)
        if not end:
            i += 1
            continue
        j = _complement_end(tokens, end, by_start)
        if j + 1 < len(tokens) and tokens[j].low == "," and (
                (j + 1 in by_start and by_start[j + 1].actor.type is ActorType.PERSON)
                or (name_span(tokens, j + 1) and _closed(tokens, name_span(tokens, j + 1)))):
            j += 1  # "the Spanish prime minister, Pedro Sánchez, said"
        known = by_start.get(j)
        if known and known.actor.type is ActorType.PERSON:
            spans.append((_title_start(tokens, i, matches), j, known.end))
            i = known.end
            continue
        name_end = name_span(tokens, j) if j not in taken else 0
        if name_end and not any(k in taken for k in range(j, name_end)):
            start = _title_start(tokens, i, matches)
            label = " ".join(t.text for t in tokens[j:name_end])
            affiliation = _affiliation(start, j, matches)
            role = " ".join(t.text for t in tokens[start:j] if t.low not in _TEMPORAL and t.low != ",")
            actor = Actor(label, ActorType.PERSON, None, (tokens[name_end - 1].text,),
                          affiliation.label if affiliation else None, role or None)
            people.append(Match(j, name_end, actor, "person"))
            spans.append((start, j, name_end))
            i = name_end
            continue
        i = end
    taken |= {k for p in people for k in range(p.start, p.end)}
    people += _appositive(tokens, taken, matches)
    people += _described(tokens, taken | {k for p in people for k in range(p.start, p.end)}, matches)
    people += _named_organisations(tokens, taken | {k for p in people for k in range(p.start, p.end)})
    return people, spans


_ORG_SUFFIXES = words("International Network Forum Watch Association Federation Union Party Council Institute "
                           "Rights Centre Center "
                           "Commerce Chamber Industry Industries Employers Unions Confederation "
                           "Foundation Alliance Movement Committee Coalition Network Confederation Front "
                           "League Commission Group Agency Authority Organisation Organization")


_REGIONS = frozenset(("Europe", "International", "Worldwide", "UK", "USA", "Africa", "Asia"))


def _named_organisations(tokens: list[Token], taken: set[int]) -> list[Match]:
    """"Amnesty International", "the Hostages and Missing Families Forum": organisations by their name."""
    found: list[Match] = []
    i, n = 0, len(tokens)
    while i < n:
        if i in taken or not tokens[i].cap or tokens[i].low in _NOT_NAMES:
            i += 1
            continue
        j = i
        while j < n and j not in taken and (tokens[j].cap or (tokens[j].low in ("and", "for", "of", "on")
                                                             and j + 1 < n and tokens[j + 1].cap)):
            j += 1
        named = j - i >= 2 and (tokens[j - 1].text in _ORG_SUFFIXES or (
            tokens[j - 1].text in _REGIONS and tokens[j - 2].text in _ORG_SUFFIXES))  # "... Network Europe"
        if named and (i == 0 or tokens[i - 1].low != "'s"):
            first = i - 1 if i and tokens[i - 1].cap and i - 1 in taken else i  # "the US Chamber of Commerce"
            label = " ".join(t.text for t in tokens[first:j])
            found.append(Match(first, j, Actor(label, ActorType.ORGANIZATION), "organization"))
        i = max(j, i + 1)
    return found


def _closed(tokens: list[Token], end: int) -> bool:
    return end < len(tokens) and tokens[end].low in (",", "said", "says", "told")


def _appositive(tokens: list[Token], taken: set[int], matches: list[Match]) -> list[Match]:
    """"Marie-Agnes Strack-Zimmermann, the chair of the Bundestag's defense committee, said"."""
    found: list[Match] = []
    for i, t in enumerate(tokens):
        if i in taken or not t.cap or (i and tokens[i - 1].word and tokens[i - 1].low not in _BEFORE_NAME):
            continue
        end = name_span(tokens, i) or (i + 1 if len(t.text) > 2 and t.low not in _NOT_NAMES else 0)
        if not end or end >= len(tokens) - 2 or tokens[end].low != "," or any(k in taken for k in range(i, end)):
            continue
        if end - i > 1 and tokens[end + 1].low in ("who", "whose") and _personal(tokens[i:end]):
            actor = Actor(" ".join(x.text for x in tokens[i:end]), ActorType.PERSON, None, (tokens[end - 1].text,))
            found.append(Match(i, end, actor, "person"))  # "Aaja Chemnitz, who represents Greenland ...,"
            continue
        k = end + 1
        while k < len(tokens) and k - end < 12 and tokens[k].low != ",":
            if tokens[k].low in ORG_HEADS and tokens[end + 1].low in ("the", "a", "an") and (
                    k + 1 >= len(tokens) or tokens[k + 1].low in (",", "of", "for", "which", "that")):
                actor = Actor(" ".join(x.text for x in tokens[i:end]), ActorType.ORGANIZATION, None, (),
                              None, _role(tokens, end + 1))
                found.append(Match(i, end, actor, "organization"))  # "Copa-Cogeca, the farmers' association,"
                break
            if end - i > 1 and _title_at(tokens, k):
                affiliation = _affiliation(end, k + 12, matches)
                actor = Actor(" ".join(x.text for x in tokens[i:end]), ActorType.PERSON, None,
                              (tokens[end - 1].text,), affiliation.label if affiliation else None,
                              _role(tokens, end + 1))
                found.append(Match(i, end, actor, "person"))
                break
            k += 1
    return found


_SAYS = words("said says told wrote added argued warned insisted called urged")
_FUNCTION = words("the a an of to for in on at by with from and or but as that which who said says told than")


def _described(tokens: list[Token], taken: set[int], matches: list[Match]) -> list[Match]:
    """"Norwegian cross-country skier Johannes Høsflot Klæbo said": a name after a descriptive noun
    (not a dictionary title) and before a speech verb is a person."""
    found: list[Match] = []
    for i in range(1, len(tokens)):
        prev = tokens[i - 1]
        if i in taken or not tokens[i].cap or not prev.word or prev.cap or prev.low in _FUNCTION \
                or prev.low.endswith("ly") or len(prev.low) < 4:
            continue
        end = name_span(tokens, i)
        if not end or end >= len(tokens) or tokens[end].low not in _SAYS or any(k in taken for k in range(i, end)) \
                or not _personal(tokens[i:end]):
            continue
        affiliation = _affiliation(max(0, i - 4), i, matches)
        found.append(Match(i, end, Actor(" ".join(x.text for x in tokens[i:end]), ActorType.PERSON, None,
                                         (tokens[end - 1].text,), affiliation.label if affiliation else None,
                                         prev.text), "person"))
    return found


_BEFORE_NAME = words("and but said says told wrote added")
_NOT_PERSONAL = words("Base Space Airport Island Islands Sea Ocean Strait Street House Palace Square Bridge River "
                      "Mountains Valley Province Region Republic Kingdom State States City County Bay Gulf Canal "
                      "Summit Conference Talks Forum Court Parliament Congress Assembly Senate Agreement Treaty "
                      "Act Plan Fund Bank Group Party Union Council Ministry Agency Office Force Forces Army Navy")


def _personal(words_: list[Token]) -> bool:
    """Whether capitalised words can be a person's name (not a place, body or document)."""
    return 2 <= len(words_) <= 4 and not any(w.text in _NOT_PERSONAL or w.text in _ORG_SUFFIXES for w in words_)


ORG_HEADS = words("association federation union group party alliance organisation organization council "
                       "confederation lobby body agency company ministry movement coalition network institute "
                       "foundation committee front bloc chamber syndicate consortium charity firm")


def _role(tokens: list[Token], k: int) -> str | None:
    words = []
    while k < len(tokens) and tokens[k].low not in (",", ".") and len(words) < 10:
        if tokens[k].low not in ("the", "a", "an"):
            words.append(tokens[k].text)
        k += 1
    return " ".join(words) or None


def _complement_end(tokens: list[Token], end: int, by_start: dict[int, Match]) -> int:
    """Skip "to NATO", "of Ukraine", "for the Middle East" after a title."""
    if end < len(tokens) and tokens[end].low in ("to", "of", "for", "at"):
        k = end + 1
        if k < len(tokens) and tokens[k].low == "the":
            k += 1
        if k in by_start:
            return by_start[k].end
        if k < len(tokens) and tokens[k].cap and tokens[k].text.isupper():
            return k + 1
    return end


def _title_start(tokens: list[Token], i: int, matches: list[Match]) -> int:
    """Walk left over modifiers, demonyms and possessive state names before a title."""
    ends = {m.end: m for m in matches}
    k = i
    while k > 0:
        prev = tokens[k - 1]
        if prev.low in MODIFIERS and prev.low not in ("the", "a", "an", "'s"):
            k -= 1
        elif k in ends and ends[k].actor.type is not ActorType.PERSON:
            k = ends[k].start
        elif prev.low == "'s" and k - 1 in ends and ends[k - 1].actor.type is not ActorType.PERSON:
            k = ends[k - 1].start
        else:
            break
    return k


def _affiliation(start: int, end: int, matches: list[Match]) -> Actor | None:
    inside = [m for m in matches if start <= m.start and m.end <= end and not m.actor.outlet]
    before = [m for m in inside if m.kind == DEMONYM or m.actor.type is ActorType.STATE]
    return (before or inside or [None])[0].actor if (before or inside) else None
