"""Incremental builds equal clean builds, and an edit rewrites only the pages it affects.

A sequence of edits is applied to a copy of the ``incremental`` test root; after each
one the book is rebuilt incrementally in one folder and from scratch in another, and
every HTML page (plus the navigation tree file) must be the same in both. A page that
differs is a stale page: some output depends on another document and was not rewritten.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.conftest import ROOTS

HOSTILE = '<script>alert(1)</script> "quotes" {braces} 中文'
# what legitimately differs between two builds of the same sources
VOLATILE = [
    (re.compile(r"Last updated on [^<]*"), "Last updated on DATE"),
    (
        re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?([+-]\d{2}:?\d{2}|Z)?"),
        "TIME",
    ),
]


def build(srcdir: Path, builddir: Path) -> str:
    """Build ``srcdir`` into ``builddir`` (incrementally if it holds a build); the warnings."""
    warnings = StringIO()
    app = SphinxTestApp(
        "html", srcdir=srcdir, builddir=builddir, status=StringIO(), warning=warnings
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return warnings.getvalue()


def outputs(outdir: Path) -> dict[str, str]:
    """Every page and the navigation tree, with timestamps normalised."""
    files = [*outdir.rglob("*.html"), *outdir.glob("_static/labnotebook-nav-data.js")]
    texts = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern, replacement in VOLATILE:
            text = pattern.sub(replacement, text)
        texts[str(path.relative_to(outdir))] = text
    # the theme's icon fonts, cut to the icons the pages name (patches/pydata_sphinx_theme)
    for font in outdir.glob("_static/vendor/fontawesome/webfonts/*.woff2"):
        texts[str(font.relative_to(outdir))] = hashlib.sha256(font.read_bytes()).hexdigest()
    return texts


def mtimes(outdir: Path) -> dict[str, int]:
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


def first_difference(left: str, right: str) -> str:
    for number, (a, b) in enumerate(zip(left.splitlines(), right.splitlines(), strict=False)):
        if a != b:
            return (
                f"line {number + 1}:\n  incremental: {a.strip()[:300]}"
                f"\n  clean:       {b.strip()[:300]}"
            )
    return "one is a prefix of the other"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_note(src: Path) -> None:
    (src / "notes" / "zeta.md").write_text(
        "---\ntitle: Zeta note\nlabel: zeta\nkind: essay\ndate: 2024-06-10\ntags: [theory]\n---\n\n"
        # and shows an icon no other page shows: the icon fonts must gain it, and lose
        # it again when the note is deleted
        'A new note <i class="fa-solid fa-flask"></i> that points at {note}`gamma`.\n',
        encoding="utf-8",
    )


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    (
        "change a title",
        lambda s: replace(s / "notes/beta.md", "title: Beta note", f"title: {HOSTILE!r}"),
    ),
    (
        "add a {note} reference",
        lambda s: replace(
            s / "notes/delta.md", "Another note", "Another note, after {note}`gamma`,"
        ),
    ),
    (
        "remove a {note} reference",
        lambda s: replace(
            s / "notes/delta.md", "Another note, after {note}`gamma`,", "Another note"
        ),
    ),
    (
        "add a citation",
        lambda s: replace(
            s / "notes/gamma.md", "nobody links.", "nobody links {cite:p}`turing1950`."
        ),
    ),
    ("add a note", add_note),
    ("delete a note", lambda s: (s / "notes" / "zeta.md").unlink()),
    ("change a tag", lambda s: replace(s / "notes/epsilon.md", "tags: [vision]", "tags: [theory]")),
    (
        "edit the project's page template",
        lambda s: replace(s / "_templates/layout.html", 'content="first"', 'content="second"'),
    ),
    (
        "change a title back",
        lambda s: replace(s / "notes/beta.md", f"title: {HOSTILE!r}", "title: Beta"),
    ),
]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", src)
    return src


def test_incremental_equals_clean(source: Path, tmp_path: Path) -> None:
    incremental = tmp_path / "incremental"
    assert build(source, incremental) == ""
    for number, (name, edit) in enumerate(EDITS):
        edit(source)
        assert build(source, incremental) == "", name
        clean = tmp_path / f"clean-{number}"
        assert build(source, clean) == "", name
        got, expected = outputs(incremental / "html"), outputs(clean / "html")
        assert sorted(got) == sorted(expected), f"after {name!r}: different pages"
        stale = {
            page: first_difference(got[page], expected[page])
            for page in got
            if got[page] != expected[page]
        }
        assert not stale, f"after {name!r}, stale pages:\n" + "\n".join(
            f"{page}: {diff}" for page, diff in sorted(stale.items())
        )


def test_editing_a_note_rewrites_only_its_pages(source: Path, tmp_path: Path) -> None:
    builddir = tmp_path / "build"
    build(source, builddir)
    outdir = builddir / "html"
    before = mtimes(outdir)
    replace(source / "notes/gamma.md", "nobody links.", "nobody links, edited.")
    assert build(source, builddir) == ""
    after = mtimes(outdir)
    rewritten = {page for page, mtime in after.items() if before.get(page) != mtime}
    assert "notes/gamma.html" in rewritten
    # no other note links gamma, its neighbours' titles are unchanged and so is the
    # navigation: the other notes stay as they were
    others = {f"notes/{name}.html" for name in ("alpha", "beta", "delta", "epsilon")}
    assert not rewritten & (others | {"bibliography.html"}), sorted(rewritten)


def test_a_no_op_rebuild_rewrites_no_note(source: Path, tmp_path: Path) -> None:
    builddir = tmp_path / "build"
    build(source, builddir)
    before = mtimes(builddir / "html")
    assert build(source, builddir) == ""
    after = mtimes(builddir / "html")
    assert {
        page for page in after if before.get(page) != after[page] and page.startswith("notes/")
    } == set()


def test_navigation_is_written_once_and_escaped(source: Path, tmp_path: Path) -> None:
    replace(source / "notes/beta.md", "title: Beta note", f"title: {HOSTILE!r}")
    builddir = tmp_path / "build"
    assert build(source, builddir) == ""
    outdir = builddir / "html"
    tree = (outdir / "_static" / "labnotebook-nav-data.js").read_text(encoding="utf-8")
    assert "</script>" not in tree
    assert '"d":"notes/epsilon.html"' in tree
    page = (outdir / "notes" / "alpha.html").read_text(encoding="utf-8")
    # the page carries the first level only: not the list of every note
    sidebar = page.split('class="bd-links bd-docs-nav"', 1)[1].split("</nav>", 1)[0]
    assert "notes/index.html" in sidebar or "index.html" in sidebar
    assert "epsilon.html" not in sidebar
    assert "<script>alert(1)</script>" not in page
