"""Executable notes without a build: failing cells, imports and stored-output times."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from labnotebook.execution.failures import failure_message, find_failure
from labnotebook.execution.provenance import imported_modules, package_versions
from labnotebook.execution.records import Package
from labnotebook.execution.stored import declares_no_execution, recorded_execution_time


def code(source: str, *outputs: dict, tags: tuple[str, ...] = ()) -> dict:
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {"tags": list(tags)} if tags else {},
        "outputs": list(outputs),
    }


def error(name: str, value: str) -> dict:
    return {
        "output_type": "error",
        "ename": name,
        "evalue": value,
        "traceback": ["\x1b[31mTraceback\x1b[0m", f"{name}: {value}"],
    }


NOTEBOOK = {
    "metadata": {"source_map": [3, 10, 20, 30]},
    "cells": [
        {"cell_type": "markdown", "source": "# Title", "metadata": {}},
        code("\n\nraise KeyError('k')", error("KeyError", "'k'"), tags=("raises-exception",)),
        code("x = compute()  # the real failure\nmore()", error("NameError", "name 'compute'")),
        code("print('not reached')"),
    ],
}


def test_the_failing_cell_skips_cells_allowed_to_raise() -> None:
    failure = find_failure(NOTEBOOK, "CellExecutionError", "client traceback", 30)
    assert (failure.cell_number, failure.line) == (2, 20)
    assert failure.first_line == "x = compute()  # the real failure"
    assert failure.exception == "NameError: name 'compute'"
    assert failure.traceback == "Traceback\nNameError: name 'compute'"  # colours removed


def test_failure_message_is_exact() -> None:
    failure = find_failure(NOTEBOOK, "CellExecutionError", "", 30)
    assert failure_message(failure, "notes/a.md") == (
        "notes/a.md failed: code cell 2 (line 20) `x = compute()  # the real failure` "
        "raised NameError: name 'compute'\n"
        "    Traceback\n"
        "    NameError: name 'compute'\n"
        "Fix the code, or tag the cell 'raises-exception' if the error is what it shows"
    )


def test_a_timeout_without_output_still_names_the_timeout() -> None:
    notebook = {"metadata": {}, "cells": [code("import time\ntime.sleep(9)")]}
    failure = find_failure(notebook, "CellTimeoutError", "A cell timed out", 5, "conf.py")
    assert failure.cell_number is None
    assert failure_message(failure, "notes/b.ipynb").splitlines()[0] == (
        "notes/b.ipynb did not finish: a code cell ran past the timeout of 5 s (set by conf.py)"
    )


def test_imports_are_found_through_magics_and_without_the_stdlib() -> None:
    cells = [
        "%matplotlib inline\nimport numpy as np, os.path\nfrom scipy.stats import binom",
        "!echo hi\nimport numpy\nfrom . import local\nfrom helpers import tool",
        "def broken(:\n    import nothing",
    ]
    assert imported_modules(cells) == ["numpy", "scipy", "helpers"]


def test_versions_come_from_the_installed_distributions() -> None:
    from importlib import metadata

    assert package_versions(["yaml", "not_a_module_here"]) == (
        Package("yaml", "PyYAML", metadata.version("PyYAML")),
        Package("not_a_module_here"),
    )


def test_execute_false_is_read_from_notebook_metadata_or_front_matter(tmp_path: Path) -> None:
    ipynb = tmp_path / "a.ipynb"
    ipynb.write_text(json.dumps({"metadata": {"execute": False}, "cells": []}))
    markdown = tmp_path / "b.md"
    markdown.write_text("---\ntitle: B\nexecute: false\n---\n")
    runs = tmp_path / "c.md"
    runs.write_text("---\ntitle: C\n---\n")
    assert [declares_no_execution(p) for p in (ipynb, markdown, runs)] == [True, True, False]


def test_stored_outputs_are_dated_by_their_last_cell() -> None:
    def timed(reply: str) -> dict:
        return {"cell_type": "code", "metadata": {"execution": {"shell.execute_reply": reply}}}

    notebook = {"cells": [timed("2025-03-01T10:00:00.5Z"), timed("2025-03-01T10:02:30Z")]}
    assert recorded_execution_time(notebook) == dt.datetime(2025, 3, 1, 10, 2, 30, tzinfo=dt.UTC)
    assert recorded_execution_time({"cells": [{"cell_type": "code", "metadata": {}}]}) is None
