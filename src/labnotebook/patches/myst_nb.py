"""Fixes for MyST-NB's HTML (checked against myst-nb 1.4.0)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator


def visit_hidden_cell(translator: HTML5Translator, node: nodes.Element) -> None:
    """MyST-NB's "Show code cell source" toggle, with its two labels as ``<span>``.

    Upstream writes them as ``<p>`` inside ``<summary>``, which HTML forbids (summary holds
    phrasing content; UPSTREAM.md, MyST-NB). labnotebook.css gives the spans the layout
    MyST-NB's stylesheet gives the paragraphs.
    """
    classes = " ".join(node["classes"])
    translator.body.append(f'<details class="admonition hide {classes}">\n')
    translator.body.append('<summary aria-label="Toggle hidden content">\n')
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        translator.body.append(f'<span class="{state} admonition-title">{escape(prompt)}</span>\n')
    translator.body.append("</summary>\n")


def depart_hidden_cell(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append("</details>\n")


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Replace the toggle's writer once every extension is loaded, whatever their order."""
    if "myst_nb" not in app.extensions:
        return
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))


def setup_myst_nb_fixes(app: Sphinx) -> None:
    app.connect("config-inited", on_config_inited)
