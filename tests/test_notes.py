"""Notes as citable objects: header, backlinks, citation, listings, exports, escaping."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import jsonschema
import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from labnotebook.core.bibtex import tex_text
from labnotebook.core.pagenames import tag_page
from tests.conftest import copy_root, warnings_of

HOSTILE = '<script>alert(1)</script> "quotes" {braces} 中文'


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def backlinks(app, page: str) -> list[str]:
    block = soup(app, page).select_one(".note-backlinks")
    return [a.get_text() for a in block.select("a")] if block else []


ROOT = "notes"


@pytest.fixture(scope="module")
def built(module_app):
    assert warnings_of(module_app) == []
    return module_app


def test_header_shows_status_kind_dates_authors_tags_abstract(built) -> None:
    header = soup(built, "notes/target.html").select_one(".note-header")
    assert header is not None
    assert header.select_one(".note-status-complete").get_text() == "complete"
    text = header.get_text(" ", strip=True)
    for expected in (
        "Research note",
        "Started 2024-01-10",
        "Updated 2024-03-01",
        "Ada Lovelace",
        "Grace Hopper",
        "What the target note finds",
    ):
        assert expected in text
    tags = {a.get_text(): unquote(a["href"]) for a in header.select("a.note-tag")}
    assert tags == {"theory": "../tags/theory.html", "中文标签": "../tags/中文标签.html"}
    # MyST's own abstract block is replaced by the header
    assert not soup(built, "notes/target.html").select("div.topic.abstract")


def test_default_authors_apply(built) -> None:
    authors = soup(built, "notes/by-role.html").select(".note-authors a")
    assert [a.get_text() for a in authors] == ["Ada Lovelace"]


def test_note_role_shows_title_and_status(built) -> None:
    links = soup(built, "notes/by-role.html").select("a.note-ref")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("The target note", "target.html"),
        ("its result", "target.html"),
    ]
    assert "note-status-complete" in links[0]["class"]


def test_backlinks_from_every_kind_of_reference(built) -> None:
    assert backlinks(built, "notes/target.html") == [
        "Cites by Markdown link",
        "Cites by ref",
        "Cites by role",
        "一篇中文笔记",
        "A plain page",
    ]
    chinese = soup(built, "notes/target.html").select(".note-backlinks a")[-2]
    assert chinese["lang"] == "zh-Hans"
    assert backlinks(built, "notes/course.html") == []


def test_cite_this_note(built) -> None:
    block = soup(built, "notes/target.html").select_one(".note-cite")
    citation = block.select_one(".note-citation").get_text()
    assert citation == (
        "Ada Lovelace and Grace Hopper (2024). The target note. Test notebook, research note, "
        "version of 2024-03-01. https://example.org/book/n/target/"
    )
    bibtex = block.select_one("pre").get_text()
    entry = parse_string(bibtex, "bibtex").entries["target"]
    assert entry.type == "online"
    assert entry.fields["title"] == "{The} target note"  # capitals protected
    assert entry.fields["date"] == "2024-01-10"
    assert entry.fields["version"] == entry.fields["urldate"] == "2024-03-01"
    assert entry.fields["url"] == "https://example.org/book/n/target/"
    assert entry.fields["author+an:orcid"] == '1="0000-0002-1825-0097"'
    assert [str(p) for p in entry.persons["author"]] == ["Lovelace, Ada", "Hopper, Grace"]


def test_notes_index_lists_newest_first_and_groups_courses(built) -> None:
    page = soup(built, "index.html")
    lists = page.select("ul.note-list")
    titles = [a.get_text() for a in lists[0].select(".note-list-title a")]
    assert titles == [
        HOSTILE,
        "The target note",
        "Cites by ref",
        "Cites by role",
        "Cites by Markdown link",
        "一篇中文笔记",
    ]
    chinese = lists[0].select(".note-list-title a")[-1]
    assert chinese["lang"] == "zh-Hans"
    assert [r.get_text() for r in page.select(".note-list-group")] == [
        "CS101 Introduction, Example University"
    ]
    assert [a.get_text() for a in lists[1].select(".note-list-title a")] == ["A course project"]
    cloud = [a.get_text() for a in page.select(".note-tag-cloud a")]
    assert cloud == ["<b>tag</b> (1)", "theory (2)", "中文标签 (1)"]


def test_tag_and_author_pages(built) -> None:
    theory = soup(built, "tags/theory.html")
    assert [a.get_text() for a in theory.select(".note-list-title a")] == [
        "The target note",
        "Cites by role",
    ]
    grace = soup(built, "authors/grace.html")
    assert grace.select_one("h1").get_text() == "Notes by Grace Hopper"
    assert [a.get_text() for a in grace.select(".note-list-title a")] == ["The target note"]
    assert (Path(built.outdir) / "tags" / "index.html").is_file()


def test_hostile_metadata_is_escaped_everywhere(built) -> None:
    out = Path(built.outdir)
    for page in ("notes/hostile.html", "index.html", tag_page("<b>tag</b>") + ".html"):
        raw = (out / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in raw, page
        assert "<b>tag</b>" not in raw, page
        assert "<img src=x" not in raw, page
    page = soup(built, "notes/hostile.html")
    # the title is text; only docutils' typographic quotes differ
    title = page.select_one("h1").get_text().rstrip("#¶").replace("“", '"').replace("”", '"')
    assert title == HOSTILE
    assert (
        "<img src=x onerror=alert(1)> & {braces} 中文"
        in page.select_one(".note-abstract").get_text()
    )
    for name in ("notes.bib", "notes-bibtex.bib"):
        entries = parse_string((out / name).read_text(encoding="utf-8"), "bibtex").entries
        classic = name == "notes-bibtex.bib"
        title = tex_text(HOSTILE, protect_capitals=True, ascii=classic)
        assert entries["hostile"].fields["title"] == title
    records = json.loads((out / "notes.json").read_text(encoding="utf-8"))["notes"]
    assert {r["label"]: r["title"] for r in records}["hostile"] == HOSTILE


def test_exports_cover_every_note(built) -> None:
    out = Path(built.outdir)
    for name, kind in (("notes.bib", "online"), ("notes-bibtex.bib", "misc")):
        text = (out / name).read_text(encoding="utf-8")
        entries = parse_string(text, "bibtex").entries
        assert sorted(entries) == [
            "by-link",
            "by-ref",
            "by-role",
            "chinese",
            "course-project",
            "hostile",
            "target",
        ]
        assert {entry.type for entry in entries.values()} == {kind}
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == [] and len(library.entries) == 7
    document = json.loads((out / "notes.json").read_text(encoding="utf-8"))
    records = document["notes"]
    target = next(r for r in records if r["label"] == "target")
    assert target["url"] == "https://example.org/book/n/target/"
    assert target["authors"] == [
        {
            "id": "ada",
            "name": "Ada Lovelace",
            "orcid": "0000-0002-1825-0097",
            "homepage": "https://example.org/ada",
        },
        {"id": "grace", "name": "Grace Hopper", "orcid": None, "homepage": None},
    ]
    assert target["updated"] == "2024-03-01"
    assert target["version"] == "2024-03-01"
    assert document["book"] == {"title": "Test notebook", "url": "https://example.org/book/"}


def test_notes_json_follows_its_published_schema(built) -> None:
    out = Path(built.outdir)
    document = json.loads((out / "notes.json").read_text(encoding="utf-8"))
    schema = json.loads((out / "notes.schema.json").read_text(encoding="utf-8"))
    assert document["$schema"] == "https://example.org/book/notes.schema.json"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)

    # a missing value is null, never an empty string
    def strings(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, str):
            yield value

    assert "" not in list(strings(document))
    chinese = next(r for r in document["notes"] if r["label"] == "chinese")
    assert chinese["abstract"] is None or chinese["abstract"]
    assert chinese["updated"] is None and chinese["doi"] is None and chinese["course"] is None


def touch_and_write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def written_pages(app) -> set[str]:
    """The documents the last build wrote, from Sphinx's status output."""
    from sphinx.util.console import strip_escape_sequences

    status = strip_escape_sequences(app.status.getvalue()).rsplit("writing output...", 1)[-1]
    return {line.split()[-1] for line in status.splitlines() if "[" in line and "%]" in line}


