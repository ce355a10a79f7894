"""What reference managers and search engines read from a citable page.

Every page with note front matter (notes, and pages of ``kind: page``) is citable and
gets three descriptions in its ``<head>``:

* Highwire Press ``citation_*`` tags, which Google Scholar and Zotero read. Zotero
  takes the item type from them: ``citation_technical_report_institution`` (the book)
  makes a note a report, where a bare ``citation_title`` would make it a journal article
  without a journal; a page keeps ``og:type`` ``website`` and no type tag, which Zotero
  files as a web page. ``citation_publication_date`` is the first publication,
  ``citation_online_date`` this version.
* Dublin Core ``DC.*`` tags (title, creators, date, language, identifier, rights);
* schema.org JSON-LD: a ``ScholarlyArticle`` (a note) or ``WebPage`` (a page), with its
  authors (ORCID as ``sameAs``), both dates, version, licence, language and the book it
  is part of.

Every value is escaped here: the tags through :func:`html.escape`, the JSON so that no
``<`` can close the script element.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from labnotebook.core.authors import Author
from labnotebook.core.citation import version_of

if TYPE_CHECKING:
    from labnotebook.core.note import NoteMeta

#: Sphinx's defaults for ``author`` (8.x and earlier), which name nobody.
UNSET_AUTHORS = frozenset({"Author name not set", "unknown"})


def meta_tag(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{html.escape(name)}" content="{html.escape(content)}" />\n'


def is_article(note: NoteMeta) -> bool:
    """A note is a scholarly article; a page of ``kind: page`` is a web page."""
    return note.kind != "page"


def people(note: NoteMeta, registry: Mapping[str, Author], book_author: str) -> list[Author]:
    """The note's authors from the registry; without any, the book's author, if named."""
    authors = [registry.get(a) or Author(id=a, name=a) for a in note.authors]
    if not authors and book_author and book_author not in UNSET_AUTHORS:
        authors = [Author(id=book_author, name=book_author)]
    return authors


def citation_tags(note: NoteMeta, authors: list[Author], *, url: str, book: str) -> str:
    """The Highwire Press tags, one per line."""
    tags = [("citation_title", note.title)]
    tags += [("citation_author", author.name) for author in authors]
    tags += [
        ("citation_publication_date", note.date.strftime("%Y/%m/%d")),
        ("citation_date", note.date.strftime("%Y/%m/%d")),
        ("citation_online_date", note.last_changed.strftime("%Y/%m/%d")),
        ("citation_language", note.language),
    ]
    if is_article(note) and book:
        tags.append(("citation_technical_report_institution", book))
    if note.doi:
        tags.append(("citation_doi", note.doi))
    if note.abstract:
        tags.append(("citation_abstract", note.abstract))
    if note.tags:
        tags.append(("citation_keywords", "; ".join(note.tags)))
    if url:
        tags += [("citation_abstract_html_url", url), ("citation_public_url", url)]
    return "".join(meta_tag("name", name, content) for name, content in tags)


def dublin_core_tags(note: NoteMeta, authors: list[Author], *, url: str, book: str) -> str:
    """Dublin Core, for harvesters that read no Highwire tags. No ``DC.type``: Zotero
    would let it decide the item type over ``og:type``."""
    tags = [("DC.title", note.title)]
    tags += [("DC.creator", author.name) for author in authors]
    tags += [
        ("DC.date", note.date.isoformat()),
        ("DC.language", note.language),
        ("DC.publisher", book),
    ]
    if note.doi:
        tags.append(("DC.identifier", f"https://doi.org/{note.doi}"))
    elif url:
        tags.append(("DC.identifier", url))
    if note.license:
        tags.append(("DC.rights", note.license))
    link = '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />\n'
    return link + "".join(meta_tag("name", name, content) for name, content in tags)


def person(author: Author) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": author.name}
    if author.orcid:
        data["sameAs"] = f"https://orcid.org/{author.orcid}"
    if author.homepage:
        data["url"] = author.homepage
    return data


def json_ld(
    note: NoteMeta, authors: list[Author], *, url: str, book: str, book_url: str
) -> dict[str, Any]:
    """The schema.org description of a citable page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle" if is_article(note) else "WebPage",
        "headline": note.title,
        "name": note.title,
        "author": [person(author) for author in authors],
        "datePublished": note.date.isoformat(),
        "dateModified": note.last_changed.isoformat(),
        "version": version_of(note),
        "inLanguage": note.language,
    }
    if url:
        data["url"] = url
    if note.abstract:
        data["abstract"] = note.abstract
    if note.tags:
        data["keywords"] = list(note.tags)
    if note.doi:
        data["identifier"] = f"https://doi.org/{note.doi}"
    if note.license:
        data["license"] = f"https://spdx.org/licenses/{note.license}.html"
    part_of: dict[str, Any] = {"@type": "Book", "name": book}
    if book_url:
        part_of["url"] = book_url
    data["isPartOf"] = part_of
    return data


def json_ld_script(data: Mapping[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` that no value can end early."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def scholarly_head(
    note: NoteMeta,
    registry: Mapping[str, Author],
    *,
    url: str,
    book: str,
    book_url: str,
    book_author: str,
) -> str:
    """Both descriptions of a citable page, for its ``<head>``."""
    authors = people(note, registry, book_author)
    return (
        citation_tags(note, authors, url=url, book=book)
        + dublin_core_tags(note, authors, url=url, book=book)
        + json_ld_script(json_ld(note, authors, url=url, book=book, book_url=book_url))
    )
