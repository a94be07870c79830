"""The URL path against a real HTTP server on 127.0.0.1: pages, redirects, hangs and huge bodies."""

from __future__ import annotations

import time
from datetime import date

import pytest

from kg.errors import InputError
from kg.extract import extract, load_article


def test_a_page_over_http(server: str) -> None:
    article = load_article(f"{server}/article.html")
    assert article.source.title == "EU ministers split over new Russia sanctions"
    assert article.source.publisher == "The Continental Ledger"
    assert article.source.published == date(2025, 2, 18)
    assert {st.actor.label for st in extract(article)} >= {"Germany", "Poland", "Hungary"}


def test_overrides_apply_to_urls(server: str) -> None:
    article = load_article(f"{server}/article.html", title="Own title", published="2025-02-19")
    assert article.source.title == "Own title" and article.source.published == date(2025, 2, 19)


def test_plain_text_over_http(server: str) -> None:
    article = load_article(f"{server}/article.txt")
    assert article.text.startswith("Hungary opposes")
    assert article.source.url == f"{server}/article.txt"


def test_up_to_five_redirects_are_followed(server: str) -> None:
    article = load_article(f"{server}/hop/4")
    assert article.source.publisher == "The Continental Ledger"


def test_more_than_five_redirects_fail(server: str) -> None:
    with pytest.raises(InputError, match="redirects"):
        load_article(f"{server}/hop/5")


def test_a_redirect_loop_fails(server: str) -> None:
    with pytest.raises(InputError, match="redirects"):
        load_article(f"{server}/loop/0")


def test_a_redirect_to_another_scheme_fails(server: str) -> None:
    with pytest.raises(InputError, match="only http and https"):
        load_article(f"{server}/to-ftp")


def test_a_hanging_server_times_out(server: str) -> None:
    began = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        load_article(f"{server}/hang", timeout=0.5)
    assert time.monotonic() - began < 2.5


def test_a_50_mb_body_is_cut_off(server: str) -> None:
    with pytest.raises(InputError, match="limit"):
        load_article(f"{server}/big")


def test_a_declared_50_mb_body_is_refused_up_front(server: str) -> None:
    with pytest.raises(InputError, match="limit"):
        load_article(f"{server}/big-declared")


def test_http_errors(server: str) -> None:
    with pytest.raises(InputError, match="HTTP 404"):
        load_article(f"{server}/missing")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/article.txt", "file:///etc/passwd", "http://"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(InputError, match="only http and https"):
        load_article(url)


def test_a_closed_port_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="could not fetch"):
        load_article("http://127.0.0.1:9/article.html", timeout=2)
