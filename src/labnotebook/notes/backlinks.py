"""Backlinks: every note ends with the documents that reference it.

References are collected per document when it is read ({note}, {ref}, {doc} and
Markdown links to other documents), resolved to documents once every document has
been read, and rendered when a note is written. Incremental builds stay exact: after
reading, the documents whose backlinks or link texts changed are handed
back to Sphinx to be rewritten, and nothing else is.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.util import docname_join

from labnotebook.notes.doctree import body_of
from labnotebook.notes.domain import DOMAIN, StateDomain, note_domain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from labnotebook.core.note import NoteMeta

Reference = tuple[str, str]
"""``(kind, target)``: kind is ``note`` (a label), ``doc`` (a docname) or ``label``."""


class Snapshot(TypedDict):
    """The book as it was before reading, kept from ``env-get-outdated`` to ``env-updated``."""

    notes: dict[str, NoteMeta]
    backlinks: dict[str, tuple[str, ...]]
    removed: set[str]
    read: set[str]
    titles: dict[str, str]


class BacklinksDomain(StateDomain):
    """The references each document makes, and the backlinks resolved from them.

    ``data["refs"]`` maps a document to the references it makes, recorded as it is
    read and merged from parallel readers; ``data["backlinks"]`` maps a document to
    the documents referencing it, computed in the main process once reading is done;
    ``data["snapshot"]`` is the book before this build's reading, dropped afterwards.
    References are recorded at ``doctree-read`` rather than in ``process_doc``, which
    runs earlier: the note header drops MyST's copy of the abstract at ``doctree-read``,
    and links inside that copy are not the note's references.
    """

    name = "backlinks"
    label = "Backlinks"
    initial_data: ClassVar[dict[str, Any]] = {"refs": {}, "backlinks": {}}
    data_version = 1

    @property
    def refs(self) -> dict[str, frozenset[Reference]]:
        return self.data.setdefault("refs", {})

    @property
    def backlinks(self) -> dict[str, tuple[str, ...]]:
        return self.data.setdefault("backlinks", {})

    @backlinks.setter
    def backlinks(self, links: dict[str, tuple[str, ...]]) -> None:
        self.data["backlinks"] = links

    def keep_snapshot(self, snapshot: Snapshot) -> None:
        self.data["snapshot"] = snapshot

    def snapshot(self) -> Snapshot | None:
        return cast("Snapshot | None", self.data.get("snapshot"))

    def pop_snapshot(self) -> Snapshot | None:
        return cast("Snapshot | None", self.data.pop("snapshot", None))

    def clear_doc(self, docname: str) -> None:
        self.refs.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the references of the documents a worker read; backlinks come after."""
        theirs = otherdata.get("refs", {})
        for docname in docnames:
            if docname in theirs:
                self.refs[docname] = theirs[docname]


def backlinks_domain(env: BuildEnvironment) -> BacklinksDomain:
    """The book's backlinks domain, typed."""
    return cast(BacklinksDomain, env.get_domain(BacklinksDomain.name))


