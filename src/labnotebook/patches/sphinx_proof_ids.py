"""sphinx-proof's statements and proofs without ids repeated on a page.

Every statement's body is a section with ``id="proof-content"`` and every proof an
admonition with ``id="proof"``, so a page with two of either repeats an id, which HTML
forbids (the Nu HTML checker's "Duplicate ID"). UPSTREAM.md, "sphinx-proof: repeated ids".

Checked against sphinx-proof 0.4 (the version the lock installs). With another version
the ids are left as sphinx-proof writes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CHECKED = Checked("sphinx-proof", ">=0.4,<0.5")


class UniqueProofIds(SphinxPostTransform):
    """Drop the fixed ids; nothing links to them.

    A proof keeps its look through the ``proof-body`` class, which labnotebook.css styles
    as sphinx-proof's stylesheet styles ``div#proof``.
    """

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not CHECKED.holds():
            return
        for node in self.document.findall(nodes.Element):
            ids = node.get("ids", [])
            if "proof-content" in ids and isinstance(node, nodes.section):
                ids.remove("proof-content")
            elif ids == ["proof"] and "proof" in node.get("classes", []):
                ids.remove("proof")
                node["classes"].append("proof-body")


def setup_sphinx_proof_ids(app: Sphinx) -> None:
    app.add_post_transform(UniqueProofIds)
