project = "Incremental notebook"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "labnotebook"]
myst_title_to_header = True
nitpicky = True
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
html_theme = "sphinx_book_theme"
labnotebook_default_authors = ["ada"]
