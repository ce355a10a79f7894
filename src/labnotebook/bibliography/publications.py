"""``{publications}``: the owner's papers from the bibliography, grouped by year.

An entry is a publication when its ``keywords`` field holds
``labnotebook_publication_keyword`` (default ``selected``) or when one of its
authors is named in ``labnotebook_publication_authors``; those names are
emphasised. Each entry shows its title, authors, venue, year and ``note`` (e.g.
"Oral"), links to arXiv, a PDF, code and the paper's page where its fields give
them, its BibTeX as written in the ``.bib`` file behind a toggle, and the notes
that discuss it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from labnotebook.bibliography.citedby import cited_by, require_bibtex
from labnotebook.bibliography.entries import (
    display_name,
    keywords_of,
    latex_to_text,
    links_of,
    same_person,
    venue_of,
    year_of,
)
from labnotebook.bibliography.source import read_entries
from labnotebook.config import get_config

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class bibtex_toggle(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """An entry's BibTeX source; HTML shows it behind a ``<details>`` toggle."""


def visit_bibtex_toggle_html(self: HTML5Translator, node: bibtex_toggle) -> None:
    self.body.append('<details class="lnb-bibtex"><summary>BibTeX</summary>')


def depart_bibtex_toggle_html(self: HTML5Translator, node: bibtex_toggle) -> None:
    self.body.append("</details>")


def _pass(self: Any, node: nodes.Element) -> None:
    """Other builders show the BibTeX source as a plain literal block."""


def is_publication(entry: Entry, authors: list[str], keyword: str) -> bool:
    if keyword and keyword.casefold() in keywords_of(entry):
        return True
    return any(same_person(p, authors) for p in entry.persons.get("author", []))


class PublicationsDirective(SphinxDirective):
    """List the owner's publications, newest year first."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        config = get_config(self.env)
        bibtex = require_bibtex(self)
        sources = {
            raw.key.casefold(): raw.text
            for raw in read_entries(list(bibtex.bibdata.bibfiles), self.config.bibtex_encoding)
        }
        by_year: defaultdict[str, list[Entry]] = defaultdict(list)
        for entry in bibtex.bibdata.data.entries.values():
            if is_publication(entry, config.publication_authors, config.publication_keyword):
                by_year[year_of(entry)].append(entry)
        output: list[nodes.Node] = []
        for year in sorted(by_year, reverse=True):
            section = nodes.section(ids=[nodes.make_id(f"publications-{year or 'undated'}")])
            section += nodes.title(text=year or "Undated")
            for entry in by_year[year]:
                section += self.render(entry, config.publication_authors, sources)
            output.append(section)
        return output

    def render(self, entry: Entry, owners: list[str], sources: dict[str, str]) -> nodes.Element:
        item = nodes.container(classes=["lnb-publication"], ids=[nodes.make_id(f"pub-{entry.key}")])
        title = latex_to_text(entry.fields.get("title", entry.key))
        item += nodes.paragraph("", "", nodes.strong(title, title), classes=["lnb-pub-title"])
        authors = nodes.paragraph(classes=["lnb-pub-authors"])
        for index, person in enumerate(entry.persons.get("author", [])):
            if index:
                authors += nodes.Text(", ")
            name = display_name(person)
            authors += (
                nodes.strong(name, name, classes=["lnb-owner"])
                if same_person(person, owners)
                else nodes.Text(name)
            )
        item += authors
        venue = nodes.paragraph(classes=["lnb-pub-venue"])
        where = venue_of(entry)
        if where:
            venue += nodes.emphasis(where, where)
            venue += nodes.Text(", ")
        venue += nodes.Text(year_of(entry))
        note = latex_to_text(entry.fields.get("note", ""))
        if note:
            venue += nodes.Text(" · ")
            venue += nodes.inline(note, note, classes=["lnb-pub-note"])
        item += venue
        links = nodes.paragraph(classes=["lnb-pub-links"])
        for index, link in enumerate(links_of(entry)):
            if index:
                links += nodes.Text(" ")
            links += nodes.reference(
                link.label, link.label, refuri=link.url, classes=["lnb-pub-link"]
            )
        if links.children:
            item += links
        item += cited_by(key=entry.key, label="Discussed in")
        source = sources.get(entry.key.casefold())
        if source:
            toggle = bibtex_toggle()
            toggle += nodes.literal_block(source, source, language="bibtex")
            item += toggle
        return item


def setup_publications(app: Sphinx) -> None:
    app.add_node(
        bibtex_toggle,
        html=(visit_bibtex_toggle_html, depart_bibtex_toggle_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.add_directive("publications", PublicationsDirective)
