"""sphinxcontrib-bibtex's domain with a cross-document step linear in the citations.

Every citing note has a reference list of its own (see :mod:`.references`), and
once every document is read sphinxcontrib-bibtex's ``env_updated`` fills each list.
For each list it looks at every entry of the ``.bib`` files and, for each entry,
scans every citation of the book to find who cites it; then it sorts every citation
of the book by document position (``list.index``) to order the list; then it
formats the list's entries anew. With N notes that is N x entries x N steps and N
formatted entries at every build, a no-op rebuild included.

:class:`LinearBibtexDomain` gives the same lists from one index built per update:
who cites each key, and where each key is first cited. Formatted entries are kept
across builds (:mod:`.format_cache`). Everything else, including the warnings and
the resolution of ``{cite}`` roles, is sphinxcontrib-bibtex's own. Outside its
``env_updated``, the domain answers exactly as its base class.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import pybtex.plugin
from pybtex.richtext import Tag
from pybtex.style import FormattedEntry
from pybtex.style.template import FieldIsMissing
from sphinx.util import logging
from sphinxcontrib.bibtex.domain import BibtexDomain

from labnotebook.bibliography.format_cache import FormattedEntryCache, Stamp
from labnotebook.patches.sphinxcontrib_bibtex import evaluate_filter, replace_domain

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.style.formatting import BaseStyle
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinxcontrib.bibtex.directives import BibliographyKey
    from sphinxcontrib.bibtex.roles import CitationRef

logger = logging.getLogger(__name__)

CACHE_KEY = "labnotebook_formatted"
# the filter of every automatic reference list, and sphinxcontrib-bibtex's default
CITED_FILTER = ast.dump(ast.parse("cited"))


@dataclass
class CitationIndex:
    """Who cites each key, and the order in which keys are first cited.

    Built from sphinxcontrib-bibtex's citation records in one pass; keys are the
    cited (prefixed) keys, compared exactly as sphinxcontrib-bibtex compares them.
    """

    refs: list[CitationRef]
    citing: dict[str, set[str]] = field(default_factory=dict)
    # the ranks for the last ``docnames`` list asked about (one list per update)
    _first_cited: tuple[list[str], dict[str, int]] | None = None

    @classmethod
    def of(cls, refs: list[CitationRef]) -> CitationIndex:
        citing: defaultdict[str, set[str]] = defaultdict(set)
        for ref in refs:
            for target in ref.targets:
                citing[target.key].add(ref.docname)
        return cls(refs=refs, citing=dict(citing))

    def first_cited(self, docnames: list[str]) -> dict[str, int]:
        """The rank of each key's first citation, documents taken in ``docnames`` order."""
        if self._first_cited is not None and self._first_cited[0] is docnames:
            return self._first_cited[1]
        position = {docname: index for index, docname in enumerate(docnames)}
        ranks: dict[str, int] = {}
        # a stable sort, as sphinxcontrib-bibtex's: a document's citations keep their order
        for ref in sorted(self.refs, key=lambda r: position.get(r.docname, len(position))):
            for target in ref.targets:
                ranks.setdefault(target.key, len(ranks))
        self._first_cited = (docnames, ranks)
        return ranks


def bibfiles_stamp(domain: BibtexDomain) -> Stamp:
    bibdata = domain.bibdata
    files = tuple(sorted((str(path), bib.mtime) for path, bib in bibdata.bibfiles.items()))
    return bibdata.encoding, files


class LinearBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's ``cite`` domain, filling every reference list in linear time."""

    _index: CitationIndex | None = None
    _styles: dict[str, BaseStyle]

    @property
    def format_cache(self) -> FormattedEntryCache:
        cache = self.data.get(CACHE_KEY)
        if not isinstance(cache, FormattedEntryCache):
            cache = self.data[CACHE_KEY] = FormattedEntryCache()
        return cache

    def env_updated(self) -> Iterable[str]:
        self._index = CitationIndex.of(self.citation_refs)
        self._styles = {}
        self.format_cache.renew(bibfiles_stamp(self))
        try:
            return super().env_updated()
        finally:
            self._index = None
            self._styles = {}

    def get_filtered_entries(
        self, bibliography_key: BibliographyKey
    ) -> Iterable[tuple[str, Entry]]:
        if self._index is None:
            return super().get_filtered_entries(bibliography_key)
        return self._indexed_filtered_entries(bibliography_key, self._index)

    def _indexed_filtered_entries(
        self, bibliography_key: BibliographyKey, index: CitationIndex
    ) -> Iterator[tuple[str, Entry]]:
        bibliography = self.bibliographies[bibliography_key]
        only_cited = ast.dump(bibliography.filter_) == CITED_FILTER
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited_docnames = index.citing.get(key, set())
            if only_cited:
                selected = bool(cited_docnames)
            else:
                selected = self._evaluate_filter(bibliography_key, entry, cited_docnames)
            if selected or entry.key in bibliography.keys:
                yield key, entry

    def _evaluate_filter(
        self, bibliography_key: BibliographyKey, entry: Entry, cited_docnames: set[str]
    ) -> bool:
        """A list's ``:filter:`` for one entry, reported as sphinxcontrib-bibtex reports it."""
        bibliography = self.bibliographies[bibliography_key]
        try:
            return evaluate_filter(
                bibliography.filter_, entry, bibliography_key.docname, cited_docnames
            )
        except ValueError as err:
            logger.warning(
                "syntax error in :filter: expression; %s" % err,  # noqa: UP031 (its wording)
                location=(bibliography_key.docname, bibliography.line),
                type="bibtex",
                subtype="filter_syntax_error",
            )
            return bool(cited_docnames)

    def get_sorted_entries(
        self, bibliography_key: BibliographyKey, docnames: list[str]
    ) -> Iterable[tuple[str, Entry]]:
        if self._index is None:
            return super().get_sorted_entries(bibliography_key, docnames)
        # cited keys first, in order of first citation; then the others in file order
        ranks = self._index.first_cited(docnames)
        entries = list(dict(self.get_filtered_entries(bibliography_key)).items())
        unranked = len(ranks)
        order = sorted(range(len(entries)), key=lambda i: (ranks.get(entries[i][0], unranked), i))
        return [entries[i] for i in order]

    def _style(self, name: str) -> BaseStyle:
        style = self._styles.get(name)
        if style is None:
            style_class = pybtex.plugin.find_plugin("pybtex.style.formatting", name)
            style = self._styles[name] = cast("BaseStyle", style_class())
        return style

    def get_formatted_entries(
        self,
        bibliography_key: BibliographyKey,
        docnames: list[str],
        tooltips: bool,
        tooltips_style: str,
    ) -> Iterable[tuple[Entry, FormattedEntry, FormattedEntry | None]]:
        if self._index is None:
            return super().get_formatted_entries(
                bibliography_key, docnames, tooltips, tooltips_style
            )
        return self._cached_formatted_entries(bibliography_key, docnames, tooltips, tooltips_style)

    def _cached_formatted_entries(
        self,
        bibliography_key: BibliographyKey,
        docnames: list[str],
        tooltips: bool,
        tooltips_style: str,
    ) -> Iterator[tuple[Entry, FormattedEntry, FormattedEntry | None]]:
        bibliography = self.bibliographies[bibliography_key]
        entries = dict(self.get_sorted_entries(bibliography_key, docnames))
        style = self._style(bibliography.style)
        tooltip_name = (tooltips_style or bibliography.style) if tooltips else ""
        cache = self.format_cache
        sorted_entries = style.sort(entries.values())
        labels = style.format_labels(sorted_entries)
        # as sphinxcontrib-bibtex pairs them: a label style that stops early ends the list
        for label, entry in zip(labels, sorted_entries, strict=False):
            full_label = bibliography.labelprefix + label
            try:
                formatted = cache.format(bibliography.style, style, full_label, entry)
                tooltip = (
                    cache.format(tooltip_name, self._style(tooltip_name), full_label, entry)
                    if tooltip_name
                    else None
                )
            except FieldIsMissing as exc:
                logger.warning(
                    str(exc),
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex",
                    subtype="missing_field",
                )
                yield entry, FormattedEntry(entry.key, Tag("b", str(exc)), full_label), None
                continue
            yield entry, formatted, tooltip


def use_linear_domain(app: Sphinx, config: Config) -> None:
    """Put the linear domain in place of sphinxcontrib-bibtex's, once every extension is loaded."""
    replace_domain(app, LinearBibtexDomain)
