"""Running a note's falsifiers: each perturbation must make one of its checks fail.

For every falsifier declared in a note's front matter (see
:mod:`labnotebook.core.falsifier`), the note is read into a notebook, a cell
assigning the falsifier's values is inserted after the cell tagged ``parameters``
(papermill's convention), and the notebook runs in a scratch copy of the note's
folder, so nothing it writes lands in the sources. The note as written runs too: a
falsifier only means something if the unperturbed claim holds.

Outcomes: *rejected* (a cell raised ``AssertionError``: the check caught the wrong
result), *survived* (every cell ran: the check let the wrong result through) or
*broken* (some other error: the perturbation crashed the note instead of testing the
claim). Results are kept by a hash of the note's text, the falsifier and the Python
version, so an unchanged note is not run again, and the build's execution report
reads them. Sphinx-free; papermill is not used because it cannot read MyST Markdown
notebooks and the injection itself is a few lines.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from labnotebook.core.falsifier import Falsifier, assigned_names

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
#: The unperturbed note, run beside its falsifiers.
AS_WRITTEN = Falsifier("as written", ())
DEFAULT_TIMEOUT = 300
SCRATCH_IGNORE = shutil.ignore_patterns("_build", ".venv", ".git", "node_modules", "__pycache__")


class Outcome(Enum):
    REJECTED = "rejected"
    SURVIVED = "survived"
    BROKEN = "broken"
    PASSED = "passed"  # the note as written: every check held


@dataclass(frozen=True)
class Result:
    """What one run of a note, perturbed or not, came to."""

    falsifier: str
    outcome: Outcome
    detail: str
    seconds: float

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["outcome"] = self.outcome.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        return cls(data["falsifier"], Outcome(data["outcome"]), data["detail"], data["seconds"])


class FalsifyError(Exception):
    """The note cannot be falsified as declared; the message says why and what to do."""


def run_key(source_text: str, falsifier: Falsifier) -> str:
    """The cache key of one run: the note's text, the injected code, the Python version."""
    digest = hashlib.sha256()
    for part in (source_text, falsifier.name, falsifier.assignments(), sys.version):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def read_notebook(path: Path) -> Any:
    """The note as a notebook, read the way MyST-NB reads it for the build."""
    import nbformat

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return nbformat.reads(text, as_version=4)
    from myst_nb.core.read import read_myst_markdown_notebook

    return read_myst_markdown_notebook(text, path=str(path))


def parameters_cell(notebook: Any, source: str) -> int:
    """The index of the cell tagged ``parameters``.

    :raises FalsifyError: when there is none, or more than one.
    """
    tagged = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])
    ]
    if len(tagged) != 1:
        found = "no code cell" if not tagged else f"{len(tagged)} code cells"
        raise FalsifyError(
            f"{source}: declares falsifiers but {found} tagged 'parameters'; tag the one cell "
            "that sets the values the falsifiers change (`:tags: [parameters]`)"
        )
    return tagged[0]


def check_overrides(
    notebook: Any, index: int, falsifiers: tuple[Falsifier, ...], source: str
) -> None:
    """Every parameter a falsifier sets must be assigned in the parameters cell.

    :raises FalsifyError: naming the falsifier and the parameter otherwise.
    """
    cell_source = notebook.cells[index].source
    try:
        assigned = assigned_names(cell_source)
    except SyntaxError as exc:
        raise FalsifyError(f"{source}: the 'parameters' cell is not Python: {exc.msg}") from exc
    for falsifier in falsifiers:
        for name, _value in falsifier.overrides:
            if name not in assigned:
                known = ", ".join(sorted(assigned)) or "nothing"
                raise FalsifyError(
                    f"{source}: falsifier {falsifier.name!r} sets {name!r}, which the "
                    f"'parameters' cell does not assign (it assigns {known}); a typo would "
                    "make the falsifier change nothing"
                )


def perturbed(notebook: Any, index: int, falsifier: Falsifier) -> Any:
    """A copy of the notebook with the falsifier's values assigned after the parameters cell."""
    import nbformat

    copied = copy.deepcopy(notebook)
    if falsifier.overrides:
        cell = nbformat.v4.new_code_cell(falsifier.assignments())
        cell.metadata["tags"] = [INJECTED_TAG]
        copied.cells.insert(index + 1, cell)
    return copied


