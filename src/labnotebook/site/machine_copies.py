"""Readable copies for machines: ``llms.txt`` and a Markdown copy of every note.

* ``<page>.md`` beside every note's page: its front matter as YAML, then its prose, code
  and text outputs (see :mod:`labnotebook.site.markdown`), written when the page is
  written, so an incremental build rewrites exactly the copies whose pages changed;
  the copy of a deleted note is deleted with it.
* ``llms.txt`` at the root (the llmstxt.org format): the book's title, then one line per
  note linking to its Markdown copy, with its abstract.

Each page names its copy in its ``<head>`` (``rel="alternate" type="text/markdown"``).
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from labnotebook.config import get_config
from labnotebook.notes.domain import note_domain
from labnotebook.site.markdown import doctree_to_markdown, escape

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from labnotebook.core.note import NoteMeta

LLMS_FILE = "llms.txt"
HTML_BUILDERS = frozenset({"html", "dirhtml"})


def copy_path(app: Sphinx, docname: str) -> str:
    """The copy's path in the output, beside the page: ``notes/a.html`` gives ``notes/a.md``,
    a folder page (``dirhtml``'s ``notes/a/``) gives ``notes/a/index.md``."""
    uri = app.builder.get_target_uri(docname)
    if not uri or uri.endswith("/"):
        return uri + "index.md"
    return posixpath.splitext(uri)[0] + ".md"


def front_matter(note: NoteMeta) -> str:
    """The fields a reader of the copy needs, as YAML (which quotes what must be quoted)."""
    fields: dict[str, Any] = {
        "title": note.title,
        "label": note.label,
        "kind": note.kind,
        "status": note.status,
        "date": note.date.isoformat(),
    }
    if note.updated:
        fields["updated"] = note.updated.isoformat()
    for name in ("authors", "tags", "papers"):
        if value := getattr(note, name):
            fields[name] = list(value)
    for name in ("abstract", "doi", "license", "language"):
        if value := getattr(note, name):
            fields[name] = value
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10**6)
    return f"---\n{dumped}---\n\n"


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write a note's copy as its page is written (only pages that changed are)."""
    if app.builder.name not in HTML_BUILDERS:
        return
    note = note_domain(app.env).notes.get(docname)
    if note is None:
        return
    target = Path(app.outdir) / copy_path(app, docname)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(front_matter(note) + doctree_to_markdown(doctree), encoding="utf-8")


def on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Delete the copies of removed documents, which Sphinx will never write again."""
    if app.builder.name in HTML_BUILDERS:
        for docname in removed:
            Path(app.outdir, copy_path(app, docname)).unlink(missing_ok=True)
    return []


def llms_entry(app: Sphinx, docname: str, note: NoteMeta, site_url: str) -> str:
    """One note as a link to its copy, and its abstract on the same line."""
    link = copy_path(app, docname)
    if site_url:
        link = site_url.rstrip("/") + "/" + link
    entry = f"- [{escape(note.title)}](<{link.replace('>', '%3E')}>)"
    if note.abstract:
        entry += ": " + escape(" ".join(note.abstract.split()))
    return entry


def llms_text(app: Sphinx) -> str:
    """The ``llms.txt`` file: a title, a summary, and the notes, newest first."""
    notes = note_domain(app.env).notes
    site_url = get_config(app.env).site_url
    ordered = sorted(notes, key=lambda d: (notes[d].date, notes[d].label), reverse=True)
    lines = [f"# {escape(app.config.project)}", ""]
    if app.config.author:
        lines += [f"> A research notebook by {escape(app.config.author)}.", ""]
    # the notes first; the site's own pages (guides, about) after them, as llmstxt.org's
    # "Optional" section, which a reader short of room may skip
    for heading, pages in (("Notes", False), ("Optional", True)):
        chosen = [d for d in ordered if (notes[d].kind == "page") == pages]
        if chosen:
            lines += [f"## {heading}", ""]
            lines += [llms_entry(app, docname, notes[docname], site_url) for docname in chosen]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    Path(app.outdir, LLMS_FILE).write_text(llms_text(app), encoding="utf-8")


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Name the Markdown copy in the page's ``<head>``, so tools that read HTML find it."""
    if pagename not in note_domain(app.env).notes or app.builder.name not in HTML_BUILDERS:
        return
    href = posixpath.basename(copy_path(app, pagename))  # the copy sits beside the page
    link = f'<link rel="alternate" type="text/markdown" href="{html.escape(href)}">\n'
    context["metatags"] = context.get("metatags", "") + link


def setup_machine_copies(app: Sphinx) -> None:
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("build-finished", on_build_finished)
    app.connect("html-page-context", on_html_page_context)
