"""The site's own tests: it builds strictly, its internal links resolve, its notes are valid."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

SITE = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built as `make html` builds it, into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"]
    command += ["-d", str(out.parent / "doctrees"), str(SITE), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=SITE)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    assert "WARNING" not in result.stderr, result.stderr
    return out


def test_the_site_builds_strictly_with_its_pages(built: Path) -> None:
    for page in ("index.html", "about.html", "publications.html", "notes/index.html"):
        assert (built / page).is_file(), page


class Links(HTMLParser):
    """The addresses a page links to or loads, and the ids it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in {"href", "src"} and value and tag in {"a", "link", "img", "script"}:
                self.targets.append(value)


def parsed(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    links.close()
    return links


def test_every_internal_link_resolves(built: Path) -> None:
    # the theme's own HTML snippets in _static are templates, not pages
    built = built.resolve()
    pages = {
        page: parsed(page)
        for page in built.rglob("*.html")
        if page.relative_to(built).parts[0] != "_static"
    }
    broken = []
    for page, links in pages.items():
        for target in links.targets:
            address = urlsplit(target)
            if address.scheme or address.netloc or not (address.path or address.fragment):
                continue  # another site, or "#"
            path = page.parent / unquote(address.path) if address.path else page
            path = path.resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(built)}: {target}")
            elif address.fragment and path.suffix == ".html":
                ids = pages[path].ids if path in pages else parsed(path).ids
                if unquote(address.fragment) not in ids:
                    broken.append(f"{page.relative_to(built)}: {target} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_every_note_passes_labnotebook_check() -> None:
    command = [sys.executable, "-m", "labnotebook.cli", "--root", str(SITE), "check"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
