"""A tiny run of the benchmark: both variants build at the same ``-j``, every scenario gets
a row, memory is measured over the build's process tree, and long builds are not repeated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psutil

from bench.generate import generate
from bench.measure import PeakSampler, tree_rss
from bench.run import main, runs_wanted


def test_generated_books_differ_only_in_setup_and_links(tmp_path: Path) -> None:
    ours = generate(tmp_path / "ours", notes=8, notebooks=2, variant="labnotebook")
    plain = generate(tmp_path / "plain", notes=8, notebooks=2, variant="plain")
    note = "notes/note-0001.md"
    ours_text, plain_text = (ours / note).read_text(), (plain / note).read_text()
    assert "{note}`note-0002`" in ours_text
    assert ours_text.replace("{note}", "{doc}") == plain_text
    assert "```{code-cell} ipython3" in ours_text
    assert "labnotebook" not in (plain / "conf.py").read_text()


def test_memory_is_summed_over_the_process_tree() -> None:
    # a parent holding little and two children holding 60 MB each: the peak is their sum
    child = "b = bytearray(60 * 2**20); import time; time.sleep(1.5)"
    parent = (
        "import subprocess, sys; "
        f"ps = [subprocess.Popen([sys.executable, '-c', {child!r}]) for _ in range(2)]; "
        "[p.wait() for p in ps]"
    )
    process = subprocess.Popen([sys.executable, "-c", parent])
    with PeakSampler(process.pid) as sampler:
        process.wait()
    assert sampler.peak > 120 * 2**20
    assert tree_rss(psutil.Process(os.getpid())) > 0


def test_a_long_clean_build_is_run_once() -> None:
    assert runs_wanted(59.0, repeat=3, repeat_below=60.0) == 3
    assert runs_wanted(61.0, repeat=3, repeat_below=60.0) == 1


def test_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    status = main(
        [
            *("--exec-notes", "8", "--notebooks", "1", "--exec-repeat", "1"),
            # plain Sphinx only up to 0 notes: the N=8 book is built by labnotebook alone
            *("--sizes", "8", "--plain-max", "0", "--repeat", "2", "--repeat-below", "0"),
            *("--kernel-runs", "1", "--jobs", "2"),
            *("--out", str(out), "--workdir", str(tmp_path / "books")),
        ]
    )
    log = (out / "builds.log").read_text()
    assert status == 0, log[-3000:]
    results = json.loads((out / "results.json").read_text())
    rows = {(r["scenario"], r["variant"]): r for r in results}
    executed = "N=8, M=1"
    expected = {
        (f"{scenario} ({executed})", variant)
        for scenario in (
            "clean build, execution",
            "no-op rebuild",
            "one note edited",
            "one notebook's code edited",
        )
        for variant in ("labnotebook", "plain")
    }
    expected |= {
        (f"{scenario} (N=8)", "labnotebook")
        for scenario in (
            "clean build, no execution",
            "first no-op rebuild",
            "second no-op rebuild",
            "one note edited",
        )
    }
    kernel = "one notebook's fixed cost: kernel start, one cell, shutdown"
    expected |= {(kernel, "labnotebook"), (kernel, "plain")}
    assert set(rows) == expected
    # every build took the time it took and held some memory; no build was repeated
    # (--repeat-below 0), and the no-op rebuilds wrote nothing
    for (scenario, _variant), row in rows.items():
        assert len(row["seconds"]) == 1 and row["seconds"][0] > 0, scenario
        if scenario != kernel:
            assert row["peak_mb"][0] > 10, scenario
    assert rows[("first no-op rebuild (N=8)", "labnotebook")]["pages"] == [0]
    # both sides at the same -j
    commands = [line for line in log.splitlines() if line.startswith("$ ")]
    assert commands and all(" -j 2 " in command for command in commands)
    assert any("-m sphinx " in command for command in commands)
    table = (out / "results.md").read_text()
    assert "both sides at `-j 2`" in table
    executed_rows = [line for line in table.splitlines() if executed in line]
    assert len(executed_rows) == 4
    assert all(row.split("|")[4].strip() for row in executed_rows)  # each has a ratio
