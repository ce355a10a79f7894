"""Reuse it: ``{embed}`` shows a glued output of another note, without its code.

In the note that computes it::

    glue("loss_curve", figure, display=False)

and on any other page::

    ```{embed} loss_curve
    ```

The output (an image, an HTML table, or text) is taken from the glue data MyST-NB
saved when it executed the source note, and shown with a caption that links back to
that note and its provenance stamp. The key is looked up when the page is written,
after every note has been read, so the read order does not matter; a key that no note
glues is a warning at the ``{embed}``. When a note that glues an embedded key is read
again (its code or outputs changed), every page that embeds one of its keys is written
again, so incremental builds show the new output.
"""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.docutils import SphinxDirective

from labnotebook.notes.domain import note_domain
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

EXECUTED_FOLDER = "jupyter_execute"
#: The id of a note's provenance stamp (see :mod:`labnotebook.execution.stamp`).
STAMP_ID = "note-provenance"
IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}


class embedded_output(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Where an ``{embed}`` goes, until the page is written and its key is looked up."""


class EmbedDirective(SphinxDirective):
    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0].strip()
        node = embedded_output(key=key)
        self.set_source_info(node)
        embeds_of(self.env).setdefault(self.env.docname, set()).add(key)
        return [node]


def embeds_of(env: BuildEnvironment) -> dict[str, set[str]]:
    """docname → the glue keys its ``{embed}`` directives name."""
    if not hasattr(env, "labnotebook_embeds"):
        env.labnotebook_embeds = {}  # type: ignore[attr-defined]
    return env.labnotebook_embeds  # type: ignore[attr-defined]


def glued_by(env: BuildEnvironment) -> dict[str, str]:
    """glue key → the document that glues it, from MyST-NB's record of every notebook."""
    owners: dict[str, str] = {}
    for docname, data in sorted(getattr(env, "nb_metadata", {}).items()):
        for key in data.get("glue", []):
            owners.setdefault(key, docname)
    return owners


def glue_data(app: Sphinx, docname: str) -> dict[str, Any]:
    path = Path(app.outdir).parent / EXECUTED_FOLDER / f"{docname}.glue.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def page_path(app: Sphinx, docname: str) -> str:
    """The page's file in the output, relative to the output folder."""
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder):
        return Path(builder.get_outfilename(docname)).relative_to(app.outdir).as_posix()
    return docname


def output_nodes(app: Sphinx, docname: str, bundle: dict[str, Any]) -> list[nodes.Node]:
    """The richest form of the output a page can show from the book's own files."""
    data = bundle.get("data", {})
    for mime, suffix in IMAGE_TYPES.items():
        if mime in data:
            content = base64.b64decode(data[mime])
            name = hashlib.sha256(content).hexdigest()[:20] + suffix
            images = Path(app.outdir) / "_images"
            images.mkdir(parents=True, exist_ok=True)
            (images / name).write_bytes(content)
            uri = posixpath.relpath("_images/" + name, posixpath.dirname(page_path(app, docname)))
            alt = data.get("text/plain", "an embedded figure")
            return [nodes.image(uri=uri, alt=alt, candidates={"*": uri})]
    if "text/html" in data:
        return [nodes.raw("", data["text/html"], format="html")]
    if "text/plain" in data:
        text = data["text/plain"]
        block = nodes.literal_block(text, text, classes=["output", "text_plain"])
        block["language"] = "none"
        return [block]
    return []


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    pending = list(doctree.findall(embedded_output))
    if not pending:
        return
    owners = glued_by(app.env)
    notes = note_domain(app.env).notes
    for node in pending:
        key = node["key"]
        source = owners.get(key)
        bundle = glue_data(app, source).get(key) if source else None
        shown = output_nodes(app, docname, bundle) if bundle else []
        if not shown:
            warn(
                f"{{embed}} {key!r}: no note glues an output with this key that can be shown; "
                "glue it in the note that computes it with myst_nb.glue(key, value) "
                + (f"(known keys: {', '.join(sorted(owners))})" if owners else ""),
                NoteWarning.EMBED,
                node,
            )
            node.parent.remove(node)
            continue
        assert source is not None
        block = nodes.container(classes=["note-embed"])
        block += shown
        note = notes.get(source)
        title = note.title if note else source
        caption = nodes.paragraph(classes=["note-embed-caption"])
        caption += nodes.Text("From ")
        if app.builder.format == "html":
            uri = app.builder.get_relative_uri(docname, source)
            caption += nodes.reference("", title, internal=True, refuri=uri)
            caption += nodes.Text(" (")
            stamp = nodes.reference("", "how it was computed", internal=True)
            stamp["refuri"] = uri + "#" + STAMP_ID
            caption += stamp
            caption += nodes.Text(")")
        else:
            caption += nodes.Text(title)
        block += caption
        node.replace_self(block)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app.labnotebook_reread = set(docnames)  # type: ignore[attr-defined]


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages to write again: those embedding a key of a note read again in this build,
    or a key that no note glues any more (so the warning is given again)."""
    reread: set[str] = getattr(app, "labnotebook_reread", set())
    owners = glued_by(env)
    return sorted(
        docname
        for docname, keys in embeds_of(env).items()
        if docname not in reread
        and any(owners.get(key) in reread or key not in owners for key in keys)
    )


def on_env_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    embeds_of(env).pop(docname, None)


def on_env_merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    for docname in docnames:
        if docname in embeds_of(other):
            embeds_of(env)[docname] = embeds_of(other)[docname]


def setup_embed(app: Sphinx) -> None:
    app.add_node(embedded_output)
    app.add_directive("embed", EmbedDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
