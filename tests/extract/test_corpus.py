"""Quality gate: the shared corpus and our own hand-annotated articles, scored with the shared
scorer (copied here as ``score_extraction.py`` so the tests do not depend on ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract import extract, load_article, to_records
from tests.extract.score_extraction import score

HERE = Path(__file__).resolve().parent
GOLD = sorted([*HERE.glob("corpus/*.gold.json"), *HERE.glob("articles/*.gold.json")])
BASE = "http://example.org/id/"
GATE = (0.9, 0.9, 0.8)  # stance F1, topic_ok, attribution_ok: the shared corpus and articles tuned on
# Articles written as held-out checks (gold made before the extractor saw them; first-pass and later
# scores are in the commit log). They prompted general fixes but no special cases; floors sit at their
# current scores, rounded down, so that any regression shows.
FLOORS = {
    "eu-chat-control": (0.82, 1.0, 1.0),
    "eu-chinese-ev-tariffs": (0.87, 0.94, 0.94),
    "eu-nuclear-power-rift": (0.7, 0.92, 0.64),
    "europe-conscription-debate": (0.61, 1.0, 1.0),
    "greenland-us-pressure": (0.66, 0.87, 1.0),
    "iran-snapback-sanctions": (0.82, 0.87, 0.93),
    "israel-arms-exports": (0.46, 0.83, 0.66),
    "plastics-treaty-talks": (0.64, 1.0, 1.0),
    "russian-athletes-olympics": (0.66, 0.8, 1.0),
    "schengen-border-checks": (0.72, 0.91, 1.0),
    "syria-sanctions-relief": (0.87, 0.85, 1.0),
    "ukraine-reassurance-force": (0.94, 0.93, 0.81),
    "ukrainian-grain-imports": (0.63, 0.71, 1.0),
}


def _records(gold: Path) -> list[dict]:
    article = gold.with_name(gold.name.replace(".gold.json", ".txt"))
    return to_records(extract(load_article(str(article))), BASE)


def test_there_are_enough_articles() -> None:
    assert len(list(HERE.glob("articles/*.gold.json"))) >= 6
    assert list(HERE.glob("corpus/*.gold.json"))


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_extraction_meets_the_quality_gate(gold: Path) -> None:
    result = score(_records(gold), json.loads(gold.read_text(encoding="utf-8")))
    report = f"{gold.name}: {result}"
    f1, topic_ok, attribution_ok = FLOORS.get(gold.name.removesuffix(".gold.json"), GATE)
    assert result["f1"] >= f1, report
    assert result["topic_ok"] >= topic_ok, report
    assert result["attribution_ok"] >= attribution_ok, report


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_quotes_are_exact_slices_of_the_article(gold: Path) -> None:
    article = load_article(str(gold.with_name(gold.name.replace(".gold.json", ".txt"))))
    for record in to_records(extract(article), BASE):
        assert article.text[record["start"]:record["end"]] == record["quote"]


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_articles_are_in_the_house_style(gold: Path) -> None:
    text = gold.with_name(gold.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    meta = json.loads(gold.with_name(gold.name.replace(".gold.json", ".meta.json")).read_text(encoding="utf-8"))
    assert meta["published"] and meta["title"]
    if "articles" in gold.parts:
        assert 250 <= len(text.split()) <= 600
    for entry in json.loads(gold.read_text(encoding="utf-8")):
        assert set(entry) == {"actor", "actor_aliases", "wikidata", "positions", "topic_keywords",
                              "attributed_to", "quote"}


def test_extraction_is_deterministic() -> None:
    gold = GOLD[0]
    assert _records(gold) == _records(gold)
