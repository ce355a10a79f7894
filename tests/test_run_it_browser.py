"""Run it and reuse it, in a browser: downloads, launch links, embeds, interactive plots.

One small book (tests/roots/test-run-it) is built once for the module and read by one
Chromium: a MyST note in a subfolder, a stored-output notebook with a plotly figure, a
note that glues a figure and one that embeds it, and a note of prose only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest

from tests.browsing import HOST, serve
from tests.conftest import build_in_process, copy_root, warnings_of

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page, Route


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, str]]:
    """The root's sources, its HTML folder and the address it is served at."""
    src = copy_root("run-it", tmp_path_factory.mktemp("run-it"))
    app = build_in_process(src)
    assert warnings_of(app) == []
    with serve(Path(app.outdir)) as base:
        yield src, Path(app.outdir), base


class Visit:
    """A page of the book, opened with every request off the site refused and recorded."""

    def __init__(self, browser: Browser, base: str, path: str, width: int = 1280) -> None:
        viewport = {"width": width, "height": 800}
        self.context = browser.new_context(accept_downloads=True, viewport=viewport)
        self.page: Page = self.context.new_page()
        self.requested: list[str] = []
        self.off_site: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("dialog", self.dismiss)
        self.page.route("**/*", self.record)
        self.page.goto(base + path, wait_until="load")

    def record(self, route: Route) -> None:
        url = route.request.url
        self.requested.append(url)
        if urlsplit(url).hostname == HOST:
            route.continue_()
        else:
            self.off_site.append(url)
            route.abort()

    def dismiss(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def visit(browser: Browser, book: tuple[Path, Path, str]) -> Iterator[Any]:
    """Opens a page once for the module: loading plotly.js is most of a test's time."""
    opened: dict[tuple[str, int], Visit] = {}

    def open_page(path: str, width: int = 1280) -> Visit:
        if (path, width) not in opened:
            opened[path, width] = Visit(browser, book[2], path, width)
        return opened[path, width]

    yield open_page
    for page in opened.values():
        page.close()


def test_plot_responds_to_hover_with_no_request_off_the_site(visit: Any) -> None:
    plot = visit("notes/plot.html")
    page = plot.page
    page.locator(".labnotebook-plotly .main-svg").first.wait_for()
    assert page.locator(".labnotebook-plotly .js-plotly-plot").count() == 1  # drawn once
    points = page.locator(".labnotebook-plotly .scatterlayer .point")
    assert points.count() == 3
    points.nth(2).hover(force=True)  # plotly's drag layer takes the pointer
    label = page.locator(".labnotebook-plotly .hoverlayer .hovertext")
    label.wait_for()
    assert "中文 🎉" in label.text_content()
    points.nth(0).hover(force=True)
    page.wait_for_function(
        "document.querySelector('.labnotebook-plotly .hoverlayer .hovertext')"
        ".textContent.includes('alert(1)')"
    )
    assert plot.dialogs == []  # the figure's strings are data: the hostile label ran nothing
    title = page.locator(".labnotebook-plotly .gtitle").text_content()
    assert title == "Three points </script> & {braces}"
    assert any(url.split("?")[0].endswith("/plotly.min.js") for url in plot.requested)
    assert plot.off_site == []


def test_plot_fits_a_phone(visit: Any) -> None:
    """The figure was made 520 px wide in the notebook; on a phone it fits the page."""
    page = visit("notes/plot.html", width=375).page
    page.locator(".labnotebook-plotly .main-svg").first.wait_for()
    holder, drawn = page.evaluate(
        "[document.querySelector('.labnotebook-plotly').clientWidth,"
        " document.querySelector('.labnotebook-plotly .main-svg').getBoundingClientRect().width]"
    )
    assert 0 < drawn <= holder < 375


def test_page_without_a_plot_loads_no_plotly(visit: Any) -> None:
    prose = visit("notes/prose.html")
    assert not [url for url in prose.requested if "plotly" in url]
    assert prose.page.evaluate("typeof Plotly") == "undefined"
    assert prose.off_site == []


def test_download_is_a_valid_notebook_with_the_outputs_of_the_page(
    visit: Any, book: tuple[Path, Path, str]
) -> None:
    src = book[0]
    page = visit("notes/deep/measured.html").page
    with page.expect_download() as saving:
        page.get_by_role("link", name=".ipynb").click()
    notebook_file = saving.value
    assert notebook_file.suggested_filename == "measured.ipynb"
    notebook = nbformat.read(notebook_file.path(), as_version=4)
    nbformat.validate(notebook)
    outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
    # what the page shows: the printed text (a glued figure is kept for {embed}, not shown)
    printed = [o["text"] for o in outputs if o["output_type"] == "stream"]
    shown = page.locator(".cell_output pre").all_text_contents()
    assert printed == shown == ["mean is 28.5\n"]

    with page.expect_download() as saving:
        page.get_by_role("link", name="MyST source").click()
    assert saving.value.suggested_filename == "measured.md"
    source = (src / "notes" / "deep" / "measured.md").read_text(encoding="utf-8")
    assert Path(saving.value.path()).read_text(encoding="utf-8") == source

    # a stored-output notebook: the figure downloaded is the figure the page draws
    page = visit("notes/plot.html").page
    with page.expect_download() as saving:
        page.get_by_role("link", name=".ipynb").click()
    assert saving.value.suggested_filename == "plot.ipynb"
    notebook = nbformat.read(saving.value.path(), as_version=4)
    nbformat.validate(notebook)
    (output,) = [o for c in notebook.cells for o in c.get("outputs", [])]
    drawn = page.evaluate(
        "JSON.parse(document.querySelector('.labnotebook-plotly-data').textContent)"
    )
    assert output["data"]["application/vnd.plotly.v1+json"] == drawn


def launch_links(page: Page) -> dict[str, str]:
    links = page.locator(".note-run-it a")
    return {
        links.nth(i).inner_text(): links.nth(i).evaluate("a => a.href")
        for i in range(links.count())
    }


def test_launch_links_carry_repository_branch_and_path(visit: Any) -> None:
    links = launch_links(visit("notes/deep/measured.html").page)
    binder = urlsplit(links["Binder"])
    assert (binder.netloc, binder.path) == ("mybinder.org", "/v2/gh/a-lab/our-notes/work")
    assert parse_qs(binder.query) == {"urlpath": ["lab/tree/book/notes/deep/measured.md"]}
    hub = urlsplit(links["JupyterHub"])
    assert parse_qs(hub.query) == {
        "repo": ["https://github.com/a-lab/our-notes"],
        "urlpath": ["lab/tree/our-notes/book/notes/deep/measured.md"],
        "branch": ["work"],
    }
    assert "Colab" not in links  # Colab opens notebooks only

    links = launch_links(visit("notes/plot.html").page)
    assert links["Colab"] == (
        "https://colab.research.google.com/github/a-lab/our-notes/blob/work/book/notes/plot.ipynb"
    )
    assert parse_qs(urlsplit(links["Binder"]).query) == {
        "urlpath": ["lab/tree/book/notes/plot.ipynb"]
    }


def test_embedded_figure_links_back_to_its_note(visit: Any) -> None:
    reuse = visit("notes/reuse.html")
    page = reuse.page
    figure = page.locator(".note-embed")
    assert figure.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    figure.get_by_role("link", name="A measured quantity").click()
    page.wait_for_url("**/notes/deep/measured.html")
    assert page.locator("h1").first.inner_text().startswith("A measured quantity")
    page.go_back()
    figure.get_by_role("link", name="how it was computed").click()
    page.wait_for_url("**/notes/deep/measured.html#note-provenance")
    assert page.locator("#note-provenance").is_visible()
    assert reuse.off_site == []


def test_figure_json_is_inert_in_the_page(book: tuple[Path, Path, str]) -> None:
    """The hostile strings of a figure never close its <script>: the page's HTML holds
    exactly one figure script, whose text is the notebook's figure."""
    src, out, _ = book
    html = (out / "notes" / "plot.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/json" class="labnotebook-plotly-data">')
    payload = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    stored = json.loads((src / "notes" / "plot.ipynb").read_text(encoding="utf-8"))
    (figure,) = [
        o["data"]["application/vnd.plotly.v1+json"]
        for c in stored["cells"]
        for o in c.get("outputs", [])
    ]
    assert json.loads(payload) == figure
    assert "<" not in payload and "&" not in payload
