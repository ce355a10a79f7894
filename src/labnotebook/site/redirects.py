"""Addresses that never break: redirect pages for old, moved and permanent addresses.

Three kinds of address lead to a page that lives elsewhere:

* the ones its front matter names (``redirect_from``, and Jekyll's ``permalink``);
* every note's permanent address ``n/<label>/`` (see :mod:`labnotebook.core.addresses`);
* the page of a note that was moved or renamed, found from the previous build's record
  (the label that moved) or from git (the file that was renamed), with a warning when
  neither can tell where a page went.

sphinx-reredirects was evaluated: it reads a fixed mapping from ``conf.py``, so it cannot
follow front matter, labels or moves from one build to the next. This module keeps the
addresses in a domain (cleared and merged per document, so incremental and parallel
builds stay right) and writes the pages when the build finishes, touching only the
files whose text changes.
"""

from __future__ import annotations

import json
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from labnotebook.core.addresses import (
    ADDRESS_FIELDS,
    addresses_of,
    permanent_path,
    redirect_files,
    redirect_page,
    relative_link,
)
from labnotebook.core.front_matter import read_front_matter
from labnotebook.notes.domain import StateDomain, note_domain
from labnotebook.site.history import source_history
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: What the last build wrote, kept beside its output: pages, labels and moves.
RECORD_NAME = ".labnotebook-addresses.json"
HTML_FORMATS = frozenset({"html", "dirhtml"})


class AddressDomain(StateDomain):
    """The old addresses each document's front matter names, with the line that names them."""

    name = "addresses"
    label = "Addresses"
    initial_data: ClassVar[dict[str, Any]] = {"old": {}}
    data_version = 1

    @property
    def old(self) -> dict[str, tuple[tuple[str, ...], int | None]]:
        return self.data.setdefault("old", {})

    def clear_doc(self, docname: str) -> None:
        self.old.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        theirs = otherdata.get("old", {})
        for docname in docnames:
            if docname in theirs:
                self.old[docname] = theirs[docname]


def address_domain(env: BuildEnvironment) -> AddressDomain:
    return cast(AddressDomain, env.get_domain(AddressDomain.name))


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Record (and check) the old addresses a page's front matter names."""
    path = Path(app.env.doc2path(docname))
    front = read_front_matter(path, source[0])
    if front is None or front.error:
        return
    found, problems = addresses_of(front.data)
    line = next((front.lines[f] for f in ADDRESS_FIELDS if f in front.lines), None)
    for problem in problems:
        warn(problem, NoteWarning.ADDRESS, location=(docname, line))
    if found:
        address_domain(app.env).old[docname] = (tuple(found), line)


def target_file(uri: str) -> str:
    """The file a page's URI is served from (``dirhtml`` URIs end in a slash)."""
    return uri + "index.html" if uri.endswith("/") or not uri else uri


