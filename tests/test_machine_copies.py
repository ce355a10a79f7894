"""llms.txt and the Markdown copy beside every note: content, escaping, incremental builds."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from tests.conftest import build_in_process, copy_root, warnings_of

SITE = "https://lab.example.org/book/"
HOSTILE_TITLE = '<script>alert(1)</script> "quotes" {braces} 中文 a_b*c'
HOSTILE_ABSTRACT = "An abstract with <em>markup</em> & 100% _under_ #hash $dollar \\back 🙂"


def front_matter_and_body(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def rendered_text(markdown: str) -> str:
    """What a CommonMark reader shows of a Markdown text: the escapes must give back the text."""
    return BeautifulSoup(MarkdownIt("commonmark").render(markdown), "html.parser").get_text()


def test_copies_and_llms_txt(tmp_path: Path) -> None:
    src = copy_root("machine-copies", tmp_path)
    app = build_in_process(src)
    assert warnings_of(app) == []
    out = Path(app.outdir)

    meta, body = front_matter_and_body(out / "notes" / "hostile.md")
    assert meta["title"] == HOSTILE_TITLE
    assert meta["abstract"] == HOSTILE_ABSTRACT
    assert meta["tags"] == ["a&b", "<tag>"]
    html = MarkdownIt("commonmark").render(body)
    assert "<script>" not in html and "<b>" not in html  # text, never markup
    assert "<em>prose</em>" in html
    assert '<a href="https://example.org/?a=1&amp;b=2">link</a>' in html
    assert "<h2>A section</h2>" in html
    assert '<code class="language-python">print(&quot;```fenced```&quot;)' in html
    assert "<li>two $x^2$ items</li>" in html

    # a note in a subfolder, executed: its code and its text output
    meta, body = front_matter_and_body(out / "notes" / "deep" / "measured.md")
    assert meta["label"] == "measured"
    assert "squares = [n * n for n in range(10)]" in body
    assert "mean is 28.5" in body

    llms = (out / "llms.txt").read_text(encoding="utf-8")
    assert llms.startswith("# \\<b\\>Lab\\</b\\> \\& notes\\_1\n")
    shown = rendered_text(llms)
    assert "<b>Lab</b> & notes_1" in shown
    assert f"{HOSTILE_TITLE}: {HOSTILE_ABSTRACT}" in shown
    assert f"(<{SITE}notes/deep/measured.md>): The mean of the first ten squares." in llms
    assert f"(<{SITE}notes/doomed.md>)" in llms
    # notes first, newest first; the site's pages after them, under "Optional"
    notes_part, optional = llms.split("\n## Optional\n\n")
    assert (
        notes_part.index("measured.md")
        < notes_part.index("doomed.md")
        < notes_part.index("hostile.md")
    )
    assert optional == f"- [About this lab](<{SITE}about.md>)\n"

    page = BeautifulSoup((out / "notes" / "deep" / "measured.html").read_text(), "html.parser")
    link = page.find("link", attrs={"type": "text/markdown"})
    assert link is not None and link["href"] == "measured.md"
    assert not (out / "index.md").exists()  # the home page is not a note


def test_incremental_build_rewrites_changed_and_removes_deleted(tmp_path: Path) -> None:
    src = copy_root("machine-copies", tmp_path)
    out = Path(build_in_process(src).outdir)
    assert (out / "notes" / "doomed.md").exists()

    (src / "notes" / "doomed.md").unlink()
    hostile = src / "notes" / "hostile.md"
    hostile.write_text(hostile.read_text().replace("Some *prose*", "Edited *prose*"))
    app = build_in_process(src)
    # the deleted page's address is reported as gone (labnotebook.address), nothing else
    assert [w for w in warnings_of(app) if "[labnotebook.address]" not in w] == []

    assert not (out / "notes" / "doomed.md").exists()
    assert "doomed" not in (out / "llms.txt").read_text(encoding="utf-8")
    assert "Edited *prose*" in (out / "notes" / "hostile.md").read_text(encoding="utf-8")

    fresh = Path(build_in_process(copy_root("machine-copies", tmp_path / "clean")).outdir)
    clean = fresh / "notes" / "hostile.md"
    assert clean.read_text().replace("Some", "Edited") == (out / "notes" / "hostile.md").read_text()
