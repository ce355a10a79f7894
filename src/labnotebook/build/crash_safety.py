"""A build killed at any point leaves no process behind and the next build correct.

- Sphinx's parallel workers (``-j``) are forked and never told when the build dies: a
  ``kill -9`` left them running, about 120 MB each, until they blocked on a pipe no one
  reads. On Linux each worker asks the kernel to kill it when its parent dies
  (``PR_SET_PDEATHSIG``), the process-group guarantee without changing Sphinx's
  process handling; a worker whose parent is already gone exits at once.
- Sphinx saves its environment once reading is done, then writes the pages in place.
  A build killed while writing leaves half-written pages that the next build takes for
  up to date. A marker beside the doctrees says a build is running; it is removed when
  a build finishes, and a build that finds one reads and writes every document again
  (executed notebooks come from the cache), so it gives what a clean build gives.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

MARKER = "labnotebook-build-running"
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_forking_parent: list[int] = []


def _remember_parent() -> None:
    _forking_parent[:] = [os.getpid()]


def _die_with_parent() -> None:
    """In a forked child: be killed when the process that forked it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if _forking_parent and os.getppid() != _forking_parent[0]:
        os._exit(1)  # the parent died before the request took effect


def tie_forked_workers_to_the_build() -> None:
    """Register the fork handlers once per process (Linux only)."""
    if sys.platform.startswith("linux") and not getattr(
        tie_forked_workers_to_the_build, "done", False
    ):
        os.register_at_fork(before=_remember_parent, after_in_child=_die_with_parent)
        tie_forked_workers_to_the_build.done = True  # type: ignore[attr-defined]


def marker_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / MARKER


def on_builder_inited(app: Sphinx) -> None:
    marker = marker_path(app)
    interrupted = marker.is_file()
    app.env.labnotebook_interrupted = interrupted  # type: ignore[attr-defined]
    if interrupted:
        logger.info(
            "the last build of %s was interrupted; every page is read and written again",
            app.outdir,
        )
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(os.getpid()), encoding="utf-8")


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    if not getattr(env, "labnotebook_interrupted", False):
        return []
    return sorted(env.found_docs - removed)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None:
        marker_path(app).unlink(missing_ok=True)


def setup_crash_safety(app: Sphinx) -> None:
    tie_forked_workers_to_the_build()
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    # last, once every other handler (the search index) has finished
    app.connect("build-finished", on_build_finished, priority=1000)
