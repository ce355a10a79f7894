"""Atom feeds: the book's dated updates and its new or updated notes.

Written with feedgen (which escapes every text field through lxml) at
``build-finished`` for HTML builders, from the same sources as the pages: the updates
file (see :mod:`labnotebook.site.updates`) and the note domain. Links are absolute, made from
``labnotebook_site_url``; a book without one gets no feeds, since a feed reader cannot
follow a relative link. Every page links to both feeds in its ``<head>``.

Dates come from the data, never from the clock, so two builds of the same sources
write the same feeds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from sphinx.util import logging

from labnotebook.config import get_config
from labnotebook.core.addresses import permanent_url
from labnotebook.notes.authors import authors_registry
from labnotebook.notes.domain import note_domain
from labnotebook.site import HTML_BUILDERS
from labnotebook.site.updates import read_updates

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from labnotebook.core.datafiles import Update
    from labnotebook.core.note import NoteMeta

logger = logging.getLogger(__name__)

UPDATES_FEED = "updates.atom"
NOTES_FEED = "notes.atom"
#: How many notes the notes feed carries: readers only look at the newest.
NOTES_IN_FEED = 30


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def moment(day: dt.date) -> dt.datetime:
    """A date as the midnight UTC that starts it: Atom needs a time and a zone."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


#: The ``xml:lang`` attribute, which Atom allows on every element.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class EntryLanguage(BaseEntryExtension):
    """A feedgen entry extension: the entry's own language as ``xml:lang``, so that a
    Chinese note in an English book is not read as English."""

    def __init__(self) -> None:
        self.value = ""

    def language(self, value: str) -> None:
        self.value = value

    def extend_atom(self, entry: Any) -> Any:
        if self.value:
            entry.set(XML_LANG, self.value)
        return entry


def new_feed(app: Sphinx, site_url: str, name: str, title: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.register_extension("entry_language", BaseExtension, EntryLanguage, atom=True, rss=False)
    feed.id(absolute(site_url, name))
    feed.title(title)
    feed.author({"name": app.config.author or app.config.project})
    feed.link(href=site_url, rel="alternate")
    feed.link(href=absolute(site_url, name), rel="self")
    feed.language(app.config.language or "en")
    return feed


def update_link(update: Update, builder: Builder, site_url: str, labels: dict[str, str]) -> str:
    """Where an update points: its URL, its note's page, or the book's home page."""
    if update.links_to_note and update.link in labels:
        return absolute(site_url, builder.get_target_uri(labels[update.link]))
    if update.link and not update.links_to_note:
        return update.link
    return site_url


def update_ids(updates: list[Update]) -> list[str]:
    """An id per update that survives edits of its text: the date with the link it
    points to, or with its place among that date's updates without a link, counted
    from the end of the file, so an update added above them does not renumber them."""
    ids, seen = [], Counter[str]()
    for update in reversed(updates):
        if update.link:
            key = f"{update.date}-{hashlib.sha256(update.link.encode()).hexdigest()[:12]}"
        else:
            seen[update.date] += 1
            key = f"{update.date}-{seen[update.date]}"
        ids.append(key)
    return ids[::-1]


def update_summary(update: Update, notes: dict[str, NoteMeta], labels: dict[str, str]) -> str:
    """The update's text, and the abstract of the note it announces."""
    note = notes.get(labels.get(update.link, "")) if update.links_to_note else None
    if note is not None and note.abstract:
        return f"{update.text} {note.title}: {note.abstract}"
    return update.text


def updates_feed(app: Sphinx, site_url: str) -> FeedGenerator | None:
    updates, problem = read_updates(app.env)
    if problem:
        return None  # the {updates} directive has reported it where the list is shown
    feed = new_feed(app, site_url, UPDATES_FEED, f"{app.config.project}: updates")
    domain = note_domain(app.env)
    labels = domain.by_label()
    for update, key in zip(updates, update_ids(updates), strict=True):
        entry = feed.add_entry(order="append")
        entry.id(f"{absolute(site_url, UPDATES_FEED)}#{key}")
        entry.title(update.text)
        entry.summary(update_summary(update, domain.notes, labels))
        entry.link(href=update_link(update, app.builder, site_url, labels))
        entry.updated(moment(update.day))
        entry.published(moment(update.day))
    feed.updated(moment(updates[0].day) if updates else moment(dt.date(1970, 1, 1)))
    return feed


def notes_feed(app: Sphinx, site_url: str) -> FeedGenerator:
    feed = new_feed(app, site_url, NOTES_FEED, f"{app.config.project}: notes")
    registry = authors_registry(app.env) or {}
    notes: list[tuple[str, NoteMeta]] = [
        (docname, note)
        for docname, note in note_domain(app.env).notes.items()
        if note.kind != "page"
    ]
    # newest change first; the label breaks ties so the order never depends on the read order
    notes.sort(key=lambda item: (item[1].last_changed, item[1].label), reverse=True)
    for _docname, note in notes[:NOTES_IN_FEED]:
        entry = feed.add_entry(order="append")
        url = permanent_url(site_url, note.label)
        entry.id(url)
        entry.title(note.title)
        entry.link(href=url)
        entry.published(moment(note.date))
        entry.updated(moment(note.last_changed))
        entry.entry_language.language(note.language)
        if note.abstract:
            entry.summary(note.abstract)
        for author in note.authors:
            entry.author({"name": registry[author].name if author in registry else author})
        for tag in note.tags:
            entry.category(term=tag)
    latest = max((note.last_changed for _, note in notes), default=dt.date(1970, 1, 1))
    feed.updated(moment(latest))
    return feed


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    site_url = get_config(app.env).site_url
    if not site_url:
        logger.info("labnotebook: no labnotebook_site_url, so no Atom feeds are written")
        return
    outdir = Path(app.outdir)
    feeds = {UPDATES_FEED: updates_feed(app, site_url), NOTES_FEED: notes_feed(app, site_url)}
    for name, feed in feeds.items():
        if feed is not None:
            feed.atom_file(str(outdir / name), pretty=True)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Announce both feeds in the page's ``<head>``, so readers and browsers find them."""
    site_url = get_config(app.env).site_url
    if not site_url:
        return
    links = "".join(
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{html.escape(title)}" href="{html.escape(absolute(site_url, name))}">\n'
        for name, title in (
            (UPDATES_FEED, f"{app.config.project}: updates"),
            (NOTES_FEED, f"{app.config.project}: notes"),
        )
    )
    context["metatags"] = context.get("metatags", "") + links


def setup_feeds(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
    app.connect("html-page-context", on_html_page_context)
