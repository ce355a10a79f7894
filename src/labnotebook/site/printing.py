"""Printing each note of a built book to PDF with headless Chromium, offline.

The PDF is the page a reader sees, printed: Chromium (Debian's, driven by Playwright;
no browser is ever downloaded) opens the built HTML from a server on the loopback
interface, waits for MathJax to typeset and the fonts to load, and prints with the
print stylesheet, a header (the note's title) and a footer with the page numbers.
Every request that would leave the machine is refused.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from labnotebook.site.pdf import PDF_FOLDER, pdf_file

CHROMIUM = os.environ.get("LABNOTEBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
#: Resolves once MathJax has typeset every formula of the page (at once on a page without
#: math). A book served by labnotebook.site.offline fetches MathJax only as the reader nears
#: a formula, and typesets lazily: its loader is asked for everything now.
MATH_READY = """() => window.labnotebookMath ? labnotebookMath.typesetAll().then(() => true)
    : (window.MathJax && MathJax.startup && MathJax.startup.promise)
    ? MathJax.startup.promise.then(() => true) : true"""
HEADER = (
    '<div style="font-size:8px;width:100%;padding:0 15mm;color:#555;'
    "font-family:sans-serif,'WenQuanYi Micro Hei'\">{title}</div>"
)
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#555;font-family:sans-serif">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


@dataclass(frozen=True)
class PrintJob:
    """One note to print: its label, title and page inside the HTML output."""

    label: str
    title: str
    page: str


class PrintError(Exception):
    """The book cannot be printed; the message says why and what to do."""


def print_jobs(html_dir: Path, wanted: list[str]) -> list[PrintJob]:
    """The notes to print, from the ``notes.json`` the build wrote; ``wanted`` picks some.

    A note is named by its label, its docname (``notes/x``) or its source file.
    """
    index = html_dir / "notes.json"
    if not index.is_file():
        raise PrintError(f"no {index}: build the book first (make html), then print it")
    jobs = []
    for record in json.loads(index.read_text(encoding="utf-8")).get("notes", []):
        docname = record["docname"]
        page = next(
            (p for p in (f"{docname}.html", f"{docname}/index.html") if (html_dir / p).is_file()),
            None,
        )
        if page is not None:
            jobs.append(PrintJob(record["label"], record["title"], page))
    if not wanted:
        return jobs
    chosen = []
    for name in wanted:
        key = Path(name).with_suffix("").as_posix() if name.endswith((".md", ".ipynb")) else name
        match = [j for j in jobs if key in (j.label, j.page.rsplit(".html", 1)[0])]
        if not match:
            labels = ", ".join(sorted(j.label for j in jobs))
            raise PrintError(f"no note {name!r} in {html_dir}; the notes are: {labels}")
        chosen += match
    return chosen


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built book without logging every request; knows Pagefind's file types."""

    extensions_map = {  # noqa: RUF012 (the base class declares it a plain dict)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        """Print nothing per request."""


@contextmanager
def serve(
    folder: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] | None = None
) -> Iterator[str]:
    """The folder's base URL, served on the loopback interface while the block runs
    (by ``handler_class``, a quiet static-file handler unless another is given)."""
    handler = functools.partial(handler_class or _QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def print_notes(html_dir: Path, jobs: list[PrintJob], out_dir: Path | None = None) -> list[Path]:
    """Print each job to ``<out_dir>/<label>.pdf`` (by default the HTML output's ``pdf/``)."""
    if not (Path(CHROMIUM).is_file() and shutil.which(CHROMIUM)):
        raise PrintError(
            f"no Chromium at {CHROMIUM}: install Debian's (apt-get install chromium), or set "
            "LABNOTEBOOK_CHROMIUM to a Chromium executable"
        )
    try:
        from playwright.sync_api import Route, sync_playwright
    except ImportError as exc:
        raise PrintError("Playwright is not installed: pip install 'labnotebook[book]'") from exc
    target = out_dir or html_dir / PDF_FOLDER
    written = []
    with serve(html_dir) as base, sync_playwright() as playwright:

        def offline(route: Route) -> None:
            if route.request.url.startswith(base):
                route.continue_()
            else:
                route.abort()

        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", offline)
            page.emulate_media(media="print", color_scheme="light")
            for job in jobs:
                page.goto(base + job.page, wait_until="load")
                # folded content (revisions, dropdowns) is part of the note on paper
                page.evaluate(
                    "() => document.querySelectorAll('details').forEach(d => d.open = true)"
                )
                page.evaluate(MATH_READY)
                page.evaluate("() => document.fonts.ready.then(() => true)")
                path = target / Path(pdf_file(job.label)).name
                path.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(
                    path=str(path),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template=HEADER.format(title=html.escape(job.title)),
                    footer_template=FOOTER,
                    margin={"top": "18mm", "bottom": "18mm", "left": "12mm", "right": "12mm"},
                )
                written.append(path)
        finally:
            browser.close()
    return written
