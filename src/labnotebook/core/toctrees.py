"""The toctrees of a book's Markdown pages, read without Sphinx.

``labnotebook new`` writes a note into any folder; the strict build rejects a page
that no toctree includes. So ``new`` asks which toctree takes the note and, when none
does, adds it to the nearest index page above it, the way an author would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

TOCTREE_START = re.compile(r"^(?P<fence>`{3,}|:{3,}|~{3,})\{toctree\}")
EXPLICIT_TITLE = re.compile(r"^.*<(?P<target>[^<>]+)>$")


@dataclass(frozen=True)
class Toctree:
    """One toctree of a Markdown page: its entries and where its closing fence is."""

    page: str
    """The docname of the page that holds it."""
    entries: tuple[str, ...]
    glob: bool
    closing_line: int
    """0-based index of the closing fence among the page's lines."""


def read_toctrees(page: str, text: str) -> list[Toctree]:
    """Every ``{toctree}`` directive of a MyST page (backtick or colon fence)."""
    found = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        start = TOCTREE_START.match(lines[index].strip())
        index += 1
        if not start:
            continue
        fence = start.group("fence")
        entries: list[str] = []
        glob = False
        while index < len(lines) and lines[index].strip() != fence:
            line = lines[index].strip()
            if line == ":glob:":
                glob = True
            elif line and not line.startswith(":"):
                entries.append(line)
            index += 1
        found.append(Toctree(page, tuple(entries), glob, index))
        index += 1
    return found


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """Sphinx's path patterns: ``**`` crosses folders, ``*`` and ``?`` do not."""
    parts = re.split(r"(\*\*|\*|\?)", pattern)
    regex = {"**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(regex.get(part, re.escape(part)) for part in parts) + "$")


def entry_target(toctree: Toctree, entry: str) -> str:
    """The docname (or pattern) an entry names, relative to the book's root."""
    match = EXPLICIT_TITLE.match(entry)
    target = match.group("target").strip() if match else entry
    for suffix in (".md", ".ipynb"):
        target = target.removesuffix(suffix)
    if target.startswith("/"):
        return target.lstrip("/")
    folder = PurePosixPath(toctree.page).parent
    joined = (folder / target).as_posix()
    # normalise "a/../b" as Sphinx does
    parts: list[str] = []
    for part in joined.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def includes(toctree: Toctree, docname: str) -> bool:
    for entry in toctree.entries:
        target = entry_target(toctree, entry)
        if target == docname:
            return True
        if (
            toctree.glob
            and any(c in target for c in "*?[")
            and pattern_regex(target).match(docname)
        ):
            return True
    return False


def book_toctrees(pages: dict[str, Path]) -> list[Toctree]:
    """The toctrees of every Markdown page among ``{docname: path}``."""
    found = []
    for docname, path in sorted(pages.items()):
        if path.suffix == ".md":
            found += read_toctrees(docname, path.read_text(encoding="utf-8"))
    return found


def nearest_index(pages: dict[str, Path], docname: str) -> Toctree | None:
    """The toctree that should take a new page: the last one of the nearest page above it.

    Folders are searched from the page's own upwards; in each, an ``index`` page comes
    first, then the others in order.
    """
    folder = PurePosixPath(docname).parent
    toctrees = book_toctrees(pages)
    while True:
        here = [t for t in toctrees if PurePosixPath(t.page).parent == folder and t.page != docname]
        here.sort(key=lambda t: (PurePosixPath(t.page).name != "index", t.page))
        if here:
            first_page = here[0].page
            return [t for t in here if t.page == first_page][-1]
        if folder == PurePosixPath("."):
            return None
        folder = folder.parent


def add_entry(path: Path, toctree: Toctree, docname: str) -> str:
    """Add ``docname`` to ``toctree`` in the page at ``path``; the entry written.

    A glob toctree gets a pattern for the new page's folder, so later notes written
    there are taken too; any other gets the page itself.
    """
    relative = PurePosixPath(docname).relative_to(PurePosixPath(toctree.page).parent)
    in_subfolder = relative.parent != PurePosixPath(".")
    entry = f"{relative.parent.as_posix()}/*" if toctree.glob and in_subfolder else str(relative)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(toctree.closing_line, entry + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return entry
