"""Full-text search with Pagefind: English and Chinese in one search, served from the book.

Sphinx's own search splits text on spaces, so a Chinese sentence becomes one "word"
and searching 推理 finds nothing; its ``zh`` mode (jieba) works for one language per
build. Pagefind's extended binary (``pagefind[extended]`` on PyPI, no network) segments
Chinese into words, indexes each page's filters (kind, status, tag, language, year), and ships
its own search UI, which the book serves from ``pagefind/``: no CDN.

Pagefind keeps one index per ``<html lang>``, with that language's word rules: English
words are stemmed ("votes" finds "vote" and "voting"), Chinese text is cut into words.
Its search reads one language of a bundle. So each bundle holds pages of one language
only, and the search page merges every bundle, each in its own language: a reader
types English or Chinese, from any page, and finds both. (Indexing the whole book as
Chinese found both too, but without stemming: "votes" missed "vote".)

* ``html-page-context`` wraps each document's body in ``data-pagefind-body`` (so
  navigation, sidebars and generated index pages stay out of the index) with the
  page's filters (kind, status, tag, language, year) in an element Pagefind reads for
  filters but leaves out of the text, so excerpts start with the page's own words;
* ``build-finished`` brings the index up to date with every page, after any build;
* ``templates/search.html`` replaces the theme's search page body with Pagefind's UI;
  the theme's search box already submits to that page (``search.html?q=...``).

Pagefind has no incremental mode: it indexes whatever it is given, from scratch, a few
milliseconds a page, which made indexing the largest cost of a one-note rebuild of a
large book. So the documents are dealt into shards of about
``labnotebook_search_shard_pages`` pages, each shard its own Pagefind bundle, and a
build indexes again only the shards holding a page it wrote. The search page merges
the shards in the browser (Pagefind's ``mergeIndex``), so a reader searches, filters
and ranks over all of them at once. A document's shard depends only on its language,
its name and the number of shards of its language, a power of two, so shards are dealt
anew only when that language's pages double; the root document is always in the first
shard of its language, whose bundle (``pagefind/``) also serves the search UI and the
search-time word rules.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import html
import json
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from labnotebook.config import get_config
from labnotebook.notes.domain import note_domain
from labnotebook.notes.page_language import page_language
from labnotebook.site import HTML_BUILDERS
from labnotebook.site.history import dates_of
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

TEMPLATES = Path(__file__).parent / "templates"
BUNDLE = "pagefind"
#: The bundles of the other shards, by language: ``pagefind-shards/en/1/``,
#: ``pagefind-shards/zh-hans/0/``...
SHARD_BUNDLES = "pagefind-shards"
#: What each shard was indexed from, kept with the other build caches.
SHARD_RECORD = "labnotebook-search-shards.json"
#: The switcher names the other language; it says nothing about the page. The heading
#: anchors, a note's BibTeX and tag counts would only clutter excerpts, as would the
#: note's header (status, kind, dates, tags: the filters say these), a page's dates
#: and revisions, its PDF link, its "Run it" buttons and its execution stamp.
EXCLUDE_SELECTORS = [
    "nav.ln-languages",
    "a.headerlink",
    ".note-cite",
    ".note-tag-cloud",
    ".note-header",
    ".note-pdf",
    ".note-history-dates",
    ".note-history",
    ".note-run-it",
    ".exec-stamp",
]


def filter_tags(filters: dict[str, list[str]]) -> str:
    """The page's filter values, escaped, for Pagefind only.

    A value is an element's text, so any character is safe in it (the attribute form,
    ``name:value``, splits on commas). ``data-pagefind-ignore`` keeps the values out of
    the indexed text, where they began every excerpt ("llmen ongoing ..."), while
    Pagefind still reads them as filters; ``hidden`` keeps them off the page.
    """
    values = "".join(
        f'<span data-pagefind-filter="{html.escape(name)}">{html.escape(value)}</span>'
        for name, values in filters.items()
        for value in values
    )
    return f"<div data-pagefind-ignore hidden>{values}</div>" if values else ""


def page_filters(env: BuildEnvironment, docname: str) -> dict[str, list[str]]:
    """Kind, status, tags, language and year of any page: a note's from its front
    matter; a page without front matter is a "page" in the book's language, of the
    year git first has it (if any)."""
    note = note_domain(env).notes.get(docname)
    first, _last = dates_of(env, docname)
    filters = {
        "kind": [note.kind if note else "page"],
        "status": [note.status] if note else [],
        "tag": list(note.tags) if note else [],
        "language": [page_language(env, docname)],
        "year": [str(first.year)] if first else [],
    }
    return {name: values for name, values in filters.items() if values}


def index_language(env: BuildEnvironment, docname: str) -> str:
    """The language Pagefind files a page under: its ``<html lang>``, in lower case."""
    return page_language(env, docname).replace("_", "-").lower()


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Mark the page's body as the part Pagefind indexes, with the page's filters."""
    if doctree is None or "body" not in context:
        return
    filters = filter_tags(page_filters(app.env, pagename))
    context["body"] = f"<div data-pagefind-body>{filters}{context['body']}</div>"


