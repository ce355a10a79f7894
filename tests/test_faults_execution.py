"""Notebooks that misbehave: a kernel that dies, a 2 MB line, a file written into the
sources, a truncated ``.ipynb``. Each is one located warning; every other page is built.

One strict build of tests/roots/test-fault-exec in its own process, bounded in time,
shared by the module's tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parent / "roots" / "test-fault-exec"
#: The whole build, four kernels included, on a shared machine; it used to never end.
BUILD_SECONDS = 240


@dataclass
class Build:
    src: Path
    out: Path
    returncode: int
    seconds: float
    warnings: list[str]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    src = tmp_path_factory.mktemp("fault-exec") / "book"
    shutil.copytree(ROOT, src)
    out, warnings_file = src / "_build" / "html", src / "warnings.txt"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"]
    command += ["-w", str(warnings_file), str(src), str(out)]
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    started = time.monotonic()
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=env, timeout=BUILD_SECONDS
    )
    seconds = time.monotonic() - started
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    text = warnings_file.read_text(encoding="utf-8") if warnings_file.exists() else ""
    lines = [line for line in text.splitlines() if "WARNING" in line]
    return Build(src, out, result.returncode, seconds, lines)


def test_the_build_fails_but_writes_every_page(build: Build) -> None:
    assert build.returncode == 1
    pages = sorted(p.name for p in (build.out / "notes").glob("*.html"))
    assert pages == [
        "dies.html",
        "fine.html",
        "long-line.html",
        "side-effect.html",
        "truncated.html",
    ]
    assert "42" in (build.out / "notes" / "fine.html").read_text(encoding="utf-8")


def warning_of(build: Build, source: str) -> str:
    found = [line for line in build.warnings if f"/notes/{source}:" in line]
    assert len(found) == 1, build.warnings
    return found[0]


def test_a_dying_kernel_fails_its_note_at_the_cell(build: Build) -> None:
    warning = warning_of(build, "dies.md")
    assert warning.startswith(f"{build.src}/notes/dies.md:17: WARNING: notes/dies.md failed: ")
    assert "code cell 2 (line 17) `import os` raised DeadKernelError: the kernel died" in warning
    page = (build.out / "notes" / "dies.html").read_text(encoding="utf-8")
    assert "the kernel died while this cell ran" in page
    assert "alive" in page  # the first cell's output


def test_a_two_megabyte_line_is_cut_and_builds_in_seconds(build: Build) -> None:
    warning = warning_of(build, "long-line.md")
    assert f"{build.src}/notes/long-line.md:13: WARNING: code cell 1 (line 13)" in warning
    assert "a line of 2,000,000 characters (line limit 10,000)" in warning
    assert "labnotebook_output_line_chars" in warning
    page = (build.out / "notes" / "long-line.html").read_text(encoding="utf-8")
    assert "output cut by labnotebook: 1,990,000 more characters on this line" in page
    assert "x" * 2_000_000 not in page
    assert "after" in page
    assert build.seconds < BUILD_SECONDS


def test_a_file_written_into_the_sources_is_named(build: Build) -> None:
    warning = warning_of(build, "side-effect.md")
    assert warning == (
        f"{build.src}/notes/side-effect.md:13: WARNING: running this notebook wrote "
        "notes/side-effect.txt into the book's sources; write scratch files with tempfile "
        "or under _build instead, and delete this one [labnotebook.source_write]"
    )


def test_a_truncated_notebook_is_one_warning_and_a_page(build: Build) -> None:
    warning = warning_of(build, "truncated.ipynb")
    assert "the notebook is not valid JSON (Expecting value, line 7 column 4)" in warning
    assert "restore it from version control" in warning
    page = (build.out / "notes" / "truncated.html").read_text(encoding="utf-8")
    assert "truncated.ipynb" in page


def test_only_those_four_warnings(build: Build) -> None:
    assert len(build.warnings) == 4, build.warnings
