"""MyST-NB's notebook executions: the build's kernel options, and the notes not to run.

MyST-NB runs each notebook through jupyter-cache's ``single_nb_execution``, which
hands any keyword arguments it gets to nbclient's ``NotebookClient``; MyST-NB passes
none and offers no setting for them (executablebooks/MyST-NB#721 adds a kernel
manager to its parser, in a release after 1.4). So for the length of a build the
name ``single_nb_execution`` in MyST-NB's two executing modules is replaced by a
wrapper that adds the build's options (the caller's own arguments win), and put back
at ``build-finished``. The kernel spec, and so the kernel Jupyter starts for the same
environment, is left as it is.

:func:`exclude_from_execution` keeps notes whose front matter says ``execute: false``
from running: MyST-NB skips a notebook whose path matches ``nb_execution_excludepatterns``,
and reads that setting from the ``NbParserConfig`` it keeps in ``env.mystnb_config``
(created at ``builder-inited``; MyST-NB itself replaces it with a copy there). The
patterns are extended with the notes' paths in a copy put in its place, in the main
process before any reader starts. MyST-NB offers no per-document switch from outside the
notebook's own metadata. UPSTREAM.md, "MyST-NB: exclusions".

Checked against MyST-NB 1.4 (the version the lock installs). With another version
nothing is replaced: notebooks run with nbclient's defaults, and every notebook
MyST-NB's own settings let run runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sphinx.environment import BuildEnvironment

CHECKED = Checked("myst-nb", ">=1.4,<1.5")

#: MyST-NB's modules that call ``single_nb_execution`` (``cache`` and ``force``/``auto``).
CALLERS = ("myst_nb.core.execute.cache", "myst_nb.core.execute.direct")
NAME = "single_nb_execution"


class BuildExecution:
    """``single_nb_execution`` with the build's options (the caller's win), run through
    ``around`` when given (``around(original, *args, **kwargs)``)."""

    def __init__(
        self,
        original: Callable[..., Any],
        options: dict[str, Any],
        around: Callable[..., Any] | None = None,
    ) -> None:
        self.original = original
        self.options = options
        self.around = around

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.around is not None:
            return self.around(self.original, *args, **{**self.options, **kwargs})
        return self.original(*args, **{**self.options, **kwargs})


def pass_execution_options(
    options: dict[str, Any], around: Callable[..., Any] | None = None
) -> bool:
    """Give MyST-NB's executions ``options`` until :func:`restore_execution`."""
    if not options or not CHECKED.holds():
        return False
    for name in CALLERS:
        module = importlib.import_module(name)
        current = getattr(module, NAME, None)
        if current is not None and not isinstance(current, BuildExecution):
            setattr(module, NAME, BuildExecution(current, options, around))
    return True


def restore_execution() -> None:
    """Put MyST-NB's ``single_nb_execution`` back as it was."""
    for name in CALLERS:
        module = importlib.import_module(name)
        current = getattr(module, NAME, None)
        if isinstance(current, BuildExecution):
            setattr(module, NAME, current.original)


def exclude_from_execution(env: BuildEnvironment, paths: Sequence[str]) -> bool:
    """Add ``paths`` (glob patterns) to MyST-NB's execution exclusions, for this build."""
    config = getattr(env, "mystnb_config", None)
    if config is None or not paths or not CHECKED.holds():
        return False
    patterns = (*config.execution_excludepatterns, *paths)
    env.mystnb_config = config.copy(execution_excludepatterns=patterns)  # type: ignore[attr-defined]
    return True
