"""giscus comments: off by default, on with one setting, per-note opt-out, loaded on request."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from tests.browsing import HOST, chromium, serve
from tests.conftest import build_in_process, built_root, copy_root, warnings_of

if TYPE_CHECKING:
    from playwright.sync_api import Route


def soup(out: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")


def loads_script(page: BeautifulSoup) -> bool:
    return any("labnotebook-comments.js" in s.get("src", "") for s in page.find_all("script"))


def test_comments_where_enabled_and_escaped(tmp_path: Path) -> None:
    app = build_in_process(copy_root("comments", tmp_path))
    assert warnings_of(app) == []
    out = Path(app.outdir)

    page = soup(out, "notes/open.html")
    section = page.select_one("section.note-comments")
    assert section is not None and loads_script(page)
    assert section["data-giscus-repo"] == "a-lab/our-notes"
    assert section["data-giscus-repo-id"] == 'R_kgDO"<script>'  # an attribute, not markup
    assert section["data-giscus-category"] == "Q&A <notes>"
    assert section["data-giscus-mapping"] == "pathname"
    assert section["data-giscus-lang"] == "en"
    assert page.find("script", src=lambda s: s and "giscus" in s) is None  # nothing until asked

    assert soup(out, "notes/chinese.html").select_one(".note-comments")["data-giscus-lang"] == (
        "zh-CN"
    )
    for opted_out in ("notes/closed.html", "index.html"):  # front matter opt-out, a page
        page = soup(out, opted_out)
        assert page.select_one(".note-comments") is None and not loads_script(page)


def test_comments_are_off_by_default(tmp_path: Path) -> None:
    src = copy_root("comments", tmp_path)
    conf = src / "conf.py"
    conf.write_text(conf.read_text().split("labnotebook_comments")[0])
    out = Path(build_in_process(src).outdir)
    page = soup(out, "notes/open.html")
    assert page.select_one(".note-comments") is None and not loads_script(page)


def test_bad_setting_is_a_warning(tmp_path: Path) -> None:
    src = copy_root("comments", tmp_path)
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('"repo": "a-lab/our-notes",', ""))
    warnings = warnings_of(build_in_process(src))
    assert any("invalid value for labnotebook_comments" in w for w in warnings), warnings


def test_browser_requests_giscus_only_after_the_click(tmp_path: Path) -> None:
    out = built_root("comments", tmp_path)
    off_site: list[str] = []
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()

        def record(route: Route) -> None:
            url = route.request.url
            if urlsplit(url).hostname != HOST:
                off_site.append(url)
                # the test runs offline: giscus answers with an empty script
                route.fulfill(status=200, content_type="text/javascript", body="")
            else:
                route.continue_()

        page.route("**/*", record)
        page.goto(base + "notes/open.html", wait_until="networkidle")
        assert off_site == []
        page.get_by_role("button", name="Show comments").click()
        page.wait_for_load_state("networkidle")
        assert off_site == ["https://giscus.app/client.js"]
        script = page.locator(".note-comments-thread script")
        assert script.get_attribute("data-repo") == "a-lab/our-notes"
        assert script.get_attribute("data-repo-id") == 'R_kgDO"<script>'
        assert script.get_attribute("data-category-id") == "DIC_kwDO"
        assert script.get_attribute("data-mapping") == "pathname"
        assert page.get_by_role("button", name="Show comments").is_hidden()
