"""Hostile values in a real browser: no page of the book runs a script they carry.

A note titled ``<script>alert(1)</script>``, hostile tags and an author whose homepage
is ``javascript:alert(6)`` are built, then every page is opened in Debian's headless
Chromium at desktop and phone width, with every link clicked that the page offers.
Any dialog, i.e. any script the values smuggled in, fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browsing import chromium, serve
from tests.conftest import built_root

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def test_no_hostile_value_runs_a_script_in_chromium(tmp_path: Path) -> None:
    site = built_root("fault-hostile", tmp_path)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "notes/hostile.html" in pages
    dialogs: list[str] = []
    with serve(site) as url, chromium() as browser:
        for width, height, scheme in ((1280, 800, "light"), (375, 740, "dark")):
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for name in pages:
                page.goto(url + name)
                page.emulate_media(media="print")  # the theme's print-only heading
                page.emulate_media(media="screen")
                scripted = page.eval_on_selector_all(
                    "a[href]",
                    "links => links.map(a => a.href).filter(h => !/^(https?|mailto):/i.test(h))",
                )
                assert scripted == [], (name, scripted)
            page.goto(url + "notes/hostile.html")
            heading = page.locator("#jb-print-docs-body h1").inner_text()
            assert heading.startswith("<script>alert(1)</script>")
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"fault-hostile-{width}-{scheme}.png"))
            context.close()
    assert dialogs == []
