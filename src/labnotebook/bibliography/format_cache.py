"""Formatted bibliography entries, kept from one build to the next.

Formatting an entry with a pybtex style walks the style's whole template and
decodes every field from LaTeX: a few milliseconds an entry, the largest cost of
the reference lists once each paper is formatted once. The result depends only
on the style, the label and the entry, and the entry only changes when a ``.bib``
file does; so the cache is kept in the environment and emptied whenever the
files it was filled from change (their paths, modification times or encoding).
Sphinx-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.style import FormattedEntry
    from pybtex.style.formatting import BaseStyle

# what the cache was filled from: the encoding and each file with its modification time
Stamp = tuple[str, tuple[tuple[str, float], ...]]


@dataclass
class FormattedEntryCache:
    """Entries formatted by ``(style name, label, key)``, valid for one ``stamp``."""

    stamp: Stamp = ("", ())
    entries: dict[tuple[str, str, str], FormattedEntry] = field(default_factory=dict)
    # how many entries were formatted since the cache was loaded (for tests and profiling)
    formatted_count: int = 0

    def renew(self, stamp: Stamp) -> None:
        """Forget every entry if the ``.bib`` files changed since they were formatted."""
        if stamp != self.stamp:
            self.stamp = stamp
            self.entries.clear()
        self.formatted_count = 0

    def format(self, style_name: str, style: BaseStyle, label: str, entry: Entry) -> FormattedEntry:
        """``style.format_entry(label, entry)``, formatted once per stamp.

        :raises FieldIsMissing: from the style, for an entry that lacks a required
            field; nothing is cached then, so the next build reports it again.
        """
        key = (style_name, label, entry.key)
        cached = self.entries.get(key)
        if cached is None:
            cached = style.format_entry(label, entry)
            self.entries[key] = cached
            self.formatted_count += 1
        return cached
