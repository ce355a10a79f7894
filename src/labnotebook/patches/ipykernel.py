"""ipykernel, started for a build: without its debugger, and without its exit race.

``python -m labnotebook.patches.ipykernel -f CONNECTION_FILE ...`` takes the arguments of
``python -m ipykernel_launcher`` and starts the same kernel with the two changes below.
Builds start kernels this way (:mod:`labnotebook.patches.jupyter_client`); the kernel spec
that Jupyter uses interactively still names ``ipykernel_launcher``. It runs inside every
notebook's kernel, so it imports nothing of the build: not Sphinx, not the rest of
labnotebook, only :mod:`labnotebook.patches.guard`'s light module.

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
builds do not use the launcher (:func:`labnotebook.patches.jupyter_client.build_kernel_command`),
and kernels start as their spec says.
"""

from __future__ import annotations

import atexit
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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


def main() -> None:
    # as ipykernel_launcher does: the notebook's folder is not where ipykernel comes from
    # (IPython puts it back on the path for the notebook's own imports)
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    # builds choose this launcher only for an ipykernel within CHECKED
    # (labnotebook.patches.jupyter_client), so the kernel does not check again
    with without_debugger():
        import ipykernel.debugger  # noqa: F401  (settles "no debugger" for this kernel)
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize()
    # exit handlers run last registered first: this one before the kernel's own close()
    atexit.register(finish_control_thread, app)
    app.start()


if __name__ == "__main__":
    main()
