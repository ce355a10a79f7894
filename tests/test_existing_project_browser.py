"""Search in a real browser in existing Sphinx projects: Pagefind under pydata-sphinx-theme,
Sphinx's own search under the default theme.

Headless Chromium (Debian's) against the built test roots, served on 127.0.0.1;
skipped without a browser, except in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browsing import serve
from tests.conftest import built_root

pytestmark = pytest.mark.browser


def result_titles(browser, site: Path, query: str, selector: str, shot: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the search page of ``site`` with ``query``; the titles of the results."""
    with serve(site) as url:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.goto(f"{url}search.html?q={query}")
            page.wait_for_selector(selector, timeout=60_000)
            page.screenshot(path=str(shot), full_page=True)
            assert errors == []
            return page.locator(selector).all_inner_texts()
        finally:
            page.close()


def test_pydata_theme_searches_with_pagefind(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = built_root("existing-pydata", tmp_path)
    titles = result_titles(
        browser, site, "bridge", ".pagefind-ui__result-link", tmp_path / "pydata.png"
    )
    assert titles == ["River survey"]


def test_default_theme_searches_with_sphinx(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = built_root("existing-alabaster", tmp_path)
    titles = result_titles(browser, site, "bridge", "#search-results li a", tmp_path / "alab.png")
    assert titles == ["River survey"]
