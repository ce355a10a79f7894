"""``labnotebook build`` skips Sphinx only when nothing the build reads has changed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from labnotebook.build import freshness
from labnotebook.cli import main
from tests.conftest import copy_root


def book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    (root / "notes").mkdir(parents=True)
    (root / "conf.py").write_text("project = 'x'\n", encoding="utf-8")
    (root / "notes" / "a.md").write_text("# A\n", encoding="utf-8")
    (root / "_build" / "html").mkdir(parents=True)
    return root


def fingerprint(root: Path, command: tuple[str, ...] = ("-b", "html")) -> freshness.Fingerprint:
    return freshness.inputs(root, list(command), [root / "_build"])


def test_same_tree_same_fingerprint(tmp_path: Path) -> None:
    root = book(tmp_path)
    assert fingerprint(root) == fingerprint(root)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "notes" / "a.md").write_text("# A, edited\n", encoding="utf-8"),
        lambda root: (root / "notes" / "b.md").write_text("# B\n", encoding="utf-8"),
        lambda root: (root / "notes" / "a.md").unlink(),
        lambda root: os.utime(root / "conf.py", ns=(1, 1)),
        lambda root: (root / "notes" / "a.md").rename(root / "notes" / "c.md"),
        lambda root: (root / ".hidden-file").write_text("x", encoding="utf-8"),
    ],
    ids=["edited", "added", "deleted", "touched", "renamed", "hidden file"],
)
def test_any_change_to_the_sources_counts(tmp_path: Path, change) -> None:
    root = book(tmp_path)
    before = fingerprint(root)
    change(root)
    assert fingerprint(root).differences(before) == ["sources"]


def test_output_hidden_folders_and_bytecode_do_not_count(tmp_path: Path) -> None:
    root = book(tmp_path)
    before = fingerprint(root)
    (root / "_build" / "html" / "index.html").write_text("<p>", encoding="utf-8")
    (root / ".git-like").mkdir()
    (root / ".git-like" / "x").write_text("x", encoding="utf-8")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "conf.cpython-311.pyc").write_bytes(b"\0")
    assert fingerprint(root) == before


def test_command_and_environment_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = book(tmp_path)
    before = fingerprint(root)
    assert fingerprint(root, ("-b", "dirhtml")).differences(before) == ["command"]
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "elsewhere"))
    assert fingerprint(root).differences(before) == ["command"]
    monkeypatch.undo()
    monkeypatch.setenv("UNRELATED_VARIABLE", "1")
    assert fingerprint(root) == before


def test_a_commit_counts(tmp_path: Path) -> None:
    root = book(tmp_path)

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "conf.py")
    git("commit", "-q", "-m", "first")
    before = fingerprint(root)
    git("add", "notes/a.md")
    git("commit", "-q", "-m", "second")
    assert "git" in fingerprint(root).differences(before)


def test_stamp_is_stale_once_the_output_changes(tmp_path: Path) -> None:
    root = book(tmp_path)
    outdir = root / "_build" / "html"
    (outdir / "index.html").write_text("<p>", encoding="utf-8")
    now = fingerprint(root)
    freshness.write_stamp(outdir, now)
    assert freshness.unchanged_since_last_build(outdir, now)
    (outdir / "index.html").unlink()
    assert not freshness.unchanged_since_last_build(outdir, now)


def test_damaged_stamp_means_build(tmp_path: Path) -> None:
    root = book(tmp_path)
    outdir = root / "_build" / "html"
    (outdir / freshness.STAMP_NAME).write_text("{not json", encoding="utf-8")
    assert not freshness.unchanged_since_last_build(outdir, fingerprint(root))


def build(capsys: pytest.CaptureFixture[str], src: Path, *extra: str) -> tuple[int, str]:
    outdir = src / "_build" / "html"
    status = main(["build", "-b", "html", "-q", *extra, str(src), str(outdir)])
    return status, capsys.readouterr().out


def page_times(outdir: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


def test_build_command_skips_only_an_unchanged_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("basic", tmp_path)
    outdir = src / "_build" / "html"
    status, _ = build(capsys, src)
    assert status == 0 and (outdir / freshness.STAMP_NAME).is_file()
    written = page_times(outdir)

    status, out = build(capsys, src)
    assert status == 0 and "nothing changed since the last build" in out
    assert page_times(outdir) == written

    note = next((src / "notes").glob("*.md"))
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    status, out = build(capsys, src)
    assert status == 0 and "nothing changed" not in out
    page = outdir / "notes" / (note.stem + ".html")
    assert "One more line." in page.read_text(encoding="utf-8")

    # a page removed by hand is written again
    page.unlink()
    status, out = build(capsys, src)
    assert status == 0 and page.is_file()

    # -E asks for a fresh build, and gets it
    status, out = build(capsys, src, "-E")
    assert "nothing changed" not in out


def test_failed_build_is_never_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = copy_root("broken-ref", tmp_path)
    outdir = src / "_build" / "html"
    first, _ = build(capsys, src, "-W", "-n")
    assert first != 0
    assert not (outdir / freshness.STAMP_NAME).exists()
    # the same warning fails the second build too (see labnotebook.build.reread_warned)
    second, out = build(capsys, src, "-W", "-n")
    assert second != 0 and "nothing changed" not in out
