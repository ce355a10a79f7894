"""Tap a figure to see it whole: each figure's image links to the image file.

On a phone a figure is shrunk to the column, 343 px at 375: a two-panel plot then has
axis labels a few pixels high. Opened on its own, the image is shown at its size and the
phone's zoom works on it. Sphinx links an image to its file only when the author scaled
it (``html_scaled_image_link``); this does it for every figure, in HTML builds.

The link is a node of its own, written at translation time: only then does the builder
know where it copied the image (``builder.images``, ``builder.imgpath``).

Figures and notebook outputs are also fetched lazily (``loading="lazy"``): they are rarely
on a page's first screen, and a note's plots, fetched with the page, were most of what a
phone had to download before showing it. An author's own ``:loading:`` option wins.
"""

from __future__ import annotations

import html
import posixpath
from typing import TYPE_CHECKING

from docutils import nodes

from labnotebook.site import HTML_BUILDERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: The image options for which Sphinx links the image to its file itself.
SCALING_OPTIONS = ("scale", "width", "height")


class figure_zoom(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Links the image it holds to the image's file."""


def needs_link(image: nodes.image) -> bool:
    return (
        isinstance(image.parent, nodes.figure)
        and not any(option in image for option in SCALING_OPTIONS)
        and "no-scaled-link" not in image["classes"]
    )


def fetched_late(image: nodes.image) -> bool:
    """In a figure or a notebook cell's output, and the author did not say how to load it."""
    if "loading" in image:
        return False
    node: nodes.Node | None = image.parent
    while isinstance(node, nodes.Element):
        if isinstance(node, nodes.figure) or "cell_output" in node["classes"]:
            return True
        node = node.parent
    return False


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name not in HTML_BUILDERS:
        return
    for image in list(doctree.findall(nodes.image)):
        if fetched_late(image):
            # read by docutils' HTML writer, which Sphinx's image visitor calls
            image["loading"] = "lazy"
        if needs_link(image):
            wrapper = figure_zoom()
            image.replace_self(wrapper)
            wrapper += image


def visit_figure_zoom_html(self: HTML5Translator, node: figure_zoom) -> None:
    image = node.children[0]
    uri = image["uri"]
    images = getattr(self.builder, "images", {})
    href = posixpath.join(self.builder.imgpath, images[uri]) if uri in images else uri
    # the link's name is the image's alternative text; without one, say what it does
    label = "" if image.get("alt") else ' aria-label="Open the figure at full size"'
    self.body.append(
        f'<a class="reference internal image-reference ln-figure-zoom" '
        f'href="{html.escape(href)}"{label}>'
    )


def depart_figure_zoom_html(self: HTML5Translator, node: figure_zoom) -> None:
    self.body.append("</a>")


def setup_figure_zoom(app: Sphinx) -> None:
    app.add_node(figure_zoom, html=(visit_figure_zoom_html, depart_figure_zoom_html))
    app.connect("doctree-resolved", on_doctree_resolved)
