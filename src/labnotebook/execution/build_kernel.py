"""Start an IPython kernel for a build: ipykernel's own, without its debugger or exit race.

``python -m labnotebook.execution.build_kernel -f CONNECTION_FILE ...`` takes the arguments of
``python -m ipykernel_launcher`` and differs from it in two ways, both in
:mod:`labnotebook.patches.ipykernel` and both only for the ipykernel versions checked there:

- ipykernel's debugger (and so debugpy, about a fifth of the kernel's start-up) is left
  out; nothing debugs a notebook while a book builds;
- the exiting kernel stops its control thread before IOPub, avoiding a race that held
  about 1 in 20 of the benchmark's notebooks for 2.5 s.

Builds start kernels this way through :mod:`labnotebook.execution.kernels`; the kernel
spec that Jupyter uses interactively still names ``ipykernel_launcher``.
"""

from __future__ import annotations

import atexit
import sys
from pathlib import Path

from labnotebook.patches.ipykernel import CHECKED, finish_control_thread, without_debugger


def main() -> None:
    # as ipykernel_launcher does: the notebook's folder is not where ipykernel comes from
    # (IPython puts it back on the path for the notebook's own imports)
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    patched = CHECKED.holds()
    if patched:
        with without_debugger():
            import ipykernel.debugger  # noqa: F401  (settles "no debugger" for this kernel)
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize()
    if patched:
        # exit handlers run last registered first: this one before the kernel's own close()
        atexit.register(finish_control_thread, app)
    app.start()


if __name__ == "__main__":
    main()
