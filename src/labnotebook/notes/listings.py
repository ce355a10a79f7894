"""Generated lists of notes: the ``{notelist}`` directive, filled from metadata at write time.

The directive leaves a placeholder node; once every document has been read, the
placeholder is replaced by the list, newest first, built as docutils nodes. Pages
holding a list are recorded in :class:`ListingsDomain`, so they are rewritten whenever
the metadata of any note changes, even when they were not read again.
"""

from __future__ import annotations

import html
from collections.abc import Set
from itertools import groupby
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from labnotebook.core.citation import KIND_NAMES
from labnotebook.core.note import KINDS, STATUSES, NoteMeta
from labnotebook.core.pagenames import tag_key, tag_page, tag_spellings
from labnotebook.notes.domain import StateDomain, note_domain
from labnotebook.notes.page_language import page_language, translate

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

GROUPINGS = ("course", "year", "kind")


class ListingsDomain(StateDomain):
    """The pages that list notes, which any change to a note's metadata makes stale.

    ``data["pages"]`` holds each page with a ``{notelist}`` or ``{tagcloud}``,
    recorded as it is read and merged from parallel readers; ``data["notes_before"]``
    is every note's metadata as it was before this build's reading and ``data["read"]``
    the documents this build reads; both are dropped once reading is done.
    """

    name = "listings"
    label = "Note listings"
    initial_data: ClassVar[dict[str, Any]] = {"pages": {}}
    data_version = 1

    @property
    def pages(self) -> dict[str, bool]:
        return self.data.setdefault("pages", {})

    def add_page(self, docname: str) -> None:
        self.pages[docname] = True

    def keep_notes_before(self, notes: dict[str, NoteMeta]) -> None:
        self.data["notes_before"] = notes

    def pop_notes_before(self) -> dict[str, NoteMeta] | None:
        return cast("dict[str, NoteMeta] | None", self.data.pop("notes_before", None))

    def keep_read(self, docnames: Iterable[str]) -> None:
        self.data["read"] = set(docnames)

    def pop_read(self) -> set[str]:
        return cast(set[str], self.data.pop("read", set()))

    def clear_doc(self, docname: str) -> None:
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        theirs = otherdata.get("pages", {})
        for docname in docnames:
            if docname in theirs:
                self.pages[docname] = theirs[docname]


def listings_domain(env: BuildEnvironment) -> ListingsDomain:
    """The book's listings domain, typed."""
    return cast(ListingsDomain, env.get_domain(ListingsDomain.name))


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Remember every note's metadata as it was, to compare once reading is done."""
    listings_domain(env).keep_notes_before(dict(note_domain(env).notes))
    return []


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    listings_domain(env).keep_read(docnames)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The listing pages not read in this build, when any note's metadata changed."""
    domain = listings_domain(env)
    before = domain.pop_notes_before()
    read = domain.pop_read()
    if before is None or before == note_domain(env).notes:
        return []
    return sorted((set(domain.pages) & set(env.all_docs)) - read)


