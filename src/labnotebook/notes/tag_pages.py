"""Generated HTML pages: one per tag, one per author, and an index of tags.

They are collected pages (``html-collect-pages``) rendered with the theme's page
template; their bodies are the same docutils lists as ``{notelist}``, so they are
escaped by the writer and always built from the current metadata.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from labnotebook.core.pagenames import TAGS_INDEX, author_page, tag_key, tag_page, tag_spellings
from labnotebook.notes.authors import authors_registry
from labnotebook.notes.domain import note_domain
from labnotebook.notes.listings import render, select

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from labnotebook.core.authors import Author
    from labnotebook.core.note import NoteMeta


def render_body(app: Sphinx, content: list[nodes.Node]) -> str:
    """HTML for a list of nodes, through the builder's own writer."""
    container = nodes.container(classes=["note-generated"])
    container.extend(content)
    return app.builder.render_partial(container)["fragment"]  # type: ignore[attr-defined]


def page_context(app: Sphinx, title: str, content: list[nodes.Node]) -> dict[str, Any]:
    # a docutils title needs the per-document state of a written page (figure
    # numbers), which a collected page lacks; the heading is written directly instead
    heading = f'<section id="generated-page">\n<h1>{html.escape(title)}</h1>\n'
    body = heading + render_body(app, content) + "</section>\n"
    return {"title": html.escape(title), "body": body, "display_toc": False}


def listed_notes(app: Sphinx) -> dict[str, NoteMeta]:
    """The notes that tag and author pages list: everything but the site's pages.

    Made once until the notes change (every note's byline asks): read it, never change it.
    """
    return note_domain(app.env).derived("listed", not_pages)


def not_pages(notes: dict[str, NoteMeta]) -> dict[str, NoteMeta]:
    return {docname: note for docname, note in notes.items() if note.kind != "page"}


def authors_with_pages(app: Sphinx) -> frozenset[str]:
    """Everyone who wrote a listed note, and so has an author page."""
    return note_domain(app.env).derived(
        "authors with pages",
        lambda notes: frozenset(a for note in not_pages(notes).values() for a in note.authors),
    )


def tag_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    notes = listed_notes(app)
    # one page per tag, titled with its first spelling (other spellings are warned about)
    spellings = tag_spellings({docname: note.tags for docname, note in notes.items()})
    tags = sorted((tag for tag, _doc in spellings.values()), key=str.casefold)
    for tag in tags:
        page = tag_page(tag)
        chosen = select(notes, tag=tag)
        yield (
            page,
            page_context(app, f"Notes tagged “{tag}”", render(app, page, chosen)),
            "page.html",
        )
    items = nodes.bullet_list(classes=["note-tag-index"])
    for tag in tags:
        count = sum(tag_key(tag) in {tag_key(t) for t in note.tags} for note in notes.values())
        uri = app.builder.get_relative_uri(TAGS_INDEX, tag_page(tag))
        paragraph = nodes.paragraph()
        paragraph += nodes.reference("", tag, internal=True, refuri=uri, classes=["note-tag"])
        paragraph += nodes.Text(f" ({count})")
        items += nodes.list_item("", paragraph)
    yield TAGS_INDEX, page_context(app, "Tags", [items]), "page.html"


def author_intro(author: Author) -> list[nodes.Node]:
    intro: list[nodes.Node] = []
    if author.role:
        intro.append(nodes.paragraph(author.role, author.role, classes=["note-author-role"]))
    paragraph = nodes.paragraph(classes=["note-author-links"])
    if author.homepage:
        paragraph += nodes.reference("", "Homepage", refuri=author.homepage)
    if author.orcid:
        if author.homepage:
            paragraph += nodes.Text(" · ")
        paragraph += nodes.reference(
            "", f"ORCID {author.orcid}", refuri=f"https://orcid.org/{author.orcid}"
        )
    return intro + ([paragraph] if len(paragraph) else [])


def author_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    notes = listed_notes(app)
    registry = authors_registry(app.env) or {}
    for author_id in sorted({a for note in notes.values() for a in note.authors}):
        page = author_page(author_id)
        author = registry.get(author_id)
        name = author.name if author else author_id
        content = (author_intro(author) if author else []) + render(
            app, page, select(notes, author=author_id)
        )
        yield page, page_context(app, f"Notes by {name}", content), "page.html"


def generated_pagenames(app: Sphinx) -> list[str]:
    """The names of every tag and author page, whether or not this build writes them."""
    notes = listed_notes(app)
    tags = {tag_page(tag) for note in notes.values() for tag in note.tags}
    authors = {author_page(a) for note in notes.values() for a in note.authors}
    return sorted(tags | authors | {TAGS_INDEX})


def page_inputs(app: Sphinx) -> str:
    """Everything the generated pages show besides their own lists: the navigation
    (toctrees and titles), the authors registry, the settings of the page head, and the
    templates (Sphinx rewrites every document when a template is newer than its
    page; these pages follow the same rule)."""
    env = app.env
    tree = sorted(env.toctree_includes.items())
    titles = sorted((doc, title.astext()) for doc, title in env.titles.items())
    registry = sorted((authors_registry(env) or {}).items())
    config = app.config
    settings = (
        config.project,
        config.html_title,
        config.language,
        config.html_theme,
        config.html_theme_options,
        config.html_css_files,
        config.html_js_files,
    )
    templates = app.builder.templates.newest_template_mtime()
    return repr((tree, titles, registry, settings, templates))


def on_html_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The tag and author pages, written only when what they show has changed.

    Their content is a function of the listed notes' metadata and of the navigation,
    titles and authors registry, so a digest of those decides; pages of tags or authors
    that no longer exist are removed, as a clean build would not have them.
    """
    outdir = Path(app.outdir)
    suffix = app.builder.out_suffix  # type: ignore[attr-defined]
    # the environment is saved before pages are written, so the record of what was
    # written lives in a file of its own beside the doctrees
    record = Path(app.doctreedir) / "labnotebook-pages.json"
    digest = hashlib.sha256(
        (page_inputs(app) + repr(sorted(listed_notes(app).items()))).encode()
    ).hexdigest()
    try:
        previous = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {"digest": "", "pages": []}
    pages = previous.get("pages", [])
    if previous.get("digest") == digest and all((outdir / (p + suffix)).is_file() for p in pages):
        return
    written = []
    for pagename, context, template in [*tag_pages(app), *author_pages(app)]:
        written.append(pagename)
        yield pagename, context, template
    for gone in set(pages) - set(written):
        (outdir / (gone + suffix)).unlink(missing_ok=True)
    record.write_text(json.dumps({"digest": digest, "pages": written}), encoding="utf-8")


def setup_pages(app: Sphinx) -> None:
    app.connect("html-collect-pages", on_html_collect_pages)
