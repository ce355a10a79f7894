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
- The configuration an environment remembers: Sphinx compares the configuration pickled
  with the last environment against the new one before ``builder-inited``, but pickles
  it after the themes and extensions have added to it there, so every build said "The
  configuration has changed" (:mod:`labnotebook.build.config_memory`). The pickled
  environment now keeps the configuration as it was when Sphinx compared it, and when
  only options that need no reading changed, and Sphinx therefore pickled no new
  environment, the pickled one gets the new configuration at the end of the build.
  UPSTREAM.md, "Sphinx: configuration compared".
"""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
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


#: The attribute of a ``Config`` holding its values as Sphinx compared them; Sphinx
#: pickles no attribute whose name starts with an underscore.
_COMPARED = "_labnotebook_compared_values"
#: The attribute of a pickled environment holding the same values, to be read back.
_PICKLED = "labnotebook_compared_config"


def remember_compared_config(config: Config) -> None:
    """Copy the values of ``config`` as they are now, when the last ``config-inited``
    handler has run: what Sphinx is about to compare with the pickled environment's.

    Values Sphinx would not pickle (functions, classes, modules) are left out: Sphinx
    already reports those as changed at every build, and says so with its own warning.
    """
    if not CHECKED.holds():
        return
    from sphinx.config import is_serializable

    values = {}
    for option in config:
        if is_serializable(option.value):
            values[option.name] = copy.deepcopy(option.value)
    object.__setattr__(config, _COMPARED, values)


def config_as_compared(config: Config) -> Config:
    """A copy of ``config`` holding the values :func:`remember_compared_config` copied,
    to be pickled with the environment in place of ``config``; ``config`` itself if
    none were copied."""
    values: dict[str, Any] | None = getattr(config, _COMPARED, None)
    if values is None:
        return config
    from sphinx.config import Config

    state = config.__getstate__()
    options = state["_options"]
    for name, value in values.items():
        if name in options:
            options[name] = (value, options[name][1])
        if name in state:
            state[name] = value
    remembered = Config.__new__(Config)
    remembered.__setstate__(state)
    return remembered


def pickle_config_as_compared() -> None:
    """Make every pickled environment carry :func:`config_as_compared` (once per process)."""
    if not CHECKED.holds():
        return
    from sphinx.environment import BuildEnvironment

    original = BuildEnvironment.__getstate__
    if getattr(original, "_labnotebook", False):
        return

    def __getstate__(self: BuildEnvironment) -> dict[str, Any]:  # noqa: N807
        state = original(self)
        if state.get("config") is not None:
            state["config"] = config_as_compared(state["config"])
            state[_PICKLED] = getattr(self.config, _COMPARED, None)
        return state

    __getstate__._labnotebook = True  # type: ignore[attr-defined]
    __getstate__.__wrapped__ = original  # type: ignore[attr-defined]
    BuildEnvironment.__getstate__ = __getstate__  # type: ignore[method-assign]


def config_changed_since_pickled(env: BuildEnvironment) -> bool:
    """Whether the configuration Sphinx compared in this build differs from the one
    the environment it loaded was pickled with (``False`` for a new environment)."""
    if not CHECKED.holds():
        return False
    before = getattr(env, _PICKLED, None)
    return before is not None and before != getattr(env.config, _COMPARED, None)


def repickle_config(app: Sphinx) -> None:
    """Give the pickled environment this build's configuration, if it has an older one.

    Sphinx pickles the environment only when a document was read; a change to options
    that need no reading (``html_context``, the theme's options) leaves the old
    configuration in the pickle, and every later build reported the change again. Only
    the configuration is replaced: the rest is the environment as Sphinx saved it.
    """
    from sphinx.application import ENV_PICKLE_FILENAME

    path = Path(app.doctreedir) / ENV_PICKLE_FILENAME
    with path.open("rb") as stream:
        env = pickle.load(stream)
    if getattr(env, _PICKLED, None) == getattr(app.config, _COMPARED, None):
        return  # Sphinx pickled it in this build
    env.config = app.config
    temporary = path.with_name(path.name + ".labnotebook-tmp")
    with temporary.open("wb") as stream:
        pickle.dump(env, stream, pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)
