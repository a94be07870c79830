"""One test per cue family: verbs, predicative adjectives, stance nouns, passives, intents,
concrete acts, evaluations, conditions, negation and hedges."""

from __future__ import annotations

from tests.extract.conftest import C, H, N, O, S, code, found, one


def test_support_verbs() -> None:
    assert found(code("Poland strongly backs the new sanctions package against Russia.")) == {("Poland", S)}
    assert found(code("Estonia has called for tougher sanctions on Russia.")) == {("Estonia", S)}
    assert found(code("Lithuania threw its weight behind the oil price cap.")) == {("Lithuania", S)}


def test_oppose_verbs() -> None:
    assert found(code("Hungary vetoed the sanctions package on Monday.")) == {("Hungary", O)}
    assert found(code("Slovakia rejected the plan to phase out Russian gas imports.")) == {("Slovakia", O)}
    assert found(code("Austria dismissed calls for a ban on Russian gas.")) == {("Austria", O)}


def test_predicative_adjectives_carry_a_position_without_a_verb() -> None:
    assert found(code("Berlin remains wary of sending Taurus missiles to Ukraine.")) == {("Germany", H)}
    assert found(code("Spain is skeptical about the 5 percent defence spending target.")) == {("Spain", H)}
    assert found(code("Italy is reluctant.", title="Italy and the EU migration pact")) == {("Italy", H)}
    assert found(code("Denmark is firmly opposed to the migration pact.")) == {("Denmark", O)}
    assert found(code("Greece is open to joint EU defence borrowing.")) == {("Greece", C)}


def test_stance_nouns_take_their_holder_from_a_modifier_or_a_light_verb() -> None:
    assert found(code("Zelenskyy acknowledged German skepticism about Ukraine joining NATO.")) >= {("Germany", H)}
    assert found(code("Tusk expressed support for Ukraine's EU accession.")) == {("Donald Tusk", S)}
    assert found(code("Hungary's opposition to Ukraine's EU accession has hardened.")) == {("Hungary", O)}


def test_nouns_of_aid_are_not_positions() -> None:
    assert code("Zelenskyy thanked Germany for its military support.") == []


def test_passives_take_their_holder_after_by_or_from() -> None:
    got = code("The proposal for joint EU defence borrowing is backed by France and Italy.")
    assert found(got) == {("France", S), ("Italy", S)}
    got = code("The plan faces resistance from the Netherlands and Austria.", title="EU joint defence borrowing")
    assert found(got) == {("Netherlands", O), ("Austria", O)}


def test_intents_yield_to_the_verb_they_govern() -> None:
    assert found(code("Hungary threatened to veto Ukraine's EU accession talks.")) == {("Hungary", O)}
    assert found(code("France is ready to send troops to Ukraine as peacekeepers.")) == {("France", S)}


def test_concrete_acts_count_only_with_a_known_topic() -> None:
    assert found(code("Germany will send Leopard tanks to Ukraine.")) == {("Germany", S)}
    assert one(code("Germany will send Leopard tanks to Ukraine."), "Germany").topic.label == "Tanks for Ukraine"
    assert code("Germany will send a delegation to Kyiv next week.") == []


def test_reversing_acts_oppose_their_object() -> None:
    assert found(code("Hungary wants to lift sanctions on Russia.")) == {("Hungary", O)}


def test_evaluations_after_called_and_copulas() -> None:
    got = code('Orbán called the victory plan "more than terrifying."')
    assert found(got) == {("Viktor Orbán", O)}
    assert one(got, "Viktor Orbán").topic.label == "Zelenskyy's victory plan"
    assert found(code("Macron said the defence spending target was essential.")) == {("Emmanuel Macron", S)}
    assert found(code("Fico warned that sanctions on Russia would backfire.")) == {("Robert Fico", O)}


def test_evaluating_a_refusal_takes_the_other_side() -> None:
    got = code("Kuleba called Germany's refusal to send Taurus missiles a mistake.")
    assert found(got) == {("Dmytro Kuleba", S), ("Germany", O)}
    assert one(got, "Dmytro Kuleba").topic.label == "Taurus missiles for Ukraine"


def test_calls_for_a_halt_oppose_what_is_halted() -> None:
    got = code("The UN Security Council called for an immediate halt to the Rafah offensive.")
    assert found(got) == {("United Nations Security Council", O)}


def test_conditions_make_support_conditional() -> None:
    assert found(code("Italy backed the 5 percent target but only if infrastructure counts.")) == {("Italy", C)}
    assert found(code("Austria would support the migration pact on condition that border checks stay.")) == {
        ("Austria", C)}
    got = code("The Biden administration maintains that NATO membership for Ukraine would come after the war, "
               "with reforms.")
    assert found(got) == {("Biden administration", C)}


def test_neutral_positions() -> None:
    assert found(code("India abstained on the UN resolution condemning Russia's invasion.")) == {("India", N)}
    assert found(code("Hungary has not taken a position on the defence spending target.")) == {("Hungary", N)}
    assert found(code("Washington has stayed out of the debate.", title="Taurus missiles for Ukraine")) == {
        ("United States", N)}


def test_negated_support_opposes_or_hesitates() -> None:
    assert found(code("Germany is not backing an invitation for Ukraine to join NATO.")) == {("Germany", O)}
    assert found(code("Spain will not commit to NATO's 5 percent target.")) == {("Spain", O)}
    got = code('"The alliance has not reached the point where it is prepared to offer membership to Ukraine," '
               "US Ambassador to NATO Julianne Smith said.", title="Allies resist Ukraine's NATO bid")
    assert found(got) == {("Julianne Smith", H)}


def test_negated_opposition_is_neutral_and_denials_negate() -> None:
    assert found(code("The Netherlands is no longer blocking Ukraine's EU accession talks.")) == {("Netherlands", N)}
    got = code("Officials in Madrid denied that Spain was seeking to block the NATO summit declaration.")
    assert found(got) == {("Spain", N)}


def test_refusing_with_a_condition_is_conditional() -> None:
    got = code("Kyiv will not agree to any ceasefire without security guarantees.")
    assert found(got) == {("Ukraine", C)}


def test_hedges_keep_the_clause_after_but() -> None:
    got = code('"We are not against sanctions as such, but we cannot support a package that hurts Slovak '
               'households," Fico said.', title="EU sanctions package against Russia")
    assert found(got) == {("Robert Fico", O)}


def test_one_statement_per_actor_and_position_in_a_sentence() -> None:
    got = code("Britain, which has already supplied Storm Shadow missiles, urged Berlin to follow suit.",
               title="Taurus missiles for Ukraine")
    assert found(got) == {("United Kingdom", S)}
    assert len(got) == 1
