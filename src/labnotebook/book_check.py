"""``labnotebook check``: every page's front matter checked as the build checks it.

``check`` reads ``conf.py`` for where the notes are and where the authors registry is,
then validates each note's front matter with the same model, and gives the same
messages, as the build. It starts no Sphinx application, so it answers in a blink.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labnotebook.core.authors import Author, load_authors, no_registry_message
from labnotebook.core.front_matter import read_front_matter
from labnotebook.core.note import duplicate_label_message, find_duplicates
from labnotebook.core.note_validation import parse_note
from labnotebook.core.pages import body_top_heading, duplicate_title_message, is_meant_as_note
from labnotebook.core.sources import read_source
from labnotebook.core.toctrees import pattern_regex

SOURCE_SUFFIXES = (".md", ".ipynb")


@dataclass(frozen=True)
class Book:
    """What ``check`` and ``new`` need to know of a book, read from its ``conf.py``."""

    root: Path
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    authors_file: Path
    default_authors: tuple[str, ...]
    title_to_header: bool = False
    falsify_results: Path | None = None


def load_book(root: Path) -> Book:
    """Read the settings of the book in ``root`` by running its ``conf.py``, as Sphinx does."""
    conf = root / "conf.py"
    if not conf.is_file():
        raise SystemExit(f"labnotebook: no conf.py in {root}; run this in the book's folder")
    namespace: dict[str, Any] = {"__file__": str(conf)}
    exec(compile(conf.read_text(encoding="utf-8"), str(conf), "exec"), namespace)
    return Book(
        root=root,
        include=tuple(namespace.get("include_patterns", ["**"])),
        exclude=(*namespace.get("exclude_patterns", []), "_build/**", ".venv/**"),
        authors_file=root / namespace.get("labnotebook_authors_file", "_data/authors.yml"),
        default_authors=tuple(namespace.get("labnotebook_default_authors", [])),
        title_to_header=bool(namespace.get("myst_title_to_header", False)),
        falsify_results=root / namespace.get("labnotebook_falsify_results", "_build/.falsify"),
    )


SKIPPED_FOLDERS = frozenset({".git", ".venv", "_build", "node_modules", "__pycache__"})


def sources(book: Book) -> list[Path]:
    """The book's Markdown and notebook sources, as its include and exclude patterns pick them."""
    include = [pattern_regex(p) for p in book.include]
    exclude = [pattern_regex(p) for p in book.exclude]
    found = []
    for folder, subfolders, files in os.walk(book.root):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED_FOLDERS)
        for name in files:
            path = Path(folder) / name
            relative = path.relative_to(book.root).as_posix()
            if (
                path.suffix in SOURCE_SUFFIXES
                and any(p.match(relative) for p in include)
                and not any(p.match(relative) for p in exclude)
            ):
                found.append(path)
    return sorted(found)


def warning_line(path: Path, line: int | None, message: str, subtype: str) -> str:
    """A message in the build's own format, so both read the same."""
    where = f"{path}:{line}" if line else f"{path}"
    return f"{where}: WARNING: {message} [labnotebook.{subtype}]"


@dataclass
class CheckReport:
    """What ``check`` looked at and found."""

    messages: list[str]
    labels: dict[str, str]
    """Each valid note's label, by source path."""
    notes: list[Path]
    """Every page meant as a note (with note fields), valid or not."""
    plain: list[Path]
    """Pages without note fields, which are in the book as they are."""


def check(book: Book) -> CheckReport:
    """Every front matter problem in the book, and each note's label by source path."""
    messages: list[str] = []
    notes: list[Path] = []
    plain: list[Path] = []
    authors: dict[str, Author] | None = None
    if book.authors_file.is_file():
        try:
            authors = load_authors(book.authors_file)
        except ValueError as exc:
            messages.append(f"{book.authors_file}: WARNING: {exc} [labnotebook.authors]")
    labels: dict[str, str] = {}
    label_lines: dict[str, int | None] = {}
    for path in sources(book):
        text, unreadable = read_source(path)
        messages += [warning_line(path, p.line, p.message, "source") for p in unreadable]
        front = read_front_matter(path, text)
        if front is None or (not front.data and not front.error):
            plain.append(path)
            continue
        if front.error:
            notes.append(path)
            messages.append(warning_line(path, front.error_line, front.error, "front_matter"))
            continue
        messages += duplicate_title(book, path, front.data, text)
        if not is_meant_as_note(front.data):
            plain.append(path)
            continue
        notes.append(path)
        result = parse_note(front.data, authors=authors, lines=front.lines)
        messages += [warning_line(path, p.line, str(p), "front_matter") for p in result.problems]
        if result.note and result.note.authors and not book.authors_file.exists():
            registry = (
                book.authors_file.relative_to(book.root).as_posix()
                if (book.authors_file.is_relative_to(book.root))
                else str(book.authors_file)
            )
            message = no_registry_message(result.note.authors, registry)
            messages.append(warning_line(path, front.lines.get("authors"), message, "authors"))
        if result.note is not None:
            docname = path.relative_to(book.root).with_suffix("").as_posix()
            labels[docname] = result.note.label
            label_lines[docname] = front.lines.get("label")
    suffix = {p.relative_to(book.root).with_suffix("").as_posix(): p for p in sources(book)}
    for label, kept, clash in find_duplicates(labels):
        messages.append(
            warning_line(
                suffix[clash],
                label_lines[clash],
                duplicate_label_message(label, str(suffix[kept])),
                "duplicate_label",
            )
        )
    return CheckReport(
        messages, {str(suffix[d]): label for d, label in labels.items()}, notes, plain
    )


def duplicate_title(book: Book, path: Path, front_matter: dict[str, Any], text: str) -> list[str]:
    title = front_matter.get("title")
    if not (book.title_to_header and path.suffix == ".md" and isinstance(title, str)):
        return []
    heading = body_top_heading(text)
    if heading is None or not title.strip():
        return []
    message = duplicate_title_message(title.strip(), heading[1])
    return [warning_line(path, heading[0], message, "duplicate_title")]
