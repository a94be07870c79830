"""From raw cue hits to stance cues: pick one reading per word, then apply negation,
conditions and hypotheticals to get the position a holder takes.

Kept apart from the lexicon so the rules that combine cues can be read on one page.
"""

from __future__ import annotations

from kg.extract.cues import SOFT_NEGATORS, Cue
from kg.extract.sentences import Token, words
from kg.model import Position

S, O, H, C, N = Position.SUPPORT, Position.OPPOSE, Position.HESITANT, Position.CONDITIONAL, Position.NEUTRAL  # noqa: E741
STANCE_KINDS = frozenset({"verb", "adj", "noun", "passive", "intent", "action", "call", "eval"})
_PRIORITY = {"passive": 0, "verb": 1, "adj": 2, "intent": 3, "noun": 4, "action": 5, "call": 6, "eval": 7}
# Before a noun reading: determiners, possessives and adjectives ("Germany's military support").
_NOUN_BEFORE = words("'s its their his her our my your the a an of for with no strong full broad "
                          "unwavering continued military financial public political growing firm clear "
                          "widespread little any some more further renewed total unconditional conditional "
                          "qualified tacit lukewarm tepid initial outright fierce stiff strong-willed "
                          "bipartisan cross-party such this that whose")
COPULAS = words("is are was were be been being remains remain remained stays stay stayed seems seem "
                     "seemed appears appear appeared grows grew become becomes became 's 're looks looked "
                     "sounded sounds feels felt")
_ADVERBS = words("also still already now too very increasingly deeply openly firmly largely broadly "
                      "more less so particularly especially notably clearly reportedly privately publicly "
                      "generally initially long not n't never no longer somewhat rather quite highly "
                      "fiercely strongly staunchly vehemently equally similarly likewise")
_POSTNOMINAL = words("countries states members governments leaders capitals officials nations allies "
                          "partners diplomats ministers")
LIGHT_VERBS = words("expressed expresses express expressing voiced voices voice voicing signalled "
                         "signaled signals signal reiterated reiterates reiterate showed shows show declared "
                         "declares pledged pledges offered offers gave gives lent lends stated states "
                         "reaffirmed reaffirms confirmed confirms registered "
                         "registers underlined underscored repeated repeats indicated indicates")
MODALS = frozenset(("could", "might", "may"))
HYPOTHETICAL = frozenset(("if", "unless", "whether", "suppose", "supposing", "hypothetically"))
_COMPLEMENT = words("for of to behind on against towards toward about over regarding from")


def nounish(tokens: list[Token], i: int) -> bool:
    """Whether a word that can be verb or noun ("support", "an immediate halt") is a noun here."""
    if i == 0:
        return False
    prev = tokens[i - 1].low
    if prev in _PREPOSITIONS:
        return True  # "without delay"
    if tokens[i - 1].cap and i > 1:
        return tokens[i - 2].low in _DETERMINERS  # "the Taurus question" vs "that Germany backed"
    if prev in _NOUN_BEFORE or prev.endswith(("al", "ful", "ive")):
        return True
    return i > 1 and tokens[i - 2].low in _DETERMINERS and not prev.endswith("ly")


_BACK_BEFORE = words("to will would not n't also did does do could should must can cannot strongly fully "
                          "firmly publicly openly still now and or unanimously")
_FUNCTION = words("where which that the a an of for and or with whose when while as in on at by to from "
                       "its their his her our")
_NOUN_INTENTS = words("plan bid move push offer pledge promise vow aim hope decision effort")
_PREPOSITIONS = words("without of for with after before in on at against into from by")
_DETERMINERS = words("a an the its their his her our my your 's these those whose")


