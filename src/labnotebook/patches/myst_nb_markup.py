"""MyST-NB's "Show code cell source" toggle as valid, accessible HTML.

MyST-NB writes the toggle's two labels as ``<p>`` inside ``<summary>``, which HTML
forbids (summary holds phrasing content). UPSTREAM.md, "MyST-NB: paragraphs in summary".

Checked against MyST-NB 1.4 (the version the lock installs). With another version the
toggle is left as MyST-NB writes it.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

CHECKED = Checked("myst-nb", ">=1.4,<1.5")


def visit_hidden_cell(translator: HTML5Translator, node: nodes.Element) -> None:
    """MyST-NB's "Show code cell source" toggle, with its two labels as ``<span>``.

    The summary is named by the label it shows (upstream's aria-label "Toggle hidden
    content" is not the text a reader sees, which axe reports as a serious
    label-content-name-mismatch). labnotebook.css gives the spans the layout MyST-NB's
    stylesheet gives the paragraphs.
    """
    classes = " ".join(node["classes"])
    translator.body.append(f'<details class="admonition hide {classes}">\n')
    translator.body.append("<summary>\n")
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        translator.body.append(f'<span class="{state} admonition-title">{escape(prompt)}</span>\n')
    translator.body.append("</summary>\n")


def depart_hidden_cell(translator: HTML5Translator, node: nodes.Element) -> None:
    translator.body.append("</details>\n")


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Replace the toggle's writer once every extension is loaded, whatever their order."""
    if "myst_nb" not in app.extensions or not CHECKED.holds():
        return
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))


def setup_myst_nb_fixes(app: Sphinx) -> None:
    app.connect("config-inited", on_config_inited)
