"""The canary for labnotebook.patches: every upstream name a patch leans on, as it expects.

Each test names one patch module and checks, for the installed versions, that what the
patch replaces, calls or reads still exists with the shape the patch assumes
(signature, attribute type, the line of upstream code it skips). When an upgrade
breaks one, this fails before a build quietly goes wrong: re-check the patch against
the new version, widen its ``CHECKED`` range, or drop it.

The last tests check the guards: outside the checked versions every patch leaves the
upstream behaviour alone, and the pages come out the same.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from packaging.version import Version

import labnotebook.patches
from labnotebook.patches import guard
from labnotebook.patches.guard import Checked
from tests.conftest import build_in_process, copy_root, warnings_of
from tests.test_execution_failures import sphinx_build

PATCH_MODULES = sorted(
    name
    for _finder, name, _is_package in pkgutil.iter_modules(labnotebook.patches.__path__)
    if name != "guard"
)


def parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", PATCH_MODULES)
def test_every_patch_module_declares_the_versions_it_was_checked_against(name: str) -> None:
    module = importlib.import_module(f"labnotebook.patches.{name}")
    assert isinstance(module.CHECKED, Checked)
    assert module.__doc__ and "Checked against" in module.__doc__
    # the lock installs versions inside every range: a patch left out by an upgrade
    # of the lock shows up here, not as a slower build
    assert module.CHECKED.holds(), (
        f"{module.CHECKED.distribution} {guard.installed_version(module.CHECKED.distribution)} "
        f"is outside {module.CHECKED.versions}: check labnotebook.patches.{name} against it"
    )


# -- sphinx ---------------------------------------------------------------------------


def test_sphinx_numbers_figures_only_while_numfig_is_on() -> None:
    from sphinx.environment.collectors.toctree import TocTreeCollector

    assert parameters(TocTreeCollector.get_updated_docs) == ["self", "app", "env"]
    assert "self.assign_figure_numbers(env)" in inspect.getsource(TocTreeCollector.get_updated_docs)
    assert "if env.config.numfig:" in inspect.getsource(TocTreeCollector.assign_figure_numbers)


def test_sphinx_decides_on_a_parallel_read_from_app_parallel() -> None:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    assert "parallel" in parameters(Sphinx.__init__)
    assert "self.parallel = parallel" in inspect.getsource(Sphinx.__init__)
    read = inspect.getsource(Builder.read)
    assert "self._app.parallel > 1" in read
    assert "env-before-read-docs" in read
    assert read.index("env-before-read-docs") < read.index("self._app.parallel > 1")


def test_sphinx_writes_toctree_parents_from_files_to_rebuild() -> None:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    assert "env.files_to_rebuild.get(docname, ())" in inspect.getsource(Builder.write)
    assert "self.files_to_rebuild: dict[str, set[str]] = {}" in inspect.getsource(
        BuildEnvironment.__init__
    )


def test_sphinx_cuts_parallel_reads_with_make_chunks() -> None:
    from sphinx.builders import Builder
    from sphinx.util.parallel import make_chunks

    assert parameters(make_chunks) == ["arguments", "nproc", "maxbatch"]
    assert "make_chunks(docnames, nproc)" in inspect.getsource(Builder._read_parallel)


def test_sphinx_html_builder_renders_with_a_jinja_environment() -> None:
    from sphinx.jinja2glue import BuiltinTemplateLoader

    assert "self.environment = SandboxedEnvironment(" in inspect.getsource(
        BuiltinTemplateLoader.init
    )


# -- sphinxcontrib-bibtex ---------------------------------------------------------------


def test_bibtex_domain_has_the_methods_the_linear_domain_overrides() -> None:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    assert BibtexDomain.name == "cite"
    assert parameters(BibtexDomain.env_updated) == ["self"]
    assert parameters(BibtexDomain.get_entries) == ["self", "bibfiles"]
    assert parameters(BibtexDomain.get_filtered_entries) == ["self", "bibliography_key"]
    assert parameters(BibtexDomain.get_sorted_entries) == [
        "self",
        "bibliography_key",
        "docnames",
    ]
    assert parameters(BibtexDomain.get_formatted_entries) == [
        "self",
        "bibliography_key",
        "docnames",
        "tooltips",
        "tooltips_style",
    ]
    for name in ("bibdata", "bibliographies", "citation_refs"):
        assert isinstance(inspect.getattr_static(BibtexDomain, name), property)
    # every list is filled through the three methods the linear domain answers
    updated = inspect.getsource(BibtexDomain.env_updated)
    assert "self.get_formatted_entries(" in updated


def test_bibtex_filter_visitor_evaluates_an_expression_for_one_entry() -> None:
    from sphinxcontrib.bibtex.domain import _FilterVisitor

    assert parameters(_FilterVisitor.__init__) == [
        "self",
        "entry",
        "docname",
        "cited_docnames",
    ]
    assert callable(_FilterVisitor.visit)


def test_bibtex_citation_records_are_named_tuples_of_targets_with_keys() -> None:
    from sphinxcontrib.bibtex.citation_target import CitationTarget
    from sphinxcontrib.bibtex.roles import CitationRef

    assert CitationRef._fields == ("citation_ref_id", "docname", "line", "targets")
    assert CitationTarget._fields == ("key", "pre", "post")


# -- MyST-NB and jupyter-cache ------------------------------------------------------------


def test_myst_nb_executes_through_single_nb_execution_with_keyword_options() -> None:
    from jupyter_cache.executors.utils import single_nb_execution

    from labnotebook.patches.myst_nb import CALLERS, NAME

    for caller in CALLERS:
        assert getattr(importlib.import_module(caller), NAME) is single_nb_execution
    kinds = {p.kind for p in inspect.signature(single_nb_execution).parameters.values()}
    assert inspect.Parameter.VAR_KEYWORD in kinds  # handed on to NotebookClient


def test_myst_nb_reads_its_exclusions_from_the_config_on_the_environment() -> None:
    import myst_nb.sphinx_ext
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.execute import create_client
    from myst_nb.sphinx_ import Parser

    assert "app.env.mystnb_config = " in inspect.getsource(myst_nb.sphinx_ext.create_mystnb_config)
    assert "env.mystnb_config" in inspect.getsource(Parser.parse)
    assert "nb_config.execution_excludepatterns" in inspect.getsource(create_client)
    assert "execution_excludepatterns" in {f.name for f in dataclasses.fields(NbParserConfig)}
    assert callable(NbParserConfig.copy)


def test_jupyter_cache_answers_where_a_records_notebook_lives() -> None:
    from jupyter_cache.cache.main import JupyterCacheBase

    assert parameters(JupyterCacheBase._get_notebook_path_cache)[:2] == ["self", "hashkey"]


# -- jupyter_client and ipykernel -----------------------------------------------------------


def test_jupyter_client_kernel_client_waits_for_ready_as_a_coroutine() -> None:
    from jupyter_client.asynchronous import AsyncKernelClient

    assert inspect.iscoroutinefunction(AsyncKernelClient.wait_for_ready)
    assert parameters(AsyncKernelClient.wait_for_ready) == ["self", "timeout"]
    assert parameters(AsyncKernelClient._handle_kernel_info_reply) == ["self", "msg"]
    for name in ("kernel_info", "is_alive", "shell_channel", "iopub_channel"):
        assert hasattr(AsyncKernelClient, name)


def test_jupyter_client_kernel_manager_shuts_down_as_a_coroutine() -> None:
    from jupyter_client.manager import AsyncKernelManager

    assert inspect.iscoroutinefunction(AsyncKernelManager.shutdown_kernel)
    assert parameters(AsyncKernelManager.shutdown_kernel) == ["self", "now", "restart"]
    assert parameters(AsyncKernelManager.format_kernel_cmd) == ["self", "extra_arguments"]
    for name in ("interrupt_kernel", "request_shutdown", "is_alive"):
        assert inspect.iscoroutinefunction(getattr(AsyncKernelManager, name))
    for name in ("owns_kernel", "has_kernel"):
        assert isinstance(inspect.getattr_static(AsyncKernelManager, name), property)
    assert AsyncKernelManager.class_traits()["shutdown_wait_time"].default_value > 0


def test_ipykernel_decides_on_its_debugger_when_ipykernel_debugger_is_imported() -> None:
    source = Path(importlib.util.find_spec("ipykernel.debugger").origin).read_text()  # type: ignore[arg-type,union-attr]
    assert "_is_debugpy_available = False" in source
    assert "from debugpy.server import api" in source


def test_ipykernel_app_keeps_a_stoppable_control_thread() -> None:
    from ipykernel.control import ControlThread
    from ipykernel.kernelapp import IPKernelApp

    assert "control_thread" in IPKernelApp.class_traits()
    assert callable(ControlThread.stop)
    assert "self.control_thread.stop()" in inspect.getsource(IPKernelApp.close)


# -- the rest ----------------------------------------------------------------------------


def test_sphinx_book_theme_sidebar_is_the_template_we_replace() -> None:
    import sphinx_book_theme

    from labnotebook.patches.sphinx_book_theme import SIDEBAR_TEMPLATE, TEMPLATES

    theme = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme"
    assert SIDEBAR_TEMPLATE in (theme / "theme.conf").read_text()
    original = (theme / "components" / SIDEBAR_TEMPLATE).read_text()
    ours = (TEMPLATES / SIDEBAR_TEMPLATE).read_text()
    # ours keeps the markup the theme's styles and scripts look for
    for markup in ('class="bd-links bd-docs-nav"', 'class="bd-toc-item navbar-nav active"'):
        assert markup in original
        assert markup in ours


def test_pybtex_keeps_a_run_time_plugin_table_that_find_plugin_reads_first() -> None:
    import pybtex.plugin

    assert isinstance(pybtex.plugin._RUNTIME_PLUGINS, dict)
    assert "_RUNTIME_PLUGINS.get(" in inspect.getsource(pybtex.plugin)


def test_sphinx_proof_domain_still_lacks_merge_domaindata() -> None:
    from sphinx_proof.domain import ProofDomain

    # once sphinx-proof defines it, labnotebook.patches.sphinx_proof can go
    assert "merge_domaindata" not in vars(ProofDomain)


# -- pydata-sphinx-theme -------------------------------------------------------------


def test_the_theme_still_loads_its_icon_script_as_our_layout_expects() -> None:
    import pydata_sphinx_theme

    from labnotebook.patches.pydata_sphinx_theme import FONTS, STYLESHEET, icon_code_points

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    macros = (theme / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    # patches/templates/sphinx_book_theme/layout.html cuts this tag out of the head
    assert "<script defer src=\"{{ pathto('_static/scripts/fontawesome.js', 1) }}" in macros
    icons = icon_code_points((theme / "static" / STYLESHEET).read_text(encoding="utf-8"))
    assert icons["fa-github"] == {0xF09B}
    assert len(icons) > 1000
    fonts = {font.name for font in (theme / "static" / FONTS).glob("*.woff2")}
    assert fonts == {"fa-solid-900.woff2", "fa-brands-400.woff2", "fa-regular-400.woff2"}


# -- the guards ------------------------------------------------------------------------------


def test_a_range_holds_only_for_installed_versions_inside_it() -> None:
    sphinx = guard.installed_version("sphinx")
    assert sphinx is not None
    assert Checked("sphinx", f"=={sphinx}").holds()
    assert not Checked("sphinx", f">{sphinx}").holds()
    assert not Checked("no-such-distribution-labnotebook", ">=0").holds()


def test_sphinx_compares_the_pickled_config_before_builder_inited() -> None:
    from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    init = inspect.getsource(Sphinx.__init__)
    assert init.index("'config-inited'") < init.index("self._init_env(")
    assert init.index("self._init_env(") < init.index("self._init_builder()")
    setup = inspect.getsource(BuildEnvironment.setup)
    assert "self._config_status(\n            old_config=self.config," in setup
    build = inspect.getsource(Builder.build)
    assert "if updated_docnames:" in build
    assert "pickle.dump(self.env, f, pickle.HIGHEST_PROTOCOL)" in build
    assert ENV_PICKLE_FILENAME == "environment.pickle"
    config = Config({"project": "p"})
    config.project = "q"  # as a config-inited handler sets it: an instance attribute
    state = config.__getstate__()
    assert state["project"] == "q"
    assert all(len(pair) == 2 for pair in state["_options"].values())
    # Sphinx's own, whether or not an earlier build in this process wrapped it
    getstate = inspect.unwrap(BuildEnvironment.__getstate__)
    assert "__dict__ = self.__dict__.copy()" in inspect.getsource(getstate)


@pytest.fixture
def nothing_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every installed package at a version no patch was checked against."""
    monkeypatch.setattr(guard, "installed_version", lambda distribution: Version("0.0.1"))


