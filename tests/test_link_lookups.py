"""Work each page does for its note links, which must not grow with the size of the book.

A 1000-note profile (docs/performance.md) found two lookups that did work for every note
on every page, so a build grew with the square of the book: the hover previews made the
relative address of every note to find the few a page links to, and each note reference
sorted every note to find its label; and every note's byline went over every note to
find who has an author page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labnotebook.bibliography import hover
from labnotebook.notes import tag_pages
from labnotebook.notes.domain import note_domain
from tests.conftest import build_in_process, copy_root

ROOT = "bib-basic"


def test_previews_ask_for_no_address_of_every_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    run = hover.NoteLinkPreviews.run

    def counting_run(self: hover.NoteLinkPreviews, **kwargs: object) -> None:
        builder = self.app.builder
        relative_uri = builder.get_relative_uri

        def counted(from_: str, to: str, typ: str | None = None) -> str:
            asked.append(to)
            return relative_uri(from_, to, typ)

        builder.get_relative_uri = counted  # type: ignore[method-assign]
        try:
            run(self, **kwargs)
        finally:
            del builder.get_relative_uri

    monkeypatch.setattr(hover.NoteLinkPreviews, "run", counting_run)
    app = build_in_process(copy_root(ROOT, tmp_path))
    page = BeautifulSoup((Path(app.outdir) / "notes/a.html").read_text(), "html.parser")
    assert "b.html" in json.loads(page.find("script", id=hover.DATA_ID).string)
    assert asked == []


def test_previews_in_a_build_of_folders(shared_build) -> None:
    """dirhtml writes notes/a/index.html, whose link to b is ../b/."""
    app = shared_build(ROOT, "dirhtml")
    page = BeautifulSoup((Path(app.outdir) / "notes/a/index.html").read_text(), "html.parser")
    link = page.select_one("a.note-ref")
    assert link["href"] == "../b/"
    assert hover.PREVIEW_CLASS in link["class"]
    assert list(json.loads(page.find("script", id=hover.DATA_ID).string)) == ["../b/"]


def test_labels_are_worked_out_once_until_the_notes_change(tmp_path: Path) -> None:
    app = build_in_process(copy_root(ROOT, tmp_path))
    domain = note_domain(app.env)
    labels = domain.by_label()
    assert domain.by_label() is labels
    docname = labels[next(iter(labels))]
    domain.clear_doc(docname)
    assert docname not in domain.by_label().values()
    assert docname in labels.values()  # the old answer was not changed in place


def test_bylines_share_one_list_of_the_authors_with_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    not_pages = tag_pages.not_pages

    def counting(notes):  # type: ignore[no-untyped-def]
        made.append(len(notes))
        return not_pages(notes)

    monkeypatch.setattr(tag_pages, "not_pages", counting)
    app = build_in_process(copy_root("notes", tmp_path))
    notes = len(note_domain(app.env).notes)
    assert notes >= 5
    # once for the tag and author pages, once for the authors who have a page
    assert len(made) == 2