def test_incremental_backlinks_follow_edits(make_app, tmp_path) -> None:
    src = copy_root("notes", tmp_path)
    app = make_app("html", srcdir=src)
    app.build()
    assert "Cites by role" in backlinks(app, "notes/target.html")

    # drop the {note} references from one note: the target's list must lose it
    touch_and_write(
        src / "notes" / "by-role.md",
        (src / "notes" / "by-role.md").read_text().split("See ")[0] + "No links.\n",
    )
    app.status.truncate(0)
    app.build()
    assert "Cites by role" not in backlinks(app, "notes/target.html")
    written = written_pages(app)
    assert "notes/target" in written
    assert "notes/course" not in written  # unrelated pages are left alone

    # retitle a referring note: the target's list shows the new title
    by_ref = src / "notes" / "by-ref.md"
    touch_and_write(by_ref, by_ref.read_text().replace("Cites by ref", "Renamed referrer"))
    app.build()
    assert "Renamed referrer" in backlinks(app, "notes/target.html")
    # and the index listing shows it too
    assert "Renamed referrer" in soup(app, "index.html").get_text()


def test_renaming_an_author_reaches_every_page_that_names_them(make_app, tmp_path) -> None:
    src = copy_root("notes", tmp_path)
    app = make_app("html", srcdir=src)
    app.build()
    registry = src / "_data" / "authors.yml"
    touch_and_write(registry, registry.read_text().replace("Ada Lovelace", "Augusta Ada King"))
    app.build()
    header = soup(app, "notes/target.html").select_one(".note-authors").get_text()
    assert "Augusta Ada King" in header
    assert "Ada Lovelace" not in header


