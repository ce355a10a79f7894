"""Shared fixtures: Sphinx test roots under tests/roots and a strict-build helper."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Sphinx colours its output when CI is set, and several tests read that output, from
# builds in this process and in sphinx-build processes started by the tests
os.environ["NO_COLOR"] = "1"

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]

TESTS = Path(__file__).resolve().parent
ROOTS = TESTS / "roots"
REPO = Path(__file__).resolve().parents[1]


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, unknown when it is not loaded
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """How ``make test`` shares the tests between its workers (pytest-xdist, ``--dist
    loadfile``): each test module on one worker, so a module's shared build is made once,
    and every test of the example book on one worker, so the book is built once and its
    notebook cache has one writer. (xdist's ``xdist_group`` marks would say the same, but
    with pytest 9.2 they group nothing: pytest-xdist#1386.)"""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class ModuleOrBook(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return BOOK_TESTS if module.startswith(BOOK_TESTS + "/") else module

    return ModuleOrBook(config, log)


#: the example book's tests, as their node ids start
BOOK_TESTS = "tests/book"


@pytest.fixture(autouse=True)
def sphinx_default_source_suffix() -> Iterator[None]:
    """Sphinx's default ``source_suffix`` as it was, after every test.

    Sphinx hands a project that sets no ``source_suffix`` its default dict itself, and
    extensions add their suffixes to it; labnotebook copies it first (project_settings),
    but a project without labnotebook (an intersphinx or existing-project root) leaves
    ``.md: markdown`` in the default, and a later MyST-NB project in the same worker then
    finds no parser for "markdown".
    """
    from sphinx.config import Config

    default = Config.config_values["source_suffix"].default
    kept = dict(default)
    yield
    default.clear()
    default.update(kept)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def warnings_of(app) -> list[str]:
    """The warning lines of a build, without colour codes and blank lines."""
    from sphinx.util.console import strip_escape_sequences

    text = strip_escape_sequences(app.warning.getvalue())
    return [line for line in text.splitlines() if line.strip()]


def copy_root(name: str, dest: Path) -> Path:
    """A private copy of a test root, for tests that edit sources or share one build."""
    import shutil

    src = dest / name
    shutil.copytree(ROOTS / f"test-{name}", src)
    return src


def build_in_process(src: Path, buildername: str = "html", **options: Any):
    """Build ``src`` with a new Sphinx application in this process; the finished app."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(buildername, srcdir=src, status=StringIO(), warning=StringIO(), **options)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def built_root(name: str, dest: Path) -> Path:
    """Build a private copy of a test root once; its HTML folder, for a browser to read."""
    return Path(build_in_process(copy_root(name, dest)).outdir)


class SharedBuilds:
    """Test roots built once per test run, each into a private copy, for tests that only read.

    Many tests look at the same small book from different sides; building it once for
    all of them, instead of once per test, is most of what a test run saves. A build is
    keyed by the root, the builder and the configuration it was given. What it returns
    is shared: never edit its sources or output, copy the root for that instead.
    """

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.tmp_path_factory = tmp_path_factory
        self.builds: dict[str, Any] = {}

    def __call__(self, name: str, buildername: str = "html", **confoverrides: object) -> Any:
        key = f"{name} {buildername} {sorted(confoverrides.items())!r}"
        if key not in self.builds:
            src = copy_root(name, self.tmp_path_factory.mktemp(name))
            self.builds[key] = build_in_process(
                src, buildername=buildername, confoverrides=confoverrides
            )
        return self.builds[key]


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory: pytest.TempPathFactory) -> SharedBuilds:
    """``shared_build(root, builder="html", **confoverrides)``: that build, made once."""
    return SharedBuilds(tmp_path_factory)


@pytest.fixture(scope="module")
def module_app(request: pytest.FixtureRequest, shared_build: SharedBuilds) -> Any:
    """The build of the root named by the module's ``ROOT``, for the module's read-only tests."""
    return shared_build(request.module.ROOT)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium (tests/browsing.py), launched once per test module that asks;
    the example book's browser tests have their own, in tests/book/browser/conftest.py."""
    from tests.browsing import chromium

    with chromium() as launched:
        yield launched
