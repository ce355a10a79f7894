"""Jupyter Book 1's ``_config.yml``, written out as a labnotebook ``conf.py``.

Each Jupyter Book setting becomes the Sphinx or MyST-NB setting Jupyter Book itself
would have set, written out in the open so the author sees and owns it. What has no
counterpart is listed in the import's report, never dropped silently.
"""

from __future__ import annotations

import importlib.util
import pprint
from dataclasses import dataclass, field
from html import escape as escape_html
from typing import Any

#: Jupyter Book's execute_notebooks values and MyST-NB's nb_execution_mode ones
EXECUTION_MODES = {"auto": "auto", "force": "force", "cache": "cache", "off": "off", False: "off"}
#: the MyST extensions Jupyter Book 1 turns on when _config.yml names none
JB_MYST_EXTENSIONS = ["colon_fence", "dollarmath", "linkify", "substitution", "tasklist"]
#: extensions Jupyter Book 1 loads itself; labnotebook's counterparts come first
BASE_EXTENSIONS = ["myst_nb", "sphinx_design", "sphinx_copybutton", "sphinx_togglebutton"]
#: Jupyter Book's own extensions, which a labnotebook book does without
JB_ONLY_EXTENSIONS = frozenset(
    {"sphinx_external_toc", "sphinx_jupyterbook_latex", "sphinx_multitoc_numbering"}
    | {"sphinx_comments", "sphinx_thebe", "jupyter_book"}
)
REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")


@dataclass
class ConfResult:
    text: str
    notes: list[str] = field(default_factory=list)
    """What the author should know: settings without a counterpart, packages to install."""


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def myst_extensions(config: dict[str, Any], notes: list[str]) -> list[str]:
    parse = config.get("parse") or {}
    chosen = list(parse.get("myst_enable_extensions") or JB_MYST_EXTENSIONS)
    if "linkify" in chosen and not installed("linkify_it"):
        chosen.remove("linkify")
        notes.append(
            "MyST's 'linkify' (bare URLs become links) needs the package linkify-it-py; "
            "it is left out. Add the package and 'linkify' to myst_enable_extensions to keep it"
        )
    return chosen


def theme_options(config: dict[str, Any]) -> dict[str, Any]:
    """sphinx-book-theme's options for the repository and launch buttons."""
    options: dict[str, Any] = {}
    repository = config.get("repository") or {}
    html = config.get("html") or {}
    if repository.get("url"):
        options["repository_url"] = str(repository["url"])
        options["path_to_docs"] = str(repository.get("path_to_book", ""))
        options["repository_branch"] = str(repository.get("branch", "master"))
        for button in REPOSITORY_BUTTONS:
            if html.get(button):
                options[button] = True
    launch = config.get("launch_buttons") or {}
    buttons = {
        key: launch[key]
        for key in ("notebook_interface", "binderhub_url", "jupyterhub_url", "colab_url")
        if launch.get(key)
    }
    if launch.get("thebe"):
        buttons["thebe"] = True
    if buttons:
        options["launch_buttons"] = buttons
    return options


