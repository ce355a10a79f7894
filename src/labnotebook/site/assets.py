"""The extension's own CSS and JavaScript, served from the built book (never a CDN)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = Path(__file__).parent / "static"


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Serve the package's static folder.

    Done when the configuration is read, before Sphinx compares it with the last
    build's, and by replacing the list (which may be Sphinx's shared default) rather
    than appending to it: either mistake makes every build look like a configuration
    change, and Sphinx then reads every document again.
    """
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup_assets(app: Sphinx) -> None:
    app.connect("config-inited", on_config_inited)
    app.add_css_file("labnotebook.css")
    # phone and dark mode: tables, code and equations within the column, the folded tag
    # wall, the round profile photo
    app.add_css_file("labnotebook-small-screens.css")
