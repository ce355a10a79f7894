"""A damaged or deleted notebook cache: repaired, and the notebooks run again.

Each test builds a one-notebook book with ``labnotebook build`` (what ``make html``
runs), damages its cache as an interrupted build or a careless cleanup would, and
builds again: no traceback, the notebook runs, the page is written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOTS

BUILD_SECONDS = 240


def labnotebook_build(src: Path) -> str:
    command = [str(Path(sys.executable).parent / "labnotebook"), "build", "-b", "html"]
    command += ["-W", "--keep-going", "-n", str(src), str(src / "_build" / "html")]
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=env, timeout=BUILD_SECONDS
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "Traceback" not in output
    return output


def built_book(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "book"
    shutil.copytree(ROOTS / "test-fault-cache", src)
    first = labnotebook_build(src)
    assert "notebook notes/fine.md: finished" in first
    return src, src / "_build" / ".jupyter_cache"


def touch(src: Path) -> None:
    """Make the note read again (the cache is looked up only for a note that is read)."""
    os.utime(src / "notes" / "fine.md")


def test_deleting_the_cache_runs_the_notebooks_again(tmp_path: Path) -> None:
    src, cache = built_book(tmp_path)
    assert "nothing changed" in labnotebook_build(src)
    shutil.rmtree(cache)
    again = labnotebook_build(src)
    assert "notebook notes/fine.md: finished" in again, again[-2000:]
    assert (cache / "global.db").is_file()


def test_a_damaged_cache_database_is_emptied_and_the_notebooks_run(tmp_path: Path) -> None:
    src, cache = built_book(tmp_path)
    database = cache / "global.db"
    database.write_bytes(database.read_bytes()[:100])
    touch(src)
    again = labnotebook_build(src)
    assert "the database in" in again and "was damaged" in again
    assert "notebook notes/fine.md: finished" in again


def test_a_damaged_cached_notebook_is_dropped_and_runs_again(tmp_path: Path) -> None:
    src, cache = built_book(tmp_path)
    (cached,) = cache.glob("executed/*/base.ipynb")
    cached.write_text('{"cells": [', encoding="utf-8")
    touch(src)
    again = labnotebook_build(src)
    assert "removed 1 record(s) whose notebook file was missing or damaged" in again
    assert "notebook notes/fine.md: finished" in again
    assert "42" in (src / "_build" / "html" / "notes" / "fine.html").read_text(encoding="utf-8")
