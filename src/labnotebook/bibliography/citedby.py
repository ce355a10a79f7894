"""The global bibliography and the "cited by" lists under its entries.

``{globalbibliography}`` lists every entry of the ``.bib`` files, formatted like the
notes' reference lists but built by labnotebook rather than by sphinxcontrib-bibtex,
so listing a paper here never counts as a second citation of it. Under each entry,
a placeholder is filled once every document has been read, with links to the
notes that cite the paper (a ``{cite}`` role or the ``papers`` front matter field).
The publications page uses the same placeholder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pybtex.plugin
import pybtex_docutils
from docutils import nodes
from pybtex.style.template import FieldIsMissing
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinxcontrib.bibtex.transforms import node_text_transform

from labnotebook.bibliography.domain import bibtex_of, get_bib_domain
from labnotebook.bibliography.styles import STYLE_NAME
from labnotebook.notes.domain import DOMAIN as NOTE_DOMAIN
from labnotebook.notes.domain import NoteDomain
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain


class cited_by(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for the notes citing ``key``; ``label`` introduces the list."""


def entry_id(key: str) -> str:
    """The anchor of an entry on the global bibliography page."""
    return nodes.make_id(f"bib-{key}")


def require_bibtex(directive: SphinxDirective) -> BibtexDomain:
    """sphinxcontrib-bibtex's domain, with the current document depending on the .bib files.

    :raises DirectiveError: reported at the directive, when the project lacks the extension.
    """
    bibtex = bibtex_of(directive.env)
    if bibtex is None:
        raise directive.error(
            f"{{{directive.name}}} needs sphinxcontrib-bibtex: add 'sphinxcontrib.bibtex' "
            "to extensions and name the .bib files in bibtex_bibfiles"
        )
    for path in bibtex.bibdata.bibfiles:
        directive.env.note_dependency(str(path))
    get_bib_domain(directive.env).note_lister(directive.env.docname)
    return bibtex


class GlobalBibliographyDirective(SphinxDirective):
    """``{globalbibliography}``: every entry of the bibliography, each with its citing notes."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        entries = list(require_bibtex(self).bibdata.data.entries.values())
        style = pybtex.plugin.find_plugin("pybtex.style.formatting", STYLE_NAME)()
        backend = pybtex_docutils.Backend()
        listing = nodes.container(classes=["lnb-bibliography"])
        for entry in style.sort(entries):
            item = nodes.container(classes=["lnb-bib-entry"], ids=[entry_id(entry.key)])
            try:
                paragraph = backend.paragraph(style.format_entry(entry.key, entry))
            except FieldIsMissing as exc:
                warn(
                    f"bibliography entry {entry.key!r} cannot be formatted: {exc}; "
                    "add the missing field to its entry",
                    NoteWarning.BIBLIOGRAPHY,
                    location=(self.env.docname, self.lineno),
                )
                continue
            node_text_transform(paragraph)
            item += paragraph
            item += cited_by(key=entry.key, label="Cited by")
            listing += item
        return [listing]


def citing_notes(env: BuildEnvironment, key: str) -> list[tuple[str, str]]:
    """``(title, docname)`` of every document citing ``key``, sorted by title."""
    notes = cast(NoteDomain, env.get_domain(NOTE_DOMAIN)).notes
    docnames = get_bib_domain(env).citing_documents(key)
    folded = key.casefold()
    docnames |= {
        docname
        for docname, note in notes.items()
        if any(p.casefold() == folded for p in note.papers)
    }
    found = []
    for docname in docnames:
        if docname in notes:
            title = notes[docname].title
        elif docname in env.titles:
            title = env.titles[docname].astext()
        else:
            continue
        found.append((title, docname))
    return sorted(found)


class CitedByLists(SphinxPostTransform):
    """Fill each placeholder with links to the notes citing its paper."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        for placeholder in list(self.document.findall(cited_by)):
            found = [
                (title, docname)
                for title, docname in citing_notes(self.env, placeholder["key"])
                if docname != self.env.docname
            ]
            if not found:
                placeholder.parent.remove(placeholder)
                continue
            paragraph = nodes.paragraph(classes=["lnb-cited-by"])
            paragraph += nodes.inline(
                text=f"{placeholder['label']}: ", classes=["lnb-cited-by-label"]
            )
            for index, (title, docname) in enumerate(found):
                if index:
                    paragraph += nodes.Text(", ")
                link = make_refnode(
                    self.app.builder,
                    self.env.docname,
                    docname,
                    "",
                    nodes.inline(title, title),
                    title,
                )
                link["classes"].append("lnb-cited-by-link")
                paragraph += link
            placeholder.replace_self(paragraph)


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the pages that list citing notes whenever another document changes."""
    listers = set(get_bib_domain(env).listers) - removed
    if (added | changed | removed) - listers:
        return sorted(listers)
    return []


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_cited_by(app: Sphinx) -> None:
    skip = (_skip, None)
    app.add_node(cited_by, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_directive("globalbibliography", GlobalBibliographyDirective)
    app.add_post_transform(CitedByLists)
    app.connect("env-get-outdated", on_env_get_outdated)
