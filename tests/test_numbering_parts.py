"""Numbers in a book of two parts: a course (numbered or not) and research notes.

A reference to another page's page-scheme number names the page; a numbered course
gets chapter numbers; neither part's numbers move because of the other's.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import build_in_process, copy_root, warnings_of

ALPHA = "Alpha & <the> “note”"


def build(src: Path) -> Path:
    app = build_in_process(src)
    assert warnings_of(app) == []
    return Path(app.outdir)


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def numbers(out: Path, name: str) -> tuple[list[str], list[str]]:
    """The figure captions' and equations' numbers a page shows."""
    html = page(out, name)
    figures = [s.get_text().strip() for s in html.select("span.caption-number")]
    equations = [s.get_text().strip("¶") for s in html.select("span.eqno")]
    return figures, equations


def references(out: Path, name: str) -> list[str]:
    """Each numbered reference of the page's last paragraph, with what follows it."""
    paragraph = page(out, name).select("div[role=main] p, div.body p")[-1]
    found = []
    for link in paragraph.select("a.reference.internal"):
        after = link.find_next_sibling()
        named = (
            after.get_text()
            if after is not None
            and "labnotebook-number-page" in after.get("class", [])
            and link.next_sibling is after
            else ""
        )
        found.append(link.get_text() + named)
    return found


def number_the_course(src: Path) -> None:
    index = src / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace(":caption: Course\n", ":caption: Course\n:numbered:\n"))


def test_a_number_from_another_page_names_the_page(tmp_path: Path) -> None:
    out = build(copy_root("numbering-parts", tmp_path))
    assert numbers(out, "notes/alpha") == (["Fig. 1", "Theorem 1"], ["(1)", "(2)", "(3)"])
    assert numbers(out, "notes/beta") == (["Fig. 1"], ["(1)", "(2)", "(3)"])
    # "(3)" alone would name beta's own third equation: the page is said
    assert references(out, "notes/beta") == [
        "(1)",
        f"(3) in {ALPHA}",
        "(3)",
        f"Fig. 1 in {ALPHA}",
        "Fig. 1",
        "Fig. 1 in Waves",
        "(1) in Waves",
    ]
    assert references(out, "course/waves") == [
        "(1)",
        "Fig. 1",
        "(1) in Heat",
        f"(3) in {ALPHA}",
    ]
    # the title is text, never markup
    html = (out / "notes" / "beta.html").read_text(encoding="utf-8")
    assert "Alpha &amp; &lt;the&gt;" in html and "<the>" not in html


def test_numbering_the_course_leaves_the_notes_alone(tmp_path: Path) -> None:
    src = copy_root("numbering-parts", tmp_path)
    before = {note: numbers(build(src), note) for note in ("notes/alpha", "notes/beta")}
    number_the_course(src)
    out = build(src)
    assert {note: numbers(out, note) for note in before} == before
    assert numbers(out, "course/waves") == (["Fig. 1.1"], ["(1.1)"])
    assert numbers(out, "course/heat") == (["Fig. 2.1"], ["(2.1)"])
    # chapter numbers are unique in the book: they need no page name
    assert references(out, "course/waves") == ["(1.1)", "Fig. 1.1", "(2.1)", f"(3) in {ALPHA}"]
    assert references(out, "notes/beta")[-2:] == ["Fig. 1.1", "(1.1)"]