def select(cues: list[Cue], tokens: list[Token]) -> list[Cue]:
    """One stance reading per word, longest phrase first; intents yield to the verb they govern."""
    by_start: dict[int, list[Cue]] = {}
    for cue in cues:
        if cue.kind in STANCE_KINDS:
            by_start.setdefault(cue.start, []).append(cue)
    chosen: list[Cue] = []
    for start in sorted(by_start):
        options = by_start[start]
        if any(c.kind == "noun" for c in options) and any(c.kind in ("verb", "action") for c in options):
            keep = "noun" if nounish(tokens, start) else None
            options = [c for c in options if (c.kind == "noun") == (keep == "noun")]
        options.sort(key=lambda c: (-(c.end - c.start), _PRIORITY[c.kind]))
        chosen.append(options[0])
    chosen = [c for c in chosen if not any(o is not c and o.start <= c.start and c.end <= o.end
                                           and (o.end - o.start) > (c.end - c.start) for o in chosen)]
    out: list[Cue] = []
    for k, cue in enumerate(chosen):
        if cue.kind == "verb" and cue.phrase.endswith("ed") and cue.end - cue.start == 1 \
                and nounish(tokens, cue.start):
            continue  # "NATO's proposed target": an adjective
        if cue.kind == "verb" and cue.start and not cue.phrase.lower().split()[0].endswith(("ing", "ed")) \
                and cue.phrase.lower().split()[0] not in ("not", "neither", "yet") \
                and tokens[cue.start - 1].low in ("are", "is", "were", "was", "there"):
            continue  # "there are questions": a noun
        if cue.kind == "verb" and cue.end - cue.start == 1 and nounish(tokens, cue.start) \
                and not cue.phrase.lower().endswith(("ing", "ed", "s")):
            continue  # "the Taurus question", "a push": a noun
        if cue.kind == "intent" and (nounish(tokens, cue.start) or (
                cue.start and tokens[cue.start - 1].cap and cue.phrase.lower().split()[0] in _NOUN_INTENTS)):
            continue  # "a separate plan to phase out", "a Commission plan to lend": a noun
        if cue.kind == "action" and (nounish(tokens, cue.start) or (out and cue.start - out[-1].end <= 2
                                                                      and out[-1].kind != "intent")):
            continue  # "opposed sanctions", "whose shipping sectors": an object, not an act
        if cue.kind == "action" and out and out[-1].kind in ("verb", "adj", "noun") and \
                cue.start - out[-1].end <= 12 and not any(t.low in (",", ";", "and", "but", "while")
                                                          for t in tokens[out[-1].end:cue.start]):
            continue  # "opposing Ukraine's bid ... to join the alliance": part of the object
        if cue.kind == "action" and cue.phrase.lower().startswith("join") and cue.end + 1 < len(tokens) \
                and tokens[cue.end].cap and any(t.low == "in" for t in tokens[cue.end + 1:cue.end + 4]):
            continue  # "Warsaw would join Paris in voting against": the voting decides
        if cue.kind in ("verb", "action") and cue.end - cue.start == 1 and cue.phrase.endswith("ed") and cue.start \
                and tokens[cue.start - 1].low in _FUNCTION and cue.end < len(tokens) and tokens[cue.end].word \
                and not tokens[cue.end].cap and tokens[cue.end].low not in _FUNCTION:
            continue  # "where rejected asylum seekers would be sent": an adjective
        if cue.kind in ("verb", "action") and cue.phrase.endswith("ed") and cue.start >= 2 \
                and tokens[cue.start - 1].low == "," and tokens[cue.start - 2].word and not tokens[cue.start - 2].cap \
                and not any(t.low in ("which", "who", "whose") for t in tokens[max(0, cue.start - 14):cue.start]):
            continue  # "the pact, agreed last year, ...": a participle describing the pact
        if cue.kind == "verb" and cue.phrase.lower().endswith("ing") and cue.start \
                and tokens[cue.start - 1].low in ("the", "a", "an", "its", "their", "his", "her"):
            continue  # "end the fighting": a noun
        if cue.phrase.lower() == "back" and cue.start and tokens[cue.start - 1].low not in _BACK_BEFORE \
                and not tokens[cue.start - 1].cap:
            continue  # "bring jobs back", "pushed back": an adverb
        if cue.kind == "verb" and out and out[-1].kind == "verb" and cue.start == out[-1].end:
            continue  # "dismissed calls for a ban": the calls are the object
        if cue.kind == "verb" and cue.phrase.lower().split()[0].endswith("ing") and out \
                and out[-1].kind in ("verb", "adj") and 0 < cue.start - out[-1].end <= 5 \
                and tokens[cue.start - 1].word and not tokens[cue.start - 1].cap:
            continue  # "abstained on the UN resolution condemning X": the resolution condemns
        nxt = chosen[k + 1] if k + 1 < len(chosen) else None
        follows = nxt is not None and nxt.start - cue.end <= 1
        if cue.kind == "intent" and follows and (nxt.kind != "action" or nxt.position is not S):
            continue  # "vowed to block", "wants to lift sanctions": the inner verb decides
        if cue.kind == "action" and out and out[-1].kind == "intent" and cue.start - out[-1].end <= 1 \
                and cue.position is S:
            continue  # "prepared to offer membership": the intent decides
        out.append(cue)
    return out