def conf_text(
    config: dict[str, Any], *, root: str, include: list[str], has_static: bool
) -> ConfResult:
    """The ``conf.py`` of the imported book."""
    notes: list[str] = []
    sphinx = config.get("sphinx") or {}
    extra_config: dict[str, Any] = dict(sphinx.get("config") or {})
    execute = config.get("execute") or {}
    html = config.get("html") or {}
    title = str(config.get("title") or "My book")
    author = str(config.get("author") or "")
    bibfiles = list(config.get("bibtex_bibfiles") or [])

    extensions = list(BASE_EXTENSIONS)
    extensions += ["sphinx_proof"] if installed("sphinx_proof") else []
    extensions += ["sphinxcontrib.bibtex"] if bibfiles else []
    if installed("sphinx-mathjax-offline"):
        # MathJax copied into the book: it reads offline and asks no CDN for anything
        extensions.append("labnotebook.site.offline")
    for extension in sphinx.get("extra_extensions") or []:
        if extension in JB_ONLY_EXTENSIONS or extension in extensions:
            continue
        extensions.append(str(extension))
        if not installed(str(extension).split(".")[0]):
            notes.append(
                f"the extension {extension!r} is not installed: add its package to the "
                "book's dependencies (pyproject.toml), then `make lock` and `make env`"
            )
    extensions.append("labnotebook")

    theme = theme_options(config)
    theme.update(extra_config.pop("html_theme_options", None) or {})
    mode = EXECUTION_MODES.get(execute.get("execute_notebooks", "auto"), "auto")
    settings: list[tuple[str, Any, str]] = [
        ("project", title, ""),
        ("author", author, ""),
        ("copyright", str(config.get("copyright") or author), ""),
        ("extensions", extensions, ""),
        ("root_doc", root, "the toc's root page"),
        (
            "include_patterns",
            include,
            "the pages _toc.yml names, and nothing else: a strict build rejects a page "
            "no toctree includes",
        ),
        (
            "exclude_patterns",
            ["_build", ".venv", "**/.ipynb_checkpoints", *config.get("exclude_patterns", [])],
            "",
        ),
        ("nitpicky", True, ""),
        ("numfig", True, "figures, tables and equations are numbered, as in Jupyter Book"),
        ("myst_enable_extensions", myst_extensions(config, notes), ""),
        ("myst_title_to_header", True, ""),
        ("nb_execution_mode", mode, "from execute.execute_notebooks"),
        ("nb_execution_timeout", int(execute.get("timeout", 30)), "seconds per cell"),
        ("nb_execution_excludepatterns", list(execute.get("exclude_patterns") or []), ""),
        ("nb_execution_allow_errors", bool(execute.get("allow_errors", False)), ""),
        (
            "nb_execution_raise_on_error",
            False,
            "labnotebook reports each failing notebook as one warning, and -W fails the build",
        ),
    ]
    if (config.get("parse") or {}).get("myst_substitutions"):
        settings.append(("myst_substitutions", config["parse"]["myst_substitutions"], ""))
    if bibfiles:
        settings += [
            ("bibtex_bibfiles", bibfiles, ""),
            ("bibtex_reference_style", "author_year", "Jupyter Book's default"),
            ("bibtex_default_style", "labnotebook", "entries labelled by key, as in every note"),
        ]
    settings += [
        ("html_theme", "sphinx_book_theme", ""),
        # the theme prints html_title as HTML (its sidebar), so it is given escaped
        ("html_title", escape_html(title, quote=False), "HTML: the theme prints it as markup"),
    ]
    if config.get("logo"):
        settings.append(("html_logo", str(config["logo"]), ""))
    if html.get("favicon"):
        settings.append(("html_favicon", str(html["favicon"]), ""))
    if has_static:
        settings.append(("html_static_path", ["_static"], ""))
    if html.get("baseurl"):
        settings += [
            ("html_baseurl", str(html["baseurl"]), ""),
            ("labnotebook_site_url", str(html["baseurl"]), ""),
        ]
    if theme:
        settings.append(("html_theme_options", theme, "repository and launch buttons"))
    for name, value in extra_config.items():
        settings.append((str(name), value, "from _config.yml's sphinx.config"))
    for ignored in ("latex", "html.comments", "html.google_analytics_id"):
        head, _, tail = ignored.partition(".")
        value = config.get(head)
        if value and (not tail or (isinstance(value, dict) and value.get(tail))):
            notes.append(f"_config.yml's {ignored!r} has no counterpart here and was left out")
    return ConfResult(render(title, settings), notes)


def render(title: str, settings: list[tuple[str, Any, str]]) -> str:
    lines = [
        f'"""Configuration of {title!r}, imported from a Jupyter Book 1 book.',
        "",
        "Written once by `labnotebook import jupyter-book`; from now on this file, not",
        "_config.yml or _toc.yml, is the book's configuration: edit it freely.",
        '"""',
        "",
        "from pathlib import Path",
        "",
    ]
    for name, value, comment in settings:
        if comment:
            lines.append(f"# {comment}")
        lines.append(f"{name} = {pprint.pformat(value, width=88, sort_dicts=False)}")
    lines += [
        "# MyST-NB takes a relative path from the working folder; anchor it to the book",
        'nb_execution_cache_path = str(Path(__file__).parent / "_build" / ".jupyter_cache")',
        "",
    ]
    return "\n".join(lines)
