"""Bad input and hostile values: one located message each, never a crash, never a script.

Each test here is a row of issue 16 and was seen to fail on the code before its fix.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, build_in_process, copy_root, warnings_of

NOTE = """---
title: {title}
label: {label}
kind: {kind}
date: 2024-01-01
{extra}---

Body of {label}.
"""


def note(title: str = "A note", label: str = "extra", kind: str = "essay", extra: str = "") -> str:
    return NOTE.format(title=title, label=label, kind=kind, extra=extra)


def book(tmp_path: Path, files: dict[str, str | bytes], conf: str = "") -> Path:
    """A copy of the basic root with ``files`` added (text or raw bytes) and ``conf`` appended."""
    src = copy_root("basic", tmp_path)
    for name, content in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if conf:
        with (src / "conf.py").open("a", encoding="utf-8") as handle:
            handle.write(conf + "\n")
    return src


def build(src: Path, **options: object) -> list[str]:
    return warnings_of(build_in_process(src, **options))


def check(src: Path) -> tuple[int, list[str]]:
    """``labnotebook check`` on ``src``: its exit code and its warning lines."""
    command = [str(Path(sys.executable).parent / "labnotebook"), "--root", str(src), "check"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    lines = [line for line in result.stdout.splitlines() if "WARNING" in line]
    return result.returncode, lines


def labnotebook_warnings(lines: list[str]) -> list[str]:
    return [line for line in lines if "[labnotebook." in line]


def test_a_warning_while_the_configuration_loads_is_not_a_crash(tmp_path: Path) -> None:
    src = book(
        tmp_path, {}, conf='labnotebook_search_shard_pages = "five"\nhtml_permalinks = "yes"'
    )
    warnings = build(src)
    assert any("invalid value for labnotebook_search_shard_pages" in w for w in warnings), warnings
    assert (src / "_build" / "html" / "notes" / "first.html").is_file()


def test_an_unknown_option_is_named_with_a_suggestion(tmp_path: Path) -> None:
    src = book(tmp_path, {}, conf='labnotebook_site_ulr = "https://example.org/"')
    warnings = labnotebook_warnings(build(src))
    assert len(warnings) == 1, warnings
    assert "conf.py:5" in warnings[0]
    assert "labnotebook_site_ulr" in warnings[0]
    assert "did you mean 'labnotebook_site_url'" in warnings[0]


def test_a_byte_order_mark_is_read_by_check_as_by_the_build(tmp_path: Path) -> None:
    src = book(tmp_path, {"notes/bom.md": "\ufeff" + note(label="bom", kind="nope")})
    built = labnotebook_warnings(build(src))
    code, checked = check(src)
    assert len(built) == 1 and "'nope' is not one of" in built[0], built
    assert code != 0
    assert checked == built


def test_a_latin1_file_is_one_located_warning_in_build_and_check(tmp_path: Path) -> None:
    text = note(title="Café", label="cafe").encode("latin-1")
    src = book(tmp_path, {"notes/latin.md": text})
    built = labnotebook_warnings(build(src))
    assert built == [
        f"{src}/notes/latin.md:2: WARNING: the file is not UTF-8 (byte 0xe9 on line 2 cannot "
        "be read); save it as UTF-8 in your editor [labnotebook.source]"
    ]
    assert (src / "_build" / "html" / "notes" / "first.html").is_file()
    code, checked = check(src)
    assert code != 0
    assert checked == built


def test_an_empty_note_is_named(tmp_path: Path) -> None:
    src = book(tmp_path, {"notes/empty.md": ""})
    built = labnotebook_warnings(build(src))
    assert built == [
        f"{src}/notes/empty.md:1: WARNING: the file is empty; write the note (labnotebook new "
        "makes one) or delete the file [labnotebook.source]"
    ]
    code, checked = check(src)
    assert code != 0
    assert checked == built


def hostile_book(tmp_path: Path) -> tuple[Path, list[str]]:
    src = copy_root("fault-hostile", tmp_path)
    return src, build(src)


def test_hostile_titles_and_urls_reach_no_page_as_markup(tmp_path: Path) -> None:
    src, warnings = hostile_book(tmp_path)
    homepage = [line for line in warnings if "homepage" in line]
    assert len(homepage) == 1, warnings
    assert "authors.yml" in homepage[0] and "'eve'" in homepage[0]
    assert "only http(s), mailto and relative links" in homepage[0]
    pages = sorted((src / "_build" / "html").rglob("*.html"))
    assert any(page.name == "hostile.html" for page in pages)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text, page
        assert "javascript:" not in text.lower().replace("\t", ""), page


def test_tags_that_would_share_a_page_are_kept_apart_or_named(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from labnotebook.core.pagenames import tag_page

    src = book(
        tmp_path,
        {
            "notes/a.md": note(label="a", title="Note A", extra='tags: [LLM, "C++", "%"]\n'),
            "notes/b.md": note(label="b", title="Note B", extra='tags: [llm, c, "🎉"]\n'),
        },
    )
    warnings = labnotebook_warnings(build(src))
    assert warnings == [
        f"{src}/notes/b.md:6: WARNING: tag 'llm' is the same tag as 'LLM' in {src}/notes/a.md "
        "(tags differing only in case or spacing share one page); spell it the same way "
        "[labnotebook.tag]"
    ]
    html = src / "_build" / "html"

    def listed(tag: str) -> list[str]:
        page = BeautifulSoup((html / f"{tag_page(tag)}.html").read_text("utf-8"), "html.parser")
        return [a.get_text() for a in page.select(".note-list-title a")]

    assert listed("C++") == ["Note A"]
    assert listed("c") == ["Note B"]
    assert listed("%") == ["Note A"]
    assert listed("🎉") == ["Note B"]
    assert sorted(listed("LLM")) == ["Note A", "Note B"]
    assert tag_page("llm") == tag_page("LLM")


def test_a_malformed_bib_entry_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    src = copy_root("bib-basic", tmp_path)
    bib = src / "refs.bib"
    start = bib.read_text(encoding="utf-8").count("\n") + 2
    with bib.open("a", encoding="utf-8") as handle:
        handle.write("\n@article{broken,\n  title = {A title}\n  author = {Doe, Jane},\n}\n")
    warnings = build(src)
    syntax = [line for line in warnings if "does not parse" in line]
    assert syntax == [
        f"{bib}:{start + 2}: WARNING: entry 'broken' (line {start}) does not parse: syntax "
        f"error in line {start + 2}: '}}' expected; fix its braces, quotes and commas (pybtex "
        "skips the broken part, and an open brace swallows the entries after it) "
        "[labnotebook.bibliography]"
    ]
    assert (src / "_build" / "html" / "publications.html").is_file()


def output_files(html: Path) -> set[str]:
    """The site's files, without Pagefind's (named by digests that differ between builds)."""
    files = {p.relative_to(html).as_posix() for p in html.rglob("*") if p.is_file()}
    return {name for name in files if not name.startswith("pagefind/")}


def test_a_deleted_note_leaves_the_site_at_the_incremental_build(tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>\n'
    third = note(label="third", title="Third") + "\n```{figure} figure.svg\nA figure.\n```\n"
    src = book(tmp_path, {"notes/third.md": third, "notes/figure.svg": svg})
    index = src / "index.md"
    original = index.read_text(encoding="utf-8")
    index.write_text(original.replace("notes/second\n", "notes/second\nnotes/third\n"), "utf-8")
    assert build(src) == []
    html = src / "_build" / "html"
    assert {"notes/third.html", "_sources/notes/third.md.txt", "_images/figure.svg"} <= (
        output_files(html)
    )
    index.write_text(original, encoding="utf-8")
    (src / "notes" / "third.md").unlink()
    (src / "notes" / "figure.svg").unlink()
    # a note whose label left the book was deleted: nothing to warn about
    assert build(src) == []
    incremental = output_files(html)
    clean = tmp_path / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    assert build(clean) == []
    assert incremental == output_files(clean / "_build" / "html")
