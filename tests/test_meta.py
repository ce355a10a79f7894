"""Meta tags, the sitemap and the 404 page: what crawlers and link previews read."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from tests.conftest import build_in_process, copy_root, warnings_of

SITE = "https://lab.example.org/book/"
HOSTILE = '<script>alert(1)</script> "quotes" {braces} 中文'
ABSTRACT = "An abstract with <em>markup</em> & an ampersand."


def head(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(), "html.parser").head


def metas(soup: BeautifulSoup, key: str, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={key: name})]


@pytest.mark.sphinx("html", testroot="web-meta")
def test_note_has_description_opengraph_and_scholarly_tags(app) -> None:
    app.build()
    assert warnings_of(app) == []
    page = head(app, "notes/hostile.html")
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


@pytest.mark.sphinx("html", testroot="web-meta")
def test_hostile_values_never_open_a_tag(app) -> None:
    app.build()
    text = (Path(app.outdir) / "notes" / "hostile.html").read_text()
    head_text = text.split("</head>", 1)[0]
    assert "<script>alert" not in head_text
    assert "<em>" not in head_text


@pytest.mark.sphinx("html", testroot="web-meta")
def test_pages_and_notes_without_abstract(app) -> None:
    app.build()
    about = head(app, "about.html")
    assert metas(about, "name", "description") == ["Who keeps this notebook."]
    assert metas(about, "property", "og:type") == ["website"]
    plain = head(app, "notes/plain.html")
    # without an abstract, the opening prose describes the page
    assert "A note without an abstract" in metas(plain, "name", "description")[0]
    assert metas(plain, "name", "citation_author") == []  # no authors given, none invented
    # a page without note front matter is not citable
    assert metas(head(app, "index.html"), "name", "citation_title") == []
    assert head(app, "index.html").find("script", type="application/ld+json") is None


def json_ld(soup: BeautifulSoup) -> dict:
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


#: What a reference manager must read from each citable page of the root.
CITABLE = {
    "notes/hostile.html": {
        "title": HOSTILE,
        "authors": ["Ada Lovelace", "Grace <Hopper> & co"],
        "published": "2024-05-01",
        "version_date": "2025-03-02",
        "version": "2.1",
        "article": True,
    },
    "notes/plain.html": {
        "title": "A plain note",
        "authors": [],
        "published": "2023-01-15",
        "version_date": "2023-01-15",
        "version": "2023-01-15",
        "article": True,
    },
    "about.html": {
        "title": "About",
        "authors": [],
        "published": "2026-01-01",
        "version_date": "2026-01-01",
        "version": "2026-01-01",
        "article": False,
    },
}


@pytest.mark.sphinx("html", testroot="web-meta")
def test_every_citable_page_describes_itself(app) -> None:
    """Highwire tags and JSON-LD on notes and pages: type, authors, dates, version, URL."""
    app.build()
    assert warnings_of(app) == []
    for page, want in CITABLE.items():
        soup = head(app, page)
        url = SITE + page
        assert metas(soup, "name", "citation_title") == [want["title"]], page
        assert metas(soup, "name", "citation_author") == want["authors"], page
        published = want["published"].replace("-", "/")
        assert metas(soup, "name", "citation_publication_date") == [published], page
        online = want["version_date"].replace("-", "/")
        assert metas(soup, "name", "citation_online_date") == [online], page
        assert metas(soup, "name", "citation_abstract_html_url") == [url], page
        # Zotero files a page with a report institution as a report; a page with none
        # and og:type website as a web page
        institution = metas(soup, "name", "citation_technical_report_institution")
        assert institution == (["Lab notes"] if want["article"] else []), page
        assert metas(soup, "property", "og:type") == (
            ["article"] if want["article"] else ["website"]
        )
        data = json_ld(soup)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == ("ScholarlyArticle" if want["article"] else "WebPage"), page
        assert data["headline"] == want["title"]
        assert [a["name"] for a in data["author"]] == want["authors"], page
        assert data["datePublished"] == want["published"]
        assert data["dateModified"] == want["version_date"]
        assert data["version"] == want["version"]
        assert data["url"] == url
        assert data["isPartOf"] == {"@type": "Book", "name": "Lab notes", "url": SITE}
    hostile = json_ld(head(app, "notes/hostile.html"))
    assert hostile["author"][0] == {
        "@type": "Person",
        "name": "Ada Lovelace",
        "sameAs": "https://orcid.org/0000-0002-1825-0097",
        "url": "https://example.org/ada",
    }
    assert hostile["identifier"] == "https://doi.org/10.5281/zenodo.1234"
    assert hostile["license"] == "https://spdx.org/licenses/CC-BY-4.0.html"
    assert metas(head(app, "notes/hostile.html"), "name", "citation_doi") == ["10.5281/zenodo.1234"]


@pytest.mark.sphinx("html", testroot="web-meta")
def test_json_ld_cannot_close_its_script(app) -> None:
    app.build()
    text = (Path(app.outdir) / "notes" / "hostile.html").read_text()
    block = text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    assert json.loads(block)["headline"] == HOSTILE


def sitemap_locations(outdir: Path) -> list[str]:
    tree = ElementTree.parse(outdir / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return sorted(loc.text or "" for loc in tree.getroot().findall("s:url/s:loc", namespace))


def test_sitemap_lists_every_page_after_any_build(tmp_path: Path) -> None:
    """Clean, no-op and one-edit builds, each by a new Sphinx application, as
    ``sphinx-build`` runs them: the sitemap lists the same pages after each."""
    src = copy_root("web-meta", tmp_path)
    clean = build_in_process(src)
    assert warnings_of(clean) == []
    outdir = Path(clean.outdir)
    pages = sitemap_locations(outdir)
    documents = {SITE + clean.builder.get_target_uri(doc) for doc in clean.env.found_docs}
    assert documents <= set(pages)
    # the generated pages: the tag index, a page per tag and per author
    for page in ("tags/index.html", "authors/ada.html", "authors/grace.html"):
        assert SITE + page in pages
    assert len([p for p in pages if p.startswith(SITE + "tags/")]) == 3
    for page in ("search.html", "genindex.html", "404.html"):
        assert SITE + page not in pages
    assert len(pages) == len(set(pages))

    build_in_process(src)  # nothing changed
    assert sitemap_locations(outdir) == pages

    about = src / "about.md"
    about.write_text(about.read_text().replace("A page,", "An edited page,"))
    later = time.time() + 5
    os.utime(about, (later, later))
    build_in_process(src)  # one page edited
    assert sitemap_locations(outdir) == pages

    tree = ElementTree.parse(outdir / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = tree.getroot().find(f"s:url[s:loc='{SITE}notes/hostile.html']/s:lastmod", namespace)
    assert lastmod is not None and lastmod.text == "2025-03-02"


@pytest.mark.sphinx("html", testroot="web-meta")
def test_not_found_page_links_assets_from_the_site_root(app) -> None:
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "404.html").read_text(), "html.parser")
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


@pytest.mark.sphinx("html", testroot="web-meta")
def test_every_page_has_opengraph_tags(app) -> None:
    app.build()
    about = head(app, "about.html")
    assert metas(about, "property", "og:title") == ["About"]
    assert metas(about, "property", "og:site_name") == ["Lab notes"]
    assert metas(about, "property", "og:url") == [SITE + "about.html"]
    assert metas(about, "property", "og:description") == ["Who keeps this notebook."]
