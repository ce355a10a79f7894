"""Interface strings in the page's own language, on a book whose pages differ in language.

Sphinx translates its and the theme's strings into one language, the book's
``language``. A bilingual book has pages in another language too (a note's
``language`` front matter field), where "Contents", "Search" or a status name in
English read as an untranslated site. So for such a page:

* labnotebook's own strings (status and kind names, the note header, "Cite this
  note") come from :data:`MESSAGES`, a small catalogue keyed by language;
* the templates' strings come from the gettext catalogues Sphinx and the themes
  already ship for that language, installed for that page only at
  ``html-page-context``.
"""

from __future__ import annotations

import gettext
import importlib.util
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labnotebook.notes.domain import note_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: labnotebook's interface strings, by language; English is the key itself. Chinese
#: punctuation is full width, spelled by name so no one mistakes it for ASCII.
MESSAGES: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "ongoing": "进行中",
        "complete": "已完成",
        "archived": "已归档",
        "Research note": "研究笔记",
        "Course project": "课程项目",
        "Essay": "随笔",
        "Page": "页面",
        "Started {date}": "始于 {date}",
        "Updated {date}": "更新于 {date}",
        "By ": "作者\N{FULLWIDTH COLON}",
        "Tags: ": "标签\N{FULLWIDTH COLON}",
        "Course project for {course}": "课程项目\N{FULLWIDTH COLON}{course}",
        "Cite this note": "引用本文",
        "All {count} tags": "全部 {count} 个标签",
        # template strings the themes' own catalogues leave in English
        "System Settings": "跟随系统",
        "Repository": "代码仓库",
        "Show source": "查看源文件",
        "By %(author)s": "作者\N{FULLWIDTH COLON}%(author)s",
        "© Copyright %(copyright)s.": "© 版权所有 %(copyright)s。",
    },
}

#: gettext language codes to try for a page language, most specific first.
GETTEXT_CODES = {"zh-Hans": ("zh_CN", "zh"), "en": ("en",)}
#: (package, folder inside it, catalogue domain) of the catalogues the templates use.
CATALOGUES = (
    ("sphinx", "locale", "sphinx"),
    ("pydata_sphinx_theme", "locale", "sphinx"),
    ("sphinx_book_theme", "theme/sphinx_book_theme/static/locales", "booktheme"),
)


def translate(language: str, text: str, **values: str) -> str:
    """``text`` in ``language`` if the catalogue has it, else as given; then formatted."""
    message = MESSAGES.get(language, {}).get(text, text)
    return message.format(**values) if values else message


def page_language(env: BuildEnvironment, docname: str) -> str:
    """The language a page is written in: its front matter's, else the book's."""
    note = note_domain(env).notes.get(docname)
    if note is not None:
        return note.language
    return str(env.config.language or "en")


def _package_folder(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


class CatalogueTranslations(gettext.NullTranslations):
    """:data:`MESSAGES` as a gettext catalogue, asked first: it overrides the shipped ones."""

    def __init__(self, language: str, shipped: gettext.NullTranslations) -> None:
        super().__init__()
        self.messages = MESSAGES.get(language, {})
        self.shipped = shipped

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or self.shipped.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.shipped.ngettext(msgid1, msgid2, n)


@cache
def template_translations(language: str) -> gettext.NullTranslations:
    """Our catalogue, then Sphinx's and the themes' catalogues for ``language``, then English."""
    chain = gettext.NullTranslations()
    found: list[gettext.NullTranslations] = []
    codes = list(GETTEXT_CODES.get(language, (language.replace("-", "_"),)))
    for package, folder, domain in CATALOGUES:
        root = _package_folder(package)
        if root is None:
            continue
        try:
            found.append(gettext.translation(domain, root / folder, languages=codes))
        except OSError:
            continue
    for translations in reversed(found):
        translations.add_fallback(chain)
        chain = translations
    return CatalogueTranslations(language, chain)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give a page in another language than the book's its own template strings."""
    language = page_language(app.env, pagename)
    if language == (app.config.language or "en"):
        return
    translations = template_translations(language)
    # Jinja looks names up in the render context before the environment's globals
    # ``translate`` is sphinx-book-theme's name for the same function
    context["_"] = context["gettext"] = context["translate"] = translations.gettext
    context["ngettext"] = translations.ngettext


def setup_page_language(app: Sphinx) -> None:
    # after the themes' own handlers, which put their translating functions in the context
    app.connect("html-page-context", on_html_page_context, priority=900)
