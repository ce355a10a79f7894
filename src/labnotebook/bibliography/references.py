"""A reference list at the end of every document that cites, with no duplicate warnings.

How it works, in three steps:

1. At ``source-read``, a document whose text uses a ``{cite}`` role and has no
   ``{bibliography}`` block of its own gets a "References" section appended to
   the text Sphinx parses (never to the file): a ``{bibliography}`` directive
   with a key prefix unique to the document.
2. After parsing, :class:`CitationKeys` checks every cited key against the
   bibliography (an unknown key is reported at its line) and prefixes the keys
   of the document's citations, so that they resolve to the document's own list.
   sphinxcontrib-bibtex then sees one distinct key per list: no "duplicate
   citation" warning however many notes cite the same paper, and every citation
   links to the list on its own page. A section whose document turned out to
   cite nothing (the role was only shown in code) is removed before the table of
   contents is collected.
3. The plain keys go to the ``bib`` domain, for the cited-by lists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinxcontrib.bibtex.citation_target import CitationTarget, parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

from labnotebook.bibliography.domain import bibtex_of, get_bib_domain
from labnotebook.bibliography.styles import STYLE_NAME
from labnotebook.core.front_matter import read_front_matter
from labnotebook.core.note import closest
from labnotebook.notes.domain import DOMAIN as NOTE_DOMAIN
from labnotebook.notes.domain import NoteDomain
from labnotebook.patches.sphinxcontrib_bibtex import keep_plain_citations, prefix_citation_refs
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinxcontrib.bibtex.domain import BibtexDomain

CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`|:cite(?::\w+)?:`")
# a bibliography directive of the document's own: a fence opening on ``{bibliography}``
# (or a reST directive); the name quoted in prose or inline code does not count
HAS_BIBLIOGRAPHY = re.compile(
    r"^[ \t>]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{(?:foot)?bibliography\}"
    r"|^[ \t]*\.\.[ \t]+(?:foot)?bibliography::",
    re.MULTILINE,
)
# the opening of a MyST bibliography block whose options are written as ``:name:`` lines
OWN_BLOCK = re.compile(
    r"^([ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{bibliography\}[^\n]*\n)", re.MULTILINE
)
HEADINGS = {"en": "References", "zh-Hans": "参考文献"}
SECTION_CLASS = "lnb-references"


def key_prefix(docname: str) -> str:
    """The prefix given to the keys of a document's own reference list."""
    return f"{docname}/"


def reference_section(docname: str, language: str) -> str:
    """The MyST text of a document's automatic reference list."""
    heading = HEADINGS.get(language, HEADINGS["en"])
    return (
        f"\n\n## {heading}\n\n"
        "```{bibliography}\n"
        f":style: {STYLE_NAME}\n"
        ":filter: cited\n"
        f":keyprefix: {key_prefix(docname)}\n"
        "```\n"
    )


def _append_to_notebook(text: str, section: str) -> str:
    """The notebook JSON ``text`` with one more markdown cell holding ``section``."""
    try:
        notebook: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError:
        return text  # reported by MyST-NB when it reads the notebook
    notebook.setdefault("cells", []).append(
        {"cell_type": "markdown", "metadata": {}, "source": section.strip() + "\n"}
    )
    return json.dumps(notebook)


