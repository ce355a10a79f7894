"""What a reader does with the book, done in Chromium: the features work end to end.

Every page these tests open is also checked by the ``reader`` fixture: no request leaves
127.0.0.1 and no page logs a console error or an uncaught exception.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest

from tests.book.browser.conftest import PAGES, PHONE, Reader

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

EXECUTABLE_NOTE = PAGES["executable-note"]
PREVIEW = "#lnb-hover-preview"


def notes_of(book: Path) -> list[dict[str, Any]]:
    """The notes the build exported, with their docnames and titles."""
    records: list[dict[str, Any]] = json.loads((book / "notes.json").read_text("utf-8"))["notes"]
    return records


def first_visible(locator: Locator) -> Locator:
    for index in range(locator.count()):
        if locator.nth(index).is_visible():
            return locator.nth(index)
    raise AssertionError(f"nothing visible matches {locator}")


def heading(page: Page) -> str:
    return page.locator("article h1").first.inner_text().strip().rstrip("#¶ ").strip()


def test_home_shows_the_profile_and_recent_updates(reader: Reader) -> None:
    page = reader.open(PAGES["home"])
    profile = page.locator(".ln-profile")
    assert profile.is_visible()
    assert profile.locator(".ln-profile-name").inner_text().strip()
    photo = profile.locator("img.ln-profile-photo")
    if photo.count():
        assert photo.evaluate("img => img.complete && img.naturalWidth > 0"), "photo missing"
    updates = page.locator(".ln-updates .ln-update")
    assert updates.count() >= 1
    assert updates.first.is_visible()
    assert re.match(r"\w", updates.first.locator(".ln-date").inner_text())


def link_to(container: Locator, url: str) -> Locator:
    """The first link in ``container`` that leads to ``url`` (an absolute URL)."""
    index = container.evaluate(
        "(box, url) => [...box.querySelectorAll('a[href]')].findIndex(a => a.href === url)", url
    )
    assert index >= 0, f"no link to {url}"
    return container.locator("a[href]").nth(index)


def reveal(container: Locator, link: Locator) -> None:
    """Open the collapsed sections that hold ``link``, outermost first, as a reader would."""
    for _ in range(6):
        if link.is_visible():
            return
        closed = link.locator("xpath=ancestor::details[not(@open)]/summary")
        assert closed.count(), "the link is hidden but in no collapsed section"
        # the theme draws the summary's chevron as the thing to press
        chevron = closed.first.locator(".toctree-toggle")
        (chevron if chevron.count() else closed.first).click()
    assert link.is_visible(), "the link stays hidden"


def test_the_sidebar_reaches_every_note(reader: Reader, book: Path) -> None:
    page = reader.open(PAGES["home"])
    sidebar = page.locator("nav.bd-docs-nav")
    hrefs = sidebar.evaluate("nav => [...nav.querySelectorAll('a[href]')].map(a => a.href)")
    notes = notes_of(book)
    wanted = {
        urljoin(reader.base, f"{note['docname']}.html"): note["title"]
        for note in notes
        if not note["translation_of"]
    }
    missing = sorted(set(wanted) - {href.split("#")[0] for href in hrefs})
    assert missing == [], "notes the sidebar does not reach"
    # a translation is reached from the page it translates, through the language switcher
    docnames = {note["label"]: note["docname"] for note in notes}
    for note in notes:
        if note["translation_of"]:
            original = reader.open(f"{docnames[note['translation_of']]}.html")
            switcher = original.locator("nav.ln-languages")
            link_to(switcher, urljoin(reader.base, f"{note['docname']}.html"))

    # a reader opens the notebook's section and follows a note from it
    url = reader.base + EXECUTABLE_NOTE
    link = link_to(sidebar, url)
    reveal(sidebar, link)
    link.click()
    page.wait_for_url(url)
    assert heading(page) == wanted[url]


def test_a_note_link_previews_the_note_and_lands_on_it(reader: Reader, book: Path) -> None:
    page = reader.open("docs/guide/notes.html")
    link = page.locator("article a.note-ref").first
    target = urljoin(page.url, link.get_attribute("href") or "")
    note = next(n for n in notes_of(book) if target.endswith(f"/{n['docname']}.html"))
    link.scroll_into_view_if_needed()
    link.hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    assert note["title"] in preview.inner_text()
    page.keyboard.press("Escape")
    link.click()
    page.wait_for_url(target)
    assert heading(page) == note["title"]


def test_a_citation_previews_the_reference_and_lands_on_it(reader: Reader) -> None:
    page = reader.open(EXECUTABLE_NOTE)
    link = page.locator("article .bibtex-citation a").first
    link.scroll_into_view_if_needed()
    link.hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    reference = preview.inner_text()
    assert len(reference) > 40, reference  # the full reference, not just "[Wei et al., 2022]"
    href = link.get_attribute("href") or ""
    link.click()
    page.wait_for_url(re.compile(re.escape(href.split("#")[-1]) + "$"))
    anchor = href.split("#")[-1]
    entry = page.locator(f'[id="{anchor}"]')
    assert entry.is_visible()
    top = entry.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], "the reference is not on screen"  # type: ignore[index]
    # the entry is the one the preview showed
    words = re.findall(r"\w{5,}", reference)[:4]
    entry_text = entry.evaluate("e => (e.closest('.citation, li, dd, p') || e).textContent")
    assert all(word in entry_text for word in words), (words, entry_text)


def test_search_finds_a_note(reader: Reader, book: Path) -> None:
    note = next(n for n in notes_of(book) if n["docname"] == EXECUTABLE_NOTE.removesuffix(".html"))
    page = reader.open(PAGES["home"])
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill("majority vote")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=60_000)
    assert note["title"] in results.all_inner_texts()
    results.filter(has_text=note["title"]).first.click()
    page.wait_for_url(f"**/{EXECUTABLE_NOTE}*")


def test_the_language_switcher_goes_both_ways(reader: Reader) -> None:
    page = reader.open(PAGES["chinese"])
    assert page.get_attribute("html", "lang") == "zh-Hans"
    switcher = page.locator("nav.ln-languages")
    assert switcher.locator('[aria-current="page"]').inner_text().strip() == "中文"
    switcher.locator('a[hreflang="en"]').click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    english = page.url
    page.locator('nav.ln-languages a[hreflang="zh-Hans"]').click()
    page.wait_for_url(reader.base + PAGES["chinese"])
    assert english != page.url


CONTRAST = """(selector) => {
  const rgb = text => text.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = element => {
    for (let e = element; e; e = e.parentElement) {
      const colour = rgb(getComputedStyle(e).backgroundColor);
      if (colour.length < 4 || colour[3] > 0) return colour;
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll(selector)]
    .filter(e => e.textContent.trim() && e.offsetParent !== null)
    .map(e => {
      const [a, b] = [luminance(rgb(getComputedStyle(e).color)), luminance(background(e))];
      return [e.textContent.trim().slice(0, 30), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
    });
}"""


def switch_to_dark(page: Page) -> None:
    """Through the theme's colour-mode menu in the header, as a reader does."""
    first_visible(page.locator(".theme-switch-button")).click()
    first_visible(page.locator('.theme-change-button[data-mode="dark"]')).click()


def test_dark_mode_keeps_figures_and_code_readable(reader: Reader, screenshots: Path) -> None:
    page = reader.open(EXECUTABLE_NOTE)
    assert page.get_attribute("html", "data-theme") == "light"
    switch_to_dark(page)
    assert page.get_attribute("html", "data-theme") == "dark"
    page.reload()  # the choice is remembered
    assert page.get_attribute("html", "data-theme") == "dark"
    page.screenshot(path=str(screenshots / "note-dark-desktop.png"), full_page=True)

    # code: every highlighted token stays legible on the dark code background
    tokens = page.evaluate(CONTRAST, "article div.highlight pre span, article pre")
    assert tokens, "no code on the note"
    faint = [(text, round(ratio, 2)) for text, ratio in tokens if ratio < 4.5]
    assert faint == [], "code too faint in dark mode"

    # figures: plots drawn black on transparent keep a light backing in dark mode
    backings = page.eval_on_selector_all(
        "article img",
        "images => images.map(img => getComputedStyle(img).backgroundColor)",
    )
    assert backings, "no figure on the note"
    for backing in backings:
        red, green, blue = (int(x) for x in re.findall(r"\d+", backing)[:3])
        assert min(red, green, blue) > 200, f"a figure sits on {backing} in dark mode"


def test_dark_mode_on_a_phone(reader: Reader, screenshots: Path) -> None:
    page = reader.open(EXECUTABLE_NOTE, viewport=PHONE, dark=True)
    assert page.get_attribute("html", "data-theme") == "dark"
    page.screenshot(path=str(screenshots / "note-dark-phone.png"), full_page=True)


def test_cite_this_note_copies_the_bibtex(reader: Reader) -> None:
    page = reader.open(EXECUTABLE_NOTE, clipboard=True)
    block = page.locator(".note-cite .highlight").first
    block.scroll_into_view_if_needed()
    block.hover()
    button = block.locator("button.copybtn")
    button.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    expected = block.locator("pre").inner_text()
    assert copied.strip() == expected.strip()
    assert copied.startswith("@online{llm-reasoning,")
    assert 'title = "{Test}-time scaling by majority vote"' in copied


def test_phone_navigation_opens_and_leads_to_a_note(reader: Reader, book: Path) -> None:
    page = reader.open(PAGES["note"], viewport=PHONE)
    assert not page.locator("#pst-primary-sidebar").is_visible()
    first_visible(page.locator("button.primary-toggle")).click()
    drawer = page.locator("#pst-primary-sidebar-modal")
    drawer.wait_for(state="visible")
    note = next(n for n in notes_of(book) if n["docname"] == EXECUTABLE_NOTE.removesuffix(".html"))
    link = link_to(drawer, reader.base + EXECUTABLE_NOTE)
    reveal(drawer, link)
    box = link.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    link.click()
    page.wait_for_url(f"**/{EXECUTABLE_NOTE}")
    assert heading(page) == note["title"]
