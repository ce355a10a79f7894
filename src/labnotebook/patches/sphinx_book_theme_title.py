"""sphinx-book-theme writes the page title unescaped into its print-only heading.

``layout.html`` (checked against sphinx-book-theme 1.4.0) has ``<h1>{{ pagetitle }}</h1>``,
and the theme sets ``pagetitle`` to the title's plain text, so a note titled
``<script>alert(1)</script>`` runs that script on every load of its page (see the
entry in ``UPSTREAM.md``). The value is made escaped markup after the theme sets it;
markup is never escaped twice, so a template that escapes it itself is unaffected.

Checked against sphinx-book-theme 1.4. Unlike the other patches this one applies with
every version: it uses only the public ``html-page-context`` event, and escaping a
title that a fixed theme would escape anyway changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import escape

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from sphinx.application import Sphinx


CHECKED = Checked("sphinx-book-theme", ">=1.4,<1.5")


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if "pagetitle" in context:
        context["pagetitle"] = escape(context["pagetitle"])


def setup_book_theme_patch(app: Sphinx) -> None:
    # after the theme's own handler (priority 500), which sets the raw title
    app.connect("html-page-context", on_html_page_context, priority=900)
