"""The Pagefind index, without a browser: what is indexed and with which filters."""

from __future__ import annotations

import gzip
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
    return {name: count for name, (_language, count) in bundle_languages(outdir).items()}


def bundle_languages(outdir: Path) -> dict[str, tuple[str, int]]:
    """The one language of each Pagefind bundle and its page count, by bundle folder."""
    found = {}
    for entry in sorted(outdir.glob("pagefind*/**/pagefind-entry.json")):
        languages = json.loads(entry.read_text())["languages"]
        assert len(languages) == 1, languages  # a bundle holds pages of one language
        ((language, index),) = languages.items()
        found[entry.parent.relative_to(outdir).as_posix()] = (language, index["page_count"])
    return found


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
    languages = bundle_languages(outdir)
    # the search page merges every other bundle, in the language it was indexed in
    assert sorted((item["bundle"].rstrip("/"), item["language"]) for item in merged) == sorted(
        (name, language) for name, (language, _count) in languages.items() if name != "pagefind"
    )


def test_each_language_is_indexed_with_its_own_word_rules(built) -> None:
    """English is stemmed and Chinese segmented: one index language for the whole book
    (Chinese, as before) left English unstemmed, so "votes" missed "vote"."""
    languages = bundle_languages(Path(built.outdir))
    assert languages["pagefind"][0] == "en"
    assert {language for language, _count in languages.values()} == {"en", "zh-hans"}
    assert languages["pagefind-shards/zh-hans/0"] == ("zh-hans", 1)
    entry = json.loads((Path(built.outdir) / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["wasm"] == "en"  # the English stemmer, for queries too


def indexed_pages(outdir: Path) -> dict[str, dict]:
    """What Pagefind stored of each page (its fragments), by page address."""
    pages = {}
    for fragment in outdir.glob("pagefind*/**/fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        pages[record["url"].lstrip("/") or "index.html"] = record  # "/" for the root
    return pages


def test_excerpts_start_with_the_page_text_and_filters_are_on_every_page(built) -> None:
    pages = indexed_pages(Path(built.outdir))
    assert set(pages) == {
        "index.html",
        "background.html",
        "background-zh.html",
        "notes/voting.html",
    }
    voting = pages["notes/voting.html"]
    # the filter values stay out of the text an excerpt is cut from ("llmreasoningen ...")
    assert voting["content"].startswith("Majority voting."), voting["content"]
    assert "research-note" not in voting["content"] and "ongoing" not in voting["content"]
    assert voting["filters"] == {
        "kind": ["research-note"],
        "status": ["ongoing"],
        "tag": ["llm", "reasoning"],
        "language": ["en"],
        "year": ["2025"],
    }
    for address, page in pages.items():
        assert {"kind", "language"} <= set(page["filters"]), address
    assert pages["background-zh.html"]["filters"]["language"] == ["zh-Hans"]
    assert pages["background-zh.html"]["filters"]["year"] == ["2026"]
    assert pages["index.html"]["filters"]["kind"] == ["page"]
    background = pages["background.html"]["content"]
    assert background.startswith("Background. I chose mathematics"), background


@pytest.mark.sphinx(
    "html", testroot="web-search", confoverrides={"labnotebook_search_shard_pages": 50}
)
def test_small_book_is_one_bundle(app) -> None:
    app.build()
    # one bundle a language
    assert page_counts(Path(app.outdir)) == {"pagefind": 3, "pagefind-shards/zh-hans/0": 1}
    soup = BeautifulSoup((Path(app.outdir) / "search.html").read_text(), "html.parser")
    assert json.loads(soup.select_one("#ln-search")["data-merge"]) == [
        {"bundle": "pagefind-shards/zh-hans/0/", "language": "zh-hans"}
    ]


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
        for span in body[0].select("[data-pagefind-ignore] [data-pagefind-filter]")
    }
    assert filters == {
        ("kind", "research-note"),
        ("status", "ongoing"),
        ("tag", "llm"),
        ("tag", "reasoning"),
        ("language", "en"),
        ("year", "2025"),
    }
    assert body[0].select_one("[data-pagefind-ignore]").has_attr("hidden")
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

    assert filter_tags({"tag": ['<b>"x"</b>, a:b']}) == (
        '<div data-pagefind-ignore hidden><span data-pagefind-filter="tag">'
        "&lt;b&gt;&quot;x&quot;&lt;/b&gt;, a:b</span></div>"
    )
    assert filter_tags({}) == ""


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
    assert entry["languages"]["en"]["page_count"] == 2


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


def test_a_new_exclusion_indexes_every_shard_again(tmp_path: Path, monkeypatch) -> None:
    """What Pagefind leaves out is part of what a bundle was indexed from: with a new
    release excluding more, an unchanged book is indexed again (it was not)."""
    from labnotebook.site import search
    from tests.conftest import build_in_process, copy_root

    src = copy_root("web-search", tmp_path)

    def build() -> dict[str, int]:
        outdir = Path(build_in_process(src).outdir)
        return {
            entry.parent.relative_to(outdir).as_posix(): entry.stat().st_mtime_ns
            for entry in outdir.glob("pagefind*/**/pagefind-entry.json")
        }

    first = build()
    monkeypatch.setattr(search, "EXCLUDE_SELECTORS", [*search.EXCLUDE_SELECTORS, "p.extra"])
    after = build()
    assert all(after[bundle] != first[bundle] for bundle in first)
