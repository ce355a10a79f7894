"""Where jupyter-cache keeps a cached notebook, to find records whose file is gone.

A build that dies while writing to the cache can leave a record whose notebook file
is missing; jupyter-cache then fails every later build that touches the record
(``KeyError: Notebook file does not exist for cache record PK: 1``). To find such
records :mod:`labnotebook.execution.cache` asks jupyter-cache's own private answer to
where a record's notebook lives, ``JupyterCacheBase._get_notebook_path_cache``.
UPSTREAM.md, "jupyter-cache: broken record".

Checked against jupyter-cache 1.0 (the version the lock installs). With another
version no record is checked, and a broken one fails the build as jupyter-cache does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from pathlib import Path

    from jupyter_cache.cache.main import JupyterCacheBase

CHECKED = Checked("jupyter-cache", ">=1.0,<1.1")


def can_find_notebooks() -> bool:
    return CHECKED.holds()


def cached_notebook_path(cache: JupyterCacheBase, hashkey: str) -> Path:
    """The file jupyter-cache keeps the notebook of the record ``hashkey`` in."""
    return cache._get_notebook_path_cache(hashkey)
