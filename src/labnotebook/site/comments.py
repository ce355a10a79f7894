"""Discuss it: giscus comments (GitHub Discussions) under notes, loaded on request.

Off by default; ``labnotebook_comments`` (the repository and category giscus shows)
turns them on for every note, and ``comments: false`` in a note's front matter turns
them off for that note. The page carries only a "Show comments" button and the settings
as ``data-`` attributes; giscus's script is added by ``labnotebook-comments.js`` when the
reader presses the button, so a page that is only read requests nothing off the site.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes

from labnotebook.config import get_config
from labnotebook.notes.backlinks import body_of
from labnotebook.notes.domain import note_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

GISCUS_CLIENT = "https://giscus.app/client.js"
SCRIPT = "labnotebook-comments.js"
HTML_BUILDERS = frozenset({"html", "dirhtml"})
#: giscus's defaults for what the book does not set: a discussion per page address.
DEFAULTS = {"mapping": "pathname", "reactions_enabled": "1", "input_position": "bottom"}

#: giscus's name for each language a note may be written in.
GISCUS_LANGUAGES = {"en": "en", "zh-Hans": "zh-CN"}


def comments_on(app: Sphinx, docname: str) -> bool:
    note = note_domain(app.env).notes.get(docname)
    return (
        app.builder.name in HTML_BUILDERS
        and bool(get_config(app.env).comments)
        and note is not None
        and note.kind != "page"
        and note.comments
    )


def comments_html(settings: dict[str, str], language: str) -> str:
    values = {**DEFAULTS, "lang": GISCUS_LANGUAGES.get(language, "en"), **settings}
    attributes = "".join(
        f' data-giscus-{name.replace("_", "-")}="{html.escape(value)}"'
        for name, value in values.items()
    )
    return (
        f'<section class="note-comments" data-client="{GISCUS_CLIENT}"{attributes}>\n'
        '<h2 class="note-comments-title">Comments</h2>\n'
        '<p class="note-comments-notice">Comments are GitHub Discussions, shown by giscus. '
        "Nothing is loaded from giscus or GitHub until you press the button.</p>\n"
        '<button type="button" class="note-comments-show">Show comments</button>\n'
        '<div class="note-comments-thread"></div>\n'
        "</section>\n"
    )


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not comments_on(app, docname):
        return
    note = note_domain(app.env).notes[docname]
    markup = comments_html(get_config(app.env).comments, note.language)
    body_of(doctree).append(nodes.raw("", markup, format="html"))


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The script only on pages with comments."""
    if comments_on(app, pagename):
        app.add_js_file(SCRIPT)


def setup_comments(app: Sphinx) -> None:
    # after "Cite this note" (priority 700): the discussion closes the page
    app.connect("doctree-resolved", on_doctree_resolved, priority=720)
    app.connect("html-page-context", on_html_page_context)
