"""The kernels a build starts: ipykernel without its debugger or exit race, no idle waits.

Notebooks run here as MyST-NB runs them, through jupyter-cache's ``single_nb_execution``
with the options labnotebook gives it during a build; one strict build of
tests/roots/test-kernels, in its own process, checks that a real build uses them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
from jupyter_cache.executors.utils import ExecutionResult, single_nb_execution
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from labnotebook.execution.kernels import (
    NOTEBOOK_CLIENT_OPTIONS,
    restore_kernels,
    use_build_kernels,
)
from labnotebook.patches.ipykernel import finish_control_thread
from labnotebook.patches.jupyter_client import BuildKernelManager, build_kernel_command
from labnotebook.patches.myst_nb import BuildExecution
from tests.test_execution_failures import sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-kernels"

CONNECTION = ["-f", "/run/kernel.json", "--IPKernelApp.log_level=ERROR"]


def run(cells: list[str], cwd: Path, timeout: int = 30) -> tuple[ExecutionResult, dict]:
    """Execute a notebook of ``cells`` with the build's kernel options."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    result = single_nb_execution(
        notebook, cwd=str(cwd), timeout=timeout, allow_errors=False, **NOTEBOOK_CLIENT_OPTIONS
    )
    return result, notebook


def stream_text(cell: dict, name: str) -> str:
    return "".join(o["text"] for o in cell["outputs"] if o.get("name") == name)


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_this_pythons_ipykernel_starts_through_labnotebooks_launcher() -> None:
    command = [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", *CONNECTION]
    assert build_kernel_command(command) == [
        *(
            sys.executable,
            "-Xfrozen_modules=off",
            "-m",
            "labnotebook.patches.ipykernel",
            *CONNECTION,
        )
    ]


def test_other_kernels_start_as_their_spec_says() -> None:
    # another Python may not have labnotebook; the interpreter a venv links to neither
    others = {"/usr/bin/python3", str(Path(sys.executable).resolve())} - {sys.executable}
    for python in others:
        command = [python, "-m", "ipykernel_launcher", *CONNECTION]
        assert build_kernel_command(command) == command
    not_ipykernel = [sys.executable, "-m", "other_kernel", *CONNECTION]
    assert build_kernel_command(not_ipykernel) == not_ipykernel
    assert build_kernel_command([]) == []


def test_a_notebook_runs_without_the_debugger_and_keeps_all_its_output(tmp_path: Path) -> None:
    result, notebook = run(
        [
            "import atexit, os\n"
            "atexit.register(lambda: open('exited', 'w').close())\n"
            "print(os.getpid())",
            "import ipykernel.debugger, debugpy\n"
            "print(ipykernel.debugger._is_debugpy_available, debugpy.__name__)",
            "import sys\n"
            "for i in range(2000):\n"
            "    print(i)\n"
            "print('to stderr', file=sys.stderr)\n"
            "'last value'",
        ],
        tmp_path,
    )
    assert result.err is None, result.exc_string
    pid_cell, debugger_cell, last_cell = notebook.cells
    # ipykernel found no debugger, yet the notebook can import debugpy
    assert stream_text(debugger_cell, "stdout") == "False debugpy\n"
    # nothing printed at the end of the run is lost
    assert stream_text(last_cell, "stdout") == "".join(f"{i}\n" for i in range(2000))
    assert stream_text(last_cell, "stderr") == "to stderr\n"
    assert last_cell["outputs"][-1]["data"]["text/plain"] == "'last value'"
    # the kernel exited as asked (its atexit hooks ran) and is gone
    assert (tmp_path / "exited").is_file()
    assert not is_running(int(stream_text(pid_cell, "stdout")))


def test_an_error_stops_the_notebook_at_its_cell(tmp_path: Path) -> None:
    result, notebook = run(["x = 1", "x / 0", "print('not reached')"], tmp_path)
    assert isinstance(result.err, CellExecutionError)
    error = notebook.cells[1]["outputs"][-1]
    assert (error["output_type"], error["ename"]) == ("error", "ZeroDivisionError")
    assert notebook.cells[2]["outputs"] == []


def test_a_cell_past_its_timeout_is_interrupted_and_shows_it(tmp_path: Path) -> None:
    # the interrupt at shutdown is how labnotebook can name the cell that timed out
    result, notebook = run(["started = True", "import time\ntime.sleep(30)"], tmp_path, 1)
    assert isinstance(result.err, CellTimeoutError)
    errors = [o["ename"] for o in notebook.cells[1]["outputs"] if o["output_type"] == "error"]
    assert errors == ["KeyboardInterrupt"]


def test_a_running_kernel_is_ready_without_draining_iopub() -> None:
    async def time_a_second_wait() -> float:
        manager = BuildKernelManager(kernel_name="python3")
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=30)
            start = time.monotonic()
            await client.wait_for_ready(timeout=30)
            return time.monotonic() - start
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    # jupyter_client's client reads IOPub until 0.2 s pass without a message
    assert asyncio.run(time_a_second_wait()) < 0.18


def test_a_kernel_that_does_not_exit_is_killed_after_the_grace() -> None:
    async def shut_down_a_slow_kernel() -> tuple[float, int]:
        manager = BuildKernelManager(kernel_name="python3")
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=30)
            await client.execute_interactive("import atexit, time\natexit.register(time.sleep, 60)")
            assert manager.provisioner is not None
            pid = manager.provisioner.pid
            start = time.monotonic()
            await manager.shutdown_kernel()
            return time.monotonic() - start, pid
        finally:
            client.stop_channels()

    seconds, pid = asyncio.run(shut_down_a_slow_kernel())
    # half of shutdown_wait_time to exit, then killed
    wait = BuildKernelManager().shutdown_wait_time
    assert wait / 2 <= seconds < wait
    assert not is_running(pid)


def test_the_exiting_kernel_stops_its_control_thread_first() -> None:
    from ipykernel.control import ControlThread

    thread = ControlThread(daemon=True)
    thread.start()
    finish_control_thread(SimpleNamespace(control_thread=thread))
    assert not thread.is_alive()
    finish_control_thread(SimpleNamespace())  # a kernel without one: nothing to do


def test_the_options_are_given_once_and_taken_back() -> None:
    import myst_nb.core.execute.cache as cache_mode
    import myst_nb.core.execute.direct as direct_mode

    use_build_kernels(None)  # type: ignore[arg-type]
    use_build_kernels(None)  # type: ignore[arg-type]
    try:
        for module in (cache_mode, direct_mode):
            installed = module.single_nb_execution
            assert isinstance(installed, BuildExecution)
            assert installed.original is single_nb_execution
    finally:
        restore_kernels()
    assert cache_mode.single_nb_execution is single_nb_execution
    assert direct_mode.single_nb_execution is single_nb_execution


def test_a_build_runs_its_notebooks_in_build_kernels(tmp_path: Path) -> None:
    src = tmp_path / "book"
    shutil.copytree(ROOT, src)
    build = sphinx_build(src, src / "_build" / "html", src / "_build" / "doctrees")
    assert (build.returncode, build.warnings) == (0, "")
    outputs = [
        " ".join(o.get_text().split())
        for o in build.page("notes/kernel.html").select("div.cell_output")
    ]
    assert outputs == ["debugger loaded: False debugpy importable: True"]
