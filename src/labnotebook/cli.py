"""The ``labnotebook`` command: start a site, build the book, scaffold a note, or check notes.

``init DIR`` writes a new site of one's own (see :mod:`labnotebook.scaffold`).

``build`` takes ``sphinx-build``'s arguments and skips the build when nothing it
reads has changed since the last successful one (see :mod:`labnotebook.build.freshness`).
``check`` reads ``conf.py`` for where the notes are and where the authors registry
is, then validates each note's front matter with the same model, and prints the same
messages, as the build. It starts no Sphinx application, so it answers in a blink.
``import jupyter-book`` converts a Jupyter Book 1 book once (see
:mod:`labnotebook.importers.jupyter_book`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

# The commands' modules are imported by the commands that use them: ``labnotebook build``
# with nothing to build answers in a tenth of a second, and would spend twice that
# importing the note checker and the site template (see labnotebook.build.arguments).
if TYPE_CHECKING:
    from labnotebook.book_check import Book

#: Front matter lines that make a MyST Markdown note a notebook run by the book's kernel.
EXECUTABLE_HEADER = [
    "jupytext:",
    "  text_representation:",
    "    format_name: myst",
    "kernelspec:",
    "  name: python3",
    "  display_name: Python 3",
]


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "note"


def scaffold(
    title: str,
    label: str,
    kind: str,
    authors: tuple[str, ...],
    tags: list[str],
    *,
    executable: bool,
    today: dt.date,
) -> str:
    """The text of a new note whose front matter passes ``check``."""
    lines = ["---"]
    if executable:
        lines += EXECUTABLE_HEADER
    lines += [
        f"title: {quote_yaml(title)}",
        f"label: {label}",
        f"kind: {kind}",
        "status: ongoing",
        f"date: {today.isoformat()}",
    ]
    if authors:
        lines.append(f"authors: [{', '.join(authors)}]")
    if tags:
        lines.append(f"tags: [{', '.join(quote_yaml(t) for t in tags)}]")
    lines += ["---", "", "% Write the note here: docs/guide/notes.md shows what a note can do.", ""]
    if executable:
        lines += ["```{code-cell} ipython3", "import numpy as np", "```", ""]
    return "\n".join(lines)


def quote_yaml(text: str) -> str:
    """A YAML double-quoted scalar, safe whatever the text holds."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def command_new(args: argparse.Namespace) -> int:
    from labnotebook.book_check import check, load_book

    book = load_book(Path(args.root).resolve())
    taken = set(check(book).labels.values())
    base = slugify(args.title)
    label, number = base, 2
    while label in taken or (book.root / args.dir / f"{label}.md").exists():
        label, number = f"{base}-{number}", number + 1
    path = book.root / args.dir / f"{label}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    tags = [t.strip() for t in args.tags.split(",") if t.strip()] if args.tags else []
    text = scaffold(
        args.title,
        label,
        args.kind,
        book.default_authors,
        tags,
        executable=args.executable,
        today=dt.date.today(),
    )
    path.write_text(text, encoding="utf-8")
    print(f"created {shown(path)} with label {label!r}")
    return include_in_book(book, path)


def shown(path: Path) -> str:
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


def include_in_book(book: Book, path: Path) -> int:
    from labnotebook.book_check import sources
    from labnotebook.core.toctrees import add_entry, book_toctrees, includes, nearest_index

    """Make sure a toctree takes the new note, or the strict build rejects it."""
    pages = {p.relative_to(book.root).with_suffix("").as_posix(): p for p in sources(book)}
    docname = path.relative_to(book.root).with_suffix("").as_posix()
    if any(includes(toctree, docname) for toctree in book_toctrees(pages)):
        return 0
    toctree = nearest_index(pages, docname)
    if toctree is None:
        print(
            f"labnotebook: no toctree includes {docname} and no page above it has one; "
            f"add '{docname}' to a toctree (e.g. in index.md), or the build will say "
            '"document isn\'t included in any toctree"',
            file=sys.stderr,
        )
        return 1
    entry = add_entry(pages[toctree.page], toctree, docname)
    print(f"added {entry!r} to the toctree of {shown(pages[toctree.page])}, so the book shows it")
    return 0


def command_check(args: argparse.Namespace) -> int:
    from labnotebook.book_check import check, load_book

    book = load_book(Path(args.root).resolve())
    report = check(book)
    for message in report.messages:
        print(message)
    if report.plain:
        names = ", ".join(p.relative_to(book.root).as_posix() for p in report.plain)
        print(
            f"{len(report.plain)} plain page(s) skipped, in the book as they are "
            f"(no note fields in their front matter): {names}"
        )
    if report.messages:
        print(
            f"{len(report.messages)} problem(s) in {len(report.notes)} note(s)",
            file=sys.stderr,
        )
        return 1
    print(f"{len(report.notes)} notes checked, no problems")
    return 0


def import_jupyter_book_book(args: argparse.Namespace) -> int:
    from labnotebook.importers.jupyter_book import import_jupyter_book

    dest = Path(args.dest).resolve()
    report = import_jupyter_book(Path(args.source).resolve(), dest)
    print("\n".join(report.lines(dest)))
    return 0


def command_falsify(args: argparse.Namespace) -> int:
    from labnotebook.book_check import load_book, sources
    from labnotebook.execution.falsify import default_workers
    from labnotebook.execution.falsify_command import falsify

    book = load_book(Path(args.root).resolve())
    assert book.falsify_results is not None  # load_book always sets it
    workers = args.jobs or default_workers()
    return falsify(sources(book), book.root, args.notes, book.falsify_results, workers)


