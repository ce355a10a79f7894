"""The Pagefind index, without a browser: what is indexed and with which filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import warnings_of


@pytest.mark.sphinx("html", testroot="web-search")
def test_bundle_is_written_with_one_index_for_both_languages(app) -> None:
    app.build()
    assert warnings_of(app) == []
    bundle = Path(app.outdir) / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    # the four documents, and not the search or general index pages
    assert {name: lang["page_count"] for name, lang in entry["languages"].items()} == {"zh": 4}
    assert (bundle / "pagefind-ui.js").is_file()


@pytest.mark.sphinx("html", testroot="web-search")
def test_note_body_carries_its_filters(app) -> None:
    app.build()
    soup = BeautifulSoup((Path(app.outdir) / "notes" / "voting.html").read_text(), "html.parser")
    body = soup.select("[data-pagefind-body]")
    assert len(body) == 1
    filters = {
        (span["data-pagefind-filter"], span.get_text())
        for span in body[0].select("[data-pagefind-filter]")
    }
    assert filters == {
        ("kind", "research-note"),
        ("status", "ongoing"),
        ("tag", "llm"),
        ("tag", "reasoning"),
        ("language", "en"),
    }
    genindex = (Path(app.outdir) / "genindex.html").read_text()
    assert "data-pagefind-body" not in genindex


@pytest.mark.sphinx("html", testroot="web-search")
def test_search_page_uses_pagefind_from_the_book(app) -> None:
    app.build()
    soup = BeautifulSoup((Path(app.outdir) / "search.html").read_text(), "html.parser")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert "pagefind/pagefind-ui.js" in scripts
    assert "_static/labnotebook-search.js" in scripts
    assert not any("searchtools" in s for s in scripts)
    assert soup.select_one("#ln-search")["data-bundle"] == "pagefind/"


def test_filter_values_are_escaped() -> None:
    from labnotebook.search import filter_tags

    assert filter_tags({"tag": ['<b>"x"</b>']}) == (
        '<span data-pagefind-filter="tag" hidden>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</span>'
    )
