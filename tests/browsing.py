"""What every browser test needs: Debian's Chromium, its flags, and a book served locally.

Chromium is never downloaded: Playwright drives the one from Debian's packages. Without
it the tests are skipped with the reason, except in CI, where a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# the same Chromium, flags and local server as the PDF printer's: tests drive what users get
from labnotebook.site.printing import CHROMIUM, CHROMIUM_ARGS
from labnotebook.site.printing import HOST as HOST  # re-exported for the tests
from labnotebook.site.printing import serve as serve  # re-exported for the tests

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def need_browser() -> None:
    """Skip without Chromium, with the reason; in CI a missing browser fails instead."""
    if Path(CHROMIUM).is_file() and shutil.which(CHROMIUM):
        return
    message = f"no Chromium at {CHROMIUM}: install Debian's (apt-get install -y chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright's sync API (one at a time)."""
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
