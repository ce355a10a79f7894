"""The example book in this repository, built once, for the tests of the book itself.

Every test under ``tests/book/`` is marked ``book``: they check the example's own pages
(its notes, guide and home page), not the extension, which the test roots check. A site
whose content is not the example (a fork whose notes were replaced) skips them, with the
reason, and keeps a green ``make test``; ``pytest -m "not book"`` leaves them out anyway.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

HERE = Path(__file__).parent
#: A page only the example book has: without it, the content is someone else's.
EXAMPLE_NOTE = REPO / "notes" / "llm-reasoning.md"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    example = EXAMPLE_NOTE.is_file()
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.book)
            if not example:
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"the example book's content is gone ({EXAMPLE_NOTE.name} is "
                        "missing): tests/book checks the example, not your site"
                    )
                )


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real example book, built once per test run with the strict options of ``make html``.

    Built into a temporary folder; the notebook cache is the project's own, so notebooks
    run only when their code changed. Shared by the book tests and the browser tests.
    ``LABNOTEBOOK_BUILT_BOOK=<folder>`` tests a book built beforehand instead, to iterate
    on tests quickly; ``make test`` never sets it.
    """
    if prebuilt := os.environ.get("LABNOTEBOOK_BUILT_BOOK"):
        return Path(prebuilt)
    out = tmp_path_factory.mktemp("book") / "html"
    doctrees = out.parent / "doctrees"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"]
    command += ["-j", "auto", "-d", str(doctrees), str(REPO), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return out
