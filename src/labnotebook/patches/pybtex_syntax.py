"""pybtex's error capture switched on while sphinxcontrib-bibtex parses the ``.bib`` files.

pybtex raises its syntax errors in strict mode, its default, and sphinxcontrib-bibtex
parses the ``.bib`` files at ``builder-inited`` without catching them: the build stopped
with ``syntax error in line 26: '}' expected``, naming no file.
:mod:`labnotebook.bibliography.syntax` names every broken entry first; then this module
sets ``pybtex.errors.captured_errors``, the module's own switch, while
sphinxcontrib-bibtex parses, so its parser skips the broken entry and reads the rest, as
in non-strict mode, without printing to the terminal.

Checked against pybtex 0.26 (the version the lock installs). With another version the
switch is left alone, so pybtex's strict mode stops the build as upstream does, after
the broken entries have been named.
"""

from __future__ import annotations

import pybtex.errors

from labnotebook.patches.guard import Checked

CHECKED = Checked("pybtex", ">=0.26,<0.27")


def skip_broken_entries() -> None:
    """From now on pybtex collects syntax errors instead of raising them."""
    if CHECKED.holds():
        pybtex.errors.captured_errors = []


def raise_on_broken_entries() -> None:
    """pybtex's default again: a syntax error raises."""
    if CHECKED.holds():
        pybtex.errors.captured_errors = None
