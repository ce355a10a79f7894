"""The BibTeX files as text: where each entry starts, its raw text, and duplicate keys.

pybtex parses a ``.bib`` file into entries but forgets where they stood, and on a
repeated key it stops reading the file. This module is Sphinx-free: it scans the
text itself, so a duplicate can be reported with the file and line of both
definitions, and the publications page can show each entry exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# An entry opens with ``@type{key,`` (or parentheses); @comment, @string and
# @preamble blocks are not entries.
ENTRY_START = re.compile(r"@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t\r\n]*([^,\s{}()]+)[ \t]*,")
NOT_ENTRIES = frozenset({"comment", "string", "preamble"})


@dataclass(frozen=True)
class RawEntry:
    """One entry of a ``.bib`` file as written: its key, file, first line and text."""

    key: str
    path: Path
    line: int
    text: str

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}"


def _entry_end(text: str, start: int) -> int:
    """The index just past the bracket that closes the entry opened at ``start``."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def scan_entries(text: str, path: Path) -> list[RawEntry]:
    """Every entry of a ``.bib`` file's text, in file order.

    Lines that start with ``%`` are comments to BibTeX users, so an ``@`` in them
    opens nothing.
    """
    entries = []
    for match in ENTRY_START.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start : match.start()].lstrip().startswith("%"):
            continue
        if match.group(1).lower() in NOT_ENTRIES:
            continue
        opening = text.index("{" if "{" in match.group(0) else "(", match.start())
        end = _entry_end(text, opening)
        entries.append(
            RawEntry(
                key=match.group(2),
                path=path,
                line=text.count("\n", 0, match.start()) + 1,
                text=text[match.start() : end],
            )
        )
    return entries


def read_entries(paths: list[Path], encoding: str = "utf-8-sig") -> list[RawEntry]:
    """The entries of several ``.bib`` files, in order; missing files are skipped."""
    entries: list[RawEntry] = []
    for path in paths:
        if path.is_file():
            entries.extend(scan_entries(path.read_text(encoding=encoding), path))
    return entries


def duplicate_keys(entries: list[RawEntry]) -> list[tuple[RawEntry, RawEntry]]:
    """Each ``(first, repeat)`` pair of entries whose keys are equal.

    Keys are compared without case, as BibTeX and pybtex do.
    """
    seen: dict[str, RawEntry] = {}
    pairs = []
    for entry in entries:
        folded = entry.key.casefold()
        if folded in seen:
            pairs.append((seen[folded], entry))
        else:
            seen[folded] = entry
    return pairs
