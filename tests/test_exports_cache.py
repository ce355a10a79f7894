"""The exports (notes.bib, notes-bibtex.bib, notes.json) after an edit: only what changed
is made again, and the files equal those of a clean build.

Each rebuild is a new Sphinx application on the same folder, as ``make html`` runs it; the
clean build is of a copy of the edited sources without their ``_build``.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from labnotebook.site import exports
from tests.conftest import build_in_process, copy_root

FILES = (exports.BIBLATEX_FILE, exports.BIBTEX_FILE, exports.JSON_FILE)


@pytest.fixture
def converted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The label of each note written as a BibTeX entry, in order, once per entry."""
    labels: list[str] = []
    to_bibtex = exports.to_bibtex

    def counting(note, *args, **kwargs):  # type: ignore[no-untyped-def]
        labels.append(note.label)
        return to_bibtex(note, *args, **kwargs)

    monkeypatch.setattr(exports, "to_bibtex", counting)
    return labels


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    later = time.time() + 5  # newer than the last build, however fast the machine
    os.utime(path, (later, later))


def exported(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {name: (Path(app.outdir) / name).read_text(encoding="utf-8") for name in FILES}


def clean_build_of(src: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    copy = tmp_path / "clean"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("_build"))
    return build_in_process(copy)


def test_an_edited_note_alone_is_written_again(tmp_path: Path, converted: list[str]) -> None:
    src = copy_root("notes", tmp_path / "book")
    build_in_process(src)
    notes = len(converted) // 2
    assert notes >= 5
    converted.clear()

    edit(
        src / "notes" / "target.md", "title: The target note", "title: The target note, {re}titled"
    )
    app = build_in_process(src)
    assert converted == ["target", "target"]
    assert "{re}titled" in exported(app)[exports.JSON_FILE]
    assert exported(app) == exported(clean_build_of(src, tmp_path))


def test_a_renamed_author_reaches_the_exports(tmp_path: Path, converted: list[str]) -> None:
    src = copy_root("notes", tmp_path / "book")
    build_in_process(src)
    converted.clear()

    edit(src / "_data" / "authors.yml", "Ada Lovelace", "Augusta Ada King")
    app = build_in_process(src)
    assert "target" in converted
    assert "King, Augusta Ada" in exported(app)[exports.BIBLATEX_FILE]
    assert exported(app) == exported(clean_build_of(src, tmp_path))


def test_a_changed_paper_reaches_the_records_of_the_notes_citing_it(
    tmp_path: Path, converted: list[str]
) -> None:
    src = copy_root("bib-basic", tmp_path / "book")
    build_in_process(src)
    converted.clear()

    edit(src / "refs.bib", "{Scaling Laws for Neural Language Models}", "{Scaling Laws, Revised}")
    app = build_in_process(src)
    assert "a" in converted
    assert "Scaling Laws, Revised" in exported(app)[exports.JSON_FILE]
    assert exported(app) == exported(clean_build_of(src, tmp_path))


def test_a_damaged_cache_is_made_again(tmp_path: Path, converted: list[str]) -> None:
    src = copy_root("notes", tmp_path / "book")
    first = build_in_process(src)
    before = exported(first)
    notes = len(converted)
    converted.clear()

    cache = Path(first.doctreedir) / exports.CACHE_FILE
    assert cache.is_file()
    cache.write_bytes(b"\x80\x05 not a pickle")
    app = build_in_process(src)
    assert len(converted) == notes
    assert exported(app) == before
    assert exports.load_cache(cache)  # written whole again
