"""Interface strings follow the page's language: a Chinese note in an English book.

labnotebook's own strings (status, kind, header, "Cite this note", note-link
tooltips) and the theme's ("Contents", the footer) are Chinese on the Chinese page and
English on the English one, in one build of tests/roots/test-page-language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labnotebook.notes.page_language import translate
from tests.conftest import build_in_process, copy_root


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    app = build_in_process(copy_root("page-language", tmp_path_factory.mktemp("lang")))
    assert app._warncount == 0, app._warning.getvalue()
    return Path(app.outdir)


def page(html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")


def test_the_chinese_note_frames_itself_in_chinese(html: Path) -> None:
    soup = page(html, "chinese.html")
    assert soup.select_one(".note-status").get_text() == "已完成"
    assert soup.select_one(".note-kind").get_text() == "研究笔记"
    assert soup.select_one(".note-date").get_text() == "始于 2026-04-01"
    assert soup.select_one(".note-tags").get_text().startswith("标签\N{FULLWIDTH COLON}")
    assert soup.select_one(".note-cite .rubric").get_text() == "引用本文"
    link = soup.select_one("a.note-ref")
    assert link["title"].startswith("An English note (进行中)")


def test_the_theme_speaks_the_page_language(html: Path) -> None:
    text = page(html, "chinese.html").get_text(" ")
    assert "目录" in text
    assert "Contents" not in text
    assert "Back to top" not in text
    assert "版权所有" in text  # a string the shipped catalogues leave in English


def test_the_english_note_stays_english(html: Path) -> None:
    soup = page(html, "english.html")
    assert soup.select_one(".note-status").get_text() == "ongoing"
    assert soup.select_one(".note-kind").get_text() == "Research note"
    assert soup.select_one(".note-cite .rubric").get_text() == "Cite this note"
    assert soup.select_one("a.note-ref")["title"].startswith("一篇中文笔记 (complete)")
    assert "Contents" in soup.get_text(" ")


def test_unknown_strings_and_languages_fall_back_to_english() -> None:
    assert translate("zh-Hans", "no such string") == "no such string"
    assert translate("fr", "ongoing") == "ongoing"
    assert translate("zh-Hans", "Started {date}", date="2026-01-01") == "始于 2026-01-01"


def test_bylines_name_the_role(html: Path) -> None:
    byline = page(html, "english.html").select_one(".note-authors")
    assert byline.get_text() == "By W. Writer (master's student)"
    assert byline.select_one("a.note-author")["href"] == "authors/writer.html"


def test_a_site_page_has_a_byline_without_dead_links(html: Path) -> None:
    soup = page(html, "about.html")
    byline = soup.select_one(".note-authors")
    assert byline.get_text() == (
        "By H. Helper (undergraduate student), W. Writer (master's student)"
    )
    # H. Helper wrote no note, so there is no author page to link to
    assert [a.get_text() for a in byline.select("a")] == ["W. Writer"]
    assert not soup.select(".note-cite")
    assert (html / "authors" / "writer.html").is_file()
    assert not (html / "authors" / "helper.html").exists()
