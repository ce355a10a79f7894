"""The ``{execution-report}`` directive: a table of every executable note and its last run.

The directive leaves a placeholder, filled at ``doctree-resolved`` from the
``execution`` domain, once every note has been read (the todolist pattern).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from labnotebook.config import get_config
from labnotebook.execution.domain import execution_domain
from labnotebook.execution.falsify import summary as falsify_summary
from labnotebook.execution.records import NoteRun, RunStatus, format_runtime, format_when
from labnotebook.notes.domain import note_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

COLUMNS = ("Note", "Status", "Run time", "From cache", "Last executed", "Claim checked")
COLUMN_WIDTHS = (34, 16, 10, 10, 16, 14)


class execution_report(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Where the report table goes."""


class ExecutionReportDirective(SphinxDirective):
    """Place the execution report; it takes no arguments or options."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        execution_domain(self.env).report_pages[self.env.docname] = True
        node = execution_report()
        self.set_source_info(node)
        return [node]


def _summary(runs: dict[str, NoteRun]) -> nodes.paragraph:
    counts = dict.fromkeys(RunStatus, 0)
    for run in runs.values():
        counts[run.status] += 1
    parts = [f"{count} {status.label}" for status, count in counts.items() if count]
    noun = "note" if len(runs) == 1 else "notes"
    text = f"{len(runs)} executable {noun}" + (": " + ", ".join(parts) if parts else "") + "."
    return nodes.paragraph(text, text)


def claim_checked(env: BuildEnvironment, docname: str) -> tuple[int, int] | str | None:
    """``(rejected, declared)`` from ``labnotebook falsify``'s results for the note as it is now.

    An empty string when the note declares no falsifiers, ``None`` when they have not
    been run on this version of the note.
    """
    note = note_domain(env).notes.get(docname)
    if note is None or not note.falsifiers:
        return ""
    results = Path(env.srcdir) / get_config(env).falsify_results
    return falsify_summary(Path(env.doc2path(docname)), note.falsifiers, results)


def claim_text(checked: tuple[int, int] | str | None) -> str:
    if checked == "":
        return "no falsifiers"
    if checked is None:
        return "not run (labnotebook falsify)"
    assert isinstance(checked, tuple)
    rejected, declared = checked
    return f"claim checked: {rejected} of {declared} falsifiers rejected"


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.paragraph) else nodes.paragraph("", "", cell)
        row += entry
    return row


def _title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def report_table(
    env: BuildEnvironment, fromdocname: str, runs: dict[str, NoteRun], uri_of: Any
) -> nodes.table:
    """A table with one row per executable note, in document order."""
    table = nodes.table(classes=["exec-report"])
    group = nodes.tgroup(cols=len(COLUMNS))
    table += group
    for width in COLUMN_WIDTHS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([nodes.Text(name) for name in COLUMNS])
    group += head
    body = nodes.tbody()
    for docname in sorted(runs):
        run = runs[docname]
        title = _title(env, docname)
        link = nodes.reference("", "", nodes.Text(title), internal=True)
        link["refuri"] = uri_of(fromdocname, docname)
        status = nodes.inline(classes=[f"exec-status-{run.status.value}"])
        status += nodes.Text(run.status.label)
        executed = run.status not in (RunStatus.STORED, RunStatus.NOT_EXECUTED)
        body += _row(
            [
                link,
                status,
                nodes.Text(format_runtime(run.runtime) if executed else "—"),
                nodes.Text(("yes" if run.from_cache else "no") if executed else "—"),
                nodes.Text(format_when(run.executed_at) if run.executed_at else "—"),
                nodes.Text(claim_text(claim_checked(env, docname))),
            ]
        )
    group += body
    return table


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each placeholder by the summary and the table, once every note is read."""
    placeholders = list(doctree.findall(execution_report))
    if not placeholders:
        return
    env = app.env
    runs = execution_domain(env).runs
    for placeholder in placeholders:
        content: list[nodes.Node] = [_summary(runs)]
        if runs:
            content.append(report_table(env, docname, runs, app.builder.get_relative_uri))
        placeholder.replace_self(content)
