"""The note model: the typed values a note's front matter is validated into.

Nothing here imports Sphinx, so the model is unit-tested on its own and the
``labnotebook check`` command validates a whole book without starting a build.
Reading front matter is :mod:`labnotebook.core.front_matter`; checking it field by
field is :mod:`labnotebook.core.note_validation`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from labnotebook.core.falsifier import Falsifier

KINDS = ("research-note", "course-project", "essay", "page")
STATUSES = ("ongoing", "complete", "archived")
LANGUAGES = ("en", "zh-Hans")
#: What a note's code needs beyond a laptop, shown beside its launch buttons.
NEEDS = ("gpu", "cluster")
COURSE_FIELDS = ("code", "name", "institution", "level")
LABEL_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Course:
    """The course a course project was written for."""

    code: str
    name: str
    institution: str
    level: str = ""


@dataclass(frozen=True)
class NoteMeta:
    """A note's validated front matter."""

    title: str
    label: str
    kind: str
    date: dt.date
    status: str = "ongoing"
    updated: dt.date | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    abstract: str = ""
    course: Course | None = None
    papers: tuple[str, ...] = ()
    language: str = "en"
    translation_of: str = ""
    execute: bool = True
    #: a DOI registered for the note (``10.5281/zenodo.123``), without ``https://doi.org/``
    doi: str = ""
    #: the version a citation names; the date of the last change when not given
    version: str = ""
    #: the licence of the text, as an SPDX identifier
    license: str = ""
    falsifiers: tuple[Falsifier, ...] = ()
    #: what running the note needs beyond a laptop: any of :data:`NEEDS`
    needs: tuple[str, ...] = ()
    #: ``false`` hides the comments under this note when the book has them on
    comments: bool = True

    @property
    def last_changed(self) -> dt.date:
        """The date of the version a reader sees: ``updated`` if given, else ``date``."""
        return self.updated or self.date

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every field (dates as ISO strings)."""
        data = dataclasses.asdict(self)
        data["date"] = self.date.isoformat()
        data["updated"] = self.updated.isoformat() if self.updated else None
        return data


FIELD_NAMES = tuple(f.name for f in dataclasses.fields(NoteMeta))


def closest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    """A ``did you mean`` hint for ``value`` among ``choices``, or an empty string."""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f" (did you mean {match[0]!r}?)" if match else ""


def one_of(choices: tuple[str, ...] | list[str]) -> str:
    """The valid values, quoted, for an error message."""
    return ", ".join(repr(c) for c in choices)


def find_duplicates(labels: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """Each ``(label, kept, clash)`` among ``{document: label}``, in document order.

    The first document (sorted) keeps the label; each later one is a clash.
    """
    seen: dict[str, str] = {}
    clashes = []
    for document in sorted(labels):
        label = labels[document]
        if label in seen:
            clashes.append((label, seen[label], document))
        else:
            seen[label] = document
    return clashes


def duplicate_label_message(label: str, kept_path: str) -> str:
    return (
        f"duplicate note label {label!r}: already used by {kept_path}; "
        "labels must be unique, so give one of the notes another label"
    )
