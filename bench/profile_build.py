"""Where a clean build of a generated book spends its memory or its time.

``python -m bench.profile_build memory --notes 500`` builds the book serially in this
process under tracemalloc and prints, at the end of reading (what the environment and the
caches hold once every note is read) and at the end of the build, the total traced and
the source lines that allocated most of what is still alive, with the resident set.

``python -m bench.profile_build growth SMALL LARGE`` compares the snapshots that two
``memory`` runs left in ``--workdir``, line by line: what each source line holds more per
added note, which is the growth a larger book pays for.

``python -m bench.profile_build time --notes 1000`` builds it serially under cProfile and
prints the functions with the most cumulative and the most own time.

``python -m bench.profile_build edit --notes 1000`` builds it once, edits one note as the
benchmark does, and profiles the rebuild: a new Sphinx application in the same process,
from loading the saved environment to the last file written. Starting Python and
importing the stack, which every build of its own process pays first, are not in it;
the output ends with their time, measured in a fresh interpreter.

Both build without execution, with the repository's configuration (``bench/generate.py``),
and write nothing outside ``--workdir``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import psutil

from bench.generate import generate


def sphinx_app(book: Path, parallel: int) -> Any:
    from sphinx.application import Sphinx

    return Sphinx(
        str(book),
        str(book),
        str(book / "_build" / "html"),
        str(book / "_build" / "doctrees"),
        "html",
        confoverrides={"nb_execution_mode": "off"},
        status=io.StringIO(),
        warning=sys.stderr,
        parallel=parallel,
    )


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def report_snapshot(moment: str, notes: int, top: int, dump: Path) -> None:
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(False, tracemalloc.__file__)]
    )
    snapshot.dump(str(dump.with_name(f"{dump.name}-{moment}.snapshot")))
    stats = snapshot.statistics("lineno")
    total = sum(stat.size for stat in stats)
    print(
        f"\n== {moment}: {total / 2**20:.1f} MB traced ({total / notes / 1024:.0f} KB a note), "
        f"resident {rss_mb():.0f} MB"
    )
    for stat in stats[:top]:
        frame = stat.traceback[0]
        print(
            f"{stat.size / 2**20:8.2f} MB {stat.count:8d} blocks  {frame.filename}:{frame.lineno}"
        )
    by_file = snapshot.statistics("filename")
    print(f"-- by file, {moment}")
    for stat in by_file[:top]:
        print(f"{stat.size / 2**20:8.2f} MB  {stat.traceback[0].filename}")


def profile_memory(book: Path, notes: int, top: int) -> None:
    print(f"before Sphinx: resident {rss_mb():.0f} MB")
    dump = book.parent / f"memory-{notes}"
    tracemalloc.start(1)
    app = sphinx_app(book, 1)
    app.connect("env-updated", lambda app, env: report_snapshot("read", notes, top, dump))
    app.connect("build-finished", lambda app, exc: report_snapshot("written", notes, top, dump))
    app.build()


def report_growth(workdir: Path, small: int, large: int, top: int) -> None:
    for moment in ("read", "written"):
        before, after = (
            tracemalloc.Snapshot.load(str(workdir / f"memory-{n}-{moment}.snapshot"))
            for n in (small, large)
        )
        added = large - small
        for key in ("lineno", "filename"):
            stats = after.compare_to(before, key)
            total = sum(stat.size_diff for stat in stats)
            print(
                f"\n== {moment}, by {key}: {total / 2**20:+.1f} MB for {added} more notes, "
                f"{total / added / 1024:.0f} KB a note"
            )
            for stat in stats[:top]:
                frame = stat.traceback[0]
                where = frame.filename if key == "filename" else f"{frame.filename}:{frame.lineno}"
                print(f"{stat.size_diff / added / 1024:8.1f} KB a note  {where}")


def print_profile(profiler: cProfile.Profile, top: int) -> None:
    """The ``top`` functions by cumulative time, then by their own time."""
    for order in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(top)
        print(stream.getvalue())


def profile_time(book: Path, top: int) -> None:
    app = sphinx_app(book, 1)
    profiler = cProfile.Profile()
    profiler.runcall(app.build)
    print_profile(profiler, top)


def profile_edit(book: Path, top: int) -> None:
    from bench.run import edit_note

    sphinx_app(book, 1).build()
    edit_note(book, 0)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(lambda: sphinx_app(book, 1).build())
    print(f"rebuild after one edit, in process: {time.perf_counter() - started:.2f} s")
    print_profile(profiler, top)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import labnotebook.extension, myst_nb, sphinx_book_theme"],
        check=True,
    )
    print(f"a fresh interpreter importing the stack: {time.perf_counter() - started:.2f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["memory", "growth", "time", "edit"])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--small", type=int, default=250, help="the smaller book of growth")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--workdir", default=str(Path(tempfile.gettempdir()) / "labnotebook-profile")
    )
    args = parser.parse_args(argv)
    if args.what == "growth":
        report_growth(Path(args.workdir), args.small, args.notes, args.top)
        return
    book = generate(Path(args.workdir) / f"book-{args.notes}", args.notes, 0, "labnotebook")
    if args.what == "memory":
        profile_memory(book, args.notes, args.top)
    elif args.what == "edit":
        profile_edit(book, args.top)
    else:
        profile_time(book, args.top)


if __name__ == "__main__":
    main()
