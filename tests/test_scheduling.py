"""Notebooks are spread over the chunks a parallel read cuts, so they run on every core."""

from __future__ import annotations

from pathlib import Path

from sphinx.util.parallel import make_chunks

from labnotebook.scheduling import is_notebook, spread


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
