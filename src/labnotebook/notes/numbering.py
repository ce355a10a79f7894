"""Figure, table, equation and theorem numbers, per part of the book.

Two schemes, chosen per folder by ``labnotebook_numbering`` (longest prefix wins):

``page``
    Numbers start again at 1 on every page: a research note's first figure is
    "Fig. 1", whatever comes before it in the book. A reference from another page
    names the page, "(3) in *Note X*" (see :mod:`labnotebook.notes.numbered_refs`),
    so the same number on two pages never reads as one item.
``chapter``
    Numbers carry the page's section number from a numbered toctree, "Fig. 2.3"
    on chapter 2, "Fig. 2.1.3" on section 2.1: unique in the whole book, as a numbered
    course wants. A page outside any numbered toctree falls back to ``page``.

A page no folder names takes ``chapter`` when a numbered toctree numbers it, else
``page``. Each page's numbers depend on nothing but the page and its own section
number, so numbering one part of the book (``:numbered:`` on the course's toctree)
never renumbers another.

Sphinx assigns its numbers after every build's reading by walking the whole book and
loading every doctree from disk. Here each document's items are counted while it is
read (its doctree is in memory then), kept in :class:`NumberingDomain`, and handed to
Sphinx in place of its walk. A page is written again when its numbers change, and so is
every page that refers to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import StandardDomain

from labnotebook.config import get_config
from labnotebook.notes.domain import PerDocumentData
from labnotebook.patches.sphinx import restore_figure_walk, skip_figure_walk

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: kind of item ("figure", "table", "displaymath", "proof"...) -> item id -> (number,)
Numbers = dict[str, dict[str, tuple[int, ...]]]
PAGE, CHAPTER = "page", "chapter"
SCHEMES = (PAGE, CHAPTER)
#: the references that show a target's number: (domain, role)
NUMBERED_REFERENCES = frozenset(
    {("std", "numref"), ("math", "eq"), ("math", "numref"), ("prf", "ref")}
)


class NumberingDomain(PerDocumentData):
    """Each document's numbered items and the numbered items it refers to.

    ``data["counted"]``: docname -> :data:`Numbers` counted 1, 2, ... within the page;
    ``data["refers"]``: docname -> the ``(domain, target)`` of its numbered references;
    ``data["shared"]``: the chapter-scheme pages whose section number another page has.
    (A page whose title changes is written again with every page that refers to it by
    :mod:`labnotebook.notes.backlinks`, which keeps "(3) in *Title*" up to date.)
    """

    name = "labnotebook-numbering"
    label = "labnotebook numbering"
    per_document_keys = ("counted", "refers")
    initial_data: ClassVar[dict[str, Any]] = {key: {} for key in per_document_keys}
    data_version = 1

    @property
    def counted(self) -> dict[str, Numbers]:
        return cast(dict[str, Numbers], self.data.setdefault("counted", {}))

    @property
    def refers(self) -> dict[str, frozenset[tuple[str, str]]]:
        return cast(dict[str, frozenset[tuple[str, str]]], self.data.setdefault("refers", {}))

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.reference]]:
        return []  # nothing here to refer to; the domain only keeps state


def numbering_domain(env: BuildEnvironment) -> NumberingDomain:
    return cast(NumberingDomain, env.get_domain(NumberingDomain.name))


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


def numbered_references(doctree: nodes.Node) -> frozenset[tuple[str, str]]:
    """The ``(domain, target)`` of every reference in a document that shows a number."""
    found = set()
    for xref in doctree.findall(addnodes.pending_xref):
        if (xref.get("refdomain"), xref.get("reftype")) in NUMBERED_REFERENCES:
            found.add((str(xref["refdomain"]), str(xref["reftarget"])))
    return frozenset(found)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    if not app.config.numfig:
        return
    domain = numbering_domain(app.env)
    numbers = count_items(app.env, doctree)
    if numbers:
        domain.counted[app.env.docname] = numbers
    refers = numbered_references(doctree)
    if refers:
        domain.refers[app.env.docname] = refers


def scheme_of(env: BuildEnvironment, docname: str) -> str:
    """The numbering scheme that applies to ``docname``: ``page`` or ``chapter``."""
    chosen = folder_scheme(get_config(env).numbering, docname)
    numbered = bool(page_section_number(env, docname))
    if chosen == PAGE or not numbered:
        return PAGE
    return CHAPTER


def folder_scheme(schemes: Mapping[str, str], docname: str) -> str | None:
    """The scheme the longest folder prefix of ``docname`` names, if any."""
    matching = [
        (len(prefix), scheme)
        for prefix, scheme in ((folder.strip("/"), scheme) for folder, scheme in schemes.items())
        if prefix == "" or docname == prefix or docname.startswith(prefix + "/")
    ]
    return max(matching)[1] if matching else None


def page_section_number(env: BuildEnvironment, docname: str) -> tuple[int, ...]:
    """The section number a numbered toctree gives the page itself, or ``()``."""
    return tuple(env.toc_secnumbers.get(docname, {}).get("", ()) or ())


def book_numbers(env: BuildEnvironment) -> dict[str, Numbers]:
    """Every document's final numbers, each under the scheme of its part of the book."""
    result: dict[str, Numbers] = {}
    for docname, counted in numbering_domain(env).counted.items():
        if docname not in env.all_docs:
            continue
        prefix = page_section_number(env, docname) if scheme_of(env, docname) == CHAPTER else ()
        result[docname] = {
            kind: {item: (*prefix, *number) for item, number in items.items()}
            for kind, items in counted.items()
        }
    return result


