"""A source that is not UTF-8, or empty, is one located warning and still a page.

Sphinx decodes sources strictly, so a single Latin-1 byte stops the whole build with
a traceback that names no file. Here the build reads through a codec that replaces
such bytes (see :mod:`labnotebook.core.sources`), and the note that holds them is
named with the line of the first one, in the words ``labnotebook check`` uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from labnotebook.core.sources import LENIENT_ENCODING, read_source
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STRICT_UTF8 = frozenset({"utf-8", "utf-8-sig", "utf8", "utf_8", "utf_8_sig"})


def on_builder_inited(app: Sphinx) -> None:
    """Read sources leniently, unless the book chose an encoding of its own."""
    if app.config.source_encoding.lower() in STRICT_UTF8:
        app.env.settings["input_encoding"] = LENIENT_ENCODING


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Warn about a source with replaced bytes, or an empty one."""
    if "\ufffd" not in source[0] and source[0].strip():
        return
    path = Path(app.env.doc2path(docname))
    if not path.is_file():
        return
    _text, problems = read_source(path)
    for problem in problems:
        warn(problem.message, NoteWarning.SOURCE, location=(docname, problem.line))


def setup_sources(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
    # before the front matter is read, so its message comes first
    app.connect("source-read", on_source_read, priority=400)
