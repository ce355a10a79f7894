"""Every falsifier the example book's notes declare is rejected by the claim it targets."""

from __future__ import annotations

from tests.conftest import REPO
from tests.test_falsify import falsify


def test_every_falsifier_of_the_example_book_is_rejected() -> None:
    result = falsify(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SURVIVED" not in result.stdout and "BROKE" not in result.stdout
