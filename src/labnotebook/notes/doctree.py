"""Where the parts of a note sit in its doctree, for the features that add blocks to it."""

from __future__ import annotations

from docutils import nodes


def body_of(doctree: nodes.document) -> nodes.Element:
    """The note's top section (under its title), where closing blocks belong."""
    for child in doctree.children:
        if isinstance(child, nodes.section):
            return child
    return doctree
