"""A resolved doctree as plain Markdown: prose, code and text outputs, nothing else.

The copy is for readers that are programs (language models, search tools), so it keeps
what a note says and drops what only a browser needs: raw HTML, rich outputs, scripts,
navigation. Text from the note is escaped so that it reads back as the same text in any
CommonMark reader: a title such as ``<script>`` or ``a_b*c`` stays literal.
"""

from __future__ import annotations

import re

from docutils import nodes

#: CommonMark lets a backslash escape any ASCII punctuation; these are the characters that
#: would otherwise start markup (emphasis, links, HTML, tables, headings, math, entities).
SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~$])")

#: Nodes whose content a machine reader does not want: HTML-only output, comments, targets.
SKIPPED = (
    nodes.raw,
    nodes.comment,
    nodes.target,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.Invisible,
)


#: Languages that only say "plain text" (MyST-NB's stream outputs): no tag on the fence.
PLAIN = frozenset({"none", "text", "default", "myst-ansi", "ipythontb"})


def escape(text: str) -> str:
    return SPECIAL.sub(r"\\\1", text)


def fence(code: str, language: str = "") -> str:
    """A fenced block that no run of backticks inside the code can close early."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}{language}\n{code.rstrip()}\n{marks}"


def inline(node: nodes.Node) -> str:
    """A node's inline content as Markdown on one logical line."""
    if isinstance(node, nodes.Text):
        return escape(node.astext())
    if isinstance(node, SKIPPED):
        return ""
    inner = "".join(inline(child) for child in node.children)
    if isinstance(node, nodes.emphasis) and inner:
        return f"*{inner}*"
    if isinstance(node, nodes.strong) and inner:
        return f"**{inner}**"
    if isinstance(node, nodes.literal):
        text = node.astext()
        ticks = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
        pad = " " if text.startswith("`") or text.endswith("`") else ""
        return f"{ticks}{pad}{text}{pad}{ticks}"
    if isinstance(node, nodes.math):
        return f"${node.astext()}$"
    if isinstance(node, nodes.reference):
        uri = node.get("refuri") or ("#" + node["refid"] if node.get("refid") else "")
        if uri and inner:
            return f"[{inner}](<{uri.replace('>', '%3E').replace(' ', '%20')}>)"
        return inner
    if isinstance(node, nodes.image):
        return escape(node.get("alt", ""))
    return inner


class MarkdownWriter:
    """Walks a doctree block by block; sections nest as heading levels."""

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def text_of(self, doctree: nodes.Node) -> str:
        self.blocks = []
        self.walk(doctree, depth=1)
        return "\n\n".join(block for block in self.blocks if block.strip()) + "\n"

    def walk(self, node: nodes.Node, depth: int) -> None:
        for child in node.children:
            self.block(child, depth)

    def block(self, node: nodes.Node, depth: int) -> None:
        if isinstance(node, SKIPPED):
            return
        if isinstance(node, nodes.section):
            self.walk(node, depth + 1)
        elif isinstance(node, nodes.title):
            self.blocks.append("#" * min(depth - 1 or 1, 6) + " " + inline(node))
        elif isinstance(node, nodes.paragraph | nodes.caption | nodes.rubric):
            self.blocks.append(inline(node))
        elif isinstance(node, nodes.literal_block | nodes.doctest_block):
            language = node.get("language", "")
            self.blocks.append(fence(node.astext(), "" if language in PLAIN else language))
        elif isinstance(node, nodes.math_block):
            self.blocks.append(f"$$\n{node.astext().strip()}\n$$")
        elif isinstance(node, nodes.bullet_list | nodes.enumerated_list):
            self.items(node, depth, ordered=isinstance(node, nodes.enumerated_list))
        elif isinstance(node, nodes.Text):
            self.blocks.append(escape(node.astext()))
        elif isinstance(node, nodes.table):
            self.table(node)
        elif isinstance(node, nodes.image):
            if alt := node.get("alt", ""):
                self.blocks.append(escape(alt))
        elif isinstance(node, nodes.Admonition | nodes.block_quote | nodes.topic):
            inner = MarkdownWriter()
            inner.walk(node, depth)
            quoted = "\n\n".join(inner.blocks)
            self.blocks.append(
                "\n".join("> " + line if line else ">" for line in quoted.split("\n"))
            )
        elif isinstance(node, nodes.field_list):
            self.blocks.append("\n".join(self.field(item) for item in node.children))
        elif isinstance(node, nodes.definition_list_item):
            term = inline(node.next_node(nodes.term) or nodes.Text(""))
            self.blocks.append(f"**{term}**" if term else "")
            definition = node.next_node(nodes.definition)
            if definition is not None:
                self.walk(definition, depth)
        elif isinstance(node, nodes.TextElement):
            self.blocks.append(inline(node))
        else:
            self.walk(node, depth)

    def field(self, item: nodes.Node) -> str:
        """A field (``Executed: 2026-01-15``) as a list item with its name in bold."""
        name = item.next_node(nodes.field_name)
        body = item.next_node(nodes.field_body)
        value = " ".join(inline(part) for part in body.children) if body is not None else ""
        return f"- **{inline(name) if name is not None else ''}**: {value}"

    def items(self, node: nodes.Element, depth: int, *, ordered: bool) -> None:
        lines = []
        for number, item in enumerate(node.children, start=1):
            inner = MarkdownWriter()
            inner.walk(item, depth)
            marker = f"{number}. " if ordered else "- "
            text = "\n\n".join(inner.blocks)
            indent = " " * len(marker)
            body = text.replace("\n", "\n" + indent)
            lines.append(marker + body)
        self.blocks.append("\n".join(lines))

    def table(self, node: nodes.Element) -> None:
        rows = [
            ["".join(inline(part) for part in entry.children).replace("\n", " ") for entry in row]
            for row in node.findall(nodes.row)
        ]
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        self.blocks.append("\n".join(lines))


def doctree_to_markdown(doctree: nodes.Node) -> str:
    return MarkdownWriter().text_of(doctree)
