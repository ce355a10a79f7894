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
- the kernel itself starts through :mod:`labnotebook.execution.build_kernel`, which leaves out
  ipykernel's debugger (a fifth of its start-up) and avoids a race that can keep an
  exiting ipykernel 7 alive until jupyter_client ends it, 2.5 s later.

Otherwise the shutdown is jupyter_client's graceful one: the interrupt makes a cell that
ran past its timeout report where it stopped, the notebook's ``atexit`` hooks run, and a
kernel that has not exited after half of ``shutdown_wait_time`` (2.5 s) is killed, where
jupyter_client would send SIGTERM first.

This applies only while labnotebook builds: the kernel manager is given to MyST-NB's
calls of ``single_nb_execution`` at ``builder-inited`` and taken back at
``build-finished``. The kernel spec, and so the kernel that Jupyter starts for the same
environment, is left as it is.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import time
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING, Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

#: MyST-NB's modules that call ``single_nb_execution`` (``cache`` and ``force``/``auto``).
CALLERS = ("myst_nb.core.execute.cache", "myst_nb.core.execute.direct")

#: How ipykernel's kernel spec starts the kernel, and how a build starts it instead.
IPYKERNEL_LAUNCHER = ["-m", "ipykernel_launcher"]
BUILD_LAUNCHER = ["-m", "labnotebook.execution.build_kernel"]

# how often to check whether the kernel has exited; a killed kernel is waited for as
# long as jupyter_client waits for one
EXIT_POLL_SECONDS = 0.005
KILL_WAIT_SECONDS = 5.0
# how long each kernel_info request and the IOPub check wait, as in jupyter_client
REPLY_WAIT_SECONDS = 1.0
IOPUB_WAIT_SECONDS = 0.2


class BuildKernelClient(AsyncKernelClient):
    """A kernel client that is ready as soon as the kernel answers on both channels."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait until the kernel answers ``kernel_info`` and IOPub delivers a message.

        As jupyter_client does, minus the final 0.2 s of draining IOPub: a message on
        IOPub (ipykernel greets each subscriber) shows the channel is connected, so no
        output of the first cell can be missed; stale messages are ignored by nbclient.
        """
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=REPLY_WAIT_SECONDS)
            except Empty:
                pass
            else:
                if reply["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=IOPUB_WAIT_SECONDS)
                    except Empty:
                        pass  # not subscribed yet: ask again
                    else:
                        self._handle_kernel_info_reply(reply)
                        return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


class BuildKernelManager(AsyncKernelManager):
    """Starts the kernel without its debugger; notices at once when it has exited."""

    client_class = "labnotebook.execution.kernels.BuildKernelClient"
    client_factory = BuildKernelClient

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        return build_kernel_command(super().format_kernel_cmd(extra_arguments))

    # a coroutine, as AsyncKernelManager's own (which tells mypy the same way)
    async def shutdown_kernel(  # type: ignore[override]
        self, now: bool = False, restart: bool = False
    ) -> None:
        """Stop the kernel as jupyter_client does, noticing at once when it has exited."""
        if not restart and self.owns_kernel and self.has_kernel:
            assert self.provisioner is not None
            if not now:
                await self.interrupt_kernel()
                await self.request_shutdown()
                await self._wait_for_exit(self.shutdown_wait_time / 2)
            if await self.is_alive():
                await self.provisioner.kill()
                await self._wait_for_exit(KILL_WAIT_SECONDS)
            if not await self.is_alive():
                # reap it: jupyter_client then has no process left to signal
                await self.provisioner.wait()
        # the rest (connection file, sockets) as jupyter_client does it
        await super().shutdown_kernel(now=True, restart=restart)

    async def _wait_for_exit(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while await self.is_alive() and time.monotonic() < deadline:
            await asyncio.sleep(EXIT_POLL_SECONDS)


def build_kernel_command(command: list[str]) -> list[str]:
    """``command`` with ipykernel's launcher swapped for labnotebook's, where that is safe.

    Only when the kernel is this very Python (the path, not what it links to: a base
    interpreter without labnotebook may sit behind a virtual environment's link), so
    :mod:`labnotebook.execution.build_kernel` can be imported; any other kernel starts as
    its spec says.
    """
    if not command or Path(command[0]).absolute() != Path(sys.executable).absolute():
        return command
    size = len(IPYKERNEL_LAUNCHER)
    for start in range(1, len(command) - size + 1):
        if command[start : start + size] == IPYKERNEL_LAUNCHER:
            return [*command[:start], *BUILD_LAUNCHER, *command[start + size :]]
    return command


#: What a build asks of nbclient's ``NotebookClient`` for every notebook.
NOTEBOOK_CLIENT_OPTIONS: dict[str, Any] = {
    "kernel_manager_class": BuildKernelManager,
}


class BuildExecution:
    """``single_nb_execution`` with :data:`NOTEBOOK_CLIENT_OPTIONS` (the caller's win),
    guarded (:mod:`labnotebook.execution.guard`): a dead kernel fails its note only, and
    a file written into the sources is named."""

    def __init__(self, original: Callable[..., Any], app: Sphinx | None = None) -> None:
        self.original = original
        self.app = app

    def __call__(self, nb: Any, cwd: str | None, *args: Any, **kwargs: Any) -> Any:
        from labnotebook.execution.guard import run_guarded

        options = {**NOTEBOOK_CLIENT_OPTIONS, **kwargs}
        result, created = run_guarded(
            lambda *a, **k: self.original(*a, *args, **k), nb, cwd, options
        )
        if created and self.app is not None:
            report_written_files(self.app, nb, created)
        return result


def report_written_files(app: Sphinx, notebook: Any, created: list[tuple[int, Path]]) -> None:
    """Name each file a notebook wrote into the book's sources, at the cell that wrote it."""
    from labnotebook.warnings_ import NoteWarning, warn

    env = app.env
    srcdir = Path(env.srcdir)
    source_map = notebook.get("metadata", {}).get("source_map")
    for index, path in created:
        if not path.is_relative_to(srcdir):
            continue
        line = source_map[index] if isinstance(source_map, list) else None
        warn(
            f"running this notebook wrote {path.relative_to(srcdir).as_posix()} into the "
            "book's sources; write scratch files with tempfile or under _build instead, "
            "and delete this one",
            NoteWarning.SOURCE_WRITE,
            location=(env.docname, line if isinstance(line, int) else None),
        )


def use_build_kernels(app: Sphinx) -> None:
    """Give MyST-NB's executions the build's kernel options, for this build."""
    for name in CALLERS:
        module = importlib.import_module(name)
        current = getattr(module, "single_nb_execution", None)
        if current is not None and not isinstance(current, BuildExecution):
            module.single_nb_execution = BuildExecution(current, app)  # type: ignore[attr-defined]


def restore_kernels(app: Sphinx | None = None, exception: BaseException | None = None) -> None:
    """Put MyST-NB's ``single_nb_execution`` back as it was."""
    for name in CALLERS:
        module = importlib.import_module(name)
        current = getattr(module, "single_nb_execution", None)
        if isinstance(current, BuildExecution):
            module.single_nb_execution = current.original  # type: ignore[attr-defined]
