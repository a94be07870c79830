"""The derivation rules on hand-made reports, without a store: windows, independent sources,
what conflicts, what a denial denies, when a position moves, and that order never matters."""

from __future__ import annotations

import random
from datetime import date, timedelta

from kg.analysis.changes import find_changes
from kg.analysis.claims import find_claims
from kg.analysis.derive import findings
from kg.analysis.disputes import conflict, find_disputes
from kg.analysis.findings import WINDOW_DAYS, Report
from kg.model import Position

S, C, N, H, O = Position.SUPPORT, Position.CONDITIONAL, Position.NEUTRAL, Position.HESITANT, Position.OPPOSE  # noqa: E741
T = "t:topic"
D0 = date(2024, 10, 1)
_counter = iter(range(10_000))


def rep(position: Position, day: int | None, source: str, *, actor: str = "a:hungary", origin: str | None = None,
        denied_by: str | None = None) -> Report:
    return Report(iri=f"s:{next(_counter):04d}", topic=T, actor=actor, position=position,
                  date=None if day is None else D0 + timedelta(days=day), source=f"src:{source}",
                  origin=origin or f"out:{source}", publisher=f"out:{source}", denied_by=denied_by)


def test_claims_need_two_sources_and_cut_at_gaps_longer_than_the_window() -> None:
    same_source = [rep(O, 0, "a"), rep(O, 1, "a")]
    assert find_claims(T, same_source) == []
    chain = [rep(O, 0, "a"), rep(O, WINDOW_DAYS, "b"), rep(O, 2 * WINDOW_DAYS, "c"), rep(O, 3 * WINDOW_DAYS + 1, "d"),
             rep(O, 3 * WINDOW_DAYS + 2, "e")]
    claims = find_claims(T, chain)
    # Single linkage: 0, 14 and 28 chain together; 43 is 15 days after 28, so a new claim starts.
    assert [(c.first, c.last, len(c.sources)) for c in claims] == [
        (D0, D0 + timedelta(days=28), 3), (D0 + timedelta(days=43), D0 + timedelta(days=44), 2)]


def test_positions_and_actors_are_separate_claims_and_undated_statements_group_apart() -> None:
    reports = [rep(O, 0, "a"), rep(O, 1, "b"), rep(H, 1, "c"), rep(H, 2, "d"), rep(O, 0, "e", actor="a:slovakia"),
               rep(O, None, "f"), rep(O, None, "g")]
    claims = find_claims(T, reports)
    assert sorted((c.actor, c.position.value, c.first, len(c.evidence)) for c in claims if c.first) == [
        ("a:hungary", "hesitant", D0 + timedelta(days=1), 2), ("a:hungary", "oppose", D0, 2)]
    [undated] = [c for c in claims if c.first is None]
    assert (undated.last, len(undated.evidence)) == (None, 2)


def test_an_outlet_repeating_another_counts_once() -> None:
    reports = [rep(O, 0, "politico"), rep(O, 1, "euromaidan", origin="out:politico"),
               rep(O, 1, "kyivpost", origin="out:politico"), rep(O, 2, "reuters")]
    [claim] = find_claims(T, reports)
    assert (len(claim.sources), len(claim.origins)) == (4, 2)
    assert claim.origins == ["out:politico", "out:reuters"]
    assert claim.outlets == ["out:euromaidan", "out:kyivpost", "out:politico", "out:reuters"]
    assert claim.explanation().endswith("2 of the 4 sources repeat another's report, so 2 are independent.")


def test_what_conflicts() -> None:
    pairs = {(a, b): conflict(rep(a, 0, "x"), rep(b, 1, "y")) for a in Position for b in Position}
    conflicting = {frozenset((a.value, b.value)) for (a, b), yes in pairs.items() if yes}
    assert conflicting == {frozenset(p) for p in (
        ("support", "neutral"), ("support", "hesitant"), ("support", "oppose"),
        ("conditional", "hesitant"), ("conditional", "oppose"), ("neutral", "oppose"))}
    assert not conflict(rep(S, 0, "x"), rep(O, 0, "x"))  # one source contradicting itself is not a dispute
    assert not conflict(rep(S, 0, "x"), rep(O, WINDOW_DAYS + 1, "y"))  # too far apart: a change, maybe
    assert not conflict(rep(S, None, "x"), rep(O, 0, "y"))


