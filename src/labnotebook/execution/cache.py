"""The jupyter-cache that MyST-NB keeps executed notebooks in: lookups and repair.

A build that dies while writing to the cache can leave a record whose notebook file
is missing; jupyter-cache then fails every later build that touches the record
(``KeyError: Notebook file does not exist for cache record PK: 1``), or a notebook
file cut short. Records like that are removed before reading starts, so the notebook
simply runs again; a database SQLite finds damaged empties the whole cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labnotebook.patches.jupyter_cache import cached_notebook_path, can_find_notebooks

if TYPE_CHECKING:
    from jupyter_cache.cache.db import NbCacheRecord
    from jupyter_cache.cache.main import JupyterCacheBase


def open_cache(path: str | Path) -> JupyterCacheBase | None:
    """The cache at ``path``, or ``None`` when it does not exist yet."""
    from jupyter_cache import get_cache

    if not (Path(path) / "global.db").is_file():
        return None
    return get_cache(path)


def prepare_cache(path: str | Path) -> list[int]:
    """Create the cache if needed, drop records whose notebook is gone; return their keys.

    Creating the database here, in the main process, matters for ``-j N``: parallel
    readers that each find no database race to create its tables, and all but one fail.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbCacheRecord

    Path(path).mkdir(parents=True, exist_ok=True)
    cache = get_cache(path)
    broken: list[int] = []
    if not can_find_notebooks():
        return broken
    for record in cache.list_cache_records():
        notebook = cached_notebook_path(cache, record.hashkey)
        if not readable_notebook(notebook):
            broken.append(record.pk)
            # what is left of the folder would stop the notebook being cached again
            shutil.rmtree(notebook.parent, ignore_errors=True)
    if broken:
        NbCacheRecord.remove_records(broken, cache.db)
    return broken


def readable_notebook(path: Path) -> bool:
    """Whether a cached notebook is there and is JSON (a killed write can leave it cut)."""
    try:
        json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def damaged_database(path: str | Path) -> bool:
    """Whether the cache's SQLite database exists and fails SQLite's own check."""
    database = Path(path) / "global.db"
    if not database.is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(database)) as connection:
            answer = connection.execute("PRAGMA quick_check").fetchone()
            connection.execute("SELECT count(*) FROM nbcache").fetchone()
    except sqlite3.Error:
        return True
    return answer is None or answer[0] != "ok"


def reset_damaged_cache(path: str | Path) -> bool:
    """Empty the cache when its database is damaged; whether it was.

    Every later build would stop on ``database disk image is malformed``; the cache
    only saves time, so it is emptied and the notebooks run again.
    """
    if not damaged_database(path):
        return False
    shutil.rmtree(path, ignore_errors=True)
    return True


def record_for(path: str | Path, notebook: Any) -> NbCacheRecord | None:
    """The cache record matching ``notebook``'s code, if any."""
    cache = open_cache(path)
    if cache is None:
        return None
    try:
        return cache.match_cache_notebook(notebook)
    except KeyError:
        return None


def record_created(record: NbCacheRecord) -> dt.datetime:
    """When the record was written, in UTC.

    jupyter-cache stores UTC and SQLite hands it back without a timezone; MyST-NB's
    ``mtime`` reads that as local time, so the record is the only reliable source.
    """
    created: dt.datetime = record.created
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return created


#: Key of labnotebook's provenance in a cache record's ``data``.
PROVENANCE_KEY = "labnotebook"


def recorded_provenance(record: NbCacheRecord) -> dict[str, Any]:
    """The provenance saved with a record when its notebook ran, or ``{}``."""
    data = record.data if isinstance(record.data, dict) else {}
    saved = data.get(PROVENANCE_KEY)
    return saved if isinstance(saved, dict) else {}


def save_provenance(path: str | Path, record: NbCacheRecord, provenance: dict[str, Any]) -> None:
    """Keep the provenance of a fresh run with its record, for the builds that reuse it.

    The cached notebook keeps only the code, so a later build could otherwise only
    report today's environment for outputs produced by an older one.
    """
    from jupyter_cache.cache.db import NbCacheRecord, session_context

    cache = open_cache(path)
    if cache is None:
        return
    with session_context(cache.db) as session:
        stored = session.get(NbCacheRecord, record.pk)
        if stored is None:
            return
        stored.data = {**(stored.data or {}), PROVENANCE_KEY: provenance}
        session.commit()
