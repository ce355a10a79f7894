"""Bilingual page pairs: a page and its translation link to each other, each in its language.

A translation names the page it translates in its front matter (``translation_of:
<label>``) and sets its own ``language``. Pairs are cross-document, so they are worked
out once every document is read:

* ``env-updated`` computes each page's switcher (its language and the pages in the
  other languages) from the note domain and compares it with what was last rendered,
  stored in :class:`TranslationDomain`. Pages whose switcher changed are written
  again, so editing one side of a pair re-renders the other side and nothing else.
* ``env-check-consistency`` reports broken pairs, at the ``translation_of`` line.
* ``doctree-resolved`` puts the switcher at the top of each paired page, as a node
  whose HTML visitor writes a small ``<nav>`` with ``lang`` and ``hreflang`` set.
* ``html-page-context`` sets the page's ``<html lang>`` from its front matter.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes

from labnotebook.core.front_matter import read_front_matter
from labnotebook.core.note import LANGUAGES, NoteMeta, closest
from labnotebook.notes.domain import StateDomain, note_domain
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

#: How each language names itself in the switcher.
LANGUAGE_NAMES = {"en": "English", "zh-Hans": "中文"}

#: A page's switcher: ``(language, docname)`` for each page of its group, in
#: :data:`~labnotebook.core.note.LANGUAGES` order; the page itself is one of them.
Switcher = tuple[tuple[str, str], ...]


class TranslationDomain(StateDomain):
    """The switcher each page was last rendered with, to know which pages to write again.

    It is filled in the main process after all documents are merged (``env-updated``),
    so workers have nothing to merge.
    """

    name = "translation"
    label = "Translations"
    initial_data: ClassVar[dict[str, Any]] = {"switchers": {}}
    data_version = 1

    @property
    def switchers(self) -> dict[str, Switcher]:
        return self.data.setdefault("switchers", {})

    def clear_doc(self, docname: str) -> None:
        self.switchers.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Nothing to merge: switchers are computed after the merge, in the main process."""


def translation_domain(env: BuildEnvironment) -> TranslationDomain:
    return cast(TranslationDomain, env.get_domain(TranslationDomain.name))


def original_of(docname: str, notes: dict[str, NoteMeta], labels: dict[str, str]) -> str:
    """The page a group is keyed by: the page ``docname`` translates, or itself."""
    target = labels.get(notes[docname].translation_of, "")
    return target or docname


def compute_switchers(notes: dict[str, NoteMeta], labels: dict[str, str]) -> dict[str, Switcher]:
    """Every paired page's switcher; pages without a valid partner get none.

    Broken links (an unknown label, a chain of translations, a language given twice in
    one group) leave the page unpaired here; :func:`problems` says why.
    """
    groups: dict[str, dict[str, str]] = {}
    for docname in sorted(notes):
        note = notes[docname]
        if note.translation_of:
            continue
        groups.setdefault(docname, {})[note.language] = docname
    for docname in sorted(notes):
        note = notes[docname]
        target = labels.get(note.translation_of)
        if not note.translation_of or target is None or notes[target].translation_of:
            continue
        group = groups.setdefault(target, {notes[target].language: target})
        group.setdefault(note.language, docname)
    switchers: dict[str, Switcher] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        switcher = tuple((lang, group[lang]) for lang in LANGUAGES if lang in group)
        for _lang, docname in switcher:
            switchers[docname] = switcher
    return switchers


