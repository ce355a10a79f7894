"""The book's data files: the owner's profile and the dated list of recent updates.

Sphinx-free, like :mod:`labnotebook.core.note`: each loader returns typed values or
raises ``ValueError`` with a message that names the file and the entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from labnotebook.core.note import LABEL_PATTERN

MONTH_OR_DAY = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
URL_SCHEMES = ("https://", "http://")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Update:
    """One dated item of news: ``date`` is ``YYYY-MM`` or ``YYYY-MM-DD``."""

    date: str
    text: str
    link: str = ""

    @property
    def sort_key(self) -> str:
        return self.date if len(self.date) == 10 else self.date + "-00"

    @property
    def links_to_note(self) -> bool:
        """Whether ``link`` is a note label (else it is empty or a URL)."""
        return bool(self.link) and not self.link.startswith(URL_SCHEMES)

    @property
    def day(self) -> dt.date:
        """The first day the date covers: a month stands for its first day."""
        return dt.date.fromisoformat(self.date if len(self.date) == 10 else self.date + "-01")

    @property
    def display_date(self) -> str:
        """``Sep 2024`` for a month, ``15 Sep 2024`` for a day."""
        day = self.day
        month = f"{MONTHS[day.month - 1]} {day.year}"
        return month if len(self.date) == 7 else f"{day.day} {month}"


def load_updates(path: Path) -> list[Update]:
    """The updates in ``path``, newest first: a YAML list of ``date``, ``text`` and ``link``.

    ``link`` is a URL, or the label of a note.
    """
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ValueError(f"{where}: the YAML does not parse: {problem}") from None
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
        if not MONTH_OR_DAY.match(date) or not _is_calendar_date(date):
            raise ValueError(f"{where}: date {date!r} must be YYYY-MM or YYYY-MM-DD, quoted")
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: 'text' must be a non-empty string")
        link = str(item.get("link") or "").strip()
        if link and not link.startswith(URL_SCHEMES) and not LABEL_PATTERN.match(link):
            raise ValueError(f"{where}: link {link!r} is neither an http(s) URL nor a note label")
        updates.append(Update(date=date, text=" ".join(text.split()), link=link))
    return sorted(updates, key=lambda u: u.sort_key, reverse=True)


def _is_calendar_date(date: str) -> bool:
    try:
        dt.date.fromisoformat(date if len(date) == 10 else date + "-01")
    except ValueError:
        return False
    return True
