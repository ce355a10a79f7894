"""Links to papers the bibliography lacks: a note that links a paper should cite it.

A link to ``arxiv.org/abs/…``, ``doi.org/…``, ``openreview.net/forum?id=…``,
``proceedings.mlr.press/…`` or ``jmlr.org/papers/…`` in a note is a citation in
disguise; when no entry of the bibliography is that paper, the build warns at the
link and names the paper, so the reference lists stay complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.transforms import SphinxTransform

from labnotebook.bibliography.domain import bibtex_of
from labnotebook.bibliography.paperlinks import PaperId, describe, entry_paper_ids, paper_id
from labnotebook.bibliography.references import exact_line
from labnotebook.notes.domain import DOMAIN as NOTE_DOMAIN
from labnotebook.notes.domain import NoteDomain
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinxcontrib.bibtex.domain import BibtexDomain


def known_papers(bibtex: BibtexDomain) -> set[PaperId]:
    """The identifiers of every paper in the bibliography."""
    known: set[PaperId] = set()
    for entry in bibtex.bibdata.data.entries.values():
        known |= entry_paper_ids(entry.fields)
    return known


class PaperLinkCheck(SphinxTransform):
    """Warn at each link in a note to a paper that has no bibliography entry."""

    default_priority = 710

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if docname not in cast(NoteDomain, self.env.get_domain(NOTE_DOMAIN)).notes:
            return
        known: set[PaperId] | None = None
        path = Path(self.env.doc2path(docname))
        for reference in self.document.findall(nodes.reference):
            paper = paper_id(reference.get("refuri", ""))
            if paper is None:
                continue
            if known is None:
                bibtex = bibtex_of(self.env)
                if bibtex is None:
                    return
                known = known_papers(bibtex)
            if paper in known:
                continue
            line = exact_line(path, _line_of(reference), reference["refuri"])
            warn(
                f"link to {describe(paper)} ({reference['refuri']}), a paper the bibliography "
                "does not have: add its entry to the .bib file and cite it with "
                "{cite:p}`key`, so it appears in the note's reference list",
                NoteWarning.PAPER_LINK,
                location=(docname, line),
            )


def _line_of(node: nodes.Node) -> int | None:
    """The line of a node, or of its nearest ancestor that knows its line."""
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return current.line
        current = current.parent
    return None


def setup_linklint(app: Sphinx) -> None:
    app.add_transform(PaperLinkCheck)
