"""Lighthouse, phone preset, on the five page kinds of issue 18: the targets, asserted.

Home, notes index, a note with math and figures, publications and search, served as a
compressing web host serves them (``bench/lighthouse.py``, which prints the same figures
as a table). Each page must score 100 in accessibility, best practices and SEO, and at
least 90 in performance.

Performance is simulated from timings taken on this machine, so it falls when the machine
is busy: these tests are marked ``lighthouse`` and ``make test`` runs them after the others,
alone. A page that scores under 90 once is measured twice more and judged by the median
of its three runs. Lighthouse is npm's package, which `.ci/run` installs beside the
environment; without it the tests are skipped with the reason, except in CI.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.lighthouse import INSTALL, find_lighthouse, run_once, serve_gzipped
from bench.page_weight import PAGES
from tests.browsing import need_browser

pytestmark = pytest.mark.lighthouse

TARGET = 90


@pytest.fixture(scope="module")
def lighthouse() -> str:
    need_browser()
    if command := find_lighthouse():
        return command
    message = f"no lighthouse command: {INSTALL}, or set LIGHTHOUSE to one"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def host(book: Path) -> Iterator[str]:
    with serve_gzipped(book) as base:
        yield base


@pytest.mark.parametrize("page", PAGES)
def test_phone_scores_meet_the_targets(
    lighthouse: str, host: str, page: str, tmp_path: Path
) -> None:
    first = run_once(lighthouse, host + page, tmp_path / "report.json")
    assert first.shortfalls == []
    assert {name: first.scores[name] for name in ("accessibility", "best-practices", "seo")} == {
        "accessibility": 100,
        "best-practices": 100,
        "seo": 100,
    }
    scores = [first.scores["performance"]]
    if scores[0] < TARGET:
        scores += [
            run_once(lighthouse, host + page, tmp_path / "report.json").scores["performance"]
            for _ in range(2)
        ]
    assert statistics.median(scores) >= TARGET, (
        f"performance {scores}; weight {first.scores['transfer KB']:.0f} KB, "
        f"LCP {first.scores['LCP s']:.1f} s, TBT {first.scores['TBT ms']:.0f} ms"
    )
