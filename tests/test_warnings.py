"""Each bad input gives one warning naming the file, the line and what to do."""

from __future__ import annotations

import pytest

from tests.conftest import warnings_of


@pytest.mark.sphinx("html", testroot="bad-frontmatter")
def test_bad_front_matter(app) -> None:
    app.build()
    src = app.srcdir
    assert warnings_of(app) == [
        f"{src / 'broken-yaml.md'}:3: WARNING: the YAML front matter does not parse: "
        "expected ',' or ']', but got '<stream end>' [labnotebook.front_matter]",
        f"{src / 'index.md'}:4: WARNING: front matter field 'kind': 'reserch-note' is not one of "
        "'research-note', 'course-project', 'essay', 'page' (did you mean 'research-note'?) "
        "[labnotebook.front_matter]",
        f"{src / 'index.md'}:5: WARNING: front matter field 'date': '2024-13-01' is not a date; "
        "write it as YYYY-MM-DD, e.g. 2024-05-01 [labnotebook.front_matter]",
    ]


@pytest.mark.sphinx("html", testroot="duplicate-label")
def test_duplicate_label(app) -> None:
    app.build()
    assert warnings_of(app) == [
        f"{app.srcdir / 'other.md'}:5: WARNING: duplicate note label 'same': already used by "
        f"{app.srcdir / 'index.md'}; labels must be unique, so give one of the notes another "
        "label [labnotebook.duplicate_label]",
    ]


@pytest.mark.sphinx("html", testroot="unknown-label")
def test_unknown_label(app) -> None:
    app.build()
    assert warnings_of(app) == [
        f"{app.srcdir / 'index.md'}:10: WARNING: {{note}} reference to unknown label 'the-nte' "
        "(did you mean 'the-note'?); use the label from the note's front matter "
        "[labnotebook.unknown_label]",
    ]


def test_broken_reference_fails_the_strict_build_naming_file_and_line(tmp_path) -> None:
    """What ``make html`` runs: -W --keep-going -n exits non-zero and names the place."""
    import subprocess
    import sys

    from sphinx.util.console import strip_escape_sequences

    from tests.conftest import copy_root

    src = copy_root("broken-ref", tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-W",
            "--keep-going",
            "-n",
            "-q",
            str(src),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    index = src / "index.md"
    assert strip_escape_sequences(result.stderr).splitlines() == [
        f"{index}:7: WARNING: 'myst' cross-reference target not found: 'missing.md' "
        "[myst.xref_missing]",
        f"{index}:7: WARNING: undefined label: 'no-such-section' [ref.ref]",
    ]
