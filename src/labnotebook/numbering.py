"""Figure, table and theorem numbers that start again at 1 in every note.

Without a numbered toctree Sphinx counts figures (and sphinx-proof counts theorems)
across the whole book, so a note's first figure may be "Fig. 7". A reader of a note
expects its own numbering, so once Sphinx has assigned the numbers they are
renumbered within each document, keeping their order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

Numbers = dict[str, dict[str, tuple[int, ...]]]


def per_document(numbers: Numbers) -> Numbers:
    """Each kind of numbered item, renumbered 1, 2, ... in its original order."""
    renumbered: Numbers = {}
    for kind, items in numbers.items():
        ordered = sorted(items, key=lambda item: items[item])
        renumbered[kind] = {item: (position,) for position, item in enumerate(ordered, 1)}
    return renumbered


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    # Sphinx assigns the book-wide numbers in its own handler of this event (priority 500)
    if app.config.numfig and not any(env.toc_secnumbers.values()):
        env.toc_fignumbers = {
            docname: per_document(numbers) for docname, numbers in env.toc_fignumbers.items()
        }
    return []


def setup_numbering(app: Sphinx) -> None:
    app.connect("env-get-updated", on_env_get_updated, priority=900)
