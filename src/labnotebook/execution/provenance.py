"""Provenance of an executed note: what its code imports, at which versions, from which commit.

Versions are read from the build environment, which is the one the kernel runs in
(the Makefile installs the project's own kernel). Sphinx-free.
"""

from __future__ import annotations

import ast
import functools
import os
import subprocess
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from labnotebook.execution.records import Package


def _python_source(cell_source: str) -> str:
    """The cell as plain Python: IPython magics and shell escapes turned into calls."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # IPython comes with the kernel; without it, drop magic lines
        return "\n".join(
            line for line in cell_source.splitlines() if not line.lstrip().startswith(("%", "!"))
        )
    return str(TransformerManager().transform_cell(cell_source))


def imported_modules(cell_sources: Iterable[str]) -> list[str]:
    """Top-level modules the cells import, in order of first import, without the stdlib.

    A cell that does not parse is skipped: the run reports it, not the stamp.
    """
    found: dict[str, None] = {}
    for source in cell_sources:
        try:
            tree = ast.parse(_python_source(source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top not in sys.stdlib_module_names and top != "__future__":
                    found.setdefault(top)
    return list(found)


@functools.cache
def _distributions_by_module() -> dict[str, list[str]]:
    # scanning every installed distribution is slow: once per process is enough
    return dict(metadata.packages_distributions())


def package_versions(modules: Iterable[str]) -> tuple[Package, ...]:
    """The installed distribution and version behind each module, as the build sees them."""
    packages = []
    for module in modules:
        distributions = _distributions_by_module().get(module, [])
        if not distributions:
            packages.append(Package(module))
            continue
        name = distributions[0]
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = ""
        packages.append(Package(module, name, version))
    return tuple(packages)


def _git(folder: Path, *args: str) -> str | None:
    # A build only reads the repository. Without GIT_OPTIONAL_LOCKS=0, ``git status``
    # refreshes a stale index as a side effect, and the changed ``.git/index`` would make
    # the next ``labnotebook build`` start Sphinx although no input changed.
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=folder,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None  # no git, or a repository too slow to answer: no revision, no failure
    return result.stdout.strip() if result.returncode == 0 else None


def git_revision(path: Path) -> tuple[str, bool]:
    """The last commit that changed ``path``, and whether the file differs from it.

    ``("", False)`` when the file is not in a git repository or git is missing;
    ``("", True)`` when it is in one but was never committed.
    """
    revision = _git(path.parent, "log", "-1", "--format=%H", "--", path.name)
    if not revision:
        inside = _git(path.parent, "rev-parse", "--is-inside-work-tree") == "true"
        return "", inside
    status = _git(path.parent, "status", "--porcelain", "--", path.name)
    return revision, bool(status)


def uncommitted(paths: Iterable[Path]) -> set[Path]:
    """Which of ``paths`` (all in one repository) differ from their last commit."""
    paths = list(paths)
    if not paths:
        return set()
    top = _git(paths[0].parent, "rev-parse", "--show-toplevel")
    if top is None:
        return set()
    # git-ignored and untracked files have no commit to differ from: list them too,
    # one by one, or a never-committed note would look committed at every build
    status = _git(
        Path(top),
        "status",
        "--porcelain",
        "--ignored=traditional",
        "--untracked-files=all",
        "--",
        *(str(p) for p in paths),
    )
    if status is None:
        return set()
    # the output was stripped, so the first line may have lost its leading blank
    changed = {(Path(top) / line[2:].strip()).resolve() for line in status.splitlines()}
    return {path for path in paths if path.resolve() in changed}
