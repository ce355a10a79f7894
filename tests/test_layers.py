"""The package's layers, checked on the source text (``ast``), so a wrong import fails here.

The rule, for every ``import`` and ``from ... import`` anywhere in a module (inside
functions and ``if TYPE_CHECKING:`` blocks too):

- ``labnotebook.core`` is Sphinx-free: it imports neither Sphinx nor docutils nor any
  package built on them (``sphinx*``, ``myst*``, ``docutils``, ``pybtex_docutils``),
  and nothing of labnotebook outside ``core``.
- Every other module belongs to one layer, numbered from the bottom:

  0. ``core``
  1. the foundation: the root package (its version), ``config`` and ``warnings_``;
     and ``importers`` and ``scaffold``, the Sphinx-free converters and site template the
     command line uses; ``project_settings`` (what labnotebook needs of any Sphinx project)
     and ``speedups`` (the switch of each speed-up, read by every layer) belong to the
     foundation
  2. ``patches``: every reach into another package, usable by everything above
  3. ``build``: the machinery that makes builds faster or steadier
  4. ``notes``: the note as a Sphinx object
  5. ``bibliography`` and ``execution``: features built on notes
  6. ``site``: the website around everything below; and ``book_check``, what
     ``labnotebook check`` runs (it imports only the core)
  7. ``extension``, ``cli`` and ``reference``: the registration list, the command
     line, and the reference rendered from the code

  A module imports only from its own package (``notes`` from ``notes``) or from a
  lower layer. Packages that share a layer do not import each other (``bibliography``
  and ``execution``), except the foundation's modules, which use one another.
- The one import allowed upwards is the entry point: the root package's ``setup``
  imports :mod:`labnotebook.extension` when Sphinx calls it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "labnotebook"

#: The layer of each first component of a module name under ``labnotebook``;
#: ``""`` is the root package itself.
LAYERS = {
    "core": 0,
    "": 1,
    "config": 1,
    "warnings_": 1,
    "importers": 1,
    "scaffold": 1,
    "project_settings": 1,
    "speedups": 1,
    "patches": 2,
    "build": 3,
    "notes": 4,
    "bibliography": 5,
    "execution": 5,
    "site": 6,
    "extension": 7,
    "cli": 7,
    "book_check": 6,
    "reference": 7,
}
#: The foundation's modules, which may import one another.
FOUNDATION = ("", "config", "warnings_", "project_settings")
#: Top-level packages that are Sphinx or docutils, or are built on them.
SPHINX_WORLD = ("sphinx", "docutils", "myst", "pybtex_docutils")
#: ``(importer, imported)`` pairs allowed against the layers.
ENTRY_POINT = {("", "extension")}


def part_of(module: str) -> str:
    """The layer key of ``labnotebook.<part>...``: its first component (``""``: the root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path, package: Path) -> str:
    relative = path.relative_to(package.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.Module, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Every module ``tree`` imports, absolute, with the line of the import."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # relative: resolved against the importing module's package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((name, node.lineno))
    # ast.walk goes breadth first; report in the order of the file
    return sorted(found, key=lambda item: item[1])


def violations(package: Path) -> list[str]:
    """Every import in ``package`` that breaks the rule, as ``file:line: what``."""
    problems: list[str] = []
    for path in sorted(package.rglob("*.py")):
        module = module_name(path, package)
        part = part_of(module)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(package.parent)
        if part not in LAYERS:
            problems.append(f"{where}: {part!r} has no layer; add it to LAYERS")
            continue
        for name, line in imported_modules(tree, module, path.name == "__init__.py"):
            top = name.split(".")[0]
            if part == "core" and top.startswith(SPHINX_WORLD):
                problems.append(f"{where}:{line}: the Sphinx-free core imports {name}")
            if top != "labnotebook":
                continue
            target = part_of(name)
            if target == part or (part, target) in ENTRY_POINT:
                continue
            if target not in LAYERS:
                problems.append(f"{where}:{line}: imports {name}, which has no layer")
            elif LAYERS[target] >= LAYERS[part] and not (
                part in FOUNDATION and target in FOUNDATION
            ):
                problems.append(
                    f"{where}:{line}: {part or 'the root'} (layer {LAYERS[part]}) imports "
                    f"{name} (layer {LAYERS[target]}); import only from lower layers"
                )
    return problems


def test_imports_follow_the_layers() -> None:
    assert violations(PACKAGE) == []


def test_every_folder_has_a_layer() -> None:
    parts = {part_of(module_name(path, PACKAGE)) for path in PACKAGE.rglob("*.py")}
    assert parts == set(LAYERS)


def test_the_rule_catches_each_kind_of_wrong_import(tmp_path: Path) -> None:
    package = tmp_path / "labnotebook"
    sources = {
        "__init__.py": "def setup(app):\n    from labnotebook.extension import setup_extension\n",
        "extension.py": "from labnotebook.site.feeds import setup_feeds\n",
        "config.py": "from labnotebook.warnings_ import warn\n",
        "warnings_.py": "",
        "core/__init__.py": "",
        "core/model.py": (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from docutils import nodes\nimport sphinx.util\nfrom labnotebook.config import X\n"
        ),
        "notes/__init__.py": "",
        "notes/links.py": "from labnotebook.site import HTML_BUILDERS\nfrom . import domain\n",
        "notes/domain.py": "from labnotebook.core.model import Note\n",
        "build/__init__.py": "",
        "build/cache.py": "from labnotebook.patches.sphinx import fix\n",
        "patches/pybtex.py": "from labnotebook.build.cache import cached\n",
        "patches/__init__.py": "",
        "patches/sphinx.py": "def f():\n    from labnotebook.notes.domain import D\n",
        "bibliography/__init__.py": "from labnotebook.execution import runs\n",
        "execution/__init__.py": "",
        "site/__init__.py": "from ..notes import domain\n",
    }
    for name, text in sources.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    found = violations(package)
    assert found == [
        "labnotebook/bibliography/__init__.py:1: bibliography (layer 5) imports "
        "labnotebook.execution (layer 5); import only from lower layers",
        "labnotebook/core/model.py:3: the Sphinx-free core imports docutils",
        "labnotebook/core/model.py:4: the Sphinx-free core imports sphinx.util",
        "labnotebook/core/model.py:5: core (layer 0) imports labnotebook.config (layer 1); "
        "import only from lower layers",
        "labnotebook/notes/links.py:1: notes (layer 4) imports labnotebook.site "
        "(layer 6); import only from lower layers",
        "labnotebook/patches/pybtex.py:1: patches (layer 2) imports "
        "labnotebook.build.cache (layer 3); import only from lower layers",
        "labnotebook/patches/sphinx.py:2: patches (layer 2) imports "
        "labnotebook.notes.domain (layer 4); import only from lower layers",
    ]
