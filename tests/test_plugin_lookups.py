"""Displaying a BibTeX field never scans the installed distributions for a pybtex plugin.

Once :mod:`labnotebook.build.plugin_cache` has filled pybtex's run-time table, a lookup
is a dictionary access; a lookup by an alias name (``text``) still scanned every
distribution's entry points first, for each name and venue the exports displayed.
"""

from __future__ import annotations

import pybtex.plugin
import pytest
from pybtex.database import Person

from labnotebook.bibliography.entries import display_name, latex_to_text
from labnotebook.build.plugin_cache import register_installed_plugins


def test_latex_to_text_finds_its_backend_without_scanning(monkeypatch: pytest.MonkeyPatch) -> None:
    register_installed_plugins()
    scans: list[dict[str, str]] = []
    real = pybtex.plugin.entry_points

    def counting(**selection: str):  # type: ignore[no-untyped-def]
        scans.append(selection)
        return real(**selection)

    monkeypatch.setattr(pybtex.plugin, "entry_points", counting)
    assert latex_to_text(r"Caf{\'e} {GPU} & \% 中文 🙂") == "Café GPU & % 中文 🙂"
    assert display_name(Person("von Oswald, Johannes")) == "Johannes von Oswald"
    assert scans == []
