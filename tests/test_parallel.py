"""A book read by two worker processes equals the same book read by one.

The root ``test-parallel`` has 46 documents, well over the number the read scheduler
reads without workers (:data:`labnotebook.build.scheduling.SERIAL_READ_LIMIT`), with
everything a worker records for the main process to merge: notes and their labels,
``{note}`` and ``{ref}`` links (backlinks), citations and their cited-by lists, a
translation pair, per-note figure numbers, listing pages and two executable notes.

Each build runs in a process of its own (``python -m tests.test_parallel``): MyST-NB
registers its parser in Sphinx's process-wide state, which would leak into the
Markdown-only builds of later tests. That process spies on the merges and reports
them, with the domains' contents, as JSON.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from labnotebook.build.scheduling import SERIAL_READ_LIMIT
from labnotebook.notes.backlinks import BacklinksDomain
from labnotebook.notes.domain import NoteDomain
from labnotebook.notes.listings import ListingsDomain
from tests.conftest import REPO, ROOTS, warnings_of

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.domains import Domain

#: The per-document state each parallel reader hands back, by domain.
MERGED_DOMAINS: tuple[type[Domain], ...] = (NoteDomain, BacklinksDomain, ListingsDomain)
#: The notes whose text the incremental build changes: more than are read serially.
EDITED = [f"notes/note-{n:02d}" for n in range(1, 13)]
#: An executable note's provenance stamp: when and whether this very build ran it.
EXECUTION_STAMP = re.compile(r'<div class="exec-stamp .*?</dl>\n</div>', re.DOTALL)


def build_and_report(src: Path, parallel: int, cache: Path) -> dict[str, Any]:
    """Build ``src`` with a fresh application; what was merged, and what the domains hold."""
    from sphinx.testing.util import SphinxTestApp

    chunks: list[list[str]] = []
    merged: dict[str, set[str]] = {}
    for domain in MERGED_DOMAINS:
        merged[domain.name] = set()
        domain.merge_domaindata = recording(domain, merged[domain.name])  # type: ignore[method-assign]
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
        app.connect("env-merge-info", lambda app, env, docs, other: chunks.append(sorted(docs)))
        app.build()
    finally:
        app.cleanup()
    env = app.env
    return {
        "warnings": warnings_of(app),
        "documents": sorted(env.found_docs),
        "chunks": chunks,
        "merged": {name: sorted(docs) for name, docs in merged.items()},
        "notes": sorted(env.get_domain("note").notes),
        "refs": sorted(env.get_domain("backlinks").refs),
        "listings": sorted(env.get_domain("listings").pages),
        "outdir": str(app.outdir),
    }


def recording(domain: type[Domain], merged: set[str]) -> Any:
    """``domain``'s own merge, noting the documents it was handed."""
    merge = domain.merge_domaindata

    def merge_domaindata(self: Domain, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        merged.update(docnames)
        merge(self, docnames, otherdata)

    return merge_domaindata


def build(src: Path, parallel: int, cache: Path) -> dict[str, Any]:
    """:func:`build_and_report` in a new Python process."""
    command = [sys.executable, "-m", "tests.test_parallel", str(src), str(parallel), str(cache)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-5000:]
    return json.loads(result.stdout.splitlines()[-1])


def pages(outdir: str) -> dict[str, str]:
    """Every HTML page of a build, by path, without execution stamps.

    The first build runs the notebooks and the second takes them from the shared cache,
    so only their stamps may differ; that is the one thing left out.
    """
    root = Path(outdir)
    return {
        str(path.relative_to(root)): EXECUTION_STAMP.sub("", path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.html"))
    }


def edit(src: Path) -> None:
    """Retitle the edited notes: their referrers, neighbours and the listings change too."""
    for docname in EDITED:
        path = src / f"{docname}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'title: "(.*)"', r'title: "\1, revised"', text, count=1))
        # later than the first build's reading, whatever the file system's clock resolution
        later = time.time() + 5
        os.utime(path, (later, later))


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path, Path]:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    for tree in (serial, parallel):
        shutil.copytree(ROOTS / "test-parallel", tree)
    return serial, parallel, tmp_path / "jupyter_cache"


def assert_merged_in_parallel(report: dict[str, Any], read: list[str]) -> None:
    assert len(report["chunks"]) >= 2, "the documents were not read by worker processes"
    assert sorted(doc for chunk in report["chunks"] for doc in chunk) == read
    for domain in MERGED_DOMAINS:
        assert report["merged"][domain.name] == read, domain.name


def test_parallel_read_merges_and_equals_serial(trees: tuple[Path, Path, Path]) -> None:
    serial_src, parallel_src, cache = trees
    serial = build(serial_src, 1, cache)
    assert serial["warnings"] == []
    assert serial["chunks"] == []

    parallel = build(parallel_src, 2, cache)
    assert parallel["warnings"] == []
    documents = parallel["documents"]
    assert len(documents) > 5 * SERIAL_READ_LIMIT
    assert_merged_in_parallel(parallel, documents)
    # what the workers recorded reached the main process, as in the serial build
    for key in ("notes", "refs", "listings"):
        assert parallel[key] == serial[key], key
    assert len(parallel["notes"]) == len(documents) - 2  # all but the index and bibliography
    assert set(parallel["notes"]) <= set(parallel["refs"])  # every note links to another
    assert parallel["listings"] == ["index"]
    assert pages(parallel["outdir"]) == pages(serial["outdir"])

    edit(serial_src)
    edit(parallel_src)
    serial = build(serial_src, 1, cache)
    assert serial["warnings"] == []
    parallel = build(parallel_src, 2, cache)
    assert parallel["warnings"] == []
    # the bibliography lists the citing notes, so it is read again whenever a note changes
    assert_merged_in_parallel(parallel, sorted([*EDITED, "bibliography"]))
    rebuilt = pages(parallel["outdir"])
    assert rebuilt == pages(serial["outdir"])
    # the edit shows where it should: in the note, its neighbours' backlinks, the listing
    assert "Note 02, revised" in rebuilt["notes/note-02.html"]
    assert "Note 12, revised" in rebuilt["notes/note-13.html"]
    assert "Note 12, revised" in rebuilt["index.html"]


if __name__ == "__main__":
    tree, workers, notebook_cache = sys.argv[1:]
    print(json.dumps(build_and_report(Path(tree), int(workers), Path(notebook_cache))))
