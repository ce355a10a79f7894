"""Reaches into sphinxcontrib-bibtex: a faster domain, its filter, its citation records.

- :func:`replace_domain` puts :class:`labnotebook.bibliography.linear_domain.LinearBibtexDomain`
  in place of the ``cite`` domain. sphinxcontrib-bibtex's ``env_updated`` fills every
  reference list by scanning every citation of the book for every entry, and sorting
  them with ``list.index``: N notes cost N x entries x N steps, a no-op rebuild
  included. UPSTREAM.md, "sphinxcontrib-bibtex: env_updated". With another version the original
  domain is kept: the same lists, built more slowly.
- :func:`evaluate_filter` runs a list's ``:filter:`` with sphinxcontrib-bibtex's own
  private ``_FilterVisitor``, so the faster domain accepts exactly the same filter
  language. It is used only by the replacement domain, so it is guarded with it.
- :func:`prefix_citation_refs` rewrites a document's records in the public
  ``BibtexDomain.citation_refs`` list, so each note's own reference list (keys with
  the note's prefix, :mod:`labnotebook.bibliography.references`) counts the note's
  citations. This uses public names only; it is here so that every write into the
  domain's data is in one place, and the canary test watches its shape. UPSTREAM.md,
  "sphinxcontrib-bibtex: citation records". :func:`keep_plain_citations` adds the
  same records under the plain keys, for a book-wide bibliography page
  (:mod:`labnotebook.bibliography.chapter`).

Checked against sphinxcontrib-bibtex 2.7 (the version the lock installs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    import ast

    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinxcontrib.bibtex.domain import BibtexDomain

CHECKED = Checked("sphinxcontrib-bibtex", ">=2.7,<2.8")


def replace_domain(app: Sphinx, domain: type[BibtexDomain]) -> bool:
    """Register ``domain`` as the ``cite`` domain, if the checked version is installed."""
    if "sphinxcontrib.bibtex" not in app.extensions or not CHECKED.holds():
        return False
    app.add_domain(domain, override=True)
    return True


def evaluate_filter(
    expression: ast.AST, entry: Entry, docname: str, cited_docnames: set[str]
) -> bool:
    """A bibliography's ``:filter:`` for one entry, as sphinxcontrib-bibtex evaluates it.

    Raises ``ValueError`` for an expression sphinxcontrib-bibtex rejects.
    """
    from sphinxcontrib.bibtex.domain import _FilterVisitor

    visitor = _FilterVisitor(entry=entry, docname=docname, cited_docnames=cited_docnames)
    return bool(visitor.visit(expression))


def prefix_citation_refs(bibtex: BibtexDomain, docname: str, prefix: str, known: set[str]) -> None:
    """Give ``docname``'s recorded citations the keys of its own list (``prefix`` + key).

    Targets whose key (case-folded) is not in ``known`` are dropped: they were
    reported as unknown and shown as text.
    """
    refs = bibtex.citation_refs
    for index, ref in enumerate(refs):
        if ref.docname == docname:
            targets = [
                t._replace(key=prefix + t.key) for t in ref.targets if t.key.casefold() in known
            ]
            refs[index] = ref._replace(targets=targets)


def keep_plain_citations(bibtex: BibtexDomain, docname: str, prefix: str) -> None:
    """Record ``docname``'s citations under their plain keys as well as prefixed ones.

    A ``{bibliography}`` block without a prefix (a book's bibliography chapter, on a
    page of its own) then lists what every page cites; citations still link to their
    own page's list, since only the prefixed keys have one there.
    """
    refs = bibtex.citation_refs
    plain = [
        ref._replace(targets=[t._replace(key=t.key.removeprefix(prefix)) for t in ref.targets])
        for ref in refs
        if ref.docname == docname and any(t.key.startswith(prefix) for t in ref.targets)
    ]
    refs.extend(plain)
