"""Plain pages and notes side by side: ``check`` says what it did, ``new`` writes into any
folder, a second title is reported, a missing package says how to add it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labnotebook.cli import main
from labnotebook.execution.failures import failure_message, find_failure
from tests.conftest import REPO, build_in_process, copy_root, warnings_of

HALF_A_NOTE = """---
title: Half a note
tags: [theory]
---

Tagged like a note, but without a label, a kind or a date.
"""

TWO_TITLES = """---
title: "Twice <titled> & 中文"
label: twice
kind: essay
date: 2024-02-01
---

```python
# a comment in code is no heading
```

# Twice titled

Body.
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def build_warnings(src: Path) -> list[str]:
    return warnings_of(build_in_process(src))


def test_check_names_the_plain_pages_it_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("notes", tmp_path)
    code, lines, _ = run(capsys, "--root", str(src), "check")
    assert code == 0
    assert lines == [
        "2 plain page(s) skipped, in the book as they are (no note fields in their "
        "front matter): index.md, plain.md",
        "7 notes checked, no problems",
    ]


def test_a_plain_page_is_in_the_book(tmp_path: Path) -> None:
    src = copy_root("notes", tmp_path)
    app = build_in_process(src)
    assert warnings_of(app) == []
    page = BeautifulSoup((Path(app.outdir) / "plain.html").read_text(), "html.parser")
    assert page.select_one("h1").get_text().startswith("A plain page")
    index = (Path(app.outdir) / "index.html").read_text()
    assert 'href="plain.html"' in index


def test_a_page_with_note_fields_but_no_label_is_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("notes", tmp_path)
    (src / "notes" / "half.md").write_text(HALF_A_NOTE, encoding="utf-8")
    code, lines, err = run(capsys, "--root", str(src), "check")
    assert code == 1
    problems = [line for line in lines if "WARNING" in line]
    assert problems == [
        f"{src / 'notes' / 'half.md'}: WARNING: front matter field {field!r}: missing; "
        "every note needs 'title', 'label', 'kind', 'date' [labnotebook.front_matter]"
        for field in ("label", "kind", "date")
    ]
    assert "3 problem(s) in 8 note(s)" in err
    # the build says the same, at the same place
    built = [w for w in build_warnings(src) if "[labnotebook." in w]
    assert [w.split("WARNING: ")[1] for w in built] == [p.split("WARNING: ")[1] for p in problems]
    assert all(w.startswith(str(src / "notes" / "half.md")) for w in built)


def test_a_second_title_is_a_located_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("notes", tmp_path)
    (src / "notes" / "twice.md").write_text(TWO_TITLES, encoding="utf-8")
    built = [w for w in build_warnings(src) if "[labnotebook." in w]
    assert built == [
        f"{src / 'notes' / 'twice.md'}:12: WARNING: the page has the title "
        "'Twice <titled> & 中文' in its front matter and the heading '# Twice titled' in "
        "its body: the page would show two titles (two <h1>), and the note's header would "
        "sit between them. Remove the '# ...' line, or the front matter's title "
        "[labnotebook.duplicate_title]"
    ]
    code, lines, _ = run(capsys, "--root", str(src), "check")
    assert code == 1
    assert [line for line in lines if "WARNING" in line] == built


@pytest.mark.parametrize("folder", ["notes/course", "notes", "elsewhere/deep"])
def test_new_into_any_folder_writes_a_note_the_strict_build_accepts(
    folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("notes", tmp_path)
    code, lines, _ = run(capsys, "--root", str(src), "new", "Week one", "--dir", folder)
    assert code == 0
    assert lines[0].endswith(f"{folder}/week-one.md with label 'week-one'")
    # a second note in the same folder is taken by the same toctree entry
    run(capsys, "--root", str(src), "new", "Week two", "--dir", folder)
    assert warnings_of(build_in_process(src)) == []
    assert (src / "_build" / "html" / folder / "week-two.html").is_file()


def test_a_missing_package_says_how_to_add_it() -> None:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": "import sklearn.linear_model",
                "outputs": [
                    {
                        "output_type": "error",
                        "ename": "ModuleNotFoundError",
                        "evalue": "No module named 'sklearn'",
                        "traceback": ["ModuleNotFoundError: No module named 'sklearn'"],
                    }
                ],
            }
        ]
    }
    failure = find_failure(notebook, "CellExecutionError", None, 30)
    message = failure_message(failure, "notes/fit.md")
    assert message.startswith(
        "notes/fit.md failed: code cell 1 `import sklearn.linear_model` raised "
        "ModuleNotFoundError: No module named 'sklearn'"
    )
    assert message.splitlines()[-1] == (
        "The package 'scikit-learn' (module 'sklearn') is not installed where the book runs "
        "its notes. Add it to the dependencies in the site's pyproject.toml, e.g. "
        '"scikit-learn>=X.Y", then run `make lock` and `make env`, and build again'
    )
    assert "Fix the code" not in message


MISSING_IMPORT_NOTE = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---

# Needs a package

```{code-cell} ipython3
import labnotebook_example_missing_package.sub
```
"""


def test_a_built_note_that_lacks_a_package_names_it(tmp_path: Path) -> None:
    src = tmp_path / "book"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_nb", "labnotebook"]\nnb_execution_mode = "force"\n'
        "nb_execution_raise_on_error = False\nnitpicky = True\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Book\n\n```{toctree}\nneeds\n```\n", encoding="utf-8")
    (src / "needs.md").write_text(MISSING_IMPORT_NOTE, encoding="utf-8")
    # in a process of its own: MyST-NB after MyST-Parser in one process loses its parser
    env = {**os.environ, "JUPYTER_PATH": str(REPO / ".venv" / "share" / "jupyter")}
    warnings_file = tmp_path / "warnings.txt"
    out = src / "_build" / "html"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-w",
            str(warnings_file),
            str(src),
            str(out),
        ],
        capture_output=True,
        check=True,
        env=env,
    )
    warnings = warnings_file.read_text(encoding="utf-8")
    assert "needs.md failed: code cell 1 (line 12)" in warnings
    assert (
        "The package 'labnotebook_example_missing_package' (module "
        "'labnotebook_example_missing_package') is not installed where the book runs its "
        "notes. Add it to the dependencies in the site's pyproject.toml"
    ) in warnings
    assert "Fix the code" not in warnings
