"""Small builds of test roots: the note role, domain lookups and the inventory."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import warnings_of


@pytest.mark.sphinx("html", testroot="basic")
def test_note_role_links_by_label(app) -> None:
    app.build()
    assert warnings_of(app) == []
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select("a.note-ref")}
    assert links == {"First note": "notes/first.html", "the second one": "notes/second.html"}


@pytest.mark.sphinx("html", testroot="basic")
def test_domain_holds_validated_notes(app) -> None:
    app.build()
    domain = app.env.get_domain("note")
    assert domain.by_label() == {"first": "notes/first", "second": "notes/second"}
    assert domain.notes["notes/first"].authors == ("ada", "grace")


@pytest.mark.sphinx("html", testroot="basic", parallel=2)
def test_parallel_build_gives_the_same_notes(app) -> None:
    app.build()
    assert warnings_of(app) == []
    assert sorted(app.env.get_domain("note").by_label()) == ["first", "second"]
