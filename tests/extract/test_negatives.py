"""What must yield nothing (or nothing wrong): boilerplate, questions, hypotheticals,
forecasts, possibilities, and someone else's view quoted by a speaker."""

from __future__ import annotations

from tests.extract.conftest import O, S, code, found, one

BOILERPLATE = """Related:

You could close this page. Or you could join our community and help us produce more materials like this.
We keep our reporting open and accessible to everyone because we believe in the power of free information.
Become a Patron!

Comments are closed.
Sign up for our newsletter to get the day's top stories.
Support independent journalism. Become a member today.
(Reporting by the Brussels bureau; Editing by the Europe desk)
The Associated Press contributed to this report."""


def test_boilerplate_yields_nothing() -> None:
    assert code(BOILERPLATE) == []


def test_boilerplate_after_an_article_does_not_leak() -> None:
    got = code("Poland backs new sanctions on Russia.\n\n" + BOILERPLATE + "\nBelgium supports us! Donate now.")
    assert found(got) == {("Poland", S)}


def test_questions_yield_nothing() -> None:
    assert code("Would Germany support an invitation for Ukraine to join NATO?") == []
    assert code("Does Hungary oppose the sanctions package?") == []


def test_hypotheticals_yield_nothing() -> None:
    assert code("If France were to back such a step, Hungary would almost certainly veto it.") == []
    assert code("Diplomats discussed whether Germany would support a NATO invitation for Ukraine.") == []
    assert code("Unless Washington backs the plan, Berlin will not send Taurus missiles.") == []


def test_possibilities_yield_nothing() -> None:
    assert code("Only US backing could influence Germany to support a NATO invitation for Ukraine.") == []
    assert code("Italy might back the oil price cap.") == []


def test_forecasts_are_not_positions() -> None:
    assert code("NATO leaders are expected to sign off on the 5 percent target next week.") == []


def test_a_described_arrangement_is_not_a_position() -> None:
    got = code('Cameron offered to help with a "ring swap" under which Germany would send Taurus missiles '
               "to Britain.", title="Taurus missiles for Ukraine")
    assert {a for a, _ in found(got)} == {"David Cameron"}


def test_negated_support_is_not_support() -> None:
    got = code("Germany is not backing Ukraine's invitation to NATO.")
    assert found(got) == {("Germany", O)}


def test_someone_elses_view_is_attributed_to_the_speaker() -> None:
    got = code('Zelenskyy said that "the German side is skeptical about our joining NATO."')
    germany = one(got, "Germany")
    assert germany.attributed_to == "Volodymyr Zelenskyy"
    assert "Volodymyr Zelenskyy" not in {st.actor.label for st in got}


def test_generic_subjects_are_not_actors() -> None:
    got = code('A second official noted that countries "support it in the abstract but once it gets closer to '
               'materializing" they will start to balk more publicly.', title="Ukraine's NATO membership")
    assert got == []


def test_indefinite_objects_are_not_topics() -> None:
    assert code('"We are not vetoing anything," a Spanish government source said.') == []
