"""Time this project's build against plain Sphinx on the same generated book, side by side.

Scenarios, each for both variants in the same run (see ``bench/generate.py``):

* clean build with execution at N notes and M notebooks, then a no-op rebuild,
  one note edited and one notebook's code edited;
* clean build without execution at a medium N, then a no-op rebuild and one note
  edited;
* clean build without execution at a large N.

Each build runs in its own process; wall time comes from ``time.perf_counter``,
peak memory from ``os.wait4`` (the largest resident set of the build's processes).
Pages rewritten are the HTML files whose modification time changed. The table is
printed, stored as JSON in ``bench/out/`` and, with ``--write-docs``, written into
``docs/performance.md`` between its two bench markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.generate import generate, note_name

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
DOC = REPO / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
SPHINX = [sys.executable, "-m", "sphinx"]


def project_environment() -> dict[str, str]:
    """The variables ``make html`` exports (kernel location, debugger check), read from
    the Makefile so the benchmark builds exactly as a user does."""
    env = dict(os.environ)
    for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^export (\w+)\s*:?=\s*(.*)$", line)
        if match:
            value = match.group(2).replace("$(CURDIR)", str(REPO)).replace("$(VENV)", ".venv")
            env[match.group(1)] = value
    return env


@dataclass
class Variant:
    """How one side of the comparison is built."""

    name: str
    program: list[str]
    options: list[str]
    env: dict[str, str]


def variants(jobs: str) -> dict[str, Variant]:
    plain_env = {k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"}
    return {
        # the project as `make html` builds it: `labnotebook build`, strict and parallel
        "labnotebook": Variant(
            "labnotebook",
            [sys.executable, "-m", "labnotebook.cli", "build"],
            ["-W", "--keep-going", "-n", "-j", jobs],
            project_environment(),
        ),
        # plain Sphinx as its documentation runs it: serial, default options
        "plain": Variant("plain", SPHINX, [], plain_env),
    }


@dataclass
class Result:
    scenario: str
    variant: str
    notes: int
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    failed: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


def html_mtimes(outdir: Path) -> dict[str, int]:
    if not outdir.is_dir():
        return {}
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


def run_build(
    book: Path, variant: Variant, log: Path, execute: bool
) -> tuple[float, float, int, bool]:
    """One build of ``book``: seconds, peak MB, pages (re)written, and whether it failed."""
    outdir, doctrees = book / "_build" / "html", book / "_build" / "doctrees"
    before = html_mtimes(outdir)
    command = [*variant.program, "-b", "html", *variant.options, "-d", str(doctrees)]
    if not execute:
        command += ["-D", "nb_execution_mode=off"]
    command += [str(book), str(outdir)]
    with log.open("a", encoding="utf-8") as stream:
        stream.write(f"\n$ {' '.join(command)}\n")
        stream.flush()
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=book, env=variant.env, stdout=stream, stderr=subprocess.STDOUT
        )
        # wait4 gives this build's own resource usage, children included
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    after = html_mtimes(outdir)
    pages = sum(1 for name, mtime in after.items() if before.get(name) != mtime)
    return seconds, usage.ru_maxrss / 1024, pages, process.returncode != 0


def edit_note(book: Path, number: int) -> None:
    path = book / "notes" / f"{note_name(number)}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nAn edit made at {time.time():.0f}.\n", encoding="utf-8")


def edit_notebook_code(book: Path, number: int) -> None:
    path = book / "notes" / f"{note_name(number)}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("range(1000)", "range(1001)", 1), encoding="utf-8")


class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.variants = [variants(args.jobs)[name] for name in args.variants]
        self.results: dict[tuple[str, str], Result] = {}
        self.out = Path(args.out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.log = self.out / "builds.log"
        self.log.write_text("", encoding="utf-8")

    def record(self, scenario: str, variant: Variant, notes: int, book: Path, execute: bool):
        result = self.results.setdefault(
            (scenario, variant.name), Result(scenario, variant.name, notes)
        )
        seconds, peak, pages, failed = run_build(book, variant, self.log, execute)
        result.seconds.append(seconds)
        result.peak_mb.append(peak)
        result.pages.append(pages)
        result.failed |= failed
        state = f"FAILED, see {self.log}" if failed else f"{pages} pages"
        print(f"  {variant.name:12} {scenario:40} {seconds:7.1f} s  {peak:6.0f} MB  {state}")
        sys.stdout.flush()

    def book(self, variant: Variant, notes: int, notebooks: int) -> Path:
        root = Path(self.args.workdir) / f"{variant.name}-{notes}"
        return generate(root, notes, notebooks, variant.name)

    def run(self) -> None:
        small, notebooks = self.args.small, self.args.notebooks
        for _ in range(self.args.repeat):
            if small:
                for variant in self.variants:
                    book = self.book(variant, small, notebooks)
                    label = f"N={small}, M={notebooks}"
                    self.record(f"clean build, execution ({label})", variant, small, book, True)
                    self.record(f"no-op rebuild ({label})", variant, small, book, True)
                    edit_note(book, notebooks)
                    self.record(f"one note edited ({label})", variant, small, book, True)
                    if notebooks:
                        edit_notebook_code(book, 0)
                        self.record(
                            f"one notebook's code edited ({label})", variant, small, book, True
                        )
            for notes, incremental in ((self.args.medium, True), (self.args.large, False)):
                if not notes:
                    continue
                for variant in self.variants:
                    if (
                        variant.name in self.args.skip_plain_at
                        and notes in self.args.skip_plain_at[variant.name]
                    ):
                        continue
                    book = self.book(variant, notes, 0)
                    self.record(
                        f"clean build, no execution (N={notes})", variant, notes, book, False
                    )
                    if incremental:
                        self.record(f"no-op rebuild (N={notes})", variant, notes, book, False)
                        edit_note(book, notes // 2)
                        self.record(f"one note edited (N={notes})", variant, notes, book, False)
                    if not self.args.keep:
                        shutil.rmtree(book)

    def table(self) -> str:
        rows = [
            "| scenario | labnotebook | plain Sphinx | ratio | pages rewritten | peak memory |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        scenarios = list(dict.fromkeys(scenario for scenario, _ in self.results))
        for scenario in scenarios:
            ours = self.results.get((scenario, "labnotebook"))
            plain = self.results.get((scenario, "plain"))

            def cell(result: Result | None) -> str:
                if result is None:
                    return "not run"
                return "failed" if result.failed else f"{result.median:.1f} s"

            ratio = (
                f"{ours.median / plain.median:.2f}"
                if ours and plain and not (ours.failed or plain.failed)
                else ""
            )
            pages = " / ".join(
                str(int(statistics.median(r.pages))) for r in (ours, plain) if r is not None
            )
            memory = " / ".join(f"{max(r.peak_mb):.0f} MB" for r in (ours, plain) if r is not None)
            rows.append(
                f"| {scenario} | {cell(ours)} | {cell(plain)} | {ratio} | {pages} | {memory} |"
            )
        return "\n".join(rows)

    def merge_earlier(self) -> list[str]:
        """Keep the rows of an earlier run for the scenarios this run did not measure."""
        path = self.out / "results.json"
        if not path.is_file():
            return []
        kept = []
        for item in json.loads(path.read_text(encoding="utf-8")):
            key = (item["scenario"], item["variant"])
            if key not in self.results:
                item.pop("median", None)
                self.results[key] = Result(**item)
                kept.append(item["scenario"])
        return sorted(set(kept))

    def report(self, kept: list[str]) -> str:
        header = (
            f"Run on {time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}; medians of {self.args.repeat} run(s); "
            "ratio = labnotebook / plain, both measured in the same run; "
            "pages and memory: labnotebook / plain."
        )
        if kept:
            header += f" Rows kept from an earlier run: {'; '.join(kept)}."
        return f"{header}\n\n{self.table()}\n"

    def save(self) -> None:
        kept = self.merge_earlier() if self.args.merge else []
        report = self.report(kept)
        print("\n" + report)
        data = [asdict(r) | {"median": r.median} for r in self.results.values()]
        (self.out / "results.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
        (self.out / "results.md").write_text(report, encoding="utf-8")
        if self.args.write_docs:
            text = DOC.read_text(encoding="utf-8")
            before, rest = text.split(START, 1)
            _old, after = rest.split(END, 1)
            DOC.write_text(f"{before}{START}\n{report}{END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=50, help="notes of the executed book")
    parser.add_argument("--notebooks", type=int, default=10, help="notebooks in it")
    parser.add_argument("--medium", type=int, default=200, help="0 to skip")
    parser.add_argument("--large", type=int, default=1000, help="0 to skip")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", default="auto", help="-j of the labnotebook builds")
    parser.add_argument("--variants", nargs="+", default=["labnotebook", "plain"])
    parser.add_argument(
        "--skip-plain-large", action="store_true", help="do not build the large plain book"
    )
    parser.add_argument("--out", default=str(OUT), help="where the log and results go")
    # outside the repository: a git-ignored note counts as never committed, and the
    # execution stamps would make every build read it again (see docs/performance.md)
    parser.add_argument(
        "--workdir",
        default=str(Path(tempfile.gettempdir()) / "labnotebook-bench"),
        help="where the generated books are built",
    )
    parser.add_argument("--keep", action="store_true", help="keep the large books")
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    parser.add_argument(
        "--merge", action="store_true", help="keep earlier rows for scenarios not run now"
    )
    args = parser.parse_args(argv)
    args.skip_plain_at = {"plain": {args.large}} if args.skip_plain_large else {}
    runner = Runner(args)
    runner.run()
    runner.save()
    return 1 if any(r.failed for r in runner.results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
