"""Every piece of labnotebook that only makes builds faster, in one place, each with a switch.

A speed-up must never change the book: with any of them switched off, a build writes the
same files, byte for byte (``tests/test_speedups.py`` builds a test root with all of them
off and with all of them on, and compares). To measure one, or to rule one out when a
build looks wrong, switch it off for a build::

    LABNOTEBOOK_WITHOUT=exports-cache,template-cache make html
    LABNOTEBOOK_WITHOUT=all make html

``docs/performance.md`` ("The speed-ups") says what each saved, measured.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

#: the environment variable naming the speed-ups to switch off, separated by commas
VARIABLE = "LABNOTEBOOK_WITHOUT"


@dataclass(frozen=True)
class Speedup:
    """One speed-up: its name in ``LABNOTEBOOK_WITHOUT`` and what it skips."""

    name: str
    skips: str


SPEEDUPS = {
    speedup.name: speedup
    for speedup in (
        Speedup(
            "skip-unchanged",
            "`labnotebook build` (what `make html` runs) does not start Sphinx when no "
            "file the build reads changed since its last successful build",
        ),
        Speedup(
            "no-teardown",
            "`labnotebook build` exits without Python freeing the environment object by object",
        ),
        Speedup(
            "serial-small-reads",
            "a build that reads a few documents reads them in its own process instead of "
            "forking workers that send the whole environment back",
        ),
        Speedup("template-cache", "compiled Jinja templates are kept between builds"),
        Speedup(
            "plugin-cache",
            "pybtex's plugins are looked up in one pass over the installed packages",
        ),
        Speedup(
            "exports-cache",
            "each note's part of notes.bib, notes-bibtex.bib and notes.json is made again "
            "only when what it is made from changed",
        ),
        Speedup(
            "icon-names-cache",
            "only the pages a build wrote are read again for the icons the fonts keep",
        ),
        Speedup(
            "derived-note-data",
            "what pages look up over all notes (labels, who has an author page) is made "
            "once until a note changes, not for every page",
        ),
    )
}


class UnknownSpeedupError(ValueError):
    """``LABNOTEBOOK_WITHOUT`` names something that is not a speed-up."""


@functools.cache
def switched_off(setting: str) -> frozenset[str]:
    names = frozenset(name.strip() for name in setting.split(",") if name.strip())
    if "all" in names:
        return frozenset(SPEEDUPS)
    if unknown := sorted(names - set(SPEEDUPS)):
        raise UnknownSpeedupError(
            f"{VARIABLE} names {', '.join(unknown)}, which is no speed-up; the speed-ups are "
            f"{', '.join(SPEEDUPS)}, or all"
        )
    return names


def check_setting() -> None:
    """Raise :class:`UnknownSpeedupError` if ``LABNOTEBOOK_WITHOUT`` names an unknown one."""
    switched_off(os.environ.get(VARIABLE, ""))


def enabled(name: str) -> bool:
    """Whether the speed-up ``name`` is on (it is unless ``LABNOTEBOOK_WITHOUT`` names it)."""
    assert name in SPEEDUPS, name
    return name not in switched_off(os.environ.get(VARIABLE, ""))
