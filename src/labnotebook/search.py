"""Full-text search with Pagefind: English and Chinese in one index, served from the book.

Sphinx's own search splits text on spaces, so a Chinese sentence becomes one "word"
and searching 推理 finds nothing; its ``zh`` mode (jieba) works for one language per
build. Pagefind's extended binary (``pagefind[extended]`` on PyPI, no network) segments
Chinese into words, indexes each page's filters (kind, status, tag, language), and ships
its own search UI, which the book serves from ``pagefind/``: no CDN.

Pagefind keeps one index per ``<html lang>`` and searches only the current page's
language. A reader here may type English or Chinese from any page, so the book is
indexed as one Chinese-segmented index (``force_language``): Chinese text is cut into
words and Latin text is still split on spaces and matched by prefix.

* ``html-page-context`` wraps each document's body in ``data-pagefind-body`` (so
  navigation, sidebars and generated index pages stay out of the index) with the
  note's filters as hidden elements;
* ``build-finished`` indexes the whole output folder again, so an incremental build
  still searches every page;
* ``templates/search.html`` replaces the theme's search page body with Pagefind's UI;
  the theme's search box already submits to that page (``search.html?q=...``).
"""

from __future__ import annotations

import asyncio
import html
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labnotebook.feeds import HTML_BUILDERS
from labnotebook.i18n import note_domain
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

TEMPLATES = Path(__file__).parent / "templates"
BUNDLE = "pagefind"
#: Pagefind's language for the single index: its extended build segments Chinese.
INDEX_LANGUAGE = "zh"


def filter_tags(filters: dict[str, list[str]]) -> str:
    """Hidden elements Pagefind reads as the page's filter values, escaped."""
    return "".join(
        f'<span data-pagefind-filter="{html.escape(name)}" hidden>{html.escape(value)}</span>'
        for name, values in filters.items()
        for value in values
    )


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Mark the page's body as the part Pagefind indexes, with the note's filters."""
    if doctree is None or "body" not in context:
        return
    note = note_domain(app.env).notes.get(pagename)
    filters: dict[str, list[str]] = {}
    if note is not None:
        filters = {
            "kind": [note.kind],
            "status": [note.status],
            "tag": list(note.tags),
            "language": [note.language],
        }
    context["body"] = f"<div data-pagefind-body>{filter_tags(filters)}{context['body']}</div>"


async def index_site(outdir: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        force_language=INDEX_LANGUAGE,
        output_path=str(outdir / BUNDLE),
        # the switcher names the other language; it says nothing about the page. The
        # heading anchors, a note's BibTeX and tag counts would only clutter excerpts
        exclude_selectors=["nav.ln-languages", "a.headerlink", ".note-cite", ".note-tag-cloud"],
    )
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(outdir))


def index_is_current(app: Sphinx, outdir: Path) -> bool:
    """Whether no page with content was written since the index was made.

    Sphinx writes its general index and search page on every build; every other page
    (the documents, and labnotebook's tag and author pages) is written only when it
    changed, so a no-op rebuild leaves the index as it is.
    """
    entry = outdir / BUNDLE / "pagefind-entry.json"
    if not entry.is_file():
        return False
    made = entry.stat().st_mtime_ns
    pages = [outdir / app.builder.get_target_uri(doc) for doc in app.env.all_docs]
    pages += [*outdir.glob("tags/*.html"), *outdir.glob("authors/*.html")]
    return all(not page.is_file() or page.stat().st_mtime_ns <= made for page in pages)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    outdir = Path(app.outdir)
    if index_is_current(app, outdir):
        return
    # a fresh bundle: Pagefind names its fragments by content, so old ones would pile up
    shutil.rmtree(outdir / BUNDLE, ignore_errors=True)
    try:
        # in a thread of its own: Sphinx may be embedded in a program whose event loop
        # is already running in this thread (a notebook, a test driving a browser)
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, index_site(outdir)).result()
    except (OSError, AssertionError) as exc:
        warn(
            f"the search index could not be built with Pagefind ({exc}); install "
            "'pagefind[extended]' (make env does) or set PAGEFIND_BINARY_PATH",
            NoteWarning.SEARCH,
        )


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Let the book's search page (``templates/search.html``) replace the theme's."""
    if str(TEMPLATES) not in config.templates_path:
        # a new list: the value may be Sphinx's shared default (see labnotebook.assets)
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup_search(app: Sphinx) -> None:
    app.connect("config-inited", on_config_inited)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
