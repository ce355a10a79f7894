"""The pybtex style of labnotebook's reference lists: BibTeX's plain style, labelled by key.

sphinxcontrib-bibtex checks every label across all the reference lists of a book,
and the plain style numbers each list from 1, so two notes citing different papers
both have a "1" and the build warns about a duplicate label. Labelling an entry
by its citation key makes every label unique to its paper. The lists are read by
author and year, so the label is shown small (see labnotebook-bib.css).

An entry whose ``url`` is the address of its own ``doi`` or ``eprint`` (a ``.bib``
exported from a publisher often has both) would show the same link twice, as
"URL: https://doi.org/10.x/y" and as "doi:10.x/y"; the style shows it once, by its
identifier.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pybtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import optional, sentence

from labnotebook.bibliography.paperlinks import entry_paper_ids, paper_id

if TYPE_CHECKING:
    from pybtex.database import Entry

STYLE_NAME = "labnotebook"
LABEL_STYLE_NAME = "labnotebook_key"


class KeyLabelStyle(BaseLabelStyle):
    """Labels each entry with its citation key."""

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        for entry in sorted_entries:
            yield entry.key


class KeyLabelledPlainStyle(PlainStyle):
    """BibTeX's plain style (sorted by author, year, title) with key labels."""

    default_label_style = KeyLabelStyle

    def format_web_refs(self, e: Entry) -> Any:
        """The entry's links, leaving out a ``url`` that only repeats its DOI or eprint."""
        if not url_repeats_an_identifier(e.fields):
            return super().format_web_refs(e)
        return sentence[
            optional[self.format_eprint(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_doi(e)],
        ]


#: The fields that name the paper itself; a ``url`` may only repeat one of them.
IDENTIFIER_FIELDS = ("doi", "eprint", "archiveprefix")


def url_repeats_an_identifier(fields: Mapping[str, str]) -> bool:
    """Whether the ``url`` field is the address of the entry's ``doi`` or ``eprint``."""
    linked = paper_id(fields.get("url", ""))
    if linked is None:
        return False
    # pybtex's fields ignore case, so "archivePrefix" is found as "archiveprefix"
    identifiers = {name: fields[name] for name in IDENTIFIER_FIELDS if name in fields}
    return linked in entry_paper_ids(identifiers)


def register_styles() -> None:
    """Make the style known to pybtex as ``labnotebook`` (for ``bibtex_default_style``)."""
    pybtex.plugin.register_plugin("pybtex.style.labels", LABEL_STYLE_NAME, KeyLabelStyle)
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, KeyLabelledPlainStyle)
