"""Citations from one bibliography: per-note lists, the global page, cited-by, publications."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import warnings_of

ROOT = "bib-basic"
HOSTILE = '<script>alert(1)</script> "quotes" {braces} 中文'


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def cited_by(app, page: str, key: str, prefix: str = "bib") -> list[str]:
    entry = soup(app, page).find(id=f"{prefix}-{key}")
    assert entry is not None, key
    block = entry.select_one(".lnb-cited-by")
    return [a.get_text() for a in block.select("a")] if block else []


@pytest.fixture(scope="module")
def built(module_app):
    return module_app


def test_strict_build_has_no_warnings(built) -> None:
    # several pages list wei2022chain, and the global page lists every entry:
    # still no duplicate-citation (or duplicate-label) warning
    assert warnings_of(built) == []


def test_citations_render_author_year(built) -> None:
    page = soup(built, "notes/a.html")
    texts = [span.get_text() for span in page.select("span.bibtex-citation")]
    assert texts == ["[Wei et al., 2022]", "Wang et al. [2023]"]


def test_each_note_gets_its_own_reference_list(built) -> None:
    page = soup(built, "notes/a.html")
    section = page.select_one("section.lnb-references")
    assert section.h2.get_text(strip=True).rstrip("¶") == "References"
    listed = [c.select_one(".label").get_text() for c in section.select("div.citation")]
    assert listed == ["[wang2023selfconsistency]", "[wei2022chain]"]
    # every citation link lands on this page's own list
    for link in page.select("span.bibtex-citation a"):
        target = link["href"]
        assert target.startswith("#")
        assert section.find(id=target[1:]) is not None


@pytest.mark.parametrize("page_name", ["notes/b.html", "notes/c.html"])
def test_a_note_with_its_own_block_keeps_it_and_links_locally(built, page_name) -> None:
    # b and c each have a block of their own listing wei2022chain, like a: no clash
    page = soup(built, page_name)
    assert len(page.select("div.citation-list")) == 1  # no second, automatic list
    ids = {c["id"] for c in page.select("div.citation")}
    assert ids
    assert {a["href"][1:] for a in page.select("span.bibtex-citation a")} <= ids


def test_no_list_when_nothing_is_cited(built) -> None:
    # the role appears only in inline code: no empty "References" heading, not in the toc
    page = soup(built, "notes/plain.html")
    assert page.select("section.lnb-references") == []
    assert "References" not in page.get_text()


def test_global_bibliography_lists_every_entry(built) -> None:
    page = soup(built, "bibliography.html")
    ids = [e["id"] for e in page.select(".lnb-bib-entry")]
    assert sorted(ids) == sorted(
        f"bib-{key}"
        for key in [
            "escape2025",
            "guo2024activedormant",
            "kaplan2020scaling",
            "wang2023selfconsistency",
            "wei2022chain",
            "yu2023whitebox",
            "yu2024emergence",
        ]
    )


def test_cited_by_lists_are_right(built) -> None:
    assert cited_by(built, "bibliography.html", "wei2022chain") == [HOSTILE, "Hand list", "Voting"]
    assert cited_by(built, "bibliography.html", "kaplan2020scaling") == ["Voting"]  # papers:
    assert cited_by(built, "bibliography.html", "yu2023whitebox") == [HOSTILE]
    assert cited_by(built, "bibliography.html", "guo2024activedormant") == []
    links = soup(built, "bibliography.html").select(".lnb-cited-by a")
    assert {a["href"] for a in links} == {"notes/a.html", "notes/b.html", "notes/c.html"}


def test_publications_grouped_by_year_newest_first(built) -> None:
    page = soup(built, "publications.html")
    years = [s.h2.get_text(strip=True).rstrip("¶") for s in page.select("section section")]
    assert years == ["2025", "2024", "2023"]
    by_year = {
        s.h2.get_text(strip=True).rstrip("¶"): [p["id"] for p in s.select(".lnb-publication")]
        for s in page.select("section section")
    }
    assert by_year == {
        "2025": ["pub-escape2025"],  # keywords = {selected}
        "2024": ["pub-guo2024activedormant", "pub-yu2024emergence"],  # an owner's name
        "2023": ["pub-yu2023whitebox"],
    }


def test_publication_entry_shows_venue_note_links_owner_bibtex_and_notes(built) -> None:
    entry = soup(built, "publications.html").find(id="pub-yu2024emergence")
    assert entry.select_one(".lnb-pub-title").get_text() == (
        "Emergence of Segmentation with Minimalistic White-Box Transformers"
    )
    assert [o.get_text() for o in entry.select(".lnb-owner")] == ["Druv Pai"]
    venue = entry.select_one(".lnb-pub-venue").get_text()
    assert (
        venue == "Conference on Parsimony and Learning, 2024 · CPAL 2024, Proceedings Track, Oral"
    )
    links = {a.get_text(): a["href"] for a in entry.select(".lnb-pub-links a")}
    assert links == {
        "arXiv": "https://arxiv.org/abs/2308.16271",
        "PDF": "https://arxiv.org/pdf/2308.16271",
        "Paper": "https://proceedings.mlr.press/v234/yu24a.html",
    }
    toggle = entry.select_one("details.lnb-bibtex")
    assert toggle.summary.get_text() == "BibTeX"
    assert toggle.pre.get_text().startswith("@inproceedings{yu2024emergence,")
    discussed = soup(built, "publications.html").find(id="pub-yu2023whitebox")
    assert [a.get_text() for a in discussed.select(".lnb-cited-by a")] == [HOSTILE]


def test_hostile_text_is_escaped(built) -> None:
    for page in ("publications.html", "bibliography.html", "notes/a.html"):
        html = (Path(built.outdir) / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, page
    publication = soup(built, "publications.html").find(id="pub-escape2025")
    # BibTeX braces group, so they are dropped; docutils curls the quotes
    assert publication.select_one(".lnb-pub-title").get_text() == (
        "<script>alert(1)</script> \u201cquotes\u201d braces 中文"
    )


def test_note_links_carry_their_preview(built) -> None:
    page = soup(built, "notes/a.html")
    link = page.select_one("a.note-ref")
    assert "lnb-note-preview" in link["class"]
    assert link["title"] == f"{HOSTILE} (complete): A note with a hostile title."
    data = page.find("script", id="lnb-note-previews")
    assert "<script>" not in data.string
    import json

    assert json.loads(data.string) == {
        "b.html": {
            "title": HOSTILE,
            "status": "complete",
            "abstract": "A note with a hostile title.",
        }
    }
    assert page.find("script", src=lambda s: s and "labnotebook-hover.js" in s) is not None
