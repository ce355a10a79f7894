"""The pybtex style of labnotebook's reference lists: BibTeX's plain style, labelled by key.

sphinxcontrib-bibtex checks every label across all the reference lists of a book,
and the plain style numbers each list from 1, so two notes citing different papers
both have a "1" and the build warns about a duplicate label. Labelling an entry
by its citation key makes every label unique to its paper. The lists are read by
author and year, so the label is shown small (see labnotebook-bib.css).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pybtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle

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


def register_styles() -> None:
    """Make the style known to pybtex as ``labnotebook`` (for ``bibtex_default_style``)."""
    pybtex.plugin.register_plugin("pybtex.style.labels", LABEL_STYLE_NAME, KeyLabelStyle)
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, KeyLabelledPlainStyle)
