"""What every page of the built book loads: nothing it does not use, and under a budget.

Search is Pagefind's (search.html), so no page loads Sphinx's search index and tools,
which pydata-sphinx-theme puts in every page's head for a search-as-you-type labnotebook
leaves off (about 100 KB a page). No page loads Font Awesome's 1.5 MB icon script
(labnotebook.patches.pydata_sphinx_theme), and the five page kinds of issue 18 weigh
under 400 KB as sent compressed; ``bench/page_weight.py`` measures the same in Chromium.
"""

from __future__ import annotations

import gzip
import json
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


# What each of the five page kinds of issue 18 fetches must stay under this, as a
# compressing web server sends it (gzip), the page's own figures aside.
BUDGET = 400 * 1024
PAGE_KINDS = [
    "index.html",
    "notes/index.html",
    "notes/llm-reasoning.html",
    "docs/publications.html",
    "search.html",
]
ASSET = re.compile(
    r'<(?:script[^>]+src|link[^>]+rel="(?:stylesheet|preload)"[^>]+href)="([^"?#]+)[^"]*"'
)
MATHJAX_SETTINGS = re.compile(r"window\.MathJax = (\{.*?\})\s*</script>", re.DOTALL)
ICON_FONTS = "_static/vendor/fontawesome/webfonts"
ICON_SCRIPT = re.compile(r'<script[^>]+src="[^"]*fontawesome\.js')


def fetched(book: Path, page: str) -> set[Path]:
    """The files a page's markup makes a browser fetch: itself, its scripts and stylesheets,
    the MathJax components its loader is told to load, and the theme's icon fonts."""
    html = (book / page).read_text(encoding="utf-8")
    folder = (book / page).parent
    files = {book / page, *(book / ICON_FONTS).glob("*.woff2")}
    files |= {(folder / src).resolve() for src in ASSET.findall(html) if "://" not in src}
    if settings := MATHJAX_SETTINGS.search(html):
        mathjax = book / "_static" / "mathjax"
        components = json.loads(settings.group(1)).get("loader", {}).get("load", [])
        # fetched when the reader nears a formula (labnotebook-math.js), counted here as if
        # read to the end: MathJax's loader, its core, the components it is told to load,
        # and the TeX font's metrics for HTML output
        files |= {mathjax / f"{name}.js" for name in components}
        if components:
            files |= {mathjax / "startup.js", mathjax / "core.js"}
        if "output/chtml" in components:
            files.add(mathjax / "output" / "chtml" / "fonts" / "tex.js")
    return files


@pytest.mark.parametrize("page", PAGE_KINDS)
def test_page_weighs_under_the_budget(book: Path, page: str) -> None:
    files = fetched(book, page)
    missing = sorted(str(f) for f in files if not f.is_file())
    assert missing == []
    sizes = {
        f.relative_to(book.resolve()).as_posix(): len(gzip.compress(f.read_bytes())) for f in files
    }
    heaviest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    assert sum(sizes.values()) <= BUDGET, f"{sum(sizes.values()) // 1024} KB; heaviest: {heaviest}"


def test_no_page_loads_the_icon_script_and_icon_fonts_are_cut(book: Path) -> None:
    pages = [p for p in book.rglob("*.html") if not p.relative_to(book).parts[0].startswith("_")]
    loading = [p.name for p in pages if ICON_SCRIPT.search(p.read_text(encoding="utf-8"))]
    assert loading == []
    fonts = {font.name: font.stat().st_size for font in (book / ICON_FONTS).glob("*.woff2")}
    assert set(fonts) == {"fa-solid-900.woff2", "fa-brands-400.woff2", "fa-regular-400.woff2"}
    # whole, they weigh 19 to 115 KB; the book shows a few dozen icons
    assert max(fonts.values()) < 16 * 1024, fonts


def test_extension_scripts_only_where_they_act(book: Path) -> None:
    """Copy buttons, toggles and tabs: their scripts only on pages with their markup."""
    with_code = without_code = 0
    for page in book.rglob("*.html"):
        if page.relative_to(book).parts[0].startswith("_"):
            continue
        html = page.read_text(encoding="utf-8")
        main = html.split('<main id="main-content"', 1)[-1]
        loads = re.search(r'<script[^>]+src="[^"]*copybutton\.js', html) is not None
        # the search page is its template alone: no code
        has_code = 'class="highlight"' in main and page.name != "search.html"
        with_code += has_code
        without_code += not has_code
        assert loads == has_code, page.relative_to(book).as_posix()
    assert with_code > 5
    assert without_code > 5


def test_figures_and_plots_are_fetched_lazily_and_the_profile_photo_is_not(book: Path) -> None:
    note = (book / "notes" / "llm-reasoning.html").read_text(encoding="utf-8")
    images = re.findall(r"<img [^>]*>", note.split('<main id="main-content"', 1)[1])
    assert images
    assert all('loading="lazy"' in image for image in images), images
    home = (book / "index.html").read_text(encoding="utf-8")
    photo = re.search(r"<img [^>]*ln-profile-photo[^>]*>", home)
    assert photo is not None and "loading=" not in photo.group(0)
