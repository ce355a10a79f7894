"""Cached notebooks across a sequence of builds of one copy of tests/roots/test-exec-cache.

The copy is a git repository, so the stamp's revision is checked too. The builds run
in order within the module: first run, prose edit (cache hit), code edit (cache miss),
a broken cache record, then a serial and a parallel build compared file by file.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.test_execution_failures import Build, sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-exec-cache"


def git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, check=True
    ).stdout.strip()


def cache_records(src: Path) -> list[tuple[int, str, str]]:
    """``(key, notebook path, created)`` of each record in jupyter-cache's database."""
    from jupyter_cache import get_cache

    cache = get_cache(src / "_build" / ".jupyter_cache")
    return sorted(
        (r.pk, Path(r.uri).name, r.created.isoformat()) for r in cache.list_cache_records()
    )


def stamp_fields(build: Build, page: str) -> dict[str, str]:
    stamp = build.page(page).select_one(".exec-stamp")
    assert stamp is not None
    names = [" ".join(dt.get_text().split()).rstrip(" :") for dt in stamp.select("dt")]
    values = [" ".join(dd.get_text().split()) for dd in stamp.select("dd")]
    return dict(zip(names, values, strict=True))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("exec-cache") / "book"
    shutil.copytree(ROOT, src)
    git(src, "init", "-q")
    git(src, "add", ".")
    git(src, "commit", "-q", "-m", "the book")
    return src


def build_of(src: Path, *options: str) -> Build:
    return sphinx_build(src, src / "_build" / "html", src / "_build" / "doctrees", *options)


@pytest.fixture(scope="module")
def first(book: Path) -> Build:
    result = build_of(book, "-j", "2")
    assert result.returncode == 0, result.warnings
    return result


def test_first_build_executes_and_caches_each_notebook(first: Build) -> None:
    uris = sorted(uri for _pk, uri, _created in cache_records(first.src))
    assert uris == ["measured.md", "second.md"]
    assert "notebook notes/stored.ipynb: stored outputs, not run here" in first.stdout


def test_stamp_has_every_provenance_field(first: Build) -> None:
    revision = git(first.src, "log", "-1", "--format=%H", "--", "notes/measured.md")
    fields = stamp_fields(first, "notes/measured.html")
    assert set(fields) == {
        "Executed",
        "Run time",
        "From cache",
        "Python",
        "Packages",
        "Source revision",
    }
    assert fields["From cache"] == "no"
    assert fields["Python"] == platform.python_version()
    assert fields["Packages"] == (
        f"numpy {metadata.version('numpy')}, myst-nb {metadata.version('myst-nb')}"
    )
    assert fields["Source revision"] == revision[:12]
    assert fields["Executed"].endswith(" UTC")
    assert fields["Run time"].endswith(" s")


def test_glue_puts_the_computed_number_in_the_prose(first: Build) -> None:
    text = " ".join(first.page("notes/measured.html").get_text(" ").split())
    assert "The mean of the first ten squares is 28.5 ." in text


def test_stored_outputs_say_they_are_not_from_this_build(first: Build) -> None:
    page = first.page("notes/stored.html")
    stamp = page.select_one(".exec-stamp")
    assert stamp is not None
    assert stamp.select_one(".admonition-title").get_text() == (
        "Stored outputs: not produced by this build"
    )
    fields = stamp_fields(first, "notes/stored.html")
    assert fields["Produced"] == "2026-11-22 18:32 UTC (as recorded in the notebook)"
    assert fields["Python"] == "3.11.7"
    assert "[0, 1, 4, 9, 16, 25]" in page.select_one("div.cell_output").get_text()
    assert all(uri != "stored.ipynb" for _pk, uri, _c in cache_records(first.src))


def report_rows(build: Build) -> list[list[str]]:
    return [
        [" ".join(td.get_text().split()) for td in tr.select("td")]
        for tr in build.page("report.html").select("table.exec-report tbody tr")
    ]


