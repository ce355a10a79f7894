"""Extensions' scripts only on the pages that use them.

sphinx-copybutton, sphinx-togglebutton and sphinx-design add their scripts to every page
(``app.add_js_file`` has no per-page form), though each acts only on markup few pages
have: copy buttons on highlighted code, toggles on hidden cells and dropdowns, tabs on
tab sets. A page whose body has none of that markup is written without the script
(30 KB for the three, 11 KB compressed, on most pages of a book).

The test is on the page's written body and is generous: a page keeps a script when the
body contains the class the script looks for anywhere, so a script is never missing
where it acts. Pages written from other templates, with no body, keep everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: each script, and the strings whose absence from a page's body means it has nothing to do
SCRIPT_NEEDS: dict[str, tuple[str, ...]] = {
    # sphinx-copybutton: buttons on ``div.highlight pre`` (its default selector)
    "clipboard.min.js": ('class="highlight"',),
    "copybutton.js": ('class="highlight"',),
    # sphinx-togglebutton: ``.toggle, .admonition.dropdown`` and ``details.toggle-details``
    "togglebutton.js": ("toggle", "dropdown"),
    # sphinx-design: tab sets
    "design-tabs.js": ("sd-tab",),
}

#: Sphinx's pages written from a template alone, with no code, toggle or tab in it
#: (``search.html`` is labnotebook's own, Pagefind's search page)
BODILESS_TEMPLATES = frozenset(
    {
        "search.html",
        "genindex.html",
        "genindex-split.html",
        "genindex-single.html",
        "domainindex.html",
    }
)


def unused(filename: str, body: str) -> bool:
    """Whether the script ``filename`` (as added to the page) has nothing to act on."""
    needs = SCRIPT_NEEDS.get(filename.rsplit("/", 1)[-1].split("?", 1)[0])
    return needs is not None and not any(marker in body for marker in needs)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if body is None and templatename in BODILESS_TEMPLATES:
        body = ""
    if body is None or "script_files" not in context:
        return
    context["script_files"] = [
        script
        for script in context["script_files"]
        if not unused(getattr(script, "filename", None) or "", body)
    ]


def setup_unused_scripts(app: Sphinx) -> None:
    # late: after the extensions and the theme have put their scripts in the context
    app.connect("html-page-context", on_html_page_context, priority=950)
