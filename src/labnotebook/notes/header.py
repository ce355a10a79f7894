"""What frames each note on its page: a header under the title, and "Cite this note" at the end.

Both are built as docutils nodes from the note's metadata when the page is written,
so every value is escaped by the writer and every builder can render them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from labnotebook.config import get_config
from labnotebook.core.citation import KIND_NAMES, format_citation, to_bibtex
from labnotebook.core.pagenames import author_page, tag_page
from labnotebook.notes.backlinks import body_of
from labnotebook.notes.domain import note_domain
from labnotebook.notes.reading import authors_registry
from labnotebook.project_settings import project_author, site_name

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from labnotebook.core.note import Author, NoteMeta


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Make the title from front matter safe, and drop MyST's copy of the abstract.

    MyST renders the front matter ``title`` as Markdown, where inline HTML passes
    through raw: a title is text, so raw HTML in it becomes text (emphasis and math
    stay). The header shows the abstract, so MyST's own block for it goes.
    """
    if app.env.docname not in note_domain(app.env).notes:
        return
    body = body_of(doctree)
    for title in body.children[:1]:
        if isinstance(title, nodes.title):
            for raw in list(title.findall(nodes.raw)):
                raw.replace_self(nodes.Text(raw.astext()))
    for topic in list(doctree.findall(nodes.topic)):
        if "abstract" in topic["classes"]:
            topic.parent.remove(topic)


def status_badge(status: str) -> nodes.inline:
    return nodes.inline(status, status, classes=["note-status", f"note-status-{status}"])


def link(app: Sphinx, fromdoc: str, text: str, page: str, classes: list[str]) -> nodes.Node:
    """A link to a generated page, or plain text for builders without those pages."""
    if app.builder.format != "html":
        return nodes.inline(text, text, classes=classes)
    uri = app.builder.get_relative_uri(fromdoc, page)
    return nodes.reference("", text, internal=True, refuri=uri, classes=classes)


def joined(items: list[nodes.Node], separator: str) -> list[nodes.Node]:
    """The items with ``separator`` text between them."""
    result: list[nodes.Node] = []
    for number, item in enumerate(items):
        if number:
            result.append(nodes.Text(separator))
        result.append(item)
    return result


def header(
    app: Sphinx, docname: str, note: NoteMeta, authors: dict[str, Author]
) -> nodes.container:
    """Status, kind, dates, authors, course, tags and abstract, in that order."""
    block = nodes.container(classes=["note-header"])
    facts = nodes.paragraph(classes=["note-facts"])
    facts += status_badge(note.status)
    facts += nodes.Text(" ")
    facts += nodes.inline("", KIND_NAMES[note.kind], classes=["note-kind"])
    facts += nodes.Text(" · ")
    facts += nodes.inline("", f"Started {note.date.isoformat()}", classes=["note-date"])
    if note.updated:
        facts += nodes.Text(" · ")
        facts += nodes.inline("", f"Updated {note.updated.isoformat()}", classes=["note-updated"])
    block += facts
    if note.authors:
        byline = nodes.paragraph(classes=["note-authors"])
        byline += nodes.Text("By ")
        names = [authors[a].name if a in authors else a for a in note.authors]
        byline += joined(
            [
                link(app, docname, n, author_page(a), ["note-author"])
                for n, a in zip(names, note.authors, strict=True)
            ],
            ", ",
        )
        block += byline
    if note.course is not None:
        course = note.course
        level = f", {course.level}" if course.level else ""
        text = f"Course project for {course.code} {course.name}, {course.institution}{level}"
        block += nodes.paragraph("", text, classes=["note-course"])
    if note.tags:
        tags = nodes.paragraph(classes=["note-tags"])
        tags += nodes.Text("Tags: ")
        tags += joined([link(app, docname, t, tag_page(t), ["note-tag"]) for t in note.tags], " ")
        block += tags
    if note.abstract:
        block += nodes.paragraph("", note.abstract, classes=["note-abstract"])
    return block


def cite_block(
    app: Sphinx, docname: str, note: NoteMeta, authors: dict[str, Author]
) -> nodes.container:
    """A formatted reference and a copyable BibTeX entry for this version of the note."""
    config = get_config(app.env)
    site = site_name(app.config)
    who = project_author(app.config)
    url = ""
    if config.site_url:
        url = config.site_url.rstrip("/") + "/" + app.builder.get_target_uri(docname)
    block = nodes.container(classes=["note-cite"])
    block += nodes.rubric("Cite this note", "Cite this note")
    block += nodes.paragraph(
        "",
        format_citation(note, authors, site=site, url=url, fallback_author=who),
        classes=["note-citation"],
    )
    bibtex = to_bibtex(note, authors, site=site, url=url, fallback_author=who)
    block += nodes.literal_block(bibtex, bibtex, language="bibtex", classes=["note-bibtex"])
    return block


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    note = note_domain(app.env).notes.get(docname)
    if note is None or note.kind == "page":
        return
    authors = authors_registry(app.env) or {}
    body = body_of(doctree)
    title_at = next(
        (i for i, child in enumerate(body.children) if isinstance(child, nodes.title)), -1
    )
    body.insert(title_at + 1, header(app, docname, note, authors))
    body.append(cite_block(app, docname, note, authors))


def setup_header(app: Sphinx) -> None:
    # before Sphinx's TitleCollector (priority 500) records the title
    app.connect("doctree-read", on_doctree_read, priority=400)
    # after the backlinks (priority 600), so the citation block comes last
    app.connect("doctree-resolved", on_doctree_resolved, priority=700)
