"""Search in a real browser: Pagefind finds an English and a Chinese word in one build.

Runs headless Chromium (Debian's, never a downloaded one) against the built test book,
served on 127.0.0.1. Without a browser the tests are skipped, except in CI, where a
missing browser fails them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsing import serve
from tests.conftest import built_root

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test book, built once for the module (the browser only reads it)."""
    return built_root("web-search", tmp_path_factory.mktemp("web-search"))


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


def search(browser, server: str, start: str, query: str, shot: Path | None = None) -> list[str]:
    """Type ``query`` into the theme's search box on page ``start``; the result titles."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(server + start)
        # the theme's search button opens its dialog; its form submits to search.html
        page.keyboard.press("Control+k")
        field = page.locator("form.bd-search input[name=q]").first
        field.fill(query)
        field.press("Enter")
        page.wait_for_url("**/search.html?q=*")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=60_000)
        titles = page.locator(".pagefind-ui__result-link").all_inner_texts()
        if shot is not None:
            page.screenshot(path=str(shot), full_page=True)
        assert errors == []
        return titles
    finally:
        page.close()


def test_english_word_from_an_english_page(browser, server: str, tmp_path: Path) -> None:
    titles = search(browser, server, "index.html", "self-consistency", tmp_path / "en.png")
    assert titles == ["Majority voting"]


def test_chinese_word_from_the_same_build(browser, server: str, tmp_path: Path) -> None:
    # 推理 sits inside a Chinese sentence with no spaces: it is found only if segmented
    titles = search(browser, server, "index.html", "推理", tmp_path / "zh.png")
    assert titles == ["背景"]


def test_chinese_word_from_a_chinese_page(browser, server: str) -> None:
    assert search(browser, server, "background-zh.html", "数学") == ["背景"]


def test_filters_come_from_front_matter(browser, server: str) -> None:
    page = browser.new_page()
    try:
        page.goto(server + "search.html?q=mathematics")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=60_000)
        # the filter panel fills in after the first results; wait until all four are there
        page.wait_for_function(
            "document.querySelectorAll('.pagefind-ui__filter-name').length >= 4", timeout=60_000
        )
        filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
        assert {"kind", "status", "tag", "language"} <= {f.strip().lower() for f in filters}
    finally:
        page.close()


def test_english_is_stemmed_alongside_chinese(browser, server: str) -> None:
    """ "votes" finds the note titled "Majority voting": with the whole book indexed as
    Chinese, English words were matched only by prefix and "votes" found nothing."""
    # the home page lists the note by its title, so it matches too
    titles = search(browser, server, "background-zh.html", "votes")
    assert sorted(titles) == ["Majority voting", "Search test book"]


def test_excerpts_begin_with_the_page_text(browser, server: str) -> None:
    page = browser.new_page()
    try:
        page.goto(server + "search.html?q=self-consistency")
        page.wait_for_selector(".pagefind-ui__result-excerpt", timeout=60_000)
        excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_text()
        assert excerpt.startswith("Majority voting. Sampling several answers"), excerpt
    finally:
        page.close()


def test_results_are_readable_in_dark_mode(browser, server: str, tmp_path: Path) -> None:
    """axe finds no contrast failure on the search page with results, in dark mode: the
    query and results were light grey on white (1.62:1)."""
    from axe_playwright_python.sync_playwright import Axe

    for scheme, width in (("dark", 1280), ("dark", 375)):
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 812})
        page = context.new_page()
        try:
            page.goto(server + "search.html?q=mathematics")
            page.wait_for_selector(".pagefind-ui__result-link", timeout=60_000)
            page.wait_for_function(
                "document.querySelectorAll('.pagefind-ui__filter-name').length >= 4",
                timeout=60_000,
            )
            assert page.evaluate("document.documentElement.dataset.theme") == scheme
            page.screenshot(path=str(tmp_path / f"search-{scheme}-{width}.png"), full_page=True)
            results = Axe().run(page, options={"runOnly": ["color-contrast"]})
            failing = [
                node["target"] for rule in results.response["violations"] for node in rule["nodes"]
            ]
            assert failing == [], failing
        finally:
            context.close()


def test_from_disk_it_says_why_search_cannot_run(browser, site: Path) -> None:
    page = browser.new_page()
    try:
        page.goto((site / "search.html").as_uri() + "?q=voting")
        notice = page.locator("#ln-search .ln-search-offline")
        notice.wait_for(timeout=5000)
        text = notice.inner_text()
        assert "opened from disk" in text and "python -m http.server" in text
        assert page.locator(".pagefind-ui__message").count() == 0  # no endless "Searching"
    finally:
        page.close()
