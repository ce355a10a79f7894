"""A PDF of every note: the "PDF" link on the page, and the stylesheet it prints with.

The PDFs themselves are printed from the built HTML by ``labnotebook pdf`` (see
:mod:`labnotebook.site.printing`), so ``make html`` stays as fast as it was. Each
note's PDF is ``pdf/<label>.pdf`` inside the HTML output: deployed with the site when
the deployment runs ``make pdf`` after ``make html``, so a reader's link works there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from labnotebook.config import get_config
from labnotebook.core.addresses import relative_link
from labnotebook.notes.doctree import body_of
from labnotebook.notes.domain import note_domain
from labnotebook.site.redirects import HTML_FORMATS, target_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Where the PDFs live inside the HTML output.
PDF_FOLDER = "pdf"
#: Blocks the link goes after, when the page has them.
ABOVE = ("note-header", "note-history")


def pdf_file(label: str) -> str:
    """The PDF of the note labelled ``label``, relative to the HTML output."""
    return f"{PDF_FOLDER}/{label}.pdf"


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    note = note_domain(app.env).notes.get(docname)
    if note is None or app.builder.name not in HTML_FORMATS or not get_config(app.env).pdf_links:
        return
    page = target_file(app.builder.get_target_uri(docname))
    link = nodes.reference(
        "", "PDF", refuri=relative_link(page, pdf_file(note.label)), classes=["note-pdf-link"]
    )
    paragraph = nodes.paragraph("", "", classes=["note-pdf"])
    paragraph += nodes.Text("下载：" if note.language == "zh-Hans" else "Download: ")  # noqa: RUF001
    paragraph += link
    body = body_of(doctree)
    at = -1
    for index, child in enumerate(body.children):
        if isinstance(child, nodes.title) and at < 0:
            at = index
        if isinstance(child, nodes.Element) and set(child["classes"]) & set(ABOVE):
            at = index
    body.insert(at + 1, paragraph)


def setup_pdf(app: Sphinx) -> None:
    app.add_css_file("labnotebook-print.css")
    # after the history (710), which goes under the header (700)
    app.connect("doctree-resolved", on_doctree_resolved, priority=720)