def test_a_denial_denies_the_same_position_from_other_sources_within_the_window() -> None:
    denial = rep(O, 10, "d", denied_by="a:hungary")
    denied = [rep(O, 0, "a"), rep(O, 9, "b")]
    spared = [rep(H, 9, "c"), rep(O, 10, "d"), rep(O, 10 + WINDOW_DAYS + 1, "e"), rep(O, 9, "f", actor="a:slovakia")]
    [dispute] = find_disputes(T, [denial, *denied, *spared], find_claims(T, denied))
    assert dispute.denied == ((denial.iri, tuple(sorted(r.iri for r in denied))),)
    assert {r.iri for r in dispute.evidence} == {denial.iri, *(r.iri for r in denied)}
    assert len(dispute.claims) == 1
    assert find_disputes(T, [denial, *spared]) == []


def test_disputes_are_connected_groups_of_conflicts() -> None:
    reports = [rep(S, 0, "a"), rep(O, 3, "b"), rep(O, 5, "c"), rep(S, 60, "d"), rep(N, 62, "e"), rep(H, 61, "f")]
    disputes = find_disputes(T, reports)
    assert [sorted(r.position.value for r in d.evidence) for d in disputes] == [
        ["oppose", "oppose", "support"], ["hesitant", "neutral", "support"]]
    assert disputes[0].explanation() == ("Reports from 3 sources within 14 days conflict: "
                                         "support (1 source) against oppose (2 sources).")


def test_a_position_moves_on_the_first_day_it_is_reported_without_the_old_one() -> None:
    reports = [rep(O, 0, "a"), rep(O, 30, "b"), rep(O, 60, "c"), rep(H, 60, "d"), rep(H, 90, "e"), rep(H, 91, "f")]
    [change] = find_changes(T, reports)
    assert (change.from_position, change.to_position) == (O, H)
    assert (change.previously_on, change.changed_on) == (D0 + timedelta(days=60), D0 + timedelta(days=90))
    assert [r.source for r in change.before] == ["src:c"] and [r.source for r in change.after] == ["src:e"]
    assert change.shift == 0.5


def test_a_tied_day_moves_nothing_and_the_most_independent_sources_prevail() -> None:
    tied_start = [rep(O, 0, "a"), rep(H, 0, "b"), rep(O, 20, "c")]
    assert find_changes(T, tied_start) == []  # the first day is tied; day 20 sets oppose; no move
    prevailing = [rep(S, 0, "a"), rep(O, 30, "b"), rep(O, 30, "c"), rep(C, 30, "d")]
    [change] = find_changes(T, prevailing)
    assert (change.from_position, change.to_position, len(change.after)) == (S, O, 2)
    # Two reports repeating one outlet weigh less than two independent ones...
    repeated = [rep(S, 0, "a"), rep(O, 30, "b"), rep(O, 30, "c", origin="out:b"), rep(C, 30, "d"), rep(C, 30, "e")]
    assert [c.to_position for c in find_changes(T, repeated)] == [C]
    # ... and with as many origins on each side, more statements win; all equal is a tie.
    more = [rep(S, 0, "a"), rep(O, 30, "b"), rep(O, 30, "c", origin="out:b"), rep(C, 30, "d")]
    assert [c.to_position for c in find_changes(T, more)] == [O]
    assert find_changes(T, [rep(S, 0, "a"), rep(O, 30, "b"), rep(C, 30, "d")]) == []


def test_denials_state_no_position_and_move_nothing() -> None:
    reports = [rep(O, 0, "a"), rep(O, 1, "b", denied_by="a:hungary"), rep(O, 40, "c")]
    assert find_changes(T, reports) == []
    assert find_claims(T, reports) == []  # a denial is no second source for the claim


def test_order_never_matters() -> None:
    reports = [rep(p, day, src, actor=actor, origin=origin)
               for p, day, src, actor, origin in [
                   (O, 0, "a", "a:x", None), (O, 2, "b", "a:x", "out:a"), (S, 3, "c", "a:x", None),
                   (H, 40, "d", "a:x", None), (H, 41, "e", "a:y", None), (C, 41, "f", "a:y", None),
                   (O, 70, "g", "a:y", None), (N, None, "h", "a:x", None), (N, None, "i", "a:x", None)]]
    reports.append(rep(O, 3, "j", actor="a:x", denied_by="a:x"))
    first = findings(T, reports)
    ids = ([c.id for c in first.claims], [d.id for d in first.disputes], [c.id for c in first.changes])
    assert all(ids)
    shuffled = list(reports)
    for seed in range(20):
        random.Random(seed).shuffle(shuffled)
        again = findings(T, shuffled)
        assert ([c.id for c in again.claims], [d.id for d in again.disputes], [c.id for c in again.changes]) == ids
        assert again == first
