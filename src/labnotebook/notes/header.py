"""What frames each note on its page: a header under the title, and "Cite this note" at the end.

Both are built as docutils nodes from the note's metadata when the page is written,
so every value is escaped by the writer and every builder can render them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from labnotebook.config import get_config
from labnotebook.core.addresses import permanent_url
from labnotebook.core.citation import KIND_NAMES, format_citation, to_bibtex
from labnotebook.core.pagenames import author_page, tag_page
from labnotebook.notes.authors import authors_registry
from labnotebook.notes.doctree import body_of
from labnotebook.notes.domain import note_domain
from labnotebook.notes.page_language import translate
from labnotebook.notes.tag_pages import authors_with_pages
from labnotebook.project_settings import project_author, site_name

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from labnotebook.core.authors import Author
    from labnotebook.core.note import NoteMeta


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


def status_badge(status: str, language: str = "en") -> nodes.inline:
    text = translate(language, status)
    return nodes.inline(text, text, classes=["note-status", f"note-status-{status}"])


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


def byline(
    app: Sphinx, docname: str, note: NoteMeta, authors: dict[str, Author]
) -> nodes.paragraph:
    """The authors, each linked to their page if they have one, with the role they wrote in."""
    language = note.language
    with_pages = authors_with_pages(app)
    paragraph = nodes.paragraph(classes=["note-authors"])
    paragraph += nodes.Text(translate(language, "By "))
    credits: list[nodes.Node] = []
    for author_id in note.authors:
        name = authors[author_id].name if author_id in authors else author_id
        credit = nodes.inline(classes=["note-credit"])
        if author_id in with_pages:
            credit += link(app, docname, name, author_page(author_id), ["note-author"])
        else:
            # someone who wrote only site pages has no author page to link to
            credit += nodes.inline(name, name, classes=["note-author"])
        role = authors[author_id].role if author_id in authors else ""
        if role:
            # the role says why this person wrote this page (a lab has several members)
            credit += nodes.inline("", f" ({role})", classes=["note-author-role"])
        credits.append(credit)
    paragraph += joined(credits, ", ")
    return paragraph


def header(
    app: Sphinx, docname: str, note: NoteMeta, authors: dict[str, Author]
) -> nodes.container:
    """Status, kind, dates, authors, course, tags and abstract, in that order."""
    block = nodes.container(classes=["note-header"])
    facts = nodes.paragraph(classes=["note-facts"])
    language = note.language
    facts += status_badge(note.status, language)
    facts += nodes.Text(" ")
    facts += nodes.inline("", translate(language, KIND_NAMES[note.kind]), classes=["note-kind"])
    facts += nodes.Text(" · ")
    started = translate(language, "Started {date}", date=note.date.isoformat())
    facts += nodes.inline("", started, classes=["note-date"])
    if note.updated:
        facts += nodes.Text(" · ")
        updated = translate(language, "Updated {date}", date=note.updated.isoformat())
        facts += nodes.inline("", updated, classes=["note-updated"])
    block += facts
    if note.authors:
        block += byline(app, docname, note, authors)
    if note.course is not None:
        course = note.course
        level = f", {course.level}" if course.level else ""
        text = translate(
            language,
            "Course project for {course}",
            course=f"{course.code} {course.name}, {course.institution}{level}",
        )
        block += nodes.paragraph("", text, classes=["note-course"])
    if note.tags:
        tags = nodes.paragraph(classes=["note-tags"])
        tags += nodes.Text(translate(language, "Tags: "))
        tags += joined([link(app, docname, t, tag_page(t), ["note-tag"]) for t in note.tags], " ")
        block += tags
    if note.abstract:
        block += nodes.paragraph("", note.abstract, classes=["note-abstract"])
    return block


def cite_block(
    app: Sphinx, docname: str, note: NoteMeta, authors: dict[str, Author]
) -> nodes.container:
    """A formatted reference and a copyable BibTeX entry for this version of the note."""
    site = site_name(app.config)
    who = project_author(app.config)
    # the permanent address, which survives the note's file being moved or renamed
    site_url = get_config(app.env).site_url
    url = permanent_url(site_url, note.label) if site_url else ""
    block = nodes.container(classes=["note-cite"])
    heading = translate(note.language, "Cite this note")
    block += nodes.rubric(heading, heading)
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
    if note is None:
        return
    authors = authors_registry(app.env) or {}
    body = body_of(doctree)
    if note.kind == "page":
        # a site page has no header or citation, but a lab's pages still say who wrote them
        if note.authors:
            at = next((i for i, c in enumerate(body.children) if isinstance(c, nodes.title)), -1)
            body.insert(at + 1, byline(app, docname, note, authors))
        return
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
