"""Fixes for sphinx-proof: a parallel build, and ids repeated on a page."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Let sphinx-proof's domain take part in ``-j N`` reads.

    sphinx-proof declares itself parallel-safe and merges its state (``env.proof_list``)
    in its own ``env-merge-info`` handler, but its domain lacks ``merge_domaindata``,
    so Sphinx aborts the first parallel read. The domain holds no data of its own,
    so merging it is a no-op. Done here, once every extension is loaded.
    """
    if "sphinx_proof" not in app.extensions:
        return
    from sphinx_proof.domain import ProofDomain

    if "merge_domaindata" in vars(ProofDomain):
        return  # fixed upstream

    class ParallelProofDomain(ProofDomain):
        def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
            """Nothing to merge: the proofs live in ``env.proof_list``."""

    app.add_domain(ParallelProofDomain, override=True)


class UniqueProofIds(SphinxPostTransform):
    """Drop the fixed ids sphinx-proof gives every statement body and every proof.

    Each statement's body is a section with ``id="proof-content"`` and each proof an
    admonition with ``id="proof"``, so a page with two of them repeats an id, which HTML
    forbids (UPSTREAM.md, sphinx-proof). Nothing links to them; the proof keeps its look
    through the ``proof-body`` class, which labnotebook.css styles as upstream's ``div#proof``.
    Checked against sphinx-proof 0.4.0.
    """

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.Element):
            ids = node.get("ids", [])
            if "proof-content" in ids and isinstance(node, nodes.section):
                ids.remove("proof-content")
            elif ids == ["proof"] and "proof" in node.get("classes", []):
                ids.remove("proof")
                node["classes"].append("proof-body")


def setup_sphinx_proof_fixes(app: Sphinx) -> None:
    app.add_post_transform(UniqueProofIds)
