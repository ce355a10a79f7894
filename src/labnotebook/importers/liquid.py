"""Jekyll's Liquid tags in Markdown: the ones with a MyST equivalent, converted; the rest found.

Converted: ``{{ base_path }}``, ``{{ site.baseurl }}`` and ``{{ site.url }}`` in links
(the book's links are relative), ``{% post_url %}`` and ``{% link %}`` to a page the
import brings (a ``{note}`` or ``{doc}`` reference), ``{% include figure.html %}`` and
``{% include image.html %}`` (a MyST figure), ``{% highlight %}`` (a fenced code
block), ``{% raw %}`` (dropped, its text kept) and comments. Any other tag is left
visible as inline code and reported with its line, so nothing is lost silently.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

SITE_PATHS = re.compile(r"\{\{-?\s*(?:base_path|site\.baseurl|site\.url)\s*-?\}\}/?")
TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL)
OUTPUT = re.compile(r"\{\{.*?\}\}", re.DOTALL)
COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.DOTALL)
HIGHLIGHT = re.compile(
    r"\{%-?\s*highlight\s+(\w+)[^%]*%\}\n?(.*?)\{%-?\s*endhighlight\s*-?%\}", re.DOTALL
)


@dataclass
class Conversion:
    """A document's text after conversion, and what could not be converted (with lines)."""

    text: str
    left: list[str] = field(default_factory=list)


def include_arguments(text: str) -> dict[str, str]:
    """``path="a.png" caption='b'`` -> a mapping (Liquid include arguments)."""
    arguments = {}
    try:
        words = shlex.split(text)
    except ValueError:
        return {}
    for word in words:
        key, sep, value = word.partition("=")
        if sep:
            arguments[key] = value
    return arguments


def figure(arguments: dict[str, str]) -> str | None:
    path = arguments.get("path") or arguments.get("url") or arguments.get("image")
    if not path:
        return None
    caption = arguments.get("caption") or arguments.get("title") or ""
    alt = arguments.get("alt") or caption or "figure"
    return f"\n```{{figure}} {path}\n:alt: {alt}\n\n{caption}\n```\n"


def convert_liquid(text: str, resolve: Callable[[str], str | None], root: str = "") -> Conversion:
    """Convert the Liquid in one Markdown document's body.

    :param resolve: maps a post's ``post_url`` name or a ``link`` path to the path of
        its page in the new book, or ``None`` when it has none.
    :param root: the relative path from the document to the book's root (``../``), which
        replaces the site's base path, so links work under any prefix.
    """
    left: list[str] = []

    def line_of(position: int, source: str) -> int:
        return source.count("\n", 0, position) + 1

    text = COMMENT.sub("", text)
    text = HIGHLIGHT.sub(lambda m: f"```{m.group(1)}\n{m.group(2).rstrip()}\n```", text)
    text = SITE_PATHS.sub(root or "./", text)
    text = re.sub(r"\{%-?\s*(?:raw|endraw)\s*-?%\}", "", text)

    def tag(match: re.Match[str]) -> str:
        name, rest = match.group(1), match.group(2).strip()
        if name in ("post_url", "link"):
            target = resolve(rest)
            if target is not None:
                return target
        if name == "include":
            file, _, arguments = rest.partition(" ")
            if file in ("figure.html", "image.html", "figure.liquid"):
                converted = figure(include_arguments(arguments))
                if converted is not None:
                    return converted
            if file in ("base_path", "toc"):
                return ""
        left.append(f"line {line_of(match.start(), source)}: Liquid tag {match.group(0)!r}")
        return "`" + match.group(0).replace("`", "'") + "`"

    source = text
    text = TAG.sub(tag, source)
    source = text

    def output(match: re.Match[str]) -> str:
        left.append(f"line {line_of(match.start(), source)}: Liquid output {match.group(0)!r}")
        return "`" + match.group(0).replace("`", "'") + "`"

    text = OUTPUT.sub(output, source)
    return Conversion(text, left)
