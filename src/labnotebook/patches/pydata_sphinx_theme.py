"""pydata-sphinx-theme's icons, without its 1.5 MB icon script and with fonts cut to the icons used.

The theme (checked against pydata-sphinx-theme 0.20.0, under sphinx-book-theme 1.4.0)
puts ``_static/scripts/fontawesome.js`` in every page's head: all of Font Awesome's
icons as JavaScript (1,562 KB), which swaps each ``<i class="fa-…">`` for an SVG
after the page has loaded (pydata/pydata-sphinx-theme#2379 and #2115; the open pull
request #2494 does the same upstream). Its stylesheet already draws the same icons
with Font Awesome's web fonts (``fa-solid-900.woff2`` and ``fa-brands-400.woff2``,
225 KB between them), so the
script is redundant: our ``layout.html`` (in ``patches/templates/sphinx_book_theme``)
takes its tag out of the head, and the icons are the fonts' glyphs.

The fonts carry every icon too. After the build, each font in the output is cut down
(with fontTools, the reference font library) to the icons the book shows: the icon
classes named in its pages and scripts (``fa-github`` → U+F09B, read from the theme's
stylesheet) and the glyphs the stylesheets print themselves (admonition and link
icons). Every build rescans every page, so an incremental build that adds an icon
gets it. A page whose icon is not found in the font shows nothing for it, so the names
are taken generously: any ``fa-<name>`` in any page or script. What is lost: icons a
project registers itself with the script's ``FontAwesome.library.add`` (none here).

Applied only to the checked theme version; with another the theme's script and fonts
are served as they are.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CHECKED = Checked("pydata-sphinx-theme", ">=0.20,<0.21")
#: the theme's stylesheet (with the icon classes) and web fonts, inside ``_static``
STYLESHEET = Path("styles", "pydata-sphinx-theme.css")
FONTS = Path("vendor", "fontawesome", "webfonts")
#: ``.fa-github,.fa-square-github{--fa:"\\f09b"}``: icon class names and their code points
ICON_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+,?)+)\{--fa:\"((?:\\[0-9a-f]{1,6})+)\"\}")
ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
#: Font Awesome's icons live in Unicode's private use area
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def icon_code_points(stylesheet: str) -> dict[str, set[int]]:
    """Each icon class of the stylesheet (``fa-github``) and the code points it prints."""
    icons: dict[str, set[int]] = {}
    for selectors, value in ICON_RULE.findall(stylesheet):
        points = {int(escape, 16) for escape in value.split("\\") if escape}
        for selector in selectors.split(","):
            if selector:
                icons.setdefault(selector.lstrip("."), set()).update(points)
    return icons


def used_code_points(static: Path, pages: list[Path]) -> set[int]:
    """The icon code points the book shows: classes named in pages and scripts, and
    the private-use glyphs the stylesheets print themselves."""
    icons = icon_code_points((static / STYLESHEET).read_text(encoding="utf-8"))
    names: set[str] = set()
    for file in [*pages, *static.rglob("*.js")]:
        names.update(ICON_NAME.findall(file.read_text(encoding="utf-8", errors="replace")))
    points = {point for name in names for point in icons.get(name, ())}
    for sheet in static.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        points.update(ord(char) for char in PRIVATE_USE.findall(text))
    return points


def subset_font(font_file: Path, points: set[int]) -> None:
    """Keep only ``points`` (and the glyphs they need) in the WOFF2 font, in place."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.ignore_missing_unicodes = True
    font = subset.load_font(str(font_file), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    subset.save_font(font, str(font_file), options)
    font.close()


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir, "_static")
    fonts = static / FONTS
    if not (static / STYLESHEET).is_file() or not fonts.is_dir() or not CHECKED.holds():
        return
    pages = [page for page in Path(app.outdir).rglob("*.html") if static not in page.parents]
    points = used_code_points(static, pages)
    # the theme copies its fonts whole at every build (copy_asset(force=True)), so
    # each build cuts them again from the full fonts, with every page's icons
    for font_file in sorted(fonts.glob("*.woff2")):
        subset_font(font_file, points)


def setup_icon_fonts(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
