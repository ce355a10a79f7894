"""The provenance stamp at the top of an executable note, built as docutils nodes.

Every builder renders it. Text is always set through text nodes, so nothing the
notebook or the environment reports can inject markup.
"""

from __future__ import annotations

from docutils import nodes

from labnotebook.execution.records import (
    NoteRun,
    RunStatus,
    format_runtime,
    format_when,
)

HEADLINES = {
    RunStatus.EXECUTED: "Outputs produced by this build.",
    RunStatus.CACHED: ("Outputs from the execution cache: the code has not changed since it ran."),
    RunStatus.FAILED: "Execution failed in this build: the outputs below stop at the error.",
    RunStatus.NOT_EXECUTED: (
        "Not executed by this build (execution is switched off in the configuration): "
        "any outputs shown are those saved in the source file."
    ),
}


def _field(name: str, value: str | nodes.Node) -> nodes.field:
    body = nodes.field_body()
    paragraph = nodes.paragraph()
    paragraph += value if isinstance(value, nodes.Node) else nodes.Text(value)
    body += paragraph
    return nodes.field("", nodes.field_name(name, name), body)


def _packages(run: NoteRun) -> str:
    parts = []
    for package in run.packages:
        if not package.distribution:
            parts.append(f"{package.module} (local module)")
        elif package.version:
            parts.append(f"{package.distribution} {package.version}")
        else:
            parts.append(package.distribution)
    return ", ".join(parts) if parts else "none beyond the standard library"


def _revision(run: NoteRun) -> str:
    if not run.revision:
        return "not committed yet" if run.uncommitted else "not in a git repository"
    text = run.revision[:12]
    return text + " (with uncommitted changes)" if run.uncommitted else text


def _stored_stamp(run: NoteRun) -> nodes.Element:
    title = "Stored outputs: not produced by this build"
    box = nodes.admonition(classes=["exec-stamp", "exec-stamp-stored", "warning"])
    box += nodes.title(title, title)
    intro = nodes.paragraph()
    intro += nodes.Text("This note declares ")
    intro += nodes.literal("execute: false", "execute: false")
    intro += nodes.Text(
        ", so the build does not run its code: the outputs below are the ones saved in "
    )
    intro += nodes.literal(run.source, run.source)
    intro += nodes.Text(".")
    box += intro
    fields = nodes.field_list()
    when = format_when(run.executed_at)
    if run.time_basis:
        when += f" ({run.time_basis})"
    fields += _field("Produced", when)
    fields += _field("Python", run.python or "not recorded in the file")
    fields += _field("Source revision", _revision(run))
    box += fields
    return box


def stamp_node(run: NoteRun) -> nodes.Element:
    """The stamp for one run."""
    if run.status is RunStatus.STORED:
        return _stored_stamp(run)
    box = nodes.container(classes=["exec-stamp", f"exec-stamp-{run.status.value}"])
    box += nodes.paragraph(HEADLINES[run.status], HEADLINES[run.status])
    fields = nodes.field_list()
    if run.status is not RunStatus.NOT_EXECUTED:
        fields += _field("Executed", format_when(run.executed_at))
        fields += _field("Run time", format_runtime(run.runtime))
        fields += _field("From cache", "yes" if run.from_cache else "no")
        fields += _field("Python", run.python or "unknown")
        fields += _field("Packages", _packages(run))
    fields += _field("Source revision", _revision(run))
    box += fields
    return box


def insert_stamp(doctree: nodes.document, run: NoteRun) -> None:
    """Put the stamp under the page's title, or first when the page has none."""
    stamp = stamp_node(run)
    stamp["ids"].append("note-provenance")  # what an {embed} caption links to
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, stamp)
    else:
        doctree.insert(0, stamp)
