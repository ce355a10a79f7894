"""Reading each note's front matter into the domain, and checking it, before the note runs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from labnotebook.config import get_config
from labnotebook.core.front_matter import (
    empty_front_matter,
    quote_front_matter_dates,
    read_front_matter,
)
from labnotebook.core.note import duplicate_label_message
from labnotebook.core.note_validation import parse_note
from labnotebook.notes.authors import authors_registry
from labnotebook.notes.domain import note_domain
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Validate the front matter and record the note.

    This runs on ``source-read``, before MyST-NB executes a notebook, so a bad
    front matter is reported even when the note's code would fail or hang.
    """
    env = app.env
    path = Path(env.doc2path(docname))
    if path.suffix == ".md":
        source[0] = quote_front_matter_dates(source[0])
    front = read_front_matter(path, source[0])
    if front is None or (not front.data and not front.error):
        return
    if front.error:
        warn(f"{front.error}", NoteWarning.FRONT_MATTER, location=(docname, front.error_line))
        if path.suffix == ".md":
            source[0] = empty_front_matter(source[0])
        return
    if not ({"label", "kind"} & front.data.keys()):
        return  # a page with MyST front matter only (e.g. settings): not a note
    registry = authors_registry(env)
    result = parse_note(front.data, authors=registry, lines=front.lines)
    for problem in result.problems:
        warn(str(problem), NoteWarning.FRONT_MATTER, location=(docname, problem.line))
    if result.note is not None:
        note = result.note
        if not note.authors and get_config(env).default_authors:
            note = replace(note, authors=tuple(get_config(env).default_authors))
        note_domain(env).add_note(docname, note, front.lines.get("label"))
    if registry is not None:
        env.note_dependency(str(Path(env.srcdir) / get_config(env).authors_file))


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Report labels declared twice, at the second declaration."""
    domain = note_domain(env)
    for label, kept, clash in domain.duplicates():
        warn(
            duplicate_label_message(label, str(env.doc2path(kept))),
            NoteWarning.DUPLICATE_LABEL,
            location=(clash, domain.label_lines.get(clash)),
        )


def on_doctree_read(app: Sphinx, doctree: object) -> None:
    """Make a note's label a standard label too.

    Then ``{ref}`label``` works inside the book, and the inventory lists the note as
    ``std:label``, so any Sphinx project cites it through intersphinx, with or without
    labnotebook. An explicit label of the same name, read earlier, keeps precedence.
    """
    env = app.env
    note = note_domain(env).notes.get(env.docname)
    if note is None:
        return
    std = env.domains.standard_domain
    if note.label not in std.labels:
        std.labels[note.label] = (env.docname, "", note.title)
        std.anonlabels[note.label] = (env.docname, "")
