"""Lighthouse (phone preset) on the five page kinds of a built book, served as a web host would.

Lighthouse is npm's ``lighthouse`` command, run against Debian's Chromium. `.ci/run`
installs it beside the environment, where this finds it (``LIGHTHOUSE`` points elsewhere):

    npm install --prefix .venv/node lighthouse@12.8.2
    .venv/bin/python -m bench.lighthouse _build/html

``tests/book/test_lighthouse.py`` asserts the targets with the same runs.

The book is served from 127.0.0.1 with gzip, as static hosts (GitHub Pages, Read the
Docs, Netlify) send it; Lighthouse's phone preset then simulates a slow 4G network and a
slow phone processor. Its performance score comes from simulated timings that depend on
how busy the machine is: on a loaded machine, runs of the same page differ by several
points, so the script runs each page ``--runs`` times and reports the median. The other
three categories do not depend on timing.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from bench.page_weight import PAGES
from labnotebook.site.printing import CHROMIUM, CHROMIUM_ARGS, serve

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
#: text types a web host compresses
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".wasm")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the book's text files gzipped, when the browser accepts it, like a web host.

    Over HTTP/1.1, whose connections are kept for the next request, as every web host
    does: the standard library's HTTP/1.0 opens a connection per file, and Lighthouse
    charges each one a simulated round trip on a slow phone network.
    """

    protocol_version = "HTTP/1.1"

    extensions_map = {  # noqa: RUF012 (the base class declares it a plain dict)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
    }

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return _Body(body)

    def log_message(self, format: str, *args: object) -> None:
        """Print nothing per request."""


class _Body:
    """A file-like body for ``SimpleHTTPRequestHandler.do_GET`` to copy out."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        self.data = b""


def serve_gzipped(folder: Path) -> AbstractContextManager[str]:
    """The folder served as a compressing web host serves it."""
    return serve(folder, _GzipHandler)


#: where `.ci/run` installs it, beside the Nu HTML checker
INSTALLED = Path(__file__).resolve().parents[1] / ".venv/node/node_modules/.bin/lighthouse"
#: what to run when it is missing
INSTALL = "npm install --prefix .venv/node lighthouse@12.8.2"


def find_lighthouse() -> str | None:
    """``LIGHTHOUSE``, else the one `.ci/run` installs, else one on the PATH."""
    if command := os.environ.get("LIGHTHOUSE"):
        return command
    return str(INSTALLED) if INSTALLED.is_file() else shutil.which("lighthouse")


def lighthouse_command() -> str:
    command = find_lighthouse()
    if not command:
        sys.exit(f"no lighthouse command: {INSTALL}, or set LIGHTHOUSE to one")
    return command


@dataclass
class Run:
    """One Lighthouse run of one page."""

    #: each category's score out of 100, the page's weight and two timings
    scores: dict[str, float]
    #: audits that kept accessibility, best practices or SEO below 100, by category
    shortfalls: list[str]


def run_once(command: str, url: str, report: Path) -> Run:
    """One Lighthouse run (phone preset, its default) of the page at ``url``."""
    subprocess.run(
        [
            command,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: result["categories"][name]["score"] * 100 for name in CATEGORIES}
    audits = result["audits"]
    scores["transfer KB"] = audits["total-byte-weight"]["numericValue"] / 1024
    scores["LCP s"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    scores["TBT ms"] = audits["total-blocking-time"]["numericValue"]
    shortfalls = [
        f"{category}: {ref['id']}"
        for category in CATEGORIES[1:]
        for ref in result["categories"][category]["auditRefs"]
        if ref["weight"] and (audits[ref["id"]].get("score") or 0) < 1
    ]
    return Run(scores, shortfalls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, help="the built HTML folder, e.g. _build/html")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median)")
    args = parser.parse_args(argv)
    command = lighthouse_command()
    columns = [*CATEGORIES, "transfer KB", "LCP s", "TBT ms"]
    rows = []
    with serve_gzipped(args.book) as base, tempfile.TemporaryDirectory() as tmp:
        for page in PAGES:
            runs = [
                run_once(command, base + page, Path(tmp, "report.json")) for _ in range(args.runs)
            ]
            for run in runs:
                if run.shortfalls:
                    print(f"    below 100 in {page}: {', '.join(run.shortfalls)}")
            median = {name: statistics.median(run.scores[name] for run in runs) for name in columns}
            spread = [run.scores["performance"] for run in runs]
            rows.append((page, median, spread))
    print("| Page | " + " | ".join(columns) + " | performance, each run |")
    print("|---|" + "---|" * (len(columns) + 1))
    for page, median, spread in rows:
        cells = [
            f"{median[name]:,.0f}" if name != "LCP s" else f"{median[name]:.1f}" for name in columns
        ]
        print(
            f"| `{page}` | " + " | ".join(cells) + f" | {', '.join(f'{s:.0f}' for s in spread)} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
