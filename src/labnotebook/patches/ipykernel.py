"""ipykernel, started for a build: without its debugger, and without its exit race.

Used by :mod:`labnotebook.execution.build_kernel`, the launcher builds start kernels
with, inside the kernel's process (so nothing here imports Sphinx).

- :func:`without_debugger`: ipykernel imports debugpy whenever it is installed, about
  a fifth of the kernel's start-up, though nothing debugs a notebook while a book
  builds (ipython/ipykernel#1543 and #1545 propose to defer or skip the import).
  debugpy is made unimportable while ``ipykernel.debugger`` is imported (where
  ipykernel decides, once, whether it has a debugger) and importable again before
  any cell runs.
- :func:`finish_control_thread`: ipykernel 7 can hang for 10 s after a shutdown
  request: its control thread, still flushing output once it has replied, waits for
  the IOPub thread, which the exiting kernel has already stopped while it waits for
  the control thread. Registered as an exit handler after the kernel's own, it stops
  and joins the control thread first, while IOPub still runs. UPSTREAM.md,
  "ipykernel: exit race".

Checked against ipykernel 7.4 (the version the lock installs). With another version
the launcher starts the kernel exactly as ``ipykernel_launcher`` does.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from labnotebook.patches.guard import Checked

CHECKED = Checked("ipykernel", ">=7.4,<7.5")

#: How long the exiting kernel waits for its control thread to finish a message.
CONTROL_THREAD_JOIN_SECONDS = 2.0


@contextmanager
def without_debugger() -> Iterator[None]:
    """Keep debugpy unimportable for the length of the block."""
    sys.modules["debugpy"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        del sys.modules["debugpy"]


def finish_control_thread(app: Any) -> None:
    """Let the control thread finish (and flush) before the kernel closes IOPub."""
    thread = getattr(app, "control_thread", None)
    if thread is not None and thread.is_alive():
        thread.stop()
        thread.join(CONTROL_THREAD_JOIN_SECONDS)
