"""The ``labnotebook`` command: ``check`` says what the build says; ``new`` makes valid notes."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from labnotebook.cli import main
from labnotebook.core.front_matter import read_front_matter
from tests.conftest import copy_root, warnings_of


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    return code, capsys.readouterr().out.splitlines()


def build_warnings(src: Path) -> list[str]:
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return [line for line in warnings_of(app) if "[labnotebook." in line]


@pytest.mark.parametrize("root", ["bad-frontmatter", "duplicate-label"])
def test_check_prints_the_build_messages(
    root: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root(root, tmp_path)
    code, lines = run(capsys, "--root", str(src), "check")
    assert code == 1
    assert [line for line in lines if "WARNING" in line] == build_warnings(src)
    assert lines  # the roots are bad on purpose


def test_check_passes_a_good_book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = copy_root("notes", tmp_path)
    code, lines = run(capsys, "--root", str(src), "check")
    assert (code, lines[-1]) == (0, "7 notes checked, no problems")


def test_new_scaffolds_a_valid_note_with_a_unique_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("notes", tmp_path)
    code, _ = run(capsys, "--root", str(src), "new", "The Target Note", "--tags", "a, b")
    assert code == 0
    # "the-target-note" is free; a second note of that title gets a suffix
    run(capsys, "--root", str(src), "new", "The Target Note", "--executable")
    first = read_front_matter(src / "notes" / "the-target-note.md")
    second = read_front_matter(src / "notes" / "the-target-note-2.md")
    assert first is not None and second is not None
    assert first.data["label"] == "the-target-note"
    assert first.data["tags"] == ["a", "b"]
    assert first.data["authors"] == ["ada"]
    assert second.data["label"] == "the-target-note-2"
    assert "kernelspec" in second.data
    code, lines = run(capsys, "--root", str(src), "check")
    assert (code, lines[-1]) == (0, "9 notes checked, no problems")


def test_new_keeps_a_hostile_title_intact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("notes", tmp_path)
    title = '<script>alert(1)</script> "quotes" {braces} \\ 中文'
    run(capsys, "--root", str(src), "new", title)
    created = next(p for p in (src / "notes").glob("script-*.md"))
    front = read_front_matter(created)
    assert front is not None
    assert front.data["title"] == title
