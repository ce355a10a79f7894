"""The 404 page in a real browser: styled, with working links, wherever it is shown.

One small book, built once, served the way hosts serve a 404 page (its content, with
status 404, at any missing address): at the root, under ``/project/`` (the book is
configured for ``/labbook/``, so neither matches), at a missing address inside a folder,
at ``404.html`` itself, and opened from disk. The same book and browser check that a
page shows one search box, on a wide screen and on a phone.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.browsing import HOST
from tests.conftest import SharedBuilds

pytestmark = pytest.mark.browser


class NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a book under ``prefix`` and ``404.html`` for every missing address."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Print nothing per request."""


@contextmanager
def serve_like_a_host(folder: Path, prefix: str) -> Iterator[str]:
    """The book at ``http://127.0.0.1:<port><prefix>``, with a host's 404 behaviour."""
    handler = type("Handler", (NotFoundHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        (HOST, 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(shared_build: SharedBuilds) -> Path:
    return Path(shared_build("web-notfound").outdir)


def open_404(browser: Any, url: str) -> tuple[Any, list[str]]:
    """Open ``url``; the page and every failed request, error status or script error."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

    def on_response(response: Any) -> None:
        # the document itself is the host's 404 answer; nothing it loads may fail
        if response.status >= 400 and response.url != url:
            problems.append(f"{response.status}: {response.url}")

    page.on("response", on_response)
    page.goto(url, wait_until="load")
    return page, problems


def check_page(page: Any, root: str, site: Path) -> None:
    """Styled by the theme, and every link of the sidebar and body leads into the book."""
    theme_font = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--pst-font-family-base')"
    )
    assert theme_font.strip(), "the theme's stylesheet did not load"
    assert page.locator("#page-not-found h1").inner_text() == "Page not found"
    links = page.eval_on_selector_all(
        "nav.bd-docs-nav a.reference.internal, #page-not-found a", "links => links.map(a => a.href)"
    )
    assert len(links) >= 5
    for link in links:
        address = link.split("#")[0]
        assert address.startswith(root), link
        assert (site / address[len(root) :]).is_file(), link


PREFIXES = {
    "root, nested missing address": ("/", "notes/renamed/old-name.html"),
    "project, nested missing address": ("/project/", "notes/old-name.html"),
    "project, missing page": ("/project/", "gone.html"),
    "project, the page itself": ("/project/", "404.html"),
}


@pytest.mark.parametrize("prefix, missing", PREFIXES.values(), ids=list(PREFIXES))
def test_served(browser: Any, site: Path, prefix: str, missing: str) -> None:
    with serve_like_a_host(site, prefix) as root:
        page, problems = open_404(browser, root + missing)
        try:
            check_page(page, root, site)
            assert problems == []
            # an in-page link stays on this page instead of following the base URL
            page.evaluate("document.querySelector('a[href=\"#main-content\"]').click()")
            assert page.url == root + missing + "#main-content"
        finally:
            page.close()


def test_search_and_latest_notes(browser: Any, site: Path) -> None:
    """The body's search box searches this book, and its latest notes open."""
    with serve_like_a_host(site, "/project/") as root:
        page, problems = open_404(browser, root + "notes/renamed/old-name.html")
        try:
            action = page.eval_on_selector("form.ln-notfound-search", "form => form.action")
            assert action == root + "search.html"
            assert page.get_attribute("#ln-notfound-query", "name") == "q"
            page.click("#page-not-found li a >> text=Majority voting")
            page.wait_for_url(root + "notes/voting.html")
            assert page.locator("h1").first.inner_text().startswith("Majority voting")
            assert problems == []
        finally:
            page.close()


def test_from_disk(browser: Any, site: Path) -> None:
    page, problems = open_404(browser, (site / "404.html").as_uri())
    try:
        check_page(page, site.as_uri() + "/", site)
        assert problems == []
    finally:
        page.close()


def test_latest_notes_escaped(site: Path) -> None:
    text = (site / "404.html").read_text(encoding="utf-8")
    latest = text.split('class="ln-notfound-latest"', 1)[1].split("</ul>", 1)[0]
    # notes only, newest first: the newer "About" page is a page, not a note
    assert latest.index("notes/escaping.html") < latest.index("notes/voting.html")
    assert "about.html" not in latest
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 中文 🧪" in text
    assert "<script>alert(1)" not in text


VISIBLE_SEARCH_CONTROLS = """
  [...document.querySelectorAll('.search-button__button, form.bd-search')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .length"""


@pytest.mark.parametrize("width", [1280, 375])
def test_one_search_box(browser: Any, site: Path, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto((site / "about.html").as_uri(), wait_until="load")
        assert page.evaluate(VISIBLE_SEARCH_CONTROLS) == 1
    finally:
        page.close()
