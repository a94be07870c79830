"""What extraction recognises for analysis: denials as statements about reports, shifts of
position as the new position, and outlets cited by name."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import Article, extract, load_article, to_records
from kg.model import Source

from .conftest import ARTICLES, BASE, article


def code(text: str, title: str = "Ukraine's invitation to NATO") -> list[tuple]:
    found = extract(Article(text, Source(title=title, published=date(2024, 10, 25))), analysis=True)
    return [(st.denied_by, st.actor.label, st.position.value, st.topic.label, st.cue) for st in found]


INVITATION = "Ukraine's invitation to NATO"


@pytest.mark.parametrize(("text", "denier", "cue"), [
    ("Hungary's foreign ministry on Friday refuted reports that Budapest opposes Ukraine's invitation to NATO.",
     "Hungary", "refuted reports"),
    ("Hungary denied reports that it opposes an invitation for Ukraine to join NATO.", "Hungary", "denied reports"),
    ("The Kremlin dismissed as fake reports that Hungary opposes Ukraine's invitation to NATO.", "Russia",
     "dismissed as fake reports"),
    ('"The information in the media that Hungary opposes Ukraine\'s invitation is not true," Hungarian Foreign '
     "Minister Péter Szijjártó said.", "Péter Szijjártó", "is not true"),
])
def test_denial_cues(text: str, denier: str, cue: str) -> None:
    # Only the denial: the denied report restated ("Budapest opposes ...") is not Hungary's position,
    # nor is the denial verb ("dismissed") the denier's.
    assert code(text) == [(denier, "Hungary", "oppose", INVITATION, cue)]


def test_a_denial_without_a_named_holder_is_the_deniers_own() -> None:
    text = ("Hungary's foreign ministry spokesman spoke on Friday. \"The information in the media that seven "
            "countries oppose Ukraine's invitation is not true,\" the spokesman said, according to Hungary.")
    found = code(text)
    assert ("Hungary", "Hungary", "oppose", INVITATION, "is not true") in found


def test_a_denial_without_content_denies_the_report_before_it() -> None:
    found = code("Politico reported on Wednesday that Slovakia opposes Ukraine's invitation to NATO. "
                 "Slovakia's foreign ministry refuted the reports on Thursday.")
    assert found == [(None, "Slovakia", "oppose", INVITATION, "opposes"),
                     ("Slovakia", "Slovakia", "oppose", INVITATION, "refuted the reports")]


def test_a_denial_keeps_what_else_the_sentence_says() -> None:
    found = code("Officials in Madrid denied that Spain was seeking to block Ukraine's invitation to NATO.")
    assert ("Spain", "Spain", "oppose", INVITATION, "denied that") in found


def test_without_analysis_extraction_is_unchanged() -> None:
    text = "Hungary's foreign ministry refuted reports that Budapest opposes Ukraine's invitation to NATO."
    plain = extract(Article(text, Source(title="t", published=date(2024, 10, 25))))
    assert all(st.denied_by is None for st in plain)


def test_shifts_code_the_new_position_with_the_shift_as_cue() -> None:
    assert code("Germany has softened its opposition to an invitation for Ukraine to join NATO.") == [
        (None, "Germany", "hesitant", INVITATION, "softened its opposition to")]
    assert code("Berlin eased its objections to Ukraine's invitation to NATO on Monday.") == [
        (None, "Germany", "hesitant", INVITATION, "eased its objections to")]
    assert code("Slovakia hardened its opposition to Ukraine's invitation to NATO.") == [
        (None, "Slovakia", "oppose", INVITATION, "hardened its opposition to")]


def test_an_outlet_cited_by_name_is_the_attribution() -> None:
    found = extract(Article("Hungary opposes Ukraine's invitation to NATO, according to Danube News.",
                            Source(title="t", published=date(2024, 10, 24))), analysis=True)
    assert [st.attributed_to for st in found] == ["Danube News"]


def test_quotes_stay_exact_slices_and_records_name_the_denier() -> None:
    for path in ARTICLES:
        loaded = load_article(str(path))
        for record in to_records(extract(loaded, analysis=True), BASE):
            assert loaded.text[record["start"]:record["end"]] == record["quote"]
    records = to_records(extract(load_article(str(article("adriatic-times-budapest-denies"))), analysis=True), BASE)
    assert [(r.get("denied_by"), r["actor"], r["position"]) for r in records] == [("Hungary", "Hungary", "oppose")]
