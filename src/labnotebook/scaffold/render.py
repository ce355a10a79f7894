"""Write the site template into a folder, with the user's answers, and lock its dependencies.

Files in ``template/`` ending in ``.jinja`` are rendered with Jinja2 (Sphinx's own
template engine, so no new dependency); the rest are copied as they are. Every answer
reaches a file through the filter for that file's language (``py``, ``yaml``, ``toml``,
``md``), so a name with quotes, braces, ``<script>``, ``$`` or Chinese stays text.
Package data cannot hold a dotfile reliably, so ``gitignore`` and ``github/`` are
written as ``.gitignore`` and ``.github/``.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2

from labnotebook.scaffold.answers import SiteAnswers

TEMPLATE = Path(__file__).parent / "template"
RENAMED = {"gitignore": ".gitignore", "github": ".github"}
#: Template files that only some sites get, and the answer that asks for them.
ONLY_IF = {
    "about-zh.md.jinja": lambda answers: answers.chinese,
    "members.md.jinja": lambda answers: answers.lab,
}
#: The same command as the site's ``make lock``: third-party packages pinned with hashes;
#: labnotebook itself is a path or VCS dependency, which cannot be hashed, so it is left
#: out here and installed on its own, without dependencies, by ``make html``.
LOCK_ARGUMENTS = [
    "pip",
    "compile",
    "pyproject.toml",
    "--extra",
    "test",
    "--universal",
    "--python-version",
    "3.11",
    "--generate-hashes",
    "--no-emit-package",
    "labnotebook",
    "--quiet",
    "-o",
    "requirements.lock",
]
#: ASCII punctuation a Markdown reader could take for syntax (CommonMark escapes any of it).
MARKDOWN_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def markdown_text(text: str) -> str:
    """``text`` as literal MyST Markdown: every punctuation character backslash-escaped."""
    return "".join(f"\\{c}" if c in MARKDOWN_PUNCTUATION else c for c in text)


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def template_environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # each file's language has its own escaping, applied by filter
    )
    environment.filters.update(
        py=repr,
        yaml=yaml_string,
        toml=yaml_string,
        md=markdown_text,
        # Sphinx's themes print html_title as HTML: it must be given escaped
        html=html.escape,
    )
    return environment


def site_files(answers: SiteAnswers) -> list[Path]:
    """The template's files this site gets, relative to the template folder."""
    files = []
    for path in sorted(TEMPLATE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        condition = ONLY_IF.get(path.name)
        if condition is None or condition(answers):
            files.append(path.relative_to(TEMPLATE))
    return files


def destination(relative: Path) -> Path:
    parts = [RENAMED.get(part, part) for part in relative.parts]
    name = parts[-1].removesuffix(".jinja")
    return Path(*parts[:-1], name)


def write_site(folder: Path, answers: SiteAnswers) -> list[Path]:
    """Write the site into ``folder`` (new or empty); the paths written, relative to it.

    :raises FileExistsError: when ``folder`` holds anything, so nothing is overwritten.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(
            f"{folder} is not empty; labnotebook init writes a new site into an empty folder"
        )
    environment = template_environment()
    context = {"site": answers, "owner": answers.owner, "authors": answers.authors}
    written = []
    for relative in site_files(answers):
        target = folder / destination(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if relative.suffix == ".jinja":
            text = environment.get_template(relative.as_posix()).render(context)
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(TEMPLATE / relative, target)
        written.append(destination(relative))
    return written


def uv_command() -> list[str] | None:
    """How to run uv here: the ``uv`` on the PATH, or the module in this Python or in the
    ``python3`` the site's Makefile uses (where it installs uv)."""
    if found := shutil.which("uv"):
        return [found]
    for python in (sys.executable, shutil.which("python3")):
        if python is None:
            continue
        probe = subprocess.run([python, "-m", "uv", "--version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [python, "-m", "uv"]
    return None


def checkout_lock(source: str) -> Path | None:
    """The lock of a labnotebook checkout the site installs from, if it has one."""
    path = Path(source).expanduser()
    lock = path / "requirements.lock"
    return lock.resolve() if path.is_dir() and lock.is_file() else None


def write_lock(folder: Path, source: str) -> str | None:
    """Pin the site's dependencies into ``requirements.lock``; why not, if it could not.

    A site made from a local checkout gets the versions that checkout is tested with
    (its own lock, as constraints): they are the ones a machine without network has in
    its uv cache. ``make lock`` later resolves afresh.
    """
    uv = uv_command()
    if uv is None:
        return "uv is not installed"
    constraints = checkout_lock(source)
    extra = ["--constraint", str(constraints)] if constraints else []
    result = subprocess.run(
        [*uv, *LOCK_ARGUMENTS, *extra],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "VIRTUAL_ENV": ""},
    )
    if result.returncode != 0:
        return (result.stderr or result.stdout).strip() or f"uv exited with {result.returncode}"
    return None
