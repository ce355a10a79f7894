extensions = ["myst_parser", "labnotebook"]
myst_title_to_header = True
nitpicky = True
html_theme = "sphinx_book_theme"
