"""pybtex's table of plugins registered at run time, filled with the installed ones.

pybtex finds a style, a label or name style, a sorting or a backend by scanning the
entry points of every installed distribution, unless a plugin of that name was
registered at run time; sphinxcontrib-bibtex asks for several for each citation, and
each scan took about 10 ms in a virtual environment of some 250 distributions
(:mod:`labnotebook.build.plugin_cache`). pybtex's own ``register_plugin`` scans
again before it registers, so its private run-time table ``_RUNTIME_PLUGINS`` is
filled directly. UPSTREAM.md, "pybtex: plugin lookup".

Checked against pybtex 0.26 (the version the lock installs). With another version, or
if the table is gone, nothing is registered and every lookup scans as pybtex does.
"""

from __future__ import annotations

from typing import Any

from labnotebook.patches.guard import Checked

CHECKED = Checked("pybtex", ">=0.26,<0.27")


def runtime_plugins() -> dict[str, dict[str, Any]] | None:
    """pybtex's run-time plugin table (group -> name -> class), or ``None``."""
    if not CHECKED.holds():
        return None
    import pybtex.plugin

    table = getattr(pybtex.plugin, "_RUNTIME_PLUGINS", None)
    return table if isinstance(table, dict) else None
