"""Figure, table and theorem numbers that start again at 1 in every note.

Without a numbered toctree Sphinx counts figures (and sphinx-proof counts theorems)
across the whole book, so a note's first figure may be "Fig. 7". A reader of a note
expects its own numbering.

Sphinx assigns its numbers after every build's reading, a no-op rebuild included, by
walking the whole book: it loads every document's doctree from disk, which grows with
the book. Numbers that start again in every note depend on nothing but the note, so
here each document's numbers are counted while it is read (its doctree is in memory
then), kept in the note domain, and handed to Sphinx in place of its walk. A page is
written again when its own numbers change, and only then.

A book with a numbered toctree (section numbers in figure numbers) keeps Sphinx's own
numbering.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import StandardDomain

from labnotebook.notes.domain import note_domain
from labnotebook.patches.sphinx import restore_figure_walk, skip_figure_walk

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: kind of item ("figure", "table", "code-block", "proof"...) -> item id -> (number,)
Numbers = dict[str, dict[str, tuple[int, ...]]]
NUMBERS_KEY = "numbers"


def per_document(numbers: Numbers) -> Numbers:
    """Each kind of numbered item, renumbered 1, 2, ... in its original order."""
    renumbered: Numbers = {}
    for kind, items in numbers.items():
        ordered = sorted(items, key=lambda item: items[item])
        renumbered[kind] = {item: (position,) for position, item in enumerate(ordered, 1)}
    return renumbered


def count_items(env: BuildEnvironment, doctree: nodes.Node) -> Numbers:
    """The numbered items of one document, counted in reading order.

    Which nodes count is Sphinx's rule: a node some domain calls enumerable, and for
    the standard domain only a captioned one; nodes of included documents
    (toctrees) are not this document's.
    """
    std = env.domains.standard_domain
    numbers: Numbers = {}

    def kind_of(node: nodes.Element) -> str | None:
        for domain in env.domains.sorted():
            kind = domain.get_enumerable_node_type(node)
            if isinstance(domain, StandardDomain) and not std.get_numfig_title(node):
                continue
            if kind:
                return kind
        return None

    def walk(parent: nodes.Element) -> None:
        for child in parent.children:
            if isinstance(child, addnodes.toctree) or not isinstance(child, nodes.Element):
                continue
            kind = kind_of(child)
            if kind and child["ids"]:
                items = numbers.setdefault(kind, {})
                items[child["ids"][0]] = (len(items) + 1,)
            walk(child)

    walk(cast(nodes.Element, doctree))
    return numbers


def counted(env: BuildEnvironment) -> dict[str, Numbers]:
    return cast(dict[str, Numbers], note_domain(env).data.setdefault(NUMBERS_KEY, {}))


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    if app.config.numfig:
        numbers = count_items(app.env, doctree)
        if numbers:
            counted(app.env)[app.env.docname] = numbers


class PerNoteNumbers:
    """Stands in for Sphinx's book-wide figure numbering when no toctree is numbered."""

    def __init__(self) -> None:
        self.previous: dict[str, Numbers] | None = None
        self.walk_skipped = False

    def before_sphinx(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Runs before Sphinx's own numbering: keep the old numbers, skip its walk."""
        self.previous = None
        self.walk_skipped = False
        if app.config.numfig and not env.numbered_toctrees:
            self.previous = env.toc_fignumbers
            # Sphinx's walk is skipped when numfig is off; it is back on in after_sphinx,
            # before anything else reads it
            self.walk_skipped = skip_figure_walk(app.config)
        return []

    def after_sphinx(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        if self.previous is None:
            return []
        if self.walk_skipped:
            restore_figure_walk(app.config)
        numbers = {doc: n for doc, n in counted(env).items() if doc in env.all_docs}
        env.toc_fignumbers = numbers
        changed = numbers.keys() | self.previous.keys()
        stale = sorted(doc for doc in changed if numbers.get(doc) != self.previous.get(doc))
        self.previous = None
        return stale


def setup_numbering(app: Sphinx) -> None:
    app.connect("doctree-read", on_doctree_read, priority=900)
    numbering = PerNoteNumbers()
    # Sphinx numbers in its own handler of this event, at the default priority (500)
    app.connect("env-get-updated", numbering.before_sphinx, priority=100)
    app.connect("env-get-updated", numbering.after_sphinx, priority=900)
