"""sphinx-book-theme: its sidebar, rendered as its first level plus one shared data file;
and two values it prints unescaped.

The theme's ``sbt-sidebar-nav.html`` renders the book's whole toctree into every page
(``generate_toctree_html`` with ``startdepth=0``), so the time to write the book and
its size grow with the square of the notes (executablebooks/sphinx-book-theme#561,
pydata/pydata-sphinx-theme#364). Our template of the same name, found first through
``templates_path``, renders the first level and leaves the rest to
``labnotebook-nav.js`` and the tree written once per build
(:mod:`labnotebook.site.navigation`).

Checked against sphinx-book-theme 1.4 (the template's markup, which our copy keeps
so the theme's styles and toggles apply). With another version the theme's own
sidebar is used, whole in every page.

The theme prints two plain-text values as HTML: its ``html-page-context`` handler sets
``pagetitle`` to the title's plain text, which ``layout.html`` prints in the printed
header, and its footer component prints the project's ``author`` as it is. So a note
titled ``<script>...`` or an author named ``A & <b>`` would inject markup into every
page, and ``a < b`` break it. Both are escaped after the theme has set them; no other
template of the stack prints ``author``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CHECKED = Checked("sphinx-book-theme", ">=1.4,<1.5")
THEME = "sphinx_book_theme"
#: the theme's template we replace, and the folder our replacement is in
SIDEBAR_TEMPLATE = "sbt-sidebar-nav.html"
TEMPLATES = Path(__file__).parent / "templates" / THEME


def sidebar_templates(html_theme: str) -> list[str]:
    """The folders to put on ``templates_path`` so the sidebar is ours (or none)."""
    if html_theme != THEME or not CHECKED.holds():
        return []
    return [str(TEMPLATES)]


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    for name in ("pagetitle", "author"):
        if isinstance(context.get(name), str):
            context[name] = html.escape(context[name])


def setup_book_theme_title(app: Sphinx) -> None:
    # after the theme's own handler (default priority 500)
    app.connect("html-page-context", on_html_page_context, priority=900)
