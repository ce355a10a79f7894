"""Notes are objects in the inventory: another book cites them with intersphinx,
and a parallel build gives the same pages as a serial one."""

from __future__ import annotations

import posixpath
import shutil
from io import StringIO
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from tests.conftest import ROOTS, copy_root, warnings_of


def build(src: Path, out: str, **kwargs) -> SphinxTestApp:
    app = SphinxTestApp(
        "html", srcdir=src, builddir=src / out, status=StringIO(), warning=StringIO(), **kwargs
    )
    app.build()
    app.cleanup()
    return app


FIGURE = """

```{figure} square.svg
:name: target-figure

Points in {math}`\\mathbb{R}^{12}` & more
```
"""


def lab_with_a_figure(tmp_path: Path) -> Path:
    """The notes root, its target note given a figure whose caption holds math."""
    src = copy_root("notes", tmp_path)
    shutil.copy(ROOTS / "test-numbering" / "square.svg", src / "notes" / "square.svg")
    target = src / "notes" / "target.md"
    target.write_text(target.read_text(encoding="utf-8") + FIGURE, encoding="utf-8")
    return src


def test_another_book_cites_a_note_through_intersphinx(tmp_path: Path) -> None:
    lab = build(lab_with_a_figure(tmp_path), "_build")
    inventory = Path(lab.outdir) / "objects.inv"
    other = copy_root("intersphinx", tmp_path)
    app = build(
        other,
        "_build",
        confoverrides={
            "intersphinx_mapping": {"lab": ("https://example.org/book/", str(inventory))}
        },
    )
    assert warnings_of(app) == []
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text(), "html.parser")
    links = [(a.get_text(), a["href"]) for a in page.select("a.reference.external")]
    assert links == [
        ("The target note", "https://example.org/book/notes/target.html"),
        ("their note", "https://example.org/book/notes/target.html"),
        ("The target note", "https://example.org/book/notes/target.html"),
    ]


def test_parallel_build_equals_serial(tmp_path: Path, shared_build) -> None:
    serial = shared_build("notes")
    parallel = build(copy_root("notes", tmp_path), "_parallel", parallel=2)
    assert warnings_of(parallel) == []
    pages = sorted(p.relative_to(serial.outdir) for p in Path(serial.outdir).rglob("*.html"))
    assert pages == sorted(
        p.relative_to(parallel.outdir) for p in Path(parallel.outdir).rglob("*.html")
    )
    for page in pages:
        assert (Path(serial.outdir) / page).read_text() == (
            Path(parallel.outdir) / page
        ).read_text(), page


def test_inventory_lists_each_note_once_with_plain_names(tmp_path: Path) -> None:
    lab = build(lab_with_a_figure(tmp_path), "_build")
    assert warnings_of(lab) == []
    inventory = Path(lab.outdir) / "objects.inv"
    with inventory.open("rb") as stream:
        objects = InventoryFile.load(stream, "https://example.org/book/", posixpath.join)
    names = [name for kind in objects.values() for name in kind]
    # a note is a std:label only: not a second object of another type with the same name
    assert names.count("target") == 1
    assert "target" in objects["std:label"]
    assert "notes/target" in objects["std:doc"]
    for kind, entries in objects.items():
        for name, (*_, display) in entries.items():
            assert "\\" not in display and "$" not in display, (kind, name, display)
    assert (
        objects["std:label"]["target-figure"][3]
        == "Points in \N{DOUBLE-STRUCK CAPITAL R}^12 & more"
    )


def test_a_plain_sphinx_project_cites_notes_every_way(tmp_path: Path) -> None:
    lab = build(lab_with_a_figure(tmp_path), "_build")
    inventory = Path(lab.outdir) / "objects.inv"
    other = copy_root("intersphinx", tmp_path)
    app = build(
        other,
        "_build",
        confoverrides={
            "intersphinx_mapping": {"lab": ("https://example.org/book/", str(inventory))}
        },
    )
    assert warnings_of(app) == []  # no "Multiple matches" for <inv:lab#target>
    page = BeautifulSoup((Path(app.outdir) / "more.html").read_text(), "html.parser")
    links = [(a.get_text(), a["href"]) for a in page.select("a.reference.external")]
    target = "https://example.org/book/notes/target.html"
    assert links == [
        ("The target note", target),
        ("the lab note", target),
        ("The target note", target),
        ("Points in \N{DOUBLE-STRUCK CAPITAL R}^12 & more", target + "#target-figure"),
    ]
