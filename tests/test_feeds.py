"""The Atom feeds: valid, newest first, absolute links, every field escaped."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.conftest import build_in_process, copy_root, warnings_of

SITE = "https://lab.example.org/book/"
HOSTILE = '<script>alert(1)</script> "quotes" {braces} 中文'


@pytest.fixture(scope="module")
def built(shared_build):
    """The root built once, for the tests that only read its output."""
    return shared_build("web-feeds")


def parse(app, name: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((Path(app.outdir) / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_updates_feed_has_every_update_newest_first(built) -> None:
    assert warnings_of(built) == []
    feed = parse(built, "updates.atom")
    assert feed.feed.title == "<b>Lab</b> & notes: updates"
    assert [e.title for e in feed.entries] == [
        HOSTILE + " & more",
        "Wrote a fresh note.",
        "An older update.",
        "The oldest update.",
    ]
    assert [e.link for e in feed.entries[:3]] == [
        "https://example.org/paper?a=1&b=2",
        SITE + "notes/fresh.html",
        SITE,
    ]
    assert feed.entries[0].updated == "2025-02-03T00:00:00+00:00"
    assert feed.feed.updated == "2025-02-03T00:00:00+00:00"
    assert len({e.id for e in feed.entries}) == 4


def test_notes_feed_has_notes_newest_change_first(built) -> None:
    feed = parse(built, "notes.atom")
    assert feed.feed.title == "<b>Lab</b> & notes: notes"
    assert [e.title for e in feed.entries] == [
        HOSTILE,
        "A fresh note",
        "An old note",
        "一篇中文笔记",
    ]
    hostile = feed.entries[0]
    assert hostile.link == SITE + "n/hostile/"
    assert hostile.id == SITE + "n/hostile/"
    assert hostile.updated == "2025-03-02T00:00:00+00:00"
    assert hostile.published == "2024-05-01T00:00:00+00:00"
    assert hostile.summary == "An abstract with <em>markup</em> & an ampersand."
    assert hostile.summary_detail.type == "text/plain"
    assert [a.name for a in hostile.authors] == ["Ada Lovelace", "Grace <Hopper> & co"]
    assert [t.term for t in hostile.tags] == ["a&b", "<tag>"]


def test_hostile_text_is_escaped_in_the_xml(built) -> None:
    for name in ("updates.atom", "notes.atom"):
        xml = (Path(built.outdir) / name).read_text()
        assert "<script>" not in xml
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


def test_pages_announce_the_feeds(built) -> None:
    soup = BeautifulSoup((Path(built.outdir) / "notes" / "old.html").read_text(), "html.parser")
    links = {
        link["href"]: link["title"]
        for link in soup.select('link[rel="alternate"][type="application/atom+xml"]')
    }
    assert links == {
        SITE + "updates.atom": "<b>Lab</b> & notes: updates",
        SITE + "notes.atom": "<b>Lab</b> & notes: notes",
    }


@pytest.mark.sphinx("html", testroot="web-feeds", confoverrides={"labnotebook_site_url": ""})
def test_no_site_url_no_feeds(app) -> None:
    # the test root's output folder is shared with the other tests: start without feeds
    for name in ("updates.atom", "notes.atom"):
        (Path(app.outdir) / name).unlink(missing_ok=True)
    app.build()
    assert warnings_of(app) == []
    assert not (Path(app.outdir) / "updates.atom").exists()
    assert not (Path(app.outdir) / "notes.atom").exists()


@pytest.mark.sphinx("text", testroot="web-feeds")
def test_other_builders_write_no_feeds(app) -> None:
    app.build()
    assert not (Path(app.outdir) / "notes.atom").exists()


@pytest.mark.sphinx("html", testroot="web-feeds")
def test_entries_carry_their_language_and_a_summary(app) -> None:
    app.build()
    notes = parse(app, "notes.atom")
    # feedparser reports the xml:lang in force on each entry's title
    languages = {e.title: e.title_detail.language for e in notes.entries}
    assert languages["一篇中文笔记"] == "zh-Hans"
    assert languages["An old note"] == "en"
    updates = parse(app, "updates.atom")
    summaries = {e.title: e.get("summary") for e in updates.entries}
    # every update has a summary; one announcing a note adds the note's abstract
    assert summaries["The oldest update."] == "The oldest update."
    assert summaries["Wrote a fresh note."] == (
        "Wrote a fresh note. A fresh note: What the fresh note finds."
    )


def test_update_ids_survive_text_edits(tmp_path: Path) -> None:
    """Fix a typo in an update, add a newer one: readers must not see the old ones as new."""
    src = copy_root("web-feeds", tmp_path)
    first = build_in_process(src)
    before = parse(first, "updates.atom")
    ids = {e.title: e.id for e in before.entries}

    updates = src / "_data" / "updates.yml"
    text = updates.read_text(encoding="utf-8").replace("An older update.", "An older update!")
    updates.write_text('- date: "2024-05"\n  text: Newer, same month.\n' + text, "utf-8")
    second = build_in_process(src)
    after = {e.title: e.id for e in parse(second, "updates.atom").entries}
    assert after["An older update!"] == ids["An older update."]
    assert after["Wrote a fresh note."] == ids["Wrote a fresh note."]
    assert after["The oldest update."] == ids["The oldest update."]
    assert len(set(after.values())) == len(after) == 5
