"""The files of a Jekyll site, read and written: front matter, dates, addresses, the report.

The pieces :mod:`labnotebook.importers.jekyll` builds its import from, each a small
function of text or paths.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from labnotebook.core.front_matter import FRONT_MATTER

REPORT_NAME = "import-report.txt"
#: Copied into the HTML output as it is (Sphinx's ``html_extra_path``).
EXTRA = "_extra"
COPIED_FOLDERS = ("images", "files", "assets")
POST_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
LOOP = re.compile(r"\{%-?\s*for\s+\w+\s+in\s+site\.(\w+)")
#: Which listing replaces a page that loops over a Jekyll collection.
LISTINGS = {
    "publications": "```{publications}\n```\n",
    "talks": "```{notelist}\n:tag: talks\n```\n",
    "teaching": "```{notelist}\n:tag: teaching\n```\n",
    "posts": "```{notelist}\n:tag: posts\n```\n",
}
PROFILE_LINKS = {
    "github": ("GitHub", "https://github.com/{}"),
    "googlescholar": ("Google Scholar", "{}"),
    "orcid": ("ORCID", "{}"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/in/{}"),
    "twitter": ("Twitter", "https://twitter.com/{}"),
    "bluesky": ("Bluesky", "https://bsky.app/profile/{}"),
    "website": ("Website", "{}"),
}


@dataclass
class ImportReport:
    """What the import wrote and what it left, file by file."""

    written: list[str] = field(default_factory=list)
    left: dict[str, list[str]] = field(default_factory=dict)

    def leave(self, source: str, message: str) -> None:
        self.left.setdefault(source, []).append(message)

    def summary(self) -> str:
        lines = [f"labnotebook import jekyll: wrote {len(self.written)} files"]
        if not self.left:
            lines.append("Everything was converted.")
        else:
            lines.append("What could not be converted, file by file:")
            for source in sorted(self.left):
                lines.append(f"{source}:")
                lines += [f"  - {message}" for message in self.left[source]]
        return "\n".join(lines) + "\n"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def split(path: Path) -> tuple[dict[str, Any], str]:
    """A Jekyll file's front matter and body (dates stay as YAML read them).

    The body keeps one blank line per front matter line, so its line numbers are the
    file's, for the report.
    """
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError:
        data = {}
    padding = "\n" * text[: match.end()].count("\n")
    return (data if isinstance(data, dict) else {}), padding + text[match.end() :]


def as_date(value: Any, fallback: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and 1000 < value < 10000:
        return dt.date(value, 1, 1)
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    return fallback


def old_addresses(front: dict[str, Any]) -> list[str]:
    """A page's ``permalink`` and ``redirect_from``, as addresses starting with ``/``."""
    values = front.get("redirect_from") or []
    listed = [front.get("permalink"), *([values] if isinstance(values, str) else values)]
    return ["/" + v.strip().lstrip("/") for v in listed if isinstance(v, str) and v.strip()]


def post_address(pattern: str, date: dt.date, title: str, categories: list[str]) -> str:
    """A post's URL under Jekyll's ``permalink`` setting (its common forms)."""
    named = {
        "date": "/:categories/:year/:month/:day/:title:output_ext",
        "pretty": "/:categories/:year/:month/:day/:title/",
        "ordinal": "/:categories/:year/:y_day/:title:output_ext",
        "none": "/:categories/:title:output_ext",
    }
    pattern = named.get(pattern, pattern or named["date"])
    values = {
        ":categories": "/".join(categories),
        ":year": f"{date.year:04d}",
        ":month": f"{date.month:02d}",
        ":day": f"{date.day:02d}",
        ":title": title,
        ":output_ext": ".html",
        ":y_day": f"{date.timetuple().tm_yday:03d}",
    }
    for token in sorted(values, key=len, reverse=True):
        pattern = pattern.replace(token, values[token])
    return re.sub(r"/+", "/", pattern)


def quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def front_matter(fields: dict[str, Any]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if value in (None, "", [], ()):
            continue
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {quote(str(v))}" for v in value]
        elif isinstance(value, dt.date):
            lines.append(f"{key}: {value.isoformat()}")
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif key in ("kind", "label", "language", "status"):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {quote(str(value))}")
    return "\n".join([*lines, "---", ""])


def bibtex_value(text: str) -> str:
    """A braced BibTeX value: LaTeX's special characters escaped; ``$...$`` stays math."""
    clean = text.replace("{", "").replace("}", "")
    return "{" + re.sub(r"([&%#])", r"\\\1", clean) + "}"
