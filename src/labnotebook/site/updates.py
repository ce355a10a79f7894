"""The ``{updates}`` directive: the book's dated news, read from the updates file.

The home page shows the latest few (``:limit: 5``), an updates page shows them all,
and :mod:`labnotebook.site.feeds` publishes the same file as an Atom feed, so there is one
source of news. The list is built here, at read time, as plain docutils nodes: it
depends on one data file (recorded with ``note_dependency``, so editing the file
rebuilds exactly the pages that show it), and a link to a note label becomes a
``pending_xref`` that the note domain resolves like any ``{note}`` reference.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from labnotebook.config import get_config
from labnotebook.core.datafiles import Update, load_updates
from labnotebook.notes.domain import DOMAIN
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def updates_path(env: BuildEnvironment) -> Path:
    """Where the book's updates file is: ``labnotebook_updates_file`` under the source."""
    return Path(env.srcdir) / get_config(env).updates_file


def read_updates(env: BuildEnvironment) -> tuple[list[Update], str]:
    """The updates, newest first, and a problem to report (empty when there is none)."""
    path = updates_path(env)
    if not path.is_file():
        return [], (
            f"the updates file {path} does not exist; create it (a YAML list of date, text "
            "and link) or point labnotebook_updates_file at it"
        )
    try:
        return load_updates(path), ""
    except (ValueError, OSError) as exc:
        return [], str(exc)


class UpdatesDirective(SphinxDirective):
    """``{updates}`` with an optional ``:limit: N``: the newest N updates, or all of them."""

    has_content = False
    # validated by hand, so a bad value gets a labnotebook warning that says what to write
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "limit": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        location = (self.env.docname, self.lineno)
        limit = self.parse_limit()
        path = updates_path(self.env)
        # the page shows the file's contents: rebuild it whenever the file changes
        self.env.note_dependency(str(path))
        updates, problem = read_updates(self.env)
        if problem:
            warn(problem, NoteWarning.UPDATES, location=location)
            return []
        shown = updates[:limit] if limit is not None else updates
        listing = nodes.bullet_list(classes=["ln-updates"])
        self.set_source_info(listing)
        for update in shown:
            listing += self.render(update)
        return [listing]

    def parse_limit(self) -> int | None:
        if "limit" not in self.options:
            return None
        raw = self.options["limit"].strip()
        if raw.isdigit() and int(raw) > 0:
            return int(raw)
        warn(
            f"{{updates}} option :limit: must be a positive whole number, got {raw!r}; "
            "showing every update",
            NoteWarning.UPDATES,
            location=(self.env.docname, self.lineno),
        )
        return None

    def render(self, update: Update) -> nodes.list_item:
        item = nodes.list_item(classes=["ln-update"])
        paragraph = nodes.paragraph()
        self.set_source_info(paragraph)
        paragraph += nodes.inline(update.display_date, update.display_date, classes=["ln-date"])
        paragraph += nodes.Text(" ")
        text = nodes.inline(update.text, update.text, classes=["ln-update-text"])
        if update.links_to_note:
            reference = addnodes.pending_xref(
                "",
                text,
                refdomain=DOMAIN,
                reftype="note",
                reftarget=update.link,
                refexplicit=True,
                refwarn=True,
            )
            self.set_source_info(reference)
            paragraph += reference
        elif update.link:
            paragraph += nodes.reference("", "", text, refuri=update.link)
        else:
            paragraph += text
        item += paragraph
        return item


def setup_updates(app: Sphinx) -> None:
    app.add_directive("updates", UpdatesDirective)
