"""A deleted note's pages and files leave the site at the next incremental build.

Sphinx forgets a removed document but leaves what it wrote for it: the page, its
source under ``_sources/``, the images and downloads only it used. A clean build would
not have them, and a reader could still open them. They are deleted when Sphinx
reports the document removed, before anything is written, while the environment still
knows which images and downloads belonged to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def removed_outputs(app: Sphinx, env: BuildEnvironment, removed: set[str]) -> list[Path]:
    """The files the html builder wrote only for the documents in ``removed``."""
    outdir = Path(app.outdir)
    builder = app.builder
    found: list[Path] = []
    for docname in sorted(removed):
        get_outfilename = getattr(builder, "get_outfilename", None)
        if get_outfilename is not None:
            found.append(Path(get_outfilename(docname)))
        link_suffix = app.config.html_sourcelink_suffix
        for suffix in app.config.source_suffix:
            name = docname + suffix
            if not name.endswith(link_suffix):
                name += link_suffix
            found.append(outdir / "_sources" / name)
        output_folder = getattr(getattr(env, "mystnb_config", None), "output_folder", None)
        if output_folder:
            found.append(Path(output_folder) / f"{docname}.ipynb")
    # images and downloads: those that no document kept is using
    for entries, folder in ((env.images, "_images"), (env.dlfiles, "_downloads")):
        for users, unique_name in entries.values():
            if users and users <= removed:
                found.append(outdir / folder / unique_name)
    return [path for path in found if path.is_file()]


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    if app.builder.format != "html" or not removed:
        return []
    for path in removed_outputs(app, env, removed):
        path.unlink(missing_ok=True)
        # MyST-NB's executed notebook lies beside the output folder, not in it
        shown = path.relative_to(app.outdir) if path.is_relative_to(app.outdir) else path
        logger.info("removed %s: its document is gone", shown)
    return []


def setup_removed_outputs(app: Sphinx) -> None:
    app.connect("env-get-outdated", on_env_get_outdated)
