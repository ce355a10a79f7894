"""How a build starts and stops each notebook's kernel: the same kernel, less waiting.

MyST-NB runs a notebook through jupyter-cache's ``single_nb_execution``, which hands
any keyword arguments it gets to nbclient's ``NotebookClient``. MyST-NB passes none,
so every kernel is started and stopped the way an interactive front end would do it,
and about half of a small notebook's time is spent waiting (measured in
``docs/performance.md``, "Kernel start-up"):

- once the kernel answers, jupyter_client reads IOPub until it stays quiet for 0.2 s,
  to drop the messages of the handshake; nbclient ignores every IOPub message that
  does not belong to the cell it is running, so the build does not need that pause;
- at the end, jupyter_client interrupts the kernel, asks it to exit and checks every
  0.1 s whether it has; a kernel exits about 0.1 s after the request, so the check
  often comes a poll late. The build checks every few milliseconds;
- the kernel itself starts through :mod:`labnotebook.patches.ipykernel`, which leaves out
  ipykernel's debugger (a fifth of its start-up) and avoids a race that can keep an
  exiting ipykernel 7 alive until jupyter_client ends it, 2.5 s later.

Otherwise the shutdown is jupyter_client's graceful one: the interrupt makes a cell that
ran past its timeout report where it stopped, the notebook's ``atexit`` hooks run, and a
kernel that has not exited after half of ``shutdown_wait_time`` (2.5 s) is killed, where
jupyter_client would send SIGTERM first.

The kernel manager and client are in :mod:`labnotebook.patches.jupyter_client`; they
are given to MyST-NB's executions (:mod:`labnotebook.patches.myst_nb`) at
``builder-inited`` and taken back at ``build-finished``, and only for the versions
those patches were checked against.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from labnotebook.execution.guard import guarded_execution
from labnotebook.patches.jupyter_client import build_client_options
from labnotebook.patches.myst_nb import pass_execution_options, restore_execution

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: What a build asks of nbclient's ``NotebookClient`` for every notebook.
NOTEBOOK_CLIENT_OPTIONS: dict[str, Any] = build_client_options()


def use_build_kernels(app: Sphinx) -> None:
    """Give MyST-NB's executions the build's kernel options, for this build, guarded
    (:mod:`labnotebook.execution.guard`): a dead kernel fails its note only, and a file
    written into the sources is named."""
    pass_execution_options(NOTEBOOK_CLIENT_OPTIONS, functools.partial(guarded_execution, app))


def restore_kernels(app: Sphinx | None = None, exception: BaseException | None = None) -> None:
    """Put MyST-NB's executions back as they were."""
    restore_execution()
