"""Machine-readable exports written next to the book.

* ``notes.bib``: every note as a biblatex ``@online`` entry (UTF-8, for biber);
* ``notes-bibtex.bib``: the same notes as ``@misc`` entries for classic BibTeX styles;
* ``notes.json``: every note's metadata, with authors and papers resolved, described
  by the JSON Schema ``notes.schema.json`` written beside it.

See :mod:`labnotebook.core.citation` for the entries and the author guide
(``docs/guide/exports``) for the fields.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labnotebook.bibliography.domain import bibtex_of
from labnotebook.bibliography.entries import display_name, latex_to_text, venue_of, year_of
from labnotebook.config import get_config
from labnotebook.core.addresses import permanent_url
from labnotebook.core.citation import to_bibtex, version_of
from labnotebook.notes.authors import authors_registry
from labnotebook.notes.domain import note_domain
from labnotebook.project_settings import project_author, site_name

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx

    from labnotebook.core.authors import Author
    from labnotebook.core.note import NoteMeta

BIBLATEX_FILE = "notes.bib"
BIBTEX_FILE = "notes-bibtex.bib"
JSON_FILE = "notes.json"
SCHEMA_FILE = "notes.schema.json"
SCHEMA_SOURCE = Path(__file__).parent / "schemas" / SCHEMA_FILE


def or_none(value: str) -> str | None:
    """Missing text is ``null`` in notes.json, never ``""``."""
    return value or None


def author_record(author_id: str, authors: Mapping[str, Author]) -> dict[str, Any]:
    author = authors.get(author_id)
    if author is None:
        return {"id": author_id, "name": author_id, "orcid": None, "homepage": None}
    return {
        "id": author_id,
        "name": author.name,
        "orcid": or_none(author.orcid),
        "homepage": or_none(author.homepage),
    }


def paper_record(key: str, entry: Entry | None) -> dict[str, Any]:
    """A paper of the bibliography as plain text; only its key if the key is unknown."""
    if entry is None:
        empty: dict[str, Any] = dict.fromkeys(("type", "title", "year", "venue", "doi", "url"))
        return {"key": key, **empty, "authors": []}
    fields = entry.fields

    def text(name: str) -> str | None:
        return or_none(latex_to_text(fields.get(name, "")))

    return {
        "key": key,
        "type": entry.type,
        "title": text("title"),
        "authors": [display_name(person) for person in entry.persons.get("author", [])],
        "year": or_none(year_of(entry)),
        "venue": or_none(venue_of(entry)),
        "doi": or_none(fields.get("doi", "").strip()),
        "url": or_none(fields.get("url", "").strip()),
    }


def note_record(
    note: NoteMeta,
    authors: Mapping[str, Author],
    papers: Mapping[str, Entry],
    *,
    url: str,
    docname: str,
) -> dict[str, Any]:
    """One note as notes.schema.json describes it."""
    course = None
    if note.course is not None:
        course = {
            "code": note.course.code,
            "name": note.course.name,
            "institution": note.course.institution,
            "level": or_none(note.course.level),
        }
    return {
        "label": note.label,
        "title": note.title,
        "kind": note.kind,
        "status": note.status,
        "date": note.date.isoformat(),
        "updated": note.updated.isoformat() if note.updated else None,
        "version": version_of(note),
        "doi": or_none(note.doi),
        "license": or_none(note.license),
        "language": note.language,
        "abstract": or_none(note.abstract),
        "tags": list(note.tags),
        "authors": [author_record(a, authors) for a in note.authors],
        "papers": [paper_record(key, papers.get(key)) for key in note.papers],
        "course": course,
        "translation_of": or_none(note.translation_of),
        "url": url,
        "docname": docname,
    }


def bibliography_entries(app: Sphinx) -> Mapping[str, Entry]:
    bibtex = bibtex_of(app.env)
    return bibtex.bibdata.data.entries if bibtex is not None else {}


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write the exports, for HTML builds that succeeded."""
    if exception is not None or app.builder.format != "html":
        return
    notes = note_domain(app.env).notes
    authors = authors_registry(app.env) or {}
    papers = bibliography_entries(app)
    site = site_name(app.config)
    who = project_author(app.config)
    biblatex, classic, records = [], [], []
    for docname in sorted(notes, key=lambda d: notes[d].label):
        note = notes[docname]
        # the permanent address, which survives the note's file being moved or renamed
        url = permanent_url(get_config(app.env).site_url, note.label)
        biblatex.append(to_bibtex(note, authors, site=site, url=url, fallback_author=who))
        classic.append(
            to_bibtex(note, authors, site=site, url=url, classic=True, fallback_author=who)
        )
        records.append(note_record(note, authors, papers, url=url, docname=docname))
    site_url = get_config(app.env).site_url
    out = Path(app.outdir)
    (out / BIBLATEX_FILE).write_text("\n".join(biblatex), encoding="utf-8")
    (out / BIBTEX_FILE).write_text("\n".join(classic), encoding="utf-8")
    schema_url = site_url.rstrip("/") + "/" + SCHEMA_FILE if site_url else SCHEMA_FILE
    document = {
        "$schema": schema_url,
        "book": {"title": site, "url": site_url or None},
        "notes": records,
    }
    (out / JSON_FILE).write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")
    shutil.copyfile(SCHEMA_SOURCE, out / SCHEMA_FILE)


def setup_exports(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
