"""A phone (375 px), light and dark: nothing pushes the page sideways, a wide equation
shows that it scrolls, the tag wall is folded and the profile photo has no box.

tests/roots/test-small-screens holds one of each: a long path in code, a wide table, a
wide display equation, a note with 13 tags and a profile card. Built once for the module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from labnotebook.site.printing import MATH_READY
from tests.browsing import serve
from tests.conftest import built_root

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = built_root("small-screens", tmp_path_factory.mktemp("small-screens"))
    with serve(site) as url:
        yield url


def open_page(browser, server: str, path: str, *, dark: bool, viewport=PHONE):
    context = browser.new_context(
        viewport=viewport,
        color_scheme="dark" if dark else "light",
        is_mobile=viewport["width"] < 600,
        has_touch=viewport["width"] < 600,
    )
    page = context.new_page()
    page.goto(server + path, wait_until="networkidle")
    page.evaluate(MATH_READY)
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


def mathjax_requests(page) -> list[str]:
    fetched: list[str] = []
    page.on("request", lambda request: "/mathjax/" in request.url and fetched.append(request.url))
    return fetched


def test_mathjax_is_fetched_only_when_a_formula_nears_the_viewport(browser, server: str) -> None:
    """A note whose formulas are three screens down shows its first screen without MathJax;
    scrolling towards a formula fetches it and typesets that formula, and asking for
    everything (as the PDF printer does) typesets the rest."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        fetched = mathjax_requests(page)
        page.goto(server + "notes/far.html", wait_until="networkidle")
        page.wait_for_timeout(500)
        assert fetched == []
        assert page.locator("mjx-container").count() == 0
        formulas = page.locator(".math")
        assert formulas.count() == 3
        formulas.last.scroll_into_view_if_needed()
        page.wait_for_selector("mjx-container", timeout=60_000)
        assert any(url.split("?")[0].endswith("/mathjax/startup.js") for url in fetched)
        page.evaluate(MATH_READY)
        assert page.locator("mjx-container").count() == 3
        # each typeset formula keeps its MathML for screen readers
        assert page.locator("mjx-container mjx-assistive-mml math").count() == 3
    finally:
        context.close()


def test_a_formula_on_the_first_screen_is_typeset_without_scrolling(browser, server: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server + "notes/wide.html")
        page.wait_for_selector('mjx-container[display="true"]', timeout=60_000)
    finally:
        context.close()


def test_holding_ctrl_fetches_mathjax_before_a_print(browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        fetched = mathjax_requests(page)
        page.goto(server + "notes/far.html", wait_until="networkidle")
        assert fetched == []
        page.keyboard.down("Control")
        page.wait_for_selector("mjx-container", state="attached", timeout=60_000)
        page.keyboard.up("Control")
        assert fetched
    finally:
        context.close()


def test_figures_are_fetched_lazily(browser, server: str) -> None:
    context, page = open_page(browser, server, "notes/wide.html", dark=False)
    try:
        assert page.locator("figure img").get_attribute("loading") == "lazy"
        # the profile photo is on the first screen: fetched with the page
        page.goto(server + "index.html")
        assert page.locator("img.ln-profile-photo").get_attribute("loading") is None
    finally:
        context.close()
