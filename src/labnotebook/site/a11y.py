"""Accessibility fixes the browser tests (axe-core) asked for, in one place.

- ``labnotebook-a11y.css``: colour pairs that fell under the WCAG AA contrast ratio.
- ``labnotebook-a11y.js``: the sidebar toggles a reader sees open the sidebars (on a
  phone, the only way to the navigation).
- Citation lists: docutils writes each entry as ``role="doc-biblioentry"`` inside a
  ``role="list"``. DPUB-ARIA 1.1 deprecated that role, so assistive technology and axe
  see a list without items; each entry is written as a ``listitem`` instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.writers.html5_polyglot import HTMLTranslator as DocutilsHTMLTranslator

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


def visit_citation_html(translator: HTML5Translator, node: nodes.citation) -> None:
    # as docutils does, with the list's items marked as items
    if not isinstance(node.previous_sibling(), nodes.citation):
        translator.body.append('<div role="list" class="citation-list">\n')
    translator.body.append(
        translator.starttag(node, "div", classes=[node.tagname], role="listitem")
    )


def depart_citation_html(translator: HTML5Translator, node: nodes.citation) -> None:
    DocutilsHTMLTranslator.depart_citation(translator, node)


def setup_a11y(app: Sphinx) -> None:
    app.add_css_file("labnotebook-a11y.css")
    app.add_js_file("labnotebook-a11y.js", defer="defer")
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, depart_citation_html))
