"""Interactive plotly figures, drawn in the reader's browser from the book's own files.

A note that shows a plotly figure stores it in its notebook as the figure's JSON
(``application/vnd.plotly.v1+json``, what plotly's notebook renderer emits), which
MyST-NB does not render: it warns and the figure is lost. This module is MyST-NB's
mime render plugin for that type (registered under ``myst_nb.mime_renderers`` in
``pyproject.toml``): the figure becomes a ``<div>`` holding its JSON, and the HTML
builders prefer it to the other forms of the same output.

Pages with such a figure, and only those, load ``plotly.min.js``, copied from the
installed plotly package into ``_static/`` (never fetched from a CDN, so the page
requests nothing off the site), and a small script that draws each figure. The copy is
removed when the last note with a figure is gone, as a clean build would not have it.
"""

from __future__ import annotations

import json
import os
import shutil
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from labnotebook.config import PREFIX
from labnotebook.notes.domain import PerDocumentData, StateDomain
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from collections.abc import Sequence

    from myst_nb.core.render import MimeData, NbElementRenderer
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: the ``<div>`` a figure is drawn in
FIGURE_CLASS = "labnotebook-plotly"
#: the class of a figure's ``raw`` node (docutils wraps it in a ``<div>`` of its own),
#: which tells a page it needs plotly.js
OUTPUT_CLASS = "labnotebook-plotly-output"
#: where plotly.js is served from, under the book's output folder
PLOTLY_SCRIPT = "_static/labnotebook-plotly/plotly.min.js"
DRAW_SCRIPT = "labnotebook-plotly.js"
#: characters that could end the ``<script>`` holding the JSON, or start markup in it
JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def plotly_js() -> Path | None:
    """``plotly.min.js`` of the installed plotly package, or ``None`` without plotly."""
    try:
        bundled = resources.files("plotly") / "package_data" / "plotly.min.js"
    except ModuleNotFoundError:
        return None
    path = Path(str(bundled))
    return path if path.is_file() else None


def labnotebook_builds(env: BuildEnvironment | None) -> bool:
    """Whether the document is read by a Sphinx project that loaded labnotebook (the
    plugin is registered for every MyST-NB project of the environment)."""
    return env is not None and f"{PREFIX}colab" in env.config


def figure_html(figure: dict[str, Any]) -> str:
    """The figure's JSON in an inert ``<script>`` inside the ``<div>`` it is drawn in."""
    payload = json.dumps(figure, ensure_ascii=False).translate(JSON_IN_HTML)
    return (
        f'<div class="{FIGURE_CLASS}">'
        f'<script type="application/json" class="{FIGURE_CLASS}-data">{payload}</script>'
        "<noscript>This interactive plot needs JavaScript.</noscript>"
        "</div>"
    )


class PlotlyFigures:
    """MyST-NB's mime render plugin for plotly figures (see the module's docstring)."""

    #: ahead of every type MyST-NB renders for HTML (its first, widgets, is 10)
    mime_priority_overrides: ClassVar[Sequence[tuple[str, str, int | None]]] = (
        ("html", PLOTLY_MIME, 5),
        ("dirhtml", PLOTLY_MIME, 5),
    )

    @staticmethod
    def handle_mime(
        renderer: NbElementRenderer, data: MimeData, inline: bool
    ) -> list[nodes.Element] | None:
        if data.mime_type != PLOTLY_MIME:
            return None
        env = getattr(renderer.renderer.document.settings, "env", None)
        if not labnotebook_builds(env):
            return None
        assert env is not None
        if plotly_js() is None:
            warn(
                "this output is an interactive plotly figure, and plotly is not installed "
                "where the book is built: install it (pip install 'labnotebook[interactive]') "
                "so the figure is drawn from the book's own copy of plotly.js",
                NoteWarning.INTERACTIVE,
                (env.docname, data.line),
            )
            return []  # MyST-NB then shows the output's next form, e.g. an image
        content = data.content
        figure = json.loads(content) if isinstance(content, str | bytes) else content
        return [nodes.raw("", figure_html(figure), format="html", classes=[OUTPUT_CLASS])]


def has_figure(doctree: nodes.document | None) -> bool:
    return doctree is not None and any(
        OUTPUT_CLASS in node["classes"] for node in doctree.findall(nodes.raw)
    )


class InteractiveFigures(PerDocumentData, StateDomain):
    """The documents whose doctree holds an interactive figure (``data["figures"]``:
    docname -> ``True``), kept across incremental builds and parallel reads."""

    name = "labnotebook-interactive"
    label = "labnotebook interactive figures"
    per_document_keys = ("figures",)
    initial_data: ClassVar[dict[str, Any]] = {"figures": {}}
    data_version = 1


def documents_with_figures(env: BuildEnvironment) -> dict[str, bool]:
    return env.get_domain(InteractiveFigures.name).data.setdefault("figures", {})


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    if has_figure(doctree):
        documents_with_figures(app.env)[app.env.docname] = True


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """No note shows a figure any more: plotly.js leaves the output with the last one."""
    html = exception is None and app.builder.format == "html"
    if html and not documents_with_figures(app.env):
        shutil.rmtree(Path(app.outdir, PLOTLY_SCRIPT).parent, ignore_errors=True)


def serve_plotly_js(app: Sphinx) -> None:
    """Copy plotly.js into the output once; atomically, as parallel writers may race."""
    source = plotly_js()
    if source is None:
        return
    target = Path(app.outdir, PLOTLY_SCRIPT)
    if target.is_file() and target.stat().st_size == source.stat().st_size:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    shutil.copyfile(source, partial)
    partial.replace(target)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """plotly.js and the drawing script, only on the pages that show a figure."""
    if not has_figure(doctree):
        return
    serve_plotly_js(app)
    app.add_js_file(PLOTLY_SCRIPT.removeprefix("_static/"), priority=600, defer="defer")
    app.add_js_file(DRAW_SCRIPT, priority=601, defer="defer")


def setup_interactive(app: Sphinx) -> None:
    app.add_domain(InteractiveFigures)
    app.connect("doctree-read", on_doctree_read)
    app.connect("build-finished", on_build_finished)
    app.connect("html-page-context", on_html_page_context)
