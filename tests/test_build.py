"""Small builds of test roots: the note role, domain lookups and the inventory."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import warnings_of


@pytest.fixture(scope="module")
def built(shared_build):
    """The root built once, for the tests that only read its output."""
    return shared_build("basic")


def test_note_role_links_by_label(built) -> None:
    assert warnings_of(built) == []
    soup = BeautifulSoup((built.outdir / "index.html").read_text(), "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select("a.note-ref")}
    assert links == {"First note": "notes/first.html", "the second one": "notes/second.html"}


def test_domain_holds_validated_notes(built) -> None:
    domain = built.env.get_domain("note")
    assert domain.by_label() == {"first": "notes/first", "second": "notes/second"}
    assert domain.notes["notes/first"].authors == ("ada", "grace")
