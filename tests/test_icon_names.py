"""The icon fonts after a rebuild: only the pages the build wrote are read for icon names,
and an icon a page gains is kept in the cut font and the stylesheet.

Each build is a new Sphinx application on the same folder, as ``make html`` runs it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from labnotebook.patches import pydata_sphinx_theme as theme
from tests.conftest import build_in_process, copy_root


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    later = time.time() + 5  # newer than the last build, however fast the machine
    os.utime(path, (later, later))


def test_a_rebuild_reads_only_the_pages_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_root("incremental", tmp_path)
    first = build_in_process(src)
    out = Path(first.outdir)
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts]
    stamps = {page: page.stat().st_mtime_ns for page in pages}

    read: list[Path] = []
    names_in = theme.names_in

    def counting(file: Path) -> frozenset[str]:
        if file.suffix == ".html":
            read.append(file)
        return names_in(file)

    monkeypatch.setattr(theme, "names_in", counting)
    append(src / "notes" / "gamma.md", '\nA flask: <i class="fa-solid fa-flask"></i>\n')
    build_in_process(src)
    written = {p for p in stamps if p.stat().st_mtime_ns != stamps[p]}
    assert Path(out / "notes" / "gamma.html") in written
    assert set(read) == written
    assert len(read) < len(pages) / 2
    # the new icon is in the stylesheet the page loads (rules for unnamed icons are cut)
    stylesheet = (out / "_static" / theme.STYLESHEET).read_text(encoding="utf-8")
    assert ".fa-flask" in stylesheet


def test_a_damaged_record_of_names_means_every_page_is_read(tmp_path: Path) -> None:
    src = copy_root("incremental", tmp_path)
    first = build_in_process(src)
    out = Path(first.outdir)
    known = Path(first.doctreedir) / "labnotebook-icon-names.pickle"
    assert known.is_file()
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts]
    names = theme.used_icon_names(out / "_static", pages, known)
    known.write_bytes(b"not a pickle")
    assert theme.used_icon_names(out / "_static", pages, known) == names
    assert theme.used_icon_names(out / "_static", pages) == names
