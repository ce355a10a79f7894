"""Fixes for other extensions of the stack that break a parallel build."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any

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
