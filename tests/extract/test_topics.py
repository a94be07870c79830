"""The topic dictionary (kg/data/topics.json) and how objects are normalised to it."""

from __future__ import annotations

import json

import pytest

from kg.extract.topics import default_topics
from kg.resources import data_dir
from tests.extract.conftest import code, one

ENTRIES = json.loads((data_dir() / "topics.json").read_text(encoding="utf-8"))


def test_the_dictionary_is_a_skos_like_hierarchy() -> None:
    labels = [e["label"] for e in ENTRIES]
    assert len(labels) == len(set(labels)) >= 60
    for entry in ENTRIES:
        assert set(entry) == {"label", "broader", "aliases", "keywords"}
        assert entry["broader"] is None or entry["broader"] in labels, entry["label"]
        assert entry["keywords"], entry["label"]
    index = default_topics()
    for label in labels:
        assert label not in index.ancestors(label), f"cycle at {label}"


@pytest.mark.parametrize(("narrow", "broad"), [
    ("Ukraine's invitation to NATO", "Ukraine's NATO membership"),
    ("Oil price cap on Russian oil", "Sanctions on Russia"),
    ("Frozen Russian assets", "Sanctions on Russia"),
    ("Taurus missiles for Ukraine", "Weapons deliveries to Ukraine"),
    ("F-16 fighter jets for Ukraine", "Weapons deliveries to Ukraine"),
    ("Air defence for Ukraine", "Weapons deliveries to Ukraine"),
    ("Ukraine's EU accession", "EU enlargement"),
    ("NATO 5% of GDP defence spending target", "Defence spending"),
    ("Recognition of a Palestinian state", "Two-state solution"),
])
def test_narrower_topics(narrow: str, broad: str) -> None:
    assert broad in default_topics().ancestors(narrow)


@pytest.mark.parametrize(("sentence", "topic"), [
    ('Tusk expressed support for "opening up a NATO perspective for Ukraine."', "Ukraine's NATO membership"),
    ("Germany opposes an immediate invitation for Ukraine to join the alliance.", "Ukraine's invitation to NATO"),
    ("Scholz ruled out sending Taurus cruise missiles to Kyiv.", "Taurus missiles for Ukraine"),
    ("Poland backs the oil price cap.", "Oil price cap on Russian oil"),
    ("Belgium opposes using frozen Russian assets for Ukraine.", "Frozen Russian assets"),
    ("Spain supports a ceasefire in Gaza.", "Israel–Gaza ceasefire"),
    ("Ireland backs a two-state solution.", "Two-state solution"),
    ("Hungary rejects the EU migration pact.", "EU Migration and Asylum Pact"),
    ("France opposes the EU-Mercosur trade deal.", "EU–Mercosur trade agreement"),
    ("Sweden supports tariffs on Chinese electric vehicles.", "EU tariffs on Chinese electric vehicles"),
    ("The Netherlands backs sending F-16s to Ukraine.", "F-16 fighter jets for Ukraine"),
])
def test_objects_are_normalised_to_dictionary_topics(sentence: str, topic: str) -> None:
    (statement,) = code(sentence)
    assert statement.topic.label == topic


def test_an_unknown_object_becomes_its_own_topic() -> None:
    statement = one(code("Poland's president opposes the new migration law. Austria opposes the new migration law."),
                    "Austria")
    assert statement.topic.label == "Migration law"
    assert statement.topic.broader is None


def test_an_anaphor_takes_the_articles_topic() -> None:
    got = code("Slovakia opposes the move.", title="EU weighs 18th package of sanctions on Russia")
    assert one(got, "Slovakia").topic.label == "Sanctions on Russia"


def test_a_definite_description_refers_back() -> None:
    got = code("Germany backs the oil price cap. Malta remains wary of lowering the cap further.")
    assert one(got, "Malta").topic.label == "Oil price cap on Russian oil"


def test_statement_topics_carry_broader() -> None:
    got = code("Poland backs the oil price cap.")
    assert got[0].topic.broader == "Sanctions on Russia"
