"""A ``.bib`` entry pybtex cannot parse is one located warning, not the end of the build.

pybtex (checked against 0.26.1) raises its syntax errors in strict mode, its default,
and sphinxcontrib-bibtex parses the ``.bib`` files at ``builder-inited`` without
catching them: the build stopped with ``syntax error in line 26: '}' expected``,
naming no file. Here each file is parsed first, every syntax error is reported with
its file and line, and pybtex's error capture is switched on while
sphinxcontrib-bibtex parses (``pybtex.errors.captured_errors``, the module's own
switch), so its parser skips the broken entry and reads the rest, as in non-strict
mode, without printing to the terminal.

Checked against pybtex 0.26 (the version the lock installs). With another version the
files are still parsed and every syntax error named, but the capture switch is left
alone, so pybtex's strict mode stops the build as upstream does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pybtex.errors
from pybtex.database.input.bibtex import Parser

from labnotebook.bibliography.keys import bib_paths
from labnotebook.bibliography.source import read_entries
from labnotebook.patches.guard import Checked
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


CHECKED = Checked("pybtex", ">=0.26,<0.27")


def report_syntax_errors(app: Sphinx) -> None:
    """Name every entry that does not parse, then let the readers after this skip them."""
    if "sphinxcontrib.bibtex" not in app.extensions:
        return
    for path in bib_paths(app):
        if not path.is_file():
            continue
        encoding = app.config.bibtex_encoding
        with pybtex.errors.capture() as errors:
            Parser(encoding).parse_file(path)
        entries = read_entries([path], encoding)
        for error in errors:
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
    if CHECKED.holds():
        pybtex.errors.captured_errors = []


def stop_capturing(app: Sphinx) -> None:
    if CHECKED.holds():
        pybtex.errors.captured_errors = None


def setup_bib_syntax(app: Sphinx) -> None:
    # around sphinxcontrib-bibtex's own builder-inited handler (priority 500)
    app.connect("builder-inited", report_syntax_errors, priority=450)
    app.connect("builder-inited", stop_capturing, priority=550)
