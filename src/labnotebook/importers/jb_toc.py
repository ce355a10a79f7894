"""Jupyter Book 1's ``_toc.yml``, read into a tree and written back as toctrees.

Jupyter Book 1 keeps the book's structure outside the pages: the root page, its parts
(captions, numbering) and chapters, each chapter's sections. Sphinx keeps it in the
pages, as ``{toctree}`` directives. The importer writes one toctree per part into the
page that holds it: where the page has a ``{tableofcontents}`` block the toctree takes
its place and shows; elsewhere it is hidden, as Jupyter Book's sidebar-only structure is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

SOURCE_SUFFIXES = (".md", ".ipynb")


class TocError(ValueError):
    """A ``_toc.yml`` the importer cannot read; the message says what to change."""


@dataclass
class Entry:
    """One entry of a toctree: a page (``file``), a link (``url``) or a ``glob``."""

    file: str = ""
    url: str = ""
    glob: str = ""
    title: str = ""
    subtrees: list[Subtree] = field(default_factory=list)


@dataclass
class Subtree:
    """One toctree: a part of the book or a chapter's sections."""

    entries: list[Entry]
    caption: str = ""
    numbered: bool | int = False
    maxdepth: int | None = None
    titlesonly: bool = False
    reversed: bool = False


@dataclass
class Toc:
    root: str
    subtrees: list[Subtree]

    def pages(self) -> list[str]:
        """Every page the toc names (docnames, without suffix), root first."""
        found = [self.root]

        def walk(subtrees: list[Subtree]) -> None:
            for subtree in subtrees:
                for entry in subtree.entries:
                    if entry.file:
                        found.append(entry.file)
                    walk(entry.subtrees)

        walk(self.subtrees)
        return found

    def globs(self) -> list[str]:
        found: list[str] = []

        def walk(subtrees: list[Subtree]) -> None:
            for subtree in subtrees:
                found.extend(e.glob for e in subtree.entries if e.glob)
                for entry in subtree.entries:
                    walk(entry.subtrees)

        walk(self.subtrees)
        return found

    def parents(self) -> dict[str, list[Subtree]]:
        """Each page that holds toctrees, with them: the root, and chapters with sections."""
        held = {self.root: self.subtrees} if self.subtrees else {}

        def walk(subtrees: list[Subtree]) -> None:
            for subtree in subtrees:
                for entry in subtree.entries:
                    if entry.file and entry.subtrees:
                        held[entry.file] = entry.subtrees
                    walk(entry.subtrees)

        walk(self.subtrees)
        return held


def docname(path: str) -> str:
    """A toc path as a docname: posix, no leading ``./``, no source suffix."""
    name = PurePosixPath(path.strip()).as_posix().removeprefix("./")
    for suffix in SOURCE_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


def parse_toc(data: Any) -> Toc:
    """The tree of a ``_toc.yml`` in the ``jb-book`` or ``jb-article`` format."""
    if isinstance(data, list):
        raise TocError(
            "this _toc.yml is in the format of Jupyter Book before 0.11 (a list); "
            "convert it first with `jupyter-book toc migrate _toc.yml -o _toc.yml`"
        )
    if not isinstance(data, dict) or "root" not in data:
        raise TocError("_toc.yml needs a 'root' page and a 'format' (jb-book or jb-article)")
    form = data.get("format", "jb-book")
    if form not in ("jb-book", "jb-article"):
        raise TocError(f"_toc.yml format {form!r} is unknown; use jb-book or jb-article")
    defaults = data.get("defaults") or {}
    children = "chapters" if form == "jb-book" else "sections"
    return Toc(docname(str(data["root"])), subtrees_of(data, defaults, children))


def subtrees_of(item: dict[str, Any], defaults: dict[str, Any], children: str) -> list[Subtree]:
    """The toctrees an item holds: its ``parts``, or one tree of its ``chapters``/``sections``."""
    if "parts" in item:
        return [subtree(part, defaults, children) for part in item["parts"]]
    for key in (children, "chapters", "sections"):
        if key in item:
            return [subtree(item, defaults, key)]
    return []


def subtree(part: dict[str, Any], defaults: dict[str, Any], children: str) -> Subtree:
    options = {**defaults, **part}
    entries = [entry(e, defaults) for e in part.get(children) or part.get("sections") or []]
    maxdepth = options.get("maxdepth")
    return Subtree(
        entries=entries,
        caption=str(part.get("caption") or ""),
        numbered=options.get("numbered", False),
        maxdepth=int(maxdepth) if isinstance(maxdepth, int) and maxdepth > 0 else None,
        titlesonly=bool(options.get("titlesonly", False)),
        reversed=bool(options.get("reversed", False)),
    )


def entry(item: Any, defaults: dict[str, Any]) -> Entry:
    if not isinstance(item, dict):
        raise TocError(f"a toc entry must be a mapping with file, url or glob, not {item!r}")
    title = str(item.get("title") or "")
    if "file" in item:
        return Entry(
            file=docname(str(item["file"])),
            title=title,
            subtrees=subtrees_of(item, defaults, "sections"),
        )
    if "url" in item:
        return Entry(url=str(item["url"]), title=title or str(item["url"]))
    if "glob" in item:
        return Entry(glob=docname(str(item["glob"])))
    raise TocError(f"a toc entry needs file, url or glob: {item!r}")


def toctree_text(subtree: Subtree, *, hidden: bool) -> str:
    """The MyST ``{toctree}`` block of one subtree; entries are absolute docnames."""
    lines = ["```{toctree}"]
    if subtree.caption:
        lines.append(f":caption: {subtree.caption}")
    if subtree.numbered:
        depth = subtree.numbered
        is_depth = isinstance(depth, int) and not isinstance(depth, bool)
        lines.append(f":numbered: {depth}" if is_depth else ":numbered:")
    if subtree.maxdepth:
        lines.append(f":maxdepth: {subtree.maxdepth}")
    if subtree.titlesonly:
        lines.append(":titlesonly:")
    if subtree.reversed:
        lines.append(":reversed:")
    if any(e.glob for e in subtree.entries):
        lines.append(":glob:")
    if hidden:
        lines.append(":hidden:")
    lines.append("")
    for item in subtree.entries:
        if item.url:
            lines.append(f"{item.title} <{item.url}>")
        elif item.glob:
            lines.append(f"/{item.glob}")
        elif item.title:
            lines.append(f"{item.title} </{item.file}>")
        else:
            lines.append(f"/{item.file}")
    lines.append("```")
    return "\n".join(lines)
