"""Shared fixtures: Sphinx test roots under tests/roots and a strict-build helper."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Sphinx colours its output when CI is set, and several tests read that output, from
# builds in this process and in sphinx-build processes started by the tests
os.environ["NO_COLOR"] = "1"

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).resolve().parents[1]


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


def build_in_process(src: Path, **options: object):
    """Build ``src`` with a new Sphinx application in this process; the finished app."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO(), **options)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def built_root(name: str, dest: Path) -> Path:
    """Build a private copy of a test root once; its HTML folder, for a browser to read."""
    return Path(build_in_process(copy_root(name, dest)).outdir)


@pytest.fixture(scope="module")
def module_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Build the root named by the module's ``ROOT`` once, for the module's read-only tests."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    name = request.module.ROOT
    src = copy_root(name, tmp_path_factory.mktemp(name))
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
        yield app
    finally:
        app.cleanup()
