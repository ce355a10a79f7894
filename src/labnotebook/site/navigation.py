"""The book's sidebar navigation, rendered once per build instead of once per page.

sphinx-book-theme renders the whole site tree into every page: Sphinx resolves the
global toctree (deep copies of every document's toc) and pydata-sphinx-theme parses
and rewrites it with BeautifulSoup, for each page. Both grow with the number of
notes, so the writing phase grows with the square of it, and each page of a
1000-note book carries about 160 KB of navigation.

Here each page carries only the first level of the tree (the root document's
toctree captions and entries), which reaches every note without JavaScript through
the listing pages. The full tree is written once, as data, to
``_static/labnotebook-nav-data.js``; ``labnotebook-nav.js`` expands the sidebar from
it with the theme's own markup, so the theme's styles, toggles and phone-width
drawer keep working. A ``<script>`` file rather than a fetched JSON file, because
browsers refuse ``fetch`` from ``file://`` and the book must work offline.

Incremental builds stay exact: the tree file is rewritten by every build, a change
to the first level rewrites every page, a page whose previous or next page (or
their titles) changed is rewritten through ``env-get-updated``, and the page of a
deleted document is deleted.
"""

from __future__ import annotations

import glob
import hashlib
import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from labnotebook.patches.sphinx import restore_toctree_parents, suspend_toctree_parents
from labnotebook.patches.sphinx_book_theme import sidebar_templates

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

DATA_FILE = "_static/labnotebook-nav-data.js"
# what each page's frame shows of other pages; compared between builds
FRAME_FILE = "labnotebook-nav-frame.json"
THEME = "sphinx_book_theme"


@dataclass
class NavItem:
    """One entry of the tree: a document (``docname``) or an external ``url``."""

    title: str
    docname: str = ""
    url: str = ""
    children: list[NavItem] = field(default_factory=list)


@dataclass
class NavSection:
    """One toctree of the root document, with its caption (possibly empty)."""

    caption: str
    items: list[NavItem]


def doc_title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def entries_of(
    env: BuildEnvironment, toctree: addnodes.toctree, depth: int, maxdepth: int, seen: set[str]
) -> list[NavItem]:
    """The entries of one toctree node, their own toctrees below them, to ``maxdepth``.

    This mirrors what the theme asks Sphinx for (``titles_only``, hidden toctrees
    included) by walking ``env.tocs`` directly, without Sphinx's deep copies.
    """
    items = []
    for explicit_title, ref in toctree["entries"]:
        docname = toctree["parent"] if ref == "self" else ref
        if docname not in env.titles:
            if "://" in docname:  # an external link in a toctree
                items.append(NavItem(title=explicit_title or docname, url=docname))
            continue
        item = NavItem(title=explicit_title or doc_title(env, docname), docname=docname)
        if depth < maxdepth and docname not in seen and ref != "self":
            below = seen | {docname}
            for child in env.tocs[docname].findall(addnodes.toctree):
                item.children += entries_of(env, child, depth + 1, maxdepth, below)
        items.append(item)
    return items


def nav_sections(env: BuildEnvironment, maxdepth: int) -> list[NavSection]:
    """The site tree as the sidebar shows it: one section per toctree of the root."""
    root = env.config.root_doc
    if root not in env.tocs:
        return []
    return [
        NavSection(
            caption=str(toctree.get("caption") or ""),
            items=entries_of(env, toctree, 1, maxdepth, {root}),
        )
        for toctree in env.tocs[root].findall(addnodes.toctree)
    ]


def max_depth(builder: Builder) -> int:
    """The theme's ``max_navbar_depth``: the project's value, else the theme's default."""
    theme = getattr(builder, "theme", None)
    options = getattr(builder, "theme_options", None) or {}
    if theme is not None:
        options = theme.get_options(options)
    try:
        return max(1, int(options.get("max_navbar_depth", 4)))
    except (TypeError, ValueError):
        return 4


def to_data(builder: Builder, sections: list[NavSection]) -> list[dict[str, Any]]:
    """The tree as JSON data, with links relative to the book's root."""

    def item(entry: NavItem) -> dict[str, Any]:
        data: dict[str, Any] = {"t": entry.title}
        if entry.url:
            data["u"] = entry.url
        else:
            data["d"] = builder.get_target_uri(entry.docname)
        if entry.children:
            data["c"] = [item(child) for child in entry.children]
        return data

    return [{"caption": s.caption, "items": [item(i) for i in s.items]} for s in sections]


def first_level_html(builder: Builder, pagename: str, sections: list[NavSection]) -> str:
    """The first level of the tree for one page, in the theme's markup, escaped."""
    current = current_branch(builder.env, pagename)
    parts = []
    for section in sections:
        if section.caption:
            parts.append(
                '<p aria-level="2" class="caption" role="heading" data-labnotebook-first-level>'
                f'<span class="caption-text">{html.escape(section.caption)}</span></p>'
            )
        parts.append('<ul class="nav bd-sidenav" data-labnotebook-first-level>')
        for item in section.items:
            classes = ["toctree-l1"]
            link_classes = ["reference"]
            if item.url:
                href = item.url
                link_classes.append("external")
            else:
                href = builder.get_relative_uri(pagename, item.docname)
                link_classes.append("internal")
                if item.docname in current:
                    classes += ["current", "active"]
            if item.children:
                classes.append("has-children")
            aria = ' aria-current="page"' if item.docname == pagename else ""
            parts.append(
                f'<li class="{" ".join(classes)}"><a class="{" ".join(link_classes)}" '
                f'href="{html.escape(href)}"{aria}>{html.escape(item.title)}</a></li>'
            )
        parts.append("</ul>")
    return "\n".join(parts)


