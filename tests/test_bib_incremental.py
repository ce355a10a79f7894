"""Citations across documents: incremental rebuilds of the cited-by lists.

Kept apart from test_bib.py, whose module-wide build would share Sphinx's registries
with these builds.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.conftest import copy_root, warnings_of
from tests.test_bib import HOSTILE, ROOT, cited_by, soup


def touch_and_write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def test_incremental_build_updates_cited_by(make_app, tmp_path) -> None:
    src = copy_root(ROOT, tmp_path)
    app = make_app("html", srcdir=src)
    app.build()
    assert cited_by(app, "bibliography.html", "yu2023whitebox") == [HOSTILE]
    plain_html = Path(app.outdir) / "notes" / "plain.html"
    before = plain_html.stat().st_mtime_ns

    # b stops citing yu2023whitebox; plain starts citing it
    note_b = src / "notes" / "b.md"
    touch_and_write(note_b, note_b.read_text().replace("{cite:p}`yu2023whitebox`", "(gone)"))
    app.build()
    assert warnings_of(app) == []
    assert cited_by(app, "bibliography.html", "yu2023whitebox") == []
    assert cited_by(app, "publications.html", "yu2023whitebox", prefix="pub") == []
    assert plain_html.stat().st_mtime_ns == before  # an unrelated note is not rewritten

    note_plain = src / "notes" / "plain.md"
    touch_and_write(note_plain, note_plain.read_text() + "\nNow {cite:t}`yu2023whitebox`.\n")
    app.build()
    assert warnings_of(app) == []
    assert cited_by(app, "bibliography.html", "yu2023whitebox") == ["No citations"]
    assert soup(app, "notes/plain.html").select("section.lnb-references")
