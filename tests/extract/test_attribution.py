"""Attribution patterns: who relayed or claimed a position, and nobody for the article's own voice."""

from __future__ import annotations

from tests.extract.conftest import code, one


def _attributed(text: str, actor: str, title: str = "Sanctions on Russia") -> str | None:
    return one(code(text, title=title), actor).attributed_to


def test_according_to_an_outlet() -> None:
    assert _attributed("According to Politico, Germany is opposing new sanctions on Russia.", "Germany") == "Politico"


def test_outlet_says_at_the_end_citing_unnamed_sources() -> None:
    text = "Hungary and Slovakia oppose new sanctions on Russia, Politico says, citing unnamed sources."
    assert _attributed(text, "Hungary") == "Politico"
    assert _attributed(text, "Slovakia") == "Politico"


def test_outlet_reported() -> None:
    assert _attributed("Austria opposes a ban on Russian gas, Reuters reported on Tuesday.", "Austria") == "Reuters"


def test_told_an_outlet() -> None:
    text = '"We will never support this," Orbán told Reuters, referring to sanctions on Russian energy.'
    assert _attributed(text, "Viktor Orbán") == "Reuters"


def test_told_reporters_is_the_actors_own_voice() -> None:
    text = "Orbán told reporters in Budapest that he opposes new sanctions on Russia."
    assert _attributed(text, "Viktor Orbán") is None


def test_per_an_outlet() -> None:
    assert _attributed("Per Politico, Slovakia is also opposing the package.", "Slovakia") == "Politico"


def test_an_official_cited_by_an_outlet() -> None:
    text = ("The Biden administration maintains that NATO membership for Ukraine would come after the war, "
            "according to a senior US official cited by Politico.")
    assert _attributed(text, "Biden administration", "Ukraine's NATO membership") == "Politico"


def test_one_official_told_an_outlet() -> None:
    text = "Belgium and Spain are also reluctant, one NATO official told Politico."
    assert _attributed(text, "Belgium", "Ukraine's invitation to NATO") == "Politico"


def test_unnamed_diplomats_at_the_end() -> None:
    text = "Malta and Greece remain wary of lowering the oil price cap, two EU diplomats said."
    assert _attributed(text, "Malta") == "EU diplomats"


def test_a_speaker_reporting_someone_elses_position() -> None:
    text = "Zelenskyy acknowledged German skepticism about Ukraine joining NATO."
    assert _attributed(text, "Germany", "Ukraine's NATO membership") == "Volodymyr Zelenskyy"
    text = "Szijjártó said Hungary would veto any ban on Russian gas imports."
    assert _attributed(text, "Hungary") == "Péter Szijjártó"


def test_the_article_stating_an_action_directly() -> None:
    assert _attributed("Slovakia blocked the sanctions package on Thursday.", "Slovakia") is None


def test_a_spokesperson_speaks_for_their_own_state() -> None:
    text = 'China welcomed "all efforts conducive to peace," Chinese foreign ministry spokesperson Mao Ning said.'
    assert _attributed(text, "China", "Ceasefire talks between Russia and Ukraine") is None


def test_reported_speech_stops_at_the_narrators_adjunct() -> None:
    text = ("Ukraine said Tuesday it was ready to accept a ceasefire, after talks that also saw Washington "
            "agree to resume military aid to Kyiv.")
    statements = code(text, title="Ukraine accepts US ceasefire proposal")
    assert one(statements, "United States").attributed_to is None
