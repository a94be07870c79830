"""What a stance is about: reversals, anaphora, definite descriptions, and judging someone's stance."""

from __future__ import annotations

from tests.extract.conftest import C, H, N, O, S, code, found, one


def test_an_opt_out_opposes_what_it_opts_out_of() -> None:
    got = code("The Netherlands has asked for an opt-out from the EU migration pact.")
    assert found(got) == {("Netherlands", O)}


def test_rather_than_negates() -> None:
    got = code("Szijjártó said Budapest would rather pay fines than implement the EU migration pact.")
    assert found(got) == {("Hungary", O)}


def test_calling_for_something_to_be_scrapped() -> None:
    got = code("Farmers' groups welcomed the vote. France called for the Mercosur deal to be scrapped.")
    assert found(got) == {("France", O)}


def test_insisting_on_a_fact_supports_and_on_a_demand_conditions() -> None:
    title = "EU plan to fund Ukraine with frozen Russian assets"
    assert found(code("The Commission insists that the plan is legally sound.", title=title)) == {
        ("European Commission", S)}
    assert found(code("France insisted that part of the money be spent on European weapons.", title=title)) == {
        ("France", C)}


def test_judging_someone_elses_stance_takes_a_side() -> None:
    got = code("Scholz has ruled out sending Taurus missiles to Ukraine. Kuleba called the chancellor's "
               "position a mistake.")
    assert one(got, "Dmytro Kuleba").position.value == S
    assert one(got, "Dmytro Kuleba").topic.label == "Taurus missiles for Ukraine"


def test_a_bare_agreement_noun_refers_to_the_articles_question() -> None:
    got = code("Austria voted against the agreement in 2019.", title="France moves to block EU-Mercosur trade deal")
    assert one(got, "Austria").topic.label == "EU–Mercosur trade agreement"


def test_a_dispute_is_not_the_deal_that_would_end_it() -> None:
    got = code("Merz called for a deal before the deadline.", title="Trump threatens steel tariffs on the EU")
    assert all(st.topic.label != "US tariffs on the EU" for st in got)


def test_presenting_ones_own_plan_is_not_a_stance() -> None:
    assert code("Zelenskyy delivered his victory plan to parliament.") == []


def test_a_clause_about_the_holder_itself_is_not_an_object() -> None:
    got = code("Qatar has warned that it could withdraw from its mediation role.",
               title="Hamas accepts Gaza ceasefire proposal")
    assert got == []


def test_neutral_and_hesitant_readings_keep_their_topic() -> None:
    got = code("Italy remains on the fence.", title="France moves to block EU-Mercosur trade deal")
    assert found(got) == {("Italy", N)}
    got = code("Germany urged restraint.", title="Trump threatens steel tariffs on the EU")
    assert found(got) == {("Germany", H)}


def test_named_organisations_and_acronym_outlets() -> None:
    got = code("The Hostages and Missing Families Forum urged the government to accept the ceasefire in Gaza.")
    assert {a for a, _ in found(got)} == {"Hostages and Missing Families Forum"}
    got = code("Commerce Secretary Howard Lutnick defended the steel tariffs, telling CNBC they would bring "
               "jobs home.", title="Trump threatens steel tariffs on the EU")
    assert one(got, "Howard Lutnick").attributed_to == "CNBC"
