"""Names of the pages labnotebook generates, shared by every module that links to them."""

from __future__ import annotations

import re

TAGS_INDEX = "tags/index"


def slug(text: str) -> str:
    """A file-name-safe form of a tag: word characters (any script) and hyphens."""
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-_") or "tag"


def tag_page(tag: str) -> str:
    return f"tags/{slug(tag)}"


def author_page(author_id: str) -> str:
    return f"authors/{slug(author_id)}"
