"""Citations and publications from one bibliography.

One module per concept: :mod:`.references` (a reference list for every citing
document), :mod:`.citedby` (the global bibliography and its cited-by lists),
:mod:`.publications` (the publications page), :mod:`.linklint` (links to papers
the bibliography lacks), :mod:`.keys` (duplicate BibTeX keys) and :mod:`.hover`
(previews of citations and note links); :mod:`.linear_domain` fills every
reference list in time linear in the citations. The Sphinx-free parts read ``.bib``
text (:mod:`.source`), paper addresses (:mod:`.paperlinks`) and entries
(:mod:`.entries`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labnotebook.bibliography.chapter import setup_chapter
from labnotebook.bibliography.citedby import setup_cited_by
from labnotebook.bibliography.domain import BibDomain
from labnotebook.bibliography.hover import setup_hover
from labnotebook.bibliography.keys import setup_keys
from labnotebook.bibliography.linear_domain import use_linear_domain
from labnotebook.bibliography.linklint import setup_linklint
from labnotebook.bibliography.publications import setup_publications
from labnotebook.bibliography.references import setup_references
from labnotebook.bibliography.styles import register_styles

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_bibliography(app: Sphinx) -> None:
    """Register the bibliography features.

    They act only in projects that also load ``sphinxcontrib.bibtex``; without it,
    every handler returns at once and the directives explain what is missing.
    """
    register_styles()
    app.add_domain(BibDomain)
    # reference lists filled in time linear in the citations, formatted once
    app.connect("config-inited", use_linear_domain)
    setup_keys(app)
    setup_references(app)
    setup_cited_by(app)
    setup_publications(app)
    setup_linklint(app)
    setup_hover(app)
    setup_chapter(app)
