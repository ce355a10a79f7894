"""MyST-NB's notebook executions, given the build's kernel options.

MyST-NB runs each notebook through jupyter-cache's ``single_nb_execution``, which
hands any keyword arguments it gets to nbclient's ``NotebookClient``; MyST-NB passes
none and offers no setting for them (executablebooks/MyST-NB#721 adds a kernel
manager to its parser, in a release after 1.4). So for the length of a build the
name ``single_nb_execution`` in MyST-NB's two executing modules is replaced by a
wrapper that adds the build's options (the caller's own arguments win), and put back
at ``build-finished``. The kernel spec, and so the kernel Jupyter starts for the same
environment, is left as it is.

Checked against MyST-NB 1.4 (the version the lock installs). With another version
nothing is replaced and notebooks run with nbclient's defaults.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from collections.abc import Callable

CHECKED = Checked("myst-nb", ">=1.4,<1.5")

#: MyST-NB's modules that call ``single_nb_execution`` (``cache`` and ``force``/``auto``).
CALLERS = ("myst_nb.core.execute.cache", "myst_nb.core.execute.direct")
NAME = "single_nb_execution"


class BuildExecution:
    """``single_nb_execution`` with the build's options (the caller's win)."""

    def __init__(self, original: Callable[..., Any], options: dict[str, Any]) -> None:
        self.original = original
        self.options = options

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.original(*args, **{**self.options, **kwargs})


def pass_execution_options(options: dict[str, Any]) -> bool:
    """Give MyST-NB's executions ``options`` until :func:`restore_execution`."""
    if not options or not CHECKED.holds():
        return False
    for name in CALLERS:
        module = importlib.import_module(name)
        current = getattr(module, NAME, None)
        if current is not None and not isinstance(current, BuildExecution):
            setattr(module, NAME, BuildExecution(current, options))
    return True


def restore_execution() -> None:
    """Put MyST-NB's ``single_nb_execution`` back as it was."""
    for name in CALLERS:
        module = importlib.import_module(name)
        current = getattr(module, NAME, None)
        if isinstance(current, BuildExecution):
            setattr(module, NAME, current.original)
