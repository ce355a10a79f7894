"""A Jupyter Book 1 book, imported once with ``labnotebook import jupyter-book``, builds strictly.

tests/roots/test-jupyter-book is laid out as such a book: ``_toc.yml`` with parts (one
numbered), chapters, sections, a titled entry and a URL; ``_config.yml`` with title,
author, logo, execution, bibtex, math macros, repository and launch buttons, extra
Sphinx config and extensions; ``{tableofcontents}``, ``/_static/...`` paths, an
executable ``.ipynb`` and a MyST notebook, cross-page ``{eq}``/``{numref}`` and a
bibliography chapter.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labnotebook.cli import main
from tests.conftest import ROOTS, build_in_process, warnings_of

BOOK = ROOTS / "test-jupyter-book"
REPO = Path(__file__).resolve().parents[1]


@dataclass
class Imported:
    src: Path
    dest: Path
    report: list[str]
    returncode: int
    warnings: str

    def page(self, name: str) -> BeautifulSoup:
        html = (self.dest / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    def text(self, name: str) -> str:
        """The article as a reader sees it: hidden elements (search filters) left out."""
        article = self.page(name).select_one("article")
        assert article is not None
        for hidden in article.select("[hidden]"):
            hidden.decompose()
        return " ".join(article.get_text(" ", strip=True).split())


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The book imported and built once, as its author would: strictly, in a new process."""
    base = tmp_path_factory.mktemp("jupyter-book")
    src = base / "book"
    shutil.copytree(BOOK, src)
    dest = base / "site"
    result = subprocess.run(
        [sys.executable, "-m", "labnotebook.cli", "import", "jupyter-book", str(src), str(dest)],
        capture_output=True,
        text=True,
        check=True,
    )
    warnings_file = base / "warnings.txt"
    env = {**os.environ, "JUPYTER_PATH": str(REPO / ".venv" / "share" / "jupyter")}
    build = subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"),
            *("-w", str(warnings_file), str(dest), str(dest / "_build" / "html")),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    return Imported(
        src, dest, result.stdout.splitlines(), build.returncode, warnings_file.read_text()
    )


def test_the_imported_book_builds_strictly_with_zero_warnings(imported: Imported) -> None:
    assert imported.warnings == ""
    assert imported.returncode == 0


def test_the_import_says_what_it_did_and_never_writes_into_the_source(
    imported: Imported,
) -> None:
    assert imported.report[0] == f"imported 8 page(s) (1 notebook(s)) into {imported.dest}"
    assert "  4 '/_static/...' path(s) made relative" in imported.report
    assert "  left out, as _toc.yml does not name them: drafts/unfinished.md" in imported.report
    comparison = filecmp.dircmp(BOOK, imported.src)
    assert comparison.diff_files == [] and comparison.left_only == comparison.right_only == []
    assert not (imported.dest / "_toc.yml").exists()
    assert not (imported.dest / "_build" / "html" / "drafts").exists()


def test_parts_chapters_and_sections_become_the_navigation(imported: Imported) -> None:
    intro = imported.page("intro")
    # {tableofcontents} became the toctrees, shown on the root page
    captions = [c.get_text(strip=True) for c in intro.select("article p.caption")]
    assert captions == ["Course", "Notes", "Back matter"]
    listed = [a.get_text(" ", strip=True) for a in intro.select("article .toctree-wrapper a")]
    assert listed[0] == "1. Waves" and "2. Heat" in listed
    # a chapter's sections are in the sidebar's tree, under their chapter
    tree = (imported.dest / "_build/html/_static/labnotebook-nav-data.js").read_text()
    assert tree.index('"Waves"') < tree.index('"Solving the wave equation"') < tree.index('"Heat"')
    assert "Beta, by its short title" in listed and "Jupyter Book" in listed
    # the Notes part is not numbered
    assert "Alpha" in listed
    numerics = imported.text("course/waves-numerics")
    assert numerics.startswith("1.1. Solving the wave equation")


