"""``labnotebook init``: a new site of one's own that builds strictly and passes its own tests."""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from labnotebook.cli import main
from labnotebook.scaffold import SiteAnswers, write_site
from labnotebook.scaffold.answers import DEFAULT_SOURCE, source_url
from labnotebook.scaffold.command import answers_from
from tests.conftest import REPO, build_in_process, warnings_of

HOSTILE = 'Zoë "<script>alert(1)</script>" {O\'Brien} & 李华 🎉 $5 #1 _x_ 100% \\o/'
ROLE = "PhD student in {physics} & <b>maths</b>"
AFFILIATION = 'Dept. "of" Physics, 北京大学 & co #2'
STRAIGHT_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2019": "'"})


def hostile_answers(**changes: object) -> SiteAnswers:
    answers: dict[str, object] = {
        "name": HOSTILE,
        "role": ROLE,
        "affiliation": AFFILIATION,
        "languages": "en+zh",
        "lab": True,
        "members": ("Grace Hopper", "王芳", HOSTILE),
        "source": str(REPO),
    }
    answers.update(changes)
    return SiteAnswers(**answers)  # type: ignore[arg-type]


def test_the_site_has_the_pages_its_answers_ask_for(tmp_path: Path) -> None:
    researcher = set(
        map(str, write_site(tmp_path / "one", SiteAnswers(name="Ada", source=str(REPO))))
    )
    lab = set(map(str, write_site(tmp_path / "lab", hostile_answers())))
    common = {
        "conf.py", "index.md", "about.md", "publications.md", "notes/index.md",
        "notes/estimating-pi.md", "_data/profile.yml", "_data/authors.yml",
        "_data/updates.yml", "references.bib", "pyproject.toml", "Makefile", "README.md",
        ".gitignore", ".github/workflows/pages.yml", "tests/test_site.py",
    }  # fmt: skip
    assert researcher == common
    assert lab == common | {"members.md", "about-zh.md"}


def test_answers_stay_text_in_every_file(tmp_path: Path) -> None:
    write_site(tmp_path, hostile_answers())
    namespace: dict[str, object] = {"__file__": str(tmp_path / "conf.py")}
    exec((tmp_path / "conf.py").read_text(encoding="utf-8"), namespace)
    assert namespace["author"] == HOSTILE
    assert namespace["project"] == f"{HOSTILE}'s lab"
    authors = yaml.safe_load((tmp_path / "_data/authors.yml").read_text(encoding="utf-8"))
    assert [a["name"] for a in authors.values()] == [HOSTILE, "Grace Hopper", "王芳", HOSTILE]
    assert len(set(authors)) == 4  # a namesake gets an id of their own
    assert namespace["labnotebook_owner"] == next(iter(authors))
    profile = yaml.safe_load((tmp_path / "_data/profile.yml").read_text(encoding="utf-8"))
    assert profile["affiliation"] == AFFILIATION
    assert profile["role"] == f"Led by {HOSTILE}, {ROLE}"


def test_a_fresh_site_builds_strictly_and_shows_the_answers_as_text(tmp_path: Path) -> None:
    """The generated sources, built in this process with this checkout's labnotebook."""
    src = tmp_path / "site"
    write_site(src, hostile_answers())
    app = build_in_process(src)
    assert warnings_of(app) == []
    out = Path(app.outdir)
    for name in ("index.html", "about.html", "members.html", "notes/estimating-pi.html"):
        assert "<script>alert" not in (out / name).read_text(encoding="utf-8"), name
    about = BeautifulSoup((out / "about.html").read_text(encoding="utf-8"), "html.parser")
    article = about.select_one("article")
    assert article is not None
    # Sphinx's smart quotes make typographic quotes of the straight ones, as in any prose
    text = article.get_text(" ", strip=True).translate(STRAIGHT_QUOTES)
    assert f"We are {HOSTILE}'s lab, at {AFFILIATION}." in text
    assert not article.select("script, b")
    note = (out / "notes/estimating-pi.html").read_text(encoding="utf-8")
    assert "3.14" in note  # the glued estimate, computed while the site was built
    members = BeautifulSoup((out / "members.html").read_text(encoding="utf-8"), "html.parser")
    headings = [
        h.get_text(strip=True).rstrip("#").translate(STRAIGHT_QUOTES)
        for h in members.select("article h2")
    ]
    assert headings == [HOSTILE, "Grace Hopper", "王芳", HOSTILE]
    assert (out / "about-zh.html").is_file()


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match="is not empty"):
        main(["init", str(tmp_path), "--name", "Ada", "--source", str(REPO), "--no-lock"])
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_source_is_a_checkout_a_wheel_or_a_url(tmp_path: Path) -> None:
    assert source_url(str(REPO)) == REPO.as_uri()
    wheel = tmp_path / "labnotebook-1.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    assert source_url(str(wheel)) == wheel.as_uri()
    assert source_url(DEFAULT_SOURCE) == DEFAULT_SOURCE
    with pytest.raises(ValueError, match="not a labnotebook checkout"):
        source_url(str(tmp_path))
    with pytest.raises(SystemExit, match="not a labnotebook checkout"):
        main(["init", str(tmp_path / "site"), "--name", "Ada", "--source", str(tmp_path)])


def test_without_a_terminal_the_name_is_required(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="--name is required"):
        main(["init", str(tmp_path / "site"), "--source", str(REPO), "--no-lock"])
    assert not (tmp_path / "site").exists()


def test_questions_are_asked_for_missing_flags_only() -> None:
    replies = iter(["", "Ada", "Lab lead", "", "fr", "en+zh", "y", "", "Grace, 王芳"])
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next(replies)

    args = argparse.Namespace(
        name=None, role=None, affiliation="Example University", email=None, languages=None,
        lab=None, lab_name=None, member=None, source=DEFAULT_SOURCE,
    )  # fmt: skip
    answers = answers_from(args, ask)
    assert answers.name == "Ada"
    assert answers.affiliation == "Example University"
    assert not any("affiliation" in question for question in asked)
    assert answers.languages == "en+zh"
    assert answers.lab and answers.title == "Ada's lab"
    assert answers.members == ("Grace", "王芳")


@pytest.mark.site
def test_init_then_make_html_and_make_test_pass(tmp_path: Path) -> None:
    """The issue's definition of done: a new site from this checkout, built and tested by
    its own Makefile, offline, from the uv cache this project's `make env` filled."""
    site = tmp_path / "my site"
    name = "Zoë O'Brien & 李华 🎉"
    result = subprocess.run(
        [str(REPO / ".venv/bin/labnotebook"), "init", str(site), "--name", name,
         "--role", "PhD student", "--languages", "en+zh", "--source", str(REPO)],
        capture_output=True, text=True, check=False, env={**os.environ, "UV_OFFLINE": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "requirements.lock").is_file(), result.stderr
    # the site's own environment, not this project's
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "JUPYTER_PATH"}}
    env["UV_OFFLINE"] = "1"
    for target in ("html", "test"):
        made = subprocess.run(
            ["make", target], cwd=site, capture_output=True, text=True, check=False, env=env
        )
        output = made.stdout + made.stderr
        assert made.returncode == 0, f"make {target}:\n{output[-6000:]}"
        assert "WARNING" not in output, output[-6000:]
    assert (site / "_build/html/notes/estimating-pi.html").is_file()
    assert "3 passed" in made.stdout
