"""The order documents are read in, so that notebooks run on every core.

With ``-j N`` Sphinx cuts the sorted list of documents to read into consecutive
chunks and reads N chunks at a time, each in its own process, and MyST-NB runs a
notebook while its document is read. Notes sort by name, so the executable ones
often sit together and land in one chunk: one process runs every notebook, one
after the other, while the others read plain pages and then wait. Here the list is
reordered, before reading starts, so that each chunk holds its share of notebooks.
Only the order changes; every document is still read once.

A parallel read has a fixed cost: each worker process pickles the whole environment
and sends it back, which took longer at 200 notes than reading one note. So when a
rebuild reads only a few documents, and at most one of them runs code, they are read
in the main process, and the parallel setting is given back for writing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from labnotebook import speedups
from labnotebook.patches.sphinx import chunk_sizes, read_serially, restore_parallel

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# a front matter this long is enough to hold the kernelspec of a MyST notebook
HEAD_BYTES = 4096
#: Up to this many documents (at most one of them a notebook) are read serially.
SERIAL_READ_LIMIT = 8


def is_notebook(path: Path) -> bool:
    """Whether the document runs code: a ``.ipynb`` file, or MyST with a kernelspec."""
    if path.suffix == ".ipynb":
        return True
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError:
        return False
    if not head.startswith(b"---"):
        return False
    front_matter = head[3:].split(b"\n---", 1)[0]
    return b"\nkernelspec:" in front_matter


def spread(docnames: list[str], notebooks: set[str], nproc: int) -> list[str]:
    """``docnames`` reordered so that Sphinx's chunks share the notebooks evenly."""
    sizes = chunk_sizes(docnames, nproc)
    if sizes is None:
        return docnames  # Sphinx's cut is unknown: keep its order
    chunks: list[list[str]] = [[] for _ in sizes]
    for index, docname in enumerate(d for d in docnames if d in notebooks):
        # round robin over the chunks that still have room (the last one may be short)
        open_chunks = [i for i, size in enumerate(sizes) if len(chunks[i]) < size]
        chunks[open_chunks[index % len(open_chunks)]].append(docname)
    others = iter(d for d in docnames if d not in notebooks)
    for chunk, size in zip(chunks, sizes, strict=True):
        while len(chunk) < size:
            chunk.append(next(others))
    return [docname for chunk in chunks for docname in chunk]


class ReadScheduler:
    """Orders the documents to read, and reads a handful of them without workers."""

    def __init__(self) -> None:
        self.parallel_for_writing: int | None = None

    def on_env_before_read_docs(
        self, app: Sphinx, env: BuildEnvironment, docnames: list[str]
    ) -> None:
        if app.parallel <= 1 or not docnames:
            return
        notebooks = {d for d in docnames if is_notebook(Path(env.doc2path(d)))}
        if len(docnames) <= SERIAL_READ_LIMIT and len(notebooks) <= 1:
            # Sphinx decides between a serial and a parallel read right after this event
            self.parallel_for_writing = read_serially(app)
        elif 0 < len(notebooks) < len(docnames):
            docnames[:] = spread(docnames, notebooks, app.parallel)

    def on_env_updated(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        # reading is over; writing decides on its own workers from the setting
        if self.parallel_for_writing is not None:
            restore_parallel(app, self.parallel_for_writing)
            self.parallel_for_writing = None
        return []


def setup_scheduling(app: Sphinx) -> None:
    if not speedups.enabled("serial-small-reads"):
        return
    scheduler = ReadScheduler()
    app.connect("env-before-read-docs", scheduler.on_env_before_read_docs)
    app.connect("env-updated", scheduler.on_env_updated, priority=1)
