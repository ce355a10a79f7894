"""The build's side of executable notes: what happens before, while and after a note runs.

MyST-NB executes each notebook while Sphinx reads it and records the outcome
(``NbMetadataCollector``). Around that, labnotebook:

- before reading: repairs the cache, keeps ``execute: false`` notes from running and
  queues the report pages and the notes that failed last time for reading again;
- as a note is read: prints a progress line, and once MyST-NB is done, turns its
  record into a :class:`~labnotebook.execution.records.NoteRun`, reports a failure
  as one warning and puts the provenance stamp on the page.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import platform
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from labnotebook.execution.cache import (
    prepare_cache,
    record_created,
    record_for,
    recorded_provenance,
    reset_damaged_cache,
    save_provenance,
)
from labnotebook.execution.domain import execution_domain
from labnotebook.execution.failures import cell_source, code_cells, failure_message, find_failure
from labnotebook.execution.provenance import (
    git_revision,
    imported_modules,
    package_versions,
    uncommitted,
)
from labnotebook.execution.records import (
    NoteRun,
    Package,
    RunStatus,
    format_runtime,
    format_when,
)
from labnotebook.execution.stamp import insert_stamp
from labnotebook.execution.stored import (
    declares_no_execution,
    last_commit_time,
    recorded_execution_time,
    recorded_python,
)
from labnotebook.patches.myst_nb import exclude_from_execution
from labnotebook.warnings_ import NoteWarning, warn

if TYPE_CHECKING:
    from docutils import nodes
    from myst_nb.core.config import NbParserConfig
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Key in ``env.current_document``: when reading of the current notebook began.
STARTED = "labnotebook_execution_started"


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Let labnotebook report failed notebooks, once each, in its own words.

    MyST-NB logs two warnings per failed notebook (the client's traceback, then the
    path of a log file); the warning from :func:`on_doctree_read` replaces both.
    """
    if "mystnb.exec" not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, "mystnb.exec"]


def on_builder_inited(app: Sphinx) -> None:
    """Create the cache before parallel readers need it; drop records left broken."""
    config = nb_config(app.env)
    if config is None or config.execution_mode != "cache":
        return
    path = config.execution_cache_path
    reset = reset_damaged_cache(path)
    if reset:
        logger.info(
            "execution cache: the database in %s was damaged (an interrupted build or a "
            "full disk); the cache was emptied and every notebook runs again",
            path,
        )
    existed = (Path(path) / "global.db").is_file()
    removed = prepare_cache(path)
    if removed:
        logger.info(
            "execution cache: removed %d record(s) whose notebook file was missing or "
            "damaged (left by an interrupted build); those notebooks run again",
            len(removed),
        )
    # a cache deleted (as the guide suggests, to run everything again) or repaired:
    # the notes Sphinx thinks up to date must be read, so that they run
    app.env.labnotebook_rerun_notebooks = not existed or bool(removed)  # type: ignore[attr-defined]


def nb_config(env: BuildEnvironment) -> NbParserConfig | None:
    """MyST-NB's configuration for this build, once ``builder-inited`` has made it."""
    return getattr(env, "mystnb_config", None)


def source_path(env: BuildEnvironment, docname: str) -> Path:
    return Path(env.doc2path(docname))


def relative_source(env: BuildEnvironment, docname: str) -> str:
    return source_path(env, docname).relative_to(env.srcdir).as_posix()


