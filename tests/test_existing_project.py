"""labnotebook added to Sphinx projects not made for it, and the package others install."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labnotebook.cli import main
from labnotebook.scaffold.render import uv_command
from tests.conftest import REPO, build_in_process, copy_root, warnings_of

ROOTS = ["existing-alabaster", "existing-pydata"]


def page(app, name: str) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("root", ROOTS)
def test_an_existing_project_builds_strictly_with_the_extension(root: str, tmp_path: Path) -> None:
    app = build_in_process(copy_root(root, tmp_path))
    assert warnings_of(app) == []
    note = page(app, "notes/river-survey.html")
    # the note's title is its heading, once: labnotebook set myst_title_to_header itself
    assert [h.get_text(strip=True).rstrip("#¶") for h in note.select("h1")] == ["River survey"]
    citation = note.select_one(".note-citation")
    assert citation is not None
    assert citation.get_text().startswith("Kim Lee (2026). River survey. Field notes, ")
    assert "note-ref" in str(page(app, "index.html"))


def test_a_project_that_names_nothing_is_cited_without_placeholders(tmp_path: Path) -> None:
    src = copy_root("existing-alabaster", tmp_path)
    conf = src / "conf.py"
    kept = [
        line for line in conf.read_text().splitlines() if not line.startswith(("project", "author"))
    ]
    conf.write_text("\n".join(kept) + "\n")
    app = build_in_process(src)
    assert warnings_of(app) == []
    citation = page(app, "notes/river-survey.html").select_one(".note-citation")
    assert citation is not None
    assert "not set" not in citation.get_text()
    assert citation.get_text().startswith("Research notes (2026). River survey. Research notes, ")


def test_a_setting_labnotebook_needs_set_otherwise_is_named_once(tmp_path: Path) -> None:
    src = copy_root("existing-alabaster", tmp_path)
    app = build_in_process(src, confoverrides={"myst_title_to_header": False})
    warnings = [w for w in warnings_of(app) if "[labnotebook." in w]
    assert len(warnings) == 1, warnings
    assert "myst_title_to_header = False" in warnings[0]
    assert "set myst_title_to_header = True" in warnings[0]


def test_author_ids_without_an_authors_registry_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = copy_root("existing-pydata", tmp_path)
    note = src / "notes/soil-samples.md"
    note.write_text(note.read_text().replace("tags: [soil", "authors: [kim]\ntags: [soil"))
    app = build_in_process(src)
    warnings = [w for w in warnings_of(app) if "[labnotebook." in w]
    assert warnings == [
        f"{note}:7: WARNING: authors 'kim' cannot be checked: there is no authors registry "
        "_data/authors.yml (labnotebook_authors_file); create it with one entry per id, "
        "e.g. 'kim: {name: Full Name}' [labnotebook.authors]"
    ]
    assert main(["--root", str(src), "check"]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert [line for line in printed if "WARNING" in line] == warnings


def test_under_the_default_theme_the_search_page_is_sphinxs_own(tmp_path: Path) -> None:
    app = build_in_process(copy_root("existing-alabaster", tmp_path))
    search = (Path(app.outdir) / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in search
    assert 'id="search-results"' in search or "searchtools.js" in search
    assert "pagefind" not in search


def test_without_pagefind_one_warning_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # importing a module set to None in sys.modules raises ImportError, as if not installed
    for name in [m for m in sys.modules if m == "pagefind" or m.startswith("pagefind.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pagefind", None)
    monkeypatch.setitem(sys.modules, "pagefind.index", None)
    app = build_in_process(copy_root("existing-pydata", tmp_path))
    assert warnings_of(app) == [
        "WARNING: the search index needs the Python package 'pagefind[extended]', which is "
        "not installed: run pip install 'pagefind[extended]' or add it to the project's "
        "dependencies; until then the search page uses Sphinx's own search [labnotebook.search]"
    ]
    search = (Path(app.outdir) / "search.html").read_text(encoding="utf-8")
    assert "searchindex.js" in search
    assert not (Path(app.outdir) / "pagefind").exists()


def test_the_wheel_holds_templates_static_files_and_the_site_template(tmp_path: Path) -> None:
    uv = uv_command()
    if uv is None:
        pytest.fail("uv is needed to build the wheel: make env installs it")
    source = tmp_path / "checkout"
    # a copy without the build folders and the venv, as a fresh clone has
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "bench")
    shutil.copytree(REPO, source, ignore=ignore)
    result = subprocess.run(
        [*uv, "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = (tmp_path / "dist").glob("labnotebook-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = REPO / "src"
    expected = {
        path.relative_to(package).as_posix()
        for folder in ("site/templates", "site/static", "scaffold/template")
        for path in (package / "labnotebook" / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected, "the package has no data files to check"
    assert expected <= names, sorted(expected - names)
    assert "labnotebook/scaffold/template/github/workflows/pages.yml" in names
    # a site can install labnotebook from the wheel, for offline use
    site = tmp_path / "site"
    assert main(["init", str(site), "--name", "Ada", "--source", str(wheel), "--no-lock"]) == 0
    pyproject = (site / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"labnotebook[book] @ {wheel.resolve().as_uri()}"' in pyproject


def test_a_build_leaves_sphinxs_default_source_suffix_alone(tmp_path: Path) -> None:
    """A project without source_suffix once leaked MyST-NB's suffixes into Sphinx's default,
    so the next application in the process (here: a test of a MyST-Parser root) failed
    with "Source parser for myst-nb not registered"."""
    from sphinx.config import Config

    default = dict(Config.config_values["source_suffix"].default)
    app = build_in_process(copy_root("existing-alabaster", tmp_path))
    assert app.config.source_suffix[".md"] == "myst-nb"
    assert Config.config_values["source_suffix"].default == default
    assert warnings_of(build_in_process(copy_root("bad-frontmatter", tmp_path)))
