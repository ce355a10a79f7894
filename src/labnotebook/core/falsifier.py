"""Falsifiers: the perturbations under which a note's claim must fail, from its front matter.

An executable note states a claim and checks it with assertions. A check only has
teeth if a wrong result makes it fail, so the note lists wrong results to try::

    falsifiers:
      - name: sign of R_c flipped
        set: {compression_sign: -1}

Each ``set`` overrides variables of the note's cell tagged ``parameters`` (as
papermill does); ``labnotebook falsify`` runs the note once per falsifier and expects
an assertion to fail. This module only reads and validates the declaration, so the
build and ``labnotebook check`` report a malformed one the same way. Sphinx-free.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FALSIFIER_KEYS = ("name", "set")
#: YAML values a falsifier may assign: they must read back as the same Python literal.
LITERAL_TYPES = (bool, int, float, str)


@dataclass(frozen=True)
class Falsifier:
    """One perturbation of a note's parameters that its checks must reject.

    ``overrides`` pairs a parameter's name with the Python source of its new value,
    so the declaration stays hashable and is injected into the notebook as written.
    """

    name: str
    overrides: tuple[tuple[str, str], ...]

    def assignments(self) -> str:
        """The code of the cell injected after the ``parameters`` cell."""
        lines = [f"# falsifier: {self.name}"]
        lines += [f"{name} = {value}" for name, value in self.overrides]
        return "\n".join(lines) + "\n"


def _is_literal(value: Any) -> bool:
    if isinstance(value, LITERAL_TYPES):
        return True
    if isinstance(value, list):
        return all(_is_literal(item) for item in value)
    return False


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


def read_falsifiers(value: Any) -> tuple[tuple[Falsifier, ...], list[tuple[str, str]]]:
    """Validate the ``falsifiers`` front matter field.

    :param value: the field as YAML loaded it.
    :return: the valid falsifiers, and ``(field path, message)`` for each problem,
        the path naming the entry (``falsifiers[2].set``) so the author finds it.
    """
    problems: list[tuple[str, str]] = []
    if value is None:
        return (), problems
    if not isinstance(value, list):
        problems.append(
            ("falsifiers", f"expected a list of {{name, set}} entries, got {_describe(value)}")
        )
        return (), problems
    found: list[Falsifier] = []
    names: set[str] = set()
    for index, entry in enumerate(value, start=1):
        where = f"falsifiers[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(
                (where, f"expected a mapping with 'name' and 'set', got {_describe(entry)}")
            )
            continue
        problems.extend(
            (f"{where}.{key}", "unknown key; a falsifier takes 'name' and 'set'")
            for key in entry
            if key not in FALSIFIER_KEYS
        )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append((f"{where}.name", "missing; say in a few words what is perturbed"))
            continue
        name = " ".join(name.split())
        if name in names:
            problems.append((f"{where}.name", f"{name!r} is declared twice; names must differ"))
            continue
        names.add(name)
        overrides = _read_overrides(entry.get("set"), f"{where}.set", problems)
        if overrides:
            found.append(Falsifier(name, overrides))
    return tuple(found), problems


def _read_overrides(
    value: Any, where: str, problems: list[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping) or not value:
        problems.append(
            (where, "expected a mapping of parameter names to new values, e.g. {seed: 1}")
        )
        return ()
    overrides = []
    for key, item in value.items():
        name = str(key)
        if not name.isidentifier() or keyword.iskeyword(name):
            problems.append((f"{where}.{name}", "not a Python variable name"))
            continue
        if not _is_literal(item):
            problems.append(
                (
                    f"{where}.{name}",
                    f"{_describe(item)} cannot be assigned; use a number, text, true/false "
                    "or a list of these",
                )
            )
            continue
        overrides.append((name, repr(item)))
    return tuple(overrides) if len(overrides) == len(value) else ()


def assigned_names(source: str) -> set[str]:
    """The variables a ``parameters`` cell assigns at its top level.

    :raises SyntaxError: when the cell is not Python.
    """
    names: set[str] = set()
    for statement in ast.parse(source).body:
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            targets = list(statement.targets)
        elif isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    names.add(node.id)
    return names
