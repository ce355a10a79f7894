"""axe-core, experimental rules included, on every page of the book, light and dark.

Dark mode is checked on the pages of their own kind and on a sample of the others.

test_pages.py looks closely at one page of each kind; this sweeps all of them, because
the defects an audit found came from pages no kind covered (the proof index, the
performance page). A page passes with no critical and no serious violation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.book.browser.conftest import DESKTOP, typeset
from tests.book.browser.test_pages import BLOCKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# Every rule axe knows, the experimental ones too (off by default), on the whole page.
RUN_ALL_RULES = """async () => {
  const rules = {};
  for (const rule of axe.getRules(["experimental"])) rules[rule.ruleId] = {enabled: true};
  const results = await axe.run(document, {resultTypes: ["violations"], rules});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


def book_pages(book: Path) -> list[str]:
    """Every page a reader can open, by its path in the book (assets' HTML left out).

    Redirect stubs (an old address of a moved page) are left out: the browser follows
    them to their target, which the sweep opens anyway; the Nu checker reads them.
    """
    return sorted(
        page.relative_to(book).as_posix()
        for page in book.rglob("*.html")
        if not page.relative_to(book).parts[0].startswith("_")
        and 'http-equiv="refresh"' not in page.read_text(encoding="utf-8")[:2000]
    )


def dark_sample(pages: list[str], per_folder: int = 2) -> list[str]:
    """The pages the dark sweep opens: the book's own pages at its root and in ``docs/``
    (each its own kind: essays, publications, the reports), and the first few of every
    other folder, whose pages share their kind's template and parts (notes, guide
    chapters, tag and author pages), so the light sweep of all of them is enough; the
    kinds are also each checked dark in test_pages.py."""
    sample: list[str] = []
    seen: dict[str, int] = {}
    for path in pages:
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        if folder not in ONE_OF_A_KIND:
            seen[folder] = seen.get(folder, 0) + 1
            if seen[folder] > per_folder:
                continue
        sample.append(path)
    return sample


#: Folders whose pages are each of their own kind: the dark sweep opens all of them.
ONE_OF_A_KIND = frozenset({"", "docs"})


def all_rule_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {'; '.join(v['targets'])}"
        for v in page.evaluate(RUN_ALL_RULES)
        if v["impact"] in BLOCKING
    ]


def test_no_serious_violations_on_any_page(book: Path, browser: Browser, server: str) -> None:
    pages = book_pages(book)
    assert len(pages) > 30
    dark_pages = set(dark_sample(pages))
    assert len(dark_pages) < len(pages)
    # one tab for every page: a sweep of 60-odd pages on a busy machine needs patience
    # reduced motion: the theme's colour transitions then end at once, and axe reads the
    # dark colours, not a mix half-way (a contrast "failure" no reader sees)
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", reduced_motion="reduce")
    context.set_default_timeout(60_000)
    tab = context.new_page()
    found = {}
    try:
        for path in pages:
            tab.goto(server + path, wait_until="load")
            typeset(tab)
            violations = all_rule_violations(tab)
            if path in dark_pages:
                # the theme follows the reader's colour scheme as it changes: no second load
                # (a page without the theme's script keeps "auto" and its light colours)
                tab.emulate_media(color_scheme="dark")
                tab.wait_for_function("document.documentElement.dataset.theme !== 'light'")
                violations += [f"{v} [dark]" for v in all_rule_violations(tab)]
                tab.emulate_media(color_scheme="light")
            if violations:
                found[path] = violations
    finally:
        context.close()
    # one line per rule: how many pages, and the first page with its elements
    by_rule: dict[str, list[str]] = {}
    for path, violations in found.items():
        for violation in violations:
            by_rule.setdefault(violation.split(" ", 1)[0], []).append(f"{path}: {violation}")
    assert by_rule == {}, "\n".join(f"{len(v)} pages, e.g. {v[0]}" for v in by_rule.values())


def test_the_dark_sample_keeps_pages_of_their_own_kind() -> None:
    pages = ["docs/a.html", "docs/b.html", "docs/c.html", "index.html", "search.html"]
    pages += ["notes/a.html", "tags/a.html", "tags/b.html", "tags/c.html"]
    assert dark_sample(pages) == [*pages[:6], "tags/a.html", "tags/b.html"]
