"""A book read by two worker processes equals the same book read by one.

The root ``test-parallel`` has 46 documents, well over the number the read scheduler
reads without workers (:data:`labnotebook.build.scheduling.SERIAL_READ_LIMIT`), with
everything a worker records for the main process to merge: notes and their labels,
``{note}`` and ``{ref}`` links (backlinks), citations and their cited-by lists, a
translation pair, per-note figure numbers, listing pages and two executable notes.
"""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from labnotebook.build.scheduling import SERIAL_READ_LIMIT
from labnotebook.notes.backlinks import BacklinksDomain
from labnotebook.notes.domain import NoteDomain
from labnotebook.notes.listings import ListingsDomain
from tests.conftest import ROOTS, warnings_of

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.domains import Domain

#: The per-document state each parallel reader hands back, by domain.
MERGED_DOMAINS: tuple[type[Domain], ...] = (NoteDomain, BacklinksDomain, ListingsDomain)
#: The notes whose text the incremental build changes: more than are read serially.
EDITED = [f"notes/note-{n:02d}" for n in range(1, 13)]


class Merges:
    """What the main process merged from workers: each chunk, and each domain's documents."""

    def __init__(self) -> None:
        self.chunks: list[set[str]] = []
        self.by_domain: dict[str, set[str]] = {}

    def on_merge_info(self, app: Any, env: Any, docnames: Set[str], other: Any) -> None:
        self.chunks.append(set(docnames))

    def spy_on(self, monkeypatch: pytest.MonkeyPatch, domain: type[Domain]) -> None:
        merge = domain.merge_domaindata
        merged = self.by_domain.setdefault(domain.name, set())

        def recording(self: Domain, docnames: Set[str], otherdata: dict[str, Any]) -> None:
            merged.update(docnames)
            merge(self, docnames, otherdata)

        monkeypatch.setattr(domain, "merge_domaindata", recording)


def build(src: Path, parallel: int, cache: Path, merges: Merges | None = None) -> Any:
    """A fresh Sphinx application building ``src``; the finished app."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        "html",
        srcdir=src,
        status=StringIO(),
        warning=StringIO(),
        parallel=parallel,
        # both trees share one notebook cache: the notes run once, in the first build
        confoverrides={"nb_execution_cache_path": str(cache)},
    )
    try:
        if merges is not None:
            app.connect("env-merge-info", merges.on_merge_info)
        app.build()
    finally:
        app.cleanup()
    return app


#: An executable note's provenance stamp: when and whether this very build ran it.
EXECUTION_STAMP = re.compile(r'<div class="exec-stamp .*?</dl>\n</div>', re.DOTALL)


def pages(outdir: Path) -> dict[str, str]:
    """Every HTML page of a build, by path, without execution stamps.

    The first build runs the notebooks and the second takes them from the shared cache,
    so only their stamps may differ; that is the one thing left out.
    """
    return {
        str(path.relative_to(outdir)): EXECUTION_STAMP.sub("", path.read_text(encoding="utf-8"))
        for path in sorted(outdir.rglob("*.html"))
    }


def edit(src: Path) -> None:
    """Retitle the edited notes: their referrers, neighbours and the listings change too."""
    for docname in EDITED:
        path = src / f"{docname}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'title: "(.*)"', r'title: "\1, revised"', text, count=1))


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path, Path]:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    for tree in (serial, parallel):
        shutil.copytree(ROOTS / "test-parallel", tree)
    return serial, parallel, tmp_path / "jupyter_cache"


def assert_merged_in_parallel(merges: Merges, read: set[str]) -> None:
    assert len(merges.chunks) >= 2, "the documents were not read by worker processes"
    assert set().union(*merges.chunks) == read
    for domain in MERGED_DOMAINS:
        assert merges.by_domain[domain.name] == read, domain.name


def test_parallel_read_merges_and_equals_serial(
    trees: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    serial_src, parallel_src, cache = trees
    serial = build(serial_src, 1, cache)
    assert warnings_of(serial) == []

    merges = Merges()
    for domain in MERGED_DOMAINS:
        merges.spy_on(monkeypatch, domain)
    parallel = build(parallel_src, 2, cache, merges)
    assert warnings_of(parallel) == []
    documents = set(parallel.env.found_docs)
    assert len(documents) > 5 * SERIAL_READ_LIMIT
    assert_merged_in_parallel(merges, documents)
    # what the workers recorded reached the main process
    notes = parallel.env.get_domain("note").notes
    assert len(notes) == len(documents) - 2  # all but the index and the bibliography
    assert set(parallel.env.get_domain("backlinks").refs) == set(notes)
    assert parallel.env.get_domain("listings").pages == {"index": True}
    assert pages(Path(parallel.outdir)) == pages(Path(serial.outdir))

    edit(serial_src)
    edit(parallel_src)
    serial = build(serial_src, 1, cache)
    assert warnings_of(serial) == []
    merges = Merges()
    for domain in MERGED_DOMAINS:
        merges.spy_on(monkeypatch, domain)
    parallel = build(parallel_src, 2, cache, merges)
    assert warnings_of(parallel) == []
    assert_merged_in_parallel(merges, set(EDITED))
    rebuilt = pages(Path(parallel.outdir))
    assert rebuilt == pages(Path(serial.outdir))
    # the edit shows where it should: in the note, its neighbours' backlinks, the listing
    assert "Note 02, revised" in rebuilt["notes/note-02.html"]
    assert "Note 12, revised" in rebuilt["notes/note-13.html"]
    assert "Note 12, revised" in rebuilt["index.html"]
