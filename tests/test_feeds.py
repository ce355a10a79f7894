"""The Atom feeds: valid, newest first, absolute links, every field escaped."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.conftest import warnings_of

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
    assert [e.title for e in feed.entries] == [HOSTILE, "A fresh note", "An old note"]
    hostile = feed.entries[0]
    assert hostile.link == SITE + "notes/hostile.html"
    assert hostile.id == SITE + "notes/hostile.html"
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
