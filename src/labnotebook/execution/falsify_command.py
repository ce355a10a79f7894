"""``labnotebook falsify [NOTE ...]``: run every declared falsifier and report each verdict.

The exit status is non-zero when any note's claim fails as written, when a
falsifier survives (the perturbed run passed every check) or breaks the note
(another error than a failed assertion), or when a declaration does not fit its note.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from labnotebook.core.falsifier import Falsifier
from labnotebook.core.front_matter import read_front_matter
from labnotebook.core.note_validation import parse_note
from labnotebook.execution.falsify import (
    AS_WRITTEN,
    DEFAULT_TIMEOUT,
    FalsifyError,
    Job,
    Outcome,
    Result,
    plan,
    run_all,
)


@dataclass(frozen=True)
class DeclaredNote:
    """A note that declares falsifiers, as the command found it."""

    path: Path
    source: str  # the path as printed
    label: str
    line: int | None  # the line of its ``falsifiers`` field
    falsifiers: tuple[Falsifier, ...]


def declared_notes(paths: list[Path], root: Path) -> tuple[list[DeclaredNote], list[str]]:
    """The notes among ``paths`` that declare falsifiers, and each front matter problem."""
    notes, problems = [], []
    for path in paths:
        front = read_front_matter(path)
        if front is None or "falsifiers" not in front.data:
            continue
        source = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        result = parse_note(front.data, lines=front.lines)
        falsifier_problems = [p for p in result.problems if p.field.startswith("falsifiers")]
        problems += [f"{source}:{p.line}: {p}" for p in falsifier_problems]
        if result.note is not None and not falsifier_problems:
            line = front.lines.get("falsifiers")
            notes.append(
                DeclaredNote(path, source, result.note.label, line, result.note.falsifiers)
            )
    return notes, problems


def select(notes: list[DeclaredNote], wanted: list[str], root: Path) -> list[DeclaredNote]:
    """The notes named on the command line, by label or path; all of them if none is named.

    :raises FalsifyError: for a name that matches no note declaring falsifiers.
    """
    if not wanted:
        return notes
    chosen = []
    for name in wanted:
        resolved = (Path.cwd() / name).resolve()
        match = [n for n in notes if n.label == name or n.path.resolve() == resolved]
        if not match:
            known = ", ".join(n.label for n in notes) or "none"
            raise FalsifyError(
                f"no note {name!r} declares falsifiers (notes that do: {known}); "
                "give a label or a path"
            )
        chosen += [n for n in match if n not in chosen]
    return chosen


def verdict_line(note: DeclaredNote, result: Result) -> str:
    where = f"{note.source}:{note.line}" if note.line else note.source
    timing = f" ({result.seconds:.1f} s)"
    if result.falsifier == AS_WRITTEN.name:
        if result.outcome is Outcome.PASSED:
            return f"{where}: as written: every check passed{timing}"
        return (
            f"{where}: FAILED as written: {result.detail}{timing}; fix the note before its "
            "falsifiers can mean anything"
        )
    name = repr(result.falsifier)
    if result.outcome is Outcome.REJECTED:
        return f"{where}: falsifier {name} rejected: {result.detail}{timing}"
    if result.outcome is Outcome.SURVIVED:
        return (
            f"{where}: falsifier {name} SURVIVED: the perturbed note passed every check{timing}; "
            "tighten the check so this wrong result fails an assertion"
        )
    return (
        f"{where}: falsifier {name} BROKE the note: {result.detail}{timing}; a falsifier should "
        "make an assertion fail, not crash the code"
    )


def falsify(paths: list[Path], root: Path, wanted: list[str], results: Path, workers: int) -> int:
    """Run the falsifiers of the chosen notes, print every verdict, return the exit status."""
    notes, problems = declared_notes(paths, root)
    for problem in problems:
        print(problem)
    try:
        notes = select(notes, wanted, root)
    except FalsifyError as exc:
        print(f"labnotebook falsify: {exc}")
        return 2
    jobs: list[tuple[DeclaredNote, Job]] = []
    failed = bool(problems)
    for note in notes:
        try:
            jobs += [
                (note, job)
                for job in plan(note.path, note.source, note.falsifiers, DEFAULT_TIMEOUT)
            ]
        except FalsifyError as exc:
            print(exc)
            failed = True
    found = run_all([job for _note, job in jobs], results, workers)
    rejected = declared = 0
    for note, job in jobs:
        result = found[job.key]
        print(verdict_line(note, result))
        if job.falsifier.name == AS_WRITTEN.name:
            failed |= result.outcome is not Outcome.PASSED
        else:
            declared += 1
            rejected += result.outcome is Outcome.REJECTED
            failed |= result.outcome is not Outcome.REJECTED
    noun = "note" if len(notes) == 1 else "notes"
    print(f"claim checked: {rejected} of {declared} falsifiers rejected, in {len(notes)} {noun}")
    return 1 if failed else 0
