"""A book whose notebooks raise and hang: one warning each, every notebook runs, exit 1.

One strict parallel build of tests/roots/test-exec-failures, run as ``make html`` runs
it (``-W --keep-going -j 2``), shared by every test of the module.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).parent / "roots" / "test-exec-failures"


@dataclass
class Build:
    src: Path
    out: Path
    returncode: int
    stdout: str
    warnings: str

    def page(self, name: str) -> BeautifulSoup:
        return BeautifulSoup((self.out / name).read_text(encoding="utf-8"), "html.parser")


def sphinx_build(src: Path, out: Path, doctrees: Path, *options: str) -> Build:
    """Run sphinx-build strictly, as ``make html`` does, in its own process."""
    warnings_file = out.parent / f"{out.name}-warnings.txt"
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"),
            *("-d", str(doctrees), "-w", str(warnings_file), *options, str(src), str(out)),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    warnings = warnings_file.read_text(encoding="utf-8") if warnings_file.exists() else ""
    return Build(src, out, result.returncode, result.stdout, warnings)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    src = tmp_path_factory.mktemp("exec-failures") / "book"
    shutil.copytree(ROOT, src)
    return sphinx_build(src, src / "_build" / "html", src / "_build" / "doctrees", "-j", "2")


def test_the_build_fails(build: Build) -> None:
    assert build.returncode == 1


RAISES = """\
{src}/notes/raises.md:18: WARNING: notes/raises.md failed: code cell 2 (line 18) \
`def ratio(total, count):` raised ZeroDivisionError: division by zero
    ---------------------------------------------------------------------------
    ZeroDivisionError                         Traceback (most recent call last)
    Cell In[2], line 4
          1 def ratio(total, count):
          2     return total / count
          3{space}
    ----> 4 ratio(1, 0)
    {blank}
    Cell In[2], line 2, in ratio(total, count)
          1 def ratio(total, count):
    ----> 2     return total / count
    {blank}
    ZeroDivisionError: division by zero
Fix the code, or tag the cell 'raises-exception' if the error is what it shows \
[labnotebook.execution]"""

HANGS = """\
{src}/notes/hangs.md:17: WARNING: notes/hangs.md did not finish: code cell 2 (line 17) \
`import time` ran past the timeout of 1 s (set by mystnb.execution_timeout in the front matter)
Make the cell faster, or give the note more time with 'mystnb: {{execution_timeout: N}}' \
in its front matter [labnotebook.execution]"""


def test_each_failure_is_one_warning_with_cell_exception_and_traceback(build: Build) -> None:
    # parallel workers report in any order; each message is one warning
    prefix = f"{build.src}/"
    messages = build.warnings.strip().split("\n" + prefix)
    found = sorted(message.removeprefix(prefix) for message in messages)
    # IPython pads the traceback's blank lines: kept here as {space} and {blank}
    raises = RAISES.format(src=build.src, space=" ", blank="")
    expected = [HANGS.format(src=build.src), raises]
    assert found == [message.removeprefix(prefix) for message in expected]


def test_the_other_notebooks_still_ran(build: Build) -> None:
    fine = build.page("notes/fine.html")
    outputs = [" ".join(o.get_text().split()) for o in fine.select("div.cell_output")]
    assert outputs[-1] == "45"
    stamp = fine.select_one(".exec-stamp")
    assert stamp is not None and "exec-stamp-executed" in stamp["class"]


def test_an_allowed_exception_is_shown_and_not_reported(build: Build) -> None:
    fine = build.page("notes/fine.html")
    assert "ValueError: math domain error" in fine.select_one("div.cell_output").get_text()
    assert "fine.md" not in build.warnings
    raises = build.page("notes/raises.html")
    assert "shown on purpose" in raises.select("div.cell_output")[0].get_text()


def test_progress_names_every_notebook_and_its_outcome(build: Build) -> None:
    lines = [
        re.sub(r"finished in [0-9.]+ s$", "finished in N s", line)
        for line in build.stdout.splitlines()
        if line.startswith("notebook ")
    ]
    assert sorted(lines) == [
        "notebook notes/fine.md: finished in N s",
        "notebook notes/fine.md: started",
        "notebook notes/hangs.md: failed (ran past the timeout of 1 s)",
        "notebook notes/hangs.md: started",
        "notebook notes/raises.md: failed (ZeroDivisionError: division by zero)",
        "notebook notes/raises.md: started",
    ]


def test_report_lists_every_run_with_its_status(build: Build) -> None:
    report = build.page("report.html")
    rows = [
        [" ".join(td.get_text().split()) for td in tr.select("td")]
        for tr in report.select("table.exec-report tbody tr")
    ]
    assert [(row[0], row[1], row[3]) for row in rows] == [
        ("A notebook that works", "executed", "no"),
        ("A cell that hangs", "failed", "no"),
        ("A cell that raises", "failed", "no"),
    ]
    summary = report.select_one("table.exec-report").find_previous("p").get_text()
    assert summary == "3 executable notes: 1 executed, 2 failed."


def test_failed_notebooks_fail_the_next_build_too(build: Build) -> None:
    again = sphinx_build(build.src, build.out, build.src / "_build" / "doctrees")
    assert again.returncode == 1
    assert again.warnings.count("[labnotebook.execution]") == 2
    assert "notebook notes/fine.md" not in again.stdout  # unchanged and passing: not read
