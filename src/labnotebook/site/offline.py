"""MathJax served from the book itself, so the book reads offline and asks no CDN for anything.

Sphinx's mathjax extension points every page with math at a CDN. This extension copies
the MathJax 3 build (scripts and fonts) that the ``sphinx-mathjax-offline`` package ships
into ``_static/mathjax/`` and points ``mathjax_path`` there. That package's own Sphinx
entry point does the same but does not declare itself safe for parallel builds, which
makes a strict ``-j`` build fail; its files are what we reuse.

Pages do not load MathJax with themselves: a small script of ours
(``static/labnotebook-math.js``) fetches it when the reader nears the first formula, and
MathJax's ``ui/lazy`` component typesets each formula as it comes into view. A note's first
screen (header, abstract) then shows without 170 KB of script and its typesetting, which
is what kept a note with math slow on a phone (Lighthouse's phone preset).

Enable it in ``conf.py`` with ``extensions = [..., "labnotebook.site.offline"]``. It is not part
of ``labnotebook`` itself, so the small test books do not copy 24 MB of MathJax each.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

from labnotebook import __version__
from labnotebook.site.assets import STATIC

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

PACKAGE = "sphinx-mathjax-offline"
#: the script sphinx.ext.mathjax puts in pages with math (and only those), relative to
#: _static: ours, which fetches MathJax's loader (``mathjax/startup.js``) when a formula
#: nears the viewport; the loader then fetches only the components in MATHJAX_COMPONENTS
MATHJAX_SCRIPT = "labnotebook-math.js"
#: What the page had to name before this script: a project's conf.py may still say it.
MATHJAX_LOADER = "mathjax/startup.js"
#: TeX in, HTML out, the hidden MathML that screen readers read, and typesetting as each
#: formula nears the viewport: what the combined ``tex-chtml.js`` (1,134 KB) does, without
#: its 416 KB context menu (zoom, "show math as", speech settings) that no page needs to be
#: read; 741 KB over six files, 170 KB compressed
MATHJAX_COMPONENTS = ["input/tex", "output/chtml", "a11y/assistive-mml", "ui/lazy"]
#: how far outside the viewport a formula is typeset ahead of the reader (MathJax's
#: default, 200px, shows raw TeX for a moment when a phone scrolls fast)
LAZY_MARGIN = "100%"


def mathjax_folder() -> Path:
    """The folder holding ``mathjax/`` in the installed package, or an error saying what to do."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise ExtensionError(
            f"labnotebook.site.offline serves MathJax from the book and needs the {PACKAGE} "
            f"package: install it (pip install {PACKAGE}) or remove labnotebook.site.offline "
            "from extensions in conf.py"
        )
    return Path(spec.origin).parent / "static"


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Serve MathJax locally, unless conf.py already points ``mathjax_path`` at a local file."""
    remote = "://" in config.mathjax_path or config.mathjax_path.startswith("//")
    if remote or config.mathjax_path == MATHJAX_LOADER:
        config.mathjax_path = MATHJAX_SCRIPT
    if config.mathjax_path == MATHJAX_SCRIPT:
        # the loader needs its list; a project's own MathJax settings are kept, and its own
        # loader settings win (a new dict: never change the value conf.py handed in)
        settings = dict(config.mathjax3_config or {})
        settings["loader"] = {"load": MATHJAX_COMPONENTS, **settings.get("loader", {})}
        settings["options"] = {"lazyMargin": LAZY_MARGIN, **settings.get("options", {})}
        config.mathjax3_config = settings
    # mathjax/ is the package folder's only child, copied with the other static files into
    # _static; STATIC holds labnotebook-math.js, whether or not labnotebook itself is loaded
    for folder in (str(mathjax_folder()), str(STATIC)):
        if folder not in config.html_static_path:
            # a new list: the value may be Sphinx's shared default (see site/assets.py)
            config.html_static_path = [*config.html_static_path, folder]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx.ext.mathjax")
    app.connect("config-inited", on_config_inited)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
