"""Who reported or claimed what a sentence says: "according to X", "X says", "told X",
"per X", "cited by X", "citing unnamed sources", and the speaker of reported speech.

A statement is attributed to the outlet (or person, or unnamed sources) that relayed it, and
to nobody when the article itself states an actor's own words or actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.mentions import Mention, holder_position_ok
from kg.extract.sentences import Token, words

SPEECH = words("said says say told tells tell stressed stresses added adds noted notes argued argues insisted insists "
    "claimed claims acknowledged acknowledges admitted admits wrote writes tweeted posted declared declares "
    "announced announces stated states explained explains maintained maintains believes believed thinks "
    "thought suggested suggests replied responded answered warned warns cautioned assured assures "
    "emphasised emphasized emphasises emphasizes reiterated reiterates repeated underlined underscored "
    "signalled signaled indicated indicates confirmed confirms conceded concedes recalled observed "
    "asserted asserts contended contends predicted countered remarked commented vowed pledged "
    "acknowledging saying telling arguing insisting noting adding stressing warning claiming")
REPORTING = words("says said reported reports writes wrote revealed reveals learned learnt understands "
                       "cited cites claims claimed published quoted quotes")
_NP_STOP = words(", . ; : ? ! \" — - ( ) that which who and said says told reported citing "
                      "while but as because")
_OWN_AUDIENCE = words("reporters journalists press media lawmakers parliament parliamentarians "
                           "mps senators audience crowd supporters delegates conference news students "
                           "a the his her their its an")
_LEADING = words("the a an one two three four five six several some many other unnamed")
_SPOKES = frozenset(("spokesperson", "spokesman", "spokeswoman", "representative"))
_ADJUNCTS = words("after before amid following during as when while despite")
_SOURCE_HEADS = words("sources source officials official diplomats diplomat people insiders analysts delegates "
                           "delegate participants "
                           "lawmakers ministers envoys negotiators experts observers "
                           "aides aide insider person documents document report reports spokesperson "
                           "spokesman spokeswoman minister ministers statement")


_OUTLET_NOUNS = words("newspaper broadcaster daily outlet agency magazine website channel station tabloid weekly "
                      "broadsheet")
_UNNAMED_HEADS = words("sources source officials official diplomats diplomat people insiders delegates delegate "
                       "participants observers negotiators aides aide envoys")


@dataclass(slots=True)
class Attribution:
    """What one sentence says about its own provenance."""

    reporter: str | None = None  # outlet, person or phrase the content is relayed through
    speaker: Mention | None = None  # named actor whose words these are
    speaker_end: int = -1  # token after the speaker's speech verb
    speaker_stop: int = 1 << 30  # where the reported speech ends (", after talks in ...")
    excluded: set[int] = field(default_factory=set)  # tokens that are attribution, not content


def _np_end(tokens: list[Token], i: int, limit: int = 12) -> int:
    j = i
    while j < len(tokens) and j - i < limit and tokens[j].low not in _NP_STOP:
        j += 1
    return j


def _label(tokens: list[Token], start: int, end: int, mentions: list[Mention]) -> str | None:
    """An outlet named in the phrase, else a person, else the phrase itself."""
    inside = [m for m in mentions if start <= m.start < end]
    outlets = [m for m in inside if m.outlet]
    if outlets:
        return outlets[-1].actor.label
    people = [m for m in inside if m.actor.type == "person" and m.kind != "pronoun"]
    if people:
        return people[-1].actor.label
    words = [t for t in tokens[start:end] if t.word or t.low in ("-",)]
    while words and words[0].low in _LEADING:
        words = words[1:]
    if not words or not any(w.low in _SOURCE_HEADS for w in words):
        return None
    return " ".join(w.text for w in words) or None


def attribute(tokens: list[Token], mentions: list[Mention]) -> Attribution:
    """Find reporters and the speaker in a sentence."""
    att = Attribution()
    lows = [t.low for t in tokens]
    n = len(tokens)
    by_start = {m.start: m for m in mentions}
    for i, low in enumerate(lows):
        nxt = lows[i + 1] if i + 1 < n else ""
        start = 0
        if low == "according" and nxt == "to":
            start = i + 2
        elif low == "per" and (i == 0 or lows[i - 1] in (",", ";")):
            start = i + 1
        elif low in ("cited", "quoted", "reported") and nxt == "by" or low == "interview" and nxt == "with":
            start = i + 2
        elif low in ("told", "telling") and _outlet_at(by_start, lows, i + 1):
            start = i + 1
        elif low in ("told", "telling") and i + 1 < n and _acronym(tokens[i + 1]) and i + 1 not in by_start:
            att.reporter = tokens[i + 1].text  # "telling CNBC": an outlet the dictionary does not know
            att.excluded.update(range(i, i + 2))
            continue
        elif low == "citing" and att.reporter is None:
            start = i + 1
        elif low == "speaking" and nxt == "to" and _outlet_at(by_start, lows, i + 2):
            start = i + 2  # "Sánchez, speaking to El País, said"
        elif low in _OUTLET_NOUNS and i + 2 < n and tokens[i + 1].cap and i + 1 not in by_start:
            j = i + 1
            while j < n and tokens[j].cap and j - i <= 4:
                j += 1
            if j < n and lows[j] in REPORTING:  # "Dutch broadcaster NOS reported": an outlet we do not know
                att.reporter = " ".join(t.text for t in tokens[i + 1:j])
                att.excluded.update(range(i, j + 1))
                continue
        if start:
            end = _np_end(tokens, start)
            label = _label(tokens, start, end, mentions)
            if label and (att.reporter is None or _is_outlet(label, mentions)):
                att.reporter = label
            att.excluded.update(range(i, end))
    for m in mentions:
        if m.outlet and _reports(lows, m):
            att.reporter = m.actor.label
            att.excluded.update(range(m.start, min(n, m.end + 1)))
    _speaker(tokens, mentions, att)
    if att.reporter is None:
        _trailing_source(tokens, mentions, att)
    if att.reporter is None and att.speaker is None:
        _leading_source(tokens, mentions, att)
    return att


def _leading_source(tokens: list[Token], mentions: list[Mention], att: Attribution) -> None:
    """"Diplomats said France ...", "A senior German official, speaking on condition of anonymity,
    said Berlin ...": unnamed sources opening the sentence."""
    lows = [t.low for t in tokens]
    i = next((k for k in range(min(len(lows), 16)) if lows[k] in ("said", "say", "says", "told")), None)
    if not i or tokens[0].quoted:
        return
    j = next((k for k in range(i) if lows[k] in (",", '"', ";")), i)
    if j == 0 or lows[j - 1] not in _UNNAMED_HEADS or any(m.start < j and (m.holder or m.possessive)
                                                         for m in mentions):
        return
    if j < i and not (lows[j] == "," and lows[i - 1] == ","):
        return  # "Officials in Paris, Berlin and Rome said": only a parenthesis may come between
    label = _label(tokens, 0, j, mentions)
    if label:
        att.reporter = label
        att.excluded.update(range(0, i + 1))


