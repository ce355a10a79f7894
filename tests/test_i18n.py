"""Bilingual page pairs: the switcher on both pages, ``<html lang>``, broken pairs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import warnings_of


@pytest.fixture(scope="module")
def built(shared_build):
    """The root built once, for the tests that only read its output."""
    return shared_build("web-i18n")


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(), "html.parser")


def switcher(soup: BeautifulSoup) -> list[tuple[str, str, str | None]]:
    """The switcher's entries as (text, lang, href); the current page has no href."""
    nav = soup.select_one("nav.ln-languages")
    if nav is None:
        return []
    return [(el.get_text(), el["lang"], el.get("href")) for el in nav.select("a, span[lang]")]


def written_docs(app) -> list[str]:
    """The pages the last build wrote, from its status output."""
    from sphinx.util.console import strip_escape_sequences

    status = strip_escape_sequences(app.status.getvalue())
    last = status.rsplit("updating environment", 1)[-1]
    return sorted(set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", last)))


def test_switcher_on_both_pages_of_a_pair(built) -> None:
    assert warnings_of(built) == []
    assert switcher(page(built, "background.html")) == [
        ("English", "en", None),
        ("中文", "zh-Hans", "background-zh.html"),
    ]
    assert switcher(page(built, "background-zh.html")) == [
        ("English", "en", "background.html"),
        ("中文", "zh-Hans", None),
    ]
    assert switcher(page(built, "lone.html")) == []
    # the switcher comes before the page's title
    body = page(built, "background-zh.html").select_one("article") or page(
        built, "background-zh.html"
    )
    first = body.find(["nav", "h1"])
    assert first is not None and first.name == "nav"


def test_html_lang_follows_the_page(built) -> None:
    assert page(built, "background-zh.html").html["lang"] == "zh-Hans"
    assert page(built, "background.html").html["lang"] == "en"
    assert page(built, "index.html").html["lang"] == "en"


@pytest.mark.sphinx("html", testroot="web-i18n", freshenv=True)
def test_editing_one_side_rewrites_the_other(app) -> None:
    app.build()
    path = Path(app.srcdir) / "background-zh.md"
    original = path.read_text()
    try:
        # the Chinese page stops being a translation: the English page loses its switcher
        path.write_text(original.replace("translation_of: background\n", ""))
        app.build()
        # index lists the edited page in its toctree, so Sphinx writes it too; lone stays
        assert written_docs(app) == ["background", "background-zh", "index"]
        assert switcher(page(app, "background.html")) == []
        path.write_text(original)
        app.build()
        assert written_docs(app) == ["background", "background-zh", "index"]
        assert len(switcher(page(app, "background.html"))) == 2
    finally:
        path.write_text(original)


@pytest.mark.sphinx("html", testroot="web-i18n-bad")
def test_broken_pairs(app) -> None:
    app.build()
    src = Path(app.srcdir)
    assert warnings_of(app) == [
        f"{src / 'chain.md'}:7: WARNING: translation_of 'typo' names a page that is itself "
        "a translation (of 'hme'); name the original page instead [labnotebook.translation]",
        f"{src / 'same-language.md'}:6: WARNING: translation_of 'home': both pages are in "
        "'en'; set this page's language to the one it is translated into ('zh-Hans') "
        "[labnotebook.translation]",
        f"{src / 'twice.md'}:7: WARNING: translation_of 'home': page 'home-zh' already "
        "translates it into 'zh-Hans'; a page has one translation per language "
        "[labnotebook.translation]",
        f"{src / 'typo.md'}:7: WARNING: translation_of 'hme' names no page (did you mean "
        "'home'?); use the label of the page this one translates [labnotebook.translation]",
    ]
    # the valid pair still gets its switcher; the broken pages get none
    assert len(switcher(page(app, "index.html"))) == 2
    assert switcher(page(app, "twice.html")) == []
