"""Constructions met in articles the extractor was not tuned on: one test per rule."""

from __future__ import annotations

from tests.extract.conftest import C, H, N, O, S, code, found, one


def test_brussels_as_a_metonym_is_the_eu() -> None:
    got = code("Brussels has proposed a ban on Russian LNG imports from 2027.")
    assert found(got) == {("European Union", S)}


def test_the_closer_keyword_wins() -> None:
    got = code("Britain triggered the return of sanctions on Iran, a step that Tehran and Moscow condemned.")
    assert {st.topic.label for st in got} == {"Sanctions on Iran"}


def test_urging_to_undo_opposes() -> None:
    assert found(code("Pedro Sánchez urged Germany to lift the sanctions on Russia.")) == {("Pedro Sánchez", O)}
    assert found(code("Sánchez called on Brussels to scrap the tariffs on Chinese electric vehicles.")) == {
        ("Pedro Sánchez", O)}


def test_a_topic_named_for_undoing_something() -> None:
    title = "EU suspends some Syria sanctions"
    assert found(code("Turkey's Hakan Fidan urged the EU to lift its sanctions on Syria.", title)) == {
        ("Hakan Fidan", S)}
    assert found(code("Cyprus backed the sanctions on Syria.", title)) == {("Cyprus", O)}
    assert found(code("Germany pushed for the suspension.", title)) == {("Germany", S)}


def test_votes_in_a_list_of_clauses() -> None:
    got = code("On tariffs, Spain voted in favour, Austria abstained and Hungary voted against.")
    assert found(got) == {("Spain", S), ("Austria", N), ("Hungary", O)}


def test_unnamed_sources_opening_a_sentence() -> None:
    got = code("Diplomats said France and Hungary had backed the Mercosur deal.")
    assert found(got) == {("France", S), ("Hungary", S)}
    assert {st.attributed_to for st in got} == {"Diplomats"}
    got = code("A senior EU official said Hungary was isolated in its opposition to Ukraine's EU accession.")
    assert one(got, "Hungary").attributed_to == "senior EU official"


def test_people_without_a_title() -> None:
    got = code("Aaja Chemnitz, who represents Greenland in the Danish parliament, called the American "
               'approach "a form of aggression".', title="Greenland's status")
    assert found(got) == {("Aaja Chemnitz", O)}
    got = code("Norwegian skier Johannes Klæbo said he supported letting Russian athletes compete at the Olympics.")
    assert found(got) == {("Johannes Klæbo", S)}


def test_a_quoted_clause_with_its_own_subject_is_not_the_speakers() -> None:
    got = code('"A handful of petrostates have been allowed to block the plastics treaty," said Graham Forbes.')
    assert got == []


def test_unlikely_to_support_is_reluctance() -> None:
    got = code("Diplomats say Malta and Greece are unlikely to support the lower price cap.")
    assert found(got) == {("Malta", H), ("Greece", H)}


def test_taking_someones_side() -> None:
    got = code("Austria opposes nuclear power. Luxembourg backed Austria.")
    assert one(got, "Luxembourg").position.value == O


def test_ready_to_lift_if_is_conditional() -> None:
    got = code("Wadephul said Berlin was ready to lift the sanctions on Iran if Tehran restored access.")
    assert found(got) == {("Germany", C)}


def test_a_relative_clause_negation_stays_in_it() -> None:
    got = code("Hungary, which did not take part in the meeting, has warned against sending troops to Ukraine.")
    assert found(got) == {("Hungary", O)}


def test_an_article_without_a_dictionary_topic_gets_its_own() -> None:
    text = ("Saudi Arabia opposed limits on plastic production. Plastic waste keeps growing, and plastic "
            "bottles and plastic bags fill the rivers. Norway backed the treaty.")
    got = code(text, title="Global plastics treaty talks collapse")
    assert {st.topic.label for st in got} == {"Limits on plastic production", "Plastics treaty"}
