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
icons); the stylesheet's rules for the icons no page names are dropped. The theme
copies its files whole at every build and every build rescans every page, so an
incremental build that adds an icon gets it. An icon missing from the font would show
nothing, so the names are taken generously: any ``fa-<name>`` in any page or script.
What is lost: icons a project registers itself with the script's
``FontAwesome.library.add`` (none here).

Checked against pydata-sphinx-theme 0.20 (its stylesheet's icon rules, font folder and
the script tag's markup in ``webpack-macros.html``), under sphinx-book-theme 1.4, whose
``CHECKED`` range puts our ``layout.html`` in use. With another version the fonts are
served whole.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from labnotebook import speedups
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
#: fonts already cut in this process, by the digest of the whole font and the code points
_CUT_FONTS: dict[str, bytes] = {}


def icon_code_points(stylesheet: str) -> dict[str, set[int]]:
    """Each icon class of the stylesheet (``fa-github``) and the code points it prints."""
    icons: dict[str, set[int]] = {}
    for selectors, value in ICON_RULE.findall(stylesheet):
        points = {int(escape, 16) for escape in value.split("\\") if escape}
        for selector in selectors.split(","):
            if selector:
                icons.setdefault(selector.lstrip("."), set()).update(points)
    return icons


def names_in(file: Path) -> frozenset[str]:
    return frozenset(ICON_NAME.findall(file.read_text(encoding="utf-8", errors="replace")))


def used_icon_names(static: Path, pages: list[Path], known: Path | None = None) -> set[str]:
    """Every ``fa-<name>`` written in the book's pages and scripts.

    With ``known`` (a file beside the doctrees), each page's names are kept there with
    its size and time, and only pages written since are read again: reading all of them
    was a second of a one-note rebuild of a 1000-note book.
    """
    try:
        last = pickle.loads(known.read_bytes()) if known else {}
    except Exception:  # missing or damaged: every page is read again
        last = {}
    pages_now: dict[str, tuple[tuple[int, int], frozenset[str]]] = {}
    for page in pages:
        stat = page.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        entry = last.get(str(page)) if isinstance(last, dict) else None
        pages_now[str(page)] = entry if entry and entry[0] == stamp else (stamp, names_in(page))
    if known is not None and pages_now != last:
        known.parent.mkdir(parents=True, exist_ok=True)
        partial = known.with_name(known.name + ".partial")
        partial.write_bytes(pickle.dumps(pages_now, protocol=5))
        partial.replace(known)
    names: set[str] = set().union(*(found for _stamp, found in pages_now.values()))
    # the theme's and extensions' scripts sit at the top of _static (and in scripts/);
    # MathJax's and Pagefind's many files below it name no icon
    for script in [*static.glob("*.js"), *static.glob("scripts/*.js")]:
        names |= names_in(script)
    return names


def used_code_points(static: Path, names: set[str]) -> set[int]:
    """The icon code points the book shows: those of the icon classes it names, and
    the private-use glyphs the stylesheets print themselves."""
    icons = icon_code_points((static / STYLESHEET).read_text(encoding="utf-8"))
    points = {point for name in names for point in icons.get(name, ())}
    for sheet in static.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        points.update(ord(char) for char in PRIVATE_USE.findall(text))
    return points


def drop_unused_icon_rules(stylesheet: Path, names: set[str]) -> None:
    """Remove the stylesheet's rules for icons no page names, in place."""

    def keep_if_used(rule: re.Match[str]) -> str:
        selectors = [s for s in rule.group(1).split(",") if s.lstrip(".") in names]
        return f'{",".join(selectors)}{{--fa:"{rule.group(2)}"}}' if selectors else ""

    text = stylesheet.read_text(encoding="utf-8")
    stylesheet.write_text(ICON_RULE.sub(keep_if_used, text), encoding="utf-8")


def subset_font(font_file: Path, points: set[int], cache: Path) -> None:
    """Keep only ``points`` (and the glyphs they need) in the WOFF2 font, in place.

    Cutting a font takes a second or more (WOFF2 is compressed hard), so the result is
    kept under the digest of the whole font and the code points: in ``cache`` for the
    next build, and in memory for the next build in the same process (a test session
    builds many books with the same icons).
    """
    key = hashlib.sha256(font_file.read_bytes())
    key.update(",".join(map(str, sorted(points))).encode())
    digest = key.hexdigest()
    cached = cache / f"{font_file.stem}-{digest[:16]}.woff2"
    if digest in _CUT_FONTS:
        font_file.write_bytes(_CUT_FONTS[digest])
        return
    if cached.is_file():
        shutil.copyfile(cached, font_file)
        return
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
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.glob(f"{font_file.stem}-*.woff2"):
        stale.unlink()
    shutil.copyfile(font_file, cached)
    _CUT_FONTS[digest] = font_file.read_bytes()


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir, "_static")
    fonts = static / FONTS
    if not (static / STYLESHEET).is_file() or not fonts.is_dir() or not CHECKED.holds():
        return
    pages = [page for page in Path(app.outdir).rglob("*.html") if static not in page.parents]
    known = Path(app.doctreedir, "labnotebook-icon-names.pickle")
    names = used_icon_names(static, pages, known if speedups.enabled("icon-names-cache") else None)
    points = used_code_points(static, names)
    # the 1,970 rules naming each icon's code point are 66 KB of the stylesheet
    drop_unused_icon_rules(static / STYLESHEET, names)
    # the theme copies its fonts whole at every build (copy_asset(force=True)), so
    # each build cuts them again from the full fonts, with every page's icons
    cache = Path(app.doctreedir, "labnotebook-icon-fonts")
    for font_file in sorted(fonts.glob("*.woff2")):
        subset_font(font_file, points, cache)


def setup_icon_fonts(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
