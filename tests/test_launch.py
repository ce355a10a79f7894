"""Run it: every executable note offers its notebook, its source and launch buttons."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
from bs4 import BeautifulSoup

from tests.conftest import build_in_process, copy_root, warnings_of


def buttons(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {a.get_text(): a["href"] for a in soup.select(".note-run-it a")}


def download_names(page: Path) -> dict[str, str]:
    """The file name each download link saves under (its ``download`` attribute)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {a.get_text(): a.get("download") for a in soup.select(".note-run-it a.note-download")}


def needs(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [span.get_text() for span in soup.select(".note-run-it .note-needs")]


def test_downloads_and_launch_links(tmp_path: Path) -> None:
    src = copy_root("launch", tmp_path)
    app = build_in_process(src)
    assert warnings_of(app) == []
    out = Path(app.outdir)

    # a MyST note in a subfolder: its executed notebook and its source, beside the page
    page = out / "notes" / "deep" / "measured.html"
    links = buttons(page)
    assert links[".ipynb"] == "measured.ipynb"
    assert links["MyST source"] == "measured.myst.md"
    # saved under the source's own name, not the page's copy of it
    assert download_names(page) == {".ipynb": "measured.ipynb", "MyST source": "measured.md"}
    notebook = nbformat.read(out / "notes" / "deep" / "measured.ipynb", as_version=4)
    nbformat.validate(notebook)
    printed = "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))
    assert printed == "mean is 28.5\n"
    assert printed.strip() in page.read_text(encoding="utf-8")  # the page shows the same output
    source = (src / "notes" / "deep" / "measured.md").read_text(encoding="utf-8")
    assert (out / "notes" / "deep" / "measured.myst.md").read_text(encoding="utf-8") == source
    binder = urlsplit(links["Binder"])
    assert (binder.netloc, binder.path) == ("mybinder.org", "/v2/gh/a-lab/our-notes/work")
    assert parse_qs(binder.query) == {"urlpath": ["lab/tree/book/notes/deep/measured.md"]}
    assert "Colab" not in links  # Colab cannot open a MyST file
    hub = urlsplit(links["JupyterHub"])
    assert (hub.netloc, hub.path) == ("hub.example.org", "/hub/user-redirect/git-pull")
    assert parse_qs(hub.query) == {
        "repo": ["https://github.com/a-lab/our-notes"],
        "urlpath": ["lab/tree/our-notes/book/notes/deep/measured.md"],
        "branch": ["work"],
    }
    assert needs(page) == ["needs a GPU"]

    # an .ipynb source: the notebook with its stored outputs, and Colab
    page = out / "notes" / "stored.html"
    links = buttons(page)
    assert "MyST source" not in links
    assert download_names(page) == {".ipynb": "stored.ipynb"}
    notebook = nbformat.read(out / "notes" / links[".ipynb"], as_version=4)
    assert notebook.cells[1].outputs[0].text == "[0, 1, 4, 9, 16, 25]\n"
    assert links["Colab"] == (
        "https://colab.research.google.com/github/a-lab/our-notes/blob/work/book/notes/stored.ipynb"
    )
    assert needs(page) == ["needs a cluster"]

    # a note without code has nothing to run
    assert buttons(out / "notes" / "prose.html") == {}


def test_unknown_need_is_a_located_warning(tmp_path: Path) -> None:
    src = copy_root("launch", tmp_path)
    note = src / "notes" / "prose.md"
    note.write_text(note.read_text().replace("date: 2026-01-16", "date: 2026-01-16\nneeds: [gpus]"))
    warnings = warnings_of(build_in_process(src))
    assert any(
        "prose.md:6" in w and "'gpus' is not one of 'gpu', 'cluster' (did you mean 'gpu'?)" in w
        for w in warnings
    ), warnings


def test_deleted_note_takes_its_downloads(tmp_path: Path) -> None:
    src = copy_root("launch", tmp_path)
    out = Path(build_in_process(src).outdir)
    assert (out / "notes" / "deep" / "measured.myst.md").exists()
    (src / "notes" / "deep" / "measured.md").unlink()
    build_in_process(src)
    assert not (out / "notes" / "deep" / "measured.ipynb").exists()
    assert not (out / "notes" / "deep" / "measured.myst.md").exists()
