"""Reaches into Sphinx's build machinery, each to skip work whose result is known.

Checked against Sphinx 9.0 (the version the lock installs). Outside that range every
function here leaves Sphinx alone, and the build does Sphinx's own work: the same
pages, read and written the way Sphinx decides.

- Figure numbering: Sphinx's ``assign_figure_numbers`` loads every document's doctree
  from disk after each read, a no-op rebuild included, while ``numfig`` is on
  (sphinx-doc/sphinx#11908). Per-note numbers are counted as documents are read
  (:mod:`labnotebook.notes.numbering`), so Sphinx's walk is skipped by switching
  ``numfig`` off around its ``env-get-updated`` handler.
- Serial reads: ``Sphinx.parallel`` decides between a serial and a parallel read right
  after ``env-before-read-docs``; a handful of documents is read faster in the main
  process (:mod:`labnotebook.build.scheduling`). UPSTREAM.md, "Sphinx: parallel threshold".
- Toctree parents: ``env.files_to_rebuild`` makes Sphinx write every page whose toctree
  includes a page it writes; labnotebook knows which of them show something new
  (:mod:`labnotebook.site.navigation`). UPSTREAM.md, "Sphinx: toctree parents".
- Chunks: Sphinx's ``make_chunks`` cuts the documents into the chunks that parallel
  readers take; the scheduler reorders documents against the same cut.
- Templates: the HTML builder's Jinja environment gets a bytecode cache
  (:mod:`labnotebook.build.template_cache`). UPSTREAM.md, "Sphinx: template bytecode".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    import jinja2
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

CHECKED = Checked("sphinx", ">=9.0,<9.1")


def skip_figure_walk(config: Config) -> bool:
    """Switch ``numfig`` off until :func:`restore_figure_walk`; whether it was done.

    Sphinx's handler of ``env-get-updated`` then assigns no numbers; the caller puts
    its own into ``env.toc_fignumbers`` after that handler, and switches ``numfig``
    back on before anything else reads it.
    """
    if not CHECKED.holds():
        return False
    config.numfig = False
    return True


def restore_figure_walk(config: Config) -> None:
    config.numfig = True


def read_serially(app: Sphinx) -> int | None:
    """Make the coming read serial; the parallel setting to give back, or ``None``."""
    if not CHECKED.holds():
        return None
    parallel = app.parallel
    app.parallel = 1
    return parallel


def restore_parallel(app: Sphinx, parallel: int) -> None:
    """Give writing the parallel setting :func:`read_serially` took away."""
    app.parallel = parallel


def chunk_sizes(docnames: list[str], nproc: int) -> list[int] | None:
    """The sizes of the chunks Sphinx's parallel read cuts ``docnames`` into, if known."""
    if not CHECKED.holds():
        return None
    from sphinx.util.parallel import make_chunks

    return [len(chunk) for chunk in make_chunks(docnames, nproc)]


def suspend_toctree_parents(env: BuildEnvironment) -> dict[str, set[str]] | None:
    """Stop Sphinx writing the toctree parents of written pages; the map to give back.

    Only after the environment is saved (at ``write-started``): the map is read to
    extend the pages to write and must be back in place before the next build.
    """
    if not CHECKED.holds():
        return None
    parents, env.files_to_rebuild = env.files_to_rebuild, {}
    return parents


def restore_toctree_parents(env: BuildEnvironment, parents: dict[str, set[str]]) -> None:
    env.files_to_rebuild = parents


def template_environment(builder: Builder) -> jinja2.Environment | None:
    """The Jinja environment the HTML builder renders pages with, if there is one."""
    if not CHECKED.holds():
        return None
    import jinja2

    environment: Any = getattr(getattr(builder, "templates", None), "environment", None)
    return environment if isinstance(environment, jinja2.Environment) else None
