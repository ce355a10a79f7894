"""Configuration of the example book: a lab's research notebook built with labnotebook."""

from __future__ import annotations

import os
from pathlib import Path

# Each executed note gets one core: on a small machine, BLAS threads inside several
# kernels at once only fight over the same cores and make every note slower.
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

# One lab's notebook; every member named in _data/authors.yml is a placeholder.
project = "Example Lab research notebook"
author = "Example Lab"
copyright = "2026, Example Lab"

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx_togglebutton",
    "sphinx_proof",
    "sphinxcontrib.bibtex",
    # MathJax and its fonts are copied into _static/mathjax: the book reads offline
    # and no page asks a CDN for anything.
    "labnotebook.site.offline",
    "labnotebook",
    # the options and warnings reference of the author guide, rendered from the code
    "labnotebook.reference",
]

# The repository root is the source folder: only the book's own pages are read,
# never the README, the extension's sources, test roots, benchmarks or the venv.
root_doc = "index"
include_patterns = ["index.md", "notes/**", "docs/**"]
exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints"]
html_static_path = ["_static"]

nitpicky = True
# figures in the notes are numbered, so the prose can say {numref}`fig-...`
numfig = True
language = "en"

# --- MyST and MyST-NB -----------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
myst_title_to_header = True
# Unchanged notebooks are never executed again: jupyter-cache keeps their outputs,
# outside the sources, and re-runs a notebook only when its code changes.
nb_execution_mode = "cache"
# MyST-NB takes a relative path from the working folder; anchor it to the book
nb_execution_cache_path = str(Path(__file__).parent / "_build" / ".jupyter_cache")
# Seconds each cell may run; a note can set its own with `mystnb: {execution_timeout: N}`.
nb_execution_timeout = 120
# A failing notebook does not stop the build: every notebook runs, and labnotebook
# reports each failure as one warning (cell, exception, traceback), which -W makes fatal.
nb_execution_raise_on_error = False
nb_merge_streams = True

# --- Bibliography ---------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
# "labnotebook" is BibTeX's plain style labelled by key, so that the reference lists
# of many notes never clash over a label such as "1".
bibtex_default_style = "labnotebook"
bibtex_reference_style = "author_year"

# --- labnotebook ------------------------------------------------------------------
labnotebook_authors_file = "_data/authors.yml"
labnotebook_owner = "a-researcher"
# The publications page lists the entries whose .bib keywords say "selected": papers
# the lab follows, shown with their real authors. No member of this placeholder lab
# wrote them, so no author is named here to be emphasised as the owner.
labnotebook_publication_authors: list[str] = []
labnotebook_default_authors = ["m-student"]
labnotebook_site_url = "https://a-researcher.github.io/labnotebook/"

# --- HTML -----------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Example Lab"
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = ""
html_theme_options = {
    "repository_url": "https://github.com/a-researcher/labnotebook",
    "use_repository_button": True,
    "use_source_button": True,
    "repository_branch": "main",
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
# A first visit follows the reader's system light or dark setting; without this the
# theme starts from an empty mode and logs a console error on every first visit.
html_context = {"default_mode": "auto"}
# No raw domain indices: sphinx-proof's "Proof Index" is a table of labels no page links
# to, and its layout has no header cells (axe's td-has-header, critical).
html_domain_indices = False
