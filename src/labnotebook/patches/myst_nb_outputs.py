"""MyST-NB renders a cell's outputs however long they are; labnotebook cuts them first.

MyST-NB (checked against 1.4.0) hands each code cell's outputs to its renderer through
``NotebookClientBase.code_cell_outputs`` (``NotebookClientInline`` has its own). Its
stream merge (``myst_nb.core.utils.coalesce_streams``) runs a regular expression that
is quadratic in a line's length, so a cell printing one long line made rendering run
for hours. Both methods are wrapped for the length of a build, so the outputs are cut
to :class:`~labnotebook.execution.output_limits.OutputLimits` before anything renders
them, and the cell is named in a warning.

Checked against MyST-NB 1.4 (the version the lock installs). With another version the
methods are left as they are: outputs then render uncut, as upstream renders them.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from labnotebook.config import get_config
from labnotebook.execution.failures import cell_source, first_line
from labnotebook.execution.output_limits import OutputLimits, cut_outputs
from labnotebook.patches.guard import Checked
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

#: The limits of the running build (set at ``builder-inited``).
_limits: dict[str, OutputLimits] = {}
#: The wrapped methods' originals, by class, to put back at ``build-finished``.
_originals: dict[type, Callable[..., Any]] = {}


def cut_cell_outputs(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def code_cell_outputs(self: Any, cell_index: int) -> Any:
        count, outputs = original(self, cell_index)
        limits = _limits.get("build")
        if limits is None or not outputs:
            return count, outputs
        cuts = cut_outputs(outputs, limits)
        if cuts:
            warn_cut(self, cell_index, cuts)
        return count, outputs

    return code_cell_outputs


def warn_cut(client: Any, cell_index: int, cuts: list[str]) -> None:
    cells = client.notebook.get("cells", [])
    number = sum(cell.get("cell_type") == "code" for cell in cells[: cell_index + 1])
    source_map = client.notebook.get("metadata", {}).get("source_map")
    line = source_map[cell_index] if isinstance(source_map, list) else None
    where = f"code cell {number}" + (f" (line {line})" if isinstance(line, int) else "")
    warn(
        f"{where} `{first_line(cell_source(cells[cell_index]))}` printed more than the "
        f"output limits ({'; '.join(cuts)}); the page shows it cut, with a marker. "
        "Print less, or raise labnotebook_output_line_chars or "
        "labnotebook_output_stream_chars in conf.py",
        NoteWarning.OUTPUT,
        location=f"{client.path}:{line}" if isinstance(line, int) else str(client.path),
    )


CHECKED = Checked("myst-nb", ">=1.4,<1.5")


def install_output_limits(app: Sphinx) -> None:
    if not CHECKED.holds():
        return
    from myst_nb.core.execute.base import NotebookClientBase
    from myst_nb.core.execute.inline import NotebookClientInline

    config = get_config(app.env)
    _limits["build"] = OutputLimits(config.output_stream_chars, config.output_line_chars)
    for cls in (NotebookClientBase, NotebookClientInline):
        if cls not in _originals and "code_cell_outputs" in vars(cls):
            _originals[cls] = vars(cls)["code_cell_outputs"]
            setattr(cls, "code_cell_outputs", cut_cell_outputs(_originals[cls]))  # noqa: B010


def remove_output_limits(app: Sphinx, exception: BaseException | None) -> None:
    for cls, original in _originals.items():
        setattr(cls, "code_cell_outputs", original)  # noqa: B010
    _originals.clear()
    _limits.clear()


def setup_output_limits(app: Sphinx) -> None:
    app.connect("builder-inited", install_output_limits)
    app.connect("build-finished", remove_output_limits)
