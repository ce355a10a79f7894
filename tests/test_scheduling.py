"""Notebooks are spread over the chunks a parallel read cuts, so they run on every core."""

from __future__ import annotations

from pathlib import Path

from sphinx.util.parallel import make_chunks

from labnotebook.build.scheduling import is_notebook, spread


def test_notebooks_are_shared_between_chunks() -> None:
    docnames = ["index", "notes/index"] + [f"notes/note-{n:04d}" for n in range(50)]
    notebooks = {f"notes/note-{n:04d}" for n in range(10)}
    # sorted, the ten notebooks fall into the first chunk
    assert set(make_chunks(docnames, 2)[0]) >= notebooks
    ordered = spread(docnames, notebooks, 2)
    assert sorted(ordered) == sorted(docnames)
    counts = [len(notebooks & set(chunk)) for chunk in make_chunks(ordered, 2)]
    assert max(counts) - min(counts) <= 1, counts


def test_is_notebook(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_text("---\nkernelspec:\n  name: python3\n---\n# A\n", encoding="utf-8")
    page = tmp_path / "b.md"
    page.write_text("---\ntitle: B\n---\nkernelspec: is only a word here\n", encoding="utf-8")
    assert is_notebook(note)
    assert is_notebook(tmp_path / "c.ipynb")
    assert not is_notebook(tmp_path / "missing.md")
    assert not is_notebook(page)


def test_small_rebuild_reads_without_workers_and_writes_with_them(tmp_path: Path) -> None:
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    from tests.conftest import copy_root

    src = copy_root("basic", tmp_path)
    for number in range(12):
        (src / f"page-{number}.md").write_text(f"# Page {number}\n", encoding="utf-8")
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\n```{toctree}\n:glob:\n\npage-*\n```\n",
        encoding="utf-8",
    )

    def build() -> tuple[int, int]:
        app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO(), parallel=2)
        merges: list[str] = []
        app.connect("env-merge-info", lambda app, env, docnames, other: merges.extend(docnames))
        try:
            app.build()
        finally:
            app.cleanup()
        return len(merges), app.parallel

    merged, parallel = build()
    assert merged > 0 and parallel == 2  # a first build reads every document with workers
    note = next((src / "notes").glob("*.md"))
    note.write_text(note.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    merged, parallel = build()
    assert merged == 0  # one document: read in this process, no environment shipped back
    assert parallel == 2  # and the setting is back for writing
