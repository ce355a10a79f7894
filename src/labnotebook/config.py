"""The extension's configuration: one dataclass that drives registration and validation."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labnotebook.core.note import closest
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

PREFIX = "labnotebook_"


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def _is_numbering_map(value: Any) -> bool:
    schemes = ("page", "chapter")
    return isinstance(value, dict) and all(
        isinstance(k, str) and v in schemes for k, v in value.items()
    )


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


#: What giscus needs to find the discussions of a repository, and what it may be told.
GISCUS_REQUIRED = ("repo", "repo_id", "category", "category_id")
GISCUS_OPTIONAL = ("mapping", "theme", "lang", "reactions_enabled", "input_position")


def _is_giscus(value: Any) -> bool:
    """Empty (no comments), or the four required giscus settings and known optional ones."""
    if not isinstance(value, dict):
        return False
    if not value:
        return True
    known = set(GISCUS_REQUIRED) | set(GISCUS_OPTIONAL)
    return (
        all(isinstance(value.get(key), str) and value[key] for key in GISCUS_REQUIRED)
        and set(value) <= known
        and all(isinstance(v, str) for v in value.values())
    )


@dataclass(frozen=True)
class NotebookConfig:
    """Every ``labnotebook_*`` value, with its default, check and meaning."""

    authors_file: str = field(
        default="_data/authors.yml",
        metadata={"check": _is_str, "help": "YAML registry of authors, relative to the source"},
    )
    owner: str = field(
        default="",
        metadata={
            "check": _is_str,
            "help": "author id of the book's owner, who cites the whole book when "
            "labnotebook_book_authors is empty",
        },
    )
    default_authors: list[str] = field(
        default_factory=list,
        metadata={"check": _is_str_list, "help": "authors of a note whose front matter names none"},
    )
    site_url: str = field(
        default="",
        metadata={"check": _is_str, "help": "public address of the book, for stable note URLs"},
    )
    updates_file: str = field(
        default="_data/updates.yml",
        metadata={"check": _is_str, "help": "YAML list of dated updates, relative to the source"},
    )
    profile_file: str = field(
        default="_data/profile.yml",
        metadata={"check": _is_str, "help": "YAML profile of the book's owner, for {profile}"},
    )

    publication_authors: list[str] = field(
        default_factory=list,
        metadata={
            "check": _is_str_list,
            "help": "names as the .bib writes them (e.g. 'Pai, Druv'): their papers are the "
            "owner's publications, and the names are emphasised there",
        },
    )
    search_shard_pages: int = field(
        default=50,
        metadata={
            "check": _is_positive_int,
            "help": "about how many pages each search index shard holds; a rebuild indexes "
            "again only the shards of the pages it wrote",
        },
    )
    publication_keyword: str = field(
        default="selected",
        metadata={"check": _is_str, "help": "a .bib keywords value that marks a publication"},
    )
    pdf_links: bool = field(
        default=True,
        metadata={
            "check": _is_bool,
            "help": "a PDF link on each note, to pdf/LABEL.pdf, which `labnotebook pdf` "
            "(`make pdf`) prints from the built HTML",
        },
    )
    book_authors: list[str] = field(
        default_factory=list,
        metadata={
            "check": _is_str_list,
            "help": "author ids who cite the whole book (CITATION.cff, Zenodo, {cite-book}); "
            "empty: the owner, else the default authors, else everyone in the registry",
        },
    )
    book_version: str = field(
        default="",
        metadata={
            "check": _is_str,
            "help": "the version of the book that CITATION.cff names; empty: the date of the "
            "newest change of any note",
        },
    )
    book_doi: str = field(
        default="",
        metadata={"check": _is_str, "help": "a DOI of the whole book (e.g. Zenodo's concept DOI)"},
    )
    book_license: str = field(
        default="",
        metadata={"check": _is_str, "help": "the book's licence as an SPDX id, e.g. CC-BY-4.0"},
    )
    falsify_results: str = field(
        default="_build/.falsify",
        metadata={
            "check": _is_str,
            "help": "folder where `labnotebook falsify` keeps its results, relative to the source",
        },
    )
    binderhub_url: str = field(
        default="https://mybinder.org",
        metadata={
            "check": _is_str,
            "help": "BinderHub that the Binder button of executable notes opens; empty: no button",
        },
    )
    jupyterhub_url: str = field(
        default="",
        metadata={
            "check": _is_str,
            "help": "JupyterHub (with nbgitpuller) that a button of executable notes opens; "
            "empty: no button",
        },
    )
    colab: bool = field(
        default=True,
        metadata={
            "check": lambda value: isinstance(value, bool),
            "help": "a Colab button on notes whose source is an .ipynb on GitHub",
        },
    )
    comments: dict[str, str] = field(
        default_factory=dict,
        metadata={
            "check": _is_giscus,
            "help": "giscus settings (repo, repo_id, category, category_id; optional mapping, "
            "theme, lang) that turn on comments under notes; empty: no comments",
        },
    )

    numbering: dict[str, str] = field(
        default_factory=dict,
        metadata={
            "check": _is_numbering_map,
            "help": "numbering scheme by folder, e.g. {'course/': 'chapter', 'notes/': 'page'}: "
            "'page' numbers from 1 on every page and names the page in references from "
            "elsewhere; 'chapter' prefixes the page's number from a numbered toctree. "
            "Unnamed folders: 'chapter' under a numbered toctree, else 'page'",
        },
    )
    output_stream_chars: int = field(
        default=100_000,
        metadata={
            "check": _is_positive_int,
            "help": "most characters a code cell's stdout (or stderr) shows; the rest is "
            "cut with a marker and a warning",
        },
    )
    output_line_chars: int = field(
        default=10_000,
        metadata={
            "check": _is_positive_int,
            "help": "most characters one line of a code cell's output shows; the rest of "
            "the line is cut with a marker and a warning",
        },
    )

    @classmethod
    def option_names(cls) -> list[str]:
        return [PREFIX + f.name for f in dataclasses.fields(cls)]


def setup_config(app: Sphinx) -> None:
    """Register every field of :class:`NotebookConfig` as a typed config value."""
    for item in dataclasses.fields(NotebookConfig):
        default = (
            item.default_factory()
            if item.default_factory is not dataclasses.MISSING
            else (item.default)
        )
        kinds = (
            frozenset({list, tuple}) if isinstance(default, list) else frozenset({type(default)})
        )
        app.add_config_value(
            PREFIX + item.name, default, "env", kinds, description=item.metadata["help"]
        )
    app.connect("config-inited", validate_config, priority=400)


def validate_config(app: Sphinx, config: Config) -> None:
    """Warn about an invalid value and put the default back, rather than crash later."""
    for item in dataclasses.fields(NotebookConfig):
        name = PREFIX + item.name
        if not item.metadata["check"](config[name]):
            default = (
                item.default_factory()
                if item.default_factory is not dataclasses.MISSING
                else item.default
            )
            warn(
                f"invalid value for {name}: {config[name]!r} ({item.metadata['help']}); "
                f"using the default {default!r}",
                NoteWarning.CONFIG,
            )
            config[name] = default
    warn_unknown_options(app, config)


def warn_unknown_options(app: Sphinx, config: Config) -> None:
    """Name a ``labnotebook_*`` value no option has (a typo would otherwise do nothing)."""
    known = NotebookConfig.option_names()
    raw = getattr(config, "_raw_config", {})
    conf_py = Path(app.confdir) / "conf.py"
    try:
        lines = conf_py.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        lines = []
    for name in sorted(raw):
        if not name.startswith(PREFIX) or name in known:
            continue
        hint = closest(name, known) or f" (the options are {', '.join(known)})"
        line = next(
            (n for n, text in enumerate(lines, 1) if re.match(rf"\s*{name}\s*[:=]", text)), None
        )
        warn(
            f"unknown option {name}{hint}; it has no effect",
            NoteWarning.CONFIG,
            location=f"{conf_py}:{line}" if line else str(conf_py),
        )


def get_config(env: BuildEnvironment) -> NotebookConfig:
    """The validated configuration of the current build."""
    return NotebookConfig(
        **{item.name: env.config[PREFIX + item.name] for item in dataclasses.fields(NotebookConfig)}
    )
