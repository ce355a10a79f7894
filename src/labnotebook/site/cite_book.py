"""Citing and archiving the whole book, and finding the exports.

* ``CITATION.cff`` and ``.zenodo.json`` are written beside the pages at the end of an
  HTML build, from ``project``, the ``labnotebook_book_*`` options and the authors
  registry (see :mod:`labnotebook.core.book_citation`);
* ``{cite-book}`` shows a "Cite this book" block: the reference, a BibTeX entry and
  links to every machine-readable file;
* ``{note-exports}`` links the notes' exports (``notes.bib``, ``notes-bibtex.bib``,
  ``notes.json`` and its schema), e.g. on the notes index.

Both directives leave a placeholder that is filled when the page is written, and the
page is recorded as a listing, so it is written again whenever any note changes (the
book's version is the date of its newest change).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from labnotebook.config import get_config
from labnotebook.core.authors import Author
from labnotebook.core.book_citation import (
    BookCitation,
    book_bibtex,
    cff_text,
    format_book_citation,
    to_zenodo,
)
from labnotebook.notes.authors import authors_registry
from labnotebook.notes.domain import note_domain
from labnotebook.notes.listings import listings_domain
from labnotebook.site import HTML_BUILDERS
from labnotebook.site.exports import BIBLATEX_FILE, BIBTEX_FILE, JSON_FILE, SCHEMA_FILE

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CFF_FILE = "CITATION.cff"
ZENODO_FILE = ".zenodo.json"
#: The BibTeX key of the book's own entry.
BOOK_KEY = "book"
NOTE_EXPORTS = [
    (BIBLATEX_FILE, "notes.bib", "biblatex, UTF-8"),
    (BIBTEX_FILE, "notes-bibtex.bib", "classic BibTeX styles"),
    (JSON_FILE, "notes.json", "metadata"),
    (SCHEMA_FILE, "its JSON Schema", ""),
]
BOOK_FILES = [(CFF_FILE, "CITATION.cff", "Citation File Format"), (ZENODO_FILE, ".zenodo.json", "")]


class book_citation(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for the "Cite this book" block."""


class note_exports(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for the links to the notes' exports."""


def book_authors(app: Sphinx) -> tuple[Author, ...]:
    config = get_config(app.env)
    registry = authors_registry(app.env) or {}
    ids = config.book_authors or ([config.owner] if config.owner else config.default_authors)
    ids = ids or list(registry)
    return tuple(registry.get(i) or Author(id=i, name=i) for i in ids)


def book_citation_of(app: Sphinx) -> BookCitation:
    config = get_config(app.env)
    notes = note_domain(app.env).notes.values()
    # the version is the state of the sources, never the clock, except in a book of no notes
    released = max((note.last_changed for note in notes), default=dt.date.today())
    return BookCitation(
        title=app.config.project,
        authors=book_authors(app),
        released=released,
        url=config.site_url,
        version=config.book_version,
        doi=config.book_doi,
        license=config.book_license,
    )


def file_links(app: Sphinx, docname: str, files: list[tuple[str, str, str]]) -> nodes.paragraph:
    here = app.builder.get_target_uri(docname)
    paragraph = nodes.paragraph(classes=["note-exports"])
    for index, (path, text, what) in enumerate(files):
        if index:
            paragraph += nodes.Text(" · ")
        paragraph += nodes.reference("", text, refuri=relative_uri(here, path), internal=False)
        if what:
            paragraph += nodes.Text(f" ({what})")
    return paragraph


def cite_book_block(app: Sphinx, docname: str) -> nodes.container:
    book = book_citation_of(app)
    block = nodes.container(classes=["book-cite"])
    block += nodes.rubric("Cite this book", "Cite this book")
    block += nodes.paragraph("", format_book_citation(book), classes=["book-citation"])
    bibtex = book_bibtex(book, BOOK_KEY)
    block += nodes.literal_block(bibtex, bibtex, language="bibtex", classes=["book-bibtex"])
    links = file_links(app, docname, BOOK_FILES + NOTE_EXPORTS)
    links.insert(0, nodes.Text("Machine-readable: "))
    block += links
    return block


class CiteBookDirective(SphinxDirective):
    """``{cite-book}``: a "Cite this book" block."""

    def run(self) -> list[nodes.Node]:
        listings_domain(self.env).add_page(self.env.docname)
        return [book_citation()]


class NoteExportsDirective(SphinxDirective):
    """``{note-exports}``: links to notes.bib, notes-bibtex.bib, notes.json and its schema."""

    def run(self) -> list[nodes.Node]:
        return [note_exports()]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(book_citation)):
        node.replace_self(cite_book_block(app, docname))
    for node in list(doctree.findall(note_exports)):
        links = file_links(app, docname, NOTE_EXPORTS)
        links.insert(0, nodes.Text("Download every note: "))
        node.replace_self(links)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    book = book_citation_of(app)
    out = Path(app.outdir)
    (out / CFF_FILE).write_text(cff_text(book), encoding="utf-8")
    zenodo = json.dumps(to_zenodo(book), ensure_ascii=False, indent=1)
    (out / ZENODO_FILE).write_text(zenodo, encoding="utf-8")


def skip(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_cite_book(app: Sphinx) -> None:
    # both are replaced at doctree-resolved; a writer that meets one skips it
    for node in (book_citation, note_exports):
        app.add_node(
            node,
            html=(skip, None),
            latex=(skip, None),
            text=(skip, None),
            man=(skip, None),
            texinfo=(skip, None),
        )
    app.add_directive("cite-book", CiteBookDirective)
    app.add_directive("note-exports", NoteExportsDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", on_build_finished)
