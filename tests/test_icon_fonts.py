"""The theme's icon fonts cut to the icons a book shows (labnotebook.patches.pydata_sphinx_theme).

The book itself is checked in tests/book/test_page_weight.py; these check the pieces on
the theme's real font and small stylesheets, without a build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from labnotebook.patches import pydata_sphinx_theme
from labnotebook.patches.pydata_sphinx_theme import (
    drop_unused_icon_rules,
    icon_code_points,
    subset_font,
    used_code_points,
)

THEME = Path(pytest.importorskip("pydata_sphinx_theme").__file__).parent
FONTS = THEME / "theme" / "pydata_sphinx_theme" / "static" / "vendor" / "fontawesome" / "webfonts"
SHEET = (
    '.fa-github-square,.fa-square-github{--fa:"\\f092"}.fa-github{--fa:"\\f09b"}'
    '.fa-solid{display:inline-block}.fa-two{--fa:"\\f00d\\f00e"}'
    '.tip:after{content:"\uf0eb"}'
)


def test_icon_classes_and_their_code_points() -> None:
    icons = icon_code_points(SHEET)
    assert icons == {
        "fa-github-square": {0xF092},
        "fa-square-github": {0xF092},
        "fa-github": {0xF09B},
        "fa-two": {0xF00D, 0xF00E},
    }


def test_code_points_of_named_icons_and_of_glyphs_the_stylesheets_print(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "pydata-sphinx-theme.css").write_text(SHEET, encoding="utf-8")
    assert used_code_points(tmp_path, {"fa-github", "fa-unknown"}) == {0xF09B, 0xF0EB}


def test_unused_icon_rules_are_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    sheet = tmp_path / "theme.css"
    sheet.write_text(SHEET, encoding="utf-8")
    drop_unused_icon_rules(sheet, {"fa-square-github"})
    assert sheet.read_text(encoding="utf-8") == (
        '.fa-square-github{--fa:"\\f092"}.fa-solid{display:inline-block}'
        '.tip:after{content:"\uf0eb"}'
    )


def test_a_font_keeps_only_the_icons_shown_and_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = tmp_path / "fa-solid-900.woff2"
    shutil.copyfile(FONTS / "fa-solid-900.woff2", font)
    whole = font.stat().st_size
    cache = tmp_path / "cache"
    subset_font(font, {0xF002, 0xF00D}, cache)
    assert font.stat().st_size < whole / 20
    assert set(TTFont(font).getBestCmap()) == {0xF002, 0xF00D}
    cut = font.read_bytes()
    # the next build, with the same icons, copies the cut font from the cache
    shutil.copyfile(FONTS / "fa-solid-900.woff2", font)
    monkeypatch.setattr(subset, "Subsetter", None)
    subset_font(font, {0xF002, 0xF00D}, cache)
    assert font.read_bytes() == cut
    # and a new process, with an empty memory, finds it in the build's cache folder
    monkeypatch.setattr(pydata_sphinx_theme, "_CUT_FONTS", {})
    shutil.copyfile(FONTS / "fa-solid-900.woff2", font)
    subset_font(font, {0xF002, 0xF00D}, cache)
    assert font.read_bytes() == cut