def references_in(doctree: nodes.document, docname: str) -> frozenset[Reference]:
    """Every reference a document makes to another document, unresolved."""
    found: set[Reference] = set()
    for node in doctree.findall(addnodes.pending_xref):
        domain, kind = node.get("refdomain"), node.get("reftype")
        target = node.get("reftarget", "")
        if not target:
            continue
        if domain == DOMAIN:
            found.add(("note", target))
        elif domain == "std" and kind == "ref":
            found.add(("label", target.lower()))
        elif domain == "std" and kind == "doc":
            found.add(("doc", docname_join(docname, target)))
        elif domain == "doc" and kind == "myst":
            found.add(("doc", target))  # a Markdown link to a file, already a docname
        elif domain is None and kind == "myst":
            found.add(("label", target.removeprefix("#").lower()))
    return frozenset(found)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Record the references the document just read makes."""
    env = app.env
    refs = references_in(doctree, env.docname)
    if refs:
        backlinks_domain(env).refs[env.docname] = refs


def resolve(env: BuildEnvironment, labels: dict[str, str], reference: Reference) -> str | None:
    """The document a reference points at, or ``None`` if it points nowhere known."""
    kind, target = reference
    if kind == "note":
        return labels.get(target)
    if kind == "doc":
        return target if target in env.all_docs else None
    std = env.domains.standard_domain
    hit = std.labels.get(target) or std.anonlabels.get(target)
    if hit:
        return cast(str, hit[0])
    return labels.get(target)


def backlink_map(env: BuildEnvironment) -> dict[str, tuple[str, ...]]:
    """For each referenced document, the other documents referencing it, sorted."""
    labels = note_domain(env).by_label()
    sources: dict[str, set[str]] = {}
    for source, refs in backlinks_domain(env).refs.items():
        for reference in refs:
            target = resolve(env, labels, reference)
            if target is not None and target != source:
                sources.setdefault(target, set()).add(source)
    return {target: tuple(sorted(found)) for target, found in sources.items()}


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Remember the notes and backlinks as they were, to compare once reading is done."""
    domain = backlinks_domain(env)
    domain.keep_snapshot(
        Snapshot(
            notes=dict(note_domain(env).notes),
            backlinks=dict(domain.backlinks),
            removed=set(removed),
            read=set(),
            titles={},
        )
    )
    return []


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    snapshot = backlinks_domain(env).snapshot()
    if snapshot is not None:
        snapshot["read"] = set(docnames)
        # the titles as they were: a backlink shows its source's title
        snapshot["titles"] = {d: env.titles[d].astext() for d in docnames if d in env.titles}


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Compute the backlinks, and return the unread documents whose output they change."""
    domain = backlinks_domain(env)
    new_links = backlink_map(env)
    domain.backlinks = new_links
    snapshot = domain.pop_snapshot()
    if snapshot is None:
        return []
    stale = outdated_by_change(
        old_notes=snapshot["notes"],
        new_notes=note_domain(env).notes,
        old_links=snapshot["backlinks"],
        new_links=new_links,
        retitled=retitled(env, snapshot["read"], snapshot["titles"]) | snapshot["removed"],
    )
    return sorted((stale & set(env.all_docs)) - snapshot["read"])


def retitled(env: BuildEnvironment, read: set[str], old_titles: dict[str, str]) -> set[str]:
    """The documents read in this build whose title is not what it was."""
    return {
        doc
        for doc in read
        if doc not in env.titles or old_titles.get(doc) != env.titles[doc].astext()
    }


def outdated_by_change(
    *,
    old_notes: dict[str, NoteMeta],
    new_notes: dict[str, NoteMeta],
    old_links: dict[str, tuple[str, ...]],
    new_links: dict[str, tuple[str, ...]],
    retitled: set[str],
) -> set[str]:
    """The documents whose rendered output depends on what changed.

    - a document whose list of backlinks changed;
    - the targets of a retitled or removed document, or of a note whose metadata
      changed (their backlink lists show its title, kind and language);
    - the referrers of a note whose metadata changed ({note} links show its title
      and status).

    The pages that list notes are :mod:`labnotebook.notes.listings`' to rewrite.
    """
    stale = {
        doc
        for doc in old_links.keys() | new_links.keys()
        if old_links.get(doc) != new_links.get(doc)
    }
    changed_notes = {
        doc
        for doc in old_notes.keys() | new_notes.keys()
        if old_notes.get(doc) != new_notes.get(doc)
    }
    # a backlink shows its source's title, and a note's kind and language
    shown_differently = retitled | changed_notes
    for target in old_links.keys() | new_links.keys():
        sources = set(old_links.get(target, ())) | set(new_links.get(target, ()))
        if shown_differently & sources:
            stale.add(target)
    for doc in changed_notes:
        stale.update(old_links.get(doc, ()), new_links.get(doc, ()))
    return stale


def backlinks_section(app: Sphinx, docname: str, sources: Iterable[str]) -> nodes.container | None:
    """The "Referenced by" block for ``docname``, or ``None`` if nothing references it."""
    env = app.env
    notes = note_domain(env).notes
    items = nodes.bullet_list()
    for source in sources:
        note = notes.get(source)
        title = (
            note.title if note else env.titles[source].astext() if source in env.titles else source
        )
        language = note.language if note else ""
        reference = nodes.reference(
            "",
            "",
            nodes.Text(title),
            internal=True,
            refuri=app.builder.get_relative_uri(docname, source),
            classes=[f"language-{language}"] if language and language != "en" else [],
        )
        paragraph = nodes.paragraph("", "", reference)
        if note is not None:
            paragraph += nodes.Text(" ")
            paragraph += nodes.inline(note.kind, note.kind.replace("-", " "), classes=["note-kind"])
        items += nodes.list_item("", paragraph)
    if not len(items):
        return None
    block = nodes.container(classes=["note-backlinks"])
    block += nodes.rubric("Referenced by", "Referenced by")
    block += items
    return block


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Append "Referenced by" to every note that is referenced."""
    if docname not in note_domain(app.env).notes:
        return
    sources = backlinks_domain(app.env).backlinks.get(docname, ())
    block = backlinks_section(app, docname, sources)
    if block is not None:
        body_of(doctree).append(block)


def setup_backlinks(app: Sphinx) -> None:
    app.add_domain(BacklinksDomain)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-updated", on_env_updated)
    # after the note's own content is final, before the citation block is added
    app.connect("doctree-resolved", on_doctree_resolved, priority=600)
