"""sphinx-book-theme: its sidebar, rendered as its first level plus one shared data file;
and the author it prints unescaped.

The theme's ``sbt-sidebar-nav.html`` renders the book's whole toctree into every page
(``generate_toctree_html`` with ``startdepth=0``), so the time to write the book and
its size grow with the square of the notes (executablebooks/sphinx-book-theme#561,
pydata/pydata-sphinx-theme#364). Our template of the same name, found first through
``templates_path``, renders the first level and leaves the rest to
``labnotebook-nav.js`` and the tree written once per build
(:mod:`labnotebook.site.navigation`).

The same folder holds ``search-button-field.html``, the search button named by its
visible text "Search Ctrl+K" rather than the theme's aria-label "Search" (axe's
label-content-name-mismatch; UPSTREAM.md, "pydata-sphinx-theme: search button").

Checked against sphinx-book-theme 1.4 (the template's markup, which our copy keeps
so the theme's styles and toggles apply). With another version the theme's own
sidebar is used, whole in every page.

The theme's footer component prints the project's ``author`` as HTML, as it is, so an
author named ``A & <b>`` would inject markup into every page. It is escaped after the
theme has set it (the page title, printed the same way, is escaped by
:mod:`labnotebook.patches.sphinx_book_theme_title`); no other template prints ``author``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

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
    # the page title is escaped by patches/sphinx_book_theme_title.py; markupsafe's
    # escape never escapes twice
    if isinstance(context.get("author"), str):
        context["author"] = escape(context["author"])


def setup_book_theme_title(app: Sphinx) -> None:
    # after the theme's own handler (default priority 500)
    app.connect("html-page-context", on_html_page_context, priority=900)
