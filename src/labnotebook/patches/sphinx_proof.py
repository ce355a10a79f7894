"""sphinx-proof's domain, made able to take part in a parallel read.

sphinx-proof declares itself parallel-safe and merges its state (``env.proof_list``)
in its own ``env-merge-info`` handler, but its ``ProofDomain`` lacks
``merge_domaindata``, so Sphinx aborts the first ``-j N`` read with
``NotImplementedError``. The domain keeps no data of its own, so merging it is a
no-op. UPSTREAM.md, "sphinx-proof: merge_domaindata".

Checked against sphinx-proof 0.4 (the version the lock installs). With another
version, or once ``ProofDomain`` defines ``merge_domaindata`` itself, the domain is
left as sphinx-proof registers it.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any

from labnotebook.patches.guard import Checked

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CHECKED = Checked("sphinx-proof", ">=0.4,<0.5")


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Register a ``ProofDomain`` that merges, once every extension is loaded."""
    if "sphinx_proof" not in app.extensions or not CHECKED.holds():
        return
    from sphinx_proof.domain import ProofDomain

    if "merge_domaindata" in vars(ProofDomain):
        return  # fixed upstream

    class ParallelProofDomain(ProofDomain):
        def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
            """Nothing to merge: the proofs live in ``env.proof_list``."""

    app.add_domain(ParallelProofDomain, override=True)
