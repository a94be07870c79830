"""The cue lexicon: words that carry a stance, with their polarity and grammar.

Kinds say how a cue finds its holder and object (see :mod:`kg.extract.coder`):

* ``verb``   holder is the clause subject, object follows ("Germany opposes X")
* ``adj``    predicative, holder is the subject ("Berlin remains wary of X")
* ``noun``   holder is a possessive/demonym before it or the subject of a light verb
             ("German skepticism", "Tusk expressed support for X")
* ``passive`` holder follows "by"/"from" ("faces resistance from X")
* ``intent`` ("ready to", "vowed to"): support of what follows, unless a stance verb follows
* ``action`` concrete acts ("send tanks", "lift sanctions"): count only with a known topic
* ``call``   "called X a mistake": polarity comes from the evaluative word that follows
* ``cond``   conditions ("only if", "after the war") that turn support into conditional
* ``neg``    negators and their strength ("not", "refused to", "stopped short of")
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.sentences import Token, tokenize, words
from kg.model import Position

S, O, H, C, N = Position.SUPPORT, Position.OPPOSE, Position.HESITANT, Position.CONDITIONAL, Position.NEUTRAL  # noqa: E741

# (position, strength, needs_object, entries); verbs are lemmas, inflected below.
# "~" is a slot for a possessive or object pronoun ("throw its weight behind").
VERBS: list[tuple[Position, float, bool, str]] = [
    (S, 0.9, False, "support|back|endorse|favour|favor|champion|advocate|embrace|welcome|approve|ratify|"
     "applaud|hail|praise|call for|push for|press for|argue for|lobby for|campaign for|vote for|"
     "insist on|sign off on|agree to|commit to|stand by|throw ~ weight behind|throw ~ support behind|"
     "rally behind|line up behind|get behind|greenlight|green-light|give the green light to|"
     "demand|propose|promote|spearhead|reaffirm support for|reiterate support for|join calls for|"
     "advocate for|speak out in favour of|speak in favour of|pave the way for|unblock|accept|agree with|"
     "keep fighting for|fight for|continue fighting for|continue to fight for|"
     "ask for|request|appeal for|plead for|stand with|vote in favour|vote in favor|"
     "vote in favour of|vote in favor of|vote yes on|"
     "sign up to|subscribe to|side with|commit to|lobby for|"
     "take part in|participate in|contribute to|chip in|"
     "come out for|"
     "come out in favour of|come out in favor of|speak up for|"
     "drop ~ opposition to|drop ~ opposition|drop ~ objections|"
     "drop ~ objections to|lift ~ veto|lift ~ veto on|withdraw ~ objections|end ~ opposition|"
     "abandon ~ opposition|give up ~ opposition"),
    (O, 0.9, False, "oppose|reject|block|veto|resist|object to|rule out|dismiss|criticise|criticize|"
     "condemn|denounce|slam|decry|lambast|blast|deride|scorn|rebuff|spurn|warn against|caution against|"
     "push back against|push back on|push back at|fight|obstruct|derail|torpedo|scupper|vote against|"
     "stand in the way of|balk at|baulk at|argue against|speak out against|campaign against|"
     "lobby against|put the brakes on|draw a red line on|hold up|stall|water down|"
     "withdraw support for|pull support for|drop support for|distance ~ from|turn down|refuse|"
     "walk away from|pull out of|back out of|withhold|hold out against|dig in against|push back against|"
     "retaliate against|respond with countermeasures|take legal action against|continue the war|"
     "continue fighting|keep fighting|fight on|press on with the war|resume fighting|resume the war|"
     "prolong the war|continue the offensive|step up the offensive|regret|deplore|lament|retaliate|"
     "prepare countermeasures|impose countermeasures|hit back|strike back|vote no on|vote down|vote no|"
     "complain about|complain|protest against|"
     "warn @ against|come out against|speak out against"),
    (S, 0.75, False, "agree|contribute|float|floated the idea of"),
    (O, 0.75, True, "warn that|warn of|question|attack|challenge|threaten|urge @ not to|call on @ not to|"
     "press @ not to"),
    (S, 0.8, True, "urge|press|encourage|ask @ for|press @ for|call on @ to|push @ to|press @ to|"
     "pressure @ to|lobby @ to|appeal to @ to|urge @ to speed up"),
    (H, 0.85, False, "hesitate|hesitate over|hesitate on|drag ~ feet on|drag ~ feet over|drag ~ feet|"
     "stop short of|hold back on|hedge on|hide behind|balk|baulk|slow-walk|cool on|doubt|"
     "urge caution on|urge caution over|express reservations about|voice doubts about|"
     "voice reservations about|voice reservations over|express reservations over|have reservations about|"
     "express skepticism about|voice skepticism about|express scepticism about|voice scepticism about|"
     "express doubts about|voice concern about|express concern about|voice concerns about|"
     "express concerns about|raise concerns about|raise doubts about|express concern over|express concerns over|"
     "voice concern over|voice concerns over|raise concerns over|urge restraint|call for restraint|"
     "counsel restraint|urge calm|call for calm|urge caution|counsel caution|take a cautious line|"
     "take a more cautious line|take a cautious approach|take a more cautious approach|take a wait-and-see approach"),
    (N, 0.8, False, "abstain|abstain on|abstain from|decline to take a position on|decline to take sides|"
     "sit on the fence|refrain from taking sides|stay on the sidelines|remain on the sidelines|"
     "take no position on|stay neutral|remain neutral|stay out of|keep out of|not take a position|"
     "look at|study|review|examine|look into|"
     "not taken a position|not take sides|not taken sides|not take a stance|not taken a stance|"
     "not yet taken a position|neither support nor oppose|neither supports nor opposes|weigh|mull|"
     "yet to take a position|yet to take a public position|yet to take a stance|yet to decide|"
     "yet to make up ~ mind|not yet decided|sit on the fence|remain on the fence|stay on the fence|"
     "not taking sides|not taking a position|not taking a stance|call on all sides|call on both sides|"
     "urge all sides|urge both sides|call on all parties|urge all parties|"
     "neither backing nor opposing|neither back nor oppose|neither backs nor opposes|neither backed nor opposed|"
     "neither supporting nor opposing|neither supported nor opposed|"
     "be on the fence|remains on the fence|remained on the fence"),
    (C, 0.85, False, "set conditions for|attach conditions to|condition|make ~ support conditional on|"
     "tie ~ support to|link ~ support to|insist that|set ~ conditions|lay out conditions"),
]
# Predicative adjectives and prepositional phrases: "Berlin remains wary of ...".
ADJECTIVES: list[tuple[Position, float, str]] = [
    (S, 0.85, "supportive of|supportive|in favour of|in favor of|in support of|keen on|enthusiastic about|"
     "a proponent of|a supporter of|an advocate of|a champion of|a backer of|all for|ready for|"
     "proponent of|supporter of|advocate of|champion of|backer of|"
     "committed to|determined to see|no objection to|no objections to|no problem with"),
    (O, 0.85, "not for sale|off the table|not on the table|"
     "opposed to|against|hostile to|firmly against|dead set against|an opponent of|a critic of|"
     "critical of|strongly opposed|opposed|critic of|opponent of|opponent|critic"),
    (H, 0.8, "too early to decide|too early to say|too soon to decide|too soon to say|too early to commit|"
     "hesitant about|hesitant over|hesitant on|hesitant|reluctant|wary of|wary about|wary|"
     "skeptical of|skeptical about|skeptical|sceptical of|sceptical about|sceptical|cautious about|"
     "cautious on|cautious|lukewarm on|lukewarm about|lukewarm|reserved about|ambivalent about|ambivalent|"
     "unconvinced by|unconvinced|not convinced|uneasy about|uneasy|concerned about|reticent about|"
     "reticent|tepid|unenthusiastic|in no hurry to|in no rush to|cool to|cool on|divided over|split over|"
     "a sceptic of|a skeptic of|sceptic of|skeptic of|sceptical towards|skeptical toward|skeptical towards|"
     "doubtful about|doubtful"),
    (N, 0.8, "a matter for|a matter between|up to each|an internal matter|an internal affair|"
     "a bilateral matter|"
     "on the fence|neutral on|neutral about|neutral|undecided on|undecided|noncommittal|non-committal|"
     "unclear|yet to be decided|"
     "silent on|agnostic about|agnostic on"),
    (C, 0.8, "open to|open in principle to"),
]
INTENTS: list[tuple[Position, float, str]] = [
    (S, 0.8, "ready to|prepared to|willing to|eager to|keen to|determined to|vow to|pledge to|promise to|"
     "want to|seek to|plan to|intend to|move to|aim to|hope to|offer to|agree to|decide to|"
     "commit to|be set to|look to|push to|work to"),
    (O, 0.85, "refuse to|threaten to|decline to"),
]
# Nouns: (position, strength, needs a complement or light verb, entries).
NOUNS: list[tuple[Position, float, bool, str]] = [
    (S, 0.85, True, "support|backing|endorsement|approval|commitment|enthusiasm|push|call|calls|"
     "advocacy|green light|blessing|consent"),
    (O, 0.85, True, "opposition|objection|objections|resistance|veto|rejection|criticism|hostility|"
     "condemnation|refusal|red line"),
    (H, 0.8, False, "skepticism|scepticism|reluctance|reservations|wariness|hesitancy|hesitation|"
     "doubts|misgivings|caution|unease|ambivalence|foot-dragging"),
    (N, 0.75, True, "neutrality|abstention"),
    (C, 0.8, True, "conditions|preconditions|openness|conditional support|conditional backing"),
]
_INTENSE = "stiff|strong|fierce|growing|firm|staunch|vocal|mounting|considerable|fresh|renewed|sharp|heavy"
PASSIVES: list[tuple[Position, float, str]] = [
    (S, 0.85, "backed by|supported by|endorsed by|welcomed by|championed by|approved by|praised by|"
     "support from|backing from|with the support of|with the backing of"),
    (O, 0.85, "opposed by|rejected by|blocked by|vetoed by|criticised by|criticized by|condemned by|"
     "resisted by|resistance from|opposition from|objections from|criticism from|pushback from|"
     "facing resistance from|faces resistance from|face resistance from|held up by|met with resistance from|" +
     "|".join(f"{adj} {noun} from" for adj in _INTENSE.split("|")
              for noun in ("opposition", "resistance", "criticism", "pushback", "objections"))),
    (H, 0.8, "skepticism from|scepticism from|reluctance from|reservations from|doubts from|caution from"),
]
# Concrete acts: positive acts support their object, reversing acts oppose it.
ACTIONS: list[tuple[Position, float, str]] = [
    (S, 0.75, "send|deliver|provide|supply|give|transfer|ship|donate|grant|offer|extend|admit|invite|"
     "recognise|recognize|impose|approve|fund|finance|adopt|introduce|tighten|expand|increase|raise|"
     "boost|allow|authorise|authorize|open|sign|defend|meet|reach|hit|resume|restore|sanction|deploy|"
     "implement|apply|enforce|comply with|ratify|"
     "resume|unfreeze|release|approve|endorse|join|reimpose|reinstate|reintroduce|reactivate|revive|bring back|"
     "keep|maintain|uphold|bring ~ back"),
    (O, 0.75, "lift|ease|scrap|abandon|suspend|halt|stop|cut|freeze|end|withdraw|ban|cancel|delay|"
     "postpone|limit|restrict|loosen|reduce|phase out|quit|leave|withhold|revoke|"
     "terminate|scale back|curb|reconsider|rethink|shut down|decommission|dismantle"),
]
CALLS = "call|describe|brand|label|term|dub|deem|characterise|characterize|see|regard|consider|view"
EVALUATIVE: dict[Position, str] = {
    O: "terrifying|dangerous|unacceptable|mistake|absurd|reckless|provocation|provocative|disaster|"
       "disastrous|illegal|unrealistic|nonsense|madness|suicidal|naive|counterproductive|premature|"
       "catastrophic|irresponsible|outrageous|scandalous|shameful|insane|crazy|dead end|unfair|useless|"
       "pointless|harmful|betrayal|escalation|escalatory|non-starter|nonstarter|bad idea|folly|"
       "unworkable|unjustified|destabilising|destabilizing|blackmail|threat|red line|unthinkable|disgrace|"
       "disgraceful|unreasonable|unrealistic|wrong|misguided|irrational|a gift to|unwise|short-sighted|"
       "shortsighted|dangerous mistake|grave mistake|historic mistake|huge mistake|error|boomerang|"
       "backfire|escalate|prolong|undermine|provoke|loophole|unachievable|unfeasible|unaffordable|fatal|"
       "an attack on|an assault on|a threat to|a betrayal of|a slap in the face|a step backwards|"
       "a step backward|a backward step|a step back|"
       "aggressive|highly aggressive|aggression|a form of aggression|hurt|harm|damage|protectionist|"
       "protectionism|trade war|economic war|unbalanced|illegitimate|unlawful|null and void",
    S: "essential|vital|crucial|historic|necessary|welcome|indispensable|long overdue|overdue|"
       "step in the right direction|the right decision|the right thing|landmark|breakthrough|"
       "game changer|game-changer|priority|imperative|only way|best way|important step|right step|"
       "a good step|positive step|welcome step|a must|minimum|the minimum|necessity|crucial step|"
       "sensible|reasonable|justified|the right move|long-awaited|win-win|a win-win|good deal|fair deal|"
       "right instrument|right tool|right approach|right answer|right choice|right solution|right way|"
       "right course|right path|right response|achievable|feasible|realistic|workable|doable|affordable|"
       "needed|warranted|the right call",
}
CONDITIONS = ("only if|only when|only after|only once|only on condition|on condition that|on the condition that|"
              "provided that|providing that|as long as|so long as|conditional on|conditioned on|"
              "contingent on|contingent upon|subject to|in exchange for|in return for|post-war|postwar|"
              "after the war|once the war|when the war ends|once the fighting|after the fighting|"
              "in principle|in the abstract|but only|with required|with reforms|only at the end of|"
              "only as part of|only as the result of|only through|only under|only within|only with|"
              "only in the context of|only in coordination with|in coordination with|must respect|"
              "must comply with|must be compatible with|must be in line with|must be legally sound|"
              "must abide by|must be consistent with|must be grounded in|has to respect|should respect|"
              "once reforms|after reforms|under certain conditions|with conditions|with strings attached|"
              "if certain conditions|as soon as conditions|when conditions allow|when conditions are met")
# Negators: polarity flippers, and softer ones that turn support into hesitancy.
NEGATORS = ("not|n't|never|no longer|no|nor|neither|without|cannot|refuse to|refused to|refuses to|"
            "unwilling to|unable to|fail to|failed to|fails to|denied|denies|denying|"
            "rejected claims that|dismissed suggestions that|dismissed reports that|rejected reports that|"
            "dismissed claims that|not yet|stop short of|stopped short of|stops short of|decline to|"
            "declined to|declines to|hardly")
SOFT_NEGATORS = frozenset({"not yet", "stop short of", "stopped short of", "stops short of", "decline to",
                           "declined to", "declines to"})
_IRREGULAR = {
    "throw": ["throws", "threw", "thrown", "throwing"], "stand": ["stands", "stood", "standing"],
    "fight": ["fights", "fought", "fighting"], "draw": ["draws", "drew", "drawn", "drawing"],
    "give": ["gives", "gave", "given", "giving"], "hold": ["holds", "held", "holding"],
    "get": ["gets", "got", "gotten", "getting"], "seek": ["seeks", "sought", "seeking"],
    "put": ["puts", "putting"], "set": ["sets", "setting"], "cut": ["cuts", "cutting"],
    "speak": ["speaks", "spoke", "spoken", "speaking"], "see": ["sees", "saw", "seen", "seeing"],
    "quit": ["quits", "quitting"], "leave": ["leaves", "left", "leaving"], "be": ["is", "are", "was", "were",
    "been", "being", "remains", "remained", "remain", "stays", "stayed", "stay", "seems", "seemed",
    "appears", "appeared"], "veto": ["vetoes", "vetoed", "vetoing"], "lay": ["lays", "laid", "laying"],
    "make": ["makes", "made", "making"], "take": ["takes", "took", "taken", "taking"],
    "withdraw": ["withdraws", "withdrew", "withdrawn", "withdrawing"], "pay": ["pays", "paid", "paying"],
    "come": ["comes", "came", "coming"], "go": ["goes", "went", "gone", "going"],
    "keep": ["keeps", "kept", "keeping"], "send": ["sends", "sent", "sending"],
    "sit": ["sits", "sat", "sitting"], "lend": ["lends", "lent", "lending"],
    "dig": ["digs", "dug", "digging"], "hit": ["hits", "hitting"],
    "label": ["labels", "labelled", "labeled", "labelling", "labeling"],
    "cancel": ["cancels", "cancelled", "canceled", "cancelling", "canceling"], "stick": ["sticks", "stuck", "sticking"],
}
_DOUBLE = {"regret", "dub", "chip", "rebut",
           "drop", "stop", "drag", "plan", "ban", "bar", "slam", "scrap", "ship", "admit", "commit", "step", "stall",
           "green-light", "cut", "put", "quit", "set"}


def inflect(lemma: str) -> list[str]:
    """The lemma and its -s, -ed and -ing forms (plus irregular ones)."""
    if lemma in _IRREGULAR:
        return [lemma, *_IRREGULAR[lemma]]
    if lemma in _DOUBLE and lemma not in ("stall", "green-light"):
        stem = lemma + lemma[-1]
        return [lemma, lemma + "s", stem + "ed", stem + "ing"]
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return [lemma, lemma + "es", lemma + "ed", lemma + "ing"]
    return [lemma, lemma + "s", lemma + "ed", lemma + "ing"]


def _phrases(entries: str, verb: bool) -> list[str]:
    out: list[str] = []
    for entry in entries.split("|"):
        head, _, rest = entry.partition(" ")
        forms = inflect(head) if verb else [head]
        out.extend(f"{form} {rest}".strip() for form in forms)
    return out


@dataclass(frozen=True, slots=True)
class Cue:
    """A lexicon entry as found in a sentence, at tokens ``[start, end)``."""

    start: int
    end: int
    position: Position
    kind: str
    strength: float
    needs_object: bool
    phrase: str


@dataclass(frozen=True, slots=True)
class _Entry:
    lows: tuple[str, ...]
    position: Position | None
    kind: str
    strength: float
    needs_object: bool


def _lows(phrase: str) -> tuple[str, ...]:
    tokens, _ = tokenize(phrase)
    return tuple(t.low for t in tokens)


class Lexicon:
    """Every cue phrase, indexed by first folded token for a single left-to-right scan."""

    def __init__(self) -> None:
        self._index: dict[str, list[_Entry]] = {}
        for pos, strength, needs, entries in VERBS:
            self._add(_phrases(entries, True), pos, "verb", strength, needs)
        for pos, strength, entries in ADJECTIVES:
            self._add(_phrases(entries, False), pos, "adj", strength, False)
        for pos, strength, entries in INTENTS:
            self._add(_phrases(entries, True), pos, "intent", strength, False)
        for pos, strength, needs, entries in NOUNS:
            self._add(_phrases(entries, False), pos, "noun", strength, needs)
        for pos, strength, entries in PASSIVES:
            self._add(_phrases(entries, False), pos, "passive", strength, False)
        for pos, strength, entries in ACTIONS:
            self._add(_phrases(entries, True), pos, "action", strength, True)
        self._add(_phrases(CALLS, True), None, "call", 0.8, True)
        for pos, entries in EVALUATIVE.items():
            self._add(_phrases(entries, False), pos, "eval", 0.7, True)
        self._add(_phrases(CONDITIONS, False), C, "cond", 0.8, False)
        self._add(_phrases(NEGATORS, False), None, "neg", 1.0, False)
        for entries in self._index.values():
            entries.sort(key=lambda e: -len(e.lows))

    def _add(self, phrases: list[str], pos: Position | None, kind: str, strength: float, needs: bool) -> None:
        for phrase in phrases:
            lows = _lows(phrase)
            bucket = self._index.setdefault(lows[0], [])
            if not any(e.lows == lows and e.kind == kind for e in bucket):
                bucket.append(_Entry(lows, pos, kind, strength, needs))

    def first_words(self) -> frozenset[str]:
        """First words of verb-like cues: a name followed by one is a subject, not a modifier."""
        kinds = {"verb", "adj", "intent", "passive", "neg", "action", "call"}
        return frozenset(k for k, entries in self._index.items() if any(e.kind in kinds for e in entries))

    def find(self, tokens: list[Token]) -> list[Cue]:
        """Every cue in the sentence; several kinds may start at one token (verb and noun "support")."""
        found: list[Cue] = []
        skip = _adjuncts(tokens)
        keep = [i for i in range(len(tokens)) if i not in skip]
        kept = [tokens[i] for i in keep]
        lows = [t.low for t in kept]
        for a, low in enumerate(lows):
            best: dict[str, Cue] = {}
            for entry in self._index.get(low, ()):
                b = _match(entry.lows, kept, a)
                if b and (entry.kind not in best or b > best[entry.kind].end):
                    start, end = keep[a], keep[b - 1] + 1
                    best[entry.kind] = Cue(start, end, entry.position or S, entry.kind, entry.strength,
                                           entry.needs_object, " ".join(t.text for t in kept[a:b]))
            found.extend(best.values())
        return found


_SLOT = frozenset({"its", "their", "his", "her", "our", "my", "your", "it", "them", "him", "itself",
                   "themselves", "himself", "herself", "the", "a", "that", "this"})


_WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")
_MONTHS = words("january february march april may june july august september october november december "
                     "jan feb mar apr jun jul aug sep sept oct nov dec")
_SKIPPABLE = words("also again repeatedly publicly reportedly privately openly quickly formally officially "
                        "previously yesterday today tonight")


def _adjuncts(tokens: list[Token]) -> set[int]:
    """Dates and a few adverbs that may sit inside a cue ("offered on Tuesday to", "has also called")."""
    out: set[int] = set()
    n = len(tokens)
    for i, t in enumerate(tokens):
        low = t.low
        if low in _SKIPPABLE:
            out.add(i)
        elif low in ("on", "last", "this", "next", "earlier", "later") and i + 1 < n:
            nxt = tokens[i + 1].low
            if nxt in _WEEKDAYS or (nxt in _MONTHS and tokens[i + 1].cap):
                out.update({i, i + 1})
                if i + 2 < n and tokens[i + 2].low.isdigit():
                    out.add(i + 2)
            elif low != "on" and nxt in ("week", "month", "year"):
                out.update({i, i + 1})
    return out


def _match(pattern: tuple[str, ...], tokens: list[Token], i: int) -> int:
    """End of ``pattern`` matched at token ``i``; "~" is a pronoun, "@" a capitalised name."""
    j, n = i, len(tokens)
    for p in pattern:
        if j >= n:
            return 0
        if p == "~":
            if tokens[j].low not in _SLOT:
                return 0
        elif p == "@":
            if tokens[j].low == "the" and j + 1 < n:
                j += 1
            if not tokens[j].cap:
                return 0
            k = j
            while k < n and k - j < 4 and (tokens[k].cap or tokens[k].low == "'s"):
                k += 1
            if k < n and tokens[k].low.endswith("s") and tokens[k].word and not tokens[k].cap \
                    and tokens[k].low not in ("is", "was", "has", "says"):
                k += 1  # "European governments", "EU leaders"
            j = k
            continue
        elif tokens[j].low != p:
            return 0
        j += 1
    return j


LEXICON = Lexicon()
