"""Reading each note's front matter into the domain, and checking it, before the note runs."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from labnotebook.config import get_config
from labnotebook.core.authors import no_registry_message
from labnotebook.core.front_matter import (
    empty_front_matter,
    quote_front_matter_dates,
    read_front_matter,
)
from labnotebook.core.note import duplicate_label_message
from labnotebook.core.note_validation import parse_note
from labnotebook.core.pagenames import spelling_clashes
from labnotebook.core.pages import body_top_heading, duplicate_title_message, is_meant_as_note
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
        elif path.suffix == ".ipynb":
            # MyST-NB would stop the build on the same JSON: a page says what is wrong
            source[0] = unreadable_notebook(path.name, front.error)
        return
    warn_duplicate_title(app, docname, path, front.data, source[0])
    if not is_meant_as_note(front.data):
        return  # a plain page, perhaps with a title or MyST settings: not a note
    registry = authors_registry(env)
    result = parse_note(front.data, authors=registry, lines=front.lines)
    for problem in result.problems:
        warn(str(problem), NoteWarning.FRONT_MATTER, location=(docname, problem.line))
    registry_file = get_config(env).authors_file
    if result.note and result.note.authors and not (Path(env.srcdir) / registry_file).exists():
        message = no_registry_message(result.note.authors, registry_file)
        warn(message, NoteWarning.AUTHORS, location=(docname, front.lines.get("authors")))
    if result.note is not None:
        note = result.note
        if not note.authors and get_config(env).default_authors:
            note = replace(note, authors=tuple(get_config(env).default_authors))
        note_domain(env).add_note(docname, note, front.lines.get("label"), front.lines.get("tags"))
    if registry is not None:
        env.note_dependency(str(Path(env.srcdir) / get_config(env).authors_file))


def warn_duplicate_title(
    app: Sphinx, docname: str, path: Path, front_matter: dict[str, object], text: str
) -> None:
    """A front matter title that MyST makes the page's heading, and a ``# Title`` too."""
    title = front_matter.get("title")
    if path.suffix != ".md" or not isinstance(title, str) or not title.strip():
        return
    if not getattr(app.config, "myst_title_to_header", False):
        return
    heading = body_top_heading(text)
    if heading is not None:
        line, words = heading
        warn(
            duplicate_title_message(title.strip(), words),
            NoteWarning.DUPLICATE_TITLE,
            location=(docname, line),
        )


def unreadable_notebook(name: str, error: str) -> str:
    """A notebook whose only cell says that the file ``name`` could not be read, and why."""
    cell = {"cell_type": "markdown", "metadata": {}, "source": f"# {name}\n\n{error}."}
    metadata = {"mystnb": {"execution_mode": "off"}}  # nothing to run: start no kernel
    notebook = {"cells": [cell], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook)


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Report labels declared twice, at the second declaration."""
    domain = note_domain(env)
    for label, kept, clash in domain.duplicates():
        warn(
            duplicate_label_message(label, str(env.doc2path(kept))),
            NoteWarning.DUPLICATE_LABEL,
            location=(clash, domain.label_lines.get(clash)),
        )
    tags = {docname: note.tags for docname, note in domain.notes.items()}
    for docname, spelling, first, where in spelling_clashes(tags):
        warn(
            f"tag {spelling!r} is the same tag as {first!r} in {env.doc2path(where)} "
            "(tags differing only in case or spacing share one page); spell it the same way",
            NoteWarning.TAG,
            location=(docname, domain.tag_lines.get(docname)),
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
