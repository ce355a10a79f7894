"""The fixed cost of one notebook, measured apart from any build.

A notebook of one trivial cell is run through nbclient, as MyST-NB's cache mode runs
each note: start the kernel, wait until it answers, run the cell, shut the kernel down.
Its wall time is the cost every executed note pays whatever its code does. It is measured
with jupyter_client's own kernel manager (what a plain Sphinx build uses) and with the
build kernels of :mod:`labnotebook.patches.jupyter_client`, alternately, so that both see
the same load.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import nbformat
from nbclient import NotebookClient

from labnotebook.patches.jupyter_client import build_client_options


def one_cell_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells.append(nbformat.v4.new_code_cell("1 + 1"))
    return notebook


def run_once(options: dict[str, Any]) -> float:
    notebook = one_cell_notebook()
    start = time.perf_counter()
    NotebookClient(notebook, timeout=60, kernel_name="python3", **options).execute()
    seconds = time.perf_counter() - start
    outputs = notebook.cells[0].outputs
    if not outputs or outputs[0].get("data", {}).get("text/plain") != "2":
        raise RuntimeError(f"the kernel did not answer the cell: {outputs!r}")
    return seconds


def kernel_costs(runs: int) -> dict[str, list[float]]:
    """Seconds per one-cell notebook, ``runs`` times for each kind of kernel."""
    kinds = {"stock": {}, "build": build_client_options()}
    seconds: dict[str, list[float]] = {kind: [] for kind in kinds}
    run_once({})  # the first start reads every module from disk; leave it out
    for _ in range(runs):
        for kind, options in kinds.items():
            seconds[kind].append(run_once(options))
    return seconds


def main() -> None:
    for kind, values in kernel_costs(10).items():
        print(f"{kind}: median {statistics.median(values):.3f} s of {values}")


if __name__ == "__main__":
    main()
