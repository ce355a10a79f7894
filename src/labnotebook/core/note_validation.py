"""Front matter checked field by field: every problem found, with its line, and the note.

Each message names the field and what to write instead, so ``labnotebook check`` and
the build report the same problems in the same words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from labnotebook.core.falsifier import read_falsifiers
from labnotebook.core.note import (
    COURSE_FIELDS,
    FIELD_NAMES,
    KINDS,
    LABEL_PATTERN,
    LANGUAGES,
    NEEDS,
    STATUSES,
    Course,
    NoteMeta,
    closest,
    one_of,
)

if TYPE_CHECKING:
    from labnotebook.core.authors import Author

#: A DOI as Crossref and DataCite issue them: the ``10.`` prefix, a registrant, a suffix.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
#: An SPDX licence identifier or expression (``CC-BY-4.0``, ``MIT OR Apache-2.0``).
LICENSE_PATTERN = re.compile(r"^[A-Za-z0-9.+-]+(?: (?:AND|OR|WITH) [A-Za-z0-9.+-]+)*$")

REQUIRED_FIELDS = ("title", "label", "kind", "date")
#: Front matter keys that belong to MyST, MyST-NB or jupytext, passed through untouched.
PASSTHROUGH_FIELDS = frozenset(
    {
        "jupytext",
        "kernelspec",
        "mystnb",
        "myst",
        "html_meta",
        "substitutions",
        "orphan",
        "nosearch",
        "tocdepth",
        "file_format",
        # old addresses, read by labnotebook.site.redirects
        "redirect_from",
        "permalink",
    }
)


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with a note's front matter."""

    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"front matter field {self.field!r}: {self.message}"


@dataclass
class ParseResult:
    """What :func:`parse_note` found: the note (if valid) and every problem."""

    note: NoteMeta | None
    problems: list[FieldProblem] = field(default_factory=list)


