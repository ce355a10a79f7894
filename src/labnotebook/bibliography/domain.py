"""The ``bib`` domain: which document cites which paper, merged across parallel readers.

sphinxcontrib-bibtex keeps its own record of citations, but labnotebook rewrites
the keys of notes with an automatic reference list (see :mod:`.references`), so it
records the plain keys here, with the line of each first citation. The domain also
remembers the documents that list papers with their citing notes (the global
bibliography and the publications page): they are re-read whenever a document
changes, because a change may add or remove a citation they show.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any, ClassVar, cast

from sphinx.errors import ExtensionError

from labnotebook.notes.domain import StateDomain

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain

DOMAIN = "bib"


class BibDomain(StateDomain):
    """Citations by document.

    ``data["cites"]`` maps a docname to ``{key: line}``, the papers its ``{cite}``
    roles name; ``data["listers"]`` maps the docname of each page that lists papers
    with their citing notes to ``True``.
    """

    name = DOMAIN
    label = "Bibliography"
    initial_data: ClassVar[dict[str, Any]] = {"cites": {}, "listers": {}}
    data_version = 1

    @property
    def cites(self) -> dict[str, dict[str, int]]:
        return self.data.setdefault("cites", {})

    @property
    def listers(self) -> dict[str, bool]:
        return self.data.setdefault("listers", {})

    def note_cite(self, docname: str, key: str, line: int) -> None:
        self.cites.setdefault(docname, {}).setdefault(key, line)

    def note_lister(self, docname: str) -> None:
        self.listers[docname] = True

    def clear_doc(self, docname: str) -> None:
        self.cites.pop(docname, None)
        self.listers.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in ("cites", "listers"):
            ours, theirs = self.data.setdefault(name, {}), otherdata.get(name, {})
            for docname in docnames:
                if docname in theirs:
                    ours[docname] = theirs[docname]

    def citing_documents(self, key: str) -> set[str]:
        """The documents whose ``{cite}`` roles name ``key`` (compared without case)."""
        folded = key.casefold()
        return {
            docname
            for docname, keys in self.cites.items()
            if any(k.casefold() == folded for k in keys)
        }


def get_bib_domain(env: BuildEnvironment) -> BibDomain:
    return cast(BibDomain, env.get_domain(DOMAIN))


def bibtex_of(env: BuildEnvironment) -> BibtexDomain | None:
    """sphinxcontrib-bibtex's domain, or ``None`` in a project that does not load it."""
    try:
        return cast("BibtexDomain", env.get_domain("cite"))
    except ExtensionError:
        return None
