"""The note model: front matter parsed and validated into typed values.

Nothing here imports Sphinx, so the model is unit-tested on its own and the
``labnotebook check`` command validates a whole book without starting a build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from labnotebook.core.falsifier import Falsifier, read_falsifiers
from labnotebook.core.urls import unsafe_url_problem

KINDS = ("research-note", "course-project", "essay", "page")
STATUSES = ("ongoing", "complete", "archived")
LANGUAGES = ("en", "zh-Hans")
COURSE_FIELDS = ("code", "name", "institution", "level")
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
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
LABEL_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A DOI as Crossref and DataCite issue them: the ``10.`` prefix, a registrant, a suffix.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
#: An SPDX licence identifier or expression (``CC-BY-4.0``, ``MIT OR Apache-2.0``).
LICENSE_PATTERN = re.compile(r"^[A-Za-z0-9.+-]+(?: (?:AND|OR|WITH) [A-Za-z0-9.+-]+)*$")


@dataclass(frozen=True)
class Course:
    """The course a course project was written for."""

    code: str
    name: str
    institution: str
    level: str = ""


@dataclass(frozen=True)
class Author:
    """One entry of the authors registry."""

    id: str
    name: str
    homepage: str = ""
    orcid: str = ""
    role: str = ""


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


def closest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    """A ``did you mean`` hint for ``value`` among ``choices``, or an empty string."""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f" (did you mean {match[0]!r}?)" if match else ""


def one_of(choices: tuple[str, ...] | list[str]) -> str:
    """The valid values, quoted, for an error message."""
    return ", ".join(repr(c) for c in choices)


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


class _TextDateLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, for the model to check and report.

    PyYAML turns ``2024-13-01`` into a ValueError from deep inside its constructor;
    read as text, it becomes an ordinary "not a date" problem with its line.
    """


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class FrontMatter:
    """Raw front matter of a source file, with where each key stands."""

    data: dict[str, Any]
    lines: dict[str, int]
    error: str = ""
    error_line: int | None = None


def split_front_matter(text: str, *, first_line: int = 1) -> FrontMatter | None:
    """Load the YAML block at the top of a MyST document, or ``None`` if it has none.

    :param text: the document's text.
    :param first_line: the line number of the text's first line in its file.
    """
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    block = match.group(1) or ""
    offset = first_line + 1  # the block starts on the line after the opening ---
    loader = _TextDateLoader(block)
    try:
        # one parse gives both the values and where each key stands
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        # a flow left open is reported at the end of the block; its start is more useful
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = offset + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc)
        return FrontMatter({}, {}, f"the YAML front matter does not parse: {problem}", line)
    finally:
        loader.dispose()
    if data is None:
        return FrontMatter({}, {})
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return FrontMatter({}, {}, "the front matter is not a mapping of fields", first_line)
    lines = {
        str(key.value): offset + key.start_mark.line
        for key, _value in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return FrontMatter({str(k): v for k, v in data.items()}, lines)


#: Keys Jupyter and its tools keep in a notebook's metadata, which are not front matter.
NOTEBOOK_METADATA_KEYS = frozenset(
    {
        "kernelspec",
        "language_info",
        "jupytext",
        "widgets",
        "vscode",
        "toc",
        "colab",
        "celltoolbar",
        "varInspector",
        "nbsphinx",
        "interpreter",
        "orig_nbformat",
    }
)


def notebook_front_matter(text: str) -> FrontMatter:
    """Front matter of an ``.ipynb``: its metadata, as MyST-NB reads it.

    Lines are found in the JSON text: the top-level metadata is the last object
    written at an indent of one or two spaces, after the cells.
    """
    try:
        notebook = json.loads(text)
        metadata = notebook.get("metadata", {})
    except json.JSONDecodeError as exc:
        message = (
            f"the notebook is not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}); "
            "it may be cut short: restore it from version control, or open and save it in Jupyter"
        )
        return FrontMatter({}, {}, message, exc.lineno)
    except AttributeError:
        return FrontMatter({}, {}, "the notebook is not valid JSON", 1)
    if not isinstance(metadata, dict):
        return FrontMatter({}, {}, "the notebook's metadata is not a mapping", 1)
    data = {k: v for k, v in metadata.items() if k not in NOTEBOOK_METADATA_KEYS}
    lines: dict[str, int] = {}
    start = text.rfind('"metadata"')
    for number, line in enumerate(text[start:].splitlines(), text[:start].count("\n") + 1):
        match = re.match(r'^ {1,4}"([^"]+)":', line)
        if match and match.group(1) in data:
            lines.setdefault(match.group(1), number)
    return FrontMatter(data, lines)


def read_front_matter(path: Path, text: str | None = None) -> FrontMatter | None:
    """The front matter of a MyST Markdown file, or the metadata of a notebook."""
    if text is None:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix == ".ipynb":
        return notebook_front_matter(text)
    return split_front_matter(text)


def load_authors(path: Path) -> dict[str, Author]:
    """Load the authors registry: a YAML mapping of id to name, homepage and ORCID.

    :raises ValueError: with a message naming the entry when the file is malformed.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of author ids to their details")
    authors = {}
    for author_id, details in data.items():
        if not isinstance(details, dict) or not isinstance(details.get("name"), str):
            raise ValueError(f"{path}: author {author_id!r} needs at least a 'name'")
        unknown = set(details) - {"name", "homepage", "orcid", "role"}
        if unknown:
            raise ValueError(
                f"{path}: author {author_id!r} has unknown keys {sorted(unknown)}; "
                "use name, homepage, orcid and role"
            )
        homepage = str(details.get("homepage", ""))
        if problem := unsafe_url_problem(homepage):
            raise ValueError(f"{path}: author {author_id!r}: homepage {problem}")
        authors[str(author_id)] = Author(
            id=str(author_id),
            name=details["name"],
            homepage=homepage,
            orcid=str(details.get("orcid", "")),
            role=str(details.get("role", "")),
        )
    return authors


def quote_front_matter_dates(text: str) -> str:
    """Quote the unquoted YAML dates of a front matter block, keeping every line in place.

    MyST-NB copies a Markdown notebook's front matter into the notebook's metadata,
    and jupyter-cache then fails to serialise a YAML date to JSON, deep inside the
    build. Quoting the dates in the text Sphinx parses (never in the file) keeps
    ``date: 2024-05-01`` valid for authors; the model reads either form.
    """
    match = FRONT_MATTER.match(text)
    if not match or not match.group(1):
        return text
    block_start = match.start(1)
    try:
        node = yaml.compose(match.group(1), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text
    if not isinstance(node, yaml.MappingNode):
        return text
    spans = [
        (value.start_mark.index, value.end_mark.index)
        for _key, value in node.value
        if isinstance(value, yaml.ScalarNode) and value.tag == TIMESTAMP_TAG and not value.style
    ]
    for start, end in reversed(spans):
        start, end = block_start + start, block_start + end
        text = f'{text[:start]}"{text[start:end]}"{text[end:]}'
    return text


def empty_front_matter(text: str) -> str:
    """Replace a front matter block by an empty mapping, keeping every line in place.

    Used once the block's YAML error has been reported, so that MyST does not report
    the same error a second time in its own words.
    """
    match = FRONT_MATTER.match(text)
    if not match or not match.group(1):
        return text
    blank = "{}" + "\n" * match.group(1).count("\n")
    return text[: match.start(1)] + blank + text[match.end(1) :]
