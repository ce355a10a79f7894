"""The warnings labnotebook emits: one type, a catalogue of subtypes, one helper.

Every warning goes through Sphinx's logger with ``type="labnotebook"`` and a
location, so ``-W`` turns it into a failure naming the file and line, and a
project can silence one kind with ``suppress_warnings = ["labnotebook.<subtype>"]``.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

WARNING_TYPE = "labnotebook"

logger = logging.getLogger(__name__)


class NoteWarning(Enum):
    """Subtypes of labnotebook warnings, each with what it means."""

    CONFIG = "config"
    """A ``labnotebook_*`` configuration value is invalid; the default is used."""
    FRONT_MATTER = "front_matter"
    """A note's front matter is malformed, has an unknown field or a bad value."""
    DUPLICATE_LABEL = "duplicate_label"
    """Two notes declare the same label."""
    UNKNOWN_LABEL = "unknown_label"
    """A ``{note}`` reference names a label no note declares."""
    AUTHORS = "authors"
    """The authors registry is missing or malformed."""
    TRANSLATION = "translation"
    """A page's ``translation_of`` names no page, or the pair's languages do not differ."""
    EXECUTION = "execution"
    """A notebook failed to execute, or ran past its timeout."""
    BIBLIOGRAPHY = "bibliography"
    """A duplicate BibTeX key, or a link to a paper the bibliography lacks."""
    DUPLICATE_KEY = "duplicate_key"
    """Two entries of the ``.bib`` files share a key; pybtex would drop entries."""
    UNKNOWN_KEY = "unknown_key"
    """A ``{cite}`` role or a note's ``papers`` field names a key the bibliography lacks."""
    PAPER_LINK = "paper_link"
    """A note links a paper (arXiv, DOI, OpenReview, PMLR, JMLR) the bibliography lacks."""
    UPDATES = "updates"
    """The updates file is missing or malformed, or an ``{updates}`` option is invalid."""
    SEARCH = "search"
    """The Pagefind search index could not be built."""
    DATA = "data"
    """A data file of the book (e.g. the profile in ``_data/``) is missing or malformed."""
    EMBED = "embed"
    """An ``{embed}`` names a glue key that no executable note glues, or one it cannot show."""
    EMPTY_BIBLIOGRAPHY = "empty_bibliography"
    """A ``{bibliography}`` block of a page lists no entry (e.g. a bibliography chapter)."""
    DUPLICATE_TITLE = "duplicate_title"
    """A page has a front matter title (shown as its heading) and a ``# Title`` as well."""
    SOURCE = "source"
    """A source file is not UTF-8, or is empty."""
    TAG = "tag"
    """Two spellings of a tag (e.g. ``LLM`` and ``llm``) name the same tag page."""
    OUTPUT = "output"
    """A cell's output was longer than the configured limit and was cut."""
    SOURCE_WRITE = "source_write"
    """A notebook wrote a file into the book's sources while it ran."""
    ADDRESS = "address"
    """A ``redirect_from`` or ``permalink`` is not a path in the book, names a page's own
    address, or a page of an earlier build is gone and nothing says where it went."""
    HISTORY = "history"
    """A front matter date is later than git's last change to the note."""
    PDF = "pdf"
    """A note's PDF could not be printed."""
    INTERACTIVE = "interactive"
    """A note shows an interactive plotly figure and plotly is not installed to serve it."""


def warn(
    message: str,
    subtype: NoteWarning,
    location: str | tuple[str, int | None] | nodes.Node | None = None,
) -> None:
    """Log one labnotebook warning at ``location`` (a docname, ``(docname, line)`` or node)."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)
