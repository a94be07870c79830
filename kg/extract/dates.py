"""When a position was stated: relative and absolute dates in a sentence, resolved against the
publication date ("last week", "on Monday", "on October 17", "yesterday")."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES.split(" "))}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_DAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("weekday", re.compile(r"\b(?:(?:on|last|this past|earlier on)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|"
                           r"Saturday|Sunday)\b")),
    ("rel", re.compile(r"\b(yesterday|today|tonight|this week|last week|last month|last year|earlier this week|"
                       r"earlier this month|this month|(?:two|three|four|five|six|2|3|4|5|6) days ago|"
                       r"a week ago|(?:two|three|2|3) weeks ago)\b", re.I)),
]
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTHS[key[:3]]


def _relative(phrase: str, published: date) -> date | None:
    phrase = phrase.lower()
    fixed = {"yesterday": 1, "today": 0, "tonight": 0, "this week": 0, "last week": 7, "a week ago": 7,
             "earlier this week": 2, "this month": 0, "earlier this month": 7, "last month": 30,
             "last year": 365}
    if phrase in fixed:
        return published - timedelta(days=fixed[phrase])
    count, unit, _ = phrase.split()
    n = _NUMBERS.get(count) or int(count)
    return published - timedelta(days=n * (7 if unit.startswith("week") else 1))


def _absolute(year: int | None, month: int, day: int, published: date | None) -> date | None:
    try:
        if year:
            return date(year, month, day)
        if published is None:
            return None
        found = date(published.year, month, day)
        return found if found <= published + timedelta(days=1) else date(published.year - 1, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def stated_on(text: str, published: date | None) -> date | None:
    """The date a sentence says its statement was made, or the publication date."""
    best: tuple[int, date] | None = None
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            found = _resolve(kind, m, published)
            if found and (best is None or m.start() < best[0]):
                best = (m.start(), found)
    return best[1] if best else published


def _resolve(kind: str, m: re.Match[str], published: date | None) -> date | None:
    if kind == "mdy":
        year = int(m.group(3)) if m.group(3) else None
        return _absolute(year, _month(m.group(1)), int(m.group(2)), published)
    if kind == "dmy":
        year = int(m.group(3)) if m.group(3) else None
        return _absolute(year, _month(m.group(2)), int(m.group(1)), published)
    if kind == "iso":
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if published is None:
        return None
    if kind == "weekday":
        back = (published.weekday() - _DAYS[m.group(1).lower()]) % 7
        if m.group().lower().startswith(("last", "this past")) and back == 0:
            back = 7
        if m.group().lower().startswith("last") and back == 0:
            back = 7
        return published - timedelta(days=back)
    return _relative(m.group(1), published)
