"""Front matter as written: the YAML block of a Markdown note or a notebook's metadata.

Values come back raw, with the line of each key, for
:mod:`labnotebook.core.note_validation` to check; the text rewrites here keep every
line in place, so warnings point at the author's own lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _TextDateLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, for the model to check and report.

    PyYAML turns ``2024-13-01`` into a ValueError from deep inside its constructor;
    read as text, it becomes an ordinary "not a date" problem with its line.
    """


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class FrontMatter:
    """Raw front matter of a source file, with where each key stands."""

    data: dict[str, Any]
    lines: dict[str, int]
    error: str = ""
    error_line: int | None = None


def split_front_matter(text: str, *, first_line: int = 1) -> FrontMatter | None:
    """Load the YAML block at the top of a MyST document, or ``None`` if it has none.

    :param text: the document's text.
    :param first_line: the line number of the text's first line in its file.
    """
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    block = match.group(1) or ""
    offset = first_line + 1  # the block starts on the line after the opening ---
    loader = _TextDateLoader(block)
    try:
        # one parse gives both the values and where each key stands
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        # a flow left open is reported at the end of the block; its start is more useful
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = offset + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc)
        return FrontMatter({}, {}, f"the YAML front matter does not parse: {problem}", line)
    finally:
        loader.dispose()
    if data is None:
        return FrontMatter({}, {})
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return FrontMatter({}, {}, "the front matter is not a mapping of fields", first_line)
    lines = {
        str(key.value): offset + key.start_mark.line
        for key, _value in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return FrontMatter({str(k): v for k, v in data.items()}, lines)


#: Keys Jupyter and its tools keep in a notebook's metadata, which are not front matter.
NOTEBOOK_METADATA_KEYS = frozenset(
    {
        "kernelspec",
        "language_info",
        "jupytext",
        "widgets",
        "vscode",
        "toc",
        "colab",
        "celltoolbar",
        "varInspector",
        "nbsphinx",
        "interpreter",
        "orig_nbformat",
    }
)


def notebook_front_matter(text: str) -> FrontMatter:
    """Front matter of an ``.ipynb``: its metadata, as MyST-NB reads it.

    Lines are found in the JSON text: the top-level metadata is the last object
    written at an indent of one or two spaces, after the cells.
    """
    try:
        notebook = json.loads(text)
        metadata = notebook.get("metadata", {})
    except json.JSONDecodeError as exc:
        message = (
            f"the notebook is not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}); "
            "it may be cut short: restore it from version control, or open and save it in Jupyter"
        )
        return FrontMatter({}, {}, message, exc.lineno)
    except AttributeError:
        return FrontMatter({}, {}, "the notebook is not valid JSON", 1)
    if not isinstance(metadata, dict):
        return FrontMatter({}, {}, "the notebook's metadata is not a mapping", 1)
    data = {k: v for k, v in metadata.items() if k not in NOTEBOOK_METADATA_KEYS}
    lines: dict[str, int] = {}
    start = text.rfind('"metadata"')
    for number, line in enumerate(text[start:].splitlines(), text[:start].count("\n") + 1):
        match = re.match(r'^ {1,4}"([^"]+)":', line)
        if match and match.group(1) in data:
            lines.setdefault(match.group(1), number)
    return FrontMatter(data, lines)


def read_front_matter(path: Path, text: str | None = None) -> FrontMatter | None:
    """The front matter of a MyST Markdown file, or the metadata of a notebook."""
    if text is None:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix == ".ipynb":
        return notebook_front_matter(text)
    return split_front_matter(text)


def quote_front_matter_dates(text: str) -> str:
    """Quote the unquoted YAML dates of a front matter block, keeping every line in place.

    MyST-NB copies a Markdown notebook's front matter into the notebook's metadata,
    and jupyter-cache then fails to serialise a YAML date to JSON, deep inside the
    build. Quoting the dates in the text Sphinx parses (never in the file) keeps
    ``date: 2024-05-01`` valid for authors; the model reads either form.
    """
    match = FRONT_MATTER.match(text)
    if not match or not match.group(1):
        return text
    block_start = match.start(1)
    try:
        node = yaml.compose(match.group(1), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text
    if not isinstance(node, yaml.MappingNode):
        return text
    spans = [
        (value.start_mark.index, value.end_mark.index)
        for _key, value in node.value
        if isinstance(value, yaml.ScalarNode) and value.tag == TIMESTAMP_TAG and not value.style
    ]
    for start, end in reversed(spans):
        start, end = block_start + start, block_start + end
        text = f'{text[:start]}"{text[start:end]}"{text[end:]}'
    return text


def empty_front_matter(text: str) -> str:
    """Replace a front matter block by an empty mapping, keeping every line in place.

    Used once the block's YAML error has been reported, so that MyST does not report
    the same error a second time in its own words.
    """
    match = FRONT_MATTER.match(text)
    if not match or not match.group(1):
        return text
    blank = "{}" + "\n" * match.group(1).count("\n")
    return text[: match.start(1)] + blank + text[match.end(1) :]