def problems(notes: dict[str, NoteMeta], labels: dict[str, str]) -> Iterable[tuple[str, str]]:
    """Each ``(docname, message)`` for a page whose ``translation_of`` is broken."""
    claimed: dict[tuple[str, str], str] = {}
    for docname in sorted(notes):
        note = notes[docname]
        if not note.translation_of:
            continue
        where = f"translation_of {note.translation_of!r}"
        target = labels.get(note.translation_of)
        if target is None:
            yield (
                docname,
                (
                    f"{where} names no page{closest(note.translation_of, list(labels))}; "
                    "use the label of the page this one translates"
                ),
            )
            continue
        original = notes[target]
        if original.translation_of:
            yield (
                docname,
                (
                    f"{where} names a page that is itself a translation (of "
                    f"{original.translation_of!r}); name the original page instead"
                ),
            )
        elif original.language == note.language:
            yield (
                docname,
                (
                    f"{where}: both pages are in {note.language!r}; set this page's language "
                    f"to the one it is translated into ({one_other(note.language)})"
                ),
            )
        elif (target, note.language) in claimed:
            yield (
                docname,
                (
                    f"{where}: page {notes[claimed[target, note.language]].label!r} already "
                    f"translates it into "
                    f"{note.language!r}; a page has one translation per language"
                ),
            )
        else:
            claimed[target, note.language] = docname


def one_other(language: str) -> str:
    return ", ".join(repr(lang) for lang in LANGUAGES if lang != language)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Store the new switchers and return the pages whose switcher changed, to write them."""
    domain = note_domain(env)
    current = compute_switchers(domain.notes, domain.by_label())
    stored = translation_domain(env).switchers
    changed = [
        docname
        for docname in sorted(set(current) | set(stored))
        if current.get(docname) != stored.get(docname) and docname in env.found_docs
    ]
    stored.clear()
    stored.update(current)
    return changed


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every broken pair, at the page's ``translation_of`` line."""
    domain = note_domain(env)
    for docname, message in problems(domain.notes, domain.by_label()):
        warn(message, NoteWarning.TRANSLATION, location=(docname, translation_line(env, docname)))


def translation_line(env: BuildEnvironment, docname: str) -> int | None:
    """The line of ``translation_of`` in the page's front matter (read again: rare)."""
    front = read_front_matter(Path(env.doc2path(docname)))
    return front.lines.get("translation_of") if front else None


class language_switcher(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """The links between a page and its translations; ``entries`` is a list of
    ``(language, name, uri)``, where the current page's ``uri`` is empty."""


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the switcher first on each page of a pair."""
    switcher = translation_domain(app.env).switchers.get(docname)
    if not switcher:
        return
    entries = []
    for language, other in switcher:
        uri = "" if other == docname else app.builder.get_relative_uri(docname, other)
        entries.append((language, LANGUAGE_NAMES[language], uri))
    node = language_switcher(entries=entries)
    doctree.insert(0, node)


def visit_switcher_html(translator: HTML5Translator, node: language_switcher) -> None:
    # attribute values go through the translator's escaping; names come from LANGUAGE_NAMES
    translator.body.append(
        translator.starttag(
            node,
            "nav",
            CLASS="ln-languages",
            **{"aria-label": "Language", "data-pagefind-ignore": ""},
        )
    )
    parts = []
    for language, name, uri in node["entries"]:
        if uri:
            parts.append(
                translator.starttag(
                    nodes.Element(), "a", "", href=uri, hreflang=language, lang=language
                )
                + translator.encode(name)
                + "</a>"
            )
        else:
            parts.append(
                translator.starttag(
                    nodes.Element(), "span", "", lang=language, **{"aria-current": "page"}
                )
                + translator.encode(name)
                + "</span>"
            )
    translator.body.append(' <span class="ln-sep" aria-hidden="true">|</span> '.join(parts))
    translator.body.append("</nav>\n")
    raise nodes.SkipNode


def visit_switcher_text(translator: Any, node: language_switcher) -> None:
    # other builders (text, LaTeX, ...) have no page to switch to: leave it out
    raise nodes.SkipNode


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Set the page's ``<html lang>`` from its front matter; the theme reads ``language``."""
    note = note_domain(app.env).notes.get(pagename)
    if note is not None:
        context["language"] = note.language


def setup_i18n(app: Sphinx) -> None:
    app.add_domain(TranslationDomain)
    app.add_css_file("labnotebook-i18n.css")
    skip = (visit_switcher_text, None)
    app.add_node(
        language_switcher,
        html=(visit_switcher_html, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.connect("env-updated", on_env_updated)
    app.connect("env-check-consistency", on_check_consistency)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
