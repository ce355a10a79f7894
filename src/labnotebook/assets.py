"""The extension's own CSS and JavaScript, served from the built book (never a CDN)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def on_builder_inited(app: Sphinx) -> None:
    """Add the package's static folder to HTML builds, once."""
    if app.builder.format == "html" and str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
    app.add_css_file("labnotebook.css")
