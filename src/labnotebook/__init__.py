"""A Sphinx extension for research notebooks: citable notes, listings and executable notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension; the registration list lives in :mod:`labnotebook.extension`."""
    from labnotebook.extension import setup_extension

    return setup_extension(app)
