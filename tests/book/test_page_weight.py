"""What every page of the built book loads: nothing it does not use.

Search is Pagefind's (search.html), so no page loads Sphinx's search index and tools,
which pydata-sphinx-theme puts in every page's head for a search-as-you-type labnotebook
leaves off (about 100 KB a page).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.book

SPHINX_SEARCH = re.compile(r'<script[^>]+src="[^"]*(searchindex|searchtools|language_data)\.js')


def test_no_page_loads_sphinx_search(book: Path) -> None:
    pages = [
        page for page in book.rglob("*.html") if not page.relative_to(book).parts[0].startswith("_")
    ]
    assert len(pages) > 30
    loading = sorted(
        page.relative_to(book).as_posix()
        for page in pages
        if SPHINX_SEARCH.search(page.read_text(encoding="utf-8"))
    )
    assert loading == []
