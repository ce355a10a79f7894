"""Recognising links to papers: arXiv, DOI, OpenReview, PMLR and JMLR addresses.

Sphinx-free. A link is reduced to a paper identifier ``(service, id)`` so that the
address a note links and the fields of a bibliography entry (``eprint``, ``doi``,
``url``) can be compared whatever form each was written in (``abs`` or ``pdf``,
with or without a version, ``http`` or ``https``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})"
ARXIV_PATH = re.compile(rf"^/(?:abs|pdf|html)/{ARXIV_ID}(?:v\d+)?(?:\.pdf)?/?$")
PMLR_PATH = re.compile(r"^/(v\d+)/([\w.-]+?)(?:\.html|/[\w.-]+\.pdf|\.pdf)?/?$")
JMLR_PATH = re.compile(r"^/papers/(?:v(\d+)/([\w.-]+?)\.html|volume(\d+)/([\w.-]+?)/[\w.-]+\.pdf)$")

SERVICE_NAMES = {
    "arxiv": "arXiv",
    "doi": "DOI",
    "openreview": "OpenReview",
    "pmlr": "PMLR",
    "jmlr": "JMLR",
}

PaperId = tuple[str, str]


def paper_id(url: str) -> PaperId | None:
    """The paper a URL points to, or ``None`` when it is not a paper address we know."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = unquote(parts.path)
    if host in {"arxiv.org", "export.arxiv.org"}:
        match = ARXIV_PATH.match(path)
        return ("arxiv", match.group(1)) if match else None
    if host in {"doi.org", "dx.doi.org"} and path.startswith("/10."):
        return ("doi", path[1:].lower())
    if host == "openreview.net":
        ids = parse_qs(parts.query).get("id")
        return ("openreview", ids[0]) if ids else None
    if host == "proceedings.mlr.press":
        match = PMLR_PATH.match(path)
        return ("pmlr", f"{match.group(1)}/{match.group(2)}") if match else None
    if host == "jmlr.org":
        match = JMLR_PATH.match(path)
        if not match:
            return None
        volume, name = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        return ("jmlr", f"v{volume}/{name}")
    return None


def describe(paper: PaperId) -> str:
    """A paper identifier for a message, e.g. ``arXiv 2203.11171``."""
    return f"{SERVICE_NAMES[paper[0]]} {paper[1]}"


def entry_paper_ids(fields: Mapping[str, str]) -> set[PaperId]:
    """Every identifier a bibliography entry's fields give its paper."""
    ids: set[PaperId] = set()
    eprint = fields.get("eprint", "").strip()
    prefix = fields.get("archiveprefix", fields.get("archivePrefix", "arXiv")).strip().lower()
    if eprint and prefix == "arxiv":
        ids.add(("arxiv", re.sub(r"v\d+$", "", eprint)))
    doi = fields.get("doi", "").strip()
    if doi:
        ids.add(("doi", doi.lower()))
    for name in ("url", "pdf"):
        found = paper_id(fields.get(name, ""))
        if found:
            ids.add(found)
    return ids
