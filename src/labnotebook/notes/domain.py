"""The ``note`` domain: every note's metadata, keyed by document, merged across workers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from labnotebook import speedups
from labnotebook.core.note import NoteMeta, closest, find_duplicates
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

DOMAIN = "note"
#: what :meth:`NoteDomain.derived` makes
Derived = TypeVar("Derived")


class StateDomain(Domain):
    """A domain that only keeps cross-document state for the parallel merge.

    It resolves no references, and says so: MyST asks every domain to resolve a
    Markdown link, and warns about a domain that does not answer.
    """

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        return None

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []


class PerDocumentData(Domain):
    """A domain whose data is mappings keyed by document, one per ``per_document_keys``.

    Clearing a document and merging a worker's documents is then the same for every
    such domain: each key's entry for that document is dropped or taken over.
    """

    per_document_keys: tuple[str, ...] = ()

    def clear_doc(self, docname: str) -> None:
        for key in self.per_document_keys:
            self.data.setdefault(key, {}).pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in self.per_document_keys:
            ours, theirs = self.data.setdefault(key, {}), otherdata.get(key, {})
            for docname in docnames:
                if docname in theirs:
                    ours[docname] = theirs[docname]


class NoteRefRole(XRefRole):
    """``{note}`label``` or ``{note}`text <label>```: a link to a note by its label."""

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # registered without a domain prefix, so name the domain here for resolve_xref
        node["refdomain"] = DOMAIN
        node["reftype"] = "note"
        return [node], []


class NoteDomain(PerDocumentData):
    """Notes by document, with lookup by label.

    ``data["notes"]`` maps a docname to its :class:`~labnotebook.core.note.NoteMeta`;
    ``data["lines"]`` maps it to the line of its ``label`` field, for warnings;
    ``data["tag_lines"]`` maps it to the line of its ``tags`` field. Figure numbers live
    in their own domain (see :mod:`labnotebook.notes.numbering`), and so does the state
    of the features built on notes: references in
    :class:`~labnotebook.notes.backlinks.BacklinksDomain`, pages that list notes in
    :class:`~labnotebook.notes.listings.ListingsDomain`.
    """

    name = DOMAIN
    label = "Notes"
    object_types: ClassVar[dict[str, ObjType]] = {"note": ObjType("note", "note")}
    roles: ClassVar[dict[str, Any]] = {"note": NoteRefRole()}
    #: every part of ``data`` kept per document
    per_document_keys = ("notes", "lines", "tag_lines")
    initial_data: ClassVar[dict[str, Any]] = {key: {} for key in per_document_keys}
    data_version = 5

    @property
    def notes(self) -> dict[str, NoteMeta]:
        return self.data.setdefault("notes", {})

    @property
    def label_lines(self) -> dict[str, int]:
        return self.data.setdefault("lines", {})

    @property
    def tag_lines(self) -> dict[str, int]:
        """The line of each note's ``tags`` field, for warnings about its tags."""
        return self.data.setdefault("tag_lines", {})

    #: What :meth:`derived` made from the notes, kept until a note is added, cleared or
    #: merged in. Every page asks for some of it (every {note} reference and Markdown link
    #: for the labels, every note's byline for the authors with a page), and making it
    #: goes over every note: made per page, a build grew with the square of the book.
    _derived: dict[str, Any] | None = None

    def clear_doc(self, docname: str) -> None:
        self._derived = None
        super().clear_doc(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._derived = None
        super().merge_domaindata(docnames, otherdata)

    def derived(self, name: str, make: Callable[[dict[str, NoteMeta]], Derived]) -> Derived:
        """``make(notes)``, made once until the notes change: read it, never change it."""
        if not speedups.enabled("derived-note-data"):
            return make(self.notes)
        if self._derived is None:
            self._derived = {}
        if name not in self._derived:
            self._derived[name] = make(self.notes)
        return cast(Derived, self._derived[name])

    def add_note(
        self, docname: str, note: NoteMeta, label_line: int | None, tags_line: int | None = None
    ) -> None:
        self._derived = None
        self.notes[docname] = note
        if label_line is not None:
            self.label_lines[docname] = label_line
        if tags_line is not None:
            self.tag_lines[docname] = tags_line

    def by_label(self) -> dict[str, str]:
        """Label to docname; with duplicates, the first document in sorted order wins.

        Shared until the notes change: read it, never change it.
        """
        return self.derived("labels", labels_of)

    def duplicates(self) -> list[tuple[str, str, str]]:
        """Each ``(label, kept docname, clashing docname)``."""
        return find_duplicates({docname: note.label for docname, note in self.notes.items()})

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element:
        labels = self.by_label()
        docname = labels.get(target)
        if docname is None:
            warn(
                f"{{note}} reference to unknown label {target!r}{closest(target, list(labels))}; "
                "use the label from the note's front matter",
                NoteWarning.UNKNOWN_LABEL,
                location=node,
            )
            # resolved to plain text, so Sphinx does not report the same reference again
            return nodes.inline(target, target, classes=["note-ref-missing"])
        note = self.notes[docname]
        if not node.get("refexplicit"):
            contnode = nodes.inline(note.title, note.title, classes=["note-title"])
        reference = make_refnode(builder, fromdocname, docname, "", contnode, note.title)
        reference["classes"].extend(["note-ref", f"note-status-{note.status}"])
        return reference

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        docname = self.by_label().get(target)
        if docname is None:
            return []
        title = self.notes[docname].title
        return [("note:note", make_refnode(builder, fromdocname, docname, "", contnode, title))]

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        # Each note is in the inventory once, as the ``std:label`` that
        # labnotebook.notes.reading gives it: a second ``note:note`` object of the same
        # name made every untyped ``<inv:book#label>`` link ambiguous in other projects.
        return ()


def labels_of(notes: dict[str, NoteMeta]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for docname in sorted(notes):
        labels.setdefault(notes[docname].label, docname)
    return labels


def note_domain(env: BuildEnvironment) -> NoteDomain:
    """The book's note domain, typed."""
    return cast(NoteDomain, env.get_domain(DOMAIN))
