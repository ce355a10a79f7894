"""One failure, one warning: the follow-on warnings of a note whose execution failed are dropped.

When a cell raises, the cells after it never run, so every ``{glue}`` key they would
have set is missing and every figure they would have drawn has no label. MyST-NB and
Sphinx report each of those, and the one warning that matters (which cell failed,
and why: :mod:`labnotebook.execution.failures`) drowns among them. This filter sits
first on Sphinx's warning handler and drops, for a note whose run failed:

* MyST-NB's "No key ... found in glue data" warnings;
* Sphinx's "undefined label" warnings from ``{numref}`` and ``{ref}``.

A glue warning is logged while the note is parsed, before its run is recorded (and,
in a parallel build, before the reading process's results reach the main one), so
it is held back and released at ``env-updated`` if the note did not fail. Once the
note is fixed, any of these warnings that remain are real and are reported.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sphinx.util import logging as sphinx_logging

from labnotebook.execution.domain import execution_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

GLUE_MISSING = "No key "
UNDEFINED_LABEL = "undefined label"
RELEASED = "labnotebook_released"


def _docname(env: BuildEnvironment, location: Any) -> str | None:
    """The document a warning's location points into, whatever form the location has."""
    if isinstance(location, tuple) and location:
        return str(location[0])
    if location is not None and not isinstance(location, str):
        location = sphinx_logging.get_node_location(location)
    if not isinstance(location, str) or not location:
        return None
    path = location.rsplit(":", 1)[0] if location.rsplit(":", 1)[-1].isdigit() else location
    return env.path2doc(path)


def is_glue_follow_on(record: logging.LogRecord) -> bool:
    return getattr(record, "type", "") == "mystnb" and str(record.msg).startswith(GLUE_MISSING)


def is_label_follow_on(record: logging.LogRecord) -> bool:
    return getattr(record, "type", "") == "ref" and str(record.msg).startswith(UNDEFINED_LABEL)


class FollowOnFilter(logging.Filter):
    """Drop the warnings a failed note's later cells cause; hold glue warnings until known."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app
        self.held: list[tuple[str, logging.LogRecord]] = []
        self.reading_done = False

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, RELEASED, False) or record.levelno < logging.WARNING:
            return True
        glue, label = is_glue_follow_on(record), is_label_follow_on(record)
        if not (glue or label):
            return True
        env = self.app.env
        docname = _docname(env, getattr(record, "location", None))
        if docname is None:
            return True
        domain = execution_domain(env)
        if docname in domain.failed():
            return False
        if glue and docname not in domain.runs and not self.reading_done:
            # the note's run is not recorded yet: decide once every note is read
            self.held.append((docname, record))
            return False
        return True

    def release(self, env: BuildEnvironment) -> None:
        """Report the held warnings of every note that did not fail."""
        self.reading_done = True
        failed = set(execution_domain(env).failed())
        held, self.held = self.held, []
        logger = logging.getLogger(sphinx_logging.NAMESPACE)
        for docname, record in held:
            if docname not in failed:
                setattr(record, RELEASED, True)
                logger.handle(record)


def install(app: Sphinx) -> None:
    """Put the filter first on Sphinx's warning handler, before anything counts the warning."""
    follow_on = FollowOnFilter(app)
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, sphinx_logging.WarningStreamHandler):
            handler.filters.insert(0, follow_on)
    app.connect("env-updated", lambda _app, env: follow_on.release(env))


def setup_follow_on_filter(app: Sphinx) -> None:
    app.connect("builder-inited", install)
