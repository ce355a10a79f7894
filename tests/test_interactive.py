"""Interactive plotly figures: what a build without plotly, or without labnotebook, does.

The browser side (hover, nothing off the site, no script on other pages) is in
tests/test_run_it_browser.py. These builds execute nothing: the one notebook left in
the root carries its outputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from labnotebook.site import interactive
from tests.conftest import build_in_process, copy_root, warnings_of


def plot_only(tmp_path: Path) -> Path:
    """The run-it root with nothing to execute: the stored plot and a page of prose."""
    src = copy_root("run-it", tmp_path)
    (src / "notes" / "deep" / "measured.md").unlink()
    (src / "notes" / "reuse.md").unlink()
    (src / "index.md").write_text("# Home\n\n```{toctree}\n:glob:\n\nnotes/*\n```\n")
    return src


def test_missing_plotly_is_a_located_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(interactive, "plotly_js", lambda: None)
    app = build_in_process(plot_only(tmp_path))
    (warning,) = warnings_of(app)
    assert "notes/plot.ipynb:" in warning and "[labnotebook.interactive]" in warning
    assert "pip install 'labnotebook[interactive]'" in warning
    out = Path(app.outdir)
    assert "plotly.min.js" not in (out / "notes" / "plot.html").read_text(encoding="utf-8")
    assert not (out / "_static" / "labnotebook-plotly").exists()


def test_project_without_labnotebook_is_left_to_myst_nb(tmp_path: Path) -> None:
    """The plugin is installed for every MyST-NB project; only labnotebook's use it."""
    app = build_in_process(plot_only(tmp_path), confoverrides={"extensions": ["myst_nb"]})
    (warning,) = warnings_of(app)
    assert "skipping unknown output mime type: application/vnd.plotly.v1+json" in warning
    html = (Path(app.outdir) / "notes" / "plot.html").read_text(encoding="utf-8")
    assert "labnotebook-plotly" not in html


def test_plotly_leaves_the_output_with_the_last_figure(tmp_path: Path) -> None:
    """Incremental: a copy of plotly.js that no page loads is a file that outlived its
    source; the second build, in a fresh application, removes it."""
    src = plot_only(tmp_path)
    (src / "notes" / "words.md").write_text("# Words\n\nOnly prose here.\n", encoding="utf-8")
    first = build_in_process(src)
    served = Path(first.outdir) / "_static" / "labnotebook-plotly" / "plotly.min.js"
    assert served.is_file()
    (src / "notes" / "plot.ipynb").unlink()
    second = build_in_process(src)
    assert warnings_of(second) == []
    assert Path(second.outdir) == Path(first.outdir)
    assert not served.parent.exists()
