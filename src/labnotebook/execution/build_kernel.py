"""Start an IPython kernel for a build: ipykernel's own, without its debugger or exit race.

``python -m labnotebook.execution.build_kernel -f CONNECTION_FILE ...`` takes the arguments of
``python -m ipykernel_launcher`` and differs from it in two ways:

- ipykernel imports debugpy whenever it is installed, about a fifth of the kernel's
  start-up, and nothing debugs a notebook while a book builds. debugpy is made
  unimportable while ipykernel decides whether it has a debugger (once, when
  ``ipykernel.debugger`` is imported), and importable again before any cell runs.
- ipykernel 7 can hang for 10 s after a shutdown request: its control thread, still
  flushing output once it has replied, waits for the IOPub thread, which the exiting
  kernel has already stopped while it waits for the control thread. Here the control
  thread is stopped and joined first, while IOPub still runs (the hang held about 1 in
  20 of the benchmark's notebooks; jupyter_client ends such a kernel after 2.5 s).

Builds start kernels this way through :mod:`labnotebook.execution.kernels`; the kernel
spec that Jupyter uses interactively still names ``ipykernel_launcher``.
"""

from __future__ import annotations

import atexit
import sys
from pathlib import Path
from typing import Any

#: How long the exiting kernel waits for its control thread to finish a message.
CONTROL_THREAD_JOIN_SECONDS = 2.0


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
    sys.modules["debugpy"] = None  # type: ignore[assignment]
    try:
        import ipykernel.debugger  # noqa: F401  (settles "no debugger" for this kernel)
    finally:
        del sys.modules["debugpy"]
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize()
    # exit handlers run last registered first: this one before the kernel's own close()
    atexit.register(finish_control_thread, app)
    app.start()


if __name__ == "__main__":
    main()
