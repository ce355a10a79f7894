"""Hover previews: a citation shows its full reference, a note link its title, status and abstract.

Everything is in the page when it is built: sphinxcontrib-bibtex already writes a
citation's full reference into its link's ``title`` (``bibtex_tooltips``), and
:class:`NoteLinkPreviews` writes a one-line preview of the linked note into the
``title`` of each note link, and the note's title, status and abstract into a
small JSON block at the end of the page, keyed by the link's address. A small
script (``labnotebook-hover.js``, served from the book) shows them in a preview
box that opens on hover and on keyboard focus and closes on Escape; without the
script, the browser's own tooltip shows the one-line text. Nothing is requested,
at build time or in the page.
"""

from __future__ import annotations

import json
import posixpath
from typing import TYPE_CHECKING, Any, cast
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from labnotebook.notes.domain import DOMAIN as NOTE_DOMAIN
from labnotebook.notes.domain import NoteDomain
from labnotebook.notes.page_language import page_language, translate

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from labnotebook.core.note import NoteMeta

PREVIEW_CLASS = "lnb-note-preview"
NOTE_LINK_CLASSES = frozenset({"note-ref", "lnb-cited-by-link"})
DATA_ID = "lnb-note-previews"


def preview_title(note: NoteMeta, language: str = "en") -> str:
    """The one-line preview of a note, for the browser's own tooltip, in the page's language."""
    text = f"{note.title} ({translate(language, note.status)})"
    return f"{text}: {note.abstract}" if note.abstract else text


def preview_data(note: NoteMeta) -> dict[str, str]:
    return {"title": note.title, "status": note.status, "abstract": note.abstract}


#: For each build's builder: how many notes there were, and each note's docname by its
#: address from the output's root (normalised). Made once per build: making it for every
#: page, as relative addresses, grew with the square of the book (50 s of 1000 notes).
_ADDRESSES: WeakKeyDictionary[Builder, tuple[int, dict[str, str]]] = WeakKeyDictionary()


def linked_note(builder: Builder, notes: dict[str, NoteMeta], page: str, uri: str) -> str | None:
    """The note a link on ``page`` to ``uri`` (relative, as Sphinx writes it) leads to."""
    if "#" in uri or "://" in uri:
        return None  # a section of a page, or another site: no preview
    if uri == "":
        return page if page in notes else None  # Sphinx's address of the page itself
    known = _ADDRESSES.get(builder)
    if known is None or known[0] != len(notes):
        addresses = {posixpath.normpath(builder.get_target_uri(d)): d for d in notes}
        known = _ADDRESSES[builder] = (len(notes), addresses)
    here = posixpath.dirname(builder.get_target_uri(page))
    return known[1].get(posixpath.normpath(posixpath.join(here, uri)))


def json_script(data: dict[str, dict[str, str]]) -> str:
    """A JSON ``<script>`` block that no text inside it can close early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{DATA_ID}">{text}</script>'


class NoteLinkPreviews(SphinxPostTransform):
    """Give each note link its preview: a ``title`` and an entry in the page's JSON."""

    # after Sphinx's ReferencesResolver (10) has turned note references into links
    default_priority = 30
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        notes = cast(NoteDomain, self.env.get_domain(NOTE_DOMAIN)).notes
        previews: dict[str, dict[str, str]] = {}
        language = page_language(self.env, self.env.docname)
        for reference in self.document.findall(nodes.reference):
            if not NOTE_LINK_CLASSES & set(reference["classes"]):
                continue
            uri = reference.get("refuri", "")
            docname = linked_note(self.app.builder, notes, self.env.docname, uri)
            if docname is None:
                continue
            reference["reftitle"] = preview_title(notes[docname], language)
            reference["classes"].append(PREVIEW_CLASS)
            previews[uri] = preview_data(notes[docname])
        if previews:
            self.document += nodes.raw("", json_script(previews), format="html")


def setup_hover(app: Sphinx) -> None:
    app.add_post_transform(NoteLinkPreviews)
    app.add_js_file("labnotebook-hover.js", loading_method="defer")
    app.add_css_file("labnotebook-bib.css")