def _error_of(notebook: Any) -> tuple[str, str] | None:
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return str(output.get("ename", "Error")), str(output.get("evalue", ""))
    return None


def execute(notebook: Any, folder: Path, falsifier_name: str, timeout: int) -> Result:
    """Run one notebook in a scratch copy of ``folder``; never raises for the note's errors."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="labnotebook-falsify-") as scratch:
        workdir = Path(scratch) / folder.name
        shutil.copytree(folder, workdir, ignore=SCRATCH_IGNORE)
        kernel = notebook.metadata.get("kernelspec", {}).get("name", "python3")
        client = NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name=kernel,
            resources={"metadata": {"path": str(workdir)}},
        )
        try:
            client.execute()
            error = None
        except CellTimeoutError:
            error = ("TimeoutError", f"a cell ran past {timeout} s")
        except CellExecutionError:
            error = _error_of(notebook) or ("Error", "a cell failed")
        except Exception as exc:  # the kernel itself would not start or died
            error = (type(exc).__name__, str(exc))
    seconds = round(time.perf_counter() - started, 2)
    if error is None:
        outcome = Outcome.PASSED if falsifier_name == AS_WRITTEN.name else Outcome.SURVIVED
        return Result(falsifier_name, outcome, "every check passed", seconds)
    name, value = error
    first = value.strip().splitlines()[0] if value.strip() else name
    if name == "AssertionError" and falsifier_name != AS_WRITTEN.name:
        return Result(falsifier_name, Outcome.REJECTED, first, seconds)
    return Result(falsifier_name, Outcome.BROKEN, f"{name}: {first}", seconds)


@dataclass(frozen=True)
class Job:
    """One run to make: everything a worker process needs, all picklable."""

    source: str  # the note's path, for messages
    path: Path
    falsifier: Falsifier
    key: str
    timeout: int


def run_job(job: Job) -> Result:
    notebook = read_notebook(job.path)
    index = parameters_cell(notebook, job.source)
    return execute(
        perturbed(notebook, index, job.falsifier), job.path.parent, job.falsifier.name, job.timeout
    )


def cached(results: Path, key: str) -> Result | None:
    """A stored result for this key, or ``None``."""
    file = results / f"{key}.json"
    try:
        return Result.from_json(json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError):
        return None


def store(results: Path, key: str, result: Result) -> None:
    results.mkdir(parents=True, exist_ok=True)
    temporary = results / f".{key}.tmp"
    temporary.write_text(json.dumps(result.to_json(), ensure_ascii=False), encoding="utf-8")
    temporary.replace(results / f"{key}.json")


def plan(path: Path, source: str, falsifiers: tuple[Falsifier, ...], timeout: int) -> list[Job]:
    """The runs a note needs (as written, then each falsifier), after checking the declaration.

    :raises FalsifyError: when the declaration does not fit the note.
    """
    notebook = read_notebook(path)
    index = parameters_cell(notebook, source)
    check_overrides(notebook, index, falsifiers, source)
    text = path.read_text(encoding="utf-8")
    return [Job(source, path, f, run_key(text, f), timeout) for f in (AS_WRITTEN, *falsifiers)]


def run_all(jobs: list[Job], results: Path, workers: int) -> dict[str, Result]:
    """Each job's result by key: from the store, or run in parallel and stored."""
    found: dict[str, Result] = {}
    to_run = []
    for job in jobs:
        hit = cached(results, job.key)
        if hit is not None:
            found[job.key] = hit
        else:
            to_run.append(job)
    if to_run:
        workers = max(1, min(workers, len(to_run)))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for job, result in zip(to_run, pool.map(run_job, to_run), strict=True):
                # a note that broke is worth running again next time; a verdict is not
                store(results, job.key, result)
                found[job.key] = result
    return found


def summary(path: Path, falsifiers: tuple[Falsifier, ...], results: Path) -> tuple[int, int] | None:
    """``(rejected, declared)`` from stored results for the note's current text, or ``None``.

    ``None`` means ``labnotebook falsify`` has not run on this version of the note.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    if cached(results, run_key(text, AS_WRITTEN)) is None:
        return None
    rejected = 0
    for falsifier in falsifiers:
        result = cached(results, run_key(text, falsifier))
        if result is None:
            return None
        rejected += result.outcome is Outcome.REJECTED
    return rejected, len(falsifiers)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
