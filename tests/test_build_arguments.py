"""``labnotebook build`` reads sphinx-build's arguments as Sphinx's own parser does, or
hands them to it; a build with nothing to do imports no Sphinx."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.cmd.build import get_parser

from labnotebook.build.arguments import FLAGS, WITH_VALUE, BuildArguments, read_arguments

SAME_AS_SPHINX = [
    # what make html runs, and the benchmark
    ["-b", "html", "-W", "--keep-going", "-n", "-j", "auto", ".", "_build/html"],
    ["-b", "html", "-q", "book", "out", "-d", "trees"],
    ["--builder=dirhtml", "--doctree-dir=trees", "-a", "src", "out"],
    ["-E", "-D", "language=zh_CN", "--define", "x=1", "src", "out"],
    ["-b", "html", "src", "out", "notes/a.md", "notes/b.md"],
    ["-c", "conf", "-t", "draft", "-w", "log.txt", "--color", "-N", "-T", "-P", "src", "out"],
    ["--jobs=2", "-C", "-v", "-Q", "--fail-on-warning", "--exception-on-warning", "s", "o"],
    ["-A", "key=value", "--html-define", "k=v", "--tag=t", "--", "src", "out"],
]


def sphinx_reading(argv: list[str]) -> BuildArguments:
    options = get_parser().parse_args(argv)
    return BuildArguments(
        sourcedir=Path(options.sourcedir),
        outputdir=Path(options.outputdir),
        doctreedir=Path(options.doctreedir) if options.doctreedir else None,
        forced=bool(options.force_all or options.freshenv or options.filenames),
    )


@pytest.mark.parametrize("argv", SAME_AS_SPHINX, ids=" ".join)
def test_read_as_sphinx_reads_them(argv: list[str]) -> None:
    assert read_arguments(argv) == sphinx_reading(argv)


@pytest.mark.parametrize(
    "argv",
    [["-j2", "src", "out"], ["-M", "html", "src", "out"], ["--new-option", "src", "out"]],
    ids=" ".join,
)
def test_what_it_does_not_know_goes_to_sphinx(argv: list[str]) -> None:
    assert read_arguments(argv) is None


def test_it_knows_every_option_of_this_sphinx() -> None:
    known = {
        option
        for action in get_parser()._actions  # the parser's own list: a test may look
        for option in action.option_strings
    }
    assert known - {"-h", "--help", "--version", "-M"} == WITH_VALUE | FLAGS


def test_a_build_with_nothing_to_do_imports_no_sphinx(tmp_path: Path) -> None:
    """The skip check, in a fresh interpreter: the fingerprint and the comparison with
    the saved one import neither Sphinx nor the note checker."""
    code = (
        "import sys\n"
        "from labnotebook.build.arguments import read_arguments\n"
        "from labnotebook.build import freshness\n"
        "import labnotebook.cli\n"
        f"a = read_arguments(['-b', 'html', {str(tmp_path)!r}, {str(tmp_path / 'out')!r}])\n"
        "f = freshness.inputs(a.sourcedir, ['-b', 'html'], [a.outputdir])\n"
        "freshness.unchanged_since_last_build(a.outputdir, f)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sphinx', 'docutils', 'jinja2') or m == 'labnotebook.book_check'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
