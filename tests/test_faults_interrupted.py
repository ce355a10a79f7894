"""Fault injection: a build killed (``kill -9``) while documents are read, while notebooks
run, while pages are written and while the search index is built leaves no process
behind, and one rebuild gives what a clean build gives.

The book is the one-notebook root plus many short notes, so that each phase lasts long
enough to be interrupted; the build runs as ``make html`` runs it, with ``-j 2``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from labnotebook.site.search import BUNDLE, bundle_is_complete
from tests.conftest import ROOTS

NOTES = 60
BUILD_SECONDS = 300
#: A line of the build's output that shows it is in the phase to interrupt.
PHASES = {
    "reading": "reading sources... [",
    "execution": "notebook notes/fine.md: started",
    "writing": "writing output...",
    "search": "dumping object inventory",
}


def make_book(folder: Path) -> Path:
    src = folder / "book"
    shutil.copytree(ROOTS / "test-fault-cache", src)
    # a theme that searches with Pagefind, so the search phase has an index to interrupt
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_theme = "sphinx_book_theme"\n')
    for number in range(NOTES):
        # long enough that a worker's results fill the pipe to a killed build
        text = f"# Note {number}\n\n" + "A line of the note, with words and $x^2$.\n" * 80
        (src / "notes" / f"n{number:03}.md").write_text(text, encoding="utf-8")
    return src


def command(src: Path) -> list[str]:
    return [
        *(sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-j", "2"),
        *(str(src), str(src / "_build" / "html")),
    ]


def environment() -> dict[str, str]:
    return {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def build(src: Path) -> None:
    result = subprocess.run(
        command(src),
        capture_output=True,
        text=True,
        check=False,
        env=environment(),
        timeout=BUILD_SECONDS,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]


def processes_of(src: Path) -> list[psutil.Process]:
    """Processes still running a build of ``src`` (the build and its forked workers)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info.get("cmdline") or []
        if str(src) in cmdline and "sphinx" in " ".join(cmdline):
            found.append(process)
    return found


def kill_during(src: Path, phase: str) -> None:
    build = subprocess.Popen(
        command(src),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment(),
    )
    assert build.stdout is not None
    seen = []
    try:
        for line in build.stdout:
            seen.append(line)
            if PHASES[phase] in line:
                os.kill(build.pid, signal.SIGKILL)
                break
        else:
            pytest.fail(f"the build ended before {phase!r}:\n{''.join(seen[-30:])}")
    finally:
        build.wait(timeout=60)
        build.stdout.close()
    deadline = time.monotonic() + 20
    while processes_of(src) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = processes_of(src)
    for process in left:
        process.kill()
    assert left == [], f"processes outlived the killed build: {left}"


STAMP = re.compile(rb'<div class="exec-stamp.*?</dl>', re.DOTALL)


def site(html: Path) -> dict[str, bytes]:
    """Every page and file of the site, without Pagefind's digest-named files; pages
    without the execution stamp (a notebook may finish, and be cached, before the kill)."""
    files = {}
    for path in sorted(html.rglob("*")):
        name = path.relative_to(html).as_posix()
        if not path.is_file() or name.startswith(("pagefind", ".")):
            continue
        data = path.read_bytes()
        if name.endswith(".html"):
            # whether the notebook ran in this build or came from the cache, and when
            data = STAMP.sub(b"", data)
        elif name == "searchindex.js":
            continue  # Sphinx's index holds the stamp's words; the book searches with Pagefind
        files[name] = data
    return files


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    src = make_book(tmp_path_factory.mktemp("clean"))
    build(src)
    return site(src / "_build" / "html")


@pytest.mark.parametrize("phase", sorted(PHASES))
def test_one_rebuild_after_a_kill_equals_a_clean_build(
    phase: str, clean: dict[str, bytes], tmp_path: Path
) -> None:
    src = make_book(tmp_path)
    kill_during(src, phase)
    build(src)
    html = src / "_build" / "html"
    rebuilt = site(html)
    assert sorted(rebuilt) == sorted(clean)
    differing = [name for name in clean if rebuilt[name] != clean[name]]
    assert differing == []
    assert bundle_is_complete(html / BUNDLE)
