"""Executable notes: cached runs, failures reported loudly, provenance stamps, a report page.

MyST-NB runs the notebooks (in ``cache`` mode, through jupyter-cache); this package
adds what a researcher needs to trust a page: one clear warning per failed note,
stored outputs that say where they came from, a stamp of when and with what each
note ran, and a report of every run. See ``docs/guide/execution.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labnotebook.execution.domain import ExecutionDomain
from labnotebook.execution.events import (
    on_builder_inited,
    on_config_inited,
    on_doctree_read,
    on_env_before_read_docs,
    on_env_get_outdated,
    on_source_read,
)
from labnotebook.execution.followon import setup_follow_on_filter
from labnotebook.execution.kernels import restore_kernels, use_build_kernels
from labnotebook.execution.report import (
    ExecutionReportDirective,
    execution_report,
    on_doctree_resolved,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_execution(app: Sphinx) -> None:
    app.add_domain(ExecutionDomain)
    app.connect("config-inited", on_config_inited)
    # after MyST-NB's own builder-inited handler has resolved the cache's path
    app.connect("builder-inited", on_builder_inited, priority=600)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("source-read", on_source_read)
    app.connect("doctree-read", on_doctree_read)
    # kernels started and stopped without the interactive front end's waits, this build only
    app.connect("builder-inited", use_build_kernels)
    app.connect("build-finished", restore_kernels)

    app.add_node(execution_report)
    app.add_directive("execution-report", ExecutionReportDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.add_css_file("labnotebook-execution.css")
    # a failed note reports its failure once, not once per glue key and figure after it
    setup_follow_on_filter(app)
