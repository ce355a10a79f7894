"""The book's authors registry, as every note, page and feed reads it during a build.

It lives here, below the features that show authors (header, tag and author pages,
feeds, page metadata, exports), so none of them imports another to get it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from labnotebook.config import get_config
from labnotebook.core.authors import Author, load_authors
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


#: The broken versions of the file already reported, by build environment.
_REPORTED_BROKEN: set[tuple[int, tuple[str, int]]] = set()


@lru_cache(maxsize=8)
def _load_version(path: str, mtime_ns: int) -> dict[str, Author]:
    """One version of the file, read once: the modification time is part of the key."""
    return load_authors(Path(path))


def authors_registry(env: BuildEnvironment) -> dict[str, Author] | None:
    """The authors registry, or ``None`` (after a warning) when it cannot be read.

    Every note and every page that names authors asks for it, so each version of the
    file is loaded once; a file that fails to load is reported once per build.
    """
    path = Path(env.srcdir) / get_config(env).authors_file
    if not path.is_file():
        return None
    try:
        return _load_version(str(path), path.stat().st_mtime_ns)
    except (ValueError, OSError) as exc:
        # every note asks; the file is named once per build (and per worker process)
        stamp = (str(path), path.stat().st_mtime_ns)
        if (id(env), stamp) not in _REPORTED_BROKEN:
            _REPORTED_BROKEN.add((id(env), stamp))
            warn(f"{exc}", NoteWarning.AUTHORS)
        return None