def shared_section_numbers(env: BuildEnvironment) -> set[str]:
    """Chapter-scheme pages whose section number another page has too.

    Each numbered toctree numbers its entries from 1, so a root page with two numbered
    parts has two chapters 1; their numbers ("1.2") alone would not say which page.
    """
    pages: dict[tuple[int, ...], set[str]] = {}
    for docname in env.toc_secnumbers:
        if docname in env.all_docs and scheme_of(env, docname) == CHAPTER:
            pages.setdefault(page_section_number(env, docname), set()).add(docname)
    return {doc for docs in pages.values() if len(docs) > 1 for doc in docs}


def names_its_page(env: BuildEnvironment, docname: str) -> bool:
    """Whether a reference from elsewhere to a number on ``docname`` names the page."""
    shared = numbering_domain(env).data.get("shared", set())
    return scheme_of(env, docname) == PAGE or docname in shared


def target_document(env: BuildEnvironment, domain: str, target: str) -> str | None:
    """The document holding the numbered item a reference names."""
    if domain == "std":
        std = env.domains.standard_domain
        found = std.labels.get(target) or std.anonlabels.get(target)
        return found[0] if found else None
    if domain == "prf":
        # sphinx-proof keeps its theorems on the environment
        proof = getattr(env, "proof_list", {}).get(target)
        return str(proof["docname"]) if proof else None
    equations = getattr(env.get_domain("math"), "equations", {})
    found_equation = equations.get(target)
    return found_equation[0] if found_equation else None


class BookNumbers:
    """Stands in for Sphinx's book-wide numbering at every build."""

    def __init__(self) -> None:
        self.previous: dict[str, Numbers] | None = None
        self.shared_before: set[str] = set()
        self.walk_skipped = False

    def before_sphinx(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Runs before Sphinx's own numbering: keep the old numbers, skip its walk."""
        self.previous = None
        self.walk_skipped = False
        if app.config.numfig:
            self.previous = env.toc_fignumbers
            self.shared_before = set(numbering_domain(env).data.get("shared", set()))
            # Sphinx's walk is skipped when numfig is off (its section numbers are still
            # assigned); numfig is back on in after_sphinx, before anything reads it
            self.walk_skipped = skip_figure_walk(app.config)
        return []

    def after_sphinx(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Number the book; the pages to write again: changed numbers and their readers."""
        if self.previous is None:
            return []
        if self.walk_skipped:
            restore_figure_walk(app.config)
        numbers = book_numbers(env)
        env.toc_fignumbers = numbers
        # found once per build, for every page's references (names_its_page)
        shared = shared_section_numbers(env)
        numbering_domain(env).data["shared"] = shared
        documents = numbers.keys() | self.previous.keys()
        changed = {doc for doc in documents if numbers.get(doc) != self.previous.get(doc)}
        changed |= shared ^ self.shared_before
        self.previous = None
        readers = {
            reader
            for reader, targets in numbering_domain(env).refers.items()
            if reader in env.all_docs
            and any(target_document(env, *target) in changed for target in targets)
        }
        return sorted((changed | readers) & env.all_docs.keys())


def setup_numbering(app: Sphinx) -> None:
    app.add_domain(NumberingDomain)
    app.connect("doctree-read", on_doctree_read, priority=900)
    numbering = BookNumbers()
    # Sphinx numbers in its own handler of this event, at the default priority (500)
    app.connect("env-get-updated", numbering.before_sphinx, priority=100)
    app.connect("env-get-updated", numbering.after_sphinx, priority=900)
