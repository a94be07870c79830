import pytest

from kg.ids import fold, slugify, source_slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Hungary", "hungary"),
        ("United States", "united-states"),
        ("Viktor Orbán", "viktor-orban"),
        ("Viktor Orban", "viktor-orban"),
        ("Donald Tusk", "donald-tusk"),
        ("Ukraine's invitation to NATO", "ukraines-invitation-to-nato"),
        ("Ukraine’s invitation to NATO", "ukraines-invitation-to-nato"),
        ("  Côte d'Ivoire ", "cote-divoire"),
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("Łukasz Straße", "lukasz-strasse"),
    ],
)
def test_slug_is_lowercase_ascii_with_dashes(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_same_name_same_slug_and_long_names_stay_unique() -> None:
    long_a = "a very long topic name " * 6 + "one"
    long_b = "a very long topic name " * 6 + "two"
    assert slugify(long_a) == slugify(long_a)
    assert slugify(long_a) != slugify(long_b)
    assert len(slugify(long_a)) <= 80


def test_names_without_letters_still_get_a_slug() -> None:
    assert slugify("???").startswith("x-")
    assert slugify("???") == slugify("???")


def test_fold_ignores_case_and_diacritics() -> None:
    assert fold("ORBÁN") == fold("orban") == "orban"


def test_source_slug_prefers_the_url() -> None:
    assert source_slug("https://example.com/news/a?id=1", "Title") == "example-com-news-a-id-1"
    assert source_slug(None, "Some Title") == "some-title"
    with pytest.raises(ValueError):
        source_slug(None, None)
