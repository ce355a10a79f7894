"""An unchanged configuration is never reported as changed; a changed one still is.

Sphinx compares the configuration pickled with the last build's environment against the
new one before ``builder-inited``, while themes and extensions add to several options at
``builder-inited``; every build then said "The configuration has changed (7 options...)".
Each build here is a new Sphinx application, as each ``make html`` is a new process.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.conftest import copy_root

CHANGED = "The configuration has changed"


def build(src: Path) -> str:
    """Build ``src`` in a new application; what Sphinx printed."""
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp("html", srcdir=src, status=status, warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning.getvalue() == ""
    return status.getvalue()


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_root("config-unchanged", tmp_path_factory.mktemp("config"))
    assert CHANGED not in build(root)
    return root


def test_unchanged_configuration_is_not_reported(src: Path) -> None:
    for _ in range(2):
        output = build(src)
        assert CHANGED not in output, output


def test_an_option_that_extensions_extend_is_reported_when_the_project_changes_it(
    src: Path,
) -> None:
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            'html_context = {"default_mode": "auto"}', 'html_context = {"default_mode": "dark"}'
        ),
        encoding="utf-8",
    )
    output = build(src)
    assert f"{CHANGED} (1 option: 'html_context')" in output, output
    assert CHANGED not in build(src)
