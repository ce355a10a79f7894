"""Each note's history from git: dates, revisions linked to the host, no build-clock dates."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import build_in_process, copy_root, warnings_of
from tests.test_addresses import commit_all, git

HOSTILE = '<script>alert(1)</script> "quotes" & {braces} 中文 🎉'
OPTIONS = {"html_last_updated_fmt": "%Y-%m-%d"}


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


def test_revisions_dates_and_footer_come_from_git_and_front_matter(tmp_path: Path) -> None:
    src = copy_root("web-addresses", tmp_path)
    git(src, "init", "-q")
    (src / ".gitignore").write_text("_build/\n")
    commit_all(src, "First version", date="2026-04-01T09:00:00+00:00")
    note = src / "notes" / "zh.md"
    note.write_text(note.read_text() + "\n更多内容。\n")
    commit_all(src, HOSTILE, date="2026-05-02T09:00:00+00:00")
    app = build_in_process(src, confoverrides=OPTIONS)
    assert warnings_of(app) == []
    out = Path(app.outdir)

    zh = page(out, "notes/zh.html")
    revisions = zh.select(".note-revisions li")
    assert [r.get_text(" ", strip=True).split(" ", 2)[::2] for r in revisions] == [
        ["2026-05-02", HOSTILE],
        ["2026-04-01", "First version"],
    ]
    # folded under its title, which says how many revisions it holds
    assert zh.select_one("details.note-revisions-box summary").get_text() == "最近的修改 (2)"
    commit = git(src, "rev-parse", "HEAD").strip()
    assert revisions[0].a["href"] == f"https://github.com/lab/book/commit/{commit}"
    assert "<script>alert" not in (out / "notes" / "zh.html").read_text()
    # no ``updated`` in its front matter: the last change is git's
    assert zh.select_one(".note-history-dates").get_text() == "最后修改 2026-05-02"
    # the footer's date is the note's, not the build's
    assert "2026-05-02" in zh.select_one(".last-updated").get_text()

    # the front matter's dates win: this note says it was updated on 2026-03-02
    laws = page(out, "notes/power-laws.html")
    assert not laws.select(".note-history-dates")
    assert "2026-03-02" in laws.select_one(".last-updated").get_text()
    # a page without a header says both
    work = page(out, "docs/work-with-us.html")
    assert work.select_one(".note-history-dates").get_text() == (
        "First published 2025-10-06 · last changed 2026-04-01"
    )


def test_a_commit_alone_rewrites_its_page_and_no_other(tmp_path: Path) -> None:
    src = copy_root("web-addresses", tmp_path)
    git(src, "init", "-q")
    (src / ".gitignore").write_text("_build/\n")
    commit_all(src, "First version", date="2026-04-01T09:00:00+00:00")
    note = src / "docs" / "work-with-us.md"
    note.write_text(note.read_text() + "\nWrite to us.\n")
    out = Path(build_in_process(src).outdir)
    assert "Say how" not in (out / "docs" / "work-with-us.html").read_text()
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    # committing changes no source file: only git knows the page has a new revision
    commit_all(src, "Say how to write to us", date="2026-04-03T09:00:00+00:00")
    app = build_in_process(src)
    assert warnings_of(app) == []
    work = page(out, "docs/work-with-us.html")
    assert "Say how to write to us" in work.select_one(".note-revisions").get_text()
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    rewritten = sorted(str(p.relative_to(out)) for p in after if after[p] != before.get(p))
    # the search and 404 pages are written at every build, whatever changed (the book
    # has no index entries, so no general index)
    assert rewritten == ["404.html", "docs/work-with-us.html", "search.html"]


def test_a_front_matter_date_later_than_git_is_reported(tmp_path: Path) -> None:
    src = copy_root("web-addresses", tmp_path)
    git(src, "init", "-q")
    (src / ".gitignore").write_text("_build/\n")
    commit_all(src, "First version", date="2026-01-05T09:00:00+00:00")
    warnings = warnings_of(build_in_process(src))
    assert len(warnings) == 1, warnings
    assert (
        "notes/power-laws.md:6: WARNING: front matter field 'updated': 2026-03-02 is after"
        in (warnings[0])
    )
    assert "(2026-01-05," in warnings[0] and "[labnotebook.history]" in warnings[0]
