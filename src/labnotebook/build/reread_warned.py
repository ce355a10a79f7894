"""Documents that warned are read again by the next build, until they stop warning.

Sphinx reports a document's warnings only while it reads or writes that document. A
strict build (``-W``) that fails on a broken reference therefore passes when run a
second time with nothing fixed: the document is up to date, so nothing is read,
nothing warns, and the stale page stays. Here every warning is traced to its
document, the list is kept with the build's caches, and the next build reads those
documents again, so the same warnings fail it again, until they are fixed.

Warnings a book suppresses (``suppress_warnings``) do not count, so a document whose
only warnings are suppressed is not read at every build.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.logging import NAMESPACE, get_node_location, is_suppressed_warning

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

RECORD = "labnotebook-warned.json"


class WarnedDocuments(logging.Handler):
    """Collects the documents named by the warnings of one build."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app
        self.docnames: set[str] = set()

    def docname_of(self, location: object) -> str | None:
        # a warning while extensions are set up, or at config-inited (a bad setting),
        # comes before the environment exists
        env = getattr(self.app, "env", None)
        if isinstance(location, tuple) and location:
            location = location[0]
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        if not isinstance(location, str) or not location:
            return None
        if ":" not in location:
            return location  # a docname
        path = location.rsplit(":", 1)[0]
        return env.path2doc(path) if path and env is not None else None

    def emit(self, record: logging.LogRecord) -> None:
        kind = getattr(record, "type", "") or ""
        subtype = getattr(record, "subtype", "") or ""
        if is_suppressed_warning(kind, subtype, self.app.config.suppress_warnings):
            return
        docname = self.docname_of(getattr(record, "location", None))
        if docname:
            self.docnames.add(docname)

    def record_path(self) -> Path:
        return Path(self.app.doctreedir) / RECORD

    def earlier(self) -> set[str]:
        try:
            return set(json.loads(self.record_path().read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return set()

    def on_env_get_outdated(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        return sorted(self.earlier() & env.found_docs)

    def on_build_finished(self, app: Sphinx, exception: BaseException | None) -> None:
        warned = set(self.docnames)
        if exception is not None:
            warned |= self.earlier()  # a build cut short may not have reached them
        path = self.record_path()
        if warned:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(sorted(warned)), encoding="utf-8")
        else:
            path.unlink(missing_ok=True)
        self.docnames.clear()


def setup_warned(app: Sphinx) -> None:
    handler = WarnedDocuments(app)
    # Sphinx empties its logger's handlers when an application starts, so a handler
    # left by an earlier application in this process is gone by now
    logging.getLogger(NAMESPACE).addHandler(handler)
    app.connect("env-get-outdated", handler.on_env_get_outdated)
    app.connect("build-finished", handler.on_build_finished)
