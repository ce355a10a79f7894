"""A ``{bibliography}`` page of its own (a Jupyter Book's bibliography chapter).

Every citing page lists its references at its end (see :mod:`.references`); the
plain keys stay cited as well, so a bibliography block without a key prefix, on a
page of its own, lists what the whole book cites. When such a block still lists
nothing, the page would be an empty heading: one warning says so, and where the
book's entries are listed instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labnotebook.bibliography.domain import bibtex_of
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

SHOWN_PAGES = 5
CITED_KEY = "labnotebook_book_wide_cited"


def warn_empty_lists(app: Sphinx, env: BuildEnvironment) -> None:
    """After sphinxcontrib-bibtex filled the lists: report a hand-written one left empty."""
    bibtex = bibtex_of(env)
    if bibtex is None:
        return
    filled = {citation.bibliography_key for citation in bibtex.citations}
    citing = sorted({ref.docname for ref in bibtex.citation_refs if ref.targets})
    for key, bibliography in bibtex.bibliographies.items():
        if bibliography.keyprefix or key in filled:
            continue
        if citing:
            shown = ", ".join(citing[:SHOWN_PAGES]) + (", ..." if len(citing) > SHOWN_PAGES else "")
            where = (
                f"the book's citations are listed at the end of each citing page "
                f"({len(citing)} page(s): {shown}), and its filter selects none of them"
            )
        else:
            where = "no page of the book cites an entry"
        warn(
            f"this bibliography lists no entry, so the page shows an empty list: {where}. "
            "Cite an entry, give the block ':all:' or a ':filter:', or remove it",
            NoteWarning.EMPTY_BIBLIOGRAPHY,
            location=(key.docname, bibliography.line),
        )


def rewrite_book_wide_lists(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages of book-wide lists, when what the book cites changed since the last build.

    Such a list shows what other pages cite, so a citation added to a note changes it
    while its own page is not read again.
    """
    bibtex = bibtex_of(env)
    if bibtex is None:
        return []
    cited = sorted({(ref.docname, t.key) for ref in bibtex.citation_refs for t in ref.targets})
    if bibtex.data.get(CITED_KEY) == cited:
        return []
    bibtex.data[CITED_KEY] = cited
    return sorted(
        {key.docname for key, value in bibtex.bibliographies.items() if not value.keyprefix}
        & env.all_docs.keys()
    )


def setup_chapter(app: Sphinx) -> None:
    # sphinxcontrib-bibtex fills the lists in its handler, at the default priority
    app.connect("env-updated", warn_empty_lists, priority=900)
    app.connect("env-get-updated", rewrite_book_wide_lists)
