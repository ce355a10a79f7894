"""Run it: downloads and launch buttons under the header of every executable note.

A note is executable when MyST-NB treated it as a notebook: it wrote the executed
notebook to ``<build>/jupyter_execute/<docname>.ipynb``. That notebook, outputs included,
is copied beside the page, with the MyST source when the note is written in MyST, and
the note gets:

* *Binder* (``labnotebook_binderhub_url``), for repositories on GitHub;
* *Colab* (``labnotebook_colab``), for ``.ipynb`` sources on GitHub (Colab opens no MyST);
* *JupyterHub* (``labnotebook_jupyterhub_url``) through nbgitpuller, for any git repository.

The repository is the one the theme already knows: ``html_theme_options``'s
``repository_url``, ``repository_branch`` (default ``main``) and ``path_to_docs``. A note
whose front matter says ``needs: [gpu]`` (or ``cluster``) says so beside the buttons.
"""

from __future__ import annotations

import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from labnotebook.config import get_config
from labnotebook.notes.domain import note_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from labnotebook.core.note import NoteMeta

HTML_BUILDERS = frozenset({"html", "dirhtml"})
#: Where MyST-NB writes each executed notebook, beside the output folder.
EXECUTED_FOLDER = "jupyter_execute"
NEED_TEXT = {"gpu": "needs a GPU", "cluster": "needs a cluster"}


@dataclass(frozen=True)
class Repository:
    url: str
    branch: str
    path_to_docs: str

    @property
    def github(self) -> tuple[str, str] | None:
        """``(owner, name)`` of a GitHub repository, else ``None``."""
        prefix = "https://github.com/"
        if not self.url.startswith(prefix):
            return None
        parts = self.url[len(prefix) :].strip("/").removesuffix(".git").split("/")
        return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def repository_of(app: Sphinx) -> Repository | None:
    options = app.config.html_theme_options or {}
    url = str(options.get("repository_url", "")).strip()
    if not url:
        return None
    branch = str(options.get("repository_branch", "") or "main")
    return Repository(url.rstrip("/"), branch, str(options.get("path_to_docs", "")).strip("/"))


def launch_links(app: Sphinx, source: str) -> list[tuple[str, str]]:
    """``(button text, address)`` of every launch service configured, for a source file
    at ``source`` (relative to the book's source folder, with its suffix)."""
    repo = repository_of(app)
    if repo is None:
        return []
    config = get_config(app.env)
    path = posixpath.join(repo.path_to_docs, source) if repo.path_to_docs else source
    links = []
    github = repo.github
    if github and config.binderhub_url:
        owner, name = github
        base = config.binderhub_url.rstrip("/")
        query = urlencode({"urlpath": f"lab/tree/{path}"})
        links.append(
            ("Binder", f"{base}/v2/gh/{quote(owner)}/{quote(name)}/{quote(repo.branch)}?{query}")
        )
    if github and config.colab and source.endswith(".ipynb"):
        owner, name = github
        address = (
            f"https://colab.research.google.com/github/{owner}/{name}/blob/{repo.branch}/{path}"
        )
        links.append(("Colab", quote(address, safe=":/")))
    if config.jupyterhub_url:
        folder = repo.url.rsplit("/", 1)[-1].removesuffix(".git")
        query = urlencode(
            {"repo": repo.url, "urlpath": f"lab/tree/{folder}/{path}", "branch": repo.branch}
        )
        hub = config.jupyterhub_url.rstrip("/")
        links.append(("JupyterHub", f"{hub}/hub/user-redirect/git-pull?{query}"))
    return links


def executed_notebook(app: Sphinx, docname: str) -> Path:
    return Path(app.outdir).parent / EXECUTED_FOLDER / f"{docname}.ipynb"


def relative(app: Sphinx, docname: str, target: str) -> str:
    """``target`` (a path in the output) as a link from ``docname``'s page."""
    builder = app.builder
    assert isinstance(builder, StandaloneHTMLBuilder)  # only HTML builders get downloads
    page = Path(builder.get_outfilename(docname)).relative_to(app.outdir).as_posix()
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


class download_link(nodes.reference):  # noqa: N801 (docutils names node classes in lower case)
    """A link whose file the browser saves, under the name in ``download``."""


def visit_download_link(translator: HTML5Translator, node: download_link) -> None:
    # starttag escapes the values and adds the node's classes
    translator.body.append(
        translator.starttag(node, "a", "", href=node["refuri"], download=node["download"])
    )


def depart_download_link(translator: HTML5Translator, node: download_link) -> None:
    translator.body.append("</a>")


def button(text: str, uri: str, kind: str, *, download: str = "") -> nodes.reference:
    """A button linking to ``uri``; with ``download``, one that saves the file under that name."""
    classes = ["note-run-button", f"note-run-{kind}"]
    if not download:
        return nodes.reference("", text, refuri=uri, classes=classes)
    return download_link(
        "", text, refuri=uri, download=download, classes=[*classes, "note-download"]
    )


def run_block(app: Sphinx, docname: str, note: NoteMeta) -> nodes.container | None:
    """Copy the notebook and source beside the page; the buttons that point to them."""
    executed = executed_notebook(app, docname)
    if not executed.is_file():
        return None
    out = Path(app.outdir)
    source = Path(app.env.doc2path(docname))
    source_name = Path(app.env.doc2path(docname, False)).as_posix()
    notebook_target = f"{docname}.ipynb"
    (out / notebook_target).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(executed, out / notebook_target)
    paragraph = nodes.paragraph(classes=["note-run"])
    paragraph += nodes.inline("", "Run it: ", classes=["note-run-label"])
    notebook_link = relative(app, docname, notebook_target)
    paragraph += button(
        ".ipynb", notebook_link, "ipynb", download=posixpath.basename(notebook_target)
    )
    if source.suffix != ".ipynb":
        source_target = f"{docname}.myst{source.suffix}"
        shutil.copyfile(source, out / source_target)
        paragraph += nodes.Text(" ")
        source_link = relative(app, docname, source_target)
        paragraph += button("MyST source", source_link, "source", download=source.name)
    for text, uri in launch_links(app, source_name):
        paragraph += nodes.Text(" ")
        paragraph += button(text, uri, text.lower())
    for need in note.needs:
        paragraph += nodes.Text(" ")
        paragraph += nodes.inline("", NEED_TEXT[need], classes=["note-needs", f"note-needs-{need}"])
    block = nodes.container(classes=["note-run-it"])
    block += paragraph
    return block


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    note = note_domain(app.env).notes.get(docname)
    if note is None or app.builder.name not in HTML_BUILDERS:
        return
    block = run_block(app, docname, note)
    if block is None:
        return
    header = next(
        (n for n in doctree.findall(nodes.container) if "note-header" in n["classes"]), None
    )
    if header is not None:
        header.parent.insert(header.parent.index(header) + 1, block)
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is not None:
        title.parent.insert(title.parent.index(title) + 1, block)
    else:
        doctree.insert(0, block)


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A deleted note's downloads go with it."""
    if app.builder.name in HTML_BUILDERS:
        out = Path(app.outdir)
        for docname in removed:
            for stale in out.glob(f"{docname}.ipynb"):
                stale.unlink()
            for stale in out.glob(f"{docname}.myst.*"):
                stale.unlink()
    return []


def setup_launch(app: Sphinx) -> None:
    # after the header (priority 700), so the buttons sit right under it
    app.connect("doctree-resolved", on_doctree_resolved, priority=710)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.add_node(download_link, html=(visit_download_link, depart_download_link))
    app.add_css_file("labnotebook-run.css")
