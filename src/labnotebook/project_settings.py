"""labnotebook in a Sphinx project that was not made for it: the settings it needs, the names
it cites with.

A project made by ``labnotebook init`` sets everything in its ``conf.py``; a project that
only adds ``"labnotebook"`` to its extensions leaves most settings at Sphinx's and
MyST's defaults. The settings a note cannot do without are set here when the project
left them unset, and named in one warning when the project set them otherwise. A
project that sets no ``project``/``author`` gets citations that name neither Sphinx's
placeholder ("Project name not set") nor an empty site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Settings of other extensions that notes rely on, with the value they need and why.
NEEDED_SETTINGS: dict[str, tuple[Any, str]] = {
    "myst_title_to_header": (
        True,
        "a note's title comes from its front matter, and without it the note has no heading",
    ),
}


def set_by_project(config: Config, name: str) -> bool:
    """Whether ``conf.py`` (or ``-D``) gave ``name`` a value of its own."""
    return name in config._raw_config or name in config._overrides


def on_config_inited(app: Sphinx, config: Config) -> None:
    if not set_by_project(config, "source_suffix"):
        # Sphinx hands a project that sets no source_suffix its default dict itself, and
        # MyST-NB's suffixes are merged into it: every later Sphinx application in the
        # same process (a test suite, an embedding program) would then parse Markdown
        # with MyST-NB, loaded or not. A copy keeps the default as it was.
        config.source_suffix = dict(config.source_suffix)
    for name, (value, reason) in NEEDED_SETTINGS.items():
        if name not in config.values:
            continue  # the extension that reads it is not loaded
        if not set_by_project(config, name):
            config[name] = value
        elif config[name] != value:
            warn(
                f"conf.py sets {name} = {config[name]!r}; labnotebook needs {value!r} because "
                f"{reason}: set {name} = {value!r} or remove the line",
                NoteWarning.CONFIG,
            )


def site_name(config: Config) -> str:
    """How citations name the site: the project, else its title, else its author."""
    for name in ("project", "html_title", "author"):
        if set_by_project(config, name) and str(config[name]).strip():
            return str(config[name])
    return "Research notes"


def project_author(config: Config) -> str:
    """Who wrote a note that names no author: the project's author, when it names one."""
    return str(config.author) if set_by_project(config, "author") else ""


def setup_existing_project(app: Sphinx) -> None:
    # before the extensions that read these settings at builder-inited
    app.connect("config-inited", on_config_inited, priority=300)
