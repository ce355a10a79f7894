"""How a note is cited: a formatted reference and a BibTeX entry. Sphinx-free."""

from __future__ import annotations

from collections.abc import Mapping

from pybtex.database import Entry, Person

from labnotebook.core.authors import Author
from labnotebook.core.bibtex import tex_person, tex_text, tex_url, tex_url_command, write_entries
from labnotebook.core.note import NoteMeta

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
    """A plain-text reference in author-year form, naming the version cited; a note with
    a DOI is linked by it. A note without authors is credited to ``fallback_author``
    (the project's ``author``), else to the site."""
    names = author_names(note, authors)
    if len(names) > 1:
        who = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        who = names[0] if names else (fallback_author or site)
    kind = KIND_NAMES[note.kind].lower()
    version = f"version {note.version} of" if note.version else "version of"
    address = f"https://doi.org/{note.doi}" if note.doi else url
    text = f"{who} ({note.date.year}). {note.title}. {site}, {kind}, {version} "
    return text + f"{note.last_changed.isoformat()}. {address}".rstrip()


#: biblatex's ``langid`` (a babel/polyglossia language name) of each note language.
LANGIDS = {"en": "english", "zh-Hans": "chinese"}


def version_of(note: NoteMeta) -> str:
    """The version a citation names: the note's ``version``, else its last change's date."""
    return note.version or note.last_changed.isoformat()


def to_bibtex(
    note: NoteMeta,
    authors: Mapping[str, Author],
    *,
    site: str,
    url: str,
    classic: bool = False,
    fallback_author: str = "",
) -> str:
    """One entry keyed by the note's label: for biblatex, or with ``classic`` for BibTeX.

    For biblatex (read by biber, so non-ASCII text stays UTF-8) the type is ``@online``,
    its type for a versioned web document, with the full date, ``version``, ``urldate``
    (this version), ``langid``, ``doi`` and the authors' ORCID iDs as a named annotation.
    Classic BibTeX styles know no ``@online``, and plain, alpha and apalike print no
    ``url``: for them the entry is a ``@misc`` with a year, whose ``howpublished``
    names the site and version and links the URL, with accented letters spelled in
    LaTeX for 8-bit BibTeX. The biblatex entry carries the same ``howpublished`` (its
    ``@online`` ignores it), so it still prints in full when pasted into a BibTeX file.
    """
    persons = [tex_person(name, ascii=classic) for name in author_names(note, authors)]
    version = version_of(note)
    howpublished = tex_text(
        f"{site}, {KIND_NAMES[note.kind].lower()}, version {version}", ascii=classic
    )
    if url:
        howpublished += ", " + tex_url_command(url, in_argument=not classic)
    title = tex_text(note.title, protect_capitals=True, ascii=classic)
    fields: list[tuple[str, str]] = [("title", title)]
    if classic:
        fields += [("year", str(note.date.year)), ("howpublished", howpublished)]
        fields += [("note", tex_text(KIND_NAMES[note.kind], ascii=True))]
        fields += [("url", tex_url(url))] if url else []
        fields += [("doi", tex_url(note.doi))] if note.doi else []
    else:
        fields += [
            ("date", note.date.isoformat()),
            ("version", tex_text(version)),
            ("organization", tex_text(site)),
            ("note", tex_text(KIND_NAMES[note.kind])),
            ("langid", LANGIDS.get(note.language, note.language)),
        ]
        if url:
            fields += [("url", tex_url(url)), ("urldate", note.last_changed.isoformat())]
        fields.append(("howpublished", howpublished))
        fields += [("doi", tex_url(note.doi))] if note.doi else []
        fields += [("abstract", tex_text(note.abstract))] if note.abstract else []
        fields += [("keywords", tex_text(", ".join(note.tags)))] if note.tags else []
        orcids = [
            f'{position}="{authors[author_id].orcid}"'
            for position, author_id in enumerate(note.authors, start=1)
            if author_id in authors and authors[author_id].orcid
        ]
        fields += [("author+an:orcid", "; ".join(orcids))] if orcids else []
    # a note without authors is the project author's, else the site's: a corporate
    # name, braced so it is never split
    if not persons and fallback_author:
        persons = [tex_person(fallback_author, ascii=classic)]
    persons = persons or [Person("{" + tex_text(site, ascii=classic) + "}")]
    entry = Entry("misc" if classic else "online", fields=fields, persons={"author": persons})
    return write_entries([(note.label, entry)])