class note_list(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a list of notes; its attributes are the directive's filters."""


def newest_first(notes: Iterable[tuple[str, NoteMeta]]) -> list[tuple[str, NoteMeta]]:
    """Most recently changed first; ties by title, then docname, for a stable order."""
    by_title = sorted(notes, key=lambda item: (item[1].title.casefold(), item[0]))
    return sorted(by_title, key=lambda item: item[1].last_changed, reverse=True)


def select(
    notes: dict[str, NoteMeta],
    *,
    kinds: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
    tag: str = "",
    author: str = "",
) -> list[tuple[str, NoteMeta]]:
    """The notes matching every given filter, newest first."""
    chosen = [
        (docname, note)
        for docname, note in notes.items()
        if (not kinds or note.kind in kinds)
        and (not statuses or note.status in statuses)
        and (not tag or tag_key(tag) in {tag_key(t) for t in note.tags})
        and (not author or author in note.authors)
    ]
    return newest_first(chosen)


class NoteListDirective(SphinxDirective):
    """``{notelist}``: notes filtered by kind, status, tag or author, optionally grouped."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "kind": directives.unchanged_required,
        "status": directives.unchanged_required,
        "tag": directives.unchanged_required,
        "author": directives.unchanged_required,
        "limit": directives.positive_int,
        "group-by": lambda value: directives.choice(value, GROUPINGS),
    }

    def run(self) -> list[nodes.Node]:
        kinds = tuple(k.strip() for k in self.options.get("kind", "").split(",") if k.strip())
        statuses = tuple(s.strip() for s in self.options.get("status", "").split(",") if s.strip())
        for value, valid, option in ((kinds, KINDS, "kind"), (statuses, STATUSES, "status")):
            unknown = [v for v in value if v not in valid]
            if unknown:
                raise self.error(
                    f"notelist :{option}: {unknown[0]!r} is not one of {', '.join(valid)}"
                )
        listings_domain(self.env).add_page(self.env.docname)
        placeholder = note_list(
            kinds=kinds,
            statuses=statuses,
            tag=self.options.get("tag", ""),
            author=self.options.get("author", ""),
            limit=self.options.get("limit", 0),
            group_by=self.options.get("group-by", ""),
        )
        self.set_source_info(placeholder)
        return [placeholder]


class tag_cloud(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for the links to every tag page, with how many notes carry each tag."""


class TagCloudDirective(SphinxDirective):
    """``{tagcloud}``: every tag of every note, linked to its page."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        listings_domain(self.env).add_page(self.env.docname)
        placeholder = tag_cloud()
        self.set_source_info(placeholder)
        return [placeholder]


#: A tag wall longer than this is folded: on a phone 29 chips filled the first screen.
TAGS_UNFOLDED = 12
#: The most used tags, shown above the folded wall.
TOP_TAGS = 8


def render_tags(app: Sphinx, fromdoc: str, notes: dict[str, NoteMeta]) -> nodes.Element:
    # one entry per tag, under its first spelling, however the notes spell it
    spellings = tag_spellings({docname: note.tags for docname, note in notes.items()})
    counts: dict[str, int] = {}
    for note in notes.values():
        for key in {tag_key(tag) for tag in note.tags}:
            tag = spellings[key][0]
            counts[tag] = counts.get(tag, 0) + 1
    cloud = tag_paragraph(app, fromdoc, sorted(counts, key=str.casefold), counts)
    cloud["classes"].append("note-tag-cloud")
    if app.builder.format != "html" or len(counts) <= TAGS_UNFOLDED:
        return cloud
    # the most used tags, then every tag in a <details> a reader opens
    top = sorted(counts, key=lambda tag: (-counts[tag], tag.casefold()))[:TOP_TAGS]
    shown = tag_paragraph(app, fromdoc, top, counts)
    shown["classes"].append("note-tag-top")
    language = page_language(app.env, fromdoc)
    summary = html.escape(translate(language, "All {count} tags", count=str(len(counts))))
    folded = nodes.container(classes=["note-tag-wall"])
    folded += shown
    folded += nodes.raw(
        "", f'<details class="note-tag-all"><summary>{summary}</summary>', format="html"
    )
    folded += cloud
    folded += nodes.raw("", "</details>", format="html")
    return folded


def tag_paragraph(
    app: Sphinx, fromdoc: str, tags: list[str], counts: dict[str, int]
) -> nodes.paragraph:
    """``tags``, each with its count, linked to its page in HTML."""
    paragraph = nodes.paragraph()
    for number, tag in enumerate(tags):
        if number:
            paragraph += nodes.Text(" ")
        label = f"{tag} ({counts[tag]})"
        if app.builder.format == "html":
            uri = app.builder.get_relative_uri(fromdoc, tag_page(tag))
            paragraph += nodes.reference("", label, internal=True, refuri=uri, classes=["note-tag"])
        else:
            paragraph += nodes.Text(label)
    return paragraph


def language_classes(app: Sphinx, note: NoteMeta) -> list[str]:
    """Mark a title written in another language than the page (docutils writes ``lang``)."""
    return [] if note.language == (app.config.language or "en") else [f"language-{note.language}"]


def entry(app: Sphinx, fromdoc: str, docname: str, note: NoteMeta) -> nodes.list_item:
    """One note in a list: linked title and status, then kind, date and tags."""
    title = nodes.paragraph(classes=["note-list-title"])
    title += nodes.reference(
        "",
        note.title,
        internal=True,
        refuri=app.builder.get_relative_uri(fromdoc, docname),
        classes=language_classes(app, note),
    )
    title += nodes.Text(" ")
    title += nodes.inline(
        note.status, note.status, classes=["note-status", f"note-status-{note.status}"]
    )
    facts = nodes.paragraph(classes=["note-list-facts"])
    facts += nodes.Text(f"{KIND_NAMES[note.kind]} · updated {note.last_changed.isoformat()}")
    if note.tags:
        facts += nodes.Text(" · ")
        for number, tag in enumerate(note.tags):
            if number:
                facts += nodes.Text(" ")
            if app.builder.format == "html":
                uri = app.builder.get_relative_uri(fromdoc, tag_page(tag))
                facts += nodes.reference("", tag, internal=True, refuri=uri, classes=["note-tag"])
            else:
                facts += nodes.Text(tag)
    return nodes.list_item("", title, facts)


def group_key(group_by: str, note: NoteMeta) -> str:
    if group_by == "course":
        course = note.course
        return f"{course.code} {course.name}, {course.institution}" if course else "Other"
    if group_by == "year":
        return str(note.last_changed.year)
    return KIND_NAMES[note.kind]


def render(
    app: Sphinx,
    fromdoc: str,
    chosen: list[tuple[str, NoteMeta]],
    *,
    group_by: str = "",
) -> list[nodes.Node]:
    """The list as nodes: one bullet list, or a rubric and a list per group."""
    if not chosen:
        return [nodes.paragraph("", "No notes yet.", classes=["note-list-empty"])]

    def bullets(items: Iterable[tuple[str, NoteMeta]]) -> nodes.bullet_list:
        return nodes.bullet_list(
            "", *(entry(app, fromdoc, d, n) for d, n in items), classes=["note-list"]
        )

    if not group_by:
        return [bullets(chosen)]
    keyed = sorted(chosen, key=lambda item: group_key(group_by, item[1]))
    if group_by == "year":
        keyed.reverse()
    rendered: list[nodes.Node] = []
    for key, items in groupby(keyed, key=lambda item: group_key(group_by, item[1])):
        rendered += [
            nodes.rubric(key, key, classes=["note-list-group"]),
            bullets(newest_first(items)),
        ]
    return rendered


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    notes = note_domain(app.env).notes
    for placeholder in list(doctree.findall(note_list)):
        chosen = select(
            notes,
            kinds=placeholder["kinds"],
            statuses=placeholder["statuses"],
            tag=placeholder["tag"],
            author=placeholder["author"],
        )
        if placeholder["limit"]:
            chosen = chosen[: placeholder["limit"]]
        placeholder.replace_self(render(app, docname, chosen, group_by=placeholder["group_by"]))
    for placeholder in list(doctree.findall(tag_cloud)):
        # as on the tag pages, the site's own pages are not counted
        listed = {d: n for d, n in notes.items() if n.kind != "page"}
        placeholder.replace_self(render_tags(app, docname, listed))


def visit_skip(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup_listings(app: Sphinx) -> None:
    # the placeholder never reaches a writer; if it did, it renders as nothing
    skip = (visit_skip, None)
    for node in (note_list, tag_cloud):
        app.add_node(node, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_domain(ListingsDomain)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-updated", on_env_updated)
    app.add_directive("notelist", NoteListDirective)
    app.add_directive("tagcloud", TagCloudDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
