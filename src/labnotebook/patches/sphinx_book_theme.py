"""sphinx-book-theme prints two plain-text values as HTML, unescaped.

Its ``html-page-context`` handler sets ``pagetitle`` to the title's plain text, which
``layout.html`` prints in the printed header, and its footer component prints the
project's ``author`` as it is. So a note titled ``<script>...`` or an author named
``A & <b>`` injects markup into every page, and ``a < b`` breaks it. Both are escaped
here, after the theme has set them; no other template of the stack prints ``author``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for name in ("pagetitle", "author"):
        if isinstance(context.get(name), str):
            context[name] = html.escape(context[name])


def setup_book_theme_title(app: Sphinx) -> None:
    # after the theme's own handler (default priority 500)
    app.connect("html-page-context", on_html_page_context, priority=900)