class _Reader:
    """Reads typed fields out of raw front matter, collecting every problem."""

    def __init__(self, raw: Mapping[str, Any], lines: Mapping[str, int]) -> None:
        self.raw = raw
        self.lines = lines
        self.problems: list[FieldProblem] = []

    def problem(self, name: str, message: str) -> None:
        top = re.split(r"[.\[]", name, maxsplit=1)[0]
        self.problems.append(FieldProblem(name, message, self.lines.get(top)))

    def text(self, name: str, default: str = "") -> str:
        value = self.raw.get(name, default)
        if isinstance(value, str):
            return value.strip()
        self.problem(name, f"expected text, got {_type_name(value)}")
        return default

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.text(name, default)
        if value not in choices:
            self.problem(
                name, f"{value!r} is not one of {one_of(choices)}{closest(value, choices)}"
            )
            return default
        return value

    def date(self, name: str) -> dt.date | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(name, f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-05-01")
        return None

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(name, f"expected a list of text, got {_type_name(value)}")
            return ()
        return tuple(v.strip() for v in value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw.get(name, default)
        if isinstance(value, bool):
            return value
        self.problem(name, f"expected true or false, got {_type_name(value)}")
        return default

    def course(self) -> Course | None:
        value = self.raw.get("course")
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.problem("course", f"expected a mapping with {one_of(COURSE_FIELDS)}")
            return None
        for key in value:
            if key not in COURSE_FIELDS:
                self.problem(
                    f"course.{key}",
                    f"unknown key; use one of {one_of(COURSE_FIELDS)}"
                    f"{closest(str(key), COURSE_FIELDS)}",
                )
        parts = {}
        for key in COURSE_FIELDS:
            item = value.get(key, "")
            if not isinstance(item, str | int):
                self.problem(f"course.{key}", f"expected text, got {_type_name(item)}")
                item = ""
            parts[key] = str(item).strip()
        for key in ("code", "name", "institution"):
            if not parts[key]:
                self.problem(
                    f"course.{key}", "missing; a course needs a code, name and institution"
                )
        return Course(**parts)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, int | float):
        return f"the number {value}"
    if value is None:
        return "nothing"
    return type(value).__name__


def parse_note(
    raw: Mapping[str, Any],
    *,
    authors: Mapping[str, Author] | None = None,
    lines: Mapping[str, int] | None = None,
) -> ParseResult:
    """Validate raw front matter and build the note.

    :param raw: the YAML front matter as loaded (dates may already be dates).
    :param authors: the authors registry; when given, author ids are checked against it.
    :param lines: the source line of each top-level key, for error messages.
    :return: the note, or ``None`` if a required field is missing or invalid, and all problems.
    """
    reader = _Reader(raw, lines or {})
    known = set(FIELD_NAMES) | PASSTHROUGH_FIELDS
    for key in raw:
        if key not in known:
            reader.problem(
                str(key),
                f"unknown field{closest(str(key), list(FIELD_NAMES))}; "
                f"the fields a note takes are {one_of(FIELD_NAMES)}",
            )
    for key in REQUIRED_FIELDS:
        if raw.get(key) in (None, ""):
            reader.problem(key, "missing; every note needs " + one_of(REQUIRED_FIELDS))

    title = reader.text("title")
    label = reader.text("label")
    if label and not LABEL_PATTERN.match(label):
        suggestion = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        reader.problem(
            "label",
            f"{label!r} is not a slug: use lowercase letters, digits and hyphens, "
            f"e.g. {suggestion!r}",
        )
        label = ""
    kind = reader.choice("kind", KINDS, "research-note")
    status = reader.choice("status", STATUSES, "ongoing")
    date = reader.date("date")
    updated = reader.date("updated")
    if date and updated and updated < date:
        reader.problem("updated", f"{updated} is before the note's date {date}")
    author_ids = reader.strings("authors")
    if authors is not None:
        for author in author_ids:
            if author not in authors:
                reader.problem(
                    "authors",
                    f"unknown author {author!r}{closest(author, list(authors))}; "
                    "add it to the authors file or use one of " + one_of(sorted(authors)),
                )
    course = reader.course()
    if kind == "course-project" and course is None and "course" not in raw:
        reader.problem(
            "course", "missing; a course project names its course (code, name, institution, level)"
        )
    language = reader.choice("language", LANGUAGES, "en")
    tags = reader.strings("tags")
    abstract = " ".join(reader.text("abstract").split())
    papers = reader.strings("papers")
    translation_of = reader.text("translation_of")
    execute = reader.boolean("execute", True)
    needs = reader.strings("needs")
    for need in needs:
        if need not in NEEDS:
            reader.problem("needs", f"{need!r} is not one of {one_of(NEEDS)}{closest(need, NEEDS)}")
    needs = tuple(need for need in needs if need in NEEDS)
    comments = reader.boolean("comments", True)
    doi, version, license_ = scholarly_fields(reader)
    falsifiers, falsifier_problems = read_falsifiers(raw.get("falsifiers"))
    for where, message in falsifier_problems:
        reader.problem(where, message)
    if not (title and label and date):
        return ParseResult(None, reader.problems)
    note = NoteMeta(
        title=title,
        label=label,
        kind=kind,
        date=date,
        status=status,
        updated=updated,
        authors=author_ids,
        tags=tags,
        abstract=abstract,
        course=course,
        papers=papers,
        language=language,
        translation_of=translation_of,
        execute=execute,
        doi=doi,
        version=version,
        license=license_,
        falsifiers=falsifiers,
        needs=needs,
        comments=comments,
    )
    return ParseResult(note, reader.problems)


def scholarly_fields(reader: _Reader) -> tuple[str, str, str]:
    """The optional ``doi``, ``version`` and ``license``, checked for their shape."""
    doi = reader.text("doi")
    bare = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi, flags=re.IGNORECASE)
    if doi and not DOI_PATTERN.match(bare):
        reader.problem("doi", f"{doi!r} is not a DOI; write it as 10.<registrant>/<suffix>")
        bare = ""
    version = reader.raw.get("version", "")
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = str(version)  # ``version: 2`` or ``version: 1.2`` in YAML
    if not isinstance(version, str):
        reader.problem("version", f"expected text such as 1.2, got {_type_name(version)}")
        version = ""
    license_ = reader.text("license")
    if license_ and not LICENSE_PATTERN.match(license_):
        reader.problem(
            "license",
            f"{license_!r} is not an SPDX licence identifier; write e.g. CC-BY-4.0 or MIT",
        )
        license_ = ""
    return bare, version.strip(), license_