def test_settings_of_config_yml_reach_the_book(imported: Imported) -> None:
    intro = imported.page("intro")
    assert intro.select_one("title").get_text().endswith("Waves & heat: a <course> book")
    raw = (imported.dest / "_build" / "html" / "intro.html").read_text(encoding="utf-8")
    assert "<title>Waves and heat &#8212; Waves &amp; heat: a &lt;course&gt; book</title>" in raw
    # the theme prints html_title as markup: the importer gives it escaped
    conf_py = (imported.dest / "conf.py").read_text(encoding="utf-8")
    assert "html_title = 'Waves &amp; heat: a &lt;course&gt; book'" in conf_py
    logo = intro.select_one("img.logo__image")
    assert logo is not None and logo["src"].endswith("_static/logo.svg")
    links = [a.get("href", "") for a in imported.page("course/heat").select("a")]
    assert "https://github.com/example/waves-book" in links
    assert any(h.startswith("https://mybinder.org/v2/gh/example/waves-book/main") for h in links)
    conf = (imported.dest / "conf.py").read_text(encoding="utf-8")
    for line in (
        "nb_execution_mode = 'auto'",
        "nb_execution_timeout = 90",
        "nb_execution_excludepatterns = ['*slow*']",
        "bibtex_bibfiles = ['references.bib']",
        "mathjax3_config = {'tex': {'macros': {'R': '\\\\mathbb{R}'}}}",
        "html_show_copyright = False",
    ):
        assert line in conf
    assert "'sphinx.ext.ifconfig'" in conf
    macros = imported.page("course/waves").select("script")
    assert any("mathbb" in (s.string or "") for s in macros)


def test_both_kinds_of_notebook_run_except_the_excluded_one(imported: Imported) -> None:
    assert "total 30" in imported.text("course/heat")
    assert "print ( sum ( range ( 4 ))) 6" in imported.text("notes/alpha")
    # shown, not run: its cell would raise
    slow = imported.page("notes/slow-demo")
    assert slow.select(".cell_output") == []
    assert "raise RuntimeError" in imported.text("notes/slow-demo")


def test_static_paths_work_from_a_page_in_a_folder(imported: Imported) -> None:
    beta = imported.page("notes/beta")
    sources = [img["src"] for img in beta.select("article img")]
    assert sources == ["../_images/square.svg", "../_static/square.svg"]
    assert (imported.dest / "_build" / "html" / "_static" / "square.svg").is_file()


def test_numbers_across_pages_are_unambiguous(imported: Imported) -> None:
    # the numbered course carries chapter numbers; the notes name the page
    assert "approximates (1.1) ; Fig. 2.1 shows" in imported.text("course/waves-numerics")
    assert "bound its error in (3) in Alpha" in imported.text("course/waves-numerics")
    beta = imported.text("notes/beta")
    assert (
        "The bound (3) in Alpha is close to (3) , and the course\u2019s scheme is (1.1.1)" in beta
    )


def test_the_bibliography_chapter_lists_what_the_pages_cite(imported: Imported) -> None:
    chapter = imported.text("bibliography")
    assert "Courant, Kurt Friedrichs, and Hans Lewy" in chapter
    assert "Peter D. Lax and Robert D. Richtmyer" in chapter
    # and each citing page keeps its own list
    assert "References # [ lax1956 ]" in imported.text("notes/alpha")


def write_book(root: Path, pages: dict[str, str]) -> Path:
    root.mkdir()
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib.bibtex", "labnotebook"]\n'
        'bibtex_bibfiles = ["refs.bib"]\nnitpicky = True\n',
        encoding="utf-8",
    )
    (root / "refs.bib").write_text(
        "@book{knuth1984, author = {Knuth, Donald}, title = {The {\\TeX}book}, "
        "publisher = {Addison-Wesley}, year = {1984}}\n",
        encoding="utf-8",
    )
    toctree = "\n".join(name for name in pages if name != "index")
    (root / "index.md").write_text(f"# Book\n\n```{{toctree}}\n{toctree}\n```\n")
    for name, text in pages.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


