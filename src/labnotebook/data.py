"""The book's data files: the owner's profile and the dated list of recent updates.

Sphinx-free, like :mod:`labnotebook.model`: each loader returns typed values or
raises ``ValueError`` with a message that names the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MONTH_OR_DAY = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


@dataclass(frozen=True)
class Update:
    """One dated item of news: ``date`` is ``YYYY-MM`` or ``YYYY-MM-DD``."""

    date: str
    text: str
    link: str = ""

    @property
    def sort_key(self) -> str:
        return self.date if len(self.date) == 10 else self.date + "-00"


def load_updates(path: Path) -> list[Update]:
    """The updates in ``path``, newest first: a YAML list of ``date``, ``text`` and ``link``.

    ``link`` is a URL, or the label of a note.
    """
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of updates, each with a date and a text")
    updates = []
    for number, item in enumerate(data, start=1):
        where = f"{path}: update {number}"
        if not isinstance(item, dict):
            raise ValueError(f"{where}: expected a mapping with 'date' and 'text'")
        unknown = set(item) - {"date", "text", "link"}
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}; use date, text and link")
        date = str(item.get("date", "")).strip()
        if not MONTH_OR_DAY.match(date):
            raise ValueError(f"{where}: date {date!r} must be YYYY-MM or YYYY-MM-DD, quoted")
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: 'text' must be a non-empty string")
        updates.append(
            Update(date=date, text=" ".join(text.split()), link=str(item.get("link", "")))
        )
    return sorted(updates, key=lambda u: u.sort_key, reverse=True)
