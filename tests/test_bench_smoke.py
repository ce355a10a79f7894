"""A tiny run of the benchmark: both variants build, every scenario gets a row and a ratio."""

from __future__ import annotations

import json
from pathlib import Path

from bench.generate import generate
from bench.run import main


def test_generated_books_differ_only_in_setup_and_links(tmp_path: Path) -> None:
    ours = generate(tmp_path / "ours", notes=8, notebooks=2, variant="labnotebook")
    plain = generate(tmp_path / "plain", notes=8, notebooks=2, variant="plain")
    note = "notes/note-0001.md"
    ours_text, plain_text = (ours / note).read_text(), (plain / note).read_text()
    assert "{note}`note-0002`" in ours_text
    assert ours_text.replace("{note}", "{doc}") == plain_text
    assert "```{code-cell} ipython3" in ours_text
    assert "labnotebook" not in (plain / "conf.py").read_text()


def test_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    status = main(
        [
            *("--small", "8", "--notebooks", "1", "--medium", "0", "--large", "0"),
            *("--out", str(out), "--workdir", str(tmp_path / "books")),
        ]
    )
    assert status == 0, (out / "builds.log").read_text()[-3000:]
    results = json.loads((out / "results.json").read_text())
    assert {(r["scenario"].split(" (")[0], r["variant"]) for r in results} == {
        (scenario, variant)
        for scenario in (
            "clean build, execution",
            "no-op rebuild",
            "one note edited",
            "one notebook's code edited",
        )
        for variant in ("labnotebook", "plain")
    }
    table = (out / "results.md").read_text()
    assert table.count("\n| ") == 5  # the header and four scenarios, each with a ratio
    assert all(row.split("|")[4].strip() for row in table.splitlines()[4:])
