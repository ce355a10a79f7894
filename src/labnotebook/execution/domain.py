"""The ``execution`` domain: each executable note's run, and the pages that report on them.

Kept in a domain so that runs recorded by parallel readers are merged into one place.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any, ClassVar, cast

from labnotebook.execution.records import NoteRun, RunStatus
from labnotebook.notes.domain import StateDomain

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

DOMAIN = "execution"


class ExecutionDomain(StateDomain):
    """``data["runs"]``: docname to :class:`NoteRun`; ``data["reports"]``: report pages."""

    name = DOMAIN
    label = "Execution"
    initial_data: ClassVar[dict[str, Any]] = {"runs": {}, "reports": {}}
    data_version = 1

    @property
    def runs(self) -> dict[str, NoteRun]:
        return self.data.setdefault("runs", {})

    @property
    def report_pages(self) -> dict[str, bool]:
        return self.data.setdefault("reports", {})

    def failed(self) -> list[str]:
        return sorted(d for d, run in self.runs.items() if run.status is RunStatus.FAILED)

    def clear_doc(self, docname: str) -> None:
        self.runs.pop(docname, None)
        self.report_pages.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["runs"]:
                self.runs[docname] = otherdata["runs"][docname]
            if docname in otherdata["reports"]:
                self.report_pages[docname] = True


def execution_domain(env: BuildEnvironment) -> ExecutionDomain:
    return cast(ExecutionDomain, env.get_domain(DOMAIN))
