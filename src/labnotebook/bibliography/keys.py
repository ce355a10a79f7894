"""Duplicate BibTeX keys: reported with the file and line of both entries.

pybtex stops reading a ``.bib`` file at a repeated key, so every entry after it
silently disappears and citations to them fail one by one, far from the cause.
This check runs when the build starts and names both definitions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from labnotebook.bibliography.source import duplicate_keys, read_entries
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def bib_paths(app: Sphinx) -> list[Path]:
    """The configured ``.bib`` files, absolute, as sphinxcontrib-bibtex resolves them."""
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or []]


def on_builder_inited(app: Sphinx) -> None:
    """Report every key defined twice, at the second definition."""
    if "sphinxcontrib.bibtex" not in app.extensions:
        return
    entries = read_entries(bib_paths(app), app.config.bibtex_encoding)
    for first, repeat in duplicate_keys(entries):
        warn(
            f"duplicate BibTeX key {repeat.key!r}: defined at {first.place} and again at "
            f"{repeat.place}; pybtex keeps one and drops the entries after it, so give "
            "one of them another key or delete the copy",
            NoteWarning.DUPLICATE_KEY,
            location=repeat.place,
        )


def setup_keys(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