def command_build(argv: list[str]) -> int:
    """``sphinx-build`` with its arguments, unless the last build is still up to date.

    Sphinx is imported only to build: a build with nothing to do answers without it.
    """
    from labnotebook import speedups
    from labnotebook.build import freshness
    from labnotebook.build.arguments import BuildArguments, read_arguments

    arguments = read_arguments(argv)
    if arguments is None:
        from sphinx.cmd.build import get_parser

        options = get_parser().parse_args(argv)
        arguments = BuildArguments(
            sourcedir=Path(options.sourcedir),
            outputdir=Path(options.outputdir),
            doctreedir=Path(options.doctreedir) if options.doctreedir else None,
            forced=bool(options.force_all or options.freshenv or options.filenames),
        )
    outdir = arguments.outputdir
    skip = [outdir, arguments.doctreedir or outdir / ".doctrees"]
    # the folder holding the output (``_build``) also holds the notebook cache
    root = arguments.sourcedir.resolve()
    if outdir.resolve().is_relative_to(root) and outdir.resolve() != root:
        skip.append(root / outdir.resolve().relative_to(root).parts[0])
    forced = arguments.forced or not speedups.enabled("skip-unchanged")
    fingerprint = freshness.inputs(root, argv, skip)
    if not forced and freshness.unchanged_since_last_build(outdir, fingerprint):
        print(f"labnotebook: nothing changed since the last build of {outdir}")
        return 0
    freshness.forget_stamp(outdir)
    from sphinx.cmd.build import main as sphinx_build

    status = sphinx_build(argv)
    if status == 0 and outdir.is_dir():
        # the build folders as this build left them (it creates the cache and doctrees)
        fingerprint = freshness.with_caches_now(fingerprint, skip)
        freshness.write_stamp(outdir, fingerprint)
    return status


def command_pdf(args: argparse.Namespace) -> int:
    """Print the notes of a built book to PDF (see :mod:`labnotebook.site.printing`)."""
    from labnotebook.build import freshness
    from labnotebook.site.printing import PrintError, print_jobs, print_notes

    html_dir = Path(args.root, args.html).resolve()
    saved = freshness.read_stamp(html_dir)
    try:
        jobs = print_jobs(html_dir, args.notes)
        written = print_notes(html_dir, jobs)
    except PrintError as exc:
        print(f"labnotebook pdf: {exc}", file=sys.stderr)
        return 1
    if saved is not None:
        # the PDFs are not an input of the HTML build: keep ``make html`` a no-op after them
        freshness.write_stamp(html_dir, saved[0])
    for path in written:
        print(f"wrote {path}")
    return 0


def command_import(args: argparse.Namespace) -> int:
    if args.tool == "jupyter-book":
        return import_jupyter_book_book(args)
    from labnotebook.importers.jekyll import import_site

    report = import_site(Path(args.source), Path(args.dest))
    print(report.summary(), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    from labnotebook import speedups

    try:
        speedups.check_setting()
    except speedups.UnknownSpeedupError as exc:
        print(f"labnotebook: {exc}", file=sys.stderr)
        return 2
    if arguments[:1] == ["build"]:
        # sphinx-build's own options follow; argparse here would take them for ours
        return command_build(arguments[1:])
    from labnotebook.core.note import KINDS
    from labnotebook.scaffold.command import add_init_command

    parser = argparse.ArgumentParser(prog="labnotebook", description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".", help="the book's folder (where conf.py is)")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="create a note with valid front matter")
    new.add_argument("title")
    new.add_argument("--kind", choices=KINDS, default="research-note")
    new.add_argument("--dir", default="notes", help="folder for the note, inside the book")
    new.add_argument("--tags", default="", help="comma-separated tags")
    new.add_argument("--executable", action="store_true", help="a note whose code runs")
    new.set_defaults(run=command_new)
    check_parser = commands.add_parser("check", help="validate every note's front matter")
    check_parser.set_defaults(run=command_check)
    add_init_command(commands)
    pdf = commands.add_parser("pdf", help="print notes of the built book to PDF (Chromium)")
    pdf.add_argument("notes", nargs="*", help="labels or source files; all notes if none")
    pdf.add_argument("--html", default="_build/html", help="the built HTML, inside the book")
    pdf.set_defaults(run=command_pdf)
    importer = commands.add_parser("import", help="bring in a site made with another tool")
    importer.add_argument(
        "tool", choices=["jekyll", "jupyter-book"], help="Jekyll, or Jupyter Book 1 (once)"
    )
    importer.add_argument(
        "source", help="the site's folder (for Jupyter Book: the one with _toc.yml)"
    )
    importer.add_argument("dest", help="a new or empty folder for the book")
    importer.set_defaults(run=command_import)
    falsify_parser = commands.add_parser(
        "falsify", help="run each note's falsifiers; fail if a perturbed claim still passes"
    )
    falsify_parser.add_argument("notes", nargs="*", metavar="NOTE", help="label or path")
    falsify_parser.add_argument(
        "-j", "--jobs", type=int, default=0, help="runs at once (default: one per core)"
    )
    falsify_parser.set_defaults(run=command_falsify)
    commands.add_parser(
        "build",
        help="sphinx-build with the same arguments, skipped when nothing changed",
        add_help=False,
    )
    args = parser.parse_args(arguments)
    return int(args.run(args))


def run() -> None:
    """The console script: exit without tearing down the interpreter.

    After a build, Python's shutdown frees the environment and every cached doctree
    object by object, which took most of a second on a 200-note book; the output is
    written and closed by then, so only the standard streams need flushing.
    """
    from labnotebook import speedups

    status = main()
    if not speedups.enabled("no-teardown"):
        sys.exit(status)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    run()
