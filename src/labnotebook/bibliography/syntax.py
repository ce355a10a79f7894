"""A ``.bib`` entry pybtex cannot parse is one located warning, not the end of the build.

Each ``.bib`` file is parsed before sphinxcontrib-bibtex reads it, and every syntax error
is named with its file, entry and line; sphinxcontrib-bibtex then reads the rest while
:mod:`labnotebook.patches.pybtex_syntax` has pybtex skip the broken entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pybtex.errors
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError

from labnotebook.bibliography.keys import bib_paths
from labnotebook.bibliography.source import read_entries
from labnotebook.patches.pybtex_syntax import raise_on_broken_entries, skip_broken_entries
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def report_syntax_errors(app: Sphinx) -> None:
    """Name every entry that does not parse, then let the readers after this skip them."""
    if "sphinxcontrib.bibtex" not in app.extensions:
        return
    broken = False
    for path in bib_paths(app):
        if not path.is_file():
            continue
        encoding = app.config.bibtex_encoding
        with pybtex.errors.capture() as errors:
            Parser(encoding).parse_file(path)
        entries = read_entries([path], encoding)
        # a repeated key is no syntax error: the duplicate-key check names both places
        for error in (e for e in errors if isinstance(e, PybtexSyntaxError)):
            broken = True
            line = getattr(error, "lineno", None)
            # the entry the error is in: the last one that starts at or before its line
            inside = [e for e in entries if line is not None and e.line <= line]
            entry = f"entry {inside[-1].key!r} (line {inside[-1].line})" if inside else "an entry"
            warn(
                f"{entry} does not parse: {error}; fix its braces, quotes and commas "
                "(pybtex skips the broken part, and an open brace swallows the entries after it)",
                NoteWarning.BIBLIOGRAPHY,
                location=f"{path}:{line}" if line else str(path),
            )
    if broken:
        # only then: sphinxcontrib-bibtex otherwise parses (and reports) as upstream does
        skip_broken_entries()


def stop_skipping(app: Sphinx) -> None:
    raise_on_broken_entries()


def setup_bib_syntax(app: Sphinx) -> None:
    # around sphinxcontrib-bibtex's own builder-inited handler (priority 500)
    app.connect("builder-inited", report_syntax_errors, priority=450)
    app.connect("builder-inited", stop_skipping, priority=550)