def shard_count(pages: int, pages_per_shard: int) -> int:
    """A power of two near ``pages / pages_per_shard``, so growth rarely deals anew."""
    count = 1
    while count * pages_per_shard < pages:
        count *= 2
    return count


def shard_of(docname: str, root_doc: str, count: int) -> int:
    if docname == root_doc or count == 1:
        return 0
    digest = hashlib.blake2b(docname.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def deal(docnames: Iterable[str], root_doc: str, pages_per_shard: int) -> list[list[str]]:
    """The documents of each shard, in name order; some shards may be empty."""
    names = sorted(docnames)
    shards: list[list[str]] = [[] for _ in range(shard_count(len(names), pages_per_shard))]
    for docname in names:
        shards[shard_of(docname, root_doc, len(shards))].append(docname)
    return shards


def bundles(app: Sphinx) -> dict[str, tuple[str, list[str]]]:
    """Each bundle's folder, with its language and documents; ``pagefind/`` first."""
    env = app.env
    by_language: dict[str, list[str]] = {}
    for docname in env.found_docs:
        by_language.setdefault(index_language(env, docname), []).append(docname)
    root = app.config.root_doc
    root_language = index_language(env, root)
    found: dict[str, tuple[str, list[str]]] = {}
    for language in sorted(by_language, key=lambda lang: (lang != root_language, lang)):
        shards = deal(by_language[language], root, search_shard_pages(app))
        for number, docnames in enumerate(shards):
            if not docnames:
                continue
            first = language == root_language and number == 0
            path = f"{BUNDLE}/" if first else f"{SHARD_BUNDLES}/{language}/{number}/"
            found[path] = (language, docnames)
    return found


def merged_bundles(app: Sphinx) -> list[dict[str, str]]:
    """The bundles the search page merges into the first one, each with its language."""
    return [
        {"bundle": path, "language": language}
        for path, (language, _docs) in bundles(app).items()
        if path != f"{BUNDLE}/"
    ]


def search_shard_pages(app: Sphinx) -> int:
    return get_config(app.env).search_shard_pages


#: Characters with a meaning in Pagefind's globs (the wax crate), escaped in names.
GLOB_METACHARACTERS = frozenset("\\*?[]{}<>,:")


def glob_of(paths: list[str]) -> str:
    """A glob matching exactly ``paths`` (relative, with forward slashes)."""

    def escape(path: str) -> str:
        return "".join(f"\\{c}" if c in GLOB_METACHARACTERS else c for c in path)

    return "{" + ",".join(escape(path) for path in paths) + "}"


async def index_pages(outdir: Path, bundle: Path, pages: list[str]) -> None:
    """One Pagefind bundle in ``bundle`` from ``pages`` (paths in ``outdir``).

    Through a glob rather than one call a page: Pagefind reads the files itself, where
    sending each page's text through its Python interface took a tenth of a second.
    """
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(exclude_selectors=EXCLUDE_SELECTORS, output_path=str(bundle))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(outdir), glob=glob_of(pages))