def is_notebook(env: BuildEnvironment, docname: str, text: str | None = None) -> bool:
    """Whether MyST-NB reads this document as a notebook (and so may execute it)."""
    from myst_nb.core.read import create_nb_reader

    path = source_path(env, docname)
    config = nb_config(env)
    md_config = getattr(env, "myst_config", None)
    if config is None or md_config is None or not path.is_file():
        return False
    if text is None:
        text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), md_config, config, text)
    return reader is not None


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Read again what an unchanged source does not make Sphinx read.

    - notes that failed last time: they must fail this build too, or now pass;
    - notes whose stamp says "uncommitted changes" once the changes are committed;
    - the report pages, when a note they list was removed or is read again here.
    """
    domain = execution_domain(env)
    outdated = set(domain.failed())
    if getattr(env, "labnotebook_rerun_notebooks", False):
        ran = {RunStatus.EXECUTED, RunStatus.CACHED, RunStatus.FAILED}
        outdated |= {docname for docname, run in domain.runs.items() if run.status in ran}
    dirty = {
        source_path(env, docname): docname
        for docname, run in domain.runs.items()
        if run.uncommitted and docname not in removed
    }
    still_dirty = uncommitted(dirty)
    outdated |= {docname for path, docname in dirty.items() if path not in still_dirty}
    if outdated or removed & domain.runs.keys():
        outdated |= domain.report_pages.keys()
    return sorted(outdated - removed)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Keep ``execute: false`` notes from running, and refresh the reports with the notes.

    MyST-NB skips a notebook whose path matches ``nb_execution_excludepatterns``; the
    patterns are extended here, in the main process, before any reader starts.
    """
    config = nb_config(env)
    if config is None:
        return
    domain = execution_domain(env)
    notebooks = [d for d in docnames if d in domain.runs or is_notebook(env, d)]
    excluded = [
        glob.escape(source_path(env, d).as_posix())
        for d in notebooks
        if declares_no_execution(source_path(env, d))
    ]
    if excluded:
        exclude_from_execution(env, excluded)
    if notebooks:
        docnames.extend(sorted(set(domain.report_pages) - set(docnames)))


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Note when a notebook starts being read (and so run), and say so."""
    env = app.env
    if not is_notebook(env, docname, source[0]):
        return
    env.current_document[STARTED] = dt.datetime.now(dt.UTC)
    if declares_no_execution(source_path(env, docname)):
        logger.info("notebook %s: stored outputs, not run here", relative_source(env, docname))
    else:
        logger.info("notebook %s: started", relative_source(env, docname))


def executed_notebook(env: BuildEnvironment, docname: str) -> dict[str, Any]:
    """The notebook as MyST-NB executed (or loaded) it, from its output folder."""
    config = nb_config(env)
    if config is None:
        return {}
    parts = docname.split("/")
    path = Path(config.output_folder).joinpath(*parts[:-1], parts[-1] + ".ipynb")
    try:
        notebook: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return notebook


def _timeout(env: BuildEnvironment, notebook: dict[str, Any]) -> tuple[int | None, str]:
    override = notebook.get("metadata", {}).get("mystnb", {}).get("execution_timeout")
    if isinstance(override, int):
        return override, "mystnb.execution_timeout in the front matter"
    config = nb_config(env)
    timeout = config.execution_timeout if config is not None else None
    return timeout, "nb_execution_timeout in conf.py"


def _stored_run(path: Path, source: str, notebook: dict[str, Any]) -> NoteRun:
    if path.suffix == ".ipynb":
        notebook = json.loads(path.read_text(encoding="utf-8"))
    when = recorded_execution_time(notebook)
    basis = "as recorded in the notebook"
    if when is None:
        when = last_commit_time(path)
        basis = (
            "when the file was last committed; the notebook records no execution times"
            if when
            else "the notebook records no execution times"
        )
    revision, dirty = git_revision(path)
    return NoteRun(
        source=source,
        status=RunStatus.STORED,
        executed_at=when,
        python=recorded_python(notebook),
        revision=revision,
        uncommitted=dirty,
        time_basis=basis,
    )


def build_run(env: BuildEnvironment, docname: str, started: dt.datetime) -> NoteRun:
    """What MyST-NB did with the notebook just read, with its provenance."""
    from myst_nb.sphinx_ import NbMetadataCollector

    path = source_path(env, docname)
    source = relative_source(env, docname)
    notebook = executed_notebook(env, docname)
    exec_data = NbMetadataCollector.get_exec_data(env, docname)
    if exec_data is None:
        if declares_no_execution(path):
            return _stored_run(path, source, notebook)
        revision, dirty = git_revision(path)
        return NoteRun(source, RunStatus.NOT_EXECUTED, revision=revision, uncommitted=dirty)

    revision, dirty = git_revision(path)
    python = str(notebook.get("metadata", {}).get("language_info", {}).get("version", ""))
    if not exec_data["succeeded"]:
        timeout, origin = _timeout(env, notebook)
        failure = find_failure(
            notebook, exec_data["error"], exec_data["traceback"], timeout, origin
        )
        return NoteRun(
            source,
            RunStatus.FAILED,
            executed_at=dt.datetime.fromtimestamp(exec_data["mtime"], dt.UTC),
            runtime=exec_data["runtime"],
            python=python,
            revision=revision,
            uncommitted=dirty,
            failure=failure,
        )

    record = None
    config = nb_config(env)
    cache_path = config.execution_cache_path if config is not None else ""
    if exec_data["method"] == "cache" and cache_path:
        import nbformat

        record = record_for(cache_path, nbformat.from_dict(notebook))
    status = RunStatus.EXECUTED
    executed_at = dt.datetime.fromtimestamp(exec_data["mtime"], dt.UTC)
    if record is not None:
        executed_at = record_created(record)
        # a record written before this note started reading was not made by this run
        if executed_at < started:
            status = RunStatus.CACHED
    saved = recorded_provenance(record) if status is RunStatus.CACHED and record else {}
    if saved:
        python = str(saved.get("python", ""))
        packages = tuple(Package(*map(str, item)) for item in saved.get("packages", []))
    else:
        # a fresh run, or a record from before provenance was kept: the environment now
        python = python or platform.python_version()
        modules = imported_modules(cell_source(cell) for _index, cell in code_cells(notebook))
        packages = package_versions(modules)
        if record is not None and status is RunStatus.EXECUTED:
            provenance = {"python": python, "packages": [astuple(p) for p in packages]}
            save_provenance(cache_path, record, provenance)
    return NoteRun(
        source,
        status,
        executed_at=executed_at,
        runtime=exec_data["runtime"],
        python=python,
        packages=packages,
        revision=revision,
        uncommitted=dirty,
    )


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Record the run, report a failure, stamp the page, print the outcome."""
    env = app.env
    started = env.current_document.get(STARTED)
    if not isinstance(started, dt.datetime):
        return  # not a notebook
    docname = env.docname
    run = build_run(env, docname, started)
    execution_domain(env).runs[docname] = run
    insert_stamp(doctree, run)
    if run.failure is not None:
        warn(
            failure_message(run.failure, run.source),
            NoteWarning.EXECUTION,
            location=(docname, run.failure.line),
        )
        logger.info("notebook %s: failed (%s)", run.source, run.failure.exception)
    elif run.status is RunStatus.EXECUTED:
        logger.info("notebook %s: finished in %s", run.source, format_runtime(run.runtime))
    elif run.status is RunStatus.CACHED:
        logger.info("notebook %s: cached (executed %s)", run.source, format_when(run.executed_at))
    elif run.status is RunStatus.NOT_EXECUTED:
        logger.info("notebook %s: not executed (execution is off)", run.source)
