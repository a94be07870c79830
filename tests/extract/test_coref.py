"""Actors: dictionary names, metonyms, demonyms, diacritics, possessives, lists, titled people
the dictionary does not know, and coreference inside an article."""

from __future__ import annotations

import pytest

from kg.model import ActorType
from tests.extract.conftest import H, O, S, code, found, one

NATO_TITLE = "Ukraine's NATO membership"


@pytest.mark.parametrize(("capital", "state"), [
    ("Washington", "United States"), ("Berlin", "Germany"), ("Kyiv", "Ukraine"), ("Kiev", "Ukraine"),
    ("Moscow", "Russia"), ("the Kremlin", "Russia"), ("Paris", "France"), ("Budapest", "Hungary"),
])
def test_capitals_stand_for_their_state(capital: str, state: str) -> None:
    assert found(code(f"{capital} opposes new sanctions on Russia.")) == {(state, O)}


def test_diacritics_do_not_matter() -> None:
    assert found(code("Orban opposes sanctions on Russia.")) == {("Viktor Orbán", O)}
    assert found(code("Orbán opposes sanctions on Russia.")) == {("Viktor Orbán", O)}


def test_dictionary_actors_carry_type_wikidata_and_affiliation() -> None:
    fico = one(code("Slovakia's Robert Fico opposes sanctions on Russia."), "Robert Fico")
    assert fico.actor.type is ActorType.PERSON
    assert fico.actor.wikidata == "Q57606"
    assert fico.actor.affiliation == "Slovakia"


def test_a_possessive_state_before_a_leader_is_part_of_the_name() -> None:
    assert found(code("Slovakia's Robert Fico opposes sanctions on Russia.")) == {("Robert Fico", O)}


def test_lists_with_parentheticals() -> None:
    got = code("Countries hesitant about the bid include Hungary and Slovakia, both led by pro-Russian "
               "governments, as well as Belgium, Slovenia, and Spain.", title=NATO_TITLE)
    assert found(got) == {(s, H) for s in ("Hungary", "Slovakia", "Belgium", "Slovenia", "Spain")}


def test_a_member_list_after_including() -> None:
    got = code("At least seven NATO members, including the United States and Germany, are opposing "
               "Ukraine's bid to join the alliance.")
    assert found(got) == {("United States", O), ("Germany", O)}


def test_titled_people_unknown_to_the_dictionary() -> None:
    got = code('"We are not there yet on membership for Ukraine in NATO," outgoing US Ambassador to NATO '
               "Julianne Smith said, adding that she opposed an invitation at this stage.")
    smith = one(got, "Julianne Smith")
    assert smith.actor.type is ActorType.PERSON
    assert smith.actor.affiliation == "United States"
    assert "Ambassador to NATO" in (smith.actor.role or "")


def test_a_titled_person_named_again_by_surname() -> None:
    got = code("Opposition lawmaker Oleksiy Honcharenko spoke in Kyiv on Monday. Honcharenko opposes "
               "any ceasefire with Russia.")
    assert found(got) == {("Oleksiy Honcharenko", O)}


def test_appositive_titles() -> None:
    got = code("Marie-Agnes Strack-Zimmermann, the chair of the Bundestag's defence committee, backed "
               "sending Taurus missiles to Ukraine.")
    assert found(got) == {("Marie-Agnes Strack-Zimmermann", S)}


def test_the_ukrainian_president_after_he_was_named() -> None:
    got = code("Volodymyr Zelenskyy met EU leaders in Brussels. The Ukrainian President called for "
               "Ukraine's invitation to NATO.")
    assert found(got) == {("Volodymyr Zelenskyy", S)}


def test_he_and_she() -> None:
    got = code("Dutch Prime Minister Dick Schoof spoke after the summit. He said he supports the 5 percent "
               "defence spending target.")
    assert found(got) == {("Dick Schoof", S)}
    got = code("Kaja Kallas spoke in Brussels. She backed new sanctions on Russia.")
    assert found(got) == {("Kaja Kallas", S)}


def test_the_german_side() -> None:
    got = code('Zelenskyy said that "the German side is skeptical about our joining NATO."')
    assert found(got) == {("Germany", H)}


def test_the_alliance_and_the_bloc() -> None:
    assert found(code("The alliance backs Ukraine's path to membership.", title=NATO_TITLE)) == {("NATO", S)}
    got = code("The bloc opposes tariffs on Chinese electric vehicles.")
    assert found(got) == {("European Union", O)}


def test_an_administration_is_the_actor_the_dictionary_says() -> None:
    got = code("The Biden administration opposes an immediate invitation for Ukraine to join NATO.")
    assert found(got) == {("Biden administration", O)}


def test_they_at_the_start_of_a_sentence() -> None:
    got = code("Hungary and Slovakia met in Bratislava. They oppose new sanctions on Russia.")
    assert found(got) == {("Hungary", O), ("Slovakia", O)}


def test_a_demonym_alone_is_not_a_holder() -> None:
    assert code("Russian aggression continued as Ukrainian forces resisted; sanctions were discussed.") == []


def test_some_lawmakers_are_not_their_state() -> None:
    assert code("Some Ukrainian lawmakers are skeptical of the ceasefire proposal.") == []


def test_officials_in_a_capital() -> None:
    got = code("Officials in Paris signalled openness to joint EU defence borrowing.")
    assert found(got) == {("France", "conditional")}


def test_datelines_are_not_actors() -> None:
    got = code("BRUSSELS — Slovakia blocked the sanctions package on Thursday.")
    assert found(got) == {("Slovakia", O)}