@pytest.mark.usefixtures("nothing_checked")
def test_outside_the_checked_versions_no_patch_is_applied() -> None:
    from types import SimpleNamespace

    from labnotebook.patches import (
        ipykernel,
        jupyter_cache,
        jupyter_client,
        myst_nb,
        pybtex,
        sphinx,
        sphinx_book_theme,
    )

    config = SimpleNamespace(numfig=True)
    assert not sphinx.skip_figure_walk(config)  # type: ignore[arg-type]
    assert config.numfig
    app = SimpleNamespace(parallel=4)
    assert sphinx.read_serially(app) is None  # type: ignore[arg-type]
    assert app.parallel == 4
    assert sphinx.chunk_sizes(["a", "b"], 2) is None
    env = SimpleNamespace(files_to_rebuild={"a": {"index"}})
    assert sphinx.suspend_toctree_parents(env) is None  # type: ignore[arg-type]
    assert env.files_to_rebuild == {"a": {"index"}}
    assert sphinx.template_environment(SimpleNamespace()) is None  # type: ignore[arg-type]
    config = SimpleNamespace(html_context={})
    sphinx.remember_compared_config(config)  # type: ignore[arg-type]
    assert sphinx.config_as_compared(config) is config  # type: ignore[arg-type]
    env = SimpleNamespace(config=config, labnotebook_compared_config={"a": 1})
    assert not sphinx.config_changed_since_pickled(env)  # type: ignore[arg-type]
    assert sphinx_book_theme.sidebar_templates("sphinx_book_theme") == []
    assert jupyter_client.build_client_options() == {}
    assert not myst_nb.pass_execution_options({"kernel_manager_class": object})
    config = SimpleNamespace(execution_excludepatterns=())
    env = SimpleNamespace(mystnb_config=config)
    assert not myst_nb.exclude_from_execution(env, ["notes/stored.md"])  # type: ignore[arg-type]
    assert env.mystnb_config is config
    assert pybtex.runtime_plugins() is None
    assert not jupyter_cache.can_find_notebooks()
    assert not ipykernel.CHECKED.holds()


