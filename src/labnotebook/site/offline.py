"""MathJax served from the book itself, so the book reads offline and asks no CDN for anything.

Sphinx's mathjax extension points every page with math at a CDN. This extension copies
the MathJax 3 build (scripts and fonts) that the ``sphinx-mathjax-offline`` package ships
into ``_static/mathjax/`` and points ``mathjax_path`` there. That package's own Sphinx
entry point does the same but does not declare itself safe for parallel builds, which
makes a strict ``-j`` build fail; its files are what we reuse.

Enable it in ``conf.py`` with ``extensions = [..., "labnotebook.site.offline"]``. It is not part
of ``labnotebook`` itself, so the small test books do not copy 24 MB of MathJax each.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

from labnotebook import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

PACKAGE = "sphinx-mathjax-offline"
# the script sphinx.ext.mathjax loads, relative to _static: MathJax's loader alone, which
# then fetches only the components in MATHJAX_COMPONENTS
MATHJAX_SCRIPT = "mathjax/startup.js"
#: TeX in, HTML out, and the hidden MathML that screen readers read: what the combined
#: ``tex-chtml.js`` (1,134 KB) does, without its 416 KB context menu (zoom, "show math
#: as", speech settings) that no page needs to be read; 737 KB over five files, fetched
#: only by pages with math (Sphinx adds the script to those alone)
MATHJAX_COMPONENTS = ["input/tex", "output/chtml", "a11y/assistive-mml"]


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
    if "://" in config.mathjax_path or config.mathjax_path.startswith("//"):
        config.mathjax_path = MATHJAX_SCRIPT
    if config.mathjax_path == MATHJAX_SCRIPT:
        # the loader needs its list; a project's own MathJax settings are kept, and its own
        # loader settings win (a new dict: never change the value conf.py handed in)
        settings = dict(config.mathjax3_config or {})
        settings["loader"] = {"load": MATHJAX_COMPONENTS, **settings.get("loader", {})}
        config.mathjax3_config = settings
    folder = str(mathjax_folder())
    # the folder's only child is mathjax/, copied with the other static files into _static
    if folder not in config.html_static_path:
        # a new list: the value may be Sphinx's shared default (see labnotebook.site.assets)
        config.html_static_path = [*config.html_static_path, folder]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx.ext.mathjax")
    app.connect("config-inited", on_config_inited)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
