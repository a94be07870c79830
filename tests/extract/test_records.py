"""The JSON records ``kg extract --format json`` prints, and the public API of kg.extract."""

from __future__ import annotations

import json

import kg.extract
from kg.extract import load_article, to_records
from tests.extract.conftest import HERE, code

BASE = "http://example.org/id/"
FIELDS = ["actor", "actor_id", "actor_wikidata", "actor_type", "position", "topic", "topic_id", "attributed_to",
          "source", "date", "quote", "start", "end", "confidence", "cue"]


def test_the_public_api_is_exactly_this() -> None:
    assert sorted(kg.extract.__all__) == ["Article", "extract", "is_article_path", "load_article", "to_records"]


def test_records_have_exactly_the_documented_fields() -> None:
    article = load_article(str(HERE / "corpus" / "nato-invitation-resistance.txt"))
    records = to_records(kg.extract.extract(article), BASE)
    assert records
    for r in records:
        assert list(r) == FIELDS
        assert r["actor_id"].startswith(BASE + "actor/")
        assert r["topic_id"].startswith(BASE + "topic/")
        assert r["source"].startswith(BASE + "source/")
        assert r["actor_type"] in ("person", "state", "organization")
        assert r["position"] in ("support", "oppose", "hesitant", "conditional", "neutral")
        assert 0.0 < r["confidence"] <= 1.0
        assert article.text[r["start"]:r["end"]] == r["quote"]
        assert len(r["date"]) == 10
    json.dumps(records)  # serialisable as is


def test_records_for_a_known_and_an_unknown_actor() -> None:
    records = to_records(code("Poland backs the oil price cap. Outgoing US Ambassador to NATO Julianne Smith "
                              "backed the oil price cap too."), BASE)
    poland, smith = records
    assert poland["actor_wikidata"] == "Q36" and poland["actor_id"] == BASE + "actor/poland"
    assert poland["topic_id"] == BASE + "topic/oil-price-cap-on-russian-oil"
    assert smith["actor_wikidata"] is None and smith["actor_type"] == "person"


def test_a_base_without_a_trailing_slash() -> None:
    (record,) = to_records(code("Poland backs the oil price cap."), "http://example.org/id")
    assert record["actor_id"] == "http://example.org/id/actor/poland"
