"""The date a position was stated: from the sentence where it says so, else the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.dates import stated_on
from tests.extract.conftest import code, one

PUBLISHED = date(2024, 10, 24)  # a Thursday


@pytest.mark.parametrize(("text", "expected"), [
    ("during last week's EU leaders summit", date(2024, 10, 17)),
    ("said on Monday", date(2024, 10, 21)),
    ("said Tuesday", date(2024, 10, 22)),
    ("last Thursday", date(2024, 10, 17)),
    ("on October 17", date(2024, 10, 17)),
    ("on 17 October", date(2024, 10, 17)),
    ("on December 30", date(2023, 12, 30)),  # a date after publication is last year's
    ("on 3 March 2022", date(2022, 3, 3)),
    ("yesterday", date(2024, 10, 23)),
    ("two days ago", date(2024, 10, 22)),
    ("today", PUBLISHED),
    ("with no date at all", PUBLISHED),
])
def test_dates_resolve_against_the_publication_date(text: str, expected: date) -> None:
    assert stated_on(text, PUBLISHED) == expected


def test_no_publication_date_keeps_absolute_dates_only() -> None:
    assert stated_on("on 3 March 2022", None) == date(2022, 3, 3)
    assert stated_on("last week", None) is None


def test_statements_carry_the_date_they_were_made() -> None:
    got = code("Tusk expressed support for Ukraine's NATO membership during last week's EU summit.",
               published=PUBLISHED)
    assert one(got, "Donald Tusk").date == date(2024, 10, 17)
    got = code("Tusk expressed support for Ukraine's NATO membership.", published=PUBLISHED)
    assert one(got, "Donald Tusk").stated_on == PUBLISHED
