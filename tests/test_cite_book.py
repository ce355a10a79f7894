"""Citing the whole book: CITATION.cff (valid CFF 1.2.0), Zenodo metadata and the
"Cite this book" block, and links to the notes' exports."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from tests.conftest import build_in_process, copy_root, warnings_of

CFF_SCHEMA = Path(__file__).parent / "data" / "cff-1.2.0.schema.json"
SITE = "https://lab.example.org/book/"
SETTINGS = {
    "labnotebook_book_authors": ["ada", "grace"],
    "labnotebook_book_doi": "10.5281/zenodo.999",
    "labnotebook_book_license": "CC-BY-4.0",
}


@pytest.mark.sphinx("html", testroot="web-meta", confoverrides=SETTINGS)
def test_citation_cff_is_valid_and_complete(app) -> None:
    app.build()
    assert warnings_of(app) == []
    text = (Path(app.outdir) / "CITATION.cff").read_text(encoding="utf-8")
    assert "&id" not in text and "*id" not in text  # no YAML aliases
    cff = yaml.safe_load(text)
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    ).validate(cff)
    assert cff["title"] == "Lab notes"
    assert cff["authors"] == [
        {
            "given-names": "Ada",
            "family-names": "Lovelace",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "website": "https://example.org/ada",
        },
        {"name": "Grace <Hopper> & co"},
    ]
    # the newest change of any note is the version and the release date
    assert cff["version"] == "2026-01-01" and cff["date-released"] == "2026-01-01"
    assert cff["doi"] == "10.5281/zenodo.999"
    assert cff["license"] == "CC-BY-4.0"
    assert cff["url"] == SITE
    assert cff["preferred-citation"]["type"] == "website"


@pytest.mark.sphinx("html", testroot="web-meta", confoverrides=SETTINGS)
def test_zenodo_metadata(app) -> None:
    app.build()
    zenodo = json.loads((Path(app.outdir) / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["title"] == "Lab notes"
    assert zenodo["upload_type"] == "publication"
    assert zenodo["creators"] == [
        {"name": "Lovelace, Ada", "orcid": "0000-0002-1825-0097"},
        {"name": "Grace <Hopper> & co"},
    ]
    assert zenodo["publication_date"] == "2026-01-01"
    assert zenodo["license"] == "cc-by-4.0"
    assert zenodo["related_identifiers"][0]["identifier"] == SITE


@pytest.mark.sphinx("html", testroot="web-meta", confoverrides=SETTINGS)
def test_cite_this_book_block_and_export_links(app) -> None:
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text(), "html.parser")
    block = page.select_one(".book-cite")
    assert block.select_one(".rubric").get_text() == "Cite this book"
    assert block.select_one(".book-citation").get_text() == (
        "Ada Lovelace and Grace <Hopper> & co (2026). Lab notes, version 2026-01-01. "
        "https://doi.org/10.5281/zenodo.999"
    )
    entry = parse_string(block.select_one("pre").get_text(), "bibtex").entries["book"]
    assert entry.fields["doi"] == "10.5281/zenodo.999"
    links = {a.get_text(): a["href"] for a in block.select("a")}
    assert links["CITATION.cff"] == "CITATION.cff"
    assert links["notes.json"] == "notes.json"
    exports = page.select(".note-exports")[-1]
    assert [a["href"] for a in exports.select("a")] == [
        "notes.bib",
        "notes-bibtex.bib",
        "notes.json",
        "notes.schema.json",
    ]
    for href in ("CITATION.cff", "notes.bib", "notes-bibtex.bib", "notes.schema.json"):
        assert (Path(app.outdir) / href).is_file()


def test_cite_this_book_follows_a_note_edit(tmp_path: Path) -> None:
    """The book's version is its newest change: an edit of one note rewrites the home
    page's block and CITATION.cff, as a clean build would (a fresh application each)."""
    src = copy_root("web-meta", tmp_path)
    build_in_process(src)
    note = src / "notes" / "plain.md"
    note.write_text(
        note.read_text().replace("date: 2023-01-15", "date: 2023-01-15\nupdated: 2026-02-03")
    )
    later = time.time() + 5
    os.utime(note, (later, later))
    app = build_in_process(src)
    assert warnings_of(app) == []
    # the about page links no note and no note links it: only the block ties it to them
    page = BeautifulSoup((Path(app.outdir) / "about.html").read_text(), "html.parser")
    assert "version 2026-02-03" in page.select_one(".book-citation").get_text()
    cff = yaml.safe_load((Path(app.outdir) / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == "2026-02-03"
