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
