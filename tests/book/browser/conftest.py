"""The built book in a real browser: served on 127.0.0.1, read by Debian's headless Chromium.

One book build (the session ``book`` fixture of tests/conftest.py), one server and one
browser serve the whole suite. Every page a test opens goes through a ``Reader``: it
aborts and records any request for a host other than the book's server, and records
console errors and uncaught exceptions, so a test that opens a page also checks that the
page works offline and cleanly. Without Chromium the tests are skipped with the reason,
except in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from labnotebook.site.printing import MATH_READY
from tests.browsing import HOST, chromium, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

# One page of every kind the book has, by the path a reader opens.
PAGES = {
    "home": "index.html",
    "note": "notes/science-of-dl.html",
    "executable-note": "notes/llm-reasoning.html",
    "notes-index": "notes/index.html",
    "tag": "tags/llm.html",
    "author": "authors/m-student.html",
    "publications": "docs/publications.html",
    "chinese": "docs/background-zh.html",
    "essay": "docs/research-statement.html",
    "execution-report": "docs/execution-report.html",
    "search": "search.html?q=scaling",
}


@pytest.fixture(scope="session")
def server(book: Path) -> Iterator[str]:
    """The book's base URL, served from a thread on 127.0.0.1 at a free port."""
    with serve(book) as url:
        yield url


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for this folder's tests, closed after them: Playwright's sync API runs
    one instance at a time, and other test modules start their own."""
    with chromium() as browser:
        yield browser


@dataclass
class Reader:
    """Opens pages of the book as a reader would, and records what must never happen."""

    browser: Browser
    base: str
    # (page path, what happened): requests for any other host, console errors, exceptions
    outside: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)
    opened: dict[tuple[str, int, bool], Page] = field(default_factory=dict)

    def open(
        self,
        path: str,
        *,
        viewport: dict[str, int] = DESKTOP,
        dark: bool = False,
        clipboard: bool = False,
    ) -> Page:
        """A new tab at ``path`` (relative to the book), loaded and idle.

        ``dark`` sets the reader's system preference, which the theme follows by default.
        """
        context = self.browser.new_context(
            viewport=viewport,
            color_scheme="dark" if dark else "light",
            device_scale_factor=1,
            is_mobile=viewport["width"] < 600,
            has_touch=viewport["width"] < 600,
        )
        if clipboard:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=self.base)
        context.set_default_timeout(10_000)
        context.route("**/*", functools.partial(self.only_the_book, path))
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", functools.partial(self.on_console, path))
        page.on("pageerror", lambda error: self.errors.append((path, f"exception: {error}")))
        page.goto(self.base + path, wait_until="networkidle")
        typeset(page)
        return page

    def reopen(self, path: str, *, viewport: dict[str, int] = DESKTOP, dark: bool = False) -> Page:
        """The tab ``open`` gave for the same arguments, for tests that only look at it."""
        key = (path, viewport["width"], dark)
        if key not in self.opened:
            self.opened[key] = self.open(path, viewport=viewport, dark=dark)
        return self.opened[key]

    def problems(self, path: str) -> tuple[list[str], list[str]]:
        """What pages opened at ``path`` requested from other hosts, and the errors they logged."""
        outside = [url for where, url in self.outside if where == path]
        return outside, [error for where, error in self.errors if where == path]

    def only_the_book(self, path: str, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == HOST:
            route.continue_()
        else:
            self.outside.append((path, url))
            route.abort("blockedbyclient")

    def on_console(self, path: str, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location
            where = f"{location.get('url', '')}:{location.get('lineNumber', '')}"
            self.errors.append((path, f"console: {message.text} ({where})"))

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def typeset(page: Page) -> None:
    """Wait for MathJax to finish on pages that load it, so screenshots and checks see math."""
    page.evaluate(MATH_READY)


@pytest.fixture
def reader(browser: Browser, server: str) -> Iterator[Reader]:
    """Opens pages; after the test, fails it if any page left the site or logged an error."""
    opened = Reader(browser, server)
    try:
        yield opened
    finally:
        opened.close()
    assert opened.outside == [], "requests left the site"
    assert opened.errors == [], "pages logged errors"


@pytest.fixture(scope="module")
def shared_reader(browser: Browser, server: str) -> Iterator[Reader]:
    """One reader for a module's tests that only look at pages: each page opens once.

    Its tests check the requests and errors of the pages they look at themselves.
    """
    opened = Reader(browser, server)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """tests/screenshots/, ignored by git and by the build, for anyone to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
