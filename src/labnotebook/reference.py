"""The reference of labnotebook's options and warnings, rendered from the code itself.

A separate Sphinx extension: a book that lists ``"labnotebook.reference"`` in its
``extensions`` gets two directives, and labnotebook itself never loads it.

- ``{labnotebook-options}``: one entry per field of :class:`~labnotebook.config.NotebookConfig`
  (the ``labnotebook_*`` name, its type, its default, its help text);
- ``{labnotebook-warnings}``: one entry per member of :class:`~labnotebook.warnings_.NoteWarning`
  (the subtype, the docstring that says what triggers it, the ``suppress_warnings``
  entry that silences it).

So the reference cannot drift from the code: a new option or subtype appears in it at
the next build, and one without help text or docstring is a warning, which fails a
strict build.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective

from labnotebook import __version__, config, warnings_
from labnotebook.config import PREFIX, NotebookConfig
from labnotebook.warnings_ import WARNING_TYPE, NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: the class the lists carry, for the book's stylesheet and the tests
TABLE_CLASS = "lnb-reference"


def type_name(annotation: Any) -> str:
    """``str``, ``int``, ``list[str]``: a type as a conf.py author writes it."""
    return annotation.__name__ if isinstance(annotation, type) else str(annotation)


def default_of(item: dataclasses.Field[Any]) -> Any:
    if item.default_factory is not dataclasses.MISSING:
        return item.default_factory()
    return item.default


def warning_docs() -> dict[str, str]:
    """Each :class:`NoteWarning` member's docstring (attribute docstrings live in the source)."""
    analyzer = ModuleAnalyzer.for_module(NoteWarning.__module__)
    analyzer.analyze()
    owner = NoteWarning.__qualname__
    docs = {name: lines for (cls, name), lines in analyzer.attr_docs.items() if cls == owner}
    return {
        member.name: " ".join(" ".join(docs.get(member.name, [])).split()) for member in NoteWarning
    }


def paragraph(*content: nodes.Node | str) -> nodes.paragraph:
    node = nodes.paragraph()
    for part in content:
        node += nodes.Text(part) if isinstance(part, str) else part
    return node


def item(name: str, *paragraphs: nodes.paragraph) -> nodes.definition_list_item:
    """One entry: ``name`` as the term (linkable by its id), then its paragraphs."""
    term = nodes.term("", "", nodes.literal(name, name), ids=[nodes.make_id(name)])
    return nodes.definition_list_item("", term, nodes.definition("", *paragraphs))


def entries(items: list[nodes.definition_list_item]) -> nodes.definition_list:
    return nodes.definition_list("", *items, classes=[TABLE_CLASS])


class ReferenceDirective(SphinxDirective):
    """A list of the reference; the texts from the code are parsed as inline markup."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def inline(self, text: str) -> list[nodes.Node]:
        """``text`` (a help text, a docstring: ````code```` and the like) as inline nodes."""
        parsed, messages = self.parse_inline(text)
        return [*parsed, *messages]


class OptionsDirective(ReferenceDirective):
    """``{labnotebook-options}``: every ``labnotebook_*`` option with its type and default."""

    def run(self) -> list[nodes.Node]:
        # the page is read again when the options change
        self.env.note_dependency(inspect.getfile(config))
        hints = typing.get_type_hints(NotebookConfig)
        listed: list[nodes.definition_list_item] = []
        for field in dataclasses.fields(NotebookConfig):
            name = PREFIX + field.name
            help_text = str(field.metadata.get("help", "")).strip()
            if not help_text:
                warn(
                    f"option {name} has no help text: give its field in "
                    "labnotebook/config.py a metadata 'help'",
                    NoteWarning.CONFIG,
                    location=(self.env.docname, self.lineno),
                )
            listed.append(
                item(
                    name,
                    paragraph(*self.inline(help_text)),
                    paragraph(
                        "Type ",
                        nodes.literal("", type_name(hints[field.name])),
                        ", default ",
                        nodes.literal("", repr(default_of(field))),
                        ".",
                    ),
                )
            )
        return [entries(listed)]


class WarningsDirective(ReferenceDirective):
    """``{labnotebook-warnings}``: every warning subtype, what triggers it, how to silence it."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(inspect.getfile(warnings_))
        docs = warning_docs()
        listed: list[nodes.definition_list_item] = []
        for member in NoteWarning:
            name = f"{WARNING_TYPE}.{member.value}"
            if not docs[member.name]:
                warn(
                    f"warning subtype {name} has no docstring: document "
                    f"NoteWarning.{member.name} in labnotebook/warnings_.py",
                    NoteWarning.CONFIG,
                    location=(self.env.docname, self.lineno),
                )
            silence = f'suppress_warnings = ["{name}"]'
            listed.append(
                item(
                    name,
                    paragraph(*self.inline(docs[member.name])),
                    paragraph("To silence it: ", nodes.literal(silence, silence), "."),
                )
            )
        return [entries(listed)]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_directive("labnotebook-options", OptionsDirective)
    app.add_directive("labnotebook-warnings", WarningsDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