BIBLIOGRAPHY_PAGE = "# Bibliography\n\n```{bibliography}\n```\n"


def test_a_bibliography_chapter_is_filled_by_citations_elsewhere(tmp_path: Path) -> None:
    src = write_book(
        tmp_path / "book",
        {"cites": "# Cites\n\nAs {cite:t}`knuth1984` says.\n", "bibliography": BIBLIOGRAPHY_PAGE},
    )
    app = build_in_process(src)
    assert warnings_of(app) == []
    page = (Path(app.outdir) / "bibliography.html").read_text(encoding="utf-8")
    assert "Addison-Wesley" in page


def test_an_empty_bibliography_chapter_is_a_located_warning(tmp_path: Path) -> None:
    src = write_book(
        tmp_path / "book",
        {"plain": "# Plain\n\nNo citations.\n", "bibliography": BIBLIOGRAPHY_PAGE},
    )
    warnings = [w for w in warnings_of(build_in_process(src)) if "labnotebook" in w]
    assert warnings == [
        f"{src / 'bibliography.md'}:3: WARNING: this bibliography lists no entry, so the page "
        "shows an empty list: no page of the book cites an entry. Cite an entry, give the "
        "block ':all:' or a ':filter:', or remove it [labnotebook.empty_bibliography]"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda book: (book / "_toc.yml").write_text("- file: intro\n"),
            "format of Jupyter Book before 0.11 (a list); convert it first with "
            "`jupyter-book toc migrate _toc.yml -o _toc.yml`",
        ),
        (
            lambda book: (book / "notes" / "beta.md").unlink(),
            "_toc.yml names 'notes/beta', but there is no notes/beta.md or notes/beta.ipynb",
        ),
        (
            lambda book: (book / "_toc.yml").unlink(),
            "no _toc.yml in",
        ),
    ],
)
def test_a_book_the_import_cannot_read_gets_one_clear_message(
    tmp_path: Path, change, message: str
) -> None:
    src = tmp_path / "book"
    shutil.copytree(BOOK, src)
    change(src)
    with pytest.raises(SystemExit) as raised:
        main(["import", "jupyter-book", str(src), str(tmp_path / "site")])
    assert message in str(raised.value)
    assert not (tmp_path / "site").exists()


def test_the_import_never_overwrites_a_folder(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "keep.md").write_text("mine")
    with pytest.raises(SystemExit, match="is not empty; import into a new folder"):
        main(["import", "jupyter-book", str(BOOK), str(dest)])
    assert [p.name for p in dest.iterdir()] == ["keep.md"]


def test_a_notebook_holding_sections_gets_its_toctree_in_a_cell(tmp_path: Path) -> None:
    src = tmp_path / "book"
    shutil.copytree(BOOK, src)
    toc = (src / "_toc.yml").read_text(encoding="utf-8")
    toc = toc.replace(
        "      - file: course/heat.ipynb\n",
        "      - file: course/heat.ipynb\n        sections:\n          - file: drafts/unfinished\n",
    )
    (src / "_toc.yml").write_text(toc, encoding="utf-8")
    main(["import", "jupyter-book", str(src), str(tmp_path / "site")])
    notebook = json.loads((tmp_path / "site" / "course" / "heat.ipynb").read_text())
    last = notebook["cells"][-1]
    assert last["cell_type"] == "markdown"
    assert last["source"] == "```{toctree}\n:hidden:\n\n/drafts/unfinished\n```\n"
    first = notebook["cells"][0]["source"]
    assert "{figure} ../_static/square.svg" in first


def test_check_reads_the_imported_book(
    imported: Imported, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(imported.dest)
    assert main(["check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("8 plain page(s) skipped")
    assert lines[-1] == "0 notes checked, no problems"