def test_a_no_op_rebuild_leaves_generated_pages_alone(tmp_path) -> None:
    """Two separate builds, as two runs of ``make html`` are: nothing to write again."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    src = copy_root("notes", tmp_path)

    def build() -> SphinxTestApp:
        app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
        app.build()
        app.cleanup()
        return app

    first = build()
    tag_page = Path(first.outdir) / "tags" / "theory.html"
    written = tag_page.stat().st_mtime_ns
    time.sleep(0.05)
    build()
    assert tag_page.stat().st_mtime_ns == written
    # a changed tag brings the pages up to date, and a tag no note carries any more goes
    course = src / "notes" / "course.md"
    touch_and_write(
        course, course.read_text().replace("date: 2024-05-01", "date: 2024-05-01\ntags: [teaching]")
    )
    build()
    assert (Path(first.outdir) / "tags" / "teaching.html").is_file()
    touch_and_write(course, course.read_text().replace("tags: [teaching]\n", ""))
    build()
    assert not (Path(first.outdir) / "tags" / "teaching.html").exists()


def test_a_second_build_reads_nothing_again(tmp_path) -> None:
    """labnotebook's own settings must not look like a configuration change to the next
    run of sphinx-build, which would read every document again."""
    import subprocess
    import sys

    src = copy_root("notes", tmp_path)
    command = [sys.executable, "-m", "sphinx", "-b", "html", str(src), str(src / "_build")]
    outputs = [
        subprocess.run(command, capture_output=True, text=True, check=True).stdout for _ in range(2)
    ]
    assert "[new config]" in outputs[0]
    assert "updating environment: 0 added, 0 changed, 0 removed" in outputs[1]