def test_report_shows_stored_and_executed_notes(first: Build) -> None:
    measured = stamp_fields(first, "notes/measured.html")
    second = stamp_fields(first, "notes/second.html")
    assert report_rows(first) == [
        [
            "A measured quantity",
            "executed",
            measured["Run time"],
            "no",
            measured["Executed"],
            "no falsifiers",
        ],
        [
            "A second notebook",
            "executed",
            second["Run time"],
            "no",
            second["Executed"],
            "no falsifiers",
        ],
        [
            "Outputs made elsewhere",
            "stored outputs, not run here",
            "—",
            "—",
            "2026-11-22 18:32 UTC",
            "no falsifiers",
        ],
    ]


@pytest.fixture(scope="module")
def prose_edited(first: Build) -> Build:
    before = cache_records(first.src)
    edit(first.src / "notes/measured.md", "The mean", "Computed above, the mean")
    result = build_of(first.src)
    assert result.returncode == 0, result.warnings
    assert cache_records(first.src) == before  # nothing ran, nothing was added
    return result


def test_prose_edit_is_a_cache_hit(first: Build, prose_edited: Build) -> None:
    fields = stamp_fields(prose_edited, "notes/measured.html")
    before = stamp_fields(first, "notes/measured.html")
    assert fields["From cache"] == "yes"
    # the provenance is the one saved with the run, not re-read from today's environment
    for name in ("Executed", "Run time", "Python", "Packages"):
        assert fields[name] == before[name], name
    assert fields["Source revision"].endswith("(with uncommitted changes)")
    assert "notebook notes/measured.md: cached (executed " in prose_edited.stdout
    assert "notebook notes/second.md" not in prose_edited.stdout  # not even read again


def test_report_follows_an_incremental_build(prose_edited: Build) -> None:
    rows = report_rows(prose_edited)
    assert (rows[0][1], rows[0][3]) == ("executed (from cache)", "yes")


@pytest.fixture(scope="module")
def code_edited(prose_edited: Build) -> Build:
    edit(prose_edited.src / "notes/measured.md", "np.arange(10)", "np.arange(0, 10)")
    result = build_of(prose_edited.src)
    assert result.returncode == 0, result.warnings
    return result


def test_code_edit_is_a_cache_miss(code_edited: Build) -> None:
    records = cache_records(code_edited.src)
    assert [uri for _pk, uri, _c in records].count("measured.md") == 2
    assert stamp_fields(code_edited, "notes/measured.html")["From cache"] == "no"
    assert "notebook notes/measured.md: finished in " in code_edited.stdout


def test_a_record_without_its_notebook_is_repaired(code_edited: Build) -> None:
    src = code_edited.src
    executed = src / "_build" / ".jupyter_cache" / "executed"
    newest = max(executed.iterdir(), key=lambda folder: folder.stat().st_mtime)
    (newest / "base.ipynb").unlink()  # as a build killed while caching leaves it
    edit(src / "notes/measured.md", "Computed above", "As computed above")
    result = build_of(src)
    assert result.returncode == 0, result.warnings
    assert "execution cache: removed 1 record(s) whose notebook file was missing" in (result.stdout)
    assert "notebook notes/measured.md: finished in " in result.stdout


def test_parallel_build_equals_serial_build(code_edited: Build, tmp_path: Path) -> None:
    src = code_edited.src
    # both builds reuse the book's cache, so both show the same runs
    shared_cache = ("-D", f"nb_execution_cache_path={src / '_build' / '.jupyter_cache'}")
    serial = sphinx_build(src, tmp_path / "serial", tmp_path / "serial-doctrees", *shared_cache)
    parallel = sphinx_build(
        src, tmp_path / "parallel", tmp_path / "parallel-doctrees", *shared_cache, "-j", "2"
    )
    assert serial.returncode == parallel.returncode == 0
    pages = sorted(p.relative_to(serial.out) for p in serial.out.rglob("*.html"))
    assert pages == sorted(p.relative_to(parallel.out) for p in parallel.out.rglob("*.html"))
    for page in pages:
        assert (serial.out / page).read_text() == (parallel.out / page).read_text(), page
    assert (
        "executed (from cache)"
        in BeautifulSoup((parallel.out / "report.html").read_text(), "html.parser").get_text()
    )