def current_branch(env: BuildEnvironment, pagename: str) -> set[str]:
    """The page and its ancestors in the toctree."""
    parents: dict[str, str] = {}
    for parent, children in env.toctree_includes.items():
        for child in children:
            parents.setdefault(child, parent)
    branch = {pagename}
    while pagename in parents and parents[pagename] not in branch:
        pagename = parents[pagename]
        branch.add(pagename)
    return branch


def uses_book_theme(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.config.html_theme == THEME


def on_config_inited(app: Sphinx, config: Any) -> None:
    """Put our ``sbt-sidebar-nav.html`` ahead of the theme's (templates_path wins;
    see :mod:`labnotebook.patches.sphinx_book_theme`).

    The list is replaced, never appended to: when a project leaves ``templates_path``
    unset, its value is Sphinx's shared default list, which the themes then extend in
    place, so a second build in the same process would see a different configuration
    and rewrite every page.
    """
    config.templates_path = [*config.templates_path, *sidebar_templates(config.html_theme)]


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not uses_book_theme(app):
        return
    sections = nav_sections(app.env, maxdepth=1)
    context["labnotebook_nav_first_level"] = first_level_html(app.builder, pagename, sections)
    context["labnotebook_nav_data"] = DATA_FILE
    context["labnotebook_nav_page"] = app.builder.get_target_uri(pagename)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Write the whole tree once, for every page; untouched when it did not change."""
    if exception is not None or not uses_book_theme(app):
        return
    data = to_data(app.builder, nav_sections(app.env, max_depth(app.builder)))
    tree = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = (
        "/* The book's navigation tree, written by labnotebook at each build. */\n"
        f"window.labnotebookNavData = {tree};\n"
    )
    # "</" inside a title must not end the script when the file is inlined or served
    text = text.replace("</", "<\\/")
    path = Path(app.outdir) / DATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def page_frames(env: BuildEnvironment) -> dict[str, list[str]]:
    """What each page shows of other pages, beyond what Sphinx tracks: the first level
    of the sidebar, its toctrees' titles, the previous and the next page."""
    first_level = json.dumps(
        [[s.caption, [(i.title, i.docname, i.url) for i in s.items]] for s in nav_sections(env, 1)]
    )
    frames = {}
    for docname, (_parent, previous, following) in env.collect_relations().items():
        frames[docname] = [
            first_level,
            toctree_titles(env, docname),
            previous or "",
            doc_title(env, previous) if previous else "",
            following or "",
            doc_title(env, following) if following else "",
        ]
    return frames


def toctree_titles(env: BuildEnvironment, docname: str) -> str:
    """A digest of what a page's own toctrees can show: titles and sections, at every depth.

    Sphinx rewrites the direct parent of a changed document, but a toctree shows
    grandchildren too (the root page lists every note, with its sections), and those
    pages went stale.
    """
    if docname not in env.toctree_includes:
        return ""
    shown: list[tuple[str, str]] = []
    seen = {docname}
    stack = list(reversed(env.toctree_includes[docname]))
    while stack:
        child = stack.pop()
        if child in seen:
            continue
        seen.add(child)
        toc = env.tocs.get(child)
        shown.append((child, toc.astext() if toc is not None else doc_title(env, child)))
        stack.extend(reversed(env.toctree_includes.get(child, [])))
    return hashlib.sha1(json.dumps(shown).encode(), usedforsecurity=False).hexdigest()


class PageFrames:
    """Rewrites the pages whose frame changed, and only those.

    Sphinx also writes again every page whose toctree includes a page being written,
    in case the toctree shows something new. The frames compared here say exactly
    which toctrees show something new (titles and sections, at every depth), so in a
    build that compared them that guess is switched off while the pages are written.
    A one-note edit then writes the note, not also the listing of every note above it.
    """

    def __init__(self) -> None:
        self.compared = False
        self.toctree_parents: dict[str, set[str]] | None = None

    def on_env_get_updated(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Pages whose frame changed since the last build, though their source did not."""
        self.compared = False
        if not uses_book_theme(app):
            return []
        path = Path(app.doctreedir) / FRAME_FILE
        frames = page_frames(env)
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(frames, ensure_ascii=False), encoding="utf-8")
        if not isinstance(old, dict):
            return []  # first build: every page is written anyway
        self.compared = True
        return sorted(name for name, frame in frames.items() if old.get(name) != frame)

    def on_write_started(self, app: Sphinx, builder: Builder) -> None:
        # the environment is already saved; the map is only read to extend the pages
        # to write right after this event, and is given back at the end of the build
        if self.compared:
            self.toctree_parents = suspend_toctree_parents(app.env)

    def on_build_finished(self, app: Sphinx, exception: Exception | None) -> None:
        if self.toctree_parents is not None:
            restore_toctree_parents(app.env, self.toctree_parents)
            self.toctree_parents = None


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Take the pages of deleted documents off the site.

    Sphinx never deletes output, so a deleted note would stay reachable at its old
    address (and differ from a clean build) until the output folder is wiped.
    """
    if app.builder.format != "html" or not hasattr(app.builder, "get_outfilename"):
        return []
    outdir = Path(app.outdir)
    for docname in removed:
        Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
        for copy in (outdir / "_sources").glob(f"{glob.escape(docname)}.*.txt"):
            copy.unlink()
    return []


def setup_navigation(app: Sphinx) -> None:
    app.connect("config-inited", on_config_inited)
    app.connect("html-page-context", on_html_page_context)
    app.connect("env-get-outdated", on_env_get_outdated)
    frames = PageFrames()
    app.connect("env-get-updated", frames.on_env_get_updated)
    app.connect("write-started", frames.on_write_started)
    app.connect("build-finished", frames.on_build_finished, priority=100)
    app.connect("build-finished", on_build_finished)
