"""Every kind of page, opened in Chromium: offline, clean, accessible, readable on a phone.

Each test runs once per kind of page (``PAGES`` in conftest); each page opens once, at
desktop and at phone width, and the tests look at the same tabs. The screenshots land in
tests/screenshots/, one per page kind and width, for people to look at.
"""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.book.browser.conftest import DESKTOP, PAGES, PHONE, Reader

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
KINDS = sorted(PAGES)
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# axe-core rates each violation minor, moderate, serious or critical
BLOCKING = {"serious", "critical"}


def scripts_loaded_twice(page: Page) -> list[str]:
    """Script files a page includes more than once (query strings such as ?v= ignored)."""
    sources = page.eval_on_selector_all("script[src]", "scripts => scripts.map(s => s.src)")
    counts = Counter(
        urlsplit(source)._replace(query="", fragment="").geturl() for source in sources
    )
    return sorted(source for source, count in counts.items() if count > 1)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_page_is_offline_and_clean(shared_reader: Reader, kind: str, width: str) -> None:
    page = shared_reader.reopen(PAGES[kind], viewport=VIEWPORTS[width])
    # content below the fold (lazy images, late scripts) loads too
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.evaluate("() => window.scrollTo(0, 0)")
    outside, errors = shared_reader.problems(PAGES[kind])
    assert outside == [], f"{kind}: requests left the site"
    assert errors == [], f"{kind}: the page logged errors"
    assert scripts_loaded_twice(page) == [], f"{kind}: a script is included twice"
    assert page.title(), f"{kind}: no <title>"


def axe_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_no_serious_accessibility_violations(shared_reader: Reader, kind: str) -> None:
    assert axe_violations(shared_reader.reopen(PAGES[kind])) == []


@pytest.mark.parametrize("kind", ["note", "executable-note", "home", "publications"])
def test_no_serious_accessibility_violations_in_dark_mode(shared_reader: Reader, kind: str) -> None:
    # colour contrast is checked again with the dark palette: code, links and badges
    page = shared_reader.reopen(PAGES[kind], dark=True)
    assert page.get_attribute("html", "data-theme") == "dark"
    assert axe_violations(page) == []


HEADING_LEVELS = """() => {
  const article = document.querySelector("article.bd-article") || document.querySelector("main");
  return [...article.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter(h => h.offsetParent !== null)
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]);
}"""


@pytest.mark.parametrize("kind", KINDS)
def test_headings_in_order(shared_reader: Reader, kind: str) -> None:
    headings = shared_reader.reopen(PAGES[kind]).evaluate(HEADING_LEVELS)
    assert headings, f"{kind}: the article has no heading"
    assert [level for level, _ in headings].count(1) == 1, f"{kind}: not one h1: {headings}"
    assert headings[0][0] == 1, f"{kind}: does not start with its h1: {headings}"
    skips = [
        (before, after)
        for before, after in itertools.pairwise(headings)
        if after[0] > before[0] + 1
    ]
    assert skips == [], f"{kind}: a heading skips a level"


# Figures are fetched as the reader nears them (loading="lazy"): each is scrolled to,
# as a reader would, and given the time to load or fail, before it is looked at.
IMAGES = """async () => {
  const images = [...document.querySelectorAll("article img, main img")];
  for (const img of images) {
    img.scrollIntoView();
    if (!img.complete) {
      await new Promise(done => {
        img.addEventListener("load", done, {once: true});
        img.addEventListener("error", done, {once: true});
      });
    }
  }
  scrollTo(0, 0);
  return images.map(img => ({
    src: img.getAttribute("src"), alt: img.getAttribute("alt"),
    loaded: img.complete && img.naturalWidth > 0,
  }));
}"""


@pytest.mark.parametrize("kind", ["note", "executable-note", "home"])
def test_figures_have_alt_text_and_load(shared_reader: Reader, kind: str) -> None:
    images = shared_reader.reopen(PAGES[kind]).evaluate(IMAGES)
    for image in images:
        assert image["loaded"], f"{kind}: {image['src']} did not load"
        alt = (image["alt"] or "").strip()
        # Sphinx and MyST-NB fall back to the file's path, which tells a reader nothing
        assert alt, f"{kind}: {image['src']} has no alt text"
        assert not alt.lower().endswith((".png", ".svg", ".jpg", ".jpeg")), (
            f"{kind}: {image['src']} has its file name as alt text: {alt}"
        )


NOTE_FIGURES = """() => document.querySelectorAll(
  "article figure img, article .cell_output img").length"""


def test_a_note_has_figures(shared_reader: Reader) -> None:
    # the alt-text test above means nothing if no note shows a figure
    notes = ("note", "executable-note")
    counts = [shared_reader.reopen(PAGES[kind]).evaluate(NOTE_FIGURES) for kind in notes]
    assert sum(counts) > 0


@pytest.mark.parametrize("kind", KINDS)
def test_no_horizontal_scroll_on_a_phone(shared_reader: Reader, kind: str) -> None:
    page = shared_reader.reopen(PAGES[kind], viewport=PHONE)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{kind}: the page is {width} px wide on a 375 px phone"


def test_the_build_performance_tables_stay_on_a_phone(shared_reader: Reader) -> None:
    """Its wide tables and long paths in code made the page 435 px wide at 375."""
    page = shared_reader.reopen("docs/performance.html", viewport=PHONE)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a 375 px phone"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots(shared_reader: Reader, screenshots: Path, kind: str, width: str) -> None:
    page = shared_reader.reopen(PAGES[kind], viewport=VIEWPORTS[width])
    shot = screenshots / f"{kind}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000, f"{shot} is blank"