def adjective_ok(tokens: list[Token], cue: Cue, holder_end: int | None) -> bool:
    """A predicative reading needs a copula, a plural noun or a name right before it."""
    k = cue.start - 1
    while k >= 0 and (tokens[k].low in _ADVERBS or tokens[k].low.endswith("ly")):
        k -= 1
    if cue.phrase.lower().split()[0] in _AGENT_NOUNS:  # "a frequent critic of"
        while k >= 0 and tokens[k].low in _AGENT_ADJ:
            k -= 1
        if k >= 0 and tokens[k].low in ("a", "an", "the"):
            k -= 1
    if k < 0:
        return False
    low = tokens[k].low
    return low in COPULAS or low in _POSTNOMINAL or low == "," or (holder_end is not None and holder_end == k + 1)


_AGENT_NOUNS = words("critic opponent supporter proponent advocate champion backer sceptic skeptic")
_AGENT_ADJ = words("frequent vocal longtime long-time fierce staunch leading outspoken strong prominent key "
                        "harsh fervent ardent firm consistent persistent early loyal committed avowed "
                        "fiercest staunchest strongest loudest harshest sharpest most biggest main chief")


def light_verb_before(tokens: list[Token], cue: Cue) -> bool:
    """"expressed support for", "voiced strong skepticism about"."""
    for k in range(cue.start - 1, max(-1, cue.start - 4), -1):
        if tokens[k].low in LIGHT_VERBS:
            return True
        if not (tokens[k].low in _NOUN_BEFORE or tokens[k].low.endswith(("al", "ful", "ive"))):
            return False
    return False


def has_complement(tokens: list[Token], cue: Cue) -> bool:
    return cue.end < len(tokens) and tokens[cue.end].low in _COMPLEMENT


def negated(cue: Cue, negs: list[Cue], tokens: list[Token], floor: int) -> tuple[int, bool]:
    """How many negators govern the cue, and whether any is a soft one ("stopped short of")."""
    count, soft, words = 0, False, 0
    k = cue.start - 1
    starts = {n.start: n for n in negs}
    while k >= floor and words < 10:
        if tokens[k].low == ",":
            j = next((j for j in range(k - 1, max(0, k - 16) - 1, -1) if tokens[j].low == ","), None)
            if j is not None and j + 1 < k and tokens[j + 1].low in ("which", "who", "whose"):
                k = j - 1  # "Hungary, which did not take part, has warned against": not the main verb's
                continue
        if tokens[k].word:
            words += 1
        neg = starts.get(k)
        if neg and neg.end <= cue.start and not (neg.end < len(tokens) and tokens[neg.end].low == "only"):
            count += 1
            soft = soft or neg.phrase.lower() in SOFT_NEGATORS
        k -= 1
    if cue.start and tokens[cue.start - 1].low == "than" and any(t.low == "rather" for t in tokens[floor:cue.start]):
        count += 1  # "would rather pay fines than admit migrants"
    if floor >= 2 and tokens[floor - 1].low == "that" and tokens[floor - 2].low in _DENIALS:
        count += 1  # "denied that Spain was seeking to block"
    return count, soft


_DENIALS = words("denied denies deny denying rejected dismissed disputed refuted")


_PURPOSE = (("meant", "to"), ("intended", "to"), ("aimed", "at"), ("designed", "to"), ("in", "order", "to"),
            ("so", "as", "to"), ("bid", "to"), ("aim", "of"), ("aims", "to"), ("to", "make", "sure"),
            ("to", "ensure"), ("so", "that"))


