"""The registration list: everything labnotebook adds to Sphinx, in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

from labnotebook import __version__, speedups
from labnotebook.bibliography import setup_bibliography
from labnotebook.bibliography.syntax import setup_bib_syntax
from labnotebook.build.config_memory import setup_config_memory
from labnotebook.build.crash_safety import setup_crash_safety
from labnotebook.build.plugin_cache import setup_plugin_cache
from labnotebook.build.removed_outputs import setup_removed_outputs
from labnotebook.build.reread_warned import setup_warned
from labnotebook.build.scheduling import setup_scheduling
from labnotebook.build.template_cache import setup_template_cache
from labnotebook.config import setup_config
from labnotebook.execution import setup_execution
from labnotebook.execution.output_cutting import setup_output_limits
from labnotebook.notes.backlinks import setup_backlinks
from labnotebook.notes.domain import NoteDomain, NoteRefRole
from labnotebook.notes.embed import setup_embed
from labnotebook.notes.header import setup_header
from labnotebook.notes.label_names import setup_label_names
from labnotebook.notes.listings import setup_listings
from labnotebook.notes.numbered_refs import setup_numbered_refs
from labnotebook.notes.numbering import setup_numbering
from labnotebook.notes.page_language import setup_page_language
from labnotebook.notes.reading import on_check_consistency, on_doctree_read, on_source_read
from labnotebook.notes.sources import setup_sources
from labnotebook.notes.tag_pages import setup_pages
from labnotebook.notes.translations import setup_i18n
from labnotebook.patches.myst_nb_markup import setup_myst_nb_fixes
from labnotebook.patches.pydata_sphinx_theme import setup_icon_fonts
from labnotebook.patches.sphinx_book_theme import setup_book_theme_title
from labnotebook.patches.sphinx_book_theme_title import setup_book_theme_patch
from labnotebook.patches.sphinx_proof import on_config_inited as fix_parallel_domains
from labnotebook.patches.sphinx_proof_ids import setup_sphinx_proof_ids
from labnotebook.project_settings import setup_existing_project
from labnotebook.site.a11y import setup_a11y
from labnotebook.site.assets import setup_assets
from labnotebook.site.cite_book import setup_cite_book
from labnotebook.site.comments import setup_comments
from labnotebook.site.exports import setup_exports
from labnotebook.site.feeds import setup_feeds
from labnotebook.site.figure_zoom import setup_figure_zoom
from labnotebook.site.history import setup_history
from labnotebook.site.index_pages import setup_index_pages
from labnotebook.site.interactive import setup_interactive
from labnotebook.site.launch import setup_launch
from labnotebook.site.machine_copies import setup_machine_copies
from labnotebook.site.meta import setup_meta
from labnotebook.site.navigation import setup_navigation
from labnotebook.site.not_found import setup_not_found
from labnotebook.site.pdf import setup_pdf
from labnotebook.site.profile import setup_profile
from labnotebook.site.redirects import setup_redirects
from labnotebook.site.search import setup_search
from labnotebook.site.unused_scripts import setup_unused_scripts
from labnotebook.site.updates import setup_updates

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup_extension(app: Sphinx) -> ExtensionMetadata:
    try:
        speedups.check_setting()
    except speedups.UnknownSpeedupError as exc:
        # Sphinx prints an extension's error as one message, without a traceback
        raise ExtensionError(str(exc)) from None
    setup_config(app)
    app.connect("config-inited", fix_parallel_domains)
    setup_myst_nb_fixes(app)
    setup_sphinx_proof_ids(app)

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
    setup_numbered_refs(app)
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
    setup_sources(app)
    setup_book_theme_patch(app)
    setup_output_limits(app)
    setup_bib_syntax(app)
    setup_removed_outputs(app)
    setup_crash_safety(app)
    setup_history(app)
    setup_redirects(app)
    setup_pdf(app)
    setup_label_names(app)
    setup_cite_book(app)
    setup_page_language(app)
    setup_existing_project(app)
    setup_book_theme_title(app)
    setup_machine_copies(app)
    setup_launch(app)
    setup_comments(app)
    setup_embed(app)
    setup_icon_fonts(app)
    setup_unused_scripts(app)
    setup_figure_zoom(app)
    setup_interactive(app)
    setup_not_found(app)
    setup_index_pages(app)
    setup_config_memory(app)

    return {
        "version": __version__,
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
