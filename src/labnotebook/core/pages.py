"""Pages and notes: which page means to be a note, and what its Markdown says about titles.

A book holds notes (front matter with a label, a kind, a date...) and plain pages
(no front matter, or only MyST's own settings and a title). The two share one
question: does a page's front matter mean "this is a note"? Then a missing required
field is an error, not a reason to skip the page. Sphinx-free, for the build and
``labnotebook check`` alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from labnotebook.core.front_matter import FRONT_MATTER

#: Fields only a note has. A page may carry ``title``, ``language``, ``translation_of``
#: or ``execute`` and stay a plain page; one of these makes it a note.
NOTE_ONLY_FIELDS = frozenset(
    {"label", "kind", "date", "status", "updated", "authors", "tags", "abstract", "course"}
    | {"papers"}
)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})")
TOP_HEADING = re.compile(r"^ {0,3}#[ \t]+(\S.*?)[ \t#]*$")


def is_meant_as_note(front_matter: Mapping[str, Any]) -> bool:
    """Whether the front matter has any field only a note has."""
    return bool(NOTE_ONLY_FIELDS & front_matter.keys())


def body_top_heading(text: str) -> tuple[int, str] | None:
    """The first ``# Heading`` of a Markdown page after its front matter: (line, text).

    Headings inside fenced blocks (code, directives) do not count.
    """
    match = FRONT_MATTER.match(text)
    start = text[: match.end()].count("\n") if match else 0
    fence = ""
    for number, line in enumerate(text.splitlines()[start:], start + 1):
        opened = FENCE.match(line)
        if fence:
            if opened and closes(fence, opened.group(1), line):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        heading = TOP_HEADING.match(line)
        if heading:
            return number, heading.group(1)
    return None


def closes(fence: str, marker: str, line: str) -> bool:
    """Whether ``line``, starting with ``marker``, closes a block opened by ``fence``."""
    same_kind = marker[0] == fence[0] and len(marker) >= len(fence)
    return same_kind and not line.strip()[len(marker) :].strip()


def duplicate_title_message(title: str, heading: str) -> str:
    return (
        f"the page has the title {title!r} in its front matter and the heading "
        f"'# {heading}' in its body: the page would show two titles (two <h1>), and the "
        "note's header would sit between them. Remove the '# ...' line, or the front "
        "matter's title"
    )
