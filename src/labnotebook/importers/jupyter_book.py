"""``labnotebook import jupyter-book SRC DEST``: a Jupyter Book 1 book, once, as a labnotebook book.

The book in SRC is copied to DEST (SRC is never written), then:

* ``_config.yml`` becomes ``conf.py`` (:mod:`labnotebook.importers.jb_config`);
* ``_toc.yml`` becomes toctrees in the pages that hold them
  (:mod:`labnotebook.importers.jb_toc`), in place of ``{tableofcontents}`` blocks;
* ``/_static/...`` paths become relative ones: Sphinx reads a leading ``/`` as the
  source folder for images but leaves it alone in raw HTML, where the browser takes
  it as the server's root, which is wrong for a book published under a sub-path.

Both ``.md`` pages and ``.ipynb`` notebooks are rewritten (a notebook's markdown cells).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from labnotebook.importers.jb_config import conf_text
from labnotebook.importers.jb_toc import (
    SOURCE_SUFFIXES,
    Subtree,
    Toc,
    TocError,
    parse_toc,
    toctree_text,
)

SKIPPED = shutil.ignore_patterns("_build", ".git", ".ipynb_checkpoints", "__pycache__", ".venv")
JB_FILES = ("_toc.yml", "_config.yml")
TABLE_OF_CONTENTS = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{tableofcontents\}[^\n]*\n(?:[^\n]*\n)*?(?P=fence)[ \t]*$",
    re.MULTILINE,
)
STATIC_PATH = re.compile(r"""(?P<before>\]\(|\bsrc=["']|\bhref=["']|\}[ \t]+)/_static/""")


class CannotImport(SystemExit):
    """The import cannot go on; the message says why and what to do."""


@dataclass
class ImportReport:
    pages: list[str] = field(default_factory=list)
    notebooks: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Source files the toc does not name, left out of the book."""
    static_paths: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self, dest: Path) -> list[str]:
        out = [
            f"imported {len(self.pages)} page(s) ({len(self.notebooks)} notebook(s)) into {dest}",
            "  _config.yml -> conf.py; _toc.yml -> toctrees in the pages that hold them",
        ]
        if self.static_paths:
            out.append(f"  {self.static_paths} '/_static/...' path(s) made relative")
        if self.skipped:
            out.append(
                f"  left out, as _toc.yml does not name them: {', '.join(sorted(self.skipped))}"
            )
        out += [f"  note: {note}" for note in self.notes]
        out.append(f"next: cd {dest} && sphinx-build -W --keep-going -n . _build/html")
        return out


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CannotImport(f"labnotebook: {path} does not parse as YAML: {exc}") from None


def relative_prefix(page: str) -> str:
    """The path from a page's folder back to the book's root, e.g. ``../`` or ``""``."""
    return "../" * (len(PurePosixPath(page).parts) - 1)


def relative_static(text: str, page: str) -> tuple[str, int]:
    prefix = relative_prefix(page)
    return STATIC_PATH.subn(lambda m: f"{m.group('before')}{prefix}_static/", text)


def with_toctrees(text: str, subtrees: list[Subtree]) -> str:
    """A page's Markdown with its toctrees: in place of ``{tableofcontents}``, else hidden."""
    if TABLE_OF_CONTENTS.search(text):
        shown = "\n\n".join(toctree_text(s, hidden=False) for s in subtrees)
        return TABLE_OF_CONTENTS.sub(lambda _: shown, text, count=1)
    hidden = "\n\n".join(toctree_text(s, hidden=True) for s in subtrees)
    return text.rstrip("\n") + "\n\n" + hidden + "\n"


def convert_markdown(text: str, page: str, subtrees: list[Subtree] | None) -> tuple[str, int]:
    text, count = relative_static(text, page)
    if subtrees:
        text = with_toctrees(text, subtrees)
    return text, count


def convert_notebook(text: str, page: str, subtrees: list[Subtree] | None) -> tuple[str, int]:
    notebook = json.loads(text)
    cells = notebook.setdefault("cells", [])
    count = 0
    placed = False
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        source, changed = relative_static(source, page)
        count += changed
        if subtrees and not placed and TABLE_OF_CONTENTS.search(source):
            source, placed = with_toctrees(source, subtrees), True
        cell["source"] = source
    if subtrees and not placed:
        hidden = "\n\n".join(toctree_text(s, hidden=True) for s in subtrees)
        cells.append({"cell_type": "markdown", "metadata": {}, "source": hidden + "\n"})
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", count


def find_source(book: Path, page: str) -> Path:
    for suffix in SOURCE_SUFFIXES:
        if (book / f"{page}{suffix}").is_file():
            return book / f"{page}{suffix}"
    raise CannotImport(
        f"labnotebook: _toc.yml names {page!r}, but there is no {page}.md or {page}.ipynb "
        f"in {book}; fix the entry or add the page"
    )


def import_jupyter_book(src: Path, dest: Path) -> ImportReport:
    """Convert the Jupyter Book 1 book in ``src`` into a labnotebook book in ``dest``."""
    if not (src / "_toc.yml").is_file():
        raise CannotImport(
            f"labnotebook: no _toc.yml in {src}; give the folder that holds the book's "
            "_toc.yml and _config.yml (often 'book/')"
        )
    if dest.exists() and any(dest.iterdir()):
        raise CannotImport(f"labnotebook: {dest} is not empty; import into a new folder")
    try:
        toc: Toc = parse_toc(read_yaml(src / "_toc.yml"))
    except TocError as exc:
        raise CannotImport(f"labnotebook: {src / '_toc.yml'}: {exc}") from None
    config = read_yaml(src / "_config.yml") if (src / "_config.yml").is_file() else {}
    pages = {page: find_source(src, page) for page in toc.pages()}

    shutil.copytree(src, dest, ignore=SKIPPED, dirs_exist_ok=True)
    for name in JB_FILES:
        (dest / name).unlink(missing_ok=True)
    report = ImportReport()
    held = toc.parents()
    for page, source in pages.items():
        target = dest / source.relative_to(src)
        text = target.read_text(encoding="utf-8")
        convert = convert_notebook if target.suffix == ".ipynb" else convert_markdown
        text, count = convert(text, page, held.get(page))
        target.write_text(text, encoding="utf-8")
        report.pages.append(page)
        report.static_paths += count
        if target.suffix == ".ipynb":
            report.notebooks.append(page)
    globbed = [re.compile(re.escape(g).replace(r"\*", "[^/]*") + "$") for g in toc.globs()]
    for path in sorted(dest.rglob("*")):
        relative = path.relative_to(dest).with_suffix("").as_posix()
        named = relative in pages or any(g.match(relative) for g in globbed)
        if path.suffix in SOURCE_SUFFIXES and not named:
            report.skipped.append(path.relative_to(dest).as_posix())
    include = [pages[p].relative_to(src).as_posix() for p in pages]
    include += [f"{g}{suffix}" for g in toc.globs() for suffix in SOURCE_SUFFIXES]
    conf = conf_text(config, root=toc.root, include=include, has_static=(dest / "_static").is_dir())
    (dest / "conf.py").write_text(conf.text, encoding="utf-8")
    report.notes += conf.notes
    return report
