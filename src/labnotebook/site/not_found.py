"""The 404 page: one ``404.html`` that works at any missing address, under any prefix.

A host shows ``404.html`` in place of whatever address was missing: ``/notes/old.html``
on a site at the root, ``/project/notes/old.html`` on a project site, and the page
itself is opened as ``404.html`` by ``make serve`` or from disk. Relative links resolve
against the missing address, so inside a folder every one of them breaks; absolute
links (sphinx-notfound-page's way, from a configured prefix) break wherever the book is
served under another prefix than the one configured, or read from disk.

Here the page is written like any page at the root of the book, its links relative to
that root, and its ``<head>`` opens with a small inline script that finds the root from
the page's own address and declares it the document's base URL (``<base href>``) before
the parser reaches the first link. The root is

* the page's own folder, when the address is ``404.html`` itself (served or on disk);
* else the path before the rightmost folder the book has (``notes/``, ``_static/``, …),
  which finds the root at any depth and under any prefix for a renamed page;
* else ``labnotebook_site_url``'s path, when the address is under it;
* else the folder of the missing address (a missing page at the top of the book).

The body says what happened and offers a search box and the latest notes. Without
JavaScript the page still reads, unstyled and with its links inert (no base URL is
known). A book that loads sphinx-notfound-page keeps that extension's page; a book with
a ``404`` document of its own keeps it, and gets the script, so that its links work too.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from labnotebook.config import get_config
from labnotebook.core.addresses import PERMANENT_FOLDER
from labnotebook.notes.domain import note_domain
from labnotebook.notes.listings import newest_first
from labnotebook.notes.tag_pages import generated_pagenames

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

#: The page's name: hosts (GitHub Pages, Netlify, Read the Docs) look for ``404.html``.
PAGENAME = "404"
#: How many of the latest notes the page offers.
LATEST_NOTES = 5
#: Folders every book's output has besides its documents' folders.
OUTPUT_FOLDERS = ("_static", "_images", "_sources", "_downloads", "pagefind", PERMANENT_FOLDER)

# Finds the book's root (see the module's docstring) and makes it the base URL. The base
# starts as about:blank, against which no relative link resolves: Chromium's preload
# scanner reads ahead of the parser and fetched all 46 assets of the page against the
# missing address before the script could run (measured in the browser test); with
# this base it fetches nothing early, and every asset loads once, from the root. The
# click handler keeps in-page links ("#main-content") on this page, which a base URL
# would otherwise send to the root's index.
BASE_SCRIPT = """<base href="about:blank"><script>(function () {
  var folders = %(folders)s, prefix = %(prefix)s, own = %(own)s;
  var parts = location.pathname.split("/"), file = parts.pop(), root = null;
  if (file !== own) {
    for (var i = parts.length - 1; i > 0 && root === null; i--) {
      if (folders.indexOf(decodeURIComponent(parts[i])) >= 0) {
        root = parts.slice(0, i).join("/") + "/";
      }
    }
    if (root === null && prefix && location.pathname.indexOf(prefix) === 0) root = prefix;
  }
  document.getElementsByTagName("base")[0].href = root === null ? parts.join("/") + "/" : root;
  window.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (!link || event.defaultPrevented || link.getAttribute("href") === "#") return;
    event.preventDefault();
    location.hash = link.getAttribute("href");
  });
})();</script>"""


def wanted(app: Sphinx) -> bool:
    """Whether this book's HTML gets labnotebook's 404 page handling."""
    return app.builder.name == "html" and "notfound.extension" not in app.extensions


def book_folders(app: Sphinx) -> list[str]:
    """The top-level folders of the output: the documents', the generated pages', assets."""
    names = set(app.env.found_docs) | set(generated_pagenames(app))
    return sorted({name.split("/")[0] for name in names if "/" in name} | set(OUTPUT_FOLDERS))


def base_script(app: Sphinx) -> str:
    """The inline script that sets the page's base URL to the book's root."""
    site_url = get_config(app.env).site_url
    prefix = urlsplit(site_url).path if site_url else ""
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    values = {
        "folders": json.dumps(book_folders(app)),
        "prefix": json.dumps(prefix),
        "own": json.dumps(app.builder.get_target_uri(PAGENAME)),
    }
    # a "</" inside a JSON string would end the script element early
    return BASE_SCRIPT % {key: value.replace("</", "<\\/") for key, value in values.items()}


def page_body(app: Sphinx) -> str:
    """What a visitor at a missing address reads: where to go next, all links root-relative."""
    # notes, not the site's pages (the author guide's pages are dated too)
    notes = newest_first(
        (docname, note)
        for docname, note in note_domain(app.env).notes.items()
        if note.kind != "page"
    )[:LATEST_NOTES]
    items = "".join(
        f'<li><a href="{html.escape(app.builder.get_target_uri(docname))}">'
        f"{html.escape(note.title)}</a> "
        f'<time datetime="{note.last_changed.isoformat()}">{note.last_changed.isoformat()}'
        "</time></li>"
        for docname, note in notes
    )
    latest = (
        f'<h2 id="latest-notes">Latest notes</h2><ul class="ln-notfound-latest">{items}</ul>'
        if items
        else ""
    )
    search = html.escape(app.builder.get_target_uri("search"))
    home = html.escape(app.builder.get_target_uri(app.config.root_doc))
    return (
        '<section id="page-not-found"><h1>Page not found</h1>'
        "<p>Nothing of this book is at this address: the page may have been renamed or "
        f'moved. Search for it, start from the <a href="{home}">home page</a>, or read one '
        "of the latest notes.</p>"
        f'<form class="ln-notfound-search" action="{search}" method="get" role="search">'
        '<label for="ln-notfound-query">Search the book</label> '
        '<input id="ln-notfound-query" type="search" name="q"> '
        '<button type="submit">Search</button></form>'
        f"{latest}</section>"
    )


def on_html_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Write ``404.html`` unless the book has a ``404`` document of its own."""
    if not wanted(app) or PAGENAME in app.env.found_docs:
        return
    yield PAGENAME, {"title": "Page not found", "body": page_body(app)}, "page.html"


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Open the 404 page's head with the script that finds the root, before any link."""
    if pagename != PAGENAME or not wanted(app):
        return
    context["metatags"] = base_script(app) + context.get("metatags", "")
    # nothing on this page is worth a search result, and it must not list itself
    context["nosearch"] = True


def setup_not_found(app: Sphinx) -> None:
    app.connect("html-collect-pages", on_html_collect_pages)
    app.connect("html-page-context", on_html_page_context)
