"""Re-derived on every ingest and retraction, for the topics touched only, and the same whatever
the ingest order: one article at a time in several orders gives the findings of one batch."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from kg.analysis import derive as derive_module
from kg.analysis.derive import derive
from kg.ingest import ingest_paths, retract
from kg.store.embedded import EmbeddedStore
from kg.vocab import Iris

from .conftest import ARTICLES, BASE, CORPUS, FIXTURES, INVITATION, article, derived, run, short

INPUTS = [*ARTICLES, CORPUS]


def _batch(tmp_path: Path) -> list[str]:
    store = EmbeddedStore.open(tmp_path / "batch")
    try:
        ingest_paths(store, INPUTS, Iris(BASE))
        return derived(store)
    finally:
        store.close()


def _orders() -> list[list[Path]]:
    orders = [list(reversed(INPUTS)), sorted(INPUTS, key=lambda p: p.name[::-1])]
    for seed in (1, 2, 3):
        shuffled = list(INPUTS)
        random.Random(seed).shuffle(shuffled)
        orders.append(shuffled)
    return orders


@pytest.mark.parametrize("order", range(5))
def test_ingest_order_does_not_change_the_findings(tmp_path: Path, order: int) -> None:
    expected = _batch(tmp_path)
    assert any("/claim/" in line for line in expected) and any("/dispute/" in line for line in expected)
    store = EmbeddedStore.open(tmp_path / "one-by-one")
    try:
        for path in _orders()[order]:
            ingest_paths(store, [path], Iris(BASE))
        assert derived(store) == expected
    finally:
        store.close()


def test_one_at_a_time_on_every_store(store, iris, tmp_path: Path) -> None:  # noqa: ANN001
    """The reverse order, article by article, with a retraction and a re-ingest on the way."""
    expected = _batch(tmp_path)
    for path in reversed(INPUTS):
        ingest_paths(store, [path], iris)
    retract(store, iris, "https://adriatic-times.example/world/budapest-denies-blocking-nato-invitation")
    assert run(store, iris, "topic-disputes", topic=INVITATION) == []
    ingest_paths(store, [article("adriatic-times-budapest-denies")], iris)
    assert derived(store) == expected


def test_retracting_a_source_recounts_its_claim(store, iris) -> None:  # noqa: ANN001
    ingest_paths(store, [FIXTURES], iris)
    retract(store, iris, "https://danube-news.example/2024/10/23/hungary-holds-out-nato-invitation")
    # Without Danube News' own report, the Carpathian Herald's repeat of it is the only Danube News
    # origin left: still three sources, and still three independent ones.
    [claim] = run(store, iris, "topic-claims", topic=INVITATION)
    assert (claim["sources"], claim["independent"], claim["first"]) == (3, 3, "2024-10-24")
    retract(store, iris, "https://adriatic-times.example/world/allies-split-over-nato-invitation")
    retract(store, iris, "https://vistula-post.example/2024/10/24/budapest-objects-nato-invitation")
    assert run(store, iris, "topic-claims", topic=INVITATION) == []  # one source left: no claim
    [dispute] = run(store, iris, "topic-disputes", topic=INVITATION)  # the denial still contradicts it
    assert dispute["first"] == "2024-10-24"


def test_an_ingest_re_derives_only_the_topics_it_touches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = EmbeddedStore.open(tmp_path / "store")
    iris = Iris(BASE)
    try:
        ingest_paths(store, [FIXTURES, CORPUS], iris)
        before = derived(store)
        seen: list[tuple[set[str], int]] = []
        real = derive_module._findings_quads

        def spy(iris_, topics, reports, report):  # noqa: ANN001, ANN202
            reports = list(reports)
            seen.append(({t.value for t in topics}, len(reports)))
            return real(iris_, topics, reports, report)

        monkeypatch.setattr(derive_module, "_findings_quads", spy)
        other = tmp_path / "gas.jsonl"
        rows = [{"actor": "Austria", "position": position, "topic": "Ban on Russian gas imports",
                 "source_title": "Vienna on gas", "publisher": "Danube News", "published": "2025-02-03",
                 "quote": quote}
                for position, quote in (("oppose", "Vienna is against a ban."),
                                        ("hesitant", "Vienna is wary of a ban."))]
        other.write_text("".join(json.dumps(r) + "\n" for r in rows))
        ingest_paths(store, [other], iris)
        assert seen == [({iris.topic("ban-on-russian-gas-imports").value}, 2)]  # one topic, its two reports
        assert [line for line in derived(store) if "ban-on-russian-gas-imports" not in line] == before
    finally:
        store.close()


def test_a_publisher_newly_known_as_an_outlet_re_derives_what_was_attributed_to_it(store, iris, tmp_path: Path) -> None:  # noqa: ANN001
    """Two sources repeat "Baltic Wire", which kg does not know as an outlet until it publishes
    something itself (on another topic): then the two are one independent source."""
    rows = [{"actor": "Hungary", "position": "oppose", "topic": "Ukraine's invitation to NATO", "source_title": title,
             "publisher": publisher, "published": "2024-10-24", "attributed_to": "Baltic Wire"}
            for title, publisher in (("One", "Danube News"), ("Two", "Vistula Post"))]
    first = tmp_path / "repeats.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ingest_paths(store, [first], iris)
    [claim] = run(store, iris, "topic-claims", topic=INVITATION)
    assert (claim["sources"], claim["independent"]) == (2, 2)
    own = tmp_path / "own.jsonl"
    own.write_text(json.dumps({"actor": "Austria", "position": "oppose", "topic": "Ban on Russian gas imports",
                               "source_title": "Baltic Wire on gas", "publisher": "Baltic Wire",
                               "published": "2025-02-03"}) + "\n")
    ingest_paths(store, [own], iris)
    [claim] = run(store, iris, "topic-claims", topic=INVITATION)
    assert (claim["sources"], claim["independent"]) == (2, 1)


def test_re_ingesting_a_source_on_another_topic_clears_the_old_topic(store, iris, tmp_path: Path) -> None:  # noqa: ANN001
    def write(topic: str) -> Path:
        path = tmp_path / "moving.jsonl"
        rows = [{"actor": "Hungary", "position": "oppose", "topic": topic, "source_title": title, "publisher": title,
                 "published": "2024-10-24"} for title in ("Paper A", "Paper B")]
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        return path

    ingest_paths(store, [write("Ukraine's invitation to NATO")], iris)
    assert len(run(store, iris, "topic-claims", topic=INVITATION)) == 1
    ingest_paths(store, [write("Ukraine's EU accession")], iris)
    assert run(store, iris, "topic-claims", topic=INVITATION) == []
    assert len(run(store, iris, "topic-claims", topic="ukraines-eu-accession")) == 1
    assert not any(short(g.value) == INVITATION for g in store.graph_names() if "/graph/derived/" in g.value)


def test_bulk_loads_skip_derivation_and_kg_derive_catches_up(tmp_path: Path) -> None:
    incremental, bulk = EmbeddedStore.open(tmp_path / "a"), EmbeddedStore.open(tmp_path / "b")
    iris = Iris(BASE)
    try:
        for path in INPUTS:
            ingest_paths(incremental, [path], iris)
        ingest_paths(bulk, INPUTS, iris, derive=False)
        assert derived(bulk) == []
        report = derive(bulk, iris)
        assert (report.claims, report.disputes, report.changes) == (2, 1, 1)
        assert derived(bulk) == derived(incremental)
        assert derive(bulk, iris).quads == report.quads  # deriving again changes nothing
        assert derived(bulk) == derived(incremental)
    finally:
        incremental.close()
        bulk.close()


def test_permutations_of_the_hungary_story(tmp_path: Path) -> None:
    """Every order of the four reports and the denial (120 orders) gives the same findings."""
    story = [article(n) for n in ("danube-news-hungary-holds-out", "adriatic-times-invitation-split",
                                  "vistula-post-budapest-objects", "carpathian-herald-invitation-roundup",
                                  "adriatic-times-budapest-denies")]
    from kg.extract import extract, load_article
    from kg.ingest import ingest_statements

    extracted = {p: extract(load_article(str(p)), analysis=True) for p in story}
    results = set()
    for order in itertools.permutations(story):
        store = EmbeddedStore.open(None)
        for path in order:
            ingest_statements(store, extracted[path], Iris(BASE), method="extracted")
        results.add(tuple(derived(store)))
        store.close()
    assert len(results) == 1
