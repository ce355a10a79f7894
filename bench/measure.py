"""One build, measured: wall time, peak memory of its whole process tree, pages written.

A parallel Sphinx build forks a reader or writer per core, and a build with execution
starts a kernel per notebook; ``ru_maxrss`` names the largest of those processes, not what
the build holds at once. So a thread samples, every few milliseconds while the build
runs, the resident set of the build's process and all of its descendants, summed, and
keeps the largest sum. Memory shared between a parent and its forked children is counted
in each of them, so the figure is an upper bound of what the machine had to provide.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

#: Seconds between two samples of the process tree's memory.
SAMPLE_INTERVAL = 0.02


def tree_rss(process: psutil.Process) -> int:
    """The resident set of ``process`` and its descendants, in bytes (0 once it is gone)."""
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue  # exited between the listing and the reading
    return total


class PeakSampler:
    """Samples the summed resident set of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int, interval: float = SAMPLE_INTERVAL) -> None:
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.process))
            self._stop.wait(self.interval)


@dataclass
class Measurement:
    seconds: float
    peak_mb: float
    pages: int
    failed: bool


def html_mtimes(outdir: Path) -> dict[str, int]:
    if not outdir.is_dir():
        return {}
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


def measure_build(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Measurement:
    """Run ``command`` (a build writing into ``cwd/_build/html``) and measure it."""
    outdir = cwd / "_build" / "html"
    before = html_mtimes(outdir)
    with log.open("a", encoding="utf-8") as stream:
        stream.write(f"\n$ {' '.join(command)}\n")
        stream.flush()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=stream, stderr=stream)
        with PeakSampler(process.pid) as sampler:
            returncode = process.wait()
        seconds = time.perf_counter() - start
    after = html_mtimes(outdir)
    pages = sum(1 for name, mtime in after.items() if before.get(name) != mtime)
    return Measurement(seconds, sampler.peak / 2**20, pages, returncode != 0)


def load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} (5 min: {five:.1f})"
