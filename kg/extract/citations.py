"""Outlets cited by name that the outlet dictionary does not know: "according to Danube News",
"Danube News reported that ...", "as first reported by the Adriatic Times".

Cross-source analysis counts a report repeated from another outlet as that outlet's (one
independent source, not two), so it needs the cited outlet even when it is not one of the
dictionary's. A name counts as an outlet when it ends in a word outlets are named with
(News, Times, Post, Herald, ...). Only statements the attribution rules left unattributed, or
attributed to a phrase containing the name ("report by Danube News"), are given the name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.model import Statement

_HEADS = ("News|Times|Post|Herald|Daily|Journal|Gazette|Tribune|Wire|Press|Telegraph|Observer|Review|Ledger|"
          "Chronicle|Courier|Standard|Express|Mail|Monitor|Insider|Independent|Today|Radio|TV|Television|"
          "Dispatch|Record|Register|Sentinel|Bulletin|Reporter|Weekly|Magazine|Agency|Broadcasting|Newswire")
NAME = rf"(?P<name>(?:[Tt]he\s+)?(?:[A-Z][\w'’&.-]*\s+){{0,3}}(?:{_HEADS}))\b"
_VERBS = r"(?:reported|reports|has\s+reported|had\s+reported|wrote|writes|revealed|reveals|said|says)"
CITED = [
    re.compile(rf"\baccording\s+to\s+(?:(?:a|the|an)\s+)?(?:(?:report|reports|reporting|article|story)\s+(?:by|in|from)\s+)?{NAME}"),
    re.compile(rf"\b(?:first\s+)?reported\s+by\s+{NAME}"),
    re.compile(rf"(?:^|,\s*|\bthat\s+|;\s*){NAME}\s+{_VERBS}\b"),
    re.compile(rf"(?:^|,\s*)per\s+{NAME}"),
]


def cited_outlet(sentence: str) -> str | None:
    """The outlet a sentence cites by name, if it names one the way outlets are named."""
    for pattern in CITED:
        m = pattern.search(sentence)
        if m:
            name = re.sub(r"\s+", " ", m.group("name")).strip()
            return re.sub(r"^[Tt]he ", "", name) if len(name.split()) > 2 else name
    return None


def attribute_cited(statements: list[Statement], text: str) -> list[Statement]:
    """Statements attributed to the outlet their sentence cites, where nothing better was found."""
    out = []
    for st in statements:
        if st.start is None or st.end is None or st.denied_by is not None:
            out.append(st)
            continue
        name = cited_outlet(text[st.start:st.end])
        if name and (st.attributed_to is None or name in st.attributed_to) and name != st.actor.label:
            st = replace(st, attributed_to=name)
        out.append(st)
    return out
