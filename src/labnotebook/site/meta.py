"""What search engines, link previews and reference managers read from each page.

sphinx-notfound-page writes ``404.html`` when the book loads it (otherwise
:mod:`labnotebook.site.not_found` writes one that works under any prefix). This module

* derives site settings from the one ``labnotebook_site_url``, unless the book sets
  them itself (``config-inited``);
* gives every page its OpenGraph tags (``og:title``, ``og:type``, ``og:url``,
  ``og:site_name``, ``og:description``) and a ``<meta name="description">``: a note's
  abstract, or else the opening prose of the page;
* adds the scholarly description of every citable page (``citation_*`` tags and
  schema.org JSON-LD, see :mod:`labnotebook.site.scholarly`);
* writes ``sitemap.xml`` at ``build-finished``. sphinx-sitemap lists only the pages
  written by the current build, so after an incremental build its sitemap misses
  every unchanged page (its issue #13); here the documents come from the
  environment, which knows them all, the tag and author pages from the notes'
  metadata (they are written only when they change), and any other generated page
  from ``html-page-context``.

The OpenGraph tags used to come from sphinxext-opengraph. It imports matplotlib when
it is loaded, for social cards this book does not draw, and that import was a quarter
of a second of every build, a no-op rebuild included; the five tags it wrote for us
are a few lines here.

Everything runs at ``html-page-context``, and every value is HTML-escaped here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

from docutils import nodes

from labnotebook.config import get_config
from labnotebook.notes.authors import authors_registry
from labnotebook.notes.citable import page_url as citable_url
from labnotebook.notes.domain import note_domain
from labnotebook.notes.tag_pages import generated_pagenames
from labnotebook.site import HTML_BUILDERS
from labnotebook.site.scholarly import is_article, meta_tag, scholarly_head

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


#: sphinx-notfound-page's default prefix (also for Read the Docs).
NOTFOUND_DEFAULT_PREFIX = "/en/latest/"
#: Pages with nothing for a search engine to index.
NOT_IN_SITEMAP = frozenset({"search", "genindex", "py-modindex", "404"})
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Fill the other extensions' site settings from ``labnotebook_site_url``."""
    site_url = config.labnotebook_site_url
    if not isinstance(site_url, str) or not site_url:
        return
    site_url = site_url.rstrip("/") + "/"
    if not config.html_baseurl:
        config.html_baseurl = site_url
    if (
        "notfound.extension" in app.extensions
        and config.notfound_urls_prefix == NOTFOUND_DEFAULT_PREFIX
    ):
        # absolute asset links on 404.html, so it works at any missing URL of the site
        config.notfound_urls_prefix = urlsplit(site_url).path or "/"


#: Characters of opening prose that describe a page without an abstract.
DESCRIPTION_LENGTH = 200


def page_description(doctree: nodes.Node, length: int = DESCRIPTION_LENGTH) -> str:
    """The page's opening prose: its top-level paragraphs, cut at a word near ``length``.

    Paragraphs inside containers (the note header, a profile card, admonitions,
    figures, tables) are not the page's own words and are passed over.
    """
    words: list[str] = []
    size = 0
    for paragraph in doctree.findall(nodes.paragraph):
        if not isinstance(paragraph.parent, (nodes.section, nodes.document)):
            continue
        for word in paragraph.astext().split():
            if size + len(word) > length:
                return " ".join(words) + "…"
            words.append(word)
            size += len(word) + 1
    return " ".join(words)


def opengraph_tags(title: str, kind: str, url: str, site_name: str, description: str) -> str:
    tags = [("og:title", title), ("og:type", kind)]
    if url:
        tags.append(("og:url", url))
    if site_name:
        tags.append(("og:site_name", site_name))
    if description:
        tags.append(("og:description", description))
    return "".join(meta_tag("property", name, content) for name, content in tags)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Describe a page written from a document: OpenGraph, description, scholarly tags."""
    if doctree is None or app.builder.name not in HTML_BUILDERS:
        return
    note = note_domain(app.env).notes.get(pagename)
    site_url = get_config(app.env).site_url
    page_url = citable_url(app, pagename)
    metatags = context.get("metatags", "")
    if note is not None:
        title, description = note.title, note.abstract or page_description(doctree)
    else:
        title = app.env.titles[pagename].astext() if pagename in app.env.titles else ""
        description = page_description(doctree)
    extra = opengraph_tags(
        title,
        "article" if note is not None and is_article(note) else "website",
        page_url,
        app.config.project,
        description,
    )
    # a description the page gives itself (``html_meta`` in its front matter) wins
    if description and 'name="description"' not in metatags:
        extra += meta_tag("name", "description", description)
    if note is not None:  # every page with note front matter is citable
        extra += scholarly_head(
            note,
            authors_registry(app.env) or {},
            url=page_url,
            book=app.config.project,
            book_url=site_url,
            book_author=app.config.author,
        )
    context["metatags"] = metatags + extra


class Sitemap:
    """Collects the generated pages of one build and writes the sitemap at its end."""

    def __init__(self) -> None:
        self.generated: set[str] = set()

    def on_builder_inited(self, app: Sphinx) -> None:
        self.generated = set()

    def on_html_page_context(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        # documents may be written by worker processes; generated pages are written here
        if doctree is None and pagename not in app.env.found_docs:
            self.generated.add(pagename)

    def on_build_finished(self, app: Sphinx, exception: BaseException | None) -> None:
        site_url = get_config(app.env).site_url
        if exception is not None or app.builder.name not in HTML_BUILDERS or not site_url:
            return
        notes = note_domain(app.env).notes
        # tag and author pages are written only when they change: a build that writes
        # none of them still lists them all
        pages = set(app.env.found_docs) | self.generated | set(generated_pagenames(app))
        urlset = ElementTree.Element("urlset", xmlns=SITEMAP_NAMESPACE)
        for pagename in sorted(pages - NOT_IN_SITEMAP):
            url = ElementTree.SubElement(urlset, "url")
            ElementTree.SubElement(url, "loc").text = citable_url(app, pagename)
            if pagename in notes:
                lastmod = notes[pagename].last_changed.isoformat()
                ElementTree.SubElement(url, "lastmod").text = lastmod
        ElementTree.indent(urlset)
        ElementTree.ElementTree(urlset).write(
            Path(app.outdir) / "sitemap.xml", encoding="utf-8", xml_declaration=True
        )


def setup_meta(app: Sphinx) -> None:
    # after the other extensions registered their values (priority 500), before they read them
    app.connect("config-inited", on_config_inited, priority=600)
    app.connect("html-page-context", on_html_page_context)
    sitemap = Sitemap()
    app.connect("builder-inited", sitemap.on_builder_inited)
    app.connect("html-page-context", sitemap.on_html_page_context)
    app.connect("build-finished", sitemap.on_build_finished)
