"""Machine-readable exports written next to the book.

* ``notes.bib``: every note as a biblatex ``@online`` entry (UTF-8, for biber);
* ``notes-bibtex.bib``: the same notes as ``@misc`` entries for classic BibTeX styles;
* ``notes.json``: every note's metadata, with authors and papers resolved, described
  by the JSON Schema ``notes.schema.json`` written beside it.

See :mod:`labnotebook.core.citation` for the entries and the author guide
(``docs/guide/exports``) for the fields.

Each note's part of the three files is kept between builds, in ``CACHE_FILE`` beside the
doctrees, under a digest of everything it is made from: writing a note's text as TeX and
its papers' as plain text took two thirds of a one-note rebuild of a 1000-note book, for
999 notes that had not changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labnotebook import speedups
from labnotebook.bibliography.domain import bibtex_of
from labnotebook.bibliography.entries import display_name, latex_to_text, venue_of, year_of
from labnotebook.config import get_config
from labnotebook.core import bibtex as core_bibtex
from labnotebook.core import citation as core_citation
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
#: each note's exports from the last build, by docname, with the digest of their inputs
CACHE_FILE = "labnotebook-exports.pickle"

#: one note's part of the exports: its biblatex entry, its BibTeX entry, its JSON record
Exported = tuple[str, str, dict[str, Any]]


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


@functools.cache
def code_digest() -> bytes:
    """The code that makes the exports: a new version makes every note's part again."""
    code = hashlib.sha256()
    for module in (__file__, core_citation.__file__, core_bibtex.__file__):
        code.update(Path(module).read_bytes())
    return code.digest()


def inputs_digest(*inputs: object) -> bytes:
    """A digest of what one note's exports are made from (all of it plain, ordered data)."""
    return hashlib.sha256(code_digest() + pickle.dumps(inputs, protocol=5)).digest()


def load_cache(path: Path) -> dict[str, tuple[bytes, Exported]]:
    """The last build's parts; none if the file is missing or damaged (a killed build
    never leaves a half-written one, but a disk can): they are then made again."""
    try:
        with path.open("rb") as stream:
            cache = pickle.load(stream)
    except Exception:  # a damaged pickle raises almost any kind of error
        return {}
    return cache if isinstance(cache, dict) else {}


def save_cache(path: Path, cache: dict[str, tuple[bytes, Exported]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as stream:
        pickle.dump(cache, stream, protocol=5)
    partial.replace(path)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write the exports, for HTML builds that succeeded."""
    if exception is not None or app.builder.format != "html":
        return
    notes = note_domain(app.env).notes
    authors = authors_registry(app.env) or {}
    papers = bibliography_entries(app)
    site = site_name(app.config)
    who = project_author(app.config)
    site_url = get_config(app.env).site_url
    cache_path = Path(app.doctreedir) / CACHE_FILE
    keep = speedups.enabled("exports-cache")
    last = load_cache(cache_path) if keep else {}
    kept: dict[str, tuple[bytes, Exported]] = {}
    for docname in sorted(notes, key=lambda d: notes[d].label):
        note = notes[docname]
        # the permanent address, which survives the note's file being moved or renamed
        url = permanent_url(site_url, note.label)
        named = [(name, authors.get(name)) for name in note.authors]
        cited = [(key, papers.get(key)) for key in note.papers]
        digest = inputs_digest(note, docname, named, cited, url, site, who)
        if docname in last and last[docname][0] == digest:
            kept[docname] = last[docname]
            continue
        kept[docname] = (
            digest,
            (
                to_bibtex(note, authors, site=site, url=url, fallback_author=who),
                to_bibtex(note, authors, site=site, url=url, classic=True, fallback_author=who),
                note_record(note, authors, papers, url=url, docname=docname),
            ),
        )
    parts = [exported for _digest, exported in kept.values()]
    out = Path(app.outdir)
    (out / BIBLATEX_FILE).write_text("\n".join(p[0] for p in parts), encoding="utf-8")
    (out / BIBTEX_FILE).write_text("\n".join(p[1] for p in parts), encoding="utf-8")
    schema_url = site_url.rstrip("/") + "/" + SCHEMA_FILE if site_url else SCHEMA_FILE
    document = {
        "$schema": schema_url,
        "book": {"title": site, "url": site_url or None},
        "notes": [p[2] for p in parts],
    }
    (out / JSON_FILE).write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")
    shutil.copyfile(SCHEMA_SOURCE, out / SCHEMA_FILE)
    if keep and kept != last:
        save_cache(cache_path, kept)


def setup_exports(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
