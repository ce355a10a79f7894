"""Each note's history from git: first published, last changed, and its latest revisions.

Git is asked once per build (see :mod:`labnotebook.core.githistory`), after the
documents are read; a page whose history changed (a new commit, a rename) is written
again, without being read again, and the rest of the book is left alone. The dates a
page shows come from its front matter or from git, never from the build's clock: the
theme's "Last updated" footer shows the same date as the note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.util.i18n import format_date

from labnotebook.core.front_matter import read_front_matter
from labnotebook.core.githistory import Revision, SourceHistory, read_history
from labnotebook.notes.doctree import body_of
from labnotebook.notes.domain import StateDomain, note_domain
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from labnotebook.core.note import NoteMeta

#: How many revisions a note lists, newest first.
REVISIONS_SHOWN = 5
#: The history's words in each language a note may be written in.
WORDS = {
    "en": {
        "first": "First published {}",
        "last": " · last changed {}",
        "only_last": "Last changed {}",
        "recent": "Recent changes",
    },
    "zh-Hans": {
        "first": "首次发布 {}",
        "last": " · 最后修改 {}",
        "only_last": "最后修改 {}",
        "recent": "最近的修改",
    },
}


class revisions_toggle(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """The revision list; HTML folds it into a ``<details>`` whose summary is its title."""


def visit_revisions_toggle_html(self: HTML5Translator, node: revisions_toggle) -> None:
    summary = self.encode(node["summary"])
    self.body.append(f'<details class="note-revisions-box"><summary>{summary}</summary>')


def depart_revisions_toggle_html(self: HTML5Translator, node: revisions_toggle) -> None:
    self.body.append("</details>")


def visit_revisions_toggle_other(self: Any, node: revisions_toggle) -> None:
    """Other builders show the list as it is, under its title."""


class HistoryDomain(StateDomain):
    """The sources' git history of this build, and a digest of each page's share of it."""

    name = "history"
    label = "History"
    initial_data: ClassVar[dict[str, Any]] = {"sources": None, "digests": {}}
    data_version = 1

    def clear_doc(self, docname: str) -> None:
        """Nothing per document: the history is read again for the whole book each build."""

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Nothing to merge: the history is read in the main process, after the merge."""


def history_domain(env: BuildEnvironment) -> HistoryDomain:
    return cast(HistoryDomain, env.get_domain(HistoryDomain.name))


def source_history(env: BuildEnvironment) -> SourceHistory:
    """The history read for this build (empty before it is read, or without git)."""
    sources = history_domain(env).data.get("sources")
    return sources if isinstance(sources, SourceHistory) else SourceHistory()


def source_path(env: BuildEnvironment, docname: str) -> str:
    return Path(env.doc2path(docname, False)).as_posix()


def revisions_of(env: BuildEnvironment, docname: str) -> list[Revision]:
    return source_history(env).revisions.get(source_path(env, docname), [])


def dates_of(env: BuildEnvironment, docname: str) -> tuple[dt.date | None, dt.date | None]:
    """First published and last changed: the front matter's dates, else git's."""
    revisions = revisions_of(env, docname)
    note = note_domain(env).notes.get(docname)
    first = note.date if note else (revisions[-1].date if revisions else None)
    last = (note.updated if note else None) or (revisions[0].date if revisions else None)
    if last is None or (first is not None and last < first):
        last = first
    return first, last


def check_dates(env: BuildEnvironment, docname: str, note: NoteMeta) -> None:
    """Warn when the front matter claims a change later than any git has of the file."""
    history = source_history(env)
    path = source_path(env, docname)
    revisions = history.revisions.get(path)
    if not revisions or path in history.uncommitted:
        return
    last_commit = revisions[0].date
    for name, value in (("date", note.date), ("updated", note.updated)):
        if value is not None and value > last_commit:
            front = read_front_matter(Path(env.doc2path(docname)))
            line = front.lines.get(name) if front else None
            warn(
                f"front matter field {name!r}: {value} is after the last commit that changed "
                f"this file ({last_commit}, {revisions[0].commit[:7]}); correct the date, "
                "or commit the change it stands for",
                NoteWarning.HISTORY,
                location=(docname, line),
            )


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Read git's history and return the pages whose share of it changed."""
    domain = history_domain(env)
    history = read_history(Path(env.srcdir))
    domain.data["sources"] = history
    digests: dict[str, str] = domain.data.setdefault("digests", {})
    changed = []
    for docname in sorted(env.found_docs):
        revisions = history.revisions.get(source_path(env, docname), [])
        digest = hashlib.sha1(
            repr([(r.commit, r.date, r.subject) for r in revisions[: REVISIONS_SHOWN + 1]]).encode()
        ).hexdigest()
        if digests.get(docname) != digest:
            digests[docname] = digest
            changed.append(docname)
    for docname, note in sorted(note_domain(env).notes.items()):
        check_dates(env, docname, note)
    return changed


