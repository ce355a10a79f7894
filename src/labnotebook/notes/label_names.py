"""Plain-text names for labelled figures, tables and sections.

Sphinx names a label after its caption or title as text, and the text of a math node
is its LaTeX source: a figure captioned "Points in $\\mathbb{R}^{12}$" was listed in
``objects.inv`` as ``Points in \\mathbb{R}^{12}``, which another book then shows as
the link text. Here pylatexenc renders the math as Unicode text instead (a
double-struck R, then ``^12``), for every label of the document just read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from pylatexenc.latex2text import LatexNodes2Text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LATEX_TO_TEXT = LatexNodes2Text(math_mode="text")


def plain_text(node: nodes.Node) -> str:
    """The node's text, each math node as Unicode rather than LaTeX."""
    if isinstance(node, nodes.math):
        return LATEX_TO_TEXT.latex_to_text(node.astext())
    if isinstance(node, nodes.Text):
        return str(node)
    return "".join(plain_text(child) for child in node.children)


def named_part(target: nodes.Element) -> nodes.Element | None:
    """The caption or title a label is named after, as Sphinx's standard domain finds it."""
    kinds: tuple[type[nodes.Element], ...]
    if isinstance(target, nodes.section):
        kinds = (nodes.title,)
    elif isinstance(target, nodes.figure | nodes.table | nodes.container):
        kinds = (nodes.caption, nodes.title)
    else:
        return None
    return next((child for child in target.children if isinstance(child, kinds)), None)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    std = app.env.domains.standard_domain
    for name, (label_doc, label_id, title) in list(std.labels.items()):
        if label_doc != docname or not label_id or label_id not in doctree.ids:
            continue
        part = named_part(doctree.ids[label_id])
        if part is None or not any(part.findall(nodes.math)):
            continue
        plain = " ".join(plain_text(part).split())
        if plain and plain != title:
            std.labels[name] = (label_doc, label_id, plain)


def setup_label_names(app: Sphinx) -> None:
    # the standard domain has recorded the labels (a read transform) by doctree-read
    app.connect("doctree-read", on_doctree_read)
