"""One statement per actor, topic and reporter in an article.

An article often says the same thing twice ("hesitant about the bid" ... "reluctant"), or
says it once loosely and once firmly ("hesitant" ... "opposing"), or names the question
once narrowly ("the invitation") and once broadly ("membership"): neighbouring positions
on one topic, and the same position on topics where one is the other's broader topic, are
merged into the most confident statement; distinct positions, and sibling topics ("tanks" and
"air defence"), stay apart.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.cues import Cue
from kg.extract.sentences import Token
from kg.model import Position, Statement, Topic

_CONTRAST = frozenset(("but", "however", "yet", "though", "although", "now"))

_NEIGHBOURS = {
    frozenset({Position.HESITANT, Position.OPPOSE}),
    frozenset({Position.SUPPORT, Position.CONDITIONAL}),
    frozenset({Position.HESITANT, Position.NEUTRAL}),  # "more cautious" ... "still studying it"
}


def _ancestors(topic: Topic, broader: dict[str, str | None]) -> set[str]:
    seen: set[str] = {topic.label}
    label = topic.broader
    while label and label not in seen:
        seen.add(label)
        label = broader.get(label)
    return seen


def _same(a: Statement, b: Statement, broader: dict[str, str | None]) -> bool:
    if a.actor.slug != b.actor.slug or (a.attributed_to or "").lower() != (b.attributed_to or "").lower():
        return False
    if a.position is not b.position:
        return a.topic == b.topic and frozenset({a.position, b.position}) in _NEIGHBOURS
    return a.topic.label in _ancestors(b.topic, broader) or b.topic.label in _ancestors(a.topic, broader)


def merge(statements: list[Statement], broader: dict[str, str | None] | None = None) -> list[Statement]:
    """Drop repeats and fold near-repeats, keeping article order and the most confident one."""
    broader = broader or {}
    kept: list[Statement] = []
    for st in statements:
        clash = next((i for i, k in enumerate(kept) if _same(k, st, broader)), None)
        if clash is None:
            kept.append(st)
        elif _rank(st, kept[clash]) > _rank(kept[clash], st):
            kept[clash] = st
    return [st for st in kept if not _weaker_condition(st, kept)]  # across the article too


def _rank(st: Statement, other: Statement) -> tuple[bool, float]:
    """Reluctance says more than neutrality ("uneasy about it" ... "would not block it"), and terms
    more than plain support ("reintroduced its own controls" ... "would keep them as long as ...")."""
    return (st.position is Position.HESITANT and other.position is Position.NEUTRAL) or (
        st.position is Position.CONDITIONAL and other.position is Position.SUPPORT), st.confidence


# -- within one sentence ----------------------------------------------------------------------

def after_contrast(tokens: list[Token], found: list[tuple[Cue, Statement]]) -> list[Statement]:
    """"Not against sanctions as such, but cannot support a package": the clause after "but" wins."""
    keep: list[Statement] = []
    softened: set[int] = set()
    for i, (cue, st) in enumerate(found):
        later = [(j, c) for j, (c, other) in enumerate(found[i + 1:], i + 1) if other.actor == st.actor
                 and other.position is not st.position and other.topic == st.topic]
        contrasted = [j for j, c in later if any(t.low in _CONTRAST for t in tokens[cue.end:c.start])]
        if contrasted and st.position is Position.HESITANT and all(
                found[j][1].position is Position.NEUTRAL for j in contrasted):
            keep.append(st)  # "uneasy about the timing but would not block it": reluctant, not neutral
            continue
        if contrasted:
            if st.position is Position.SUPPORT:
                softened.update(contrasted)  # "supported the principle but warned against": hesitant
            continue
        keep.append(st)
    return [replace(st, position=Position.HESITANT) if any(st is found[j][1] for j in softened)
            and st.position is Position.OPPOSE else st for st in keep]


def one_each(statements: list[Statement]) -> list[Statement]:
    """One statement per actor and position in a sentence: "supplied Storm Shadow ... and urged
    Berlin to follow suit" is one position, said twice."""
    keep: list[Statement] = []
    for st in statements:
        twin = next((i for i, k in enumerate(keep) if (k.actor.slug, k.position, k.attributed_to) ==
                     (st.actor.slug, st.position, st.attributed_to) and (
                         k.topic == st.topic or k.extra.get("anaphoric") or st.extra.get("anaphoric"))), None)
        if twin is None:
            keep.append(st)
        elif st.confidence > keep[twin].confidence or keep[twin].extra.get("anaphoric"):
            keep[twin] = st if not st.extra.get("anaphoric") else keep[twin]
    return [st for st in keep if not _weaker_condition(st, keep)]


def _weaker_condition(st: Statement, kept: list[Statement]) -> bool:
    """"blocked the package, demanding guarantees": the opposition stands; the demand qualifies it."""
    return st.position is Position.CONDITIONAL and st.extra.get("concession", False) and any(
        k.actor == st.actor and k.topic == st.topic and k.position is Position.OPPOSE
        and (k.attributed_to or "") == (st.attributed_to or "") for k in kept)