def commit_url(repository_url: str, commit: str) -> str:
    """The commit's page on the repository's host (GitLab and Bitbucket spell it their way)."""
    base = repository_url.rstrip("/")
    if "gitlab" in base:
        return f"{base}/-/commit/{commit}"
    if "bitbucket" in base:
        return f"{base}/commits/{commit}"
    return f"{base}/commit/{commit}"


def repository_url(app: Sphinx) -> str:
    options = app.config.html_theme_options or {}
    value = options.get("repository_url", "") if isinstance(options, dict) else ""
    return value if isinstance(value, str) else ""


def dates_line(app: Sphinx, docname: str) -> nodes.paragraph | None:
    """When the page was first published and last changed, unless its header says so.

    A note's header already shows the front matter's dates; git adds the last change
    when the front matter has no ``updated``. A page without a header gets both.
    """
    note = note_domain(app.env).notes[docname]
    first, last = dates_of(app.env, docname)
    if first is None or last is None:
        return None
    words = WORDS.get(note.language, WORDS["en"])
    line = nodes.paragraph(classes=["note-history-dates"])
    if note.kind != "page":
        if note.updated is not None or last == first:
            return None
        line += nodes.Text(words["only_last"].format(last.isoformat()))
        return line
    line += nodes.Text(words["first"].format(first.isoformat()))
    if last != first:
        line += nodes.Text(words["last"].format(last.isoformat()))
    return line


def history_block(app: Sphinx, docname: str) -> nodes.container | None:
    block = nodes.container(classes=["note-history"])
    line = dates_line(app, docname)
    if line is not None:
        block += line
    revisions = revisions_of(app.env, docname)[:REVISIONS_SHOWN]
    if revisions:
        repository = repository_url(app)
        items = nodes.bullet_list(classes=["note-revisions"])
        for revision in revisions:
            item = nodes.paragraph()
            item += nodes.Text(f"{revision.date.isoformat()} ")
            short = revision.commit[:7]
            if repository:
                item += nodes.reference(
                    short,
                    short,
                    refuri=commit_url(repository, revision.commit),
                    classes=["note-commit"],
                )
            else:
                item += nodes.literal(short, short, classes=["note-commit"])
            item += nodes.Text(f" {revision.subject}")
            items += nodes.list_item("", item)
        language = note_domain(app.env).notes[docname].language
        recent = WORDS.get(language, WORDS["en"])["recent"]
        details = revisions_toggle(summary=f"{recent} ({len(revisions)})")
        if app.builder.format != "html":
            details += nodes.rubric(recent, recent)
        details += items
        block += details
    return block if block.children else None


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the history under the note's header (or its title, on a page without one)."""
    if docname not in note_domain(app.env).notes:
        return
    block = history_block(app, docname)
    if block is None:
        return
    body = body_of(doctree)
    at = next(
        (
            i
            for i, c in enumerate(body.children)
            if isinstance(c, nodes.Element) and "note-header" in c["classes"]
        ),
        next((i for i, c in enumerate(body.children) if isinstance(c, nodes.title)), -1),
    )
    body.insert(at + 1, block)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The footer's "Last updated" is the page's last change, never the build's clock."""
    if not context.get("last_updated"):
        return
    _first, last = dates_of(app.env, pagename) if pagename in app.env.found_docs else (None, None)
    if last is None:
        context["last_updated"] = None
        return
    moment = dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC)
    # the header's dates are ISO dates: the footer's reads the same unless the book says
    fmt = app.config.html_last_updated_fmt or "%Y-%m-%d"
    context["last_updated"] = format_date(fmt, date=moment, language=app.config.language)


def setup_history(app: Sphinx) -> None:
    app.add_domain(HistoryDomain)
    others = (visit_revisions_toggle_other, visit_revisions_toggle_other)
    app.add_node(
        revisions_toggle,
        html=(visit_revisions_toggle_html, depart_revisions_toggle_html),
        latex=others,
        text=others,
        man=others,
        texinfo=others,
    )
    app.connect("env-get-updated", on_env_get_updated)
    # after the header (700), so the history sits right under it
    app.connect("doctree-resolved", on_doctree_resolved, priority=710)
    app.connect("html-page-context", on_html_page_context)
