"""Addresses that never break: front matter redirects, permanent note addresses, moves."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from labnotebook.core.addresses import redirect_files, relative_link
from tests.browsing import chromium, serve
from tests.conftest import build_in_process, copy_root, warnings_of

ROOT = "web-addresses"


def git(folder: Path, *arguments: str, date: str = "2026-06-01T10:00:00+00:00") -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(folder),
    }
    command = ["git", "-c", "user.name=Ada", "-c", "user.email=ada@example.org", *arguments]
    result = subprocess.run(
        command, cwd=folder, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout


def commit_all(folder: Path, message: str, date: str = "2026-06-01T10:00:00+00:00") -> None:
    git(folder, "add", "-A", ".")
    git(folder, "commit", "-q", "-m", message, date=date)


def move_note(src: Path) -> None:
    """Move notes/power-laws.md to notes/laws/power.md, as an author would."""
    (src / "notes" / "laws").mkdir()
    (src / "notes" / "power-laws.md").rename(src / "notes" / "laws" / "power.md")
    index = src / "index.md"
    index.write_text(index.read_text().replace("notes/power-laws", "notes/laws/power"))


def target_of(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text.split('http-equiv="refresh" content="0; url=', 1)[1].split('"', 1)[0]


def test_front_matter_and_permanent_addresses_redirect_relatively(tmp_path: Path) -> None:
    app = build_in_process(copy_root(ROOT, tmp_path))
    assert warnings_of(app) == []
    out = Path(app.outdir)
    assert target_of(out / "about.html") == "index.html"
    assert target_of(out / "about" / "index.html") == "../index.html"
    assert target_of(out / "work-with-us.html") == "docs/work-with-us.html"
    assert target_of(out / "n" / "power-laws" / "index.html") == "../../notes/power-laws.html"
    assert target_of(out / "n" / "zh-scaling" / "index.html") == "../../notes/zh.html"
    # the title is escaped wherever the redirect page shows it
    assert "Power laws &amp; &lt;scaling&gt;" in (out / "n/power-laws/index.html").read_text()
    # the home page's own ``permalink: /`` is not a redirect to itself
    assert "http-equiv" not in (out / "index.html").read_text()
    # citations and notes.bib use the permanent address
    bib = (out / "notes.bib").read_text()
    assert 'url = "https://lab.example.org/book/n/power-laws/"' in bib


def test_bad_addresses_are_reported_with_their_line(tmp_path: Path) -> None:
    src = copy_root(ROOT, tmp_path)
    note = src / "docs" / "work-with-us.md"
    note.write_text(note.read_text().replace("/work-with-us.html", "../../etc/passwd"))
    home = src / "index.md"
    home.write_text(home.read_text().replace("  - /about.html", "  - /docs/work-with-us.html"))
    warnings = warnings_of(build_in_process(src))
    assert any(
        "work-with-us.md:6: WARNING: front matter field 'redirect_from': '../../etc/passwd' "
        "is not an address inside the book"
        in w
        and "[labnotebook.address]" in w
        for w in warnings
    ), warnings
    assert any(
        "index.md:4: WARNING: the old address docs/work-with-us.html is where the page "
        "docs/work-with-us lives; remove it from this page's front matter" in w
        for w in warnings
    ), warnings
    assert not (Path(src) / "_build" / "html" / "etc").exists()


def test_moved_note_keeps_its_old_address_from_the_last_build(tmp_path: Path) -> None:
    src = copy_root(ROOT, tmp_path)
    build_in_process(src)
    move_note(src)
    app = build_in_process(src)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    assert target_of(out / "notes" / "power-laws.html") == "laws/power.html"
    assert target_of(out / "n" / "power-laws" / "index.html") == "../../notes/laws/power.html"
    # and in every build after, although that build's record no longer has the old page
    (src / "notes" / "zh.md").write_text((src / "notes" / "zh.md").read_text() + "\nMore.\n")
    app = build_in_process(src)
    assert warnings_of(app) == []
    assert target_of(out / "notes" / "power-laws.html") == "laws/power.html"


def test_a_relabelled_note_keeps_its_old_permanent_address(tmp_path: Path) -> None:
    src = copy_root(ROOT, tmp_path)
    build_in_process(src)
    note = src / "notes" / "zh.md"
    note.write_text(note.read_text().replace("label: zh-scaling", "label: zh-power-laws"))
    app = build_in_process(src)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    assert target_of(out / "n" / "zh-power-laws" / "index.html") == "../../notes/zh.html"
    assert target_of(out / "n" / "zh-scaling" / "index.html") == "../../notes/zh.html"
    # still there after the note moves as well
    (src / "notes" / "zh").mkdir()
    note.rename(src / "notes" / "zh" / "index.md")
    home = src / "index.md"
    home.write_text(home.read_text().replace("notes/zh\n", "notes/zh/index\n"))
    app = build_in_process(src)
    assert warnings_of(app) == []
    assert target_of(out / "n" / "zh-scaling" / "index.html") == "../../notes/zh/index.html"
    assert target_of(out / "notes" / "zh.html") == "zh/index.html"


def test_moved_note_is_found_from_git_in_a_clean_build(tmp_path: Path) -> None:
    src = copy_root(ROOT, tmp_path)
    git(src, "init", "-q")
    (src / ".gitignore").write_text("_build/\n")
    commit_all(src, "First version")
    move_note(src)
    commit_all(src, "Move the note into a folder")
    app = build_in_process(src)
    assert warnings_of(app) == []
    assert target_of(Path(app.outdir) / "notes" / "power-laws.html") == "laws/power.html"


def test_a_page_gone_without_trace_is_warned_about(tmp_path: Path) -> None:
    src = copy_root(ROOT, tmp_path)
    index = src / "index.md"
    (src / "docs" / "old.md").write_text("# An old page\n\nText.\n", encoding="utf-8")
    index.write_text(index.read_text().replace("docs/work-with-us", "docs/work-with-us\ndocs/old"))
    build_in_process(src)
    # a page without a label, moved without git: nothing can tell where it went
    (src / "docs" / "old.md").rename(src / "docs" / "new.md")
    index.write_text(index.read_text().replace("docs/old", "docs/new"))
    warnings = warnings_of(build_in_process(src))
    assert any(
        "docs/old" in w
        and "the page docs/old.html of an earlier build is gone" in w
        and "redirect_from: [/docs/old.html]" in w
        for w in warnings
    ), warnings
    # warned again at the next build, until the address has a home
    assert any("is gone" in w for w in warnings_of(build_in_process(src)))
    moved = src / "docs" / "new.md"
    moved.write_text("---\nredirect_from: /docs/old.html\n---\n" + moved.read_text())
    app = build_in_process(src)
    assert warnings_of(app) == []
    assert target_of(Path(app.outdir) / "docs" / "old.html") == "new.html"


def test_a_deleted_note_is_not_a_lost_page(tmp_path: Path) -> None:
    """A note's label is kept when its file moves: a label gone from the book is a deletion."""
    src = copy_root(ROOT, tmp_path)
    build_in_process(src)
    index = src / "index.md"
    (src / "notes" / "zh.md").unlink()
    index.write_text(index.read_text().replace("notes/zh\n", ""))
    assert [w for w in warnings_of(build_in_process(src)) if "is gone" in w] == []


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "book/lab/"])
def test_old_addresses_land_on_the_right_page_in_chromium(tmp_path: Path, prefix: str) -> None:
    src = copy_root(ROOT, tmp_path)
    build_in_process(src)
    move_note(src)
    out = Path(build_in_process(src).outdir)
    site = tmp_path / "site"
    shutil.copytree(out, site / prefix)
    cases = {
        "about/": ("index.html", "Home"),
        "about.html": ("index.html", "Home"),
        "work-with-us.html": ("docs/work-with-us.html", "Work with us"),
        "n/zh-scaling/": ("notes/zh.html", "标度律的来源"),
        "n/power-laws/": ("notes/laws/power.html", "Power laws & <scaling>"),
        "notes/power-laws.html#references": (
            "notes/laws/power.html#references",
            "Power laws & <scaling>",
        ),
    }
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        for old, (new, title) in cases.items():
            page.goto(base + prefix + old)
            page.wait_for_url(base + prefix + new, timeout=60_000)
            page.wait_for_load_state()
            assert page.url == base + prefix + new
            assert page.title().startswith(title)


@pytest.mark.parametrize(
    ("address", "files"),
    [
        ("/about/", ["about/index.html"]),
        ("/about.html", ["about.html"]),
        ("about", ["about.html", "about/index.html"]),
        ("/", ["index.html"]),
    ],
)
def test_an_address_is_served_by_the_files_jekyll_served_it_from(
    address: str, files: list[str]
) -> None:
    assert redirect_files(address) == files


@pytest.mark.parametrize("address", ["../x", "/a/../../b", "https://example.org/", "/a?b", "a\\b"])
def test_an_address_outside_the_book_is_refused(address: str) -> None:
    with pytest.raises(ValueError, match="not an address inside the book"):
        redirect_files(address)


@pytest.mark.parametrize(
    ("source", "target", "link"),
    [
        ("about.html", "index.html", "index.html"),
        ("about/index.html", "", "../"),  # dirhtml's home page
        ("about.html", "", "./"),
        ("n/x/index.html", "notes/x/", "../../notes/x/"),
        ("n/x/index.html", "notes/x.html", "../../notes/x.html"),
    ],
)
def test_redirects_link_relatively_for_html_and_dirhtml(
    source: str, target: str, link: str
) -> None:
    assert relative_link(source, target) == link