def test_a_folder_keeps_page_numbers_under_a_numbered_toctree(tmp_path: Path) -> None:
    src = copy_root("numbering-parts", tmp_path)
    number_the_course(src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('labnotebook_numbering = {"course/": "page"}\n')
    out = build(src)
    assert numbers(out, "course/heat") == (["Fig. 1"], ["(1)"])
    assert references(out, "course/waves")[2] == "(1) in Heat"


def test_renumbering_a_page_rewrites_the_pages_that_cite_its_numbers(tmp_path: Path) -> None:
    src = copy_root("numbering-parts", tmp_path)
    out = build(src)
    written = {p: p.stat().st_mtime_ns for p in out.glob("*/*.html")}
    alpha = src / "notes" / "alpha.md"
    heading, rest = alpha.read_text(encoding="utf-8").split("\n", 1)
    alpha.write_text(f"{heading}\n\n$$\na = 0\n$$ (alpha-zeroth)\n{rest}", encoding="utf-8")
    out = build(src)
    rewritten = {
        p.relative_to(out).as_posix() for p in written if p.stat().st_mtime_ns != written[p]
    }
    assert rewritten == {"notes/alpha.html", "notes/beta.html", "course/waves.html"}
    assert references(out, "notes/beta")[1] == f"(4) in {ALPHA}"
    assert references(out, "course/waves")[3] == f"(4) in {ALPHA}"


def test_a_theorem_from_another_page_names_the_page(tmp_path: Path) -> None:
    out = build(copy_root("numbering-parts", tmp_path))
    paragraphs = page(out, "notes/beta").select("div[role=main] p, div.body p")
    theorem = next(p for p in paragraphs if "converges" in p.get_text())
    assert " ".join(theorem.get_text().split()) == f"By Theorem 1 in {ALPHA}, the scheme converges."


def test_a_new_title_rewrites_the_pages_that_name_it(tmp_path: Path) -> None:
    src = copy_root("numbering-parts", tmp_path)
    # a section of the waves chapter, far from beta in the book's order
    waves = src / "course" / "waves.md"
    waves.write_text(waves.read_text() + "\n```{toctree}\n:hidden:\n\ndetail\n```\n")
    detail = src / "course" / "detail.md"
    detail.write_text("# Detail\n\n$$\nd = 1\n$$ (detail-equation)\n")
    beta = src / "notes" / "beta.md"
    beta.write_text(beta.read_text() + "\nSee also {eq}`detail-equation`.\n")
    out = build(src)
    assert references(out, "notes/beta") == ["(1) in Detail"]
    written = (out / "notes" / "beta.html").stat().st_mtime_ns
    detail.write_text(detail.read_text().replace("# Detail", "# Details"))
    out = build(src)
    assert (out / "notes" / "beta.html").stat().st_mtime_ns != written
    assert references(out, "notes/beta") == ["(1) in Details"]


def test_an_unknown_scheme_is_one_warning_and_the_default(tmp_path: Path) -> None:
    src = copy_root("numbering-parts", tmp_path)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('labnotebook_numbering = {"notes/": "chapters"}\n')
    app = build_in_process(src)
    assert [w for w in warnings_of(app) if "labnotebook_numbering" in w] == [
        "WARNING: invalid value for labnotebook_numbering: {'notes/': 'chapters'} "
        + "(numbering scheme by folder, e.g. {'course/': 'chapter', 'notes/': 'page'}: "
        "'page' numbers from 1 on every page and names the page in references from "
        "elsewhere; 'chapter' prefixes the page's number from a numbered toctree. "
        "Unnamed folders: 'chapter' under a numbered toctree, else 'page'); using the "
        "default {} [labnotebook.config]"
    ]
    assert numbers(Path(app.outdir), "notes/beta")[0] == ["Fig. 1"]


def test_two_numbered_parts_with_a_chapter_1_each_name_the_page(tmp_path: Path) -> None:
    src = copy_root("numbering-parts", tmp_path)
    index = src / "index.md"
    index.write_text(index.read_text().replace(":caption: ", ":numbered:\n:caption: "))
    out = build(src)
    # each part numbers its chapters from 1: waves and alpha are both chapter 1
    assert numbers(out, "course/waves") == (["Fig. 1.1"], ["(1.1)"])
    assert numbers(out, "notes/alpha")[1] == ["(1.1)", "(1.2)", "(1.3)"]
    assert references(out, "notes/beta") == [
        "(2.1)",
        f"(1.3) in {ALPHA}",
        "(2.3)",
        f"Fig. 1.1 in {ALPHA}",
        "Fig. 2.1",
        "Fig. 1.1 in Waves",
        "(1.1) in Waves",
    ]
    # heat and beta are both chapter 2
    assert references(out, "course/waves")[2] == "(2.1) in Heat"
