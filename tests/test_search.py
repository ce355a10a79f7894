"""The Pagefind index, without a browser: what is indexed and with which filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import warnings_of


@pytest.fixture(scope="module")
def built(shared_build):
    """The root built once, for the tests that only read its output."""
    return shared_build("web-search")


def page_counts(outdir: Path) -> dict[str, int]:
    """Pages in each Pagefind bundle of the site, by bundle folder."""
    counts = {}
    for entry in sorted(outdir.glob("pagefind*/**/pagefind-entry.json")):
        languages = json.loads(entry.read_text())["languages"]
        assert set(languages) == {"zh"}  # one index language for English and Chinese
        counts[entry.parent.relative_to(outdir).as_posix()] = languages["zh"]["page_count"]
    return counts


def test_bundles_hold_every_document_once(built) -> None:
    assert warnings_of(built) == []
    outdir = Path(built.outdir)
    counts = page_counts(outdir)
    # the four documents, and not the search or general index pages; the test book
    # puts one page in a shard, so they are spread over several bundles
    assert sum(counts.values()) == 4
    assert counts["pagefind"] == 1  # the root document, with the search UI
    assert len(counts) > 1
    assert (outdir / "pagefind" / "pagefind-ui.js").is_file()
    soup = BeautifulSoup((outdir / "search.html").read_text(), "html.parser")
    merged = json.loads(soup.select_one("#ln-search")["data-merge"])
    assert sorted(f"{bundle.rstrip('/')}" for bundle in merged) == sorted(
        name for name in counts if name != "pagefind"
    )


@pytest.mark.sphinx(
    "html", testroot="web-search", confoverrides={"labnotebook_search_shard_pages": 50}
)
def test_small_book_is_one_bundle(app) -> None:
    app.build()
    assert page_counts(Path(app.outdir)) == {"pagefind": 4}
    soup = BeautifulSoup((Path(app.outdir) / "search.html").read_text(), "html.parser")
    assert json.loads(soup.select_one("#ln-search")["data-merge"]) == []


def test_documents_are_dealt_by_name_into_powers_of_two() -> None:
    from labnotebook.site.search import deal, shard_count

    assert [shard_count(pages, 50) for pages in (1, 50, 51, 100, 101, 1000)] == [1, 1, 2, 2, 4, 32]
    names = [f"notes/note-{n:04d}" for n in range(400)] + ["index"]
    shards = deal(names, "index", 50)
    assert len(shards) == 16 and "index" in shards[0]
    assert sorted(d for shard in shards for d in shard) == sorted(names)
    assert max(len(shard) for shard in shards) < 50  # the hash spreads them evenly
    # one more note moves no other note
    grown = deal([*names, "notes/new"], "index", 50)
    assert [[d for d in shard if d != "notes/new"] for shard in grown] == shards


def test_an_edit_indexes_only_its_own_shard(tmp_path: Path) -> None:
    from tests.conftest import build_in_process, copy_root

    src = copy_root("web-search", tmp_path)

    def build() -> dict[str, int]:
        app = build_in_process(src)
        outdir = Path(app.outdir)
        return {
            entry.parent.relative_to(outdir).as_posix(): entry.stat().st_mtime_ns
            for entry in outdir.glob("pagefind*/**/pagefind-entry.json")
        }

    first = build()
    assert build() == first  # nothing written, nothing indexed
    note = src / "notes" / "voting.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    after = build()
    changed = [bundle for bundle in first if after[bundle] != first[bundle]]
    assert len(changed) == 1 and changed[0] != "pagefind"


def test_note_body_carries_its_filters(built) -> None:
    soup = BeautifulSoup((Path(built.outdir) / "notes" / "voting.html").read_text(), "html.parser")
    body = soup.select("[data-pagefind-body]")
    assert len(body) == 1
    filters = {
        (span["data-pagefind-filter"], span.get_text())
        for span in body[0].select("[data-pagefind-filter]")
    }
    assert filters == {
        ("kind", "research-note"),
        ("status", "ongoing"),
        ("tag", "llm"),
        ("tag", "reasoning"),
        ("language", "en"),
    }
    # generated pages are not indexed (and a book without index entries has no genindex)
    assert not (Path(built.outdir) / "genindex.html").exists()
    not_found = (Path(built.outdir) / "404.html").read_text()
    assert "data-pagefind-body" not in not_found


def test_search_page_uses_pagefind_from_the_book(built) -> None:
    soup = BeautifulSoup((Path(built.outdir) / "search.html").read_text(), "html.parser")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert "pagefind/pagefind-ui.js" in scripts
    assert "_static/labnotebook-search.js" in scripts
    assert not any("searchtools" in s for s in scripts)
    assert soup.select_one("#ln-search")["data-bundle"] == "pagefind/"
    assert soup.select_one("#ln-search")["data-root"] == "./"


def test_filter_values_are_escaped() -> None:
    from labnotebook.site.search import filter_tags

    assert filter_tags({"tag": ['<b>"x"</b>']}) == (
        '<span data-pagefind-filter="tag" hidden>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</span>'
    )


def test_shard_glob_matches_exactly_its_pages(tmp_path: Path) -> None:
    import asyncio

    from labnotebook.site.search import index_pages

    site = tmp_path / "site"
    (site / "notes").mkdir(parents=True)
    page = '<html lang="en"><body><main data-pagefind-body><h1>{}</h1></main></body></html>'
    names = ["notes/odd{1},[x]<2>:!#.html", "notes/plain.html", "notes/left-out.html"]
    for name in names:
        (site / name).write_text(page.format(name), encoding="utf-8")
    bundle = site / "pagefind"
    asyncio.run(index_pages(site, bundle, names[:2]))
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert entry["languages"]["zh"]["page_count"] == 2


def test_an_incomplete_bundle_is_noticed(tmp_path: Path) -> None:
    from labnotebook.site.search import bundle_is_complete

    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind-entry.json").write_text('{"version": "1"}', encoding="utf-8")
    (bundle / "pagefind.js").write_text("export {}", encoding="utf-8")
    assert bundle_is_complete(bundle)
    (bundle / "pagefind-highlight.js").write_text("", encoding="utf-8")
    assert not bundle_is_complete(bundle)
    (bundle / "pagefind-highlight.js").unlink()
    (bundle / "pagefind-entry.json").write_text("", encoding="utf-8")
    assert not bundle_is_complete(bundle)


def test_a_bundle_with_a_cut_gzip_file_is_not_complete(tmp_path: Path) -> None:
    """A truncated WASM or index file is not empty, yet the browser cannot load it."""
    import gzip

    from labnotebook.site.search import bundle_is_complete

    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    packed = gzip.compress(bytes(range(256)) * 400)
    (bundle / "wasm.en.pagefind").write_bytes(packed)
    assert bundle_is_complete(bundle)
    (bundle / "wasm.en.pagefind").write_bytes(packed[: len(packed) // 2])
    assert not bundle_is_complete(bundle)
