"""Whether a build can change anything: a fingerprint of everything the build reads.

A Sphinx build that finds nothing to do still costs seconds: Python starts, imports
Sphinx, MyST-NB, the theme and a dozen extensions, loads the pickled environment and
checks every document. ``labnotebook build`` (what ``make html`` runs) first compares
a fingerprint of the build's inputs with the one the last successful build saved next
to its output, and when they are equal it does not start Sphinx at all, the way make
skips a target whose prerequisites have not changed.

The fingerprint errs on the side of building. It covers

* every file in the book's folder, by path, size and modification time (hidden
  folders, the build output and ``__pycache__`` aside), so an edit, a new note, a
  deleted note or a touched file all count;
* the command line and the environment variables the build reads;
* the Python environment (the interpreter, and the folders packages install into,
  whose modification time changes when a package is added, removed or upgraded) and
  the labnotebook package's own files, wherever it is installed;
* git's ``HEAD``, index and refs, because the execution stamps show the commit;
* what the build folders hold, by name, so a deleted notebook cache runs the notebooks;
* the output folder itself, so a page deleted or changed by hand is written again.

Nothing here imports Sphinx, so the check costs a few hundredths of a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

#: Where the last successful build leaves its fingerprint, inside the output folder.
STAMP_NAME = ".labnotebook-build.json"
#: Variables that change what a build writes (kernels, dates, Sphinx and MyST settings).
ENVIRONMENT_PREFIXES = (
    "SPHINX",
    "JUPYTER",
    "MYST",
    "NB_",
    "LABNOTEBOOK",
    "PYDEVD",
    "SOURCE_DATE_EPOCH",
    "PYTHONHASHSEED",
    "TZ",
    "LANG",
    "LC_",
)
SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules"})


@dataclass(frozen=True)
class Fingerprint:
    """One digest per kind of input, so a mismatch can say what changed."""

    command: str
    python: str
    sources: str
    git: str
    caches: str = ""

    def differences(self, other: Fingerprint) -> list[str]:
        mine, theirs = asdict(self), asdict(other)
        return [name for name in mine if mine[name] != theirs[name]]


def digest(items: Iterable[object]) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for item in items:
        hasher.update(repr(item).encode("utf-8", "surrogateescape"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def file_states(root: Path, skip: frozenset[Path] = frozenset()) -> Iterator[tuple[str, int, int]]:
    """(relative path, size, modification time) of every file under ``root``, sorted.

    Hidden folders (``.git``, ``.venv``, tool caches) and the folders in ``skip`` are
    not entered; hidden files are included.
    """
    stack = [root]
    found: list[tuple[str, int, int]] = []
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    path = Path(entry.path)
                    if entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS or path in skip:
                        continue
                    stack.append(path)
                else:
                    state = entry.stat()
                    relative = os.path.relpath(entry.path, root)
                    found.append((relative, state.st_size, state.st_mtime_ns))
            except OSError:
                # a file removed while we look is a change the next look will see
                continue
    yield from sorted(found)


def python_state() -> list[object]:
    """The interpreter and the places packages live; changes when packages change."""
    state: list[object] = [sys.executable, sys.version]
    for entry in sys.path:
        path = Path(entry or ".")
        if path.is_dir() and "site-packages" in path.parts:
            state.append((entry, path.stat().st_mtime_ns))
    package = Path(__file__).resolve().parent.parent  # the whole labnotebook package
    state.extend(file_states(package))
    return state


def git_state(root: Path) -> list[object]:
    """What a commit, a checkout or staging changes in ``.git``."""
    git = root / ".git"
    if not git.is_dir():
        return []
    state: list[object] = []
    for name in ("HEAD", "index", "packed-refs"):
        path = git / name
        if path.is_file():
            stat = path.stat()
            state.append((name, stat.st_size, stat.st_mtime_ns))
    head = git / "HEAD"
    if head.is_file():
        text = head.read_text(encoding="utf-8", errors="replace").strip()
        state.append(text)
    if (git / "refs").is_dir():
        state.extend(file_states(git / "refs"))
    return state


def inputs(root: Path, command: list[str], skip: Iterable[Path]) -> Fingerprint:
    """The fingerprint of a build of the book in ``root`` run with ``command``."""
    root = root.resolve()
    variables = sorted(
        (name, value) for name, value in os.environ.items() if name.startswith(ENVIRONMENT_PREFIXES)
    )
    return Fingerprint(
        command=digest([str(Path.cwd()), *command, *variables]),
        python=digest(python_state()),
        sources=digest(file_states(root, frozenset(Path(p).resolve() for p in skip))),
        git=digest(git_state(root)),
        caches=digest(cache_listing(Path(p) for p in skip)),
    )


def with_caches_now(fingerprint: Fingerprint, skip: Iterable[Path]) -> Fingerprint:
    """``fingerprint`` with the build folders as they are now, after a build."""
    return replace(fingerprint, caches=digest(cache_listing(Path(p) for p in skip)))


def cache_listing(folders: Iterable[Path]) -> list[object]:
    """What the build folders hold, by name: deleting the notebook cache (the guide's way
    to run every notebook again) or the doctrees must make the next build run.

    Names only: the build itself rewrites what is inside them."""
    listing: list[object] = []
    for folder in sorted({p.resolve() for p in folders}):
        try:
            names = sorted(entry.name for entry in os.scandir(folder))
            listing.append((str(folder), [name for name in names if name != STAMP_NAME]))
        except OSError:
            listing.append((str(folder), None))
    return listing


def outputs(outdir: Path) -> str:
    return digest(state for state in file_states(outdir) if state[0] != STAMP_NAME)


def read_stamp(outdir: Path) -> tuple[Fingerprint, str] | None:
    """The fingerprint and output digest the last successful build saved, if any."""
    try:
        saved = json.loads((outdir / STAMP_NAME).read_text(encoding="utf-8"))
        return Fingerprint(**saved["inputs"]), str(saved["outputs"])
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write_stamp(outdir: Path, fingerprint: Fingerprint) -> None:
    """Save ``fingerprint`` (taken before the build) with the digest of what it wrote."""
    record = {"inputs": asdict(fingerprint), "outputs": outputs(outdir)}
    (outdir / STAMP_NAME).write_text(json.dumps(record, indent=1), encoding="utf-8")


def forget_stamp(outdir: Path) -> None:
    """Drop the saved fingerprint: a build that starts may leave the output half-written."""
    (outdir / STAMP_NAME).unlink(missing_ok=True)


def unchanged_since_last_build(outdir: Path, fingerprint: Fingerprint) -> bool:
    saved = read_stamp(outdir)
    return saved is not None and saved[0] == fingerprint and saved[1] == outputs(outdir)