def read_record(outdir: Path) -> dict[str, Any]:
    try:
        record = json.loads((outdir / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def moved_pages(
    app: Sphinx, record: dict[str, Any], pages: dict[str, str], lost: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """Each old page file of a page that moved -> ``(docname now, how it was found)``.

    Moves found in earlier builds stay in the record, so an old address keeps working
    however many builds later. A page that is gone without a trace is added to ``lost``.
    """
    env = app.env
    labels = note_domain(env).by_label()
    moved: dict[str, tuple[str, str]] = {}
    for old_file, (key, how) in record.get("moved", {}).items():
        docname = labels.get(key) if how == "label" else key
        if docname in pages:
            moved[old_file] = (docname, how)
    history = source_history(env)
    by_source = {Path(env.doc2path(d, False)).as_posix(): d for d in pages}
    renamed_docs = {}
    for old_path, new_path in history.renamed.items():
        if new_path in by_source:
            renamed_docs[str(Path(old_path).with_suffix(""))] = by_source[new_path]
    # a note that kept its file but changed its label keeps its old permanent address
    for old_label, old_docname in record.get("labels", {}).items():
        if old_label not in labels and old_docname in pages:
            moved[permanent_path(old_label) + "index.html"] = (old_docname, "label")
    previous_pages: dict[str, str] = {**record.get("lost", {}), **record.get("pages", {})}
    previous_labels: dict[str, str] = {d: lab for lab, d in record.get("labels", {}).items()}
    for old_docname, old_uri in sorted(previous_pages.items()):
        if old_docname in pages:
            continue
        label = previous_labels.get(old_docname)
        if label and label in labels:
            moved[target_file(old_uri)] = (labels[label], "label")
        elif old_docname in renamed_docs:
            moved[target_file(old_uri)] = (renamed_docs[old_docname], "git")
        else:
            lost[old_docname] = old_uri
    # a clean build has no record: git's renames still say where a page came from
    for old_docname, docname in renamed_docs.items():
        if old_docname not in pages:
            old_file = target_file(app.builder.get_target_uri(old_docname))
            moved.setdefault(old_file, (docname, "git"))
    return moved


def wanted_redirects(app: Sphinx) -> tuple[dict[str, tuple[str, str]], dict[str, Any]]:
    """Each redirect file -> ``(page URI, title)``, and the record of this build."""
    env = app.env
    builder = app.builder
    pages = {d: builder.get_target_uri(d) for d in sorted(env.found_docs)}
    page_files = {target_file(uri): d for d, uri in pages.items()}
    titles = {d: env.titles[d].astext() if d in env.titles else d for d in pages}
    notes = note_domain(env).notes
    outdir = Path(app.outdir)
    record = read_record(outdir)
    wanted: dict[str, tuple[str, str]] = {}

    def add(file: str, docname: str, location: tuple[str, int | None]) -> None:
        if page_files.get(file) == docname:
            return  # the page's own address, e.g. Jekyll's ``permalink: /`` of the home page
        if file in page_files:
            warn(
                f"the old address {file} is where the page {page_files[file]} lives; "
                "remove it from this page's front matter",
                NoteWarning.ADDRESS,
                location=location,
            )
            return
        wanted[file] = (pages[docname], titles[docname])

    for docname, (addresses, line) in sorted(address_domain(env).old.items()):
        if docname in pages:
            for address in addresses:
                for file in redirect_files(address):
                    add(file, docname, (docname, line))
    lost: dict[str, str] = {}
    moved = moved_pages(app, record, pages, lost)
    for file, (docname, _how) in sorted(moved.items()):
        if file not in page_files:
            wanted.setdefault(file, (pages[docname], titles[docname]))
    for old_docname, old_uri in list(lost.items()):
        if target_file(old_uri) in wanted or target_file(old_uri) in page_files:
            del lost[old_docname]  # its address is served again
            continue
        # warned at every build until the address is given a home
        warn(
            f"the page {old_uri} of an earlier build is gone, and neither the build's "
            "record (no note has its label now) nor git (no rename) says where it went; "
            "if it moved, add its address to the new page's front matter, "
            f"e.g. redirect_from: [/{old_uri}]",
            NoteWarning.ADDRESS,
            location=(old_docname, None),
        )
    for docname, note in sorted(notes.items()):
        if docname in pages:
            add(permanent_path(note.label) + "index.html", docname, (docname, None))
    new_record = {
        "pages": pages,
        "labels": {note.label: d for d, note in notes.items() if d in pages},
        "moved": {
            file: (notes[d].label, "label") if d in notes else (d, how)
            for file, (d, how) in moved.items()
        },
        "lost": lost,
        "redirects": sorted(wanted),
    }
    return wanted, new_record


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write the redirect pages this build wants, and drop the ones it no longer does."""
    if (
        exception is not None
        or app.builder.format != "html"
        or app.builder.name not in HTML_FORMATS
    ):
        return
    outdir = Path(app.outdir)
    previous = read_record(outdir)
    wanted, record = wanted_redirects(app)
    for file, (uri, title) in wanted.items():
        path = outdir / file
        text = redirect_page(relative_link(file, uri), title)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for file in set(previous.get("redirects", [])) - set(wanted):
        if file not in {target_file(u) for u in record["pages"].values()}:
            (outdir / file).unlink(missing_ok=True)
    (outdir / RECORD_NAME).write_text(
        json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )


def setup_redirects(app: Sphinx) -> None:
    app.add_domain(AddressDomain)
    app.connect("source-read", on_source_read)
    app.connect("build-finished", on_build_finished)
