"""Telling which cell of a failed notebook broke, and saying so in one message.

MyST-NB records that a run failed and the client's traceback, but not which cell
raised. The executed notebook does: the failing cell carries an ``error`` output
(a cell tagged ``raises-exception`` may carry one too, and is fine). Sphinx-free.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from labnotebook.execution.records import Failure

ALLOWED_TAG = "raises-exception"
TIMEOUT_ERRORS = frozenset({"CellTimeoutError", "TimeoutError"})
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
FIRST_LINE_WIDTH = 72
MISSING_MODULE = re.compile(r"^ModuleNotFoundError: No module named '([^']+)'")
#: Modules whose package on PyPI has another name; the rest install under their own name.
PACKAGE_OF_MODULE = {
    "PIL": "pillow",
    "bs4": "beautifulsoup4",
    "cv2": "opencv-python",
    "dateutil": "python-dateutil",
    "skimage": "scikit-image",
    "sklearn": "scikit-learn",
    "yaml": "pyyaml",
}


def cell_source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def first_line(source: str) -> str:
    """The first non-blank line of a cell, shortened to fit a message."""
    for line in source.splitlines():
        if line.strip():
            line = line.rstrip()
            if len(line) > FIRST_LINE_WIDTH:
                return line[: FIRST_LINE_WIDTH - 1] + "…"
            return line
    return "(empty cell)"


def code_cells(notebook: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    """``(index in the notebook, cell)`` of each code cell, in order."""
    cells: Sequence[Mapping[str, Any]] = notebook.get("cells", [])
    return [(index, cell) for index, cell in enumerate(cells) if cell.get("cell_type") == "code"]


def _is_allowed_to_raise(cell: Mapping[str, Any]) -> bool:
    return ALLOWED_TAG in cell.get("metadata", {}).get("tags", [])


def _error_output(cell: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return output
    return None


def find_failure(
    notebook: Mapping[str, Any],
    error_name: str | None,
    client_traceback: str | None,
    timeout: int | None,
    timeout_origin: str = "",
) -> Failure:
    """Describe the failure of an executed notebook.

    :param notebook: the notebook as executed (outputs up to the failing cell).
    :param error_name: the client's exception class, as MyST-NB records it.
    :param client_traceback: the client's traceback, used when no cell shows the error.
    :param timeout: the per-cell timeout the run had, in seconds.
    :param timeout_origin: where that timeout was set.
    """
    timed_out = error_name in TIMEOUT_ERRORS
    source_map = notebook.get("metadata", {}).get("source_map")
    for number, (index, cell) in enumerate(code_cells(notebook), start=1):
        output = _error_output(cell)
        if output is None or _is_allowed_to_raise(cell):
            continue
        line = (
            source_map[index] if isinstance(source_map, list) and index < len(source_map) else None
        )
        traceback = "\n".join(
            ANSI_ESCAPE.sub("", str(part)) for part in output.get("traceback", [])
        )
        if timed_out:
            # the kernel was interrupted: its KeyboardInterrupt says nothing useful
            exception = f"ran past the timeout of {timeout} s"
            traceback = ""
        else:
            exception = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
        return Failure(
            cell_number=number,
            first_line=first_line(cell_source(cell)),
            exception=exception,
            traceback=traceback.strip("\n"),
            line=line if isinstance(line, int) else None,
            timeout=timeout if timed_out else None,
            timeout_origin=timeout_origin,
        )
    # no cell shows an error: a timeout that left no output, or a client-side error
    exception = (
        f"ran past the timeout of {timeout} s" if timed_out else f"{error_name or 'an error'}"
    )
    return Failure(
        cell_number=None,
        first_line="",
        exception=exception,
        traceback=ANSI_ESCAPE.sub("", client_traceback or "").strip("\n"),
        timeout=timeout if timed_out else None,
        timeout_origin=timeout_origin,
    )


def failure_message(failure: Failure, source: str) -> str:
    """The one warning a failed note produces: where, what, the traceback, and what to do.

    :param source: the note's path relative to the book's source folder.
    """
    if failure.cell_number is None:
        where = "a code cell"
    else:
        where = f"code cell {failure.cell_number}"
        if failure.line is not None:
            where += f" (line {failure.line})"
        where += f" `{failure.first_line}`"
    if failure.timeout is not None:
        head = f"{source} did not finish: {where} {failure.exception}"
        head += f" (set by {failure.timeout_origin})"
        advice = (
            "Make the cell faster, or give the note more time with "
            "'mystnb: {execution_timeout: N}' in its front matter"
        )
    else:
        head = f"{source} failed: {where} raised {failure.exception}"
        advice = missing_package_advice(failure.exception) or (
            "Fix the code, or tag the cell 'raises-exception' if the error is what it shows"
        )
    body = "\n".join("    " + line for line in failure.traceback.splitlines())
    return f"{head}\n{body}\n{advice}" if body else f"{head}\n{advice}"


def missing_package_advice(exception: str) -> str:
    """What to do when a note imports a package the book's environment lacks, or ``""``.

    A missing package is not a bug in the note: the code is right and the
    environment is short of one dependency, which the site declares in its
    ``pyproject.toml`` and pins in its lock file.
    """
    match = MISSING_MODULE.match(exception)
    if match is None:
        return ""
    module = match.group(1).split(".")[0]
    package = PACKAGE_OF_MODULE.get(module, module)
    return (
        f"The package {package!r} (module {module!r}) is not installed where the book runs "
        f"its notes. Add it to the dependencies in the site's pyproject.toml, e.g. "
        f'"{package}>=X.Y", then run `make lock` and `make env`, and build again'
    )
