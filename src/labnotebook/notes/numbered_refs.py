"""A reference to another page's number says which page: "(3) in *Note X*".

Under the ``page`` scheme (see :mod:`labnotebook.notes.numbering`) every page has its
own equation (3), so a bare "(3)" pointing elsewhere would read as the citing page's
own. Before Sphinx resolves the references of a page being written, each reference that
shows a number from another ``page``-scheme page is followed by the page's title.
Numbers of the ``chapter`` scheme ("2.3") are unique and stay as they are, unless two
numbered parts both have a chapter 2: then they name their page too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from labnotebook.notes.numbering import NUMBERED_REFERENCES, names_its_page, target_document

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class NamePageOfNumber(SphinxPostTransform):
    """Add the target page's title after references to its page-scheme numbers."""

    # before ReferencesResolver (10), which replaces the pending references
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        if not self.config.numfig:
            return
        for xref in list(self.document.findall(addnodes.pending_xref)):
            kind = (xref.get("refdomain"), xref.get("reftype"))
            if kind not in NUMBERED_REFERENCES:
                continue
            target = target_document(self.env, str(kind[0]), str(xref["reftarget"]))
            if target is None or target == self.env.docname:
                continue
            if target not in self.env.titles or not names_its_page(self.env, target):
                continue
            title = self.env.titles[target].astext()
            qualifier = nodes.inline("", "", classes=["labnotebook-number-page"])
            qualifier += nodes.Text(" in ")
            qualifier += nodes.emphasis(title, title)
            xref.parent.insert(xref.parent.index(xref) + 1, qualifier)


def setup_numbered_refs(app: Sphinx) -> None:
    app.add_post_transform(NamePageOfNumber)
