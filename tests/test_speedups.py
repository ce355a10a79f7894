"""Each speed-up can be switched off (``LABNOTEBOOK_WITHOUT``), and none changes the book."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from labnotebook import speedups
from labnotebook.cli import main
from tests.conftest import build_in_process, copy_root

# a book theme, notes, tags, authors, a bibliography, a template of the project's own
ROOT = "incremental"


def differing_files(left: Path, right: Path) -> list[str]:
    found: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"{prefix}{name}" for name in comparison.left_only + comparison.right_only)
        found.extend(f"{prefix}{name}" for name in comparison.diff_files)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    # Pagefind's index is not the same, byte for byte, between two builds of one book
    # with every speed-up on either; what it finds is tested in test_search*.py
    return [name for name in found if not name.startswith("pagefind/")]


def test_the_book_is_the_same_without_any_speedup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = build_in_process(copy_root(ROOT, tmp_path / "fast"))
    monkeypatch.setenv(speedups.VARIABLE, "all")
    slow = build_in_process(copy_root(ROOT, tmp_path / "slow"))
    assert not (Path(slow.doctreedir) / "labnotebook-exports.pickle").exists()
    assert differing_files(Path(fast.outdir), Path(slow.outdir)) == []


def test_an_unknown_speedup_is_one_message_naming_the_real_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(speedups.VARIABLE, "exports-cash")
    src = copy_root(ROOT, tmp_path)
    assert main(["--root", str(src), "check"]) == 2
    message = capsys.readouterr().err
    assert "exports-cash, which is no speed-up" in message
    assert "exports-cache" in message
    with pytest.raises(ExtensionError, match="exports-cash, which is no speed-up"):
        build_in_process(src)


def run_build(src: Path, **environment: str) -> str:
    command = [sys.executable, "-m", "labnotebook.cli", "build", "-b", "html", "-q"]
    result = subprocess.run(
        [*command, str(src), str(src / "_build" / "html")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **environment},
    )
    return result.stdout + result.stderr


def test_without_skip_unchanged_every_build_starts_sphinx(tmp_path: Path) -> None:
    src = copy_root(ROOT, tmp_path)
    run_build(src)
    assert "nothing changed" in run_build(src)
    assert "nothing changed" not in run_build(src, **{speedups.VARIABLE: "skip-unchanged"})
