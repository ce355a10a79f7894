"""Reading pybtex entries for display: LaTeX to text, names, venues and links.

Sphinx-free. Fields are shown exactly as the ``.bib`` file gives them; nothing is
looked up elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pybtex.database import Person
from pybtex.richtext import Text

if TYPE_CHECKING:
    from pybtex.database import Entry


def latex_to_text(value: str) -> str:
    """A BibTeX field as plain text: accents decoded, grouping braces dropped.

    The backend is named ``plaintext``, not its alias ``text``: pybtex looks an alias up
    only after scanning every installed distribution's entry points for the name, which
    the plugin table filled by :mod:`labnotebook.build.plugin_cache` cannot spare. With
    the alias, the exports' names and venues cost 43 % of a 200-note build's profile.
    """
    return " ".join(Text.from_latex(value).render_as("plaintext").split())


def display_name(person: Person) -> str:
    """A name in reading order, e.g. ``Johannes von Oswald``."""
    parts = [
        *person.first_names,
        *person.middle_names,
        *person.prelast_names,
        *person.last_names,
        *person.lineage_names,
    ]
    return latex_to_text(" ".join(parts))


def _name_key(person: Person) -> tuple[str, str]:
    """Last name and first initial, without case: how names are matched."""
    last = latex_to_text(" ".join(person.prelast_names + person.last_names)).casefold()
    first = latex_to_text(" ".join(person.first_names)).casefold()
    return last, first[:1]


def same_person(person: Person, names: Iterable[str]) -> bool:
    """Whether ``person`` is one of ``names`` (BibTeX form, e.g. ``"Pai, Druv"``)."""
    key = _name_key(person)
    return any(_name_key(Person(name)) == key for name in names)


def year_of(entry: Entry) -> str:
    return entry.fields.get("year", "").strip()


def venue_of(entry: Entry) -> str:
    """Where the paper appeared: the journal, the proceedings or the publisher."""
    for field in ("journal", "booktitle", "publisher", "howpublished"):
        if entry.fields.get(field):
            return latex_to_text(entry.fields[field])
    if entry.fields.get("eprint") and entry.fields.get("archiveprefix", "").lower() == "arxiv":
        return "arXiv preprint"
    return ""


@dataclass(frozen=True)
class Link:
    """A labelled link of a publication: arXiv, PDF, code, the paper's page."""

    label: str
    url: str


def links_of(entry: Entry) -> list[Link]:
    """The links an entry's fields give, in a fixed order."""
    fields = entry.fields
    links = []
    eprint = fields.get("eprint", "").strip()
    arxiv = eprint if fields.get("archiveprefix", "arXiv").lower() == "arxiv" else ""
    if arxiv:
        links.append(Link("arXiv", f"https://arxiv.org/abs/{arxiv}"))
    if fields.get("pdf"):
        links.append(Link("PDF", fields["pdf"].strip()))
    elif arxiv:
        links.append(Link("PDF", f"https://arxiv.org/pdf/{arxiv}"))
    if fields.get("code"):
        links.append(Link("Code", fields["code"].strip()))
    url = fields.get("url", "").strip()
    if url and not url.startswith("https://arxiv.org/abs/"):
        links.append(Link("Paper", url))
    elif fields.get("doi"):
        links.append(Link("DOI", f"https://doi.org/{fields['doi'].strip()}"))
    return links


def keywords_of(entry: Entry) -> set[str]:
    return {k.strip().casefold() for k in entry.fields.get("keywords", "").split(",") if k.strip()}
