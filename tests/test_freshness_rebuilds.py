"""Repeated ``make html`` on an unchanged book starts Sphinx once, not again.

Each build runs as ``make html`` does, in a new process, on a book kept in git whose
index is stale (files touched since it was written), which is how a checkout looks after
an editor saves a file unchanged. The build's own git queries must not refresh that
index: the fingerprint covers ``.git/index``, so a refresh made by the build would make
the next build start Sphinx for nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_root


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def make_html(src: Path) -> str:
    """What ``make html`` runs, in its own process; the build's output."""
    command = [sys.executable, "-m", "labnotebook.cli", "build", "-b", "html", "-W", "-n"]
    result = subprocess.run(
        [*command, "--keep-going", "-q", str(src), str(src / "_build" / "html")],
        cwd=src,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_second_and_third_build_start_no_sphinx(tmp_path: Path) -> None:
    src = copy_root("exec-cache", tmp_path)
    git(src, "init", "-q")
    git(src, "add", ".")
    git(src, "commit", "-q", "-m", "the book")
    # the same bytes, a newer modification time: git's index no longer matches the stat
    # data of every file until something refreshes it
    for path in src.rglob("*.md"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))

    first = make_html(src)
    assert "nothing changed since the last build" not in first
    for _ in range(2):
        assert "nothing changed since the last build" in make_html(src)
