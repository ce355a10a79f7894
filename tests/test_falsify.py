"""Falsifiers: declared in front matter, validated with located messages, run by the CLI.

tests/roots/test-falsify has one note with two falsifiers: a shifted mean, which its
check rejects, and a shift below the check's resolution, which wrongly passes. The
command must fail and name the second; the execution report shows the count.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from labnotebook.core.falsifier import Falsifier, assigned_names, read_falsifiers
from labnotebook.core.front_matter import split_front_matter
from labnotebook.core.note_validation import parse_note
from tests.conftest import build_in_process, copy_root

REPO = Path(__file__).parent.parent


def falsify(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JUPYTER_PATH": str(REPO / ".venv" / "share" / "jupyter")}
    command = [sys.executable, "-m", "labnotebook.cli", "--root", str(root), "falsify", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, env=env, cwd=root)


# --- the declaration -------------------------------------------------------------------


def test_a_valid_declaration_becomes_falsifiers() -> None:
    found, problems = read_falsifiers(
        [{"name": "sign  flipped", "set": {"sign": -1, "angles": [0.0, 1.5], "label": "x"}}]
    )
    assert problems == []
    assert found == (
        Falsifier("sign flipped", (("sign", "-1"), ("angles", "[0.0, 1.5]"), ("label", "'x'"))),
    )
    assert found[0].assignments() == (
        "# falsifier: sign flipped\nsign = -1\nangles = [0.0, 1.5]\nlabel = 'x'\n"
    )


def test_values_with_quotes_and_unicode_are_injected_as_literals() -> None:
    (falsifier,), _ = read_falsifiers([{"name": "n", "set": {"text": 'it\'s "引号" 🙂 \\'}}])
    namespace: dict[str, object] = {}
    exec(falsifier.assignments(), namespace)
    assert namespace["text"] == 'it\'s "引号" 🙂 \\'


@pytest.mark.parametrize(
    ("value", "where", "says"),
    [
        ({"name": "x"}, "falsifiers", "expected a list"),
        (["shift"], "falsifiers[1]", "expected a mapping with 'name' and 'set'"),
        ([{"set": {"a": 1}}], "falsifiers[1].name", "missing"),
        ([{"name": "a", "set": {}}], "falsifiers[1].set", "mapping of parameter names"),
        ([{"name": "a", "set": {"not valid": 1}}], "falsifiers[1].set.not valid", "variable name"),
        ([{"name": "a", "set": {"a": {"b": 1}}}], "falsifiers[1].set.a", "cannot be assigned"),
        ([{"name": "a", "set": {"a": 1}, "why": "x"}], "falsifiers[1].why", "unknown key"),
        (
            [{"name": "a", "set": {"a": 1}}, {"name": "a", "set": {"a": 2}}],
            "falsifiers[2].name",
            "declared twice",
        ),
    ],
)
def test_a_bad_declaration_is_named(value: object, where: str, says: str) -> None:
    _found, problems = read_falsifiers(value)
    assert [p for p in problems if p[0] == where and says in p[1]], problems


def test_problems_carry_the_line_of_the_field() -> None:
    text = (
        "---\ntitle: T\nlabel: t\nkind: research-note\ndate: 2026-01-01\n"
        "falsifiers:\n  - name: a\n    set: [1]\n---\n"
    )
    front = split_front_matter(text)
    assert front is not None
    result = parse_note(front.data, lines=front.lines)
    (problem,) = result.problems
    assert problem.field == "falsifiers[1].set"
    assert problem.line == 6


def test_parameter_names_are_read_from_assignments() -> None:
    assert assigned_names("a = 1\nb: int = 2\nc, d = 3, 4\nprint(e)\n") == {"a", "b", "c", "d"}


# --- the command -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_root("falsify", tmp_path_factory.mktemp("falsify"))


@pytest.fixture(scope="module")
def first_run(root: Path) -> subprocess.CompletedProcess[str]:
    return falsify(root)


def test_a_falsifier_that_passes_fails_the_command(
    first_run: subprocess.CompletedProcess[str],
) -> None:
    out = first_run.stdout
    assert first_run.returncode == 1, out + first_run.stderr
    assert "notes/mean.md:12: as written: every check passed" in out
    assert (
        "notes/mean.md:12: falsifier 'mean shifted by one' rejected: "
        "mean is zero: measured 0.989, allowed ±0.200" in out
    )
    assert "falsifier 'shift below the resolution' SURVIVED" in out
    assert "claim checked: 1 of 2 falsifiers rejected, in 1 note" in out


def test_runs_leave_the_sources_alone(
    root: Path, first_run: subprocess.CompletedProcess[str]
) -> None:
    assert sorted(p.name for p in (root / "notes").iterdir()) == ["mean.md"]
    assert len(list((root / "_build" / ".falsify").glob("*.json"))) == 3


def test_a_second_run_comes_from_the_store(
    root: Path, first_run: subprocess.CompletedProcess[str]
) -> None:
    again = falsify(root, "mean")
    assert again.returncode == 1
    assert again.stdout == first_run.stdout  # the stored timings, not new ones


def test_one_note_by_path_and_a_wrong_name(
    root: Path, first_run: subprocess.CompletedProcess[str]
) -> None:
    assert falsify(root, "notes/mean.md").returncode == 1
    wrong = falsify(root, "meen")
    assert wrong.returncode == 2
    assert "no note 'meen' declares falsifiers (notes that do: mean)" in wrong.stdout


def test_the_report_shows_the_count(
    root: Path, first_run: subprocess.CompletedProcess[str]
) -> None:
    app = build_in_process(root)
    report = (Path(app.outdir) / "report.html").read_text(encoding="utf-8")
    assert "claim checked: 1 of 2 falsifiers rejected" in report


def test_a_typo_in_a_parameter_is_caught_before_running(tmp_path: Path) -> None:
    src = copy_root("falsify", tmp_path)
    note = src / "notes" / "mean.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("{shift: 1.0}", "{shfit: 1.0}"), encoding="utf-8"
    )
    result = falsify(src)
    assert result.returncode == 1
    assert (
        "notes/mean.md: falsifier 'mean shifted by one' sets 'shfit', which the 'parameters' "
        "cell does not assign (it assigns n_samples, shift)" in result.stdout
    )
    assert not (src / "_build" / ".falsify").exists()  # nothing ran


def test_fixing_the_check_makes_the_command_pass(tmp_path: Path) -> None:
    """The same note with a check at the resolution the falsifier asks for."""
    src = copy_root("falsify", tmp_path)
    note = src / "notes" / "mean.md"
    text = note.read_text(encoding="utf-8")
    text = text.replace("{shift: 0.001}", "{shift: 0.5}")
    note.write_text(text, encoding="utf-8")
    result = falsify(src, "-j", "1")
    assert result.returncode == 0, result.stdout
    assert "claim checked: 2 of 2 falsifiers rejected" in result.stdout


# --- one failure, one warning ------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failed_note_reports_only_its_failure(tmp_path: Path, jobs: str) -> None:
    """tests/roots/test-follow-on: a note fails before its glue and its figure; another
    note runs but misspells a glue key. The failure and the typo are reported; the
    failed note's missing glue key and figure label are not."""
    from tests.test_execution_failures import sphinx_build

    src = copy_root("follow-on", tmp_path)
    build = sphinx_build(src, src / "_build" / "html", src / "_build" / "doctrees", "-j", jobs)
    warnings = [line for line in build.warnings.splitlines() if "WARNING" in line]
    assert len(warnings) == 2, build.warnings
    assert "notes/broken.md failed: code cell 1" in warnings[0] + warnings[1]
    assert "No key 'valeu'" in warnings[0] + warnings[1]
    assert "fig-broken" not in build.warnings
    assert "'value'" not in build.warnings
