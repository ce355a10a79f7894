"""What every browser test needs: Debian's Chromium, its flags, and a book served locally.

Chromium is never downloaded: Playwright drives the one from Debian's packages. Without
it the tests are skipped with the reason, except in CI, where a missing browser fails.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# the same Chromium, flags and host as the PDF printer's, so tests drive what users get
from labnotebook.site.printing import CHROMIUM, CHROMIUM_ARGS, HOST

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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built book without logging every request to the terminal."""

    extensions_map = {  # noqa: RUF012 (the base class declares it a plain dict)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder's base URL, served from a thread on 127.0.0.1 at a free port."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


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
