"""The real example book builds strictly, and its pages exist and link to each other."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup


def page(book: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((book / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.book
def test_book_has_its_pages(book: Path) -> None:
    for name in [
        "index.html",
        "notes/index.html",
        "notes/llm-reasoning.html",
        "docs/guide/index.html",
    ]:
        assert (book / name).is_file(), name


@pytest.mark.book
def test_nothing_outside_the_book_is_a_page(book: Path) -> None:
    built = {p.relative_to(book).parts[0] for p in book.rglob("*.html")}
    assert not built & {"README.html", "src", "tests", "bench", ".venv", "_build"}


@pytest.mark.book
def test_sidebar_reaches_the_notes(book: Path) -> None:
    nav = page(book, "index.html").select_one("nav.bd-links")
    assert nav is not None
    hrefs = {a["href"] for a in nav.select("a")}
    assert "notes/index.html" in hrefs
    # the rest of the tree is written once for every page (labnotebook.site.navigation)
    tree = (book / "_static" / "labnotebook-nav-data.js").read_text(encoding="utf-8")
    assert '"d":"notes/llm-reasoning.html"' in tree


@pytest.mark.book
def test_executed_output_and_glue_are_on_the_page(book: Path) -> None:
    soup = page(book, "notes/llm-reasoning.html")
    outputs = soup.select("div.cell_output")
    assert outputs, "the notebook's outputs are missing"
    text = soup.get_text(" ")
    assert "200,000" in text  # glued from the code into the prose


@pytest.mark.book
def test_note_link_in_the_guide(book: Path) -> None:
    link = page(book, "docs/guide/notes.html").select_one("a.note-ref")
    assert link is not None
    assert link["href"] == "../../notes/llm-reasoning.html"
