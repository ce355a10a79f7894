"""The lock and the declared dependencies agree with what the package imports and CI tests.

- one set of versions for every Python ``requires-python`` allows, so a test run on one
  of them (CI runs each) tests what a user of any of them installs;
- every package ``src/labnotebook`` imports is a declared runtime dependency, and every
  locked version is inside the range ``pyproject.toml`` declares for it.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "labnotebook"
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PINNED = re.compile(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)(?: ; (.*?))? \\$")
PLATFORMS = ("linux", "darwin", "win32")

#: import name -> distribution, where they differ
DISTRIBUTIONS = {
    "IPython": "ipython",
    "yaml": "pyyaml",
    "sphinxcontrib": "sphinxcontrib-bibtex",
    "sphinx_proof": "sphinx-proof",
}
#: imported only when a project loads the extension, and declared in an extra
OPTIONAL = {"pagefind": "search", "sphinx_proof": "book", "playwright": "book"}


def locked() -> list[tuple[str, str, Marker | None]]:
    entries = []
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = PINNED.match(line)
        if match:
            name, version, marker = match.groups()
            entries.append((canonicalize_name(name), version, Marker(marker) if marker else None))
    return entries


def allowed_pythons() -> list[str]:
    """A sample of Python versions around every boundary ``requires-python`` could have."""
    allowed = SpecifierSet(PROJECT["requires-python"])
    sample = [f"3.{minor}.{patch}" for minor in range(8, 16) for patch in (0, 4, 5, 99)]
    return [version for version in sample if allowed.contains(version)]


def versions_for(python: str, platform: str) -> dict[str, str]:
    environment = {
        "python_full_version": python,
        "python_version": ".".join(python.split(".")[:2]),
        "sys_platform": platform,
        "platform_system": {"linux": "Linux", "darwin": "Darwin", "win32": "Windows"}[platform],
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }
    return {
        name: version
        for name, version, marker in locked()
        if marker is None or marker.evaluate(environment)
    }


def test_the_lock_installs_the_same_versions_on_every_allowed_python() -> None:
    pythons = allowed_pythons()
    assert pythons, "requires-python allows none of the sampled Pythons"
    assert f"{sys.version_info.major}.{sys.version_info.minor}.0" in pythons or any(
        p.startswith(f"{sys.version_info.major}.{sys.version_info.minor}.") for p in pythons
    ), "the Python running the tests is not one requires-python allows"
    for platform in PLATFORMS:
        first = versions_for(pythons[0], platform)
        for python in pythons[1:]:
            assert versions_for(python, platform) == first, (python, platform)


def runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` outside ``if TYPE_CHECKING:`` blocks, which never run."""
    found: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        for child in ast.iter_child_nodes(node):
            type_only = isinstance(child, ast.If) and ast.unparse(child.test) == "TYPE_CHECKING"
            if not type_only:
                stack.append(child)
    return found


def imported_packages() -> set[str]:
    """The top-level names of every package src/labnotebook imports when it runs."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names} - {"labnotebook"}


def distribution(import_name: str) -> str:
    return canonicalize_name(DISTRIBUTIONS.get(import_name, import_name))


def test_every_imported_package_is_declared() -> None:
    runtime = {canonicalize_name(Requirement(r).name) for r in PROJECT["dependencies"]}
    extras = {
        extra: {canonicalize_name(Requirement(r).name) for r in requirements}
        for extra, requirements in PROJECT["optional-dependencies"].items()
    }
    missing = []
    for name in sorted(imported_packages()):
        declared = extras.get(OPTIONAL[name], set()) if name in OPTIONAL else runtime
        if distribution(name) not in declared:
            missing.append(name)
    assert missing == []


def test_every_locked_version_is_inside_its_declared_range() -> None:
    pins = versions_for(f"{sys.version_info.major}.{sys.version_info.minor}.0", "linux")
    declared = [*PROJECT["dependencies"]]
    for requirements in PROJECT["optional-dependencies"].values():
        declared += [r for r in requirements if not r.startswith("labnotebook")]
    outside = []
    for text in declared:
        requirement = Requirement(text)
        version = pins.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is declared but not locked"
        if not requirement.specifier.contains(Version(version), prereleases=True):
            outside.append(f"{requirement.name}=={version} not in {requirement.specifier}")
    assert outside == []


def test_runtime_dependencies_have_lower_and_upper_bounds() -> None:
    unbounded = []
    for text in PROJECT["dependencies"]:
        operators = {spec.operator for spec in Requirement(text).specifier}
        if not ({">=", "~="} & operators and ({"<", "~="} & operators)):
            unbounded.append(text)
    assert unbounded == []
