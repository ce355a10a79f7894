"""The ``{updates}`` directive and the updates file it reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labnotebook.core.datafiles import Update, load_updates
from tests.conftest import warnings_of

HOSTILE = '<script>alert(1)</script> "quotes" {braces} 中文'
# the page's text goes through Sphinx's smart quotes, like the rest of the prose
SHOWN = "<script>alert(1)</script> \u201cquotes\u201d {braces} 中文"


@pytest.fixture(scope="module")
def built(shared_build):
    """The root built once, for the tests that only read its output."""
    return shared_build("web-updates")


def items(app, page: str) -> list[tuple[str, str, str | None]]:
    """Each shown update as (date, text, link target)."""
    soup = BeautifulSoup((app.outdir / page).read_text(), "html.parser")
    shown = []
    for item in soup.select("ul.ln-updates > li.ln-update"):
        link = item.find("a")
        shown.append(
            (
                item.select_one(".ln-date").get_text(),
                item.select_one(".ln-update-text").get_text(),
                link["href"] if link else None,
            )
        )
    return shown


def test_limit_shows_the_newest_and_the_page_shows_all(built) -> None:
    assert warnings_of(built) == []
    assert items(built, "index.html") == [
        ("15 Sep 2024", SHOWN, "https://example.org/paper?a=1&b=2"),
        ("Jun 2024", "Wrote the first note.", "notes/first.html"),
    ]
    assert [date for date, _, _ in items(built, "updates.html")] == [
        "15 Sep 2024",
        "Jun 2024",
        "May 2024",
        "Aug 2023",
    ]


def test_hostile_text_is_escaped(built) -> None:
    html = (built.outdir / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \u201cquotes\u201d {braces} 中文" in html


def reread_docs(app) -> list[str]:
    """The documents the last build read again, from its status output."""
    from sphinx.util.console import strip_escape_sequences

    status = strip_escape_sequences(app.status.getvalue())
    last = status.rsplit("updating environment", 1)[-1]
    return sorted(set(re.findall(r"reading sources\.\.\. \S*\s*\[\s*\d+%\] (\S+)", last)))


@pytest.mark.sphinx("html", testroot="web-updates", freshenv=True)
def test_editing_the_file_rebuilds_only_the_pages_that_show_it(app) -> None:
    app.build()
    path = Path(app.srcdir) / "_data" / "updates.yml"
    original = path.read_text()
    try:
        path.write_text(original + '- date: "2025-01"\n  text: A new year.\n')
        app.build()
        assert reread_docs(app) == ["index", "updates"]
        assert items(app, "index.html")[0] == ("Jan 2025", "A new year.", None)
    finally:
        path.write_text(original)


@pytest.mark.sphinx("html", testroot="web-updates-bad")
def test_bad_limit_and_bad_date(app) -> None:
    app.build()
    src = app.srcdir
    assert warnings_of(app) == [
        f"{src / 'index.md'}:5: WARNING: {{updates}} option :limit: must be a positive whole "
        "number, got 'few'; showing every update [labnotebook.updates]",
        f"{src / 'index.md'}:5: WARNING: {src / '_data' / 'updates.yml'}: update 2: date "
        "'2024-13' must be YYYY-MM or YYYY-MM-DD, quoted [labnotebook.updates]",
    ]


@pytest.mark.sphinx(
    "html", testroot="web-updates-bad", confoverrides={"labnotebook_updates_file": "nowhere.yml"}
)
def test_missing_file(app) -> None:
    app.build()
    src = app.srcdir
    assert warnings_of(app)[1] == (
        f"{src / 'index.md'}:5: WARNING: the updates file {src / 'nowhere.yml'} does not exist; "
        "create it (a YAML list of date, text and link) or point labnotebook_updates_file at it "
        "[labnotebook.updates]"
    )


@pytest.mark.sphinx(
    "html",
    testroot="web-updates-bad",
    confoverrides={"labnotebook_updates_file": "_data/unknown-label.yml"},
)
def test_link_to_an_unknown_note(app) -> None:
    app.build()
    assert warnings_of(app)[1] == (
        f"{app.srcdir / 'index.md'}:5: WARNING: {{note}} reference to unknown label "
        "'no-such-note'; use the label from the note's front matter [labnotebook.unknown_label]"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad-link.yml", "update 1: link 'Some Note' is neither an http(s) URL nor a note label"),
        ("broken.yml", "the YAML does not parse: expected ',' or ']', but got '<stream end>'"),
    ],
)
def test_bad_files(name: str, message: str) -> None:
    path = Path(__file__).parent / "roots" / "test-web-updates-bad" / "_data" / name
    with pytest.raises(ValueError) as caught:
        load_updates(path)
    assert str(caught.value).startswith(str(path))
    assert str(caught.value).endswith(message)


def test_dates_read_as_months_or_days() -> None:
    assert Update("2024-09", "x").display_date == "Sep 2024"
    assert Update("2024-09-05", "x").display_date == "5 Sep 2024"
    assert Update("2024-09", "x", "a-note-label").links_to_note
    assert not Update("2024-09", "x", "https://example.org").links_to_note
