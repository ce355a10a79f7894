"""docs/performance.md lists every speed-up that ``LABNOTEBOOK_WITHOUT`` can switch off."""

from __future__ import annotations

import pytest

from labnotebook.speedups import SPEEDUPS
from tests.conftest import REPO

pytestmark = pytest.mark.book


def test_every_speedup_has_its_row_in_the_performance_page() -> None:
    text = (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
    section = text.split("## The speed-ups, and their switches", 1)[1].split("\n## ", 1)[0]
    rows = {
        line.split("|")[1].strip(" `") for line in section.splitlines() if line.startswith("| `")
    }
    assert rows == set(SPEEDUPS)
