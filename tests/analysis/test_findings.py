"""The exact claims, disputes and position changes of the hand-written articles, alone and with
the shared corpus, on the embedded store, `oxigraph serve` and Virtuoso."""

from __future__ import annotations

from kg.ingest import ingest_paths

from .conftest import CORPUS, FIXTURES, INVITATION, evidence, run, short

HUNGARY_OUTLETS = ["Adriatic Times", "Carpathian Herald", "Danube News", "Vistula Post"]


def claims(store, iris) -> list[tuple]:  # noqa: ANN001
    return [(short(r["who"]), r["positionLabel"], short(r["about"]), r["first"], r["last"], r["sources"],
             r["independent"]) for r in run(store, iris, "topic-claims", topic=INVITATION)]


def test_four_outlets_one_citing_another_are_three_independent_sources(store, iris) -> None:
    ingest_paths(store, [FIXTURES], iris)
    assert claims(store, iris) == [("hungary", "oppose", INVITATION, "2024-10-23", "2024-10-24", 4, 3)]
    [claim] = run(store, iris, "topic-claims", topic=INVITATION)
    rows = evidence(store, [claim["claim"]])
    assert sorted(r["publisherLabel"] for r in rows) == HUNGARY_OUTLETS
    # The Carpathian Herald repeats Danube News ("according to Danube News"): it counts as Danube News.
    origin = {r["publisherLabel"]: r["originLabel"] for r in rows}
    assert origin == {"Adriatic Times": "Adriatic Times", "Carpathian Herald": "Danube News",
                      "Danube News": "Danube News", "Vistula Post": "Vistula Post"}
    assert claim["explanation"] == ("4 statements from 4 sources give the same actor the same position on the same "
                                    "topic, each stated within 14 days of another; 1 of the 4 sources repeats "
                                    "another's report, so 3 are independent.")


def test_a_denial_the_next_day_disputes_the_claim(store, iris) -> None:
    ingest_paths(store, [FIXTURES], iris)
    [dispute] = run(store, iris, "topic-disputes", topic=INVITATION)
    assert (short(dispute["who"]), dispute["first"], dispute["last"]) == ("hungary", "2024-10-23", "2024-10-25")
    rows = evidence(store, [dispute["dispute"]])
    assert sorted((r["kind"], r["positionLabel"], r["publisherLabel"], r["date"]) for r in rows) == [
        ("denial", "oppose", "Adriatic Times", "2024-10-25"),
        ("statement", "oppose", "Adriatic Times", "2024-10-24"),
        ("statement", "oppose", "Carpathian Herald", "2024-10-24"),
        ("statement", "oppose", "Danube News", "2024-10-23"),
        ("statement", "oppose", "Vistula Post", "2024-10-24"),
    ]
    [denial] = [r for r in rows if r["kind"] == "denial"]
    assert denial["deniedByLabel"] == "Hungary" and denial["cue"] == "refuted reports"
    # The denial points at what it denies: the four statements, and the claim that groups them.
    [claim] = run(store, iris, "topic-claims", topic=INVITATION)
    denied = {r["target"]: r["targetKind"] for r in run(store, iris, "denial-targets", denial=short(denial["report"]))}
    assert denied == {**{r["report"]: "statement" for r in rows if r["kind"] == "statement"},
                      claim["claim"]: "claim"}
    assert dispute["explanation"] == ("Reports from 5 sources within 14 days conflict: "
                                      "1 denial contradicts 4 statements.")


def test_a_position_that_softens_over_three_months_has_one_change_point(store, iris) -> None:
    ingest_paths(store, [FIXTURES], iris)
    [change] = run(store, iris, "actor-changes", actor="germany")
    assert (change["fromLabel"], change["toLabel"], change["previouslyOn"], change["changedOn"], change["shift"]) == (
        "oppose", "hesitant", "2024-12-18", "2025-01-29", 0.5)
    rows = evidence(store, [change["change"]])
    assert sorted((r["role"], r["positionLabel"], r["publisherLabel"], r["date"], r["cue"]) for r in rows) == [
        ("after", "hesitant", "Carpathian Herald", "2025-01-29", "softened its opposition to"),
        ("before", "oppose", "Vistula Post", "2024-12-18", "opposed to"),
    ]
    assert run(store, iris, "actor-changes", actor="hungary") == []
    assert run(store, iris, "actor-changes", actor="germany", topic="ukraines-nato-membership") == [change]
    assert run(store, iris, "actor-changes", actor="germany", topic="zelenskyys-victory-plan") == []


def test_with_the_shared_corpus(store, iris) -> None:
    """The corpus article (Euromaidan Press citing Politico) adds a fifth source and a fourth
    independent one to the Hungary claim, and corroborates the German opposition of October."""
    ingest_paths(store, [FIXTURES, CORPUS], iris)
    assert claims(store, iris) == [
        ("hungary", "oppose", INVITATION, "2024-10-23", "2024-10-24", 5, 4),
        ("germany", "oppose", INVITATION, "2024-10-23", "2024-10-24", 2, 2),
    ]
    [hungary, _] = run(store, iris, "topic-claims", topic="ukraines-nato-membership")  # a broader topic finds them
    assert sorted({r["originLabel"] for r in evidence(store, [hungary["claim"]])}) == [
        "Adriatic Times", "Danube News", "Politico", "Vistula Post"]
    [dispute] = run(store, iris, "topic-disputes", topic=INVITATION, actor="hungary")
    assert len(evidence(store, [dispute["dispute"]])) == 6  # five statements and the denial
    changes = run(store, iris, "actor-changes", actor="germany")
    assert [(c["fromLabel"], c["toLabel"], c["changedOn"]) for c in changes] == [("oppose", "hesitant", "2025-01-29")]
    assert run(store, iris, "topic-claims", topic=INVITATION, actor="united-states") == []  # one source only


def test_a_curated_denial(store, iris, tmp_path) -> None:  # noqa: ANN001
    """Curated rows with denied_by are denials too: stored as kg:Denial, never as a position."""
    import json

    rows = [{"actor": "Spain", "position": "oppose", "topic": "Ukraine's invitation to NATO", "source_title": t,
             "publisher": p, "published": d, **extra}
            for t, p, d, extra in (("Report", "Danube News", "2024-10-23", {}),
                                   ("Denial", "Adriatic Times", "2024-10-24", {"denied_by": "Spain",
                                                                               "quote": "Madrid denied it."}))]
    path = tmp_path / "denial.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ingest_paths(store, [path], iris)
    assert [r["actorLabel"] for r in run(store, iris, "positions-on-topic", topic=INVITATION)] == ["Spain"]
    [dispute] = run(store, iris, "topic-disputes", topic=INVITATION)
    assert sorted(r["kind"] for r in evidence(store, [dispute["dispute"]])) == ["denial", "statement"]
