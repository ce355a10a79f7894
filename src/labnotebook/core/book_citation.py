"""How the book as a whole is cited and archived: CITATION.cff, Zenodo metadata, a
reference and a BibTeX entry. Sphinx-free.

``CITATION.cff`` follows the Citation File Format 1.2.0, which GitHub reads for its
"Cite this repository" button and Zotero imports; ``.zenodo.json`` is the metadata
Zenodo's GitHub integration reads when it archives a release and gives it a DOI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml
from pybtex.database import Entry, Person

from labnotebook.core.authors import Author
from labnotebook.core.bibtex import PERSONAL_NAME, tex_person, tex_text, tex_url, write_entries

CFF_VERSION = "1.2.0"
CFF_MESSAGE = "If you use or cite this book, please cite it as below."


@dataclass(frozen=True)
class BookCitation:
    """What cites the book: its title, authors, address and the version being cited."""

    title: str
    authors: tuple[Author, ...]
    released: dt.date
    url: str = ""
    version: str = ""
    doi: str = ""
    license: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = field(default=())

    @property
    def version_name(self) -> str:
        """The version cited: the configured one, else the date of the newest change."""
        return self.version or self.released.isoformat()


def split_name(name: str) -> tuple[str, str] | None:
    """``(given, family)`` of a personal name as BibTeX splits it, or ``None`` for a name
    that is not a personal name (an organisation, one word, symbols)."""
    if not PERSONAL_NAME.match(" ".join(name.split())):
        return None
    person = Person(name)
    given = " ".join(person.first_names + person.middle_names)
    family = " ".join(person.prelast_names + person.last_names)
    return (given, family) if given and family else None


def cff_author(author: Author) -> dict[str, str]:
    parts = split_name(author.name)
    data = {"name": author.name} if parts is None else {"given-names": parts[0]}
    if parts is not None:
        data["family-names"] = parts[1]
    if author.orcid:
        data["orcid"] = f"https://orcid.org/{author.orcid}"
    if author.homepage:
        data["website"] = author.homepage
    return data


def to_cff(book: BookCitation) -> dict[str, Any]:
    """The ``CITATION.cff`` document, as data."""
    authors = [cff_author(author) for author in book.authors] or [{"name": book.title}]
    data: dict[str, Any] = {
        "cff-version": CFF_VERSION,
        "message": CFF_MESSAGE,
        "type": "dataset",
        "title": book.title,
        "authors": authors,
        "version": book.version_name,
        "date-released": book.released.isoformat(),
    }
    optional = {
        "doi": book.doi,
        "license": book.license,
        "url": book.url,
        "abstract": book.abstract,
    }
    data.update({key: value for key, value in optional.items() if value})
    if book.keywords:
        data["keywords"] = list(book.keywords)
    preferred: dict[str, Any] = {
        "type": "website",
        "title": book.title,
        # copies: the same list twice would be written as a YAML alias, which some
        # CFF readers refuse
        "authors": [dict(author) for author in authors],
        "year": book.released.year,
        "date-published": book.released.isoformat(),
    }
    if book.url:
        preferred["url"] = book.url
    if book.doi:
        preferred["doi"] = book.doi
    data["preferred-citation"] = preferred
    return data


def cff_text(book: BookCitation) -> str:
    return yaml.safe_dump(to_cff(book), allow_unicode=True, sort_keys=False, width=100)


def to_zenodo(book: BookCitation) -> dict[str, Any]:
    """``.zenodo.json``: the deposit metadata Zenodo reads from a GitHub release."""
    creators = []
    for author in book.authors:
        parts = split_name(author.name)
        creator = {"name": f"{parts[1]}, {parts[0]}" if parts else author.name}
        if author.orcid:
            creator["orcid"] = author.orcid
        creators.append(creator)
    data: dict[str, Any] = {
        "title": book.title,
        "upload_type": "publication",
        "publication_type": "other",
        "creators": creators or [{"name": book.title}],
        "description": book.abstract or book.title,
        "version": book.version_name,
        "publication_date": book.released.isoformat(),
        "access_right": "open",
    }
    if book.license:
        data["license"] = book.license.lower()
    if book.url:
        data["related_identifiers"] = [
            {"identifier": book.url, "relation": "isIdenticalTo", "resource_type": "publication"}
        ]
    if book.keywords:
        data["keywords"] = list(book.keywords)
    return data


def format_book_citation(book: BookCitation) -> str:
    """A plain-text reference to the book, in the form of a note's."""
    names = [author.name for author in book.authors]
    who = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
    text = f"{who or book.title} ({book.released.year}). {book.title}, version {book.version_name}."
    if book.doi:
        text += f" https://doi.org/{book.doi}"
    elif book.url:
        text += f" {book.url}"
    return text


def book_bibtex(book: BookCitation, key: str) -> str:
    """A biblatex ``@online`` entry for the whole book."""
    persons = [tex_person(author.name) for author in book.authors]
    fields = [
        ("title", tex_text(book.title, protect_capitals=True)),
        ("date", book.released.isoformat()),
        ("version", tex_text(book.version_name)),
    ]
    if book.url:
        fields += [("url", tex_url(book.url)), ("urldate", book.released.isoformat())]
    if book.doi:
        fields.append(("doi", tex_url(book.doi)))
    persons = persons or [Person("{" + tex_text(book.title) + "}")]
    return write_entries([(key, Entry("online", fields=fields, persons={"author": persons}))])
