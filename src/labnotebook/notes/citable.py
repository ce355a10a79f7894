"""Where a citation points: the one function that makes a document's public address.

"Cite this note", ``notes.bib``, ``notes.json``, the ``citation_*`` tags, the JSON-LD,
the feeds and the sitemap all take a page's address from here, so that a change of
scheme (permanent ``/n/<label>/`` addresses, say) is a change of this function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labnotebook.config import get_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def page_url(app: Sphinx, docname: str) -> str:
    """The absolute address of a page under ``labnotebook_site_url``, or ``""`` without one."""
    site_url = get_config(app.env).site_url
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + app.builder.get_target_uri(docname)
