"""Generate a synthetic notebook: N small notes and M small executable notes.

Two variants of the same content:

``labnotebook``
    the project's own setup: the repository's ``conf.py`` (extension, theme, options)
    is loaded and only the source paths are redirected; notes link each other with
    ``{note}``.
``plain``
    plain Sphinx + myst-nb + sphinx-book-theme + sphinxcontrib-bibtex, no extension of
    ours; the front matter is left as is and ``{note}`label``` becomes ``{doc}``.

Every note has front matter, a citation from the book's ``references.bib`` (listed
on one bibliography page), two ``{note}`` references and a ``{ref}`` to a section
of another note; the first M notes are MyST notebooks with two small code cells.
The content depends only on N, M and the seed, so two runs build the same book.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

from labnotebook.cli import EXECUTABLE_HEADER

REPO = Path(__file__).resolve().parents[1]
VARIANTS = ("labnotebook", "plain")
TAGS = ["theory", "experiments", "optimization", "llm", "vision", "kernels", "scaling"]
WORDS = [
    *("model", "data", "gradient", "layer", "attention", "kernel", "width", "depth"),
    *("sample", "noise", "loss", "feature", "signal", "scale", "token", "head", "norm"),
    *("rank", "spectrum", "prior", "margin"),
]

LABNOTEBOOK_CONF = '''"""Generated benchmark book: the repository's configuration, other sources."""

from pathlib import Path

_repo_conf = Path({repo_conf!r})
exec(compile(_repo_conf.read_text(encoding="utf-8"), str(_repo_conf), "exec"))

include_patterns = ["index.md", "bibliography.md", "notes/**"]
nb_execution_cache_path = "_build/.jupyter_cache"
bibtex_bibfiles = ["references.bib"]
'''

PLAIN_CONF = '''"""Generated benchmark book: plain Sphinx + myst-nb + sphinx-book-theme + bibtex."""

project = "Benchmark notebook"
author = "A. Researcher"
extensions = ["myst_nb", "sphinxcontrib.bibtex"]
root_doc = "index"
include_patterns = ["index.md", "bibliography.md", "notes/**"]
exclude_patterns = ["_build", "_cache"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
myst_title_to_header = True
nb_execution_mode = "cache"
nb_execution_cache_path = "_cache"
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_merge_streams = True
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"
html_theme = "sphinx_book_theme"
html_title = "Benchmark notebook"
'''


def bib_keys(path: Path) -> list[str]:
    return re.findall(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), re.MULTILINE)


def note_name(number: int) -> str:
    return f"note-{number:04d}"


def sentence(rng: random.Random, length: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def note_text(
    number: int, total: int, notebook: bool, variant: str, keys: list[str], seed: int
) -> str:
    """One note's source: the same for both variants except the link role."""
    rng = random.Random(seed * 100_003 + number)
    name = note_name(number)
    others = [note_name((number + step) % total) for step in (1, 7)]
    section_of = note_name((number + 3) % total)
    key = keys[number % len(keys)]
    tags = sorted(set(rng.sample(TAGS, 2)))
    lines = ["---"]
    if notebook:
        lines += EXECUTABLE_HEADER
    lines += [
        f"title: Note {number} on {rng.choice(WORDS)} and {rng.choice(WORDS)}",
        f"label: {name}",
        "kind: research-note",
        f"status: {rng.choice(['ongoing', 'complete'])}",
        # quoted: jupyter-cache cannot store a YAML date in a plain build's notebook
        f'date: "2024-{1 + number % 12:02d}-{1 + number % 28:02d}"',
        "authors: [a-researcher]",
        f"tags: [{', '.join(tags)}]",
        f"papers: [{key}]",
        f"abstract: {sentence(rng)}",
        "---",
        "",
        f"{sentence(rng)} As {{cite:t}}`{key}` showed, {sentence(rng).lower()}",
        "",
    ]
    for other in others:
        link = f"{{note}}`{other}`" if variant == "labnotebook" else f"{{doc}}`{other}`"
        lines += [f"This builds on {link}. {sentence(rng)}", ""]
    lines += [
        f"({name}-method)=",
        "## Method",
        "",
        f"{sentence(rng)} The method of {{ref}}`{section_of}-method` applies here too.",
        "",
        "$$",
        f"L(\\theta) = \\sum_i \\ell(f_\\theta(x_i), y_i) + {number % 9 + 1} \\|\\theta\\|^2",
        "$$",
        "",
    ]
    if notebook:
        lines += [
            "```{code-cell} ipython3",
            f"values = [(k * {number + 1}) % 97 for k in range(1000)]",
            "total = sum(values)",
            "assert total > 0",
            "total",
            "```",
            "",
            "```{code-cell} ipython3",
            "print(f'mean {total / len(values):.2f}')",
            "```",
            "",
        ]
    lines += [
        "## Findings",
        "",
        *(sentence(rng) for _ in range(3)),
        "",
    ]
    return "\n".join(lines)


def generate(dest: Path, notes: int, notebooks: int, variant: str, seed: int = 0) -> Path:
    """Write the book into ``dest`` (emptied first) and return it."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    if notes < 8 or not 0 <= notebooks <= notes:
        raise ValueError("need at least 8 notes and at most as many notebooks as notes")
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "notes").mkdir(parents=True)
    shutil.copy(REPO / "references.bib", dest / "references.bib")
    if variant == "labnotebook":
        for folder in ("_data", "_static", "_templates"):
            if (REPO / folder).is_dir():
                shutil.copytree(REPO / folder, dest / folder)
        conf = LABNOTEBOOK_CONF.format(repo_conf=str(REPO / "conf.py"))
    else:
        conf = PLAIN_CONF
    (dest / "conf.py").write_text(conf, encoding="utf-8")
    (dest / "index.md").write_text(
        "---\ntitle: Benchmark notebook\n---\n\nA generated notebook for timing builds.\n\n"
        "```{toctree}\n:caption: Notebook\n:maxdepth: 1\n\nnotes/index\nbibliography\n```\n",
        encoding="utf-8",
    )
    (dest / "bibliography.md").write_text(
        "---\ntitle: Bibliography\n---\n\n```{bibliography}\n```\n", encoding="utf-8"
    )
    (dest / "notes" / "index.md").write_text(
        "---\ntitle: Research notes\n---\n\nEvery note, by name.\n\n"
        "```{toctree}\n:maxdepth: 1\n:glob:\n\nnote-*\n```\n",
        encoding="utf-8",
    )
    keys = bib_keys(REPO / "references.bib")
    for number in range(notes):
        text = note_text(number, notes, number < notebooks, variant, keys, seed)
        (dest / "notes" / f"{note_name(number)}.md").write_text(text, encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--notes", type=int, default=50)
    parser.add_argument("--notebooks", type=int, default=10)
    parser.add_argument("--variant", choices=VARIANTS, default="labnotebook")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate(args.dest, args.notes, args.notebooks, args.variant, args.seed)


if __name__ == "__main__":
    main()