def _acronym(token: Token) -> bool:
    letters = token.text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def _outlet_at(by_start: dict[int, Mention], lows: list[str], i: int) -> bool:
    if i < len(lows) and lows[i] == "the":
        i += 1
    m = by_start.get(i)
    return bool(m and m.outlet)


def _is_outlet(label: str, mentions: list[Mention]) -> bool:
    return any(m.outlet and m.actor.label == label for m in mentions)


def _reports(lows: list[str], m: Mention) -> bool:
    after = lows[m.end] if m.end < len(lows) else ""
    after2 = lows[m.end + 1] if m.end + 1 < len(lows) else ""
    before = lows[m.start - 1] if m.start else ""
    return after in REPORTING or (after in ("has", "had") and after2 in REPORTING) \
        or before in ("reported", "reports", "writes", "wrote") or (after == "'s" and after2 in ("report", "reporting"))


def _speaker(tokens: list[Token], mentions: list[Mention], att: Attribution) -> None:
    """A named actor with a speech verb right after it (or right before it, inverted)."""
    lows = [t.low for t in tokens]
    inside: set[int] = set()
    for m in mentions:
        if m.outlet or m.modifier or m.start in inside or not holder_position_ok(tokens, m):
            continue
        k = _skip_relative(lows, m.end)
        inside.update(range(m.end, k))
        while k < len(lows) and lows[k] in ("also", "has", "have", "had", "later", "then", "previously",
                                             "earlier", "reportedly", "publicly", "repeatedly", "again", "was",
                                             "meanwhile", ","):
            k += 1
        before = lows[m.start - 1] if m.start else ""
        if k < len(lows) and lows[k] in SPEECH:
            att.speaker, att.speaker_end = m, k + 1
            att.speaker_stop = next((j for j in range(k + 1, len(lows) - 1) if (lows[j] == "," and lows[j + 1]
                                     in _ADJUNCTS) or lows[j] == ";" or (lows[j] in ("and", "but")
                                                                         and tokens[j + 1].cap)), len(lows))
            return
        closes = m.end >= len(lows) or lows[m.end] in (".", ",", ";", "in", "on", "at", "during", "after", "to")
        if m.start >= 3 and lows[m.start - 1] == "for" and lows[m.start - 2] in _SPOKES and closes and any(
                x in SPEECH for x in lows[max(0, m.start - 5):m.start - 2]):
            att.speaker, att.speaker_end = m, m.end  # ", said a spokesperson for Climate Action Network Europe"
            return
        if before in SPEECH and m.start >= 2 and lows[m.start - 2] in (",", '"') and closes:
            att.speaker, att.speaker_end = m, m.end
            return


def _skip_relative(lows: list[str], k: int) -> int:
    """Past ", who has long opposed X," or ", a frequent critic of X," after a name."""
    if k + 1 < len(lows) and lows[k] == "," and lows[k + 1] in ("who", "whose", "which", "a", "an", "the"):
        j = k + 2
        while j < len(lows) and lows[j] != ",":
            j += 1
        return j + 1
    return k


def _trailing_source(tokens: list[Token], mentions: list[Mention], att: Attribution) -> None:
    """", two EU diplomats said." and "sources say" without a named outlet."""
    lows = [t.low for t in tokens]
    for i, low in enumerate(lows):
        if low not in ("said", "say", "says", "told", "believe", "believes", "claimed", "claim"):
            continue
        k = i - 1
        while k >= 0 and lows[k] not in (",", '"', ";") and i - k < 10:
            k -= 1
        start = k + 1
        if k < 0 or start >= i or any(m.start >= start and m.end <= i and m.holder for m in mentions):
            continue  # only after a comma or quotation: ", two EU diplomats said"
        if tokens[i].quoted or any(t.quoted for t in tokens[start:i]) or (start and lows[start - 1] == '"'
                                                                          and not tokens[start - 1].quoted):
            continue  # inside a quotation: "... as long as the Hungarian people say no"
        label = _label(tokens, start, i, mentions)
        if label and tokens[i - 1].low in _SOURCE_HEADS:
            att.reporter = label
            att.excluded.update(range(start, i + 1))
            return
