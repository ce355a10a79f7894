"""A PDF of every note, printed from the built HTML by ``labnotebook pdf``."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labnotebook.cli import main
from tests.browsing import need_browser
from tests.conftest import build_in_process, copy_root, warnings_of

# MathJax from the book itself, as the example book serves it: the PDF is printed offline
EXTENSIONS = ["myst_parser", "sphinxcontrib.bibtex", "labnotebook.site.offline", "labnotebook"]


def text_of(pdf: Path) -> str:
    result = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.mark.browser
def test_every_note_prints_with_title_math_references_and_page_numbers(tmp_path: Path) -> None:
    need_browser()
    src = copy_root("web-addresses", tmp_path)
    app = build_in_process(src, confoverrides={"extensions": EXTENSIONS})
    assert warnings_of(app) == []
    out = Path(app.outdir)
    assert main(["--root", str(src), "pdf"]) == 0
    pdfs = sorted(p.name for p in (out / "pdf").iterdir())
    assert pdfs == ["power-laws.pdf", "work-with-us.pdf", "zh-scaling.pdf"]

    english = text_of(out / "pdf" / "power-laws.pdf")
    assert "Power laws & <scaling>" in english
    assert re.search(r"L\(t\)\s*=\s*C\s*t", english), english
    assert "Kaplan and McCandlish, 2020" in english
    assert "Scaling laws for neural" in english
    assert "Fig. 1" in english
    # the figure itself (an SVG whose text says so), though figures load as a reader nears them
    assert "loss curve" in english
    assert "Page 1 of 2" in english

    chinese = text_of(out / "pdf" / "zh-scaling.pdf")
    assert "标度律的来源" in chinese
    assert "损失随训练时间按幂律下降" in chinese
    assert "mc" in chinese  # E = mc², typeset by MathJax
    assert "参考文献" in chinese
    assert "Page 1 of" in chinese

    # the page's PDF link leads to its PDF
    page = BeautifulSoup((out / "notes" / "zh.html").read_text(), "html.parser")
    link = page.select_one(".note-pdf a")["href"]
    assert link == "../pdf/zh-scaling.pdf"
    assert (out / "notes" / link).resolve() == (out / "pdf" / "zh-scaling.pdf").resolve()


@pytest.mark.browser
def test_one_note_by_label_and_a_clear_message_for_an_unknown_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_browser()
    src = copy_root("web-addresses", tmp_path)
    out = Path(build_in_process(src).outdir)
    assert main(["--root", str(src), "pdf", "work-with-us"]) == 0
    assert [p.name for p in (out / "pdf").iterdir()] == ["work-with-us.pdf"]
    assert main(["--root", str(src), "pdf", "no-such-note"]) == 1
    error = capsys.readouterr().err
    assert "no note 'no-such-note'" in error and "power-laws" in error


def test_printing_an_unbuilt_book_says_to_build_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("web-addresses", tmp_path)
    assert main(["--root", str(src), "pdf"]) == 1
    assert "build the book first (make html)" in capsys.readouterr().err
