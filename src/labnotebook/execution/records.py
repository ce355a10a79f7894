"""What one build learnt about one executable note: its run and where its outputs came from.

Sphinx-free: the domain stores these records, the stamp and the report render them.
Times are timezone-aware UTC datetimes, so a page reads the same wherever it is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum


class RunStatus(Enum):
    """Where the outputs on a page came from."""

    EXECUTED = "executed"
    """The code ran in this build."""
    CACHED = "cached"
    """The outputs come from the execution cache: the code has not changed since it ran."""
    FAILED = "failed"
    """The code raised, or ran past its timeout, in this build."""
    STORED = "stored"
    """The note declares ``execute: false``: the outputs saved in its file are shown."""
    NOT_EXECUTED = "not-executed"
    """Execution is switched off for this note by the configuration (not by the note)."""

    @property
    def label(self) -> str:
        return {
            RunStatus.EXECUTED: "executed",
            RunStatus.CACHED: "executed (from cache)",
            RunStatus.FAILED: "failed",
            RunStatus.STORED: "stored outputs, not run here",
            RunStatus.NOT_EXECUTED: "not executed",
        }[self]


@dataclass(frozen=True)
class Package:
    """A top-level module the code imports, and the distribution that provides it."""

    module: str
    distribution: str = ""
    """Empty when no installed distribution provides the module (a local module)."""
    version: str = ""


@dataclass(frozen=True)
class Failure:
    """Why a run failed: the cell, the exception and its traceback."""

    cell_number: int | None
    """1-based among the code cells; ``None`` when the failing cell cannot be told."""
    first_line: str
    exception: str
    """``ZeroDivisionError: division by zero``, or the timeout's description."""
    traceback: str
    line: int | None = None
    """The cell's line in a Markdown source; ``None`` for an ``.ipynb``."""
    timeout: int | None = None
    """The timeout in seconds, when the run was stopped by it."""
    timeout_origin: str = ""
    """Where that timeout was set, e.g. ``nb_execution_timeout in conf.py``."""


@dataclass(frozen=True)
class NoteRun:
    """One executable note as this build saw it."""

    source: str
    """The note's source path, relative to the book's source folder."""
    status: RunStatus
    executed_at: dt.datetime | None = None
    """When the outputs were produced, if known (UTC)."""
    runtime: float | None = None
    """Seconds the execution took."""
    python: str = ""
    packages: tuple[Package, ...] = ()
    revision: str = ""
    """The git commit that last changed the source, if it is in a repository."""
    uncommitted: bool = False
    """The source differs from that commit."""
    failure: Failure | None = None
    time_basis: str = ""
    """For stored outputs: what ``executed_at`` rests on (the file's records, or a commit)."""

    @property
    def from_cache(self) -> bool:
        return self.status is RunStatus.CACHED


def format_when(moment: dt.datetime | None) -> str:
    """``2026-05-03 14:02 UTC``, or ``unknown``."""
    if moment is None:
        return "unknown"
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def format_runtime(seconds: float | None) -> str:
    """``4.8 s``, or an em dash when the run time is unknown."""
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds < 1 else f"{seconds:.1f} s"
