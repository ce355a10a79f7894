"""What a reader's browser fetches for the five page kinds of a built book, by Chromium.

Each page is opened in Debian's headless Chromium (Playwright, the test suite's flags)
from a local server that sends files uncompressed, as a book opened from disk or a plain
file server does; every response is logged with its body size and resource type. Figures
of the page's own (images) are counted apart, as the weight budget leaves them aside.

    .venv/bin/python -m bench.page_weight _build/html [--json out.json]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from labnotebook.site.printing import CHROMIUM, CHROMIUM_ARGS, MATH_READY, serve

if TYPE_CHECKING:
    from playwright.sync_api import Request

#: the five page kinds of issue 18: home, notes index, a note with math and figures,
#: publications, search
PAGES = [
    "index.html",
    "notes/index.html",
    "notes/llm-reasoning.html",
    "docs/publications.html",
    "search.html",
]


@dataclass
class Weight:
    """Bytes one page fetched, by resource type, and any request that left the machine."""

    page: str
    by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gzip_by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    files: list[tuple[str, str, int]] = field(default_factory=list)
    off_site: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_type.values())

    @property
    def without_images(self) -> int:
        return self.total - self.by_type.get("image", 0)

    @property
    def gzip_without_images(self) -> int:
        return sum(v for k, v in self.gzip_by_type.items() if k != "image")


def measure(book: Path, pages: list[str] = PAGES) -> list[Weight]:
    """Open each page once in a fresh context (an empty cache) and log what it fetched."""
    from playwright.sync_api import sync_playwright

    weights = []
    with serve(book) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        host = urlsplit(base).netloc
        for page_name in pages:
            weight = Weight(page_name)
            context = browser.new_context(viewport={"width": 375, "height": 812})
            page = context.new_page()

            finished: list[Request] = []
            page.on("requestfinished", functools.partial(list.append, finished))
            page.goto(base + page_name, wait_until="networkidle")
            # the fonts MathJax asks for once it has typeset, then anything they pulled in
            page.evaluate(MATH_READY)
            page.evaluate("document.fonts.ready.then(() => true)")
            page.wait_for_load_state("networkidle")
            for request in finished:
                url = urlsplit(request.url)
                if url.netloc != host:
                    if url.scheme != "data":
                        weight.off_site.append(request.url)
                    continue
                size = request.sizes()["responseBodySize"]
                kind = request.resource_type
                weight.by_type[kind] += size
                served = book / unquote(url.path).lstrip("/")
                if served.is_file():
                    data = served.read_bytes()
                    weight.gzip_by_type[kind] += len(gzip.compress(data, 6))
                weight.files.append((kind, url.path, size))
            context.close()
            weights.append(weight)
        browser.close()
    return weights


def kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, help="the built HTML folder, e.g. _build/html")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--files", action="store_true", help="list every file fetched")
    args = parser.parse_args(argv)
    weights = measure(args.book)
    print("| Page | All | Figures aside | Figures aside, gzip | Scripts | Styles | Fonts |")
    print("|---|---|---|---|---|---|---|")
    for w in weights:
        print(
            f"| `{w.page}` | {kb(w.total)} | {kb(w.without_images)} "
            f"| {kb(w.gzip_without_images)} | {kb(w.by_type.get('script', 0))} "
            f"| {kb(w.by_type.get('stylesheet', 0))} | {kb(w.by_type.get('font', 0))} |"
        )
        if args.files:
            for kind, path, size in sorted(w.files, key=lambda f: -f[2]):
                print(f"    {kind:11} {size:>9,} {path}")
        for url in w.off_site:
            print(f"    OFF-SITE: {url}")
    if args.json:
        args.json.write_text(
            json.dumps([{"page": w.page, **w.by_type, "off_site": w.off_site} for w in weights]),
            encoding="utf-8",
        )
    return 1 if any(w.off_site for w in weights) else 0


if __name__ == "__main__":
    sys.exit(main())
