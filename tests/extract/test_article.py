"""Loading articles from files: plain text with a sidecar, JSON, HTML; and bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError, ValidationError
from kg.extract import extract, is_article_path, load_article
from tests.extract.conftest import BIG, HERE, PAGES

TEXT = "Poland backs the oil price cap on Russian crude, officials said.\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_text_with_a_sidecar(tmp_path: Path) -> None:
    article = _write(tmp_path / "cap.txt", TEXT)
    _write(tmp_path / "cap.meta.json", json.dumps({"title": "Poland and the cap", "publisher": "Ledger",
                                                   "url": "https://ledger.example.org/cap", "published": "2025-01-02",
                                                   "language": "en"}))
    loaded = load_article(str(article))
    assert loaded.text == TEXT
    assert loaded.source.title == "Poland and the cap"
    assert loaded.source.publisher == "Ledger"
    assert loaded.source.url == "https://ledger.example.org/cap"
    assert loaded.source.published == date(2025, 1, 2)
    assert loaded.source.language == "en"


def test_overrides_win_over_the_sidecar(tmp_path: Path) -> None:
    article = _write(tmp_path / "cap.txt", TEXT)
    _write(tmp_path / "cap.meta.json", json.dumps({"title": "Old title", "published": "2025-01-02"}))
    loaded = load_article(str(article), title="New title", publisher="Desk", published="2025-02-03",
                          url="https://example.org/x")
    assert (loaded.source.title, loaded.source.publisher) == ("New title", "Desk")
    assert loaded.source.published == date(2025, 2, 3)
    assert loaded.source.url == "https://example.org/x"


def test_plain_text_without_metadata_is_named_by_its_file(tmp_path: Path) -> None:
    loaded = load_article(str(_write(tmp_path / "poland-cap.md", TEXT)))
    assert loaded.source.title == "poland-cap" and loaded.source.published is None


def test_a_json_article(tmp_path: Path) -> None:
    path = _write(tmp_path / "cap.json", json.dumps({"title": "Cap", "publisher": "Ledger", "url": None,
                                                     "published": "2025-01-02", "text": TEXT}))
    loaded = load_article(str(path))
    assert loaded.text == TEXT and loaded.source.title == "Cap"
    assert [st.actor.label for st in extract(loaded)] == ["Poland"]


def test_a_saved_html_page() -> None:
    loaded = load_article(str(PAGES / "sanctions-report.html"))
    assert loaded.source.title == "EU ministers split over new Russia sanctions"
    assert loaded.source.publisher == "The Continental Ledger"
    assert loaded.source.published == date(2025, 2, 18)
    assert loaded.source.url == "https://ledger.example.org/2025/02/18/eu-ministers-split-over-new-russia-sanctions"
    assert "Subscribe" not in loaded.text and "All rights reserved" not in loaded.text
    actors = {(st.actor.label, st.position.value) for st in extract(loaded)}
    assert {("Germany", "support"), ("Poland", "support"), ("Hungary", "oppose")} <= actors


def test_is_article_path(tmp_path: Path) -> None:
    assert is_article_path(_write(tmp_path / "a.txt", TEXT))
    assert is_article_path(_write(tmp_path / "a.md", TEXT))
    assert is_article_path(PAGES / "sanctions-report.html")
    assert is_article_path(_write(tmp_path / "b.htm", "<p>x</p>"))
    assert is_article_path(_write(tmp_path / "c.json", json.dumps({"text": TEXT})))
    assert not is_article_path(_write(tmp_path / "d.json", json.dumps([{"text": TEXT}])))
    assert not is_article_path(_write(tmp_path / "c.meta.json", json.dumps({"text": TEXT})))
    assert not is_article_path(_write(tmp_path / "rows.jsonl", "{}\n"))
    assert not is_article_path(_write(tmp_path / "rows.csv", "actor,position\n"))
    assert not is_article_path(tmp_path / "missing.txt")
    assert not is_article_path(HERE / "corpus" / "nato-invitation-resistance.gold.json")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", "Orbán opposes it.".encode("latin-1"), "UTF-8"),
    ("page.pdf", b"%PDF-1.7", "not an article"),
    ("list.json", b'[{"text": "x"}]', "\"text\""),
    ("broken.json", b'{"text": ', "not valid JSON"),
])
def test_bad_files_get_a_clear_error(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_article(str(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_50_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.write(b"Poland backs the cap. " * (BIG // 22 + 1))
    with pytest.raises(InputError, match="limit"):
        load_article(str(path))


def test_missing_files_and_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_article(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="not a file"):
        load_article(str(tmp_path))


def test_bad_metadata(tmp_path: Path) -> None:
    article = _write(tmp_path / "a.txt", TEXT)
    _write(tmp_path / "a.meta.json", json.dumps({"published": "last Tuesday"}))
    with pytest.raises(ValidationError, match="ISO date"):
        load_article(str(article))
    _write(tmp_path / "a.meta.json", "{not json")
    with pytest.raises(InputError, match="metadata"):
        load_article(str(article))


def test_whitespace_only_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no article text"):
        load_article(str(_write(tmp_path / "blank.txt", "   \n\n  ")))
