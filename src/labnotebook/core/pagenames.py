"""Names of the pages labnotebook generates, shared by every module that links to them."""

from __future__ import annotations

import hashlib
import re

TAGS_INDEX = "tags/index"


def slug(text: str) -> str:
    """A file-name-safe form of a tag: word characters (any script) and hyphens."""
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-_") or "tag"


def tag_key(tag: str) -> str:
    """A tag's identity: spellings that differ only in case or spacing are one tag."""
    return re.sub(r"\s+", "-", tag.casefold().strip())


def tag_page(tag: str) -> str:
    """The page of a tag, one per :func:`tag_key`.

    When the slug drops characters (``C++`` and ``c``, ``%`` and ``🎉`` would share a
    page), a digest of the tag keeps the pages of different tags apart.
    """
    key, name = tag_key(tag), slug(tag)
    if name != key:
        name = f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    return f"tags/{name}"


def author_page(author_id: str) -> str:
    return f"authors/{slug(author_id)}"


def tag_spellings(tags_by_document: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, str]]:
    """The first spelling of each tag and the document it appears in, by :func:`tag_key`."""
    first: dict[str, tuple[str, str]] = {}
    for document in sorted(tags_by_document):
        for tag in tags_by_document[document]:
            first.setdefault(tag_key(tag), (tag, document))
    return first


def spelling_clashes(
    tags_by_document: dict[str, tuple[str, ...]],
) -> list[tuple[str, str, str, str]]:
    """Each ``(document, spelling, first spelling, its document)`` where a tag is spelt
    differently from its first appearance (documents in sorted order)."""
    first = tag_spellings(tags_by_document)
    clashes = []
    for document in sorted(tags_by_document):
        for tag in dict.fromkeys(tags_by_document[document]):
            spelling, where = first[tag_key(tag)]
            if tag != spelling:
                clashes.append((document, tag, spelling, where))
    return clashes