def test_a_note_that_says_execute_false_is_not_run(tmp_path: Path) -> None:
    """labnotebook.patches.myst_nb adds the note to MyST-NB's exclusions (execution forced).

    In its own process, as the other builds with MyST-NB: MyST-NB maps ``.md`` to its
    parser in a setting later applications of the same process would inherit.
    """
    src = copy_root("stored-outputs", tmp_path)
    build = sphinx_build(src, src / "_build" / "html", src / "_build" / "doctrees")
    assert (build.returncode, build.warnings) == (0, "")
    assert "Excluded from execution by pattern" in build.stdout


def html_pages(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes() for path in sorted(outdir.rglob("*.html"))
    }


@pytest.mark.parametrize("root", ["numbering", "bib-basic"])
def test_without_the_patches_a_book_builds_the_same_pages(
    root: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patched = build_in_process(copy_root(root, tmp_path / "patched"))
    assert warnings_of(patched) == []
    monkeypatch.setattr(guard, "installed_version", lambda distribution: Version("0.0.1"))
    guard._report_skipped.cache_clear()
    upstream = build_in_process(copy_root(root, tmp_path / "upstream"), verbosity=1)
    assert warnings_of(upstream) == []
    assert html_pages(Path(upstream.outdir)) == html_pages(Path(patched.outdir))
    # the verbose output says which patches were left out
    assert (
        "labnotebook: sphinx 0.0.1 is outside the versions its patches were checked against"
        in upstream.status.getvalue()
    )


def test_the_build_kernels_launcher_imports_nothing_of_the_build() -> None:
    """Every notebook's kernel imports the launcher: Sphinx there would slow every start."""
    import subprocess
    import sys

    from labnotebook.patches.jupyter_client import BUILD_LAUNCHER

    launcher = BUILD_LAUNCHER[1]
    probe = (
        f"import sys, {launcher}; "
        "print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'sphinx', 'docutils', 'myst_nb', 'jupyter_client'} "
        "or (m.startswith('labnotebook.') and not m.startswith('labnotebook.patches'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- the fault patches ----------------------------------------------------------------


def test_myst_nb_clients_render_outputs_through_code_cell_outputs() -> None:
    from myst_nb.core.execute.base import NotebookClientBase
    from myst_nb.core.execute.inline import NotebookClientInline

    for client in (NotebookClientBase, NotebookClientInline):
        assert "code_cell_outputs" in vars(client)
        assert parameters(vars(client)["code_cell_outputs"])[:2] == ["self", "cell_index"]


def test_pybtex_errors_capture_through_a_module_switch() -> None:
    import pybtex.errors

    assert pybtex.errors.captured_errors is None
    with pybtex.errors.capture() as errors:
        assert isinstance(errors, list)