def page_state(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def pagefind_installed() -> bool:
    try:
        import pagefind.index  # noqa: F401
    except ImportError:
        return False
    return True


#: The themes whose page template has the ``docs_body`` block templates/search.html fills.
PAGEFIND_THEMES = frozenset({"pydata_sphinx_theme", "sphinx_book_theme"})


def uses_pagefind(app: Sphinx) -> bool:
    """Whether the search page is Pagefind's: the package is there and the theme (or a
    theme it inherits from) is pydata-sphinx-theme's. Elsewhere it is Sphinx's own."""
    theme_folders = getattr(getattr(app.builder, "theme", None), "_dirs", ())
    return pagefind_installed() and any(Path(f).name in PAGEFIND_THEMES for f in theme_folders)


def on_builder_inited(app: Sphinx) -> None:
    if app.builder.name in HTML_BUILDERS and not pagefind_installed():
        warn(
            "the search index needs the Python package 'pagefind[extended]', which is not "
            "installed: run pip install 'pagefind[extended]' or add it to the project's "
            "dependencies; until then the search page uses Sphinx's own search",
            NoteWarning.SEARCH,
        )


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Index again each shard that holds a page written since it was indexed."""
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    if not uses_pagefind(app):
        return
    outdir = Path(app.outdir)
    record_path = Path(app.doctreedir) / SHARD_RECORD
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    builder = cast("StandaloneHTMLBuilder", app.builder)
    current = bundles(app)
    states: dict[str, str] = {}
    stale: list[tuple[Path, list[str]]] = []
    for path, (_language, docnames) in current.items():
        bundle = outdir / path
        files = [Path(builder.get_outfilename(doc)) for doc in docnames]
        pages = [(file, file.relative_to(outdir).as_posix()) for file in files]
        # what Pagefind is told to leave out counts too: a new version of it indexes again
        indexed_from = [
            EXCLUDE_SELECTORS,
            [(relative, page_state(file)) for file, relative in pages],
        ]
        state = hashlib.blake2b(json.dumps(indexed_from).encode(), digest_size=16).hexdigest()
        states[path] = state
        indexed = (bundle / "pagefind-entry.json").is_file()
        if not indexed or record.get("bundles", {}).get(path) != state:
            stale.append((bundle, [relative for _file, relative in pages]))
    # the bundles of shards that no longer exist (the book shrank, a language went)
    for entry in [
        *(outdir / SHARD_BUNDLES).glob("*/pagefind-entry.json"),
        *(outdir / SHARD_BUNDLES).glob("*/*/pagefind-entry.json"),
    ]:
        if f"{entry.parent.relative_to(outdir).as_posix()}/" not in current:
            shutil.rmtree(entry.parent, ignore_errors=True)
    if stale:
        try:
            run_indexing(outdir, stale)
        except (OSError, AssertionError) as exc:
            warn(
                f"the search index could not be built with Pagefind ({exc}); install "
                "'pagefind[extended]' (make env does) or set PAGEFIND_BINARY_PATH",
                NoteWarning.SEARCH,
            )
            record_path.unlink(missing_ok=True)
            return
    record_path.parent.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps({"bundles": states}), encoding="utf-8")


#: Indexing attempts per shard before the build gives up on a complete bundle.
ATTEMPTS = 3


def bundle_is_complete(bundle: Path) -> bool:
    """Whether Pagefind wrote the whole bundle: an entry file that parses, no empty file.

    Pagefind answers that it has written the files, and its Python interface then stops
    the process, before every file has always reached the disk: once in a while a bundle
    had an empty ``pagefind-entry.json``, and search failed in the browser.
    """
    try:
        json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = [path for path in bundle.rglob("*") if path.is_file()]
    return all(path.stat().st_size > 0 for path in files) and all(map(whole_if_gzipped, files))


def whole_if_gzipped(path: Path) -> bool:
    """Whether a gzip file (Pagefind compresses its WASM and index files) is not cut short.

    A cut file is not empty, yet the browser fails on it ("Failed to load the Pagefind
    WASM: unexpected EOF"), so it is read to its end here.
    """
    with path.open("rb") as stream:
        if stream.read(2) != b"\x1f\x8b":
            return True
    try:
        with gzip.open(path, "rb") as packed:
            while packed.read(1 << 20):
                pass
    except (OSError, EOFError):
        return False
    return True


def run_indexing(outdir: Path, stale: list[tuple[Path, list[str]]]) -> None:
    async def index_all() -> None:
        for bundle, pages in stale:
            # built beside the live bundle and swapped in whole, so a reader never sees
            # half a bundle; a fresh one, since Pagefind names fragments by content
            fresh = bundle.with_name(bundle.name + ".new")
            for _attempt in range(ATTEMPTS):
                shutil.rmtree(fresh, ignore_errors=True)
                await index_pages(outdir, fresh, pages)
                if bundle_is_complete(fresh):
                    break
            else:
                raise OSError(f"Pagefind left an incomplete bundle in {fresh}")
            shutil.rmtree(bundle, ignore_errors=True)
            fresh.rename(bundle)

    # in a thread of its own: Sphinx may be embedded in a program whose event loop is
    # already running in this thread (a notebook, a test driving a browser)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, index_all()).result()


def on_search_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    if pagename != "search" or app.builder.name not in HTML_BUILDERS:
        return None
    if not uses_pagefind(app):
        return "!search.html"  # the theme's own search page, searching Sphinx's index
    context["labnotebook_search_merge"] = json.dumps(merged_bundles(app))
    return None


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Let the book's search page (``templates/search.html``) replace the theme's."""
    if str(TEMPLATES) not in config.templates_path:
        # a new list: the value may be Sphinx's shared default (see labnotebook.site.assets)
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup_search(app: Sphinx) -> None:
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_html_page_context)
    app.connect("html-page-context", on_search_page_context)
    app.connect("build-finished", on_build_finished)
