extensions = ["myst_nb", "labnotebook"]
exclude_patterns = ["_build"]
myst_title_to_header = True
nitpicky = True
project = "Run it"
html_theme = "sphinx_book_theme"
html_theme_options = {
    "repository_url": "https://github.com/a-lab/our-notes",
    "repository_branch": "work",
    "path_to_docs": "book",
}
labnotebook_jupyterhub_url = "https://hub.example.org/"
nb_execution_mode = "cache"
nb_execution_timeout = 60
# its own mapping: MyST-NB adds to the one it is given, and Sphinx's shared default
# would otherwise carry "myst-nb" into the next application of the same test process
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
