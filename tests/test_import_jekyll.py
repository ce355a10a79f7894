"""``labnotebook import jekyll``: an academicpages-style site becomes a strict book."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from labnotebook.cli import main
from tests.conftest import ROOTS, build_in_process, warnings_of

SITE = ROOTS / "jekyll-academicpages"


def redirect_target(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text.split('http-equiv="refresh" content="0; url=', 1)[1].split('"', 1)[0]


def test_imported_site_builds_strictly_and_keeps_every_old_address(tmp_path: Path, capsys) -> None:
    book = tmp_path / "book"
    assert main(["import", "jekyll", str(SITE), str(book)]) == 0
    printed = capsys.readouterr().out
    app = build_in_process(book)
    assert warnings_of(app) == []
    out = Path(app.outdir)

    # every permalink and redirect_from of the old site lands on the page that replaced it
    assert redirect_target(out / "about" / "index.html") == "../index.html"
    assert redirect_target(out / "about.html") == "index.html"
    assert redirect_target(out / "work-with-us.html") == "pages/work-with-us.html"
    assert redirect_target(out / "work-with-us" / "index.html") == "../pages/work-with-us.html"
    assert redirect_target(out / "publications" / "index.html") == "../pages/publications.html"
    paper = "publication/2024-01-01-paper-title-number-1"
    assert redirect_target(out / f"{paper}.html") == "../pages/publications.html"
    assert redirect_target(out / "scaling-notes" / "index.html") == (
        "../notes/posts/scaling-notes.html"
    )
    assert redirect_target(out / "posts/2024/06/second/index.html") == (
        "../../../../notes/posts/second.html"
    )
    assert redirect_target(out / "talks/2023-03-01-talk-1.html") == ("talks-2023-03-01-talk-1.html")

    # the profile, the bibliography and the updates
    profile = yaml.safe_load((book / "_data" / "profile.yml").read_text())
    assert profile["name"] == "Ada Lovelace"
    assert profile["affiliation"] == "Example University"
    assert {"label": "GitHub", "url": "https://github.com/ada"} in profile["links"]
    bib = (book / "references.bib").read_text()
    assert r"title = {Paper title number 1 with 50\% \& $x_1$}" in bib
    home = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert home.select_one(".profile, .lnb-profile, [class*=profile]") is not None
    publications = (out / "pages" / "publications.html").read_text()
    assert "Paper title number 1 with 50% &amp; $x_1$" in publications, publications
    updates = yaml.safe_load((book / "_data" / "updates.yml").read_text())
    assert [u["date"] for u in updates] == sorted((u["date"] for u in updates), reverse=True)
    assert updates[0]["link"] == "second"

    # Liquid it understood is converted, hostile text stays text
    post = (out / "notes" / "posts" / "scaling-notes.html").read_text()
    article = BeautifulSoup(post, "html.parser").select_one("article")
    assert not article.select("script")
    assert article.h1.get_text().startswith("标度律 notes: <script>alert(1)</script> & ")
    assert 'href="second.html"' in post
    assert "highlight-python" in post
    assert (out / "files" / "cv.pdf").is_file()
    assert 'href="./files/cv.pdf"' in (out / "index.html").read_text()
    assert (out / "_images" / "pic.svg").is_file()

    # what it could not convert, file by file, printed and kept in the book
    report = (book / "import-report.txt").read_text()
    assert report == printed
    assert "_pages/about.md:\n  - line 15: Liquid tag '{% include gallery id=\"gallery\" %}'" in (
        report
    )
    assert "_posts/2024-06-01-second.md:\n  - line 6: Liquid output '{{ site.title }}'" in report
    assert "author field 'avatar' has no place in the profile" in report


def test_import_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "conf.py").write_text("")
    try:
        main(["import", "jekyll", str(SITE), str(tmp_path / "book")])
    except SystemExit as exc:
        assert "is not empty; give a new folder" in str(exc)
    else:
        raise AssertionError("the import wrote into a book that exists")
