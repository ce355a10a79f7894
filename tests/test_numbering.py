"""Figures are numbered within each note, not across the book."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import warnings_of


@pytest.mark.sphinx("html", testroot="numbering")
def test_each_note_numbers_its_figures_from_one(app) -> None:
    app.build()
    assert warnings_of(app) == []
    for note in ("first", "second"):
        page = BeautifulSoup((Path(app.outdir) / f"{note}.html").read_text(), "html.parser")
        captions = [s.get_text() for s in page.select("span.caption-number")]
        assert captions == ["Fig. 1 ", "Fig. 2 "], note
        refs = [a.get_text() for a in page.select("a.reference.internal span.std-numref")]
        assert refs == ["Fig. 1", "Fig. 2"], note


def build_copy(src: Path, parallel: int = 1) -> dict[str, int]:
    """Build ``src`` in a new application; the modification time of each page."""
    from tests.conftest import build_in_process

    app = build_in_process(src, parallel=parallel)
    assert warnings_of(app) == []
    return {p.name: p.stat().st_mtime_ns for p in Path(app.outdir).glob("*.html")}


def captions(src: Path, page: str) -> list[str]:
    html = (src / "_build" / "html" / page).read_text()
    return [s.get_text() for s in BeautifulSoup(html, "html.parser").select("span.caption-number")]


@pytest.mark.parametrize("parallel", [1, 2])
def test_numbers_change_only_where_a_figure_changed(tmp_path: Path, parallel: int) -> None:
    from tests.conftest import copy_root

    src = copy_root("numbering", tmp_path)
    first = build_copy(src, parallel)
    # nothing changed: no page with figures is written again
    again = build_copy(src, parallel)
    assert {name for name in first if again[name] != first[name]} <= {
        "404.html",
        "genindex.html",
        "search.html",
    }

    # a figure added at the top of the second note renumbers that note alone
    second = src / "second.md"
    text = second.read_text(encoding="utf-8")
    heading, rest = text.split("\n", 1)
    figure = ":::{figure} square.svg\n:name: fig-new\n:alt: A new square.\n\nA new figure.\n:::\n"
    second.write_text(f"{heading}\n\n{figure}\n{rest}", encoding="utf-8")
    after = build_copy(src, parallel)
    rewritten = {name for name in first if after[name] != again[name]}
    assert "first.html" not in rewritten and "second.html" in rewritten
    assert captions(src, "second.html") == ["Fig. 1 ", "Fig. 2 ", "Fig. 3 "]
    assert captions(src, "first.html") == ["Fig. 1 ", "Fig. 2 "]
