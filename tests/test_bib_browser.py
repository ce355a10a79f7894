"""Hover previews in a real browser: a citation shows its reference, a note link its abstract.

Runs Debian's headless Chromium (never a downloaded one) against the bib-basic test
book, served on 127.0.0.1. Without a browser the tests are skipped, except in CI,
where a missing browser fails them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsing import CHROMIUM, CHROMIUM_ARGS, need_browser, serve
from tests.conftest import built_root
from tests.test_bib import HOSTILE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bib-basic book, built once and served for the module."""
    need_browser()
    with serve(built_root("bib-basic", tmp_path_factory.mktemp("bib-browser"))) as url:
        yield url


@pytest.fixture
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        # nothing outside the test server is ever requested
        outside: list[str] = []
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(server)
                else (outside.append(route.request.url), route.abort())
            ),
        )
        page.goto(server + "notes/a.html")
        yield page
        assert errors == []
        assert outside == []
        browser.close()


def test_hovering_a_citation_shows_the_full_reference(page, tmp_path: Path) -> None:
    preview = page.locator("#lnb-hover-preview")
    page.locator("span.bibtex-citation a").first.hover()
    preview.wait_for(state="visible")
    text = preview.inner_text()
    assert "Chain-of-thought prompting elicits reasoning in large language models" in text
    assert "Jason Wei" in text
    page.screenshot(path=str(tmp_path / "citation.png"))
    # the browser's own tooltip does not repeat it
    assert page.locator("span.bibtex-citation a").first.get_attribute("title") is None


def test_keyboard_focus_on_a_note_link_shows_title_status_abstract(page, tmp_path: Path) -> None:
    link = page.locator("a.note-ref")
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the note link never got keyboard focus")
    preview = page.locator("#lnb-hover-preview")
    preview.wait_for(state="visible")
    assert preview.locator(".lnb-hover-title").inner_text() == HOSTILE
    assert preview.locator(".lnb-hover-status").inner_text() == "complete"
    assert preview.locator(".lnb-hover-abstract").inner_text() == "A note with a hostile title."
    assert link.get_attribute("aria-describedby") == "lnb-hover-preview"
    page.screenshot(path=str(tmp_path / "note.png"))
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
