"""What git knows of the book's sources: each file's commits, and the files renamed. Sphinx-free.

One ``git log`` over the source folder gives every file's history, followed through
renames, so a build asks git once however many notes it has. Without git, or outside a
repository, everything is empty and the book falls back on its front matter.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

RECORD = "\x1e"
UNIT = "\x1f"


@dataclass(frozen=True)
class Revision:
    """One commit that changed a file."""

    commit: str
    date: dt.date
    subject: str


@dataclass
class SourceHistory:
    """Every tracked file's revisions (newest first) and where renamed files came from.

    Paths are relative to the source folder, with forward slashes.
    """

    revisions: dict[str, list[Revision]] = field(default_factory=dict)
    #: an old path of a file -> the path it has now
    renamed: dict[str, str] = field(default_factory=dict)
    #: files whose working copy differs from their last commit
    uncommitted: set[str] = field(default_factory=set)


def _git(folder: Path, *arguments: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *arguments],
            # read only: ``git status`` would otherwise refresh a stale index, and the
            # changed ``.git/index`` makes the next ``labnotebook build`` start Sphinx
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def read_history(srcdir: Path) -> SourceHistory:
    """The history of every file under ``srcdir`` (empty when git cannot tell)."""
    history = SourceHistory()
    prefix = _git(srcdir, "rev-parse", "--show-prefix")
    if prefix is None:
        return history
    prefix = prefix.strip()
    log = _git(
        srcdir,
        "log",
        "-M",
        "--name-status",
        "--no-color",
        f"--format={RECORD}%H{UNIT}%cI{UNIT}%s",
        "--",
        ".",
    )
    status = _git(srcdir, "status", "--porcelain=v1", "-z", "--untracked-files=no", "--", ".")

    # a path as git prints it (from the repository's top) -> relative to the source folder
    def local(path: str) -> str | None:
        return path[len(prefix) :] if path.startswith(prefix) else None

    # each path as it was at the commit being read -> the path it has now
    current: dict[str, str] = {}
    if status:
        entries = status.split("\0")
        index = 0
        while index < len(entries):
            entry = entries[index]
            index += 1
            if len(entry) < 4:
                continue
            code, path = entry[:2], entry[3:]
            if "R" in code and index < len(entries):
                old = entries[index]
                index += 1
                if (old_local := local(old)) and (new_local := local(path)):
                    current[old_local] = new_local
                    history.renamed[old_local] = new_local
            if (here := local(path)) is not None:
                history.uncommitted.add(here)
    for block in (log or "").split(RECORD)[1:]:
        header, _, body = block.partition("\n")
        commit, when, subject = [*header.split(UNIT), "", "", ""][:3]
        try:
            date = dt.datetime.fromisoformat(when).date()
        except ValueError:
            continue
        revision = Revision(commit, date, subject)
        for line in body.splitlines():
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            code = parts[0]
            new = local(parts[-1])
            if new is None:
                continue
            now = current.get(new, new)
            if code.startswith("D"):
                continue
            history.revisions.setdefault(now, []).append(revision)
            before = local(parts[1]) if code.startswith("R") and len(parts) == 3 else None
            if before:
                current[before] = now
                history.renamed[before] = now
    return history
