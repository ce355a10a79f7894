"""Notebooks git does not track: read again only when they change or get committed.

The execution stamp of a never-committed notebook says "uncommitted changes", and
each build re-reads a note whose stamp says so once its changes are committed. A
git-ignored or untracked notebook must not pass for committed at every build.
"""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

from labnotebook.execution.provenance import uncommitted
from tests.test_execution_cache import ROOT, git
from tests.test_execution_failures import sphinx_build


def book_in_git(tmp_path: Path) -> Path:
    """The cache root without its executed notes (no kernel needed), in a repository
    that ignores the stored notebook and leaves one page untracked."""
    src = tmp_path / "book"
    shutil.copytree(ROOT, src)
    for executed in ("measured.md", "second.md"):
        (src / "notes" / executed).unlink()
    (src / ".gitignore").write_text("_build/\nnotes/stored.ipynb\n", encoding="utf-8")
    git(src, "init", "-q")
    git(src, "add", ".")
    git(src, "rm", "-q", "--cached", "notes/plain-two.md")
    git(src, "commit", "-q", "-m", "the book")
    return src


def read_docs(src: Path) -> list[str]:
    """Build in a new process, as ``make html`` does; the documents it reads."""
    build = sphinx_build(src, src / "_build" / "html", src / "_build" / "doctrees")
    assert build.returncode == 0, build.warnings
    return sorted(set(re.findall(r"reading sources\.\.\. \[ *\d+%\] (\S+)", build.stdout)))


def test_uncommitted_lists_ignored_and_untracked_files(tmp_path) -> None:
    src = book_in_git(tmp_path)
    notes = src / "notes"
    paths = [notes / "stored.ipynb", notes / "plain-two.md", notes / "plain-one.md"]
    assert uncommitted(paths) == {notes / "stored.ipynb", notes / "plain-two.md"}


def test_an_ignored_notebook_is_read_again_only_once_committed(tmp_path) -> None:
    src = book_in_git(tmp_path)
    assert "notes/stored" in read_docs(src)
    env = pickle.loads((src / "_build" / "doctrees" / "environment.pickle").read_bytes())
    assert env.domaindata["execution"]["runs"]["notes/stored"].uncommitted

    assert read_docs(src) == []  # nothing changed, nothing committed

    (src / ".gitignore").write_text("_build/\n", encoding="utf-8")
    git(src, "add", "notes/stored.ipynb", ".gitignore")
    git(src, "commit", "-q", "-m", "keep the notebook")
    assert "notes/stored" in read_docs(src)  # its stamp names the commit now
