"""MyST-NB renders a cell's outputs however long they are; labnotebook cuts them first.

MyST-NB hands each code cell's outputs to its renderer through
``NotebookClientBase.code_cell_outputs`` (``NotebookClientInline`` has its own). Its
stream merge (``myst_nb.core.utils.coalesce_streams``) runs a regular expression that
is quadratic in a line's length, so a cell printing one long line made rendering run
for hours. Both methods are wrapped for the length of a build, by a wrapper that
:mod:`labnotebook.execution.output_cutting` makes, so outputs are cut before anything
renders them. This module holds only the reach into MyST-NB.

Checked against MyST-NB 1.4 (the version the lock installs). With another version the
methods are left as they are: outputs then render uncut, as upstream renders them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from collections.abc import Callable

CHECKED = Checked("myst-nb", ">=1.4,<1.5")

#: The wrapped methods' originals, by class, to put back when the build ends.
_originals: dict[type, Callable[..., Any]] = {}


def wrap_code_cell_outputs(
    wrap: Callable[[Callable[..., Any]], Callable[..., Any]],
) -> bool:
    """Replace each client's ``code_cell_outputs`` with ``wrap(original)``; whether it did."""
    if not CHECKED.holds():
        return False
    from myst_nb.core.execute.base import NotebookClientBase
    from myst_nb.core.execute.inline import NotebookClientInline

    for cls in (NotebookClientBase, NotebookClientInline):
        if cls not in _originals and "code_cell_outputs" in vars(cls):
            _originals[cls] = vars(cls)["code_cell_outputs"]
            setattr(cls, "code_cell_outputs", wrap(_originals[cls]))  # noqa: B010
    return True


def unwrap_code_cell_outputs() -> None:
    """Put MyST-NB's own methods back."""
    for cls, original in _originals.items():
        setattr(cls, "code_cell_outputs", original)  # noqa: B010
    _originals.clear()
