"""One statement per actor, topic and reporter in an article.

An article often says the same thing twice ("hesitant about the bid" ... "reluctant"), or
says it once loosely and once firmly ("hesitant" ... "opposing"), or names the question
once narrowly ("the invitation") and once broadly ("membership"): neighbouring positions
on one topic, and the same position on topics where one is the other's broader topic, are
merged into the most confident statement; distinct positions, and sibling topics ("tanks" and
"air defence"), stay apart.
"""

from __future__ import annotations

from kg.model import Position, Statement, Topic

_NEIGHBOURS = {
    frozenset({Position.HESITANT, Position.OPPOSE}),
    frozenset({Position.SUPPORT, Position.CONDITIONAL}),
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
        elif st.confidence > kept[clash].confidence:
            kept[clash] = st
    return kept
