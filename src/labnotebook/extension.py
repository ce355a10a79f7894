"""The registration list: everything labnotebook adds to Sphinx, in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from labnotebook import __version__
from labnotebook.a11y import setup_a11y
from labnotebook.assets import setup_assets
from labnotebook.backlinks import setup_backlinks
from labnotebook.bibliography import setup_bibliography
from labnotebook.collect import on_check_consistency, on_doctree_read, on_source_read
from labnotebook.compat import on_config_inited as fix_parallel_domains
from labnotebook.config import setup_config
from labnotebook.domain import NoteDomain, NoteRefRole
from labnotebook.execution import setup_execution
from labnotebook.exports import setup_exports
from labnotebook.feeds import setup_feeds
from labnotebook.header import setup_header
from labnotebook.i18n import setup_i18n
from labnotebook.listings import setup_listings
from labnotebook.meta import setup_meta
from labnotebook.navigation import setup_navigation
from labnotebook.numbering import setup_numbering
from labnotebook.pages import setup_pages
from labnotebook.plugin_cache import setup_plugin_cache
from labnotebook.profile import setup_profile
from labnotebook.scheduling import setup_scheduling
from labnotebook.search import setup_search
from labnotebook.template_cache import setup_template_cache
from labnotebook.updates import setup_updates
from labnotebook.warned import setup_warned

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup_extension(app: Sphinx) -> ExtensionMetadata:
    setup_config(app)
    app.connect("config-inited", fix_parallel_domains)

    # notes and labels live in a domain, so parallel reads merge them
    app.add_domain(NoteDomain)
    app.add_role("note", NoteRefRole())

    # front matter is checked as the source is read, before MyST-NB executes it
    app.connect("source-read", on_source_read)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-check-consistency", on_check_consistency)

    # what each note shows and what lists it: backlinks, header and citation, listings
    setup_backlinks(app)
    setup_header(app)
    setup_listings(app)
    setup_pages(app)
    setup_numbering(app)
    setup_exports(app)

    setup_assets(app)
    setup_updates(app)
    setup_i18n(app)
    setup_feeds(app)
    setup_meta(app)
    setup_search(app)
    setup_profile(app)
    setup_bibliography(app)
    setup_execution(app)
    setup_navigation(app)
    setup_plugin_cache(app)
    setup_scheduling(app)
    setup_template_cache(app)
    setup_warned(app)
    setup_a11y(app)

    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
