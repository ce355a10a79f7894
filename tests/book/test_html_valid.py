"""Every page of the built book passes the Nu HTML checker (vnu.jar) with zero errors.

The checker is the npm package ``vnu-jar`` run by Java: `.ci/run` installs both
(``npm install --prefix .venv/node vnu-jar``); ``LABNOTEBOOK_VNU_JAR`` points elsewhere.
Without them the test is skipped with the reason, except in CI, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get(
        "LABNOTEBOOK_VNU_JAR", REPO / ".venv/node/node_modules/vnu-jar/build/dist/vnu.jar"
    )
)

pytestmark = pytest.mark.book


def need_checker() -> str:
    java = shutil.which("java")
    if java and VNU_JAR.is_file():
        return java
    message = (
        f"the Nu HTML checker needs Java and {VNU_JAR}: apt-get install default-jre-headless;"
        " npm install --prefix .venv/node vnu-jar"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def nu_errors(java: str, folder: Path, pages: list[Path]) -> list[str]:
    """The checker's errors on ``pages``, as "file:line: message"."""
    command = [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]
    command += [str(page) for page in pages]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    report = json.loads(result.stderr or '{"messages": []}')
    return [
        f"{Path(message.get('url', '')).as_posix().split(folder.as_posix())[-1]}:"
        f"{message.get('lastLine', '?')}: {message['message']}"
        for message in report["messages"]
        if message["type"] in {"error", "non-document-error"}
    ]


def test_every_page_is_valid_html(book: Path) -> None:
    java = need_checker()
    # pages a reader opens; _static/ holds the theme's Jinja macro files, which are no pages
    pages = [
        page
        for page in sorted(book.rglob("*.html"))
        if not page.relative_to(book).parts[0].startswith("_")
    ]
    assert len(pages) > 30, "the book has fewer pages than expected"
    assert nu_errors(java, book, pages) == []
