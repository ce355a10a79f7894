"""Notes that must not run here (``execute: false``): their stored outputs, and when they were made.

A note that needs a GPU or a cluster keeps the outputs it produced elsewhere in its
``.ipynb``. The build renders them and says plainly when and with what they were
produced, as far as the file records it. Sphinx-free.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from labnotebook.core.front_matter import read_front_matter

#: Cell metadata that nbclient and JupyterLab record when a cell finishes.
EXECUTION_TIMES = ("shell.execute_reply", "iopub.status.idle")


def declares_no_execution(path: Path) -> bool:
    """Whether the source says ``execute: false``.

    A Markdown note says it in its front matter. MyST-NB takes a notebook's front
    matter from the notebook's metadata, so an ``.ipynb`` says it there (or in a
    front matter block in its first Markdown cell, which the note model also reads).
    """
    try:
        if path.suffix == ".ipynb":
            metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
            if isinstance(metadata, dict) and metadata.get("execute") is False:
                return True
        front = read_front_matter(path)
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return front is not None and front.data.get("execute") is False


def _parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def recorded_execution_time(notebook: Mapping[str, Any]) -> dt.datetime | None:
    """When the last cell of the stored run finished, from the cells' timing metadata."""
    times = [
        moment
        for cell in notebook.get("cells", [])
        for key in EXECUTION_TIMES
        if (moment := _parse_time(cell.get("metadata", {}).get("execution", {}).get(key)))
    ]
    return max(times, default=None)


def recorded_python(notebook: Mapping[str, Any]) -> str:
    """The Python version the stored run reported, if the kernel recorded it."""
    return str(notebook.get("metadata", {}).get("language_info", {}).get("version", ""))


def last_commit_time(path: Path) -> dt.datetime | None:
    """When the file was last committed: a bound on when its outputs were produced."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cI", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return _parse_time(result.stdout.strip()) if result.returncode == 0 else None