def prefix_own_block(text: str, docname: str) -> str:
    """Give a document's own ``{bibliography}`` block the document's key prefix.

    A block written by hand is kept, but it too gets keys of its own, so that two
    notes listing the same paper do not clash. Only the first block of the
    document, and only one whose options are ``:name:`` lines and set no prefix.
    """
    match = OWN_BLOCK.search(text)
    if match is None:
        return text
    rest = text[match.end() :]
    if rest.lstrip(" \t").startswith("---") or ":keyprefix:" in rest.split("\n```", 1)[0]:
        return text
    option = f":keyprefix: {key_prefix(docname)}\n"
    return text[: match.end()] + option + rest


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Append the reference list to a citing document that has none."""
    text = source[0]
    if "sphinxcontrib.bibtex" not in app.extensions or not CITE_ROLE.search(text):
        return
    if HAS_BIBLIOGRAPHY.search(text):
        if Path(app.env.doc2path(docname)).suffix == ".md":
            source[0] = prefix_own_block(text, docname)
        return
    note = cast(NoteDomain, app.env.get_domain(NOTE_DOMAIN)).notes.get(docname)
    section = reference_section(docname, note.language if note else "en")
    if Path(app.env.doc2path(docname)).suffix == ".ipynb":
        source[0] = _append_to_notebook(text, section)
    else:
        source[0] = text.rstrip("\n") + section


def exact_line(path: Path, start: int | None, needle: str) -> int | None:
    """The first line at or after ``start`` whose text contains ``needle``.

    MyST gives an inline role the line of its paragraph; searching from there
    finds the line the role is really on.
    """
    if start is None or path.suffix != ".md":
        return start
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return start
    for number in range(start, min(len(lines), start + 200) + 1):
        if needle in lines[number - 1]:
            return number
    return start


def _render_target(target: CitationTarget, prefix: str) -> str:
    pre = f"{{{target.pre}}}" if target.pre else ""
    post = f"{{{target.post}}}" if target.post else ""
    return f"{pre}{prefix}{target.key}{post}"


class CitationKeys(SphinxTransform):
    """Check the keys a document cites and point its citations at its own list."""

    # after MyST and docutils have built the tree, before Sphinx's own transforms
    # that collect targets; any read-phase priority works, none depends on this one
    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.docname
        bibtex = bibtex_of(env)
        if bibtex is None:
            return
        entries = bibtex.bibdata.data.entries
        path = Path(env.doc2path(docname))
        auto_lists = self._auto_lists(bibtex, docname)
        prefix = key_prefix(docname) if auto_lists else ""
        known = {key.casefold(): key for key in entries}
        bib = get_bib_domain(env)
        cited_any = False
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("refdomain") != "cite":
                continue
            try:
                targets = list(parse_citation_targets(xref["reftarget"]))
            except ValueError:
                continue  # sphinxcontrib-bibtex reports the malformed target
            kept = []
            for target in targets:
                line = exact_line(path, xref.line, target.key)
                if target.key.casefold() in known:
                    kept.append(target)
                    bib.note_cite(docname, known[target.key.casefold()], line or 0)
                else:
                    warn(
                        f"unknown citation key {target.key!r}"
                        f"{closest(target.key, list(entries))}: the bibliography "
                        f"({', '.join(env.config.bibtex_bibfiles)}) has no entry with "
                        "this key; fix the key or add the paper's entry",
                        NoteWarning.UNKNOWN_KEY,
                        location=(docname, line),
                    )
            if not kept:
                # shown as text, so sphinxcontrib-bibtex does not report it a second time
                xref.replace_self(nodes.inline(xref["reftarget"], xref["reftarget"]))
                continue
            cited_any = True
            xref["reftarget"] = ",".join(_render_target(t, prefix) for t in kept)
        if cited_any:
            # the page shows the entries (its list, the citations' hover text):
            # an edited .bib file rewrites it
            for bibfile in bibtex.bibdata.bibfiles:
                env.note_dependency(str(bibfile))
        if prefix:
            prefix_citation_refs(bibtex, docname, prefix, set(known))
            keep_plain_citations(bibtex, docname, prefix)
        for bib_key, node in auto_lists:
            section = node.parent
            if not (isinstance(section, nodes.section) and len(section.children) == 2):
                section = None  # a list the author placed inside a longer section
            if cited_any:
                if section is not None:
                    section["classes"].append(SECTION_CLASS)
                continue
            # nothing cited after all: drop the list and its heading before the
            # table of contents is collected, and forget the list
            del bibtex.bibliographies[bib_key]
            removed = section if section is not None else node
            removed.parent.remove(removed)
        self._check_front_matter_papers(docname, path, known)

    def _auto_lists(
        self, bibtex: BibtexDomain, docname: str
    ) -> list[tuple[BibliographyKey, nodes.Element]]:
        """The document's automatic reference lists (their bibliography nodes)."""
        found = []
        for node in self.document.findall(bibliography_node):
            bib_key = BibliographyKey(docname=node["docname"], id_=node["ids"][0])
            value = bibtex.bibliographies.get(bib_key)
            if value is not None and value.keyprefix == key_prefix(docname):
                found.append((bib_key, node))
        return found

    def _check_front_matter_papers(self, docname: str, path: Path, known: dict[str, str]) -> None:
        note = cast(NoteDomain, self.env.get_domain(NOTE_DOMAIN)).notes.get(docname)
        if note is None or not note.papers:
            return
        unknown = [key for key in note.papers if key.casefold() not in known]
        if not unknown:
            return
        front = read_front_matter(path)
        line = front.lines.get("papers") if front else None
        for key in unknown:
            warn(
                f"front matter field 'papers': unknown citation key {key!r}"
                f"{closest(key, list(known.values()))}: the bibliography has no entry "
                "with this key; fix the key or add the paper's entry",
                NoteWarning.UNKNOWN_KEY,
                location=(docname, line),
            )


def setup_references(app: Sphinx) -> None:
    app.connect("source-read", on_source_read)
    app.add_transform(CitationKeys)
