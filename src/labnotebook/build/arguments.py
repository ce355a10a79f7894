"""``sphinx-build``'s arguments, read without importing Sphinx.

``labnotebook build`` needs four things from its arguments before it knows whether to
build at all: the source and output folders, the doctree folder, and whether the build
is forced (``-a``, ``-E`` or named files). Sphinx's own parser comes with importing the
application, a quarter of a second that a build with nothing to do would spend for
nothing. This reader knows every option of ``sphinx-build`` 9; anything else (a new
option, ``-M`` make mode, a joined short option such as ``-j2``) returns ``None``, and
the caller asks Sphinx's parser instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: options followed by a value (``-b html``, ``--jobs=2``)
WITH_VALUE = frozenset(
    {
        *("-b", "--builder", "-j", "--jobs", "-d", "--doctree-dir", "-c", "--conf-dir"),
        *("-D", "--define", "-A", "--html-define", "-t", "--tag", "-w", "--warning-file"),
    }
)
#: options that stand alone
FLAGS = frozenset(
    {
        *("-a", "--write-all", "-E", "--fresh-env", "-C", "--isolated"),
        *("-n", "--nitpicky", "-v", "--verbose", "-q", "--quiet", "-Q", "--silent"),
        *("--color", "-N", "--no-color", "-W", "--fail-on-warning", "--keep-going"),
        *("-T", "--show-traceback", "-P", "--pdb", "--exception-on-warning"),
    }
)


@dataclass(frozen=True)
class BuildArguments:
    """What ``labnotebook build`` reads of ``sphinx-build``'s arguments."""

    sourcedir: Path
    outputdir: Path
    #: ``-d``, if given
    doctreedir: Path | None
    #: ``-a``, ``-E`` or files named: the build runs whatever changed
    forced: bool


def read_arguments(argv: list[str]) -> BuildArguments | None:
    """The arguments, or ``None`` where this reader is not sure (Sphinx's parser decides)."""
    positional: list[str] = []
    doctreedir: str | None = None
    forced = False
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--":
            positional.extend(arguments)
            break
        if not argument.startswith("-") or argument == "-":
            positional.append(argument)
            continue
        name, joined, value = argument.partition("=")
        if name in WITH_VALUE:
            if not joined:
                value = next(arguments, "")
                if not value:
                    return None
            if name in ("-d", "--doctree-dir"):
                doctreedir = value
        elif name in FLAGS and not joined:
            forced = forced or name in ("-a", "--write-all", "-E", "--fresh-env")
        else:
            return None
    if len(positional) < 2:
        return None
    return BuildArguments(
        sourcedir=Path(positional[0]),
        outputdir=Path(positional[1]),
        doctreedir=Path(doctreedir) if doctreedir else None,
        forced=forced or len(positional) > 2,
    )
