"""Time this project's build against plain Sphinx on the same generated book, side by side.

Fair by construction: both variants build the same content (``bench/generate.py``), in
the same run, one right after the other, at the same ``-j`` (``--jobs``, default
``auto``), in the same virtual environment. Scenarios:

* with execution: a clean build of N notes of which M are notebooks (default 50 and 10),
  then a no-op rebuild, one note edited and one notebook's code edited; repeated
  ``--exec-repeat`` times (default 5);
* without execution, at each size of ``--sizes`` (default 200, 1000, 2000, 5000): a clean
  build, the first no-op rebuild after it, a second no-op rebuild and one note edited.
  Plain Sphinx is built only up to ``--plain-max`` notes (default 2000): its time grows
  with the square of the notes, which 200, 1000 and 2000 show;
* the fixed cost of one notebook: a kernel started, one cell, the kernel stopped, with
  jupyter_client's kernel and with the build kernel (``bench/kernels.py``).

A clean build is repeated ``--repeat`` times (default 3) for the median, except where its
first run took over ``--repeat-below`` seconds (default 60): those are run once and the
table says so. Each build runs in its own process; the wall time is measured around it
and the peak memory is the largest sum of the resident sets of its process tree
(``bench/measure.py``). Pages rewritten are the HTML files whose modification time
changed. The table is printed, stored as JSON in ``bench/out/`` and, with
``--write-docs``, written into ``docs/performance.md`` between its two bench markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.generate import generate, note_name
from bench.kernels import kernel_costs
from bench.measure import load_average, measure_build

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


def variants(jobs: str) -> dict[str, Variant]:
    """Both sides at the same ``-j``, with the same environment (the Makefile's, so both
    find the same kernel)."""
    return {
        # the project as `make html` builds it: `labnotebook build`, strict
        "labnotebook": Variant(
            "labnotebook",
            [sys.executable, "-m", "labnotebook.cli", "build"],
            ["-W", "--keep-going", "-n", "-j", jobs],
        ),
        # plain Sphinx as its documentation runs it, at the same parallelism
        "plain": Variant("plain", SPHINX, ["-j", jobs]),
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


def edit_note(book: Path, number: int) -> None:
    path = book / "notes" / f"{note_name(number)}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nAn edit made at {time.time():.0f}.\n", encoding="utf-8")


def edit_notebook_code(book: Path, number: int) -> None:
    path = book / "notes" / f"{note_name(number)}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("range(1000)", "range(1001)", 1), encoding="utf-8")


def runs_wanted(first_seconds: float, repeat: int, repeat_below: float) -> int:
    """How many clean builds a size gets: ``repeat``, or one where a build takes long."""
    return repeat if first_seconds <= repeat_below else 1


class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.variants = [variants(args.jobs)[name] for name in args.variants]
        self.env = project_environment()
        self.results: dict[tuple[str, str], Result] = {}
        self.out = Path(args.out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.log = self.out / "builds.log"
        self.log.write_text("", encoding="utf-8")
        self.load = [load_average()]

    def record(
        self, scenario: str, variant: Variant, notes: int, book: Path, execute: bool
    ) -> float:
        result = self.results.setdefault(
            (scenario, variant.name), Result(scenario, variant.name, notes)
        )
        doctrees = book / "_build" / "doctrees"
        command = [*variant.program, "-b", "html", *variant.options, "-d", str(doctrees)]
        if not execute:
            command += ["-D", "nb_execution_mode=off"]
        command += [str(book), str(book / "_build" / "html")]
        measured = measure_build(command, book, self.env, self.log)
        result.seconds.append(measured.seconds)
        result.peak_mb.append(measured.peak_mb)
        result.pages.append(measured.pages)
        result.failed |= measured.failed
        state = f"FAILED, see {self.log}" if measured.failed else f"{measured.pages} pages"
        print(
            f"  {variant.name:12} {scenario:44} {measured.seconds:7.2f} s"
            f"  {measured.peak_mb:6.0f} MB  {state}",
            flush=True,
        )
        return measured.seconds

    def book(self, variant: Variant, notes: int, notebooks: int) -> Path:
        root = Path(self.args.workdir) / f"{variant.name}-{notes}"
        return generate(root, notes, notebooks, variant.name)

    def run_execution(self) -> None:
        notes, notebooks = self.args.exec_notes, self.args.notebooks
        label = f"N={notes}, M={notebooks}"
        for _ in range(self.args.exec_repeat):
            for variant in self.variants:
                book = self.book(variant, notes, notebooks)
                self.record(f"clean build, execution ({label})", variant, notes, book, True)
                self.record(f"no-op rebuild ({label})", variant, notes, book, True)
                edit_note(book, notebooks)
                self.record(f"one note edited ({label})", variant, notes, book, True)
                if notebooks:
                    edit_notebook_code(book, 0)
                    scenario = f"one notebook's code edited ({label})"
                    self.record(scenario, variant, notes, book, True)
                shutil.rmtree(book)

    def run_size(self, notes: int) -> None:
        wanted = {variant.name: self.args.repeat for variant in self.variants}
        for repetition in range(self.args.repeat):
            for variant in self.variants:
                if variant.name == "plain" and notes > self.args.plain_max:
                    continue
                if repetition >= wanted[variant.name]:
                    continue
                book = self.book(variant, notes, 0)
                seconds = self.record(
                    f"clean build, no execution (N={notes})", variant, notes, book, False
                )
                if repetition == 0:
                    wanted[variant.name] = runs_wanted(
                        seconds, self.args.repeat, self.args.repeat_below
                    )
                self.record(f"first no-op rebuild (N={notes})", variant, notes, book, False)
                self.record(f"second no-op rebuild (N={notes})", variant, notes, book, False)
                edit_note(book, notes // 2)
                self.record(f"one note edited (N={notes})", variant, notes, book, False)
                shutil.rmtree(book)

    def run_kernels(self) -> None:
        for kind, seconds in kernel_costs(self.args.kernel_runs).items():
            scenario = "one notebook's fixed cost: kernel start, one cell, shutdown"
            name = "labnotebook" if kind == "build" else "plain"
            result = self.results.setdefault(
                (scenario, name), Result(scenario, name, 1, seconds=seconds)
            )
            print(f"  {name:12} {scenario:44} {result.median:7.3f} s (median)", flush=True)

    def run(self) -> None:
        if self.args.kernel_runs:
            self.run_kernels()
        if self.args.exec_notes:
            self.run_execution()
        for notes in self.args.sizes:
            self.run_size(notes)
        self.load.append(load_average())

    def table(self) -> str:
        rows = [
            "| scenario | labnotebook | plain Sphinx | ratio | runs | pages rewritten "
            "| peak memory |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        scenarios = list(dict.fromkeys(scenario for scenario, _ in self.results))
        for scenario in scenarios:
            ours = self.results.get((scenario, "labnotebook"))
            plain = self.results.get((scenario, "plain"))

            def cell(result: Result | None) -> str:
                if result is None:
                    return "not run"
                if result.failed:
                    return "failed"
                return f"{result.median:.2f} s" if result.median < 10 else f"{result.median:.1f} s"

            ratio = (
                f"{ours.median / plain.median:.2f}"
                if ours and plain and not (ours.failed or plain.failed)
                else ""
            )
            present = [r for r in (ours, plain) if r is not None]
            runs = " / ".join(str(len(r.seconds)) for r in present)
            pages = " / ".join(
                str(int(statistics.median(r.pages))) if r.pages else "" for r in present
            )
            memory = " / ".join(f"{max(r.peak_mb):.0f} MB" if r.peak_mb else "" for r in present)
            pages, memory = pages.strip(" /"), memory.strip(" /")
            rows.append(
                f"| {scenario} | {cell(ours)} | {cell(plain)} | {ratio} | {runs} | {pages} "
                f"| {memory} |"
            )
        return "\n".join(rows)

    def report(self) -> str:
        return (
            f"Run on {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, both sides at "
            f"`-j {self.args.jobs}`; load average at the start {self.load[0]}, at the end "
            f"{self.load[-1]}. Times are medians of the runs counted in the runs column "
            "(labnotebook / plain); ratio = labnotebook / plain, both measured in the same "
            "run; pages and memory: labnotebook / plain; peak memory is the largest sum of "
            "the resident sets of the build's process tree.\n\n"
            f"{self.table()}\n"
        )

    def save(self) -> None:
        report = self.report()
        print("\n" + report)
        data = [asdict(r) | {"median": r.median} for r in self.results.values()]
        (self.out / "results.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
        (self.out / "results.md").write_text(report, encoding="utf-8")
        if self.args.write_docs:
            text = DOC.read_text(encoding="utf-8")
            before, rest = text.split(START, 1)
            _old, after = rest.split(END, 1)
            DOC.write_text(f"{before}{START}\n{report}{END}{after}", encoding="utf-8")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exec-notes", type=int, default=50, help="notes of the executed book")
    parser.add_argument("--notebooks", type=int, default=10, help="notebooks in it")
    parser.add_argument("--exec-repeat", type=int, default=5, help="runs of the executed book")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[200, 1000, 2000, 5000],
        help="books without execution",
    )
    parser.add_argument("--plain-max", type=int, default=2000, help="largest plain book")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each clean build")
    parser.add_argument(
        "--repeat-below", type=float, default=60.0, help="repeat only builds shorter than this"
    )
    parser.add_argument("--kernel-runs", type=int, default=20, help="0 to skip")
    parser.add_argument("--jobs", default="auto", help="-j of both sides")
    parser.add_argument("--variants", nargs="+", default=["labnotebook", "plain"])
    parser.add_argument("--out", default=str(OUT), help="where the log and results go")
    # outside the repository: a git-ignored note counts as never committed, and the
    # execution stamps would make every build read it again (see docs/performance.md)
    parser.add_argument(
        "--workdir",
        default=str(Path(tempfile.gettempdir()) / "labnotebook-bench"),
        help="where the generated books are built",
    )
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    runner = Runner(parse(argv))
    runner.run()
    runner.save()
    return 1 if any(r.failed for r in runner.results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
