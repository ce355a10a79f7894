"""jupyter_client's kernel start and stop, without the waits an interactive front end needs.

nbclient starts and stops every notebook's kernel through jupyter_client, and about
half of a small notebook's time in a build is spent waiting (``docs/performance.md``,
"Kernel start-up"). Two methods are re-implemented, both as subclasses that MyST-NB is
given for a build only (:mod:`labnotebook.patches.myst_nb`):

- ``AsyncKernelClient.wait_for_ready``: once the kernel answers ``kernel_info``,
  jupyter_client reads IOPub until it stays quiet for 0.2 s, to drop the handshake's
  messages. nbclient ignores every IOPub message that does not belong to the cell it
  runs, so here the kernel is ready at its first IOPub message. UPSTREAM.md,
  "jupyter_client: wait_for_ready".
- ``AsyncKernelManager.shutdown_kernel``: jupyter_client checks every 0.1 s whether the
  kernel has exited, and a kernel exits about 0.1 s after the request, so the check
  often comes a poll late; here it checks every few milliseconds, and a kernel still
  alive after half of ``shutdown_wait_time`` is killed. UPSTREAM.md,
  "jupyter_client: shutdown poll".

The manager also starts this Python's ipykernel through
:mod:`labnotebook.patches.ipykernel` (``format_kernel_cmd``, a public hook).

Checked against jupyter_client 8.10 (the version the lock installs): with another
version :func:`build_client_options` gives nbclient nothing, and kernels start and
stop as jupyter_client does it.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager

from labnotebook.patches import ipykernel as ipykernel_patches
from labnotebook.patches.guard import Checked

CHECKED = Checked("jupyter-client", ">=8.10,<8.11")

#: How ipykernel's kernel spec starts the kernel, and how a build starts it instead.
IPYKERNEL_LAUNCHER = ["-m", "ipykernel_launcher"]
BUILD_LAUNCHER = ["-m", "labnotebook.patches.ipykernel"]

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

    client_class = "labnotebook.patches.jupyter_client.BuildKernelClient"
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
    :mod:`labnotebook.patches.ipykernel` can be imported; any other kernel starts as
    its spec says, and so does any kernel when the installed ipykernel is not one
    :mod:`labnotebook.patches.ipykernel` was checked against.
    """
    if not command or Path(command[0]).absolute() != Path(sys.executable).absolute():
        return command
    # the kernel is this Python, so the ipykernel it runs is the one installed here
    if not ipykernel_patches.CHECKED.holds():
        return command
    size = len(IPYKERNEL_LAUNCHER)
    for start in range(1, len(command) - size + 1):
        if command[start : start + size] == IPYKERNEL_LAUNCHER:
            return [*command[:start], *BUILD_LAUNCHER, *command[start + size :]]
    return command


def build_client_options() -> dict[str, Any]:
    """What a build asks of nbclient's ``NotebookClient``: nothing outside the checked range."""
    if not CHECKED.holds():
        return {}
    return {"kernel_manager_class": BuildKernelManager}
