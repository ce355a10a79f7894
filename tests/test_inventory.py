"""Notes are objects in the inventory: another book cites them with intersphinx,
and a parallel build gives the same pages as a serial one."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.conftest import copy_root, warnings_of


def build(src: Path, out: str, **kwargs) -> SphinxTestApp:
    app = SphinxTestApp(
        "html", srcdir=src, builddir=src / out, status=StringIO(), warning=StringIO(), **kwargs
    )
    app.build()
    app.cleanup()
    return app


def test_another_book_cites_a_note_through_intersphinx(tmp_path: Path, shared_build) -> None:
    lab = shared_build("notes")
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
