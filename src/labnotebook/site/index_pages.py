"""No empty or raw index page for a visitor to land on.

Sphinx writes ``genindex.html`` and links it from every page's head whether or not the
book has a single index entry; a notebook that never uses ``{index}`` shows its visitors
an empty "Index" page. sphinx-proof adds a domain index, ``prf-prf.html``, "Proof Index":
a bare table of labels that no page links to. Here

* the general index is written and linked only when some page has an index entry, decided
  anew by every build, once the documents are read (``env-updated``);
* a book that keeps ``html_domain_indices`` at its default gets every domain index but
  sphinx-proof's. A book that sets it keeps its own choice.

An index page that a build does not write is removed from the output, as a clean build
would not have it (the general index of a book whose last entry went, a Proof Index
written by an earlier release).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: sphinx-proof's domain index: labels in a table, for no reader.
RAW_DOMAIN_INDICES = frozenset({"prf-prf"})


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Leave the raw domain indices out, unless the book chose its domain indices."""
    if config.html_domain_indices is not True:
        return
    config.html_domain_indices = sorted(
        f"{domain.name}-{index.name}"
        for domain in app.registry.domains.values()
        for index in domain.indices
        if f"{domain.name}-{index.name}" not in RAW_DOMAIN_INDICES
    )


def has_index_entries(env: BuildEnvironment) -> bool:
    entries = env.domains.index_domain.entries
    return any(entries.values())


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """Without index entries, no general index: neither the page nor links to it."""
    if not app.config.html_use_index or has_index_entries(env):
        return
    # the builder decides whether to write the page, the config whether pages link it
    app.config.html_use_index = False
    if hasattr(app.builder, "use_index"):
        app.builder.use_index = False


def unwritten_index_pages(app: Sphinx) -> list[str]:
    """The index pages this build leaves out, by page name."""
    unwritten = [] if getattr(app.builder, "use_index", True) else ["genindex"]
    chosen = app.config.html_domain_indices  # True (all), False, or the names (a set, a list)
    written = set(RAW_DOMAIN_INDICES) if chosen is True else set(chosen or ())
    return unwritten + sorted(RAW_DOMAIN_INDICES - written)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    suffix = getattr(app.builder, "out_suffix", ".html")
    for pagename in unwritten_index_pages(app):
        Path(app.outdir, pagename + suffix).unlink(missing_ok=True)


def setup_index_pages(app: Sphinx) -> None:
    # after every extension registered its domains
    app.connect("config-inited", on_config_inited, priority=800)
    app.connect("env-updated", on_env_updated)
    app.connect("build-finished", on_build_finished)
