"""The tab's title names the page and the site once each, escaped once."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SharedBuilds


def titles(out: Path, page: str) -> list[str]:
    return re.findall(r"<title>(.*?)</title>", (out / page).read_text(encoding="utf-8"))


def test_titles(shared_build: SharedBuilds) -> None:
    out = Path(shared_build("web-notfound").outdir)
    # the home page is titled like the site: once, not "Lab & friends — Lab & friends"
    assert titles(out, "index.html") == ["Lab &amp; friends"]
    # html_title is markup, escaped once; a note's title too
    assert titles(out, "about.html") == ["About &#8212; Lab &amp; friends"]
    assert titles(out, "notes/escaping.html") == [
        "Quotes “ &amp; &lt;script&gt;alert(1)&lt;/script&gt; 中文 🧪 &#8212; Lab &amp; friends"
    ]
    assert titles(out, "search.html") == ["Search &#8212; Lab &amp; friends"]


def test_footer_date_reads_like_the_header(shared_build: SharedBuilds) -> None:
    out = Path(shared_build("web-notfound").outdir)
    text = (out / "notes" / "voting.html").read_text(encoding="utf-8")
    # the note's own date, as the note's header writes it, not the build's clock
    assert re.search(r"Last updated on\s+2025-02-10", text)
    assert "2025-02-10" in text.split('class="note-header', 1)[1]
