"""How a note is cited: a formatted reference and a BibTeX entry. Sphinx-free."""

from __future__ import annotations

from collections.abc import Mapping

from labnotebook.core.note import Author, NoteMeta

KIND_NAMES = {
    "research-note": "Research note",
    "course-project": "Course project",
    "essay": "Essay",
    "page": "Page",
}


def author_names(note: NoteMeta, authors: Mapping[str, Author]) -> list[str]:
    """Display names of the note's authors, in order (an unknown id stands for itself)."""
    return [authors[a].name if a in authors else a for a in note.authors]


def format_citation(
    note: NoteMeta,
    authors: Mapping[str, Author],
    *,
    site: str,
    url: str,
    fallback_author: str = "",
) -> str:
    """A plain-text reference in author-year form, naming the version cited.

    A note without authors is credited to ``fallback_author`` (the project's), else the site.
    """
    names = author_names(note, authors)
    if len(names) > 1:
        who = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        who = names[0] if names else (fallback_author or site)
    kind = KIND_NAMES[note.kind].lower()
    version = note.last_changed.isoformat()
    return f"{who} ({note.date.year}). {note.title}. {site}, {kind}, version of {version}. {url}"


def braces_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def bibtex_text(text: str) -> str:
    """A BibTeX field value that pybtex reads back as ``text``.

    Balanced braces stay as they are (they read back unchanged); unbalanced ones are
    escaped so the entry stays valid, which is the one case that cannot round-trip.
    """
    if not braces_balanced(text):
        text = text.replace("{", r"\{").replace("}", r"\}")
    return "{" + text + "}"


def bibtex_name(name: str) -> str:
    """One author for BibTeX's ``and``-separated list; a name containing " and " is braced."""
    return "{" + name + "}" if " and " in name else name


def to_bibtex(
    note: NoteMeta,
    authors: Mapping[str, Author],
    *,
    site: str,
    url: str,
    fallback_author: str = "",
) -> str:
    """A ``@misc`` entry keyed by the note's label."""
    names = [bibtex_name(n) for n in author_names(note, authors)] or [fallback_author or site]
    fields = [
        ("author", " and ".join(names)),
        ("title", note.title),
        ("year", str(note.date.year)),
        ("howpublished", site),
        ("note", f"{KIND_NAMES[note.kind]}, version of {note.last_changed.isoformat()}"),
    ]
    if url:
        fields.append(("url", url))
    body = ",\n".join(f"  {key} = {bibtex_text(value)}" for key, value in fields)
    return f"@misc{{{note.label},\n{body}\n}}\n"
