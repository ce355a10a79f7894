"""What search engines, link previews and reference managers read from each page.

Two maintained extensions do part of the work, when the book loads them:
sphinxext-opengraph (``og:*`` tags and the description) and sphinx-notfound-page
(``404.html``). This module

* derives their site settings from the one ``labnotebook_site_url``, unless the
  book sets them itself (``config-inited``);
* gives a note's page its abstract as the description (``og:description`` and
  ``<meta name="description">``) and its plain-text, escaped title as ``og:title``;
* adds scholarly tags to note pages (``citation_title``, one ``citation_author``
  per author, ``citation_publication_date``, ``citation_date``...), which Google
  Scholar and Zotero read;
* writes ``sitemap.xml`` at ``build-finished``. sphinx-sitemap lists only the pages
  written by the current build, so after an incremental build its sitemap misses
  every unchanged page (its issue #13); here the documents come from the
  environment, which knows them all, and the generated pages (tag pages and the
  like, which are rendered again on every build) from ``html-page-context``.

Everything runs at ``html-page-context`` from the note's metadata, and every value
is HTML-escaped here.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

from labnotebook.collect import authors_registry
from labnotebook.config import get_config
from labnotebook.feeds import HTML_BUILDERS
from labnotebook.i18n import note_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from labnotebook.model import NoteMeta

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
    if "sphinxext.opengraph" in app.extensions:
        if not config.ogp_site_url:
            config.ogp_site_url = site_url
        if config.ogp_social_cards is None:
            # its cards are drawn with matplotlib for every page on every build, slowly,
            # in a font without Chinese glyphs: off unless the book asks for them
            config.ogp_social_cards = {"enable": False}
    if (
        "notfound.extension" in app.extensions
        and config.notfound_urls_prefix == NOTFOUND_DEFAULT_PREFIX
    ):
        # absolute asset links on 404.html, so it works at any missing URL of the site
        config.notfound_urls_prefix = urlsplit(site_url).path or "/"


def meta_tag(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{html.escape(name)}" content="{html.escape(content)}" />\n'


def scholarly_tags(note: NoteMeta, author_names: list[str], page_url: str) -> str:
    """The Highwire Press tags Google Scholar reads, one per line."""
    tags = [("citation_title", note.title)]
    tags += [("citation_author", name) for name in author_names]
    tags += [
        ("citation_publication_date", note.date.strftime("%Y/%m/%d")),
        ("citation_date", note.date.strftime("%Y/%m/%d")),
        ("citation_online_date", note.last_changed.strftime("%Y/%m/%d")),
        ("citation_language", note.language),
    ]
    if note.abstract:
        tags.append(("citation_abstract", note.abstract))
    if note.tags:
        tags.append(("citation_keywords", "; ".join(note.tags)))
    if page_url:
        tags.append(("citation_abstract_html_url", page_url))
    return "".join(meta_tag("name", name, content) for name, content in tags)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Describe a note's page; runs before sphinxext-opengraph reads the page's fields."""
    note = note_domain(app.env).notes.get(pagename)
    if note is None or doctree is None:
        return
    # a copy: context["meta"] is the environment's own metadata of the page
    fields = dict(context.get("meta") or {})
    # sphinxext-opengraph escapes only quotes in what it is given, so give it escaped text
    fields["og:title"] = html.escape(note.title, quote=False)
    if note.kind != "page":
        fields["og:type"] = "article"
    extra = ""
    if note.abstract:
        fields["og:description"] = html.escape(note.abstract, quote=False)
        # a description already in metatags stops sphinxext-opengraph writing its own
        extra += meta_tag("name", "description", note.abstract)
    context["meta"] = fields
    if note.kind != "page":
        registry = authors_registry(app.env) or {}
        names = [registry[a].name if a in registry else a for a in note.authors]
        site_url = get_config(app.env).site_url
        page_url = (
            site_url.rstrip("/") + "/" + app.builder.get_target_uri(pagename) if site_url else ""
        )
        extra += scholarly_tags(note, names, page_url)
    context["metatags"] = context.get("metatags", "") + extra


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
        urlset = ElementTree.Element("urlset", xmlns=SITEMAP_NAMESPACE)
        for pagename in sorted((set(app.env.found_docs) | self.generated) - NOT_IN_SITEMAP):
            url = ElementTree.SubElement(urlset, "url")
            location = site_url.rstrip("/") + "/" + app.builder.get_target_uri(pagename)
            ElementTree.SubElement(url, "loc").text = location
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
    # before sphinxext-opengraph (priority 500), which reads context["meta"] and "metatags"
    app.connect("html-page-context", on_html_page_context, priority=400)
    sitemap = Sitemap()
    app.connect("builder-inited", sitemap.on_builder_inited)
    app.connect("html-page-context", sitemap.on_html_page_context)
    app.connect("build-finished", sitemap.on_build_finished)
