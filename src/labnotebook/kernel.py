"""Start an IPython kernel for a build: ipykernel's own, without loading its debugger.

``python -m labnotebook.kernel -f CONNECTION_FILE ...`` takes the arguments of
``python -m ipykernel_launcher``. ipykernel imports debugpy whenever it is installed,
which is about a fifth of the kernel's start-up; nothing debugs a notebook while a book
builds. So debugpy is made unimportable while ipykernel decides whether it has a
debugger (once, when ``ipykernel.debugger`` is imported), and importable again before
the kernel runs any cell: a notebook may still ``import debugpy``.

Builds start kernels this way through :mod:`labnotebook.execution.kernels`; the kernel
spec that Jupyter uses interactively still names ``ipykernel_launcher``.
"""

from __future__ import annotations

import sys
from pathlib import Path


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
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
