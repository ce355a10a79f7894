"""pybtex's plugins, looked up once per build instead of once per citation.

pybtex finds a style, a label or name style, a sorting or a backend by scanning the
entry points of every installed distribution (``importlib.metadata``), unless a
plugin of that name was registered at run time. sphinxcontrib-bibtex asks for
several of them for each citation, so in a virtual environment of some 250
distributions each citation cost about 10 ms of scanning: 8 s of a 200-note build,
growing with the notes. Registering the installed plugins at run time, under the
names they already have, makes every later lookup a dictionary access. The plugins
are the same classes; a plugin someone registered at run time is kept as it is.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from labnotebook import speedups
from labnotebook.patches.pybtex import runtime_plugins

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

# the groups sphinxcontrib-bibtex looks up for every citation
GROUPS = (
    "pybtex.backends",
    "pybtex.style.formatting",
    "pybtex.style.labels",
    "pybtex.style.names",
    "pybtex.style.sorting",
)


def register_installed_plugins() -> int:
    """Register every installed pybtex plugin (and alias) at run time; how many.

    pybtex's own ``register_plugin`` scans the entry points again before it registers
    (the very cost this removes), so the run-time table is filled directly, with
    ``setdefault``: a plugin registered at run time by anyone else wins, as it would
    in ``find_plugin``. Outside the pybtex versions :mod:`labnotebook.patches.pybtex`
    was checked against, or if pybtex drops that table, nothing is done.
    """
    runtime = runtime_plugins()
    if runtime is None:
        return 0
    installed = entry_points()
    count = 0
    for group in GROUPS:
        for search_group in (group, f"{group}.aliases"):
            table = runtime.setdefault(search_group, {})
            for entry in installed.select(group=search_group):
                if entry.name not in table:
                    table[entry.name] = entry.load()
                    count += 1
    return count


def on_config_inited(app: Sphinx, config: Config) -> None:
    if "sphinxcontrib.bibtex" in config.extensions:
        register_installed_plugins()


def setup_plugin_cache(app: Sphinx) -> None:
    if not speedups.enabled("plugin-cache"):
        return
    app.connect("config-inited", on_config_inited)
