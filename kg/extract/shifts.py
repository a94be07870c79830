"""Shifts of position: "Germany has softened its opposition to X" says where Germany stands now.

A shift phrase names the old position and the direction of the move; the statement it makes
is the new position: softening (easing, tempering, toning down) opposition, objections or
resistance leaves the holder hesitant; hardening it leaves the holder opposed. Whether a
position *changed* is decided across sources by :mod:`kg.analysis.changes`, from the dated
statements; here only the new position is coded, with the shift phrase as the cue.

The coder reads the article with each shift phrase swapped, in place and at the same length,
for a plain predicate it already codes ("has become hesitant about"), so holders, topics,
dates and coreference work as for any sentence; the statements of those sentences then get
the original sentence back as their quote and the shift phrase as their cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.model import Statement

_POSSESSIVE = r"(?:its|his|her|their|the\s+government's|the\s+country's)"
_SOFTEN = (r"soften(?:s|ed|ing)?|eas(?:e|es|ed|ing)|temper(?:s|ed|ing)?|moderat(?:e|es|ed|ing)|"
           r"tone(?:s|d)?\s+down|toning\s+down")
_HARDEN = r"harden(?:s|ed|ing)?|stiffen(?:s|ed|ing)?|toughen(?:s|ed|ing)?"
_OPPOSITION = r"(?:opposition|objections?|resistance|reservations|hostility|veto\s+threat)"
_PREPOSITION = r"(?:\s+(?:to|towards|toward|against|over|on|about|regarding))?"
SHIFT = re.compile(
    rf"\b(?:(?P<aux>has|have|had|is|are|was|were)\s+)?(?:(?:also|now|since|further|markedly|visibly|quietly|slightly)\s+)?"
    rf"(?P<verb>{_SOFTEN}|{_HARDEN})\s+{_POSSESSIVE}\s+(?:(?:initial|earlier|firm|strong|long-standing|longstanding)\s+)?"
    rf"{_OPPOSITION}{_PREPOSITION}",
    re.I,
)
_HARD = re.compile(rf"^(?:{_HARDEN})$", re.I)


@dataclass(frozen=True, slots=True)
class Shift:
    """A shift phrase at ``[start, end)`` of the article text, and what the coder reads there."""

    start: int
    end: int
    phrase: str
    stand_in: str


def _stand_in(m: re.Match[str]) -> str:
    """A predicate of the same length or shorter, padded with spaces, that the coder codes."""
    aux, verb = (m.group("aux") or ""), m.group("verb").lower()
    target = "opposed to" if _HARD.match(verb.split()[0]) else "hesitant about"
    has_object = m.group(0).rstrip().lower().endswith(("to", "towards", "toward", "against", "over", "on", "about",
                                                       "regarding"))
    if not has_object:
        target = target.split()[0]
    if aux.lower() in ("has", "have", "had"):
        words = f"{aux} become {target}"
    elif aux:  # "is softening its opposition": keep the copula
        words = f"{aux} {target}"
    else:  # the tense does not matter to the position; "is" is the copula every rule knows
        words = f"is {target}"
    text = m.group(0)
    return words + " " * (len(text) - len(words)) if len(words) <= len(text) else text


def find_shifts(text: str) -> list[Shift]:
    shifts = []
    for m in SHIFT.finditer(text):
        stand_in = _stand_in(m)
        if stand_in != m.group(0):
            phrase = re.sub(r"\s+", " ", m.group(0)[len(m.group("aux") or ""):].strip())
            shifts.append(Shift(m.start(), m.end(), phrase, stand_in))
    return shifts


def stand_in_text(text: str, shifts: list[Shift]) -> str:
    """The article text with every shift phrase replaced by its stand-in (offsets unchanged)."""
    out, at = [], 0
    for s in shifts:
        out += [text[at:s.start], s.stand_in]
        at = s.end
    return "".join(out) + text[at:]


def restore(statements: list[Statement], text: str, shifts: list[Shift]) -> list[Statement]:
    """Statements coded from the stand-in text, with the original quotes, and the shift phrase as
    the cue of a statement whose sentence holds one."""
    if not shifts:
        return statements
    out = []
    for st in statements:
        if st.start is None or st.end is None:
            out.append(st)
            continue
        inside = [s for s in shifts if st.start <= s.start and s.end <= st.end]
        if not inside:
            out.append(st)
            continue
        cue = inside[0].phrase if st.cue and st.cue.lower().split()[0] in ("hesitant", "opposed") else st.cue
        out.append(replace(st, quote=text[st.start:st.end], cue=cue))
    return out
