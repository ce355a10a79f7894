"""Meta tags, the sitemap and the 404 page: what crawlers and link previews read."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from tests.conftest import build_in_process, warnings_of

SITE = "https://lab.example.org/book/"
HOSTILE = '<script>alert(1)</script> "quotes" {braces} 中文'
ABSTRACT = "An abstract with <em>markup</em> & an ampersand."


@pytest.fixture(scope="module")
def built(shared_build):
    """The root built once, for the tests that only read its output."""
    return shared_build("web-meta")


def head(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(), "html.parser").head


def metas(soup: BeautifulSoup, key: str, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={key: name})]


def test_note_has_description_opengraph_and_scholarly_tags(built) -> None:
    assert warnings_of(built) == []
    page = head(built, "notes/hostile.html")
    assert metas(page, "name", "description") == [ABSTRACT]
    assert metas(page, "property", "og:description") == [ABSTRACT]
    assert metas(page, "property", "og:title") == [HOSTILE]
    assert metas(page, "property", "og:url") == [SITE + "notes/hostile.html"]
    assert metas(page, "property", "og:type") == ["article"]
    assert metas(page, "name", "citation_title") == [HOSTILE]
    assert metas(page, "name", "citation_author") == ["Ada Lovelace", "Grace <Hopper> & co"]
    assert metas(page, "name", "citation_publication_date") == ["2024/05/01"]
    assert metas(page, "name", "citation_date") == ["2024/05/01"]
    assert metas(page, "name", "citation_online_date") == ["2025/03/02"]
    assert metas(page, "name", "citation_keywords") == ["a&b; <tag>"]
    assert metas(page, "name", "citation_abstract_html_url") == [SITE + "notes/hostile.html"]


def test_hostile_values_never_open_a_tag(built) -> None:
    text = (Path(built.outdir) / "notes" / "hostile.html").read_text()
    head_text = text.split("</head>", 1)[0]
    assert "<script>alert" not in head_text
    assert "<em>" not in head_text


def test_pages_and_notes_without_abstract(built) -> None:
    about = head(built, "about.html")
    assert metas(about, "name", "description") == ["Who keeps this notebook."]
    assert metas(about, "name", "citation_title") == []  # a page is not a publication
    assert metas(about, "property", "og:type") == ["website"]
    plain = head(built, "notes/plain.html")
    # without an abstract, the opening prose describes the page
    assert "A note without an abstract" in metas(plain, "name", "description")[0]
    assert metas(plain, "name", "citation_author") == []  # no authors given, none invented
    assert metas(head(built, "index.html"), "name", "citation_title") == []


def test_sitemap_lists_every_page(built) -> None:
    # a second build writes no page again; the sitemap must still list them all (it
    # writes the shared build's sitemap again, which is why the result must be the same)
    app = build_in_process(Path(built.srcdir))
    tree = ElementTree.parse(Path(app.outdir) / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = sorted(loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace))
    pages = {SITE + app.builder.get_target_uri(doc) for doc in app.env.found_docs}
    # every document, plus any generated page (tag pages), but no search or index pages
    assert pages <= set(locations)
    assert SITE + "notes/hostile.html" in locations
    for page in ("search.html", "genindex.html", "404.html"):
        assert SITE + page not in locations
    assert len(locations) == len(set(locations))
    lastmod = tree.getroot().find(f"s:url[s:loc='{SITE}notes/hostile.html']/s:lastmod", namespace)
    assert lastmod is not None and lastmod.text == "2025-03-02"


def test_not_found_page_links_assets_from_the_site_root(built) -> None:
    page = BeautifulSoup((Path(built.outdir) / "404.html").read_text(), "html.parser")
    assert page.h1.get_text() == "Page not found"
    stylesheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert stylesheets and all(href.startswith("/book/_static/") for href in stylesheets)


def test_page_description_is_the_opening_prose() -> None:
    from docutils import nodes

    from labnotebook.site.meta import page_description

    document = nodes.document(None, None)
    section = nodes.section()
    document += section
    header = nodes.container(classes=["note-header"])
    header += nodes.paragraph(text="Research note · Started 2024-05-01")
    section += header
    section += nodes.paragraph(text="The first   words\nof the page.")
    section += nodes.paragraph(text="word " * 100)
    description = page_description(document, length=60)
    assert description.startswith("The first words of the page. word")
    assert "Research note" not in description
    assert description.endswith("…") and len(description) <= 61


def test_every_page_has_opengraph_tags(built) -> None:
    about = head(built, "about.html")
    assert metas(about, "property", "og:title") == ["About"]
    assert metas(about, "property", "og:site_name") == ["Lab notes"]
    assert metas(about, "property", "og:url") == [SITE + "about.html"]
    assert metas(about, "property", "og:description") == ["Who keeps this notebook."]
