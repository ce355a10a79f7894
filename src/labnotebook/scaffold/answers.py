"""What a new site is about: who runs it, in which languages, and where labnotebook comes from.

Each answer comes from a flag; when a flag is missing and someone is at the terminal,
``init`` asks for it instead. The answers are plain data; turning them into text that
is safe in YAML, Python, Markdown and TOML is the template's job (see :mod:`.render`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

#: Where a site gets labnotebook when ``--source`` is not given: this project's repository.
DEFAULT_SOURCE = "git+https://github.com/a-researcher/labnotebook"
LANGUAGES = ("en", "en+zh")


@dataclass(frozen=True)
class Member:
    """An author of the site's notes: an id for front matter, and a name for readers."""

    id: str
    name: str


@dataclass(frozen=True)
class SiteAnswers:
    """Everything the site template needs to know."""

    name: str
    role: str = ""
    affiliation: str = ""
    languages: str = "en"
    lab: bool = False
    lab_name: str = ""
    members: tuple[str, ...] = ()
    email: str = ""
    source: str = DEFAULT_SOURCE
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def chinese(self) -> bool:
        return self.languages == "en+zh"

    @property
    def title(self) -> str:
        """The site's title: the lab's name, or the researcher's."""
        return (self.lab_name or f"{self.name}'s lab") if self.lab else self.name

    @property
    def owner(self) -> Member:
        return Member(author_id(self.name, set(), fallback="owner"), self.name)

    @property
    def authors(self) -> list[Member]:
        """The owner first, then the lab's members, each with an id no other author has."""
        people = [self.owner]
        taken = {self.owner.id}
        for name in self.members if self.lab else ():
            member = Member(author_id(name, taken), name)
            taken.add(member.id)
            people.append(member)
        return people

    @property
    def requirement(self) -> str:
        """The PEP 508 line by which the site depends on labnotebook."""
        return f"labnotebook[book] @ {source_url(self.source)}"


def author_id(name: str, taken: set[str], fallback: str = "member") -> str:
    """A front-matter id for a person: the ASCII letters of the name (``fallback`` for a
    name with none, such as a Chinese one), unique among ``taken``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or fallback
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def source_url(source: str) -> str:
    """A direct reference for ``source``: a checkout or a wheel on disk, or a URL as given.

    :raises ValueError: naming the source, when it is a local path that is neither a
        labnotebook checkout (a folder with ``pyproject.toml``) nor a wheel.
    """
    if urlsplit(source).scheme in {"git+https", "git+ssh", "git+file", "https", "http", "file"}:
        return source
    path = Path(source).expanduser().resolve()
    if path.is_dir() and (path / "pyproject.toml").is_file():
        return path.as_uri()
    if path.is_file() and path.suffix == ".whl":
        return path.as_uri()
    raise ValueError(
        f"--source {source!r} is not a labnotebook checkout (a folder with pyproject.toml), "
        "a wheel (.whl) or a URL such as " + DEFAULT_SOURCE
    )
