"""Cell outputs cut to the book's limits before MyST-NB renders them, with a warning.

The limits are :class:`~labnotebook.execution.output_limits.OutputLimits`, read from the
configuration at ``builder-inited``. They are applied where MyST-NB hands a cell's
outputs to its renderer, through :mod:`labnotebook.patches.myst_nb_outputs`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from labnotebook.config import get_config
from labnotebook.execution.failures import cell_source, first_line
from labnotebook.execution.output_limits import OutputLimits, cut_outputs
from labnotebook.patches.myst_nb_outputs import unwrap_code_cell_outputs, wrap_code_cell_outputs
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

#: The limits of the running build (set at ``builder-inited``).
_limits: dict[str, OutputLimits] = {}


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


def install_output_limits(app: Sphinx) -> None:
    config = get_config(app.env)
    if wrap_code_cell_outputs(cut_cell_outputs):
        _limits["build"] = OutputLimits(config.output_stream_chars, config.output_line_chars)


def remove_output_limits(app: Sphinx, exception: BaseException | None) -> None:
    unwrap_code_cell_outputs()
    _limits.clear()


def setup_output_limits(app: Sphinx) -> None:
    app.connect("builder-inited", install_output_limits)
    app.connect("build-finished", remove_output_limits)