def purpose(tokens: list[Token], start: int, cue: Cue) -> bool:
    """A cue inside a purpose clause: "a move meant to revive hopes of a two-state solution"."""
    lows = [t.low for t in tokens[start:cue.start]]
    return any(low in _PURPOSE_FIRST and any(tuple(lows[i:i + len(p)]) == p for p in _PURPOSE)
               for i, low in enumerate(lows))


_PURPOSE_FIRST = frozenset(p[0] for p in _PURPOSE)


def requirement(tokens: list[Token], start: int, end: int) -> bool:
    """"that part of the money be spent at home" (a subjunctive demand) vs "that the pact is binding"."""
    for t in tokens[start:end]:
        if t.low in ("be", "must", "should", "include", "includes", "guarantee", "only"):
            return True
        if t.low in ("is", "are", "was", "were", "will", "would"):
            return False
    return False


def without_after(tokens: list[Token], cue: Cue, limit: int) -> bool:
    """"will not agree to any truce without Western troops": a condition, not a refusal."""
    for t in tokens[cue.end:limit]:
        if t.low in ("without", "unless"):
            return True
        if t.low in (",", ";"):
            return False
    return False


def polarity(cue: Cue, position: Position, count: int, soft: bool) -> Position | None:
    """The position after negation: "not backing" opposes, "not prepared to" hesitates."""
    if count % 2 == 0:
        return position
    if position is S:
        return H if soft or cue.kind == "intent" else O
    if position is O:
        return C if "rule" in cue.phrase.lower() else N
    if position is H:
        return S
    if position is C:
        return O
    return None


def hypothetical(tokens: list[Token], start: int, cue: Cue) -> bool:
    """"if France were to back", "whether Germany would support", "a swap under which Germany
    would send": a condition or a described arrangement, not anyone's position."""
    if any(t.low in HYPOTHETICAL for t in tokens[start:cue.start]):
        return True
    if cue.kind == "action" and any(tokens[i].low == "as" and tokens[i + 1].low == "long" and tokens[i + 2].low == "as"
                                    for i in range(max(0, cue.start - 6), cue.start - 2)):
        return True  # "would maintain them as long as Germany kept its checks": the condition, not a stance
    return any(((t.low in ("which", "whereby") and i and tokens[i - 1].low in ("under", "in", "by", "through"))
                or t.low == "where") and _would_before_comma(tokens, i, cue.start)
               for i, t in enumerate(tokens[max(0, start - 2):cue.start], max(0, start - 2)))


def _would_before_comma(tokens: list[Token], i: int, end: int) -> bool:
    for t in tokens[i:end]:
        if t.low == ",":
            return False
        if t.low == "would":
            return True
    return False


def modal(tokens: list[Token], start: int, end: int) -> bool:
    """"could", "might", "may" make a stance a possibility, not a position ("could not" is a refusal)."""
    return any(t.low in MODALS and not (i + 1 < len(tokens) and tokens[i + 1].low in ("not", "n't", "never"))
               for i, t in enumerate(tokens[start:end], start))


_FORECAST = frozenset(("expected", "likely", "unlikely", "poised", "due"))


def forecast(tokens: list[Token], start: int, cue: Cue) -> bool:
    """"are expected to sign off": the reporter's forecast, not anyone's position."""
    return any(t.low in _FORECAST and i + 1 < len(tokens) and tokens[i + 1].low == "to"
               for i, t in enumerate(tokens[start:cue.start], start))


def conditioned(tokens: list[Token], conds: list[Cue], cue: Cue, after: int, limit: int) -> bool:
    """A condition after the holder ("but only if", "after the war"), or a bare "if" after the cue."""
    limit = next((k for k in range(cue.end, min(limit, len(tokens)) - 1) if tokens[k].low == ","
                  and tokens[k + 1].low in _REASONING), limit)  # ", arguing that ... only if ...": their reason
    if any(after <= c.start < limit for c in conds):
        return True
    if cue.start and tokens[cue.start - 1].low == "only":
        return True  # "would only support"
    return any(t.low in ("if", "unless") for t in tokens[cue.end:limit])


_REASONING = words("arguing saying adding noting warning claiming explaining citing because since as")
