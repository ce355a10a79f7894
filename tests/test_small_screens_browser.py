"""A phone (375 px), light and dark: nothing pushes the page sideways, a wide equation
shows that it scrolls, the tag wall is folded and the profile photo has no box.

tests/roots/test-small-screens holds one of each: a long path in code, a wide table, a
wide display equation, a note with 13 tags and a profile card. Built once for the module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsing import chromium, serve
from tests.conftest import built_root

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = built_root("small-screens", tmp_path_factory.mktemp("small-screens"))
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def open_page(browser, server: str, path: str, *, dark: bool, viewport=PHONE):
    context = browser.new_context(
        viewport=viewport,
        color_scheme="dark" if dark else "light",
        is_mobile=viewport["width"] < 600,
        has_touch=viewport["width"] < 600,
    )
    page = context.new_page()
    page.goto(server + path, wait_until="networkidle")
    page.wait_for_function("!window.MathJax || !MathJax.startup || MathJax.startup.promise")
    page.evaluate("async () => window.MathJax?.startup?.promise")
    return context, page


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_note_with_wide_things_fits_a_phone(browser, server: str, dark: bool, tmp_path) -> None:
    context, page = open_page(browser, server, "notes/wide.html", dark=dark)
    try:
        page.screenshot(path=str(tmp_path / f"wide-375-{'dark' if dark else 'light'}.png"))
        # the long path and the table stay in the column: the page does not scroll sideways
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        # the equation scrolls in its own box, whose content fades out at the right edge,
        # where there is more to see; scrolled to its end, at the left edge instead
        fades = """e => [e.scrollWidth > e.clientWidth + 1,
                         getComputedStyle(e).getPropertyValue('--ln-fade-start'),
                         getComputedStyle(e).getPropertyValue('--ln-fade-end')]"""
        equation = page.locator('mjx-container[display="true"]').first
        assert equation.evaluate(fades) == [True, "0px", "40px"]
        equation.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        page.wait_for_function(
            """() => getComputedStyle(document.querySelector('mjx-container[display="true"]'))
                     .getPropertyValue('--ln-fade-end') === '0px'"""
        )
        assert equation.evaluate(fades) == [True, "40px", "0px"]
    finally:
        context.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_tag_wall_is_folded_and_the_photo_has_no_box(
    browser, server: str, dark: bool, tmp_path: Path
) -> None:
    context, page = open_page(browser, server, "index.html", dark=dark)
    try:
        page.screenshot(path=str(tmp_path / f"index-375-{'dark' if dark else 'light'}.png"))
        visible = [a for a in page.locator("a.note-tag").all() if a.is_visible()]
        assert len(visible) == 8  # the most used tags; the other five are folded away
        summary = page.locator("details.note-tag-all > summary")
        assert summary.inner_text() == "All 13 tags"
        summary.click()
        assert sum(a.is_visible() for a in page.locator("a.note-tag").all()) == 8 + 13
        photo = page.locator("img.ln-profile-photo")
        style = photo.evaluate(
            "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).filter]"
        )
        # the theme's dark mode put every image on white and dimmed it: a grey square
        assert style == ["rgba(0, 0, 0, 0)", "none"], style
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_a_tap_opens_a_figure_at_full_size(browser, server: str) -> None:
    """The two-panel figure fits the column, and a tap shows the image alone, at its
    own size (1200 px), where the phone can zoom: before, it stayed 343 px wide."""
    context, page = open_page(browser, server, "notes/wide.html", dark=False)
    try:
        image = page.locator("figure img")
        column = page.evaluate("document.querySelector('figure').clientWidth")
        assert image.evaluate("e => e.getBoundingClientRect().width") <= column
        page.locator("figure a.ln-figure-zoom").tap()
        page.wait_for_url("**/_images/panels.svg")
        assert page.evaluate("document.documentElement.getAttribute('width')") == "1200"
    finally:
        context.close()
