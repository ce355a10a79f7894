"""What a notebook may do to the build while it runs: die alone, and not write into the sources.

MyST-NB catches only a cell's exception or timeout. A kernel that exits (``os._exit``,
a segfault, the out-of-memory killer) raises nbclient's ``DeadKernelError`` through
MyST-NB and Sphinx, and the whole build stops with no page written. Here the error
becomes the failure of that note alone: an ``error`` output on the cell that was
running, which :mod:`labnotebook.execution.failures` reports like any failing cell.

A notebook runs in its own folder, so that it finds the data files beside it, and so
it can write beside itself too. A file that appears in the sources during a run is
named in a warning (it is left in place: it may be the author's). Code that needs a
scratch file can use :mod:`tempfile` or a folder under ``_build``.
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

#: Folders of a book that are not its sources, left out when looking for new files.
NOT_SOURCES = frozenset(
    {"_build", ".git", ".venv", ".jupyter_cache", "__pycache__", "node_modules"}
)
#: What the failing cell shows when its kernel died.
DEAD_KERNEL_MESSAGE = (
    "the kernel died while this cell ran (the process exited or crashed, e.g. os._exit, "
    "a crash in compiled code, or too little memory); the cells after it did not run"
)


def files_under(folder: Path) -> set[Path]:
    """Every file under ``folder``, outside the folders that are not sources."""
    found: set[Path] = set()
    for parent, subfolders, files in os.walk(folder):
        subfolders[:] = [d for d in subfolders if d not in NOT_SOURCES]
        found.update(Path(parent, name) for name in files)
    return found


def run_guarded(
    execute: Callable[..., Any], notebook: Any, cwd: str | None, kwargs: dict[str, Any]
) -> tuple[Any, list[tuple[int, Path]]]:
    """Run ``execute`` (jupyter-cache's ``single_nb_execution``) on ``notebook``.

    :return: its result, with a dead kernel turned into a failed run, and each file the
        run created in the notebook's folder, with the index of the cell that made it.
    """
    from jupyter_cache.executors.utils import ExecutionResult
    from nbclient.exceptions import DeadKernelError

    running: dict[str, int] = {}
    folder = Path(cwd) if cwd else None
    seen = files_under(folder) if folder is not None else set()
    created: list[tuple[int, Path]] = []

    def remember(cell: Any, cell_index: int) -> None:
        running["index"] = cell_index

    def look_for_new_files(cell: Any, cell_index: int, **reply: Any) -> None:
        if folder is None:
            return
        new = files_under(folder) - seen
        seen.update(new)
        created.extend((cell_index, path) for path in sorted(new))

    started = time.perf_counter()
    # nbclient calls on_cell_executed once the kernel has replied to the cell
    hooks = {"on_cell_start": remember, "on_cell_executed": look_for_new_files}
    try:
        result = execute(notebook, cwd=cwd, **hooks, **kwargs)
    except DeadKernelError as exc:
        index = running.get("index")
        if index is not None:
            import nbformat

            cell = notebook.cells[index]
            error = nbformat.v4.new_output(
                "error",
                ename="DeadKernelError",
                evalue=DEAD_KERNEL_MESSAGE,
                traceback=[f"DeadKernelError: {DEAD_KERNEL_MESSAGE}"],
            )
            cell.setdefault("outputs", []).append(error)
        result = ExecutionResult(
            notebook, cwd, time.perf_counter() - started, exc, traceback.format_exc()
        )
    if "index" in running:  # what a dying cell, or the kernel's exit, left behind
        look_for_new_files(None, running["index"])
    return result, created


def guarded_execution(
    app: Sphinx, execute: Callable[..., Any], nb: Any, cwd: str | None = None, **kwargs: Any
) -> Any:
    """``execute(nb, cwd=cwd, **kwargs)`` through :func:`run_guarded`, naming each file the
    run wrote into the book's sources."""
    result, created = run_guarded(execute, nb, cwd, kwargs)
    if created:
        report_written_files(app, nb, created)
    return result


def report_written_files(app: Sphinx, notebook: Any, created: list[tuple[int, Path]]) -> None:
    """Name each file a notebook wrote into the book's sources, at the cell that wrote it."""
    from labnotebook.warnings_ import NoteWarning, warn

    env = app.env
    srcdir = Path(env.srcdir)
    source_map = notebook.get("metadata", {}).get("source_map")
    for index, path in created:
        if not path.is_relative_to(srcdir):
            continue
        line = source_map[index] if isinstance(source_map, list) else None
        warn(
            f"running this notebook wrote {path.relative_to(srcdir).as_posix()} into the "
            "book's sources; write scratch files with tempfile or under _build instead, "
            "and delete this one",
            NoteWarning.SOURCE_WRITE,
            location=(env.docname, line if isinstance(line, int) else None),
        )
