"""axe-core, experimental rules included, on every page of the book, light and dark.

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
    """Every page a reader can open, by its path in the book (assets' HTML left out)."""
    return sorted(
        page.relative_to(book).as_posix()
        for page in book.rglob("*.html")
        if not page.relative_to(book).parts[0].startswith("_")
    )


def all_rule_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {'; '.join(v['targets'])}"
        for v in page.evaluate(RUN_ALL_RULES)
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_no_serious_violations_on_any_page(
    book: Path, browser: Browser, server: str, dark: bool
) -> None:
    pages = book_pages(book)
    assert len(pages) > 30
    # one tab for every page: a sweep of 60-odd pages on a busy machine needs patience
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark" if dark else "light")
    context.set_default_timeout(60_000)
    tab = context.new_page()
    found = {}
    try:
        for path in pages:
            tab.goto(server + path, wait_until="load")
            typeset(tab)
            if violations := all_rule_violations(tab):
                found[path] = violations
    finally:
        context.close()
    # one line per rule: how many pages, and the first page with its elements
    by_rule: dict[str, list[str]] = {}
    for path, violations in found.items():
        for violation in violations:
            by_rule.setdefault(violation.split(" ", 1)[0], []).append(f"{path}: {violation}")
    assert by_rule == {}, "\n".join(f"{len(v)} pages, e.g. {v[0]}" for v in by_rule.values())
