"""The configuration a build remembers is the one the next build compares with.

Sphinx decides whether the configuration changed by comparing the configuration pickled
with the last build's environment against the new one, right after ``config-inited``.
It pickles the environment later, after ``builder-inited``, where themes and extensions
add their defaults, files and folders to the project's options (pydata-sphinx-theme's
``html_theme_options`` and permalink icon, sphinx-design's and the copy button's static
folders, MyST's MathJax settings...). The two never matched, and every build said "The
configuration has changed (7 options: ...)" about a configuration nobody had touched.

The values are copied when the last ``config-inited`` handler has run, and the pickled
environment keeps that copy (:mod:`labnotebook.patches.sphinx`): an option is reported
as changed when the project's configuration changed it, whatever extensions add later.
Sphinx pickles the environment only when it read a document, so after a change to an
option that needs no reading (the theme's options, ``html_context``), the pickled
configuration is brought up to date at the end of a successful build: the change is
reported once, not at every build until a note is edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labnotebook.patches.sphinx import (
    config_changed_since_pickled,
    pickle_config_as_compared,
    remember_compared_config,
    repickle_config,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: After every other ``config-inited`` handler (Sphinx's own run at up to 800).
LAST = 100_000


def on_config_inited(app: Sphinx, config: Config) -> None:
    remember_compared_config(config)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None and config_changed_since_pickled(app.env):
        repickle_config(app)


def setup_config_memory(app: Sphinx) -> None:
    pickle_config_as_compared()
    app.connect("config-inited", on_config_inited, priority=LAST)
    app.connect("build-finished", on_build_finished)
