"""The authors registry: who may be named in a note's ``authors``, and how to show them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from labnotebook.core.urls import unsafe_url_problem


@dataclass(frozen=True)
class Author:
    """One entry of the authors registry."""

    id: str
    name: str
    homepage: str = ""
    orcid: str = ""
    role: str = ""


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


def no_registry_message(ids: tuple[str, ...] | list[str], registry: str) -> str:
    """What to do when a note names authors and the book has no authors registry."""
    first = ids[0]
    return (
        f"authors {', '.join(map(repr, ids))} cannot be checked: there is no authors registry "
        f"{registry} (labnotebook_authors_file); create it with one entry per id, e.g. "
        f"'{first}: {{name: Full Name}}'"
    )
