"""The findings on the web pages, in headless Chromium: a topic's claims and disputes, an actor's
changes of position; local, light, and fitting a phone like every other page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.web.conftest import CHROMIUM_ARGS, chromium_path, open_context, shot

TOPIC = "ukraines-invitation-to-nato"


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """On the session's one Playwright (tests/conftest.py): a second in the same process fails."""
    b = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def page(browser: Browser, server) -> Iterator[Page]:  # noqa: ANN001
    context, page, watch = open_context(browser, server, viewport={"width": 1280, "height": 900})
    yield page
    context.close()
    assert not watch.errors, watch.errors
    assert not watch.foreign(), watch.foreign()


def test_a_topic_page_shows_its_claims_and_disputes(page: Page, denied: None) -> None:
    response = page.goto(f"/ui/topics/{TOPIC}")
    assert response is not None and response.status == 200
    claims = page.locator("details[id^=claim-]")
    expect(page.get_by_role("heading", name="Claims across sources")).to_be_visible()
    hungary = claims.filter(has=page.locator("summary .who", has_text="Hungary"))
    expect(hungary).to_contain_text("4 independent sources")
    hungary.locator("summary").click()
    expect(hungary).to_contain_text("Independent sources: Adriatic Times, Danube News, Politico, Vistula Post.")
    expect(hungary.locator("article.statement")).to_have_count(5)
    expect(claims).to_have_count(2)
    expect(page.get_by_role("heading", name="Disputes")).to_be_visible()
    shot(page, "analysis-topic-claims")


def test_an_actor_page_shows_when_its_position_moved(page: Page) -> None:
    page.goto("/ui/actors/germany")
    change = page.locator("details[id^=change-]")
    expect(change).to_have_count(1)
    expect(change.locator("summary")).to_contain_text("softened")
    change.locator("summary").press("Enter")
    expect(change.locator("article.statement")).to_have_count(2)
    expect(change).to_contain_text("softened its opposition")
    shot(page, "analysis-actor-changes")


@pytest.mark.parametrize("path", [f"/ui/topics/{TOPIC}", "/ui/actors/germany"])
def test_the_findings_fit_a_phone(browser: Browser, server, path: str) -> None:  # noqa: ANN001
    context, page, watch = open_context(browser, server, viewport={"width": 390, "height": 844}, is_mobile=True,
                                        has_touch=True, device_scale_factor=2)
    try:
        page.goto(path)
        for summary in page.locator("section.findings summary").all():
            summary.click()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
        assert len(watch.requests) <= 4
    finally:
        context.close()
    assert not watch.errors, watch.errors
